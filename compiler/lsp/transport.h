// The base protocol of LSP 3.17: messages are JSON-RPC 2.0 objects, each preceded by a header
// block whose `Content-Length` gives the body's size in bytes. The reader never trusts a header:
// a missing or absurd length, a body over kMaxMessageBytes or one cut short by the end of input
// is reported, and the stream either resynchronises at the next header or ends.
#ifndef TAKT_COMPILER_LSP_TRANSPORT_H_
#define TAKT_COMPILER_LSP_TRANSPORT_H_

#include <cstddef>
#include <istream>
#include <ostream>
#include <string>

namespace takt::lsp {

// A plant file is kilobytes and `base::kMaxInputBytes` caps what the compiler reads; a message
// larger than this is not a document an editor sends but a broken or hostile peer.
inline constexpr size_t kMaxMessageBytes = size_t{64} << 20;

struct Incoming {
  enum class Kind : uint8_t {
    Message,  // `body` holds the message's bytes (not yet parsed).
    Invalid,  // A header block without a usable Content-Length, or a body too large: `error`
              // says which. The body, when its length was known, was skipped.
    End,      // The input ended (between messages, or inside one: then `error` says so).
  };
  Kind kind = Kind::End;
  std::string body{};
  std::string error{};
};

// Reads the next message from `in`.
auto ReadMessage(std::istream& in) -> Incoming;

// Writes `body` with its header and flushes, so the client sees each message at once.
void WriteMessage(std::ostream& out, const std::string& body);

}  // namespace takt::lsp

#endif  // TAKT_COMPILER_LSP_TRANSPORT_H_
