// The action-level difference between two runs of the same history (`takt replay`): which
// actions the new standard adds or no longer takes, event by event, grouped by the rule that
// demanded them, with the source of that rule on each side. Two actions are the same when they
// agree on every field but `src`, so a change that only moves lines (formatting) is no
// difference.
#ifndef TAKT_COMPILER_REPLAY_ACTION_DIFF_H_
#define TAKT_COMPILER_REPLAY_ACTION_DIFF_H_

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <span>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "takt/runtime.h"
#include "takt/session.h"

namespace takt::replay {

struct RuleChanges {
  std::string old_src;  // Of the rule's first action on each side; empty when it has none.
  std::string new_src;
  std::vector<nlohmann::ordered_json> added;    // New actions, without `src`, in event order.
  std::vector<nlohmann::ordered_json> removed;  // Old actions no longer taken.
};

struct ActionDiffWindow {
  std::optional<int64_t> from_ms;  // Report changes to actions at or after; all when empty.
  std::optional<int64_t> to_ms;    // … and before.
};

class ActionDiff {
 public:
  explicit ActionDiff(ActionDiffWindow window) : window_(window) {}

  // Compares the actions both runs wrote for the same whole events (JSON lines, in event order).
  void Compare(std::string_view old_lines, std::string_view new_lines);

  auto by_rule() const -> const std::map<std::string, RuleChanges>& { return by_rule_; }
  auto old_actions() const -> uint64_t { return old_actions_; }
  auto new_actions() const -> uint64_t { return new_actions_; }
  auto added() const -> uint64_t { return added_; }
  auto removed() const -> uint64_t { return removed_; }
  auto empty() const -> bool { return added_ == 0 && removed_ == 0; }

 private:
  struct Action {
    int64_t event = 0;
    std::string key;  // The line without `src`: what two runs must agree on.
    nlohmann::ordered_json fields;
    std::string src;
  };
  static auto Parse(std::string_view lines) -> std::vector<Action>;
  void CompareEvent(std::span<const Action> old_actions, std::span<const Action> new_actions);
  void Record(const Action& action, bool added);

  ActionDiffWindow window_;
  std::map<std::string, RuleChanges> by_rule_;
  uint64_t old_actions_ = 0;
  uint64_t new_actions_ = 0;
  uint64_t added_ = 0;
  uint64_t removed_ = 0;
};

// Collects a run's actions until they are compared.
class PendingActions final : public runtime::ActionSink {
 public:
  void Write(std::string_view lines) override { text_.append(lines); }
  auto Take() -> std::string { return std::exchange(text_, std::string()); }

 private:
  std::string text_;
};

// Runs the same history through two executors, a chunk of whole lines at a time, and compares
// what each wrote for those lines: memory does not grow with the history.
class Lockstep {
 public:
  Lockstep(const takt_executor& old_executor, const takt_executor& new_executor, ActionDiff& diff);

  // Any chunk of the history; a line split across chunks is completed by the next.
  void Feed(std::string_view chunk);
  // The end of the history; its last line may lack its newline.
  void Finish();

  auto events() const -> uint64_t { return old_session_.summary().events; }

 private:
  void Run(std::string_view lines);

  PendingActions old_actions_;
  PendingActions new_actions_;
  runtime::Session old_session_;
  runtime::Session new_session_;
  ActionDiff& diff_;
  std::string partial_;
};

struct ReplayTotals {
  uint64_t events = 0;
};

auto RenderReplayText(const ActionDiff& diff, const ReplayTotals& totals) -> std::string;
auto RenderReplayMarkdown(const ActionDiff& diff, const ReplayTotals& totals) -> std::string;
auto RenderReplayJson(const ActionDiff& diff, const ReplayTotals& totals) -> std::string;

}  // namespace takt::replay

#endif  // TAKT_COMPILER_REPLAY_ACTION_DIFF_H_
