// `takt lsp` through the driver: framed messages on stdin, framed answers on stdout, the exit
// status of the LSP lifecycle. What each request answers is in the session goldens
// (tests/unit/lsp/session_test.cpp).
#include <string>

#include <doctest/doctest.h>

#include "tests/unit/run_takt.h"

namespace takt::driver {
namespace {

auto Framed(const std::string& body) -> std::string {
  return "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

const std::string kInitialize =
    Framed(R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"rootUri":"file:///p","capabilities":{}}})");
const std::string kShutdown = Framed(R"({"jsonrpc":"2.0","id":2,"method":"shutdown"})");
const std::string kExit = Framed(R"({"jsonrpc":"2.0","method":"exit"})");

TEST_CASE("takt lsp exits 0 after shutdown and exit") {
  base::InMemoryFileSystem files;
  files.Add("/p/plant.takt", "plant p \"P\"\nrole a \"A\"\n");
  testing::TaktRun run = testing::RunTakt({"lsp"}, files, kInitialize + kShutdown + kExit);
  CHECK(run.exit_code == 0);
  CHECK(run.out.starts_with("Content-Length: "));
  CHECK(run.out.find(R"("capabilities")") != std::string::npos);
  CHECK(run.out.find(R"({"id":2,"jsonrpc":"2.0","result":null})") != std::string::npos);
  CHECK(run.err.empty());
}

TEST_CASE("takt lsp exits 1 when the input ends or exit comes without shutdown") {
  base::InMemoryFileSystem files;
  CHECK(testing::RunTakt({"lsp"}, files, kInitialize).exit_code == 1);
  CHECK(testing::RunTakt({"lsp"}, files, kInitialize + kExit).exit_code == 1);
}

TEST_CASE("takt lsp answers a broken header and goes on") {
  base::InMemoryFileSystem files;
  testing::TaktRun run =
      testing::RunTakt({"lsp"}, files, "Content-Length: many\r\n\r\n" + kInitialize + kShutdown + kExit);
  CHECK(run.exit_code == 0);
  CHECK(run.out.find(R"("code":-32700,"message":"the Content-Length header is not a number")") != std::string::npos);
}

}  // namespace
}  // namespace takt::driver
