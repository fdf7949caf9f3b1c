// The golden LSP sessions of tests/golden/lsp/<case>/: `session.jsonl` is what a scripted client
// sends, one JSON-RPC message per line (a line starting with `//` is a comment; a line that is
// not JSON is sent as is, to test the server's errors; a `didOpen` without `text` is given the
// file's contents); `expected.txt` is the transcript, each message sent (`-->`) followed by what
// the server answered (`<--`). The plant is examples/porto, in memory under /porto.
// TAKT_AUTOUPDATE=1 (scripts/autoupdate_golden) rewrites the transcripts: review the diff.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "compiler/lsp/server.h"
#include "compiler/lsp/transport.h"
#include "tests/unit/repo_files.h"

namespace takt::lsp {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr std::string_view kPlantDir = "/porto";

auto PortoInMemory() -> base::InMemoryFileSystem {
  base::InMemoryFileSystem files;
  for (const fs::path& path : testing::PlantFilesIn(testing::PortoDir())) {
    files.Add(std::string(kPlantDir) + "/" + path.filename().string(), testing::ReadText(path));
  }
  return files;
}

// What the client sends for one script line.
auto MessageOf(const std::string& line, base::InMemoryFileSystem& files) -> std::string {
  json message = json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (message.is_discarded() || !message.is_object() || message["method"] != "textDocument/didOpen") {
    return line;
  }
  json& document = message["params"]["textDocument"];
  if (!document.contains("text")) {
    const std::string path = *PathOfUri(document.at("uri").get<std::string>());
    document["text"] = files.files().at(path);
  }
  return message.dump();
}

// The bodies of the framed messages the server wrote.
auto Bodies(const std::string& output) -> std::vector<std::string> {
  std::istringstream in(output);
  std::vector<std::string> bodies;
  for (Incoming incoming = ReadMessage(in); incoming.kind == Incoming::Kind::Message; incoming = ReadMessage(in)) {
    bodies.push_back(std::move(incoming.body));
  }
  return bodies;
}

auto RunSession(const fs::path& script) -> std::string {
  base::InMemoryFileSystem files = PortoInMemory();
  std::ostringstream out;
  Server server(files, out, {});
  std::ifstream in(script);
  std::string transcript;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line.starts_with("//")) {
      transcript += line + "\n";
      continue;
    }
    transcript += "--> " + line + "\n";
    out.str("");
    server.Handle(MessageOf(line, files));
    for (const std::string& body : Bodies(out.str())) {
      transcript += "<-- " + body + "\n";
    }
  }
  return transcript;
}

TEST_CASE("lsp session goldens") {
  const fs::path root = fs::path(TAKT_SOURCE_DIR) / "tests" / "golden" / "lsp";
  const char* autoupdate = std::getenv("TAKT_AUTOUPDATE");
  size_t cases = 0;
  for (const auto& entry : fs::directory_iterator(root)) {
    const fs::path script = entry.path() / "session.jsonl";
    if (!fs::exists(script)) {
      continue;
    }
    ++cases;
    CAPTURE(script.string());
    const std::string actual = RunSession(script);
    const fs::path expected_path = entry.path() / "expected.txt";
    if (autoupdate != nullptr && std::string_view(autoupdate) == "1") {
      std::ofstream(expected_path, std::ios::binary) << actual;
      continue;
    }
    CHECK(testing::ReadText(expected_path) == actual);
  }
  CHECK(cases > 0);
}

}  // namespace
}  // namespace takt::lsp
