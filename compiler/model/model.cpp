#include "compiler/model/model.h"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "takt/names.h"

namespace takt::model {

auto FormatDuration(int64_t ms) -> std::string {
  constexpr std::pair<int64_t, std::string_view> kUnits[] = {
      {86'400'000, "d"}, {3'600'000, "h"}, {60'000, "min"}, {1'000, "s"}};
  for (const auto& [unit_ms, symbol] : kUnits) {
    if (ms != 0 && ms % unit_ms == 0 && (symbol != "d" || ms >= 2 * unit_ms)) {
      return fmt::format("{} {}", ms / unit_ms, symbol);
    }
  }
  return fmt::format("{} ms", ms);
}

auto FormatTestTime(int32_t minute) -> std::string {
  const int32_t day = minute / kMinutesPerDay + 1;
  const int32_t of_day = minute % kMinutesPerDay;
  return fmt::format("{}{:02}:{:02}", day == 1 ? "" : fmt::format("day {} ", day), of_day / 60, of_day % 60);
}

auto SpcRuleName(SpcRule rule) -> std::string_view { return runtime::kSpcRuleNames[static_cast<size_t>(rule)]; }

auto FindSpcRule(std::string_view name) -> std::optional<SpcRule> {
  for (size_t i = 0; i < runtime::kSpcRuleNames.size(); ++i) {
    if (runtime::kSpcRuleNames[i] == name) {
      return static_cast<SpcRule>(i);
    }
  }
  return std::nullopt;
}

auto SpcRuleWindow(SpcRule rule) -> int { return runtime::kSpcRuleWindows[static_cast<size_t>(rule)]; }

auto ReportItemName(ReportItem item) -> std::string_view {
  return runtime::kReportItemWords[static_cast<size_t>(item)];
}

auto LossClassName(LossClass loss) -> std::string_view {
  if (loss == LossClass::None) {
    return "none";
  }
  return runtime::kLossClassNames[RuntimeLossClass(loss)];
}

auto Plant::ShiftEndingAt(int32_t minute) const -> uint32_t {
  for (uint32_t s = 0; s < shifts.size(); ++s) {
    if (shifts[s].end_minute % (24 * 60) == minute) {
      return s;
    }
  }
  return 0;
}

auto Weekday(int64_t day) -> int64_t {
  // 1970-01-01 was a Thursday (3, counting from Monday).
  return ((day + 3) % 7 + 7) % 7;
}

auto Plant::Planned(int64_t day) const -> bool {
  return ((working_days >> Weekday(day)) & 1) != 0 && !std::binary_search(holidays.begin(), holidays.end(), day);
}

auto Plant::LongestUnplannedRun() const -> int64_t {
  // Outside the holidays' span only weekdays count, and a week holds a working day (the checker
  // requires one): scanning a week either side of the holidays sees every run.
  const int64_t first = holidays.empty() ? 0 : holidays.front() - 7;
  const int64_t last = holidays.empty() ? 14 : holidays.back() + 7;
  int64_t longest = 0;
  int64_t run = 0;
  for (int64_t day = first; day <= last; ++day) {
    run = Planned(day) ? 0 : run + 1;
    longest = std::max(longest, run);
  }
  return longest;
}

auto Plant::ReasonOwner(ReasonId reason) const -> std::optional<RoleId> {
  for (std::optional<ReasonId> current = reason; current; current = reasons[current->index].parent) {
    if (reasons[current->index].owner) {
      return reasons[current->index].owner;
    }
  }
  return std::nullopt;
}

auto Plant::IsWithin(ReasonId reason, ReasonId ancestor) const -> bool {
  std::optional<ReasonId> current = reason;
  while (current) {
    if (*current == ancestor) {
      return true;
    }
    current = reasons[current->index].parent;
  }
  return false;
}

auto Plant::Matches(const StopTrigger& trigger, std::optional<ReasonId> reason) const -> bool {
  if (trigger.uncoded) {
    return !reason.has_value();
  }
  return reason.has_value() && IsWithin(*reason, trigger.reason);
}

auto NameMask(const std::vector<std::string>& names, const std::vector<std::string>& table) -> int64_t {
  int64_t mask = 0;
  for (const std::string& name : names) {
    const auto found = std::find(table.begin(), table.end(), name);
    if (found != table.end()) {
      mask |= int64_t{1} << (found - table.begin());
    }
  }
  return mask;
}

auto Plant::RequiredFieldsOf(ReasonId reason) const -> RequiredFields {
  RequiredFields result;
  for (std::optional<ReasonId> current = reason; current; current = reasons[current->index].parent) {
    const Reason& node = reasons[current->index];
    result.mask |= NameMask(node.required, field_names);
    if (!result.clause.is_valid() && node.required_clause.is_valid()) {
      result.clause = node.required_clause;
    }
  }
  return result;
}

namespace {

// Whether `reactions` act on the lot of their context, directly or through an outcome of a case
// they open; `visited` marks the cases already followed (outcomes may open cases in a cycle).
auto ActsOnLot(const Plant& plant, const std::vector<Reaction>& reactions, std::vector<bool>& visited) -> bool {
  for (const Reaction& reaction : reactions) {
    switch (reaction.kind) {
      case ReactionKind::HoldLot:
      case ReactionKind::ReleaseLot:
      case ReactionKind::ScrapLot: return true;
      case ReactionKind::OpenCase: {
        if (visited[reaction.case_id.index]) {
          break;
        }
        visited[reaction.case_id.index] = true;
        for (const Outcome& outcome : plant.case_of(reaction.case_id).outcomes) {
          if (ActsOnLot(plant, outcome.reactions, visited)) {
            return true;
          }
        }
        break;
      }
      case ReactionKind::StopLine:
      case ReactionKind::Notify:
      case ReactionKind::EscalateTo: break;
    }
  }
  return false;
}

}  // namespace

auto Plant::NeedsLot(const Control& control) const -> bool {
  std::vector<bool> visited(cases.size(), false);
  return ActsOnLot(*this, control.on_out_of_spec, visited) || ActsOnLot(*this, control.on_spc_signal, visited);
}

}  // namespace takt::model
