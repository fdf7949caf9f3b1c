// The native road end to end: determinism of `takt build`, loading through the runtime loader,
// and the differential test: for the golden run corpus, the example plant and random plants
// with random event streams (malformed lines included), the native executor's actions must equal
// the reference interpreter's byte for byte, and so must a native run cut in two by a session
// snapshot (the state `takt serve` restarts from). There is no skip list: any divergence fails.
#include "compiler/codegen/codegen.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "compiler/driver/native_executor.h"
#include "compiler/driver/plant_loader.h"
#include "compiler/interp/interp.h"
#include "compiler/lower/lower.h"
#include "compiler/model/metadata.h"
#include "compiler/xir/printer.h"
#include "compiler/xir/verifier.h"
#include "takt/names.h"
#include "takt/runtime.h"
#include "takt/session.h"
#include "tests/unit/codegen/random_plant.h"
#include "tests/unit/repo_files.h"
#include "tests/unit/run_takt.h"

namespace takt::codegen {
namespace {

namespace fs = std::filesystem;
using takt::testing::PortoDir;

// A checked plant with the sources it points into.
struct Checked {
  source::SourceManager sources;
  std::unique_ptr<const model::Plant> plant;
  std::string diagnostics;
};

auto CheckFiles(base::FileSystem& file_system, const std::vector<std::string>& paths) -> std::unique_ptr<Checked> {
  auto checked = std::make_unique<Checked>();
  std::ostringstream out;
  std::ostringstream err;
  std::istringstream in;
  driver::DriverEnv env{.file_system = file_system, .out = out, .err = err, .in = in, .color = false};
  driver::LoadedPlant loaded =
      driver::LoadCheckedPlant(env, paths, {}, driver::DiagnosticsOptions{}, "build", checked->sources);
  checked->plant = std::move(loaded.plant);
  checked->diagnostics = out.str() + err.str();
  return checked;
}

auto CheckText(const std::string& text) -> std::unique_ptr<Checked> {
  base::InMemoryFileSystem file_system;
  file_system.Add("plant.takt", text);
  return CheckFiles(file_system, {"plant.takt"});
}

auto ReadBytes(const std::string& path) -> std::string {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

// The first line where two action logs differ, for a readable failure.
auto FirstDifference(const std::string& a, const std::string& b) -> std::string {
  std::istringstream x(a);
  std::istringstream y(b);
  std::string line_a;
  std::string line_b;
  for (int line = 1;; ++line) {
    const bool more_a = static_cast<bool>(std::getline(x, line_a));
    const bool more_b = static_cast<bool>(std::getline(y, line_b));
    if (!more_a && !more_b) {
      return "identical";
    }
    if (line_a != line_b || more_a != more_b) {
      return fmt::format("line {}:\n  native: {}\n  interp: {}", line, more_a ? line_a : "<end>",
                         more_b ? line_b : "<end>");
    }
  }
}

// Tallies `action/cause` pairs, to show (and require) that the random streams reach every rule.
void CountActions(const std::string& log, std::map<std::string, int>& seen) {
  size_t pos = 0;
  while ((pos = log.find("\"action\":\"", pos)) != std::string::npos) {
    pos += 10;
    const size_t end = log.find('"', pos);
    const size_t cause = log.find("\"cause\":\"", end) + 9;
    ++seen[log.substr(pos, end - pos) + "/" + log.substr(cause, log.find('"', cause) - cause)];
  }
  pos = 0;
  while ((pos = log.find("\"spc_rule\":\"", pos)) != std::string::npos) {
    pos += 12;
    ++seen["spc_rule/" + log.substr(pos, log.find('"', pos) - pos)];
  }
  // Executor rejects name their reason by code; runtime rejects by a message.
  pos = 0;
  while ((pos = log.find("\"cause\":\"forbidden\"", pos)) != std::string::npos) {
    pos = log.find("\"reason\":\"", pos) + 10;
    ++seen["reject_reason/" + log.substr(pos, log.find('"', pos) - pos)];
  }
}

// Runs every stream on both executors of one plant; counts the streams compared.
struct Differential {
  const Checked& checked;
  std::unique_ptr<runtime::LoadedExecutor> native;
  std::unique_ptr<interp::Interpreter> interpreter;

  explicit Differential(const Checked& plant) : checked(plant) {
    diagnostics::Diagnostics errors;
    native = driver::BuildNativeExecutor(*checked.plant, checked.sources, errors);
    INFO((errors.records().empty() ? std::string() : errors.records()[0].message));
    REQUIRE(native != nullptr);
    interpreter = std::make_unique<interp::Interpreter>(*checked.plant, checked.sources);
  }

  // Returns the interpreter's action log.
  auto Compare(const std::string& events, const std::string& what, std::map<std::string, int>* seen = nullptr)
      -> std::string {
    const std::string expected = runtime::RunToString(interpreter->descriptor(), events);
    if (seen != nullptr) {
      CountActions(expected, *seen);
    }
    const std::string actual = runtime::RunToString(native->descriptor(), events);
    if (actual != expected) {
      FAIL_CHECK(what << ": native and interpreter differ at " << FirstDifference(actual, expected) << "\nevents:\n"
                      << events);
    }
    CompareAcrossSnapshot(events, actual, what);
    return expected;
  }

  // The native run cut in two at the middle line by a snapshot, restored into a new session: a
  // snapshot holds the whole state, so the actions are the same (`takt serve`'s restarts).
  void CompareAcrossSnapshot(const std::string& events, const std::string& expected, const std::string& what) {
    const size_t cut = events.find('\n', events.size() / 2);
    if (cut == std::string::npos) {
      return;
    }
    runtime::StringSink sink;
    runtime::Session first(native->descriptor(), sink);
    first.Feed(std::string_view(events).substr(0, cut + 1));
    std::string bytes;
    std::string error;
    REQUIRE_MESSAGE(first.SaveSnapshot("native", bytes, error), error);
    first.Flush();
    runtime::Session second(native->descriptor(), sink);
    REQUIRE_MESSAGE(second.RestoreSnapshot("native", bytes, error), error);
    second.Feed(std::string_view(events).substr(cut + 1));
    second.Finish();
    if (sink.text() != expected) {
      FAIL_CHECK(what << ": across a snapshot, the native actions differ at " << FirstDifference(sink.text(), expected)
                      << "\nevents:\n" << events);
    }
  }
};

// The `src` of each sampling plan by time in a generated plant (`  sample N every M min`).
auto TimedSampleSources(const std::string& text) -> std::vector<std::string> {
  std::vector<std::string> sources;
  size_t line = 1;
  for (size_t begin = 0; begin < text.size(); ++line) {
    const size_t end = std::min(text.find('\n', begin), text.size());
    const std::string_view row(text.data() + begin, end - begin);
    if (row.starts_with("  sample ") && row.ends_with(" min")) {
      sources.push_back(fmt::format("\"src\":\"plant.takt:{}:3\"", line));
    }
    begin = end + 1;
  }
  return sources;
}

TEST_CASE("lowering porto gives a verified module with the descriptor's tables") {
  base::RealFileSystem file_system;
  auto checked = CheckFiles(file_system, {PortoDir()});
  REQUIRE(checked->plant);
  const xir::Module module = lower::Lower(*checked->plant, checked->sources);
  std::vector<std::string> errors;
  CHECK(xir::Verify(module, errors));
  CHECK(errors.empty());
  CHECK(module.descriptor.plant_name == "porto");
  CHECK(module.descriptor.rules.size() == checked->plant->clauses.size());
  CHECK(module.descriptor.source_sha256 == model::SourceSha256(*checked->plant, checked->sources));
  const std::string text = xir::Print(module);
  CHECK(text.find("func on_event() context=event entry {") != std::string::npos);
  CHECK(text == xir::Print(lower::Lower(*checked->plant, checked->sources)));
}

TEST_CASE("building porto twice gives identical bytes, and the library loads and runs") {
  base::RealFileSystem file_system;
  auto checked = CheckFiles(file_system, {PortoDir()});
  REQUIRE(checked->plant);
  const fs::path dir = fs::temp_directory_path() / fmt::format("takt-codegen-test-{}", ::getpid());
  fs::create_directories(dir);
  const std::string first = (dir / "a.so").string();
  const std::string second = (dir / "b.so").string();
  std::string error;
  REQUIRE(BuildSharedObject(lower::Lower(*checked->plant, checked->sources), first, error));
  REQUIRE(BuildSharedObject(lower::Lower(*checked->plant, checked->sources), second, error));
  const std::string bytes = ReadBytes(first);
  CHECK(!bytes.empty());
  CHECK(bytes == ReadBytes(second));

  auto loaded = runtime::LoadedExecutor::Load(first, error);
  INFO(error);
  REQUIRE(loaded != nullptr);
  const takt_executor& executor = loaded->descriptor();
  CHECK(std::string(executor.plant_name) == "porto");
  CHECK(std::string(executor.source_sha256) == model::SourceSha256(*checked->plant, checked->sources));
  CHECK(executor.control_count == 2);
  const std::string actions = runtime::RunToString(
      executor,
      "{\"t\":\"2026-11-28T08:00:00Z\",\"type\":\"release\",\"order\":\"po_1\",\"routing\":\"bracket_a_std\","
      "\"lot\":\"l_17\",\"qty\":500}\n"
      "{\"t\":\"2026-11-28T08:05:00Z\",\"type\":\"measure\",\"control\":\"hole_diameter\",\"value\":8.07,"
      "\"lot\":\"l_17\"}\n");
  CHECK(actions.find("\"action\":\"hold\"") != std::string::npos);
  CHECK(actions.find("\"id\":\"containment-1\"") != std::string::npos);
  loaded.reset();
  fs::remove_all(dir);
}

TEST_CASE("running a prebuilt executor with --format json|sarif prints one empty document") {
  base::RealFileSystem file_system;
  auto checked = CheckFiles(file_system, {PortoDir()});
  REQUIRE(checked->plant);
  const fs::path dir = fs::temp_directory_path() / fmt::format("takt-codegen-document-{}", ::getpid());
  fs::create_directories(dir);
  const std::string library = (dir / "porto.so").string();
  const std::string events = (dir / "events.jsonl").string();
  std::string error;
  REQUIRE(BuildSharedObject(lower::Lower(*checked->plant, checked->sources), library, error));
  std::ofstream(events) << "{\"t\":0,\"type\":\"tick\"}\n";
  // A prebuilt executor has no plant to check, so nothing is reported; a tool that asked for a
  // document still gets exactly one, on stderr, since the actions own stdout.
  const testing::TaktRun json = testing::RunTaktOnDisk({"run", library, "--format", "json", "--events", events});
  CHECK(json.exit_code == 0);
  CHECK(json.out.empty());
  CHECK(nlohmann::json::parse(json.err) == nlohmann::json::parse(R"({"diagnostics":[],"errors":0,"warnings":0})"));
  const testing::TaktRun sarif = testing::RunTaktOnDisk({"run", library, "--format", "sarif", "--events", events});
  CHECK(sarif.exit_code == 0);
  const nlohmann::json log = nlohmann::json::parse(sarif.err);
  CHECK(log["runs"][0]["results"].empty());
  fs::remove_all(dir);
}

TEST_CASE("--emit=llvm prints a module defining the descriptor") {
  base::RealFileSystem file_system;
  auto checked = CheckFiles(file_system, {PortoDir()});
  REQUIRE(checked->plant);
  std::string text;
  std::string error;
  REQUIRE(EmitLlvmIr(lower::Lower(*checked->plant, checked->sources), Options{}, text, error));
  CHECK(text.find("@takt_executor_v1 = ") != std::string::npos);
}

// How many random streams the differential runs, as a share of the default build's. Under ASan
// and UBSan a stream costs ten times as much, and the sanitizers look for memory errors and
// undefined behaviour on code paths that a few streams per plant already reach; whether every
// action kind and cause is reached is asserted on the default build's full run.
#ifdef TAKT_SANITIZED
constexpr uint64_t kStreamDivisor = 5;
#else
constexpr uint64_t kStreamDivisor = 1;
#endif

TEST_CASE("differential: porto, the golden run corpus and examples/porto/events.jsonl") {
  base::RealFileSystem file_system;
  auto porto = CheckFiles(file_system, {PortoDir()});
  REQUIRE(porto->plant);
  Differential differential(*porto);
  int streams = 0;
  const fs::path porto_events = fs::path(PortoDir()) / "events.jsonl";
  REQUIRE(fs::exists(porto_events));
  differential.Compare(ReadBytes(porto_events.string()), porto_events.string());
  ++streams;
  // Random streams over the names and limits of porto's model.
  const testing::PlantNames names = testing::PlantNamesOf(*porto->plant);
  for (uint64_t seed = 1; seed <= 300 / kStreamDivisor; ++seed) {
    differential.Compare(testing::GenerateEvents(names, seed, 150), fmt::format("porto, stream {}", seed));
    ++streams;
  }
  // The shared corpus: its recorded events, then random streams over each case's plant.
  std::vector<std::string> problems;
  const std::vector<testing::RunCase> cases = testing::RunCorpus(problems);
  for (const std::string& problem : problems) {
    FAIL_CHECK("tests/golden/run: " << problem);
  }
  int corpus_cases = 0;
  for (const testing::RunCase& run_case : cases) {
    std::vector<std::string> files;
    for (const fs::path& path : run_case.plant_files) {
      files.push_back(path.string());
    }
    auto checked = CheckFiles(file_system, files);
    INFO(run_case.name << "\n" << checked->diagnostics);
    REQUIRE(checked->plant);
    Differential corpus_case(*checked);
    corpus_case.Compare(ReadBytes((run_case.dir / "events.jsonl").string()), run_case.name);
    const testing::PlantNames case_names = testing::PlantNamesOf(*checked->plant);
    constexpr uint64_t kCorpusStreams = 20 / kStreamDivisor;
    for (uint64_t seed = 1; seed <= kCorpusStreams; ++seed) {
      corpus_case.Compare(testing::GenerateEvents(case_names, seed, 150),
                          fmt::format("{}, stream {}", run_case.name, seed));
    }
    streams += 1 + static_cast<int>(kCorpusStreams);
    ++corpus_cases;
  }
  MESSAGE("differential streams compared on porto and " << corpus_cases << " corpus cases: " << streams);
  CHECK(corpus_cases > 0);
}

TEST_CASE("differential: random plants, random event streams") {
  int streams = 0;
  std::map<std::string, int> seen;
  constexpr uint64_t kPlants = 12;
  constexpr uint64_t kStreamsPerPlant = 150 / kStreamDivisor;
  for (uint64_t seed = 1; seed <= kPlants; ++seed) {
    const std::string text = testing::GenerateRandomPlant(seed);
    auto checked = CheckText(text);
    INFO("plant seed " << seed << "\n" << checked->diagnostics << "\n" << text);
    REQUIRE(checked->plant);
    Differential differential(*checked);
    const testing::PlantNames names = testing::PlantNamesOf(*checked->plant);
    const std::vector<std::string> timed = TimedSampleSources(text);
    for (uint64_t stream = 0; stream < kStreamsPerPlant; ++stream) {
      const std::string log = differential.Compare(testing::GenerateEvents(names, seed * 1000 + stream, 200),
                                                   fmt::format("plant {}, stream {}", seed, stream), &seen);
      for (const std::string& src : timed) {
        for (size_t pos = log.find(src); pos != std::string::npos; pos = log.find(src, pos + 1)) {
          ++seen["sample_missed/by_time"];
        }
      }
      ++streams;
    }
  }
  std::string tally;
  for (const auto& [kind, count] : seen) {
    tally += fmt::format(" {}={}", kind, count);
  }
  MESSAGE("differential streams compared on random plants: " << streams << "; actions:" << tally);
  if (kStreamDivisor > 1) {
    return;  // A share of the streams need not reach every action; the full run asserts it.
  }
  // Every action the executor (not the runtime) makes must have been exercised, with each of
  // its causes; the list must name every action kind of the ABI.
  const std::vector<std::string> required = {
      "notify/out_of_spec", "hold/out_of_spec",  "stop_line/out_of_spec", "open_case/out_of_spec",
      "spc_signal/spc",     "notify/tier",       "escalate/tier",         "notify/recurrence",
      "close_case/outcome", "release/outcome",   "scrap/outcome",         "escalate/timeout",
      "rework/fail",        "scrap/fail",        "reject/forbidden",      "deviation_active/approval",
      "deviation_expired/expiry", "deviation_expired/lots", "handover_report/shift_end", "notify/std_time",
      "sample_missed/sampling", "genealogy/consumption", "record_incomplete/missing_fields",
      "report_item/shift_end", "report_item/out_of_spec", "report_item/tier"};
  std::set<std::string> action_kinds;
  for (const std::string& kind : required) {
    CHECK_MESSAGE(seen[kind] > 0, kind);
    action_kinds.insert(kind.substr(0, kind.find('/')));
  }
  // `warning` is written by the runtime only, never by an executor.
  CHECK_MESSAGE(action_kinds.size() + 1 == TAKT_ACTION_KIND_COUNT, "an action kind of runtime.h is not required here");
  // A window of a sampling plan by time closed with too few measurements (a timer, not a count).
  CHECK_MESSAGE(seen["sample_missed/by_time"] > 0, "sample_missed/by_time");
  for (std::string_view rule : runtime::kSpcRuleNames) {
    CHECK_MESSAGE(seen["spc_rule/" + std::string(rule)] > 0, rule);
  }
  // What a standard requires of events (instruction revision, evidence, authority, a signature,
  // a first piece); missing reason fields are `record_incomplete`, required above.
  for (const char* reason :
       {"instruction_revision", "missing_evidence", "not_authorized", "signature_required", "first_piece_missing"}) {
    CHECK_MESSAGE(seen[fmt::format("reject_reason/{}", reason)] > 0, reason);
  }
}

}  // namespace
}  // namespace takt::codegen
