// `takt lsp`: a Language Server Protocol 3.17 server over a byte stream (stdin/stdout), for one
// plant: the `.takt` files below the workspace root, with the editor's open documents laid over
// the disk. Every change re-runs the pipeline of `takt check` and publishes its diagnostics.
//
// Lifecycle per the specification: before `initialize` every request is answered with
// ServerNotInitialized and notifications are dropped; after `shutdown` only `exit` is accepted.
// A message that is not JSON, not JSON-RPC, or too large is answered with ParseError or
// InvalidRequest (with a null id when it had none) and the session goes on; an unknown request
// gets MethodNotFound and an unknown notification is ignored, as the specification asks.
#ifndef TAKT_COMPILER_LSP_SERVER_H_
#define TAKT_COMPILER_LSP_SERVER_H_

#include <istream>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "compiler/base/file_system.h"
#include "compiler/lsp/protocol.h"
#include "compiler/lsp/workspace.h"

namespace takt::lsp {

class Server {
 public:
  // `include_dirs` are the `-I` directories of `use`d modules, as for `takt check`.
  Server(base::FileSystem& disk, std::ostream& out, std::vector<std::string> include_dirs)
      : workspace_(disk, std::move(include_dirs)), out_(out) {}

  // Serves until `exit` or the end of input. Returns the process's exit code: 0 when `exit`
  // followed `shutdown`, 1 otherwise (LSP 3.17, `exit`).
  auto Serve(std::istream& in) -> int;
  // Handles one message body (the bench and the tests drive the server so).
  void Handle(const std::string& body);
  auto exited() const -> bool { return exited_; }

 private:
  void HandleMessage(const json& message);
  auto Request(const std::string& method, const json& params) -> json;
  void Notification(const std::string& method, const json& params);
  void DidChange(const json& params);
  void Publish();
  void Send(const json& message);
  void SendError(const json& id, ErrorCode code, const std::string& message);

  Workspace workspace_;
  std::ostream& out_;
  bool initialized_ = false;
  bool shut_down_ = false;
  bool exited_ = false;
  std::set<std::string> published_;
};

}  // namespace takt::lsp

#endif  // TAKT_COMPILER_LSP_SERVER_H_
