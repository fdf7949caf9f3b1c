// `test` blocks: each step is an event for the executor or an expectation about the actions.
// The words of a step are given their meaning here, so a typo in a test is caught by `check`
// like any other, not at `takt test` time.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "compiler/check/checker.h"

namespace takt::check {

namespace {

enum class ArgKind : uint8_t { Workcenter, Control, Reason, Routing, Case, Role, Handover, Deviation, Word, Number, Integer };

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
    case ArgKind::Deviation: return "a deviation";
    case ArgKind::Word: return "a name";
    case ArgKind::Number: return "a number";
    case ArgKind::Integer: return "a whole number";
  }
  return "a value";
}

const std::vector<VerbSpec>& EventVerbs() {
  static const std::vector<VerbSpec> verbs = {
      {"down", {{"workcenter", ArgKind::Workcenter, true}}, {{"reason", ArgKind::Reason}}},
      {"up", {{"workcenter", ArgKind::Workcenter, true}}, {}},
      {"measure", {{"control", ArgKind::Control, true}, {"value", ArgKind::Number, true}},
       {{"lot", ArgKind::Word}, {"workcenter", ArgKind::Workcenter}}},
      {"release", {}, {{"order", ArgKind::Word, true}, {"routing", ArgKind::Routing, true},
                       {"lot", ArgKind::Word, true}, {"qty", ArgKind::Integer, true}}},
      {"start", {}, {{"order", ArgKind::Word, true}, {"op", ArgKind::Integer, true}, {"by", ArgKind::Word}}},
      {"confirm", {}, {{"order", ArgKind::Word, true}, {"op", ArgKind::Integer, true}, {"by", ArgKind::Word}}},
      {"complete", {}, {{"order", ArgKind::Word, true}, {"op", ArgKind::Integer, true}, {"by", ArgKind::Word}}},
      {"fail", {}, {{"order", ArgKind::Word, true}, {"op", ArgKind::Integer, true}, {"by", ArgKind::Word}}},
      {"decide", {{"case", ArgKind::Case, true}}, {{"outcome", ArgKind::Word, true}, {"by", ArgKind::Word}}},
      {"acknowledge", {{"handover", ArgKind::Handover, true}}, {{"by", ArgKind::Word}}},
      {"approve", {{"deviation", ArgKind::Deviation, true}}, {{"by", ArgKind::Role, true}, {"risk", ArgKind::Word}}},
      {"tick", {}, {}},
  };
  return verbs;
}

const std::vector<VerbSpec>& ActionVerbs() {
  static const std::vector<VerbSpec> verbs = {
      {"notify", {{"role", ArgKind::Role}}, {}},
      {"escalate", {{"role", ArgKind::Role}}, {}},
      {"hold", {}, {{"lot", ArgKind::Word}}},
      {"release", {}, {{"lot", ArgKind::Word}}},
      {"scrap", {}, {{"lot", ArgKind::Word}}},
      {"rework", {}, {{"order", ArgKind::Word}, {"op", ArgKind::Integer}}},
      {"stop_line", {}, {{"line", ArgKind::Word}}},
      {"open", {{"case", ArgKind::Case}}, {}},
      {"open_case", {{"case", ArgKind::Case}}, {}},
      {"spc_signal", {{"control", ArgKind::Control}}, {{"rule", ArgKind::Word}}},
      {"reject", {}, {{"reason", ArgKind::Word}, {"order", ArgKind::Word}}},
      {"handover_report", {{"handover", ArgKind::Handover}}, {}},
      {"deviation_active", {{"deviation", ArgKind::Deviation}}, {}},
      {"deviation_expired", {{"deviation", ArgKind::Deviation}}, {}},
  };
  return verbs;
}

auto FormatTime(int32_t minutes) -> std::string {
  return fmt::format("{:02}:{:02}", minutes / 60, minutes % 60);
}

}  // namespace

void Checker::DefineTest(const ast::Test& test) {
  if (auto [it, inserted] = test_names_.try_emplace(test.name.value, test.name.span); !inserted) {
    diagnostics_.Emit(diag::DuplicateTestName, test.name.span, test.name.value)
        .Secondary(it->second, "first test with this name");
    return;
  }
  model::Test result{.name = test.name.value, .steps = {}, .span = test.name.span};
  std::optional<ast::TimeOfDay> last_time;
  bool ok = true;
  for (const ast::TestStep& step : test.steps) {
    if (step.at) {
      if (last_time && step.at->minutes < last_time->minutes) {
        diagnostics_.Emit(diag::TestTimeBackwards, step.at->span, FormatTime(step.at->minutes),
                          FormatTime(last_time->minutes))
            .Secondary(last_time->span, "the step before")
            .Note("time in a test only moves forward, as in the event log");
        ok = false;
      }
      last_time = step.at;
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
        diag.Note(is_event ? "a test step is an event: down, up, measure, release, start, confirm, "
                             "complete, fail, decide, acknowledge, approve or tick"
                           : "an expectation names an action: notify, escalate, hold, release, scrap, "
                             "rework, stop_line, open, spc_signal, reject, handover_report, …");
      }
      ok = false;
      continue;
    }
    model::TestStep out{.kind = static_cast<model::TestStep::Kind>(step.kind),
                        .at_minute = step.at ? std::optional(step.at->minutes) : std::nullopt,
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
      auto param = std::find_if(spec->keyed.begin(), spec->keyed.end(),
                                [&](const Param& p) { return key.kind == ast::Word::Kind::Name && p.key == key.text; });
      if (param == spec->keyed.end()) {
        std::string expected;
        for (const Param& p : spec->keyed) {
          expected += (expected.empty() ? "`" : ", `") + std::string(p.key) + "`";
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
