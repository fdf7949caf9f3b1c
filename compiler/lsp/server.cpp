#include "compiler/lsp/server.h"

#include <fmt/format.h>

#include "compiler/lsp/handlers.h"
#include "compiler/lsp/transport.h"

namespace takt::lsp {

// LSP 3.17 TextDocumentSyncKind.Incremental.
static constexpr int kIncrementalSync = 2;

static auto Capabilities() -> json {
  return json{
      {"positionEncoding", "utf-16"},
      {"textDocumentSync", {{"openClose", true}, {"change", kIncrementalSync}, {"save", {{"includeText", true}}}}},
      {"hoverProvider", true},
      {"definitionProvider", true},
      {"referencesProvider", true},
      {"renameProvider", {{"prepareProvider", true}}},
      {"completionProvider", {{"triggerCharacters", {" ", "."}}}},
      {"documentFormattingProvider", true},
      {"documentSymbolProvider", true},
      {"semanticTokensProvider", {{"legend", SemanticTokensLegend()}, {"full", true}}},
      {"codeActionProvider", {{"codeActionKinds", {"quickfix"}}}},
  };
}

// The plant directory: the first workspace folder, else `rootUri`, else `rootPath`; none when
// the client opened a single file (the plant is then the open documents).
static auto RootOf(const json& params) -> std::string {
  if (auto folders = params.find("workspaceFolders"); folders != params.end() && folders->is_array() &&
                                                       !folders->empty()) {
    if (auto path = PathOfUri(folders->front().at("uri").get<std::string>())) {
      return *path;
    }
  }
  if (auto uri = params.find("rootUri"); uri != params.end() && uri->is_string()) {
    if (auto path = PathOfUri(uri->get<std::string>())) {
      return *path;
    }
  }
  if (auto path = params.find("rootPath"); path != params.end() && path->is_string()) {
    return path->get<std::string>();
  }
  return "";
}

auto Server::Serve(std::istream& in) -> int {
  while (!exited_) {
    Incoming incoming = ReadMessage(in);
    switch (incoming.kind) {
      case Incoming::Kind::Message:
        Handle(incoming.body);
        break;
      case Incoming::Kind::Invalid:
        SendError(nullptr, ErrorCode::ParseError, incoming.error);
        break;
      case Incoming::Kind::End:
        // The client went away without `exit`: as an `exit` without `shutdown`.
        return 1;
    }
  }
  return shut_down_ ? 0 : 1;
}

void Server::Handle(const std::string& body) {
  json message = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (message.is_discarded()) {
    SendError(nullptr, ErrorCode::ParseError, "the message is not JSON");
    return;
  }
  HandleMessage(message);
}

void Server::HandleMessage(const json& message) {
  const json id = message.is_object() && message.contains("id") ? message["id"] : json(nullptr);
  if (!message.is_object() || message.value("jsonrpc", json()) != "2.0" ||
      !(id.is_null() || id.is_number_integer() || id.is_string())) {
    SendError(id.is_number_integer() || id.is_string() ? id : json(nullptr), ErrorCode::InvalidRequest,
              "the message is not a JSON-RPC 2.0 request or notification");
    return;
  }
  auto method = message.find("method");
  if (method == message.end()) {
    // A response to a request of ours; the server sends none that wait for an answer.
    if (!message.contains("result") && !message.contains("error")) {
      SendError(id, ErrorCode::InvalidRequest, "the message has no `method`");
    }
    return;
  }
  if (!method->is_string()) {
    SendError(id, ErrorCode::InvalidRequest, "`method` is not a string");
    return;
  }
  const json params = message.value("params", json::object());
  const bool is_request = message.contains("id");
  try {
    if (is_request) {
      Send(json{{"jsonrpc", "2.0"}, {"id", id}, {"result", Request(method->get<std::string>(), params)}});
    } else {
      Notification(method->get<std::string>(), params);
    }
  } catch (const RequestError& error) {
    if (is_request) {
      SendError(id, error.code, error.what());
    }
  } catch (const json::exception& error) {
    if (is_request) {
      SendError(id, ErrorCode::InvalidParams, fmt::format("invalid params: {}", error.what()));
    }
  } catch (const std::exception& error) {
    // A bug of ours must not end the editor's session: the request fails, the next one runs.
    if (is_request) {
      SendError(id, ErrorCode::InternalError, error.what());
    }
  }
}

auto Server::Request(const std::string& method, const json& params) -> json {
  if (method == "initialize") {
    if (initialized_) {
      throw RequestError(ErrorCode::InvalidRequest, "the server is initialized already");
    }
    initialized_ = true;
    workspace_.SetRoot(RootOf(params));
    return json{{"capabilities", Capabilities()}, {"serverInfo", {{"name", "takt"}}}};
  }
  if (!initialized_) {
    throw RequestError(ErrorCode::ServerNotInitialized, fmt::format("`{}` before `initialize`", method));
  }
  if (shut_down_) {
    throw RequestError(ErrorCode::InvalidRequest, fmt::format("`{}` after `shutdown`", method));
  }
  if (method == "shutdown") {
    shut_down_ = true;
    return nullptr;
  }
  const Analysis& analysis = workspace_.Current();
  if (method == "textDocument/hover") {
    return Hover(analysis, params);
  }
  if (method == "textDocument/definition") {
    return Definition(analysis, params);
  }
  if (method == "textDocument/references") {
    return References(analysis, params);
  }
  if (method == "textDocument/prepareRename") {
    return PrepareRename(analysis, params);
  }
  if (method == "textDocument/rename") {
    return Rename(analysis, params);
  }
  if (method == "textDocument/documentSymbol") {
    return DocumentSymbols(analysis, params);
  }
  if (method == "textDocument/completion") {
    return Completion(analysis, workspace_.known_reasons(), params);
  }
  if (method == "textDocument/formatting") {
    return Formatting(analysis, params);
  }
  if (method == "textDocument/semanticTokens/full") {
    return SemanticTokens(analysis, params);
  }
  if (method == "textDocument/codeAction") {
    return CodeActions(analysis, params);
  }
  throw RequestError(ErrorCode::MethodNotFound, fmt::format("unknown method `{}`", method));
}

void Server::Notification(const std::string& method, const json& params) {
  if (method == "exit") {
    exited_ = true;
    return;
  }
  // Before `initialize` notifications are dropped, after `shutdown` too (LSP 3.17).
  if (!initialized_ || shut_down_) {
    return;
  }
  if (method == "textDocument/didOpen") {
    const json& document = params.at("textDocument");
    workspace_.Open(DocumentPath(params), document.at("text").get<std::string>(),
                    document.value("version", int64_t{0}));
    Publish();
  } else if (method == "textDocument/didChange") {
    DidChange(params);
    Publish();
  } else if (method == "textDocument/didSave") {
    if (Document* document = workspace_.Find(DocumentPath(params)); document && params.contains("text")) {
      document->text = params.at("text").get<std::string>();
    }
    workspace_.Invalidate();
    Publish();
  } else if (method == "textDocument/didClose") {
    workspace_.Close(DocumentPath(params));
    Publish();
  } else if (method == "workspace/didChangeWatchedFiles") {
    workspace_.Invalidate();
    Publish();
  }
}

void Server::DidChange(const json& params) {
  Document* document = workspace_.Find(DocumentPath(params));
  if (document == nullptr) {
    return;
  }
  for (const json& change : params.at("contentChanges")) {
    if (change.contains("range")) {
      ApplyEdit(document->text, RangeFromJson(change.at("range")), change.at("text").get<std::string>());
    } else {
      document->text = change.at("text").get<std::string>();
    }
  }
  document->version = params.at("textDocument").value("version", document->version);
  workspace_.Invalidate();
}

void Server::Publish() {
  for (json& params : PublishDiagnostics(workspace_.Current(), published_)) {
    Send(json{{"jsonrpc", "2.0"}, {"method", "textDocument/publishDiagnostics"}, {"params", std::move(params)}});
  }
}

void Server::Send(const json& message) {
  WriteMessage(out_, message.dump(-1, ' ', false, json::error_handler_t::replace));
}

void Server::SendError(const json& id, ErrorCode code, const std::string& message) {
  Send(json{{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", static_cast<int>(code)}, {"message", message}}}});
}

}  // namespace takt::lsp
