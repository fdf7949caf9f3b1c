// The JSON shapes of LSP 3.17 the handlers share: URIs ↔ paths, ranges ↔ spans, and the error
// a request answers with. Handlers read their params with nlohmann's checked accessors; a
// missing or mistyped field throws json::exception, which the server answers as InvalidParams.
#ifndef TAKT_COMPILER_LSP_PROTOCOL_H_
#define TAKT_COMPILER_LSP_PROTOCOL_H_

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "compiler/lsp/position.h"
#include "compiler/lsp/workspace.h"

namespace takt::lsp {

using nlohmann::json;

// JSON-RPC 2.0 and LSP error codes.
enum class ErrorCode : int {
  ParseError = -32700,
  InvalidRequest = -32600,
  MethodNotFound = -32601,
  InvalidParams = -32602,
  InternalError = -32603,
  ServerNotInitialized = -32002,
  RequestFailed = -32803,
};

// A request that cannot be answered, with what the client is told.
struct RequestError : std::runtime_error {
  RequestError(ErrorCode error_code, const std::string& message) : std::runtime_error(message), code(error_code) {}
  ErrorCode code;
};

// `file:///a/b%20c.takt` → `/a/b c.takt`; nullopt for another scheme.
auto PathOfUri(std::string_view uri) -> std::optional<std::string>;
auto UriOfPath(std::string_view path) -> std::string;

auto ToJson(const Position& position) -> json;
auto ToJson(const Range& range) -> json;
auto PositionFromJson(const json& position) -> Position;
auto RangeFromJson(const json& range) -> Range;

// The document a request names (`params.textDocument.uri`) as a path.
auto DocumentPath(const json& params) -> std::string;

// A span as an LSP range in its file; nullopt for a span without a file.
auto RangeOfSpan(const Analysis& analysis, source::Span span) -> std::optional<Range>;
// A span as an LSP Location; nullopt for a file the editor cannot open (the stdlib's).
auto LocationOf(const Analysis& analysis, source::Span span) -> std::optional<json>;

// Where a position request points: the file and the byte offset; a RequestError when the
// document is not part of the workspace's plant.
struct Cursor {
  source::FileId file;
  uint32_t offset = 0;
};
auto CursorOf(const Analysis& analysis, const json& params) -> Cursor;

}  // namespace takt::lsp

#endif  // TAKT_COMPILER_LSP_PROTOCOL_H_
