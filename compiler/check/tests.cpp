// `test` blocks: each step is an event for the executor or an expectation about the actions.
// The words of a step are given their meaning here, so a typo in a test is caught by `check`
// like any other, not at `takt test` time.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "compiler/check/checker.h"
#include "takt/names.h"

namespace takt::check {

namespace {

// Evidence: the names after the key, up to the next key (`evidence measurement photo`). Fields:
// no key of its own, each field a reason requires is a key (`cause "worn bearing"`).
enum class ArgKind : uint8_t {
  Workcenter, Control, Reason, Routing, Case, Role, Handover, Deviation, Line, Word, Number, Integer, Evidence, Fields
};

struct Param {
  std::string_view key;
  ArgKind kind;
  bool required = false;
};

struct VerbSpec {
  std::string_view verb;
  // Written without a key, in order, right after the verb (`down press_01`).
  std::vector<Param> positional;
  std::vector<Param> keyed;
};

auto ArgKindName(ArgKind kind) -> std::string_view {
  switch (kind) {
    case ArgKind::Workcenter: return "a workcenter";
    case ArgKind::Control: return "a control";
    case ArgKind::Reason: return "a reason";
    case ArgKind::Routing: return "a routing";
    case ArgKind::Case: return "a case";
    case ArgKind::Role: return "a role";
    case ArgKind::Handover: return "a handover";
    case ArgKind::Line: return "a line";
    case ArgKind::Deviation: return "a deviation";
    case ArgKind::Word: return "a name";
    case ArgKind::Number: return "a number";
    case ArgKind::Integer: return "a whole number";
    case ArgKind::Evidence: return "evidence a case requires";
    case ArgKind::Fields: return "a field a reason requires";
  }
  return "a value";
}

auto ArgKindOf(runtime::EventFieldType type) -> ArgKind {
  using runtime::EventFieldType;
  switch (type) {
    case EventFieldType::Workcenter: return ArgKind::Workcenter;
    case EventFieldType::Control: return ArgKind::Control;
    case EventFieldType::Reason: return ArgKind::Reason;
    case EventFieldType::Routing: return ArgKind::Routing;
    case EventFieldType::Deviation: return ArgKind::Deviation;
    case EventFieldType::Handover: return ArgKind::Handover;
    case EventFieldType::Line: return ArgKind::Line;
    case EventFieldType::Role: return ArgKind::Role;
    case EventFieldType::Case: return ArgKind::Case;
    // Names the plant does not declare: created by the events, or checked by the runtime.
    case EventFieldType::Risk:
    case EventFieldType::Outcome:
    case EventFieldType::Order:
    case EventFieldType::NewOrder:
    case EventFieldType::ReleasedLot:
    case EventFieldType::Lot:
    case EventFieldType::Material:
    case EventFieldType::MaterialLot:
    case EventFieldType::CaseLot:
    case EventFieldType::Text: return ArgKind::Word;
    case EventFieldType::Number:
    case EventFieldType::Amount: return ArgKind::Number;
    case EventFieldType::OpNumber:
    case EventFieldType::Pieces:
    case EventFieldType::Quantity:
    case EventFieldType::Revision: return ArgKind::Integer;
    case EventFieldType::Evidence: return ArgKind::Evidence;
    case EventFieldType::Fields: return ArgKind::Fields;
  }
  return ArgKind::Word;
}

// One verb per event kind, with the fields the runtime reads (runtime/include/takt/event_kind.def).
const std::vector<VerbSpec>& EventVerbs() {
  static const std::vector<VerbSpec> verbs = [] {
    std::vector<VerbSpec> result;
    for (uint32_t kind = 0; kind < TAKT_EVENT_KIND_COUNT; ++kind) {
      VerbSpec spec{.verb = runtime::kEventKindNames[kind], .positional = {}, .keyed = {}};
      for (const runtime::EventField& field : runtime::EventFieldsOf(kind)) {
        const Param param{.key = runtime::kEventKeys[static_cast<size_t>(field.key)].name,
                          .kind = ArgKindOf(field.type),
                          .required = field.required};
        (field.positional ? spec.positional : spec.keyed).push_back(param);
      }
      result.push_back(std::move(spec));
    }
    return result;
  }();
  return verbs;
}

// What an expectation may say about an action of `kind`.
auto ExpectationOf(takt_action_kind kind) -> VerbSpec {
  const std::string_view verb = runtime::kActionKindNames[kind];
  switch (kind) {
    case TAKT_ACTION_NOTIFY:
    case TAKT_ACTION_ESCALATE:
    case TAKT_ACTION_RECORD_INCOMPLETE: return {verb, {{"role", ArgKind::Role}}, {}};
    case TAKT_ACTION_HOLD:
    case TAKT_ACTION_RELEASE:
    case TAKT_ACTION_SCRAP: return {verb, {}, {{"lot", ArgKind::Word}}};
    case TAKT_ACTION_REWORK: return {verb, {}, {{"order", ArgKind::Word}, {"op", ArgKind::Integer}}};
    case TAKT_ACTION_STOP_LINE: return {verb, {}, {{"line", ArgKind::Word}}};
    case TAKT_ACTION_OPEN_CASE: return {verb, {{"case", ArgKind::Case}}, {}};
    case TAKT_ACTION_CLOSE_CASE: return {verb, {{"case", ArgKind::Case}}, {{"outcome", ArgKind::Word}}};
    case TAKT_ACTION_SPC_SIGNAL: return {verb, {{"control", ArgKind::Control}}, {{"rule", ArgKind::Word}}};
    case TAKT_ACTION_WARNING:
    case TAKT_ACTION_REJECT: return {verb, {}, {{"reason", ArgKind::Word}, {"order", ArgKind::Word}}};
    case TAKT_ACTION_DEVIATION_ACTIVE:
    case TAKT_ACTION_DEVIATION_EXPIRED: return {verb, {{"deviation", ArgKind::Deviation}}, {}};
    case TAKT_ACTION_HANDOVER_REPORT: return {verb, {{"handover", ArgKind::Handover}}, {}};
    case TAKT_ACTION_REPORT_ITEM:
      return {verb,
              {{"handover", ArgKind::Handover}},
              {{"item", ArgKind::Word},
               {"lot", ArgKind::Word},
               {"order", ArgKind::Word},
               {"workcenter", ArgKind::Workcenter},
               {"deviation", ArgKind::Deviation}}};
    case TAKT_ACTION_SAMPLE_MISSED: return {verb, {{"control", ArgKind::Control}}, {{"lot", ArgKind::Word}}};
    case TAKT_ACTION_GENEALOGY: return {verb, {}, {{"lot", ArgKind::Word}, {"material_lot", ArgKind::Word}}};
  }
  return {verb, {}, {}};
}

// One verb per action kind, and `open` for `open_case` (`expect open containment`).
const std::vector<VerbSpec>& ActionVerbs() {
  static const std::vector<VerbSpec> verbs = [] {
    std::vector<VerbSpec> result;
    for (uint32_t kind = 0; kind < TAKT_ACTION_KIND_COUNT; ++kind) {
      result.push_back(ExpectationOf(static_cast<takt_action_kind>(kind)));
    }
    result.push_back({"open", {{"case", ArgKind::Case}}, {}});
    return result;
  }();
  return verbs;
}

// `a, b or c`: the verbs a step may use, for the note of an unknown one.
auto VerbList(const std::vector<VerbSpec>& verbs) -> std::string {
  std::string text;
  for (size_t i = 0; i < verbs.size(); ++i) {
    text += fmt::format("{}{}", i == 0 ? "" : i + 1 == verbs.size() ? " or " : ", ", verbs[i].verb);
  }
  return text;
}

// `day 1 23:00` when the step names its day, else as FormatTestTime prints it.
auto WrittenTime(const ast::TestTime& at, int32_t minute) -> std::string {
  return at.day && minute < model::kMinutesPerDay ? "day 1 " + model::FormatTestTime(minute)
                                                  : model::FormatTestTime(minute);
}

}  // namespace

// The minute of `at [day N] HH:MM` after midnight of day 1; a step without a day is on the day of
// `previous`, the minute of the last step with a time. Nullopt after a diagnostic.
auto Checker::TestStepMinute(const ast::TestTime& at, std::optional<int32_t> previous) -> std::optional<int32_t> {
  int64_t day = previous ? *previous / model::kMinutesPerDay + 1 : 1;
  if (at.day) {
    day = at.day->value;
    if (day < 1 || day > model::kMaxTestDay) {
      diagnostics_.Emit(diag::TestDayOutOfRange, at.day->span, day, model::kMaxTestDay)
          .Primary(fmt::format("expected a day from 1 to {}", model::kMaxTestDay))
          .Note("day 1 is the day a test starts on, day 2 the next one");
      return std::nullopt;
    }
  }
  return static_cast<int32_t>((day - 1) * model::kMinutesPerDay) + at.time.minutes;
}

void Checker::DefineTest(const ast::Test& test) {
  if (auto [it, inserted] = test_names_.try_emplace(test.name.value, test.name.span); !inserted) {
    diagnostics_.Emit(diag::DuplicateTestName, test.name.span, test.name.value)
        .Secondary(it->second, "first test with this name");
    return;
  }
  model::Test result{.name = test.name.value, .steps = {}, .span = test.name.span};
  bool ok = true;
  std::optional<int32_t> at_minute;  // Of the last step that said `at`.
  source::Span at_span;
  for (const ast::TestStep& step : test.steps) {
    if (step.at) {
      const std::optional<int32_t> minute = TestStepMinute(*step.at, at_minute);
      if (!minute) {
        ok = false;
      } else if (at_minute && *minute < *at_minute) {
        auto diag = diagnostics_.Emit(diag::TestTimeBackwards, step.at->span, WrittenTime(*step.at, *minute),
                                      model::FormatTestTime(*at_minute));
        diag.Primary(fmt::format("this step at {}", WrittenTime(*step.at, *minute)))
            .Secondary(at_span, fmt::format("the step before, at {}", model::FormatTestTime(*at_minute)))
            .Note("time in a test only moves forward, as in the event log");
        if (!step.at->day) {
          // `at 06:00` after `at 22:00` most likely means the next morning.
          diag.Help(fmt::format("a step on a later day names it: `at day {} {}`",
                                *at_minute / model::kMinutesPerDay + 2,
                                model::FormatTestTime(step.at->time.minutes)));
        }
        ok = false;
      }
      if (minute) {
        at_minute = minute;
        at_span = step.at->span;
      }
    }
    bool is_event = step.kind == ast::TestStep::Kind::Event;
    const auto& verbs = is_event ? EventVerbs() : ActionVerbs();
    auto spec = std::find_if(verbs.begin(), verbs.end(),
                             [&](const VerbSpec& v) { return v.verb == step.verb.text; });
    if (spec == verbs.end()) {
      std::vector<std::string_view> names;
      for (const VerbSpec& v : verbs) {
        names.push_back(v.verb);
      }
      auto diag = diagnostics_.Emit(diag::UnknownTestVerb, step.verb.span, step.verb.text);
      if (auto best = diagnostics::ClosestMatch(step.verb.text, names)) {
        diag.Help(fmt::format("did you mean `{}`?", *best)).Fix(step.verb.span, std::string(*best));
      } else {
        diag.Note(fmt::format("{}: {}", is_event ? "a test step is an event" : "an expectation names an action",
                              VerbList(verbs)));
      }
      ok = false;
      continue;
    }
    model::TestStep out{.kind = static_cast<model::TestStep::Kind>(step.kind),
                        .at_minute = step.at ? at_minute : std::nullopt,
                        .verb = step.verb.text,
                        .fields = {},
                        .span = step.span};
    bool step_ok = true;
    // Gives one word its meaning; false after a diagnostic.
    auto take = [&](const Param& param, const ast::Word& word, std::string_view after) {
      bool is_name = word.kind == ast::Word::Kind::Name;
      bool numeric = word.kind == ast::Word::Kind::Number;
      bool fits = true;
      switch (param.kind) {
        case ArgKind::Number: fits = numeric; break;
        case ArgKind::Integer: fits = numeric && word.number == std::floor(word.number); break;
        case ArgKind::Word: fits = is_name || numeric || word.kind == ast::Word::Kind::String; break;
        default: fits = is_name; break;
      }
      if (!fits) {
        diagnostics_.Emit(diag::BadTestArgument, word.span, ArgKindName(param.kind), after);
        return false;
      }
      ast::Name name{.text = word.text, .span = word.span};
      std::optional<uint32_t> resolved = 0;
      switch (param.kind) {
        case ArgKind::Workcenter: resolved = Resolve(name, SymbolKind::Workcenter); break;
        case ArgKind::Control: resolved = Resolve(name, SymbolKind::Control); break;
        case ArgKind::Routing: resolved = Resolve(name, SymbolKind::Routing); break;
        case ArgKind::Case: resolved = Resolve(name, SymbolKind::Case); break;
        case ArgKind::Role: resolved = Resolve(name, SymbolKind::Role); break;
        case ArgKind::Handover: resolved = Resolve(name, SymbolKind::Handover); break;
        case ArgKind::Line: resolved = Resolve(name, SymbolKind::Line); break;
        case ArgKind::Deviation: resolved = Resolve(name, SymbolKind::Deviation); break;
        case ArgKind::Reason: {
          ast::QualifiedName path{.parts = {name}, .text = word.text, .span = word.span};
          resolved = ResolveReason(path) ? std::optional<uint32_t>(0) : std::nullopt;
          break;
        }
        default: break;
      }
      if (!resolved) {
        return false;
      }
      out.fields.push_back(model::TestField{.key = std::string(param.key), .value = word.text, .is_number = numeric});
      return true;
    };
    // A name of the descriptor's evidence or fields table.
    auto required_name = [&](const ast::Word& word, const std::vector<std::string>& table, std::string_view noun) {
      if (std::find(table.begin(), table.end(), word.text) != table.end()) {
        return true;
      }
      auto diag = diagnostics_.Emit(diag::UnknownName, word.span, noun, word.text);
      if (auto best = diagnostics::ClosestMatch(word.text, std::vector<std::string_view>(table.begin(), table.end()))) {
        diag.Help(fmt::format("did you mean `{}`?", *best)).Fix(word.span, std::string(*best));
      }
      return false;
    };
    const auto is_key = [&](const ast::Word& word) {
      return word.kind == ast::Word::Kind::Name &&
             std::any_of(spec->keyed.begin(), spec->keyed.end(), [&](const Param& p) { return p.key == word.text; });
    };
    const bool takes_fields = std::any_of(spec->keyed.begin(), spec->keyed.end(),
                                          [](const Param& p) { return p.kind == ArgKind::Fields; });

    size_t i = 0;
    std::string previous_word = step.verb.text;
    for (const Param& param : spec->positional) {
      if (i >= step.args.size() || (i < step.args.size() && std::any_of(spec->keyed.begin(), spec->keyed.end(), [&](const Param& k) {
            return step.args[i].kind == ast::Word::Kind::Name && step.args[i].text == k.key;
          }))) {
        if (param.required) {
          diagnostics_.Emit(diag::BadTestArgument, i < step.args.size() ? step.args[i].span : step.verb.span,
                            ArgKindName(param.kind), previous_word);
          step_ok = false;
        }
        break;
      }
      step_ok = take(param, step.args[i], previous_word) && step_ok;
      previous_word = step.args[i].text;
      ++i;
    }
    std::vector<std::string_view> seen_keys;
    while (step_ok && i < step.args.size()) {
      const ast::Word& key = step.args[i];
      // `fields` is no key of a step: each field is.
      auto param = std::find_if(spec->keyed.begin(), spec->keyed.end(), [&](const Param& p) {
        return key.kind == ast::Word::Kind::Name && p.key == key.text && p.kind != ArgKind::Fields;
      });
      if (param != spec->keyed.end() && param->kind == ArgKind::Evidence) {
        size_t end = i + 1;
        while (end < step.args.size() && !is_key(step.args[end])) {
          const ast::Word& name = step.args[end];
          if (name.kind == ast::Word::Kind::Number) {
            diagnostics_.Emit(diag::BadTestArgument, name.span, ArgKindName(param->kind), key.text);
            step_ok = false;
          } else if (!required_name(name, plant_->evidence_names, "evidence")) {
            step_ok = false;
          } else {
            out.fields.push_back(model::TestField{.key = std::string(param->key), .value = name.text});
          }
          ++end;
        }
        if (end == i + 1) {
          diagnostics_.Emit(diag::BadTestArgument, key.span, ArgKindName(param->kind), key.text);
          step_ok = false;
        }
        previous_word = step.args[end - 1].text;
        i = end;
        continue;
      }
      if (param == spec->keyed.end() && takes_fields && key.kind == ast::Word::Kind::Name &&
          i + 1 < step.args.size()) {
        if (!required_name(key, plant_->field_names, "reason field")) {
          step_ok = false;
          break;
        }
        out.fields.push_back(model::TestField{.key = fmt::format("fields.{}", key.text), .value = step.args[i + 1].text});
        previous_word = step.args[i + 1].text;
        i += 2;
        continue;
      }
      if (param == spec->keyed.end()) {
        std::string expected;
        for (const Param& p : spec->keyed) {
          const std::string what = p.kind == ArgKind::Fields ? std::string(ArgKindName(p.kind)) : fmt::format("`{}`", p.key);
          expected += (expected.empty() ? "" : ", ") + what;
        }
        diagnostics_.Emit(diag::BadTestArgument, key.span,
                          expected.empty() ? std::string("nothing more") : "one of " + expected, previous_word);
        step_ok = false;
        break;
      }
      if (i + 1 >= step.args.size()) {
        diagnostics_.Emit(diag::BadTestArgument, key.span, ArgKindName(param->kind), key.text);
        step_ok = false;
        break;
      }
      seen_keys.push_back(param->key);
      step_ok = take(*param, step.args[i + 1], key.text);
      previous_word = step.args[i + 1].text;
      i += 2;
    }
    if (step_ok && is_event) {
      for (const Param& param : spec->keyed) {
        if (param.required && std::find(seen_keys.begin(), seen_keys.end(), param.key) == seen_keys.end()) {
          diagnostics_.Emit(diag::BadTestArgument, step.verb.span, fmt::format("`{} …`", param.key), step.verb.text)
              .Help(fmt::format("`{}` needs `{}` {}", step.verb.text, param.key, ArgKindName(param.kind)));
          step_ok = false;
          break;
        }
      }
    }
    ok = ok && step_ok;
    result.steps.push_back(std::move(out));
  }
  if (ok) {
    plant_->tests.push_back(std::move(result));
  }
}

}  // namespace takt::check
