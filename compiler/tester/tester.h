// `takt test`: runs the plant's `test` blocks through an executor and compares the actions with
// the expectations. Consumes the checked model (its tests, resolved by check/tests.cpp) and any
// `takt_executor` (the reference interpreter or a loaded native one), driven through the same
// runtime Session as `takt run`, so a test exercises exactly what production runs. Produces a
// report of results, the clauses the actions came from (for `--coverage`), and renderings
// (text like `cargo test`, JUnit XML).
//
// Semantics of a test (docs/cli.md, "takt test"):
// - every test is a fresh session starting on a fixed test day, kTestDay: `at HH:MM` is a time
//   of the day of the step before (day 1 at first), `at day N HH:MM` of the test's N-th day
//   (day 1 is kTestDay), wall-clock times of the plant (its `timezone`, UTC without one), and a
//   step without `at` happens at the time of the step before it;
// - an event step becomes one JSONL event; an expectation with `at` first feeds a `tick` at its
//   time, so timers due by then have fired;
// - `expect A …` holds when some action of kind A with the given fields was produced up to and
//   including the step's time; `expect no A …` holds when none was produced since the previous
//   step (its own actions included when that step was an event);
// - `decide CASE` names a case declaration: the event goes to its most recently opened instance
//   that is still open (`containment-2`), found by replaying the test so far.
#ifndef TAKT_COMPILER_TESTER_TESTER_H_
#define TAKT_COMPILER_TESTER_TESTER_H_

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "compiler/model/model.h"
#include "compiler/source/source_manager.h"
#include "takt/runtime.h"

namespace takt::tester {

// The date every test starts on (its day 1, a Monday); `at 08:00` is 08:00 UTC of this day.
inline constexpr std::string_view kTestDay = "2026-01-05";

// kTestDay's midnight, in milliseconds since the epoch: minute 0 of a test.
auto TestDayStartMs() -> int64_t;

// One action as the executor produced it, decoded from its JSONL line.
struct ObservedAction {
  int64_t event = 0;   // Index of the event (in the test's event stream) that caused it.
  std::string t;       // RFC 3339, as encoded.
  std::string action;  // `notify`, `open_case`, …
  std::string rule;
  std::string cause;
  std::string src;
  // The action's own fields (`role`, `lot`, …) in encoding order, values as text.
  std::vector<std::pair<std::string, std::string>> fields;
};

struct Failure {
  const model::TestStep* step = nullptr;
  // `notify role=maintenance_tech`, what the step asked for.
  std::string expected;
  // `by 08:10` or `from 22:00 to day 2 06:00`, for the message.
  std::string when;
  // The actions the executor produced around the step's time (for `expect no`: the offending ones).
  std::vector<ObservedAction> actions;
};

struct TestResult {
  const model::Test* test = nullptr;
  std::vector<Failure> failures;
  auto passed() const -> bool { return failures.empty(); }
};

struct Options {
  // Only tests whose name contains this text run (empty: all).
  std::string filter;
};

struct Report {
  std::vector<TestResult> results;  // The tests that ran, in source order.
  size_t filtered_out = 0;
  // Clause ids (model::ClauseId::index) that some action of some test came from.
  std::set<uint32_t> clauses_hit;
  auto passed() const -> size_t;
  auto failed() const -> size_t;
};

// Runs the tests of `plant` on `executor`, which must have been made from `plant` (its rule ids
// are the plant's clause ids) and pass runtime::ValidateExecutor.
auto RunTests(const model::Plant& plant, const source::SourceManager& sources, const takt_executor& executor,
              const Options& options) -> Report;

// One clause of the plant's own declarations that a test can exercise.
struct CoverageItem {
  std::string declaration;  // `control hole_diameter`
  std::string clause;       // `on out_of_spec`, `tier 2 (after 30 min)`, `outcome release`
  std::string location;     // `quality.takt:12:3`
  bool covered = false;
};

// Every exercisable clause of the plant's own (not module) declarations, in declaration order,
// marked with whether `clauses_hit` contains one of its clause ids.
auto ComputeCoverage(const model::Plant& plant, const source::SourceManager& sources,
                     const std::set<uint32_t>& clauses_hit) -> std::vector<CoverageItem>;

struct RenderOptions {
  // Named in the header line: `reference interpreter`, `native executor`.
  std::string executor_name;
  bool coverage = false;
};

// The `cargo test`-like report; its last line is exactly `N passed, N failed`.
auto RenderText(const model::Plant& plant, const source::SourceManager& sources, const Report& report,
                const RenderOptions& options) -> std::string;

// JUnit XML: one <testsuite> named after the plant, one <testcase> per test that ran.
auto RenderJunit(const model::Plant& plant, const source::SourceManager& sources, const Report& report)
    -> std::string;

}  // namespace takt::tester

#endif  // TAKT_COMPILER_TESTER_TESTER_H_
