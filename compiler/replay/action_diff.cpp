#include "compiler/replay/action_diff.h"

#include <fmt/format.h>

#include <unordered_map>

#include "takt/timestamp.h"

namespace takt::replay {

using Json = nlohmann::ordered_json;

auto ActionDiff::Parse(std::string_view lines) -> std::vector<Action> {
  std::vector<Action> actions;
  while (!lines.empty()) {
    const size_t end = std::min(lines.find('\n'), lines.size());
    Json fields = Json::parse(lines.substr(0, end), nullptr, /*allow_exceptions=*/false);
    lines.remove_prefix(std::min(end + 1, lines.size()));
    // The runtime writes one object per line; anything else is not an action to compare.
    if (!fields.is_object() || !fields.contains("event") || !fields["event"].is_number_integer()) {
      continue;
    }
    // A delivered action's id (`takt replay --journal`) numbers it among its line's actions: one
    // action more or less before it in the same line is no change to it.
    fields.erase("action_id");
    Action action;
    action.event = fields["event"].get<int64_t>();
    if (fields.contains("src") && fields["src"].is_string()) {
      action.src = fields["src"].get<std::string>();
      fields.erase("src");
    }
    action.key = fields.dump();
    action.fields = std::move(fields);
    actions.push_back(std::move(action));
  }
  return actions;
}

void ActionDiff::Compare(std::string_view old_lines, std::string_view new_lines) {
  const std::vector<Action> before = Parse(old_lines);
  const std::vector<Action> after = Parse(new_lines);
  old_actions_ += before.size();
  new_actions_ += after.size();
  // Both runs are in event order: walk them one event at a time.
  size_t i = 0;
  size_t j = 0;
  while (i < before.size() || j < after.size()) {
    const int64_t event = i == before.size()   ? after[j].event
                          : j == after.size() ? before[i].event
                                              : std::min(before[i].event, after[j].event);
    const size_t i_end = [&] {
      size_t k = i;
      while (k < before.size() && before[k].event == event) {
        ++k;
      }
      return k;
    }();
    const size_t j_end = [&] {
      size_t k = j;
      while (k < after.size() && after[k].event == event) {
        ++k;
      }
      return k;
    }();
    CompareEvent(std::span(before).subspan(i, i_end - i), std::span(after).subspan(j, j_end - j));
    i = i_end;
    j = j_end;
  }
}

// The actions of one event as multisets: what only one side took. An event may fire up to the
// timer budget's 100,000 timers, so no quadratic matching.
void ActionDiff::CompareEvent(std::span<const Action> old_actions, std::span<const Action> new_actions) {
  if (std::equal(old_actions.begin(), old_actions.end(), new_actions.begin(), new_actions.end(),
                 [](const Action& a, const Action& b) { return a.key == b.key; })) {
    return;
  }
  std::unordered_map<std::string_view, int64_t> balance;
  for (const Action& action : old_actions) {
    ++balance[action.key];
  }
  for (const Action& action : new_actions) {
    if (auto it = balance.find(action.key); it != balance.end() && it->second > 0) {
      --it->second;
    } else {
      Record(action, /*added=*/true);
    }
  }
  // What is left was taken only by the old standard.
  for (const Action& action : old_actions) {
    if (int64_t& left = balance[action.key]; left > 0) {
      --left;
      Record(action, /*added=*/false);
    }
  }
}

void ActionDiff::Record(const Action& action, bool added) {
  const Json& t = action.fields["t"];
  if (window_.from_ms || window_.to_ms) {
    const std::optional<int64_t> ms = t.is_string() ? runtime::ParseTimestamp(t.get<std::string>()) : std::nullopt;
    if (!ms || (window_.from_ms && *ms < *window_.from_ms) || (window_.to_ms && *ms >= *window_.to_ms)) {
      return;
    }
  }
  const std::string rule = action.fields.value("rule", std::string("?"));
  RuleChanges& changes = by_rule_[rule];
  if (std::string& src = added ? changes.new_src : changes.old_src; src.empty()) {
    src = action.src;
  }
  (added ? changes.added : changes.removed).push_back(action.fields);
  ++(added ? added_ : removed_);
}

Lockstep::Lockstep(const takt_executor& old_executor, const takt_executor& new_executor, ActionDiff& diff)
    : old_session_(old_executor, old_actions_), new_session_(new_executor, new_actions_), diff_(diff) {}

void Lockstep::Feed(std::string_view chunk) {
  const size_t last_newline = chunk.rfind('\n');
  if (last_newline == std::string_view::npos) {
    partial_.append(chunk);
    return;
  }
  partial_.append(chunk.substr(0, last_newline + 1));
  Run(partial_);
  partial_.assign(chunk.substr(last_newline + 1));
}

void Lockstep::Finish() {
  old_session_.Feed(partial_);
  new_session_.Feed(partial_);
  old_session_.Finish();
  new_session_.Finish();
  diff_.Compare(old_actions_.Take(), new_actions_.Take());
}

void Lockstep::Run(std::string_view lines) {
  old_session_.Feed(lines);
  new_session_.Feed(lines);
  old_session_.Flush();
  new_session_.Flush();
  diff_.Compare(old_actions_.Take(), new_actions_.Take());
}

namespace {

// `lot l_17, role quality_engineer`: what an action is about, past its stamp.
auto Details(const Json& action) -> std::string {
  std::string text;
  for (const auto& [key, value] : action.items()) {
    if (key == "t" || key == "event" || key == "action" || key == "rule" || key == "src") {
      continue;
    }
    text += fmt::format("{}{} {}", text.empty() ? "" : ", ", key,
                        value.is_string() ? value.get<std::string>() : value.dump());
  }
  return text;
}

auto When(const Json& action) -> std::string {
  const Json& t = action["t"];
  return t.is_string() ? t.get<std::string>() : "before the first time";
}

// `+3 hold, -1 notify`, in the order the kinds first appear.
auto KindCounts(const RuleChanges& changes) -> std::string {
  std::vector<std::pair<std::string, std::pair<int, int>>> counts;
  auto count = [&](const Json& action, bool added) {
    const std::string kind = action.value("action", std::string("?"));
    auto it = std::find_if(counts.begin(), counts.end(), [&](const auto& entry) { return entry.first == kind; });
    if (it == counts.end()) {
      it = counts.insert(counts.end(), {kind, {0, 0}});
    }
    ++(added ? it->second.first : it->second.second);
  };
  for (const Json& action : changes.added) {
    count(action, true);
  }
  for (const Json& action : changes.removed) {
    count(action, false);
  }
  std::string text;
  for (const auto& [kind, added_removed] : counts) {
    if (added_removed.first != 0) {
      text += fmt::format("{}+{} {}", text.empty() ? "" : ", ", added_removed.first, kind);
    }
    if (added_removed.second != 0) {
      text += fmt::format("{}-{} {}", text.empty() ? "" : ", ", added_removed.second, kind);
    }
  }
  return text;
}

auto Headline(const ActionDiff& diff, const ReplayTotals& totals) -> std::string {
  if (diff.empty()) {
    return fmt::format("{} events: the new standard takes the same {} actions as the old", totals.events,
                       diff.old_actions());
  }
  return fmt::format("{} events: the old standard took {} actions, the new one {}: {} added, {} removed",
                     totals.events, diff.old_actions(), diff.new_actions(), diff.added(), diff.removed());
}

auto Sources(const RuleChanges& changes) -> std::string {
  if (changes.old_src.empty()) {
    return "new " + changes.new_src;
  }
  if (changes.new_src.empty()) {
    return "old " + changes.old_src;
  }
  return fmt::format("old {}, new {}", changes.old_src, changes.new_src);
}

// Every change of one rule, added then removed, each in event order.
template <typename Visit>
void ForEachChange(const RuleChanges& changes, Visit visit) {
  for (const Json& action : changes.added) {
    visit(action, true);
  }
  for (const Json& action : changes.removed) {
    visit(action, false);
  }
}

auto EscapeCell(std::string text) -> std::string {
  std::string escaped;
  for (char c : text) {
    if (c == '|') {
      escaped += '\\';
    }
    escaped += c;
  }
  return escaped;
}

}  // namespace

auto RenderReplayText(const ActionDiff& diff, const ReplayTotals& totals) -> std::string {
  std::string out = "replay: " + Headline(diff, totals) + "\n";
  for (const auto& [rule, changes] : diff.by_rule()) {
    out += fmt::format("\n{}: {} ({})\n", rule, KindCounts(changes), Sources(changes));
    ForEachChange(changes, [&](const Json& action, bool added) {
      out += fmt::format("  {} {} at {} (event {}): {}\n", added ? '+' : '-', action.value("action", std::string()),
                         When(action), action["event"].dump(), Details(action));
    });
  }
  return out;
}

auto RenderReplayMarkdown(const ActionDiff& diff, const ReplayTotals& totals) -> std::string {
  std::string out = "**Replay**: " + Headline(diff, totals) + ".\n";
  if (diff.empty()) {
    return out;
  }
  out += "\n| Rule | Change | Action | At | Event | Details | Source |\n|---|---|---|---|---|---|---|\n";
  for (const auto& [rule, changes] : diff.by_rule()) {
    ForEachChange(changes, [&](const Json& action, bool added) {
      out += fmt::format("| `{}` | {} | {} | {} | {} | {} | {} |\n", rule, added ? "added" : "removed",
                         action.value("action", std::string()), When(action), action["event"].dump(),
                         EscapeCell(Details(action)), added ? changes.new_src : changes.old_src);
    });
  }
  return out;
}

auto RenderReplayJson(const ActionDiff& diff, const ReplayTotals& totals) -> std::string {
  Json rules = Json::array();
  for (const auto& [rule, changes] : diff.by_rule()) {
    rules.push_back(Json{{"rule", rule},
                         {"old_src", changes.old_src},
                         {"new_src", changes.new_src},
                         {"added", changes.added},
                         {"removed", changes.removed}});
  }
  const Json document{{"events", totals.events},     {"old_actions", diff.old_actions()},
                      {"new_actions", diff.new_actions()}, {"added", diff.added()},
                      {"removed", diff.removed()},   {"rules", std::move(rules)}};
  return document.dump(2) + "\n";
}

}  // namespace takt::replay
