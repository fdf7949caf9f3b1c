// Replays every fuzzer input kept in tests/fuzz/corpus/ through the same entry points as the
// fuzzers, in the ordinary (GCC, optionally sanitized) test build: a crash found once by the
// fuzzer stays a test forever.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "compiler/base/file_system.h"
#include "compiler/check/check.h"
#include "compiler/syntax/parse.h"

TEST_CASE("every parse fuzzer corpus input is handled without a crash") {
  std::filesystem::path corpus = std::filesystem::path(TAKT_SOURCE_DIR) / "tests/fuzz/corpus/parse_fuzzer";
  int replayed = 0;
  for (const auto& entry : std::filesystem::directory_iterator(corpus)) {
    std::ifstream stream(entry.path(), std::ios::binary);
    std::stringstream bytes;
    bytes << stream.rdbuf();
    takt::source::SourceManager sources;
    takt::diagnostics::Diagnostics diagnostics;
    takt::source::FileId file = sources.AddFile(entry.path().filename().string(), bytes.str());
    std::vector<takt::ast::File> parsed;
    parsed.push_back(takt::syntax::Parse(sources, file, diagnostics));
    if (!diagnostics.has_errors()) {
      takt::base::InMemoryFileSystem file_system;
      (void)takt::check::CheckPlant(sources, file_system, parsed, {}, diagnostics);
    }
    // Every kept input is malformed: it must be reported, with a location.
    CHECK_MESSAGE(diagnostics.has_errors(), entry.path().filename().string());
    for (const auto& diagnostic : diagnostics.records()) {
      CHECK(diagnostic.primary.span.is_valid());
    }
    ++replayed;
  }
  CHECK(replayed >= 5);
}
