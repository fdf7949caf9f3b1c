// Replays every fuzzer input kept in tests/fuzz/corpus/ through the same entry points as the
// fuzzers, in the ordinary (GCC, optionally sanitized) test build: a crash found once by the
// fuzzer stays a test forever.
#include <doctest/doctest.h>

#include <filesystem>

#include "compiler/base/file_system.h"
#include "compiler/check/check.h"
#include "compiler/syntax/parse.h"
#include "tests/fuzz/event_stream_invariants.h"
#include "tests/unit/repo_files.h"

// Calls `check(name, bytes)` on every input kept in tests/fuzz/corpus/<fuzzer>/; how many.
template <typename Check>
static auto ReplayCorpus(const char* fuzzer, Check check) -> int {
  const std::filesystem::path corpus = std::filesystem::path(TAKT_SOURCE_DIR) / "tests/fuzz/corpus" / fuzzer;
  int replayed = 0;
  for (const auto& entry : std::filesystem::directory_iterator(corpus)) {
    check(entry.path().filename().string(), takt::testing::ReadText(entry.path()));
    ++replayed;
  }
  return replayed;
}

TEST_CASE("every parse fuzzer corpus input is handled without a crash") {
  const int replayed = ReplayCorpus("parse_fuzzer", [](const std::string& name, const std::string& bytes) {
    takt::source::SourceManager sources;
    takt::diagnostics::Diagnostics diagnostics;
    takt::source::FileId file = sources.AddFile(name, bytes);
    std::vector<takt::ast::File> parsed;
    parsed.push_back(takt::syntax::Parse(sources, file, diagnostics));
    if (!diagnostics.has_errors()) {
      takt::base::InMemoryFileSystem file_system;
      (void)takt::check::CheckPlant(sources, file_system, parsed, {}, diagnostics);
    }
    // Every kept input is malformed: it must be reported, with a location.
    CHECK_MESSAGE(diagnostics.has_errors(), name);
    for (const auto& diagnostic : diagnostics.records()) {
      CHECK(diagnostic.primary.span.is_valid());
    }
  });
  CHECK(replayed >= 5);
}

TEST_CASE("every events fuzzer corpus input keeps the event stream invariants") {
  const int replayed = ReplayCorpus("events_fuzzer", [](const std::string& name, const std::string& bytes) {
    CHECK_MESSAGE(takt::fuzz::PortoEventViolation(bytes) == "", name);
  });
  CHECK(replayed >= 3);
}

// The huge seeds, built here rather than kept on disk: a 2 MiB line (over the runtime's 1 MiB
// limit) among valid events, and one that never ends.
TEST_CASE("a 2 MiB line keeps the event stream invariants and is rejected alone") {
  const std::string huge = "{\"t\":1764316800000,\"type\":\"tick\",\"x\":\"" + std::string(2 << 20, 'a') + "\"}";
  const std::string tick = "{\"t\":1764316801000,\"type\":\"tick\"}\n";
  CHECK(takt::fuzz::PortoEventViolation(tick + huge + "\n" + tick) == "");
  CHECK(takt::fuzz::PortoEventViolation(tick + huge) == "");
}

TEST_CASE("a 2 MiB source line is parsed and reported without a crash") {
  takt::source::SourceManager sources;
  takt::diagnostics::Diagnostics diagnostics;
  const std::string text = "plant p { role " + std::string(2 << 20, 'r') + " {\n";
  takt::source::FileId file = sources.AddFile("long.takt", text);
  (void)takt::syntax::Parse(sources, file, diagnostics);
  CHECK(diagnostics.has_errors());
}

TEST_CASE("the event stream invariants catch a lost line, a miscounted action and an unjudged line") {
  const std::string input = "{\"t\":1,\"type\":\"tick\"}\n\n  \nnot json\n";
  takt::runtime::Summary summary;
  summary.events = 2;
  summary.actions = 1;
  summary.rejects = 1;
  const std::string reject =
      R"({"t":"1970-01-01T00:00:00.001Z","event":1,"action":"reject","rule":"<input>","cause":"malformed","src":"<input>:4","reason":"invalid JSON","input_line":4})"
      "\n";
  CHECK(takt::fuzz::EventStreamViolation(input, reject, summary) == "");
  summary.events = 3;
  CHECK(takt::fuzz::EventStreamViolation(input, reject, summary) != "");
  summary.events = 2;
  summary.rejects = 0;
  CHECK(takt::fuzz::EventStreamViolation(input, reject, summary) != "");
  summary.rejects = 1;
  CHECK(takt::fuzz::EventStreamViolation(input, reject.substr(0, reject.size() - 1), summary) != "");
  CHECK(takt::fuzz::EventStreamViolation(input, "[1]\n", summary) != "");
  // A line that is not JSON, accepted; a line that is, said not to be.
  std::string unjudged = reject;
  unjudged.replace(unjudged.find("\"input_line\":4"), 15, "\"input_line\":1");
  CHECK(takt::fuzz::EventStreamViolation(input, unjudged, summary) != "");
}
