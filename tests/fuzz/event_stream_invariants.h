// What must hold after the runtime has read any input whatsoever, well-formed or not: nothing is
// lost (every non-blank line counts as one event, the summary counts every action and reject
// it wrote) and every action is one JSON object with the mandatory keys of docs/runtime.md, in
// event order. Shared by the event fuzzer and the unit test replaying its corpus; both run the
// input on the reference interpreter over examples/porto (TAKT_SOURCE_DIR).
#ifndef TAKT_TESTS_FUZZ_EVENT_STREAM_INVARIANTS_H_
#define TAKT_TESTS_FUZZ_EVENT_STREAM_INVARIANTS_H_

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "takt/session.h"
#include "tests/unit/interp/plant_fixture.h"
#include "tests/unit/repo_files.h"

namespace takt::fuzz {

inline auto CountNonBlankLines(std::string_view input) -> uint64_t {
  uint64_t count = 0;
  while (!input.empty()) {
    const size_t end = std::min(input.find('\n'), input.size());
    if (input.substr(0, end).find_first_not_of(" \t\r") != std::string_view::npos) {
      ++count;
    }
    input.remove_prefix(std::min(end + 1, input.size()));
  }
  return count;
}

// What the stream checks need of an action.
struct ActionFacts {
  int64_t event = -1;
  bool reject = false;
  int64_t input_line = 0;  // Of a runtime reject; 0 otherwise.
  bool malformed = false;
  bool invalid_json = false;  // Its reason says the line is not JSON.
};

// Checks one action line: a JSON object with the mandatory keys.
inline auto ParseAction(std::string_view line, ActionFacts& facts) -> std::string {
  const nlohmann::json action = nlohmann::json::parse(line, nullptr, false);
  if (!action.is_object()) {
    return "an action line is not a JSON object";
  }
  // `t` is null on rejects before the first valid time (docs/runtime.md).
  if (!action.contains("t") || !(action["t"].is_string() || action["t"].is_null())) {
    return "an action has no `t`";
  }
  for (const char* key : {"action", "rule", "cause", "src"}) {
    if (!action.contains(key) || !action[key].is_string()) {
      return std::string("an action has no string `") + key + "`";
    }
  }
  if (!action.contains("event") || !action["event"].is_number_integer()) {
    return "an action has no integer `event`";
  }
  facts.event = action["event"].get<int64_t>();
  facts.reject = action["action"] == "reject";
  if (facts.reject && action.contains("input_line") && action["input_line"].is_number_integer()) {
    facts.input_line = action["input_line"].get<int64_t>();
    facts.malformed = action["cause"] == "malformed";
    facts.invalid_json = action.value("reason", std::string()).starts_with("invalid JSON");
  }
  return "";
}

// Every line is valid JSON as a whole (RFC 8259), judged by an independent parser, or it is a
// `malformed` reject; a valid line is never said to be invalid JSON. nlohmann skips a byte
// order mark the runtime names as invalid, stops at a NUL byte as at the end of its input (a NUL
// can never be part of JSON text, so the runtime rejects it as trailing content), and refuses
// numbers past a double, which the runtime rejects as out of range; lines over the length limit
// are not read at all.
inline auto JsonVerdictViolation(std::string_view input, const std::vector<ActionFacts>& rejects) -> std::string {
  int64_t number = 0;
  while (!input.empty()) {
    const size_t end = std::min(input.find('\n'), input.size());
    std::string_view line = input.substr(0, end);
    input.remove_prefix(std::min(end + 1, input.size()));
    ++number;
    const size_t first = line.find_first_not_of(" \t\r");
    if (first == std::string_view::npos || line.size() > runtime::kMaxLineLength) {
      continue;
    }
    line = line.substr(first, line.find_last_not_of(" \t\r") + 1 - first);
    const bool valid = !line.starts_with("\xef\xbb\xbf") && line.find('\0') == std::string_view::npos &&
                       nlohmann::json::accept(line);
    const auto reject = std::find_if(rejects.begin(), rejects.end(),
                                     [&](const ActionFacts& facts) { return facts.input_line == number; });
    if (!valid && (reject == rejects.end() || !reject->malformed)) {
      return "line " + std::to_string(number) + " is not valid JSON but was not rejected as malformed";
    }
    if (valid && reject != rejects.end() && reject->invalid_json) {
      return "line " + std::to_string(number) + " is valid JSON but was rejected as invalid JSON";
    }
  }
  return "";
}

// Empty when the run kept every invariant, else the first one broken.
inline auto EventStreamViolation(std::string_view input, std::string_view actions, const runtime::Summary& summary)
    -> std::string {
  if (summary.events != CountNonBlankLines(input)) {
    return "the summary does not count every non-blank input line as an event";
  }
  uint64_t lines = 0;
  uint64_t rejects = 0;
  int64_t last_event = -1;
  std::vector<ActionFacts> runtime_rejects;
  while (!actions.empty()) {
    const size_t end = actions.find('\n');
    if (end == std::string_view::npos) {
      return "the last action line does not end in a newline";
    }
    ActionFacts facts;
    const std::string_view line = actions.substr(0, end);
    const std::string problem = ParseAction(line, facts);
    if (!problem.empty()) {
      return problem;
    }
    actions.remove_prefix(end + 1);
    ++lines;
    if (facts.event < last_event || facts.event < 0 || static_cast<uint64_t>(facts.event) >= summary.events) {
      return "an action's `event` is out of order or names no input event";
    }
    last_event = facts.event;
    rejects += facts.reject ? 1 : 0;
    if (facts.input_line != 0) {
      runtime_rejects.push_back(facts);
    }
  }
  if (lines != summary.actions || rejects != summary.rejects) {
    return "the summary's action or reject count differs from the actions written";
  }
  return JsonVerdictViolation(input, runtime_rejects);
}

// The plant the event inputs run on: examples/porto, checked once.
inline auto LoadPorto() -> std::unique_ptr<interp::CheckedPlant> {
  std::vector<std::filesystem::path> paths;
  for (const auto& entry : std::filesystem::directory_iterator(testing::PortoDir())) {
    if (entry.path().extension() == ".takt") {
      paths.push_back(entry.path());
    }
  }
  std::sort(paths.begin(), paths.end());
  std::vector<std::pair<std::string, std::string>> files;
  for (const auto& path : paths) {
    files.emplace_back(path.filename().string(), testing::ReadText(path));
  }
  auto porto = interp::CheckFiles(files);
  if (!porto->plant || !porto->errors.empty()) {
    std::fprintf(stderr, "examples/porto does not check:\n%s", porto->errors.c_str());
    std::abort();
  }
  return porto;
}

// Timers an input may fire. A line dated centuries ahead legitimately fires a handover report
// per shift for all those years (millions of actions from a few bytes); past the budget the
// executor ignores its timers, so every input runs in bounded time and the decoder stays the
// thing under test.
inline constexpr uint64_t kTimerBudget = 5000;

struct TimerBudget {
  static inline takt_on_timer_fn on_timer = nullptr;
  static inline uint64_t left = 0;
  static void OnTimer(const takt_executor* self, void* state, const takt_timer* timer, const takt_host* host) {
    if (left > 0) {
      --left;
      on_timer(self, state, timer, host);
    }
  }
};

// Runs `input` on the interpreter over porto; empty when every invariant holds.
inline auto PortoEventViolation(std::string_view input) -> std::string {
  static const std::unique_ptr<interp::CheckedPlant> porto = LoadPorto();
  interp::Interpreter interpreter(*porto->plant, porto->sources);
  takt_executor budgeted = interpreter.descriptor();
  TimerBudget::on_timer = budgeted.on_timer;
  TimerBudget::left = kTimerBudget;
  budgeted.on_timer = &TimerBudget::OnTimer;
  runtime::Summary summary;
  const std::string actions = runtime::RunToString(budgeted, input, &summary);
  return EventStreamViolation(input, actions, summary);
}

}  // namespace takt::fuzz

#endif  // TAKT_TESTS_FUZZ_EVENT_STREAM_INVARIANTS_H_
