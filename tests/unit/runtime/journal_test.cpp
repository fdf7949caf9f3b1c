// The journal of `takt serve` (takt/journal.h): lines in order across reopenings, segments,
// positions, uncommitted batches, refusals (not SQLite, another application, a second writer),
// and the ids the identifying sink gives actions.
#include "takt/journal.h"

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <string>
#include <vector>

#include "tests/unit/runtime/fake_executor.h"
#include "tests/unit/scratch_dir.h"

namespace takt::runtime {

namespace {

auto OpenWriter(const std::string& path) -> std::unique_ptr<Journal> {
  std::string error;
  auto journal = Journal::Open(path, Journal::Mode::kWrite, error);
  INFO(error);
  REQUIRE(journal != nullptr);
  return journal;
}

auto AllLines(Journal& journal) -> std::vector<std::string> {
  std::vector<std::string> lines;
  REQUIRE(journal.ForEachLine(1, [&](uint64_t seq, LineOrigin origin, std::string_view line) {
    CHECK(seq == lines.size() + 1);
    lines.push_back((origin == LineOrigin::kClock ? "clock:" : "") + std::string(line));
    return true;
  }));
  return lines;
}

const ExecutorIdentity kPorto{.plant = "porto", .source_sha256 = "aa", .executor_sha256 = "bb"};

}  // namespace

TEST_CASE("journal: committed lines, segments and positions survive reopening; an open batch does not") {
  const takt::testing::ScratchDir dir("journal");
  const std::string path = dir / "plant.db";
  {
    auto journal = OpenWriter(path);
    CHECK(journal->segments().empty());
    CHECK(journal->last_seq() == 0);
    REQUIRE(journal->StartSegment(kPorto, "2026-12-01T00:00:00Z"));
    // A batch of three lines (one blank), then a line of the clock alone.
    REQUIRE(journal->Append(R"({"t":1,"type":"tick"})" "\n\n" + std::string("not json \xff\n", 11), LineOrigin::kInput));
    CHECK(journal->last_seq() == 3);
    REQUIRE(journal->Append(R"({"t":2,"type":"tick"})" "\n", LineOrigin::kClock));
    REQUIRE(journal->SetPositions(JournalPositions{.input_path = "ev.jsonl",
                                                   .input_offset = 40,
                                                   .output_path = "out.jsonl",
                                                   .output_bytes = 7,
                                                   .last_action = "3.0"}));
    REQUIRE(journal->Commit());
    CHECK(journal->last_seq() == 4);
  }
  {
    auto journal = OpenWriter(path);
    CHECK(journal->last_seq() == 4);
    CHECK(AllLines(*journal) == std::vector<std::string>{R"({"t":1,"type":"tick"})", "",
                                                         std::string("not json \xff", 10),
                                                         R"(clock:{"t":2,"type":"tick"})"});
    REQUIRE(journal->segments().size() == 1);
    CHECK(journal->segments()[0].first_seq == 1);
    CHECK(journal->segments()[0].executor.source_sha256 == "aa");
    CHECK(journal->positions().input_offset == 40);
    CHECK(journal->positions().output_bytes == 7);
    CHECK(journal->positions().last_action == "3.0");
    JournalStats stats;
    REQUIRE(journal->Stats(stats));
    CHECK(stats.input_lines == 3);
    CHECK(stats.clock_lines == 1);
    CHECK(stats.line_bytes == 21 + 0 + 10 + 21);
    // From a line inside a batch: the lines before it in the batch are skipped.
    std::vector<uint64_t> from_two;
    REQUIRE(journal->ForEachLine(2, [&](uint64_t seq, LineOrigin, std::string_view) {
      from_two.push_back(seq);
      return true;
    }));
    CHECK(from_two == std::vector<uint64_t>{2, 3, 4});
    // A new standard: a segment from the next line on.
    REQUIRE(journal->StartSegment(ExecutorIdentity{.plant = "porto", .source_sha256 = "cc", .executor_sha256 = "dd"},
                                  "2026-12-01T01:00:00Z"));
    REQUIRE(journal->Append("kept\n", LineOrigin::kInput));
    REQUIRE(journal->Commit());
  }
  // A crash with a batch open: a child appends without committing and dies.
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    std::string error;
    auto journal = Journal::Open(path, Journal::Mode::kWrite, error);
    if (journal != nullptr) {
      journal->Append("lost\n", LineOrigin::kInput);
    }
    ::_exit(0);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  std::string error;
  auto reader = Journal::Open(path, Journal::Mode::kRead, error);
  REQUIRE(reader != nullptr);
  CHECK(AllLines(*reader).back() == "kept");
  CHECK(reader->last_seq() == 5);
  REQUIRE(reader->segments().size() == 2);
  CHECK(reader->segments()[1].first_seq == 5);
  CHECK(reader->segments()[1].executor.source_sha256 == "cc");
}

TEST_CASE("journal: a file that is not a Takt journal is refused") {
  const takt::testing::ScratchDir dir("journal-refused");
  std::string error;
  {
    std::ofstream(dir / "text.db") << "these are not the bytes of an SQLite database, not at all, no\n";
    CHECK(Journal::Open(dir / "text.db", Journal::Mode::kWrite, error) == nullptr);
    CHECK(error.find("not a Takt journal") != std::string::npos);
  }
  {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open((dir / "other.db").c_str(), &db) == SQLITE_OK);
    REQUIRE(sqlite3_exec(db, "CREATE TABLE t(x)", nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
    CHECK(Journal::Open(dir / "other.db", Journal::Mode::kWrite, error) == nullptr);
    CHECK(error.find("another application") != std::string::npos);
  }
  CHECK(Journal::Open(dir / "missing.db", Journal::Mode::kRead, error) == nullptr);
}

TEST_CASE("journal: a second writer is refused, naming the holder; readers are not") {
  const takt::testing::ScratchDir dir("journal-lock");
  auto writer = OpenWriter(dir / "plant.db");
  std::string error;
  CHECK(Journal::Open(dir / "plant.db", Journal::Mode::kWrite, error) == nullptr);
  CHECK(error.find(fmt::format("pid {}", ::getpid())) != std::string::npos);
  CHECK(Journal::Open(dir / "plant.db", Journal::Mode::kRead, error) != nullptr);
  writer.reset();
  CHECK(Journal::Open(dir / "plant.db", Journal::Mode::kWrite, error) != nullptr);
}

TEST_CASE("identifying sink: each action gets the id of its line and its ordinal") {
  const takt_executor fake = testing::MakeFake();
  StringSink out;
  IdentifyingSink identify(out);
  Session session(fake, identify);
  identify.Apply(session, 7, R"({"t":"2026-11-28T08:00:00Z","type":"measure","control":"hole","value":1})");
  identify.Apply(session, 8, "");
  identify.Apply(session, 9, "not json");
  const std::vector<std::string> lines = testing::Lines(out.text());
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].starts_with(R"({"action_id":"7.0","t":"2026-11-28T08:00:00Z","event":0,"action":"spc_signal")"));
  CHECK(lines[1].starts_with(R"({"action_id":"9.0","t":"2026-11-28T08:00:00Z","event":1,"action":"reject")"));
  CHECK(identify.last_action() == "9.0");
  // Without the ids, the same bytes `takt run` writes.
  const std::string run = RunToString(
      fake, "{\"t\":\"2026-11-28T08:00:00Z\",\"type\":\"measure\",\"control\":\"hole\",\"value\":1}\n\nnot json\n");
  CHECK(run == "{" + lines[0].substr(19) + "\n{" + lines[1].substr(19) + "\n");
}

TEST_CASE("journal: snapshots are kept newest first, the oldest pruned; another schema version is refused") {
  const takt::testing::ScratchDir dir("journal");
  const std::string path = dir / "plant.db";
  {
    auto journal = OpenWriter(path);
    for (uint64_t seq = 1; seq <= 5; ++seq) {
      REQUIRE(journal->Append("\n", LineOrigin::kInput));
      REQUIRE(journal->SaveSnapshot(JournalSnapshot{.seq = seq,
                                                    .executor = kPorto,
                                                    .output_path = "out.jsonl",
                                                    .output_bytes = seq * 10,
                                                    .last_action = fmt::format("{}.0", seq),
                                                    .made = "2026-12-01T00:00:00Z",
                                                    .state = std::string(seq, '\0'),
                                                    .state_bytes = seq},
                                    3));
      REQUIRE(journal->Commit());
    }
  }
  {
    std::string error;
    auto journal = Journal::Open(path, Journal::Mode::kRead, error);
    REQUIRE(journal != nullptr);
    std::vector<JournalSnapshot> snapshots;
    REQUIRE(journal->Snapshots(snapshots));
    REQUIRE(snapshots.size() == 3);
    CHECK(snapshots[0].seq == 5);
    CHECK(snapshots[2].seq == 3);
    CHECK(snapshots[0].output_bytes == 50);
    CHECK(snapshots[0].last_action == "5.0");
    CHECK(snapshots[0].executor.executor_sha256 == "bb");
    CHECK(snapshots[0].state.empty());
    CHECK(snapshots[0].state_bytes == 5);
    std::string state;
    REQUIRE(journal->LoadSnapshotState(4, state));
    CHECK(state == std::string(4, '\0'));
    CHECK_FALSE(journal->LoadSnapshotState(1, state));
  }
  // A journal of an older schema (version 1: no snapshots, no input identity) is not read.
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  REQUIRE(sqlite3_exec(db, "DROP TABLE snapshot; PRAGMA user_version = 1", nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
  std::string error;
  CHECK(Journal::Open(path, Journal::Mode::kRead, error) == nullptr);
  CHECK(error.starts_with("journal schema version 1 is not 4, the one this takt reads: export its lines"));
}

TEST_CASE("journal: a rebased journal goes on after its base, which survives reopening and pruning") {
  const takt::testing::ScratchDir dir("journal");
  const std::string path = dir / "plant.db";
  auto snapshot = [](uint64_t seq) {
    return JournalSnapshot{.seq = seq,
                           .executor = kPorto,
                           .output_path = "",
                           .output_bytes = 0,
                           .last_action = fmt::format("{}.0", seq),
                           .made = "2026-12-01T00:00:00Z",
                           .state = std::string(seq, 's'),
                           .state_bytes = seq};
  };
  {
    auto journal = OpenWriter(path);
    // Two lines of its own, then the state after line 100 from elsewhere.
    REQUIRE(journal->StartSegment(kPorto, "2026-12-01T00:00:00Z"));
    REQUIRE(journal->Append("a\nb\n", LineOrigin::kInput));
    REQUIRE(journal->Commit());
    CHECK_FALSE(journal->Rebase(snapshot(2)));
    REQUIRE(journal->Rebase(snapshot(100)));
    CHECK(journal->last_seq() == 100);
    REQUIRE(journal->StartSegment(kPorto, "2026-12-01T00:01:00Z"));
    REQUIRE(journal->Commit());
    // Snapshots after it prune each other, never the base.
    for (uint64_t seq = 101; seq <= 105; ++seq) {
      REQUIRE(journal->Append("c\n", LineOrigin::kInput));
      REQUIRE(journal->SaveSnapshot(snapshot(seq), 2));
      REQUIRE(journal->Commit());
    }
  }
  std::string error;
  auto journal = Journal::Open(path, Journal::Mode::kRead, error);
  REQUIRE(journal != nullptr);
  CHECK(journal->last_seq() == 105);
  CHECK(journal->bases() == std::vector<uint64_t>{100});
  REQUIRE(journal->segments().size() == 2);
  CHECK(journal->segments()[1].first_seq == 101);
  std::vector<JournalSnapshot> snapshots;
  REQUIRE(journal->Snapshots(snapshots));
  REQUIRE(snapshots.size() == 3);
  CHECK(snapshots[2].seq == 100);
  std::vector<uint64_t> seqs;
  REQUIRE(journal->ForEachLine(1, [&](uint64_t seq, LineOrigin, std::string_view) {
    seqs.push_back(seq);
    return true;
  }));
  CHECK(seqs == std::vector<uint64_t>{1, 2, 101, 102, 103, 104, 105});
}

}  // namespace takt::runtime
