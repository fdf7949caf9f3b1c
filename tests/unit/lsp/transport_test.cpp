#include "compiler/lsp/transport.h"

#include <sstream>

#include <doctest/doctest.h>

namespace takt::lsp {
namespace {

TEST_CASE("messages are framed by Content-Length") {
  std::istringstream in("Content-Length: 2\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}"
                        "content-length:3\n\n[1]");
  Incoming first = ReadMessage(in);
  CHECK(first.kind == Incoming::Kind::Message);
  CHECK(first.body == "{}");
  Incoming second = ReadMessage(in);
  CHECK(second.kind == Incoming::Kind::Message);
  CHECK(second.body == "[1]");
  CHECK(ReadMessage(in).kind == Incoming::Kind::End);
}

TEST_CASE("broken headers and bodies are reported, and the stream goes on") {
  std::istringstream in("Content-Type: x\r\n\r\nContent-Length: ten\r\n\r\n"
                        "Content-Length: 99999999999\r\n\r\nContent-Length: 2\r\n\r\n{}");
  Incoming no_length = ReadMessage(in);
  CHECK(no_length.kind == Incoming::Kind::Invalid);
  CHECK(no_length.error == "the message has no Content-Length header");
  CHECK(ReadMessage(in).error == "the Content-Length header is not a number");
  Incoming too_large = ReadMessage(in);
  CHECK(too_large.kind == Incoming::Kind::Invalid);
  CHECK(too_large.error.starts_with("the message is larger than"));
}

TEST_CASE("input that ends inside a message ends the stream") {
  std::istringstream cut_body("Content-Length: 10\r\n\r\n{}");
  Incoming body = ReadMessage(cut_body);
  CHECK(body.kind == Incoming::Kind::End);
  CHECK(body.error == "the input ended inside a message body");
  std::istringstream cut_header("Content-Length: 10\r\n");
  CHECK(ReadMessage(cut_header).error == "the input ended inside a message header");
}

TEST_CASE("written messages carry their length in bytes") {
  std::ostringstream out;
  WriteMessage(out, "{\"a\":\"±\"}");
  CHECK(out.str() == "Content-Length: 10\r\n\r\n{\"a\":\"±\"}");
}

}  // namespace
}  // namespace takt::lsp
