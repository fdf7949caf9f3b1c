#include "compiler/tester/tester.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <optional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "compiler/base/utf8.h"
#include "compiler/interp/plant_time.h"
#include "takt/names.h"
#include "takt/session.h"
#include "takt/timestamp.h"

namespace takt::tester {

namespace {

using Json = nlohmann::ordered_json;

// Keys of an action line that every action has; the rest are the action's own fields.
constexpr std::string_view kCommonKeys[] = {"t", "event", "action", "rule", "cause", "src"};

auto IsCommonKey(std::string_view key) -> bool {
  return std::find(std::begin(kCommonKeys), std::end(kCommonKeys), key) != std::end(kCommonKeys);
}

auto ValueText(const Json& value) -> std::string {
  if (value.is_string()) {
    return value.get<std::string>();
  }
  return value.dump();
}

// `line` with every byte that is not well-formed UTF-8 replaced by U+FFFD. An action names its
// rule's source file, and a path is bytes (a directory named with 0xFF): the JSON parser rejects
// such a line, which once lost every action and failed passing tests.
auto ValidUtf8(std::string_view line) -> std::string {
  std::string out;
  for (size_t at = 0; at < line.size();) {
    base::DecodedCodePoint decoded = base::DecodeUtf8(line, at);
    out += decoded.code_point == base::kReplacementCharacter ? std::string_view("\uFFFD")
                                                               : line.substr(at, decoded.length);
    at += decoded.length;
  }
  return out;
}

auto DecodeActions(const std::string& text) -> std::vector<ObservedAction> {
  std::vector<ObservedAction> actions;
  size_t start = 0;
  while (start < text.size()) {
    size_t newline = text.find('\n', start);
    if (newline == std::string::npos) {
      newline = text.size();
    }
    std::string_view line(text.data() + start, newline - start);
    start = newline + 1;
    if (line.empty()) {
      continue;
    }
    Json json = base::FindInvalidUtf8(line) == std::string_view::npos
                    ? Json::parse(line, nullptr, /*allow_exceptions=*/false)
                    : Json::parse(ValidUtf8(line), nullptr, /*allow_exceptions=*/false);
    if (!json.is_object()) {
      continue;
    }
    ObservedAction action;
    for (auto it = json.begin(); it != json.end(); ++it) {
      const std::string& key = it.key();
      if (key == "event") {
        action.event = it.value().is_number_integer() ? it.value().get<int64_t>() : -1;
      } else if (key == "t") {
        action.t = ValueText(it.value());
      } else if (key == "action") {
        action.action = ValueText(it.value());
      } else if (key == "rule") {
        action.rule = ValueText(it.value());
      } else if (key == "cause") {
        action.cause = ValueText(it.value());
      } else if (key == "src") {
        action.src = ValueText(it.value());
      } else if (!IsCommonKey(key)) {
        action.fields.emplace_back(key, ValueText(it.value()));
      }
    }
    actions.push_back(std::move(action));
  }
  return actions;
}

// `2026-01-05T08:00:00Z` for a minute after midnight of the test's day 1 (later days included),
// in plant time: the instant that wall-clock time has in the plant's `timezone` (UTC without one),
// so that test steps are written as the shifts are.
auto Timestamp(const interp::PlantClock& clock, int32_t minute) -> std::string {
  char text[32];
  const int length = runtime::FormatTimestamp(clock.UtcOf(TestDayStartMs() + int64_t{minute} * 60'000), text);
  return std::string(text, static_cast<size_t>(length));
}

// The action an expectation's verb names (`open containment` is an `open_case`).
auto ActionKind(std::string_view verb) -> std::string_view { return verb == "open" ? "open_case" : verb; }

// The action key a test field is compared with.
auto ActionKey(std::string_view verb, std::string_view key) -> std::string_view {
  if (verb == "spc_signal" && key == "rule") {
    return "spc_rule";
  }
  return key;
}

auto SameValue(const std::string& actual, const model::TestField& expected) -> bool {
  if (expected.is_number) {
    char* end = nullptr;
    double value = std::strtod(actual.c_str(), &end);
    if (end != actual.c_str() && *end == '\0') {
      return value == std::strtod(expected.value.c_str(), nullptr);
    }
  }
  return actual == expected.value;
}

auto Matches(const ObservedAction& action, const model::TestStep& step) -> bool {
  if (action.action != ActionKind(step.verb)) {
    return false;
  }
  for (const model::TestField& field : step.fields) {
    std::string_view key = ActionKey(step.verb, field.key);
    auto it = std::find_if(action.fields.begin(), action.fields.end(),
                           [&](const auto& entry) { return entry.first == key; });
    if (it == action.fields.end() || !SameValue(it->second, field)) {
      return false;
    }
  }
  return true;
}

auto DescribeExpectation(const model::TestStep& step) -> std::string {
  std::string text(ActionKind(step.verb));
  for (const model::TestField& field : step.fields) {
    text += fmt::format(" {}={}", ActionKey(step.verb, field.key), field.value);
  }
  return text;
}

// How the runtime reads an event key (runtime/include/takt/event_kind.def): a number or a whole
// number, or nullopt for text and keys it does not know.
auto NumericJsonOf(std::string_view key) -> std::optional<runtime::EventJson> {
  for (const runtime::EventKeyInfo& info : runtime::kEventKeys) {
    if (info.name == key && (info.json == runtime::EventJson::Number || info.json == runtime::EventJson::Integer)) {
      return info.json;
    }
  }
  return std::nullopt;
}

auto EventLine(const interp::PlantClock& clock, const model::TestStep& step, int32_t minute,
               const std::string& case_instance) -> std::string {
  Json json;
  json["t"] = Timestamp(clock, minute);
  json["type"] = step.verb;
  for (const model::TestField& field : step.fields) {
    if (field.key == "case") {
      json["case"] = case_instance;
    } else if (field.key == "evidence") {
      json["evidence"].push_back(field.value);
    } else if (field.key.starts_with("fields.")) {
      json["fields"][field.key.substr(std::string_view("fields.").size())] = field.value;
    } else if (const auto numeric = NumericJsonOf(field.key); numeric && field.is_number) {
      double value = std::strtod(field.value.c_str(), nullptr);
      if (*numeric == runtime::EventJson::Integer) {
        json[field.key] = static_cast<int64_t>(value);
      } else {
        json[field.key] = value;
      }
    } else {
      json[field.key] = field.value;
    }
  }
  return json.dump() + "\n";
}

auto TickLine(const interp::PlantClock& clock, int32_t minute) -> std::string {
  return fmt::format("{{\"t\":\"{}\",\"type\":\"tick\"}}\n", Timestamp(clock, minute));
}

auto RunEvents(const takt_executor& executor, const std::vector<std::string>& lines) -> std::vector<ObservedAction> {
  std::string text;
  for (const std::string& line : lines) {
    text += line;
  }
  return DecodeActions(runtime::RunToString(executor, text));
}

auto FieldValue(const ObservedAction& action, std::string_view key) -> std::optional<std::string> {
  for (const auto& [name, value] : action.fields) {
    if (name == key) {
      return value;
    }
  }
  return std::nullopt;
}

// The instance a `decide` goes to: the most recently opened instance of the declaration that is
// still open, else the most recent one (the runtime then rejects the decision, which the test
// can expect), else `<case>-1` (an unknown-name reject).
auto CaseInstance(const std::vector<ObservedAction>& actions, const std::string& declaration) -> std::string {
  std::vector<std::string> opened;
  std::set<std::string> closed;
  for (const ObservedAction& action : actions) {
    if (FieldValue(action, "case") != declaration) {
      continue;
    }
    std::optional<std::string> id = FieldValue(action, "id");
    if (!id) {
      continue;
    }
    if (action.action == "open_case") {
      opened.push_back(*id);
    } else if (action.action == "close_case") {
      closed.insert(*id);
    }
  }
  for (auto it = opened.rbegin(); it != opened.rend(); ++it) {
    if (!closed.contains(*it)) {
      return *it;
    }
  }
  return opened.empty() ? declaration + "-1" : opened.back();
}

auto StepField(const model::TestStep& step, std::string_view key) -> std::optional<std::string> {
  for (const model::TestField& field : step.fields) {
    if (field.key == key) {
      return field.value;
    }
  }
  return std::nullopt;
}

struct PendingExpectation {
  const model::TestStep* step;
  // Index of the last event fed at or before the step's time (-1: none yet).
  int64_t anchor;
  // `expect no` looks at actions of events [window_begin, anchor] at or after window_minute.
  int64_t window_begin;
  int32_t window_minute;
  int32_t minute;
};

auto RunOneTest(const interp::PlantClock& clock, const model::Test& test, const takt_executor& executor,
                std::vector<ObservedAction>& all_actions) -> TestResult {
  TestResult result{.test = &test, .failures = {}};
  std::vector<std::string> lines;
  std::vector<PendingExpectation> expectations;
  int32_t minute = 0;
  int64_t window_begin = 0;
  int32_t window_minute = 0;
  for (const model::TestStep& step : test.steps) {
    if (step.at_minute) {
      minute = *step.at_minute;
    }
    if (step.kind == model::TestStep::Kind::Event) {
      std::string instance;
      if (std::optional<std::string> declaration = StepField(step, "case")) {
        // With a `lot`, the runtime addresses the open case of the declaration itself; else the
        // test so far is replayed, up to this time, to learn which instance is open.
        if (StepField(step, "lot")) {
          instance = *declaration;
        } else {
          std::vector<std::string> prefix = lines;
          prefix.push_back(TickLine(clock, minute));
          instance = CaseInstance(RunEvents(executor, prefix), *declaration);
        }
      }
      lines.push_back(EventLine(clock, step, minute, instance));
      window_begin = static_cast<int64_t>(lines.size()) - 1;
      window_minute = minute;
      continue;
    }
    if (step.at_minute) {
      // Time passes to the step's time: timers due by then fire before the tick.
      lines.push_back(TickLine(clock, minute));
    }
    const int64_t anchor = static_cast<int64_t>(lines.size()) - 1;
    expectations.push_back(PendingExpectation{.step = &step,
                                              .anchor = anchor,
                                              .window_begin = window_begin,
                                              .window_minute = window_minute,
                                              .minute = minute});
    if (step.at_minute) {
      window_begin = anchor + 1;
      window_minute = minute;
    }
  }
  std::vector<ObservedAction> actions = RunEvents(executor, lines);
  for (const PendingExpectation& pending : expectations) {
    const model::TestStep& step = *pending.step;
    const std::string floor = Timestamp(clock, pending.window_minute);
    // Actions at or after the window's start time; RFC 3339 UTC timestamps of whole minutes
    // compare as text except for sub-second parts, so compare parsed milliseconds.
    const int64_t floor_ms = runtime::ParseTimestamp(floor).value_or(0);
    std::vector<ObservedAction> window;
    std::vector<ObservedAction> matching_in_window;
    bool any_match = false;
    for (const ObservedAction& action : actions) {
      if (action.event > pending.anchor) {
        continue;
      }
      bool matches = Matches(action, step);
      any_match = any_match || matches;
      bool in_window = action.event >= pending.window_begin &&
                       runtime::ParseTimestamp(action.t).value_or(INT64_MIN) >= floor_ms;
      if (in_window) {
        window.push_back(action);
        if (matches) {
          matching_in_window.push_back(action);
        }
      }
    }
    const std::string from_to = pending.window_minute == pending.minute
                                    ? fmt::format("at {}", model::FormatTestTime(pending.minute))
                                    : fmt::format("from {} to {}", model::FormatTestTime(pending.window_minute),
                                                  model::FormatTestTime(pending.minute));
    if (step.kind == model::TestStep::Kind::Expect && !any_match) {
      result.failures.push_back(Failure{.step = &step,
                                        .expected = DescribeExpectation(step),
                                        .when = fmt::format("by {}", model::FormatTestTime(pending.minute)),
                                        .actions = window});
      result.failures.back().when += "; actions " + from_to;
    } else if (step.kind == model::TestStep::Kind::ExpectNo && !matching_in_window.empty()) {
      result.failures.push_back(Failure{.step = &step,
                                        .expected = "no " + DescribeExpectation(step),
                                        .when = from_to,
                                        .actions = matching_in_window});
    }
  }
  all_actions = std::move(actions);
  return result;
}

}  // namespace

auto TestDayStartMs() -> int64_t {
  static const int64_t start_ms = runtime::ParseTimestamp(fmt::format("{}T00:00:00Z", kTestDay)).value_or(0);
  return start_ms;
}

auto Report::passed() const -> size_t {
  return static_cast<size_t>(std::count_if(results.begin(), results.end(), [](const TestResult& r) { return r.passed(); }));
}

auto Report::failed() const -> size_t { return results.size() - passed(); }

auto RunTests(const model::Plant& plant, const source::SourceManager& sources, const takt_executor& executor,
              const Options& options) -> Report {
  Report report;
  // `src` of an action → the clauses at that location; the executor's rule table is indexed by
  // clause id, and its locations are the same `file:line:col` the model's spans render to.
  std::map<std::string, std::vector<uint32_t>> clauses_at;
  for (uint32_t i = 0; i < plant.clauses.size(); ++i) {
    const model::Clause& clause = plant.clauses[i];
    if (clause.span.is_valid()) {
      clauses_at[sources.FormatLocation(clause.span)].push_back(i);
    }
  }
  const interp::PlantClock clock(plant.timezone);
  for (const model::Test& test : plant.tests) {
    if (!options.filter.empty() && test.name.find(options.filter) == std::string::npos) {
      ++report.filtered_out;
      continue;
    }
    std::vector<ObservedAction> actions;
    report.results.push_back(RunOneTest(clock, test, executor, actions));
    for (const ObservedAction& action : actions) {
      auto it = clauses_at.find(action.src);
      if (it == clauses_at.end()) {
        continue;
      }
      for (uint32_t clause : it->second) {
        if (plant.clauses[clause].rule == action.rule) {
          report.clauses_hit.insert(clause);
        }
      }
    }
  }
  return report;
}

}  // namespace takt::tester
