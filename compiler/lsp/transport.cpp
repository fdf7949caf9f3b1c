#include "compiler/lsp/transport.h"

#include <cctype>
#include <charconv>
#include <optional>
#include <string_view>

namespace takt::lsp {

// Header lines are short; a line longer than this is not a header.
static constexpr size_t kMaxHeaderLine = 1024;

// One header line without its `\r\n` (a bare `\n` is accepted too); nullopt at the end of input.
static auto ReadHeaderLine(std::istream& in, bool& too_long) -> std::optional<std::string> {
  std::string line;
  int c = 0;
  while ((c = in.get()) != std::char_traits<char>::eof()) {
    if (c == '\n') {
      if (!line.empty() && line.back() == '\r') {
        line.pop_back();
      }
      return line;
    }
    if (line.size() < kMaxHeaderLine) {
      line.push_back(static_cast<char>(c));
    } else {
      too_long = true;
    }
  }
  return std::nullopt;
}

static auto EqualsIgnoringCase(std::string_view a, std::string_view b) -> bool {
  if (a.size() != b.size()) {
    return false;
  }
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

auto ReadMessage(std::istream& in) -> Incoming {
  std::optional<size_t> length;
  std::string error;
  bool any_header = false;
  bool too_long = false;
  while (true) {
    std::optional<std::string> line = ReadHeaderLine(in, too_long);
    if (!line.has_value()) {
      return Incoming{.kind = Incoming::Kind::End,
                      .error = any_header ? "the input ended inside a message header" : ""};
    }
    if (line->empty()) {
      // Blank lines between messages are tolerated; after headers one ends the block.
      if (any_header) {
        break;
      }
      continue;
    }
    any_header = true;
    const size_t colon = line->find(':');
    if (colon == std::string::npos) {
      error = "a header line has no `:`";
      continue;
    }
    std::string_view value = std::string_view(*line).substr(colon + 1);
    while (!value.empty() && value.front() == ' ') {
      value.remove_prefix(1);
    }
    if (EqualsIgnoringCase(std::string_view(*line).substr(0, colon), "Content-Length")) {
      size_t parsed = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), parsed);
      if (ec != std::errc() || end != value.data() + value.size()) {
        error = "the Content-Length header is not a number";
      } else {
        length = parsed;
      }
    }
  }
  if (too_long) {
    error = "a header line is too long";
  }
  if (!length.has_value()) {
    return Incoming{.kind = Incoming::Kind::Invalid,
                    .error = error.empty() ? "the message has no Content-Length header" : error};
  }
  if (*length > kMaxMessageBytes) {
    // Skipped unread, so one oversized message does not end the session.
    in.ignore(static_cast<std::streamsize>(*length));
    return Incoming{.kind = Incoming::Kind::Invalid,
                    .error = "the message is larger than " + std::to_string(kMaxMessageBytes) + " bytes"};
  }
  std::string body(*length, '\0');
  in.read(body.data(), static_cast<std::streamsize>(*length));
  if (static_cast<size_t>(in.gcount()) != *length) {
    return Incoming{.kind = Incoming::Kind::End, .error = "the input ended inside a message body"};
  }
  if (!error.empty()) {
    return Incoming{.kind = Incoming::Kind::Invalid, .error = error};
  }
  return Incoming{.kind = Incoming::Kind::Message, .body = std::move(body)};
}

void WriteMessage(std::ostream& out, const std::string& body) {
  out << "Content-Length: " << body.size() << "\r\n\r\n" << body;
  out.flush();
}

}  // namespace takt::lsp
