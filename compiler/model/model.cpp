#include "compiler/model/model.h"

#include <array>

#include <fmt/format.h>

namespace takt::model {

static constexpr std::array<std::string_view, kSpcRuleCount> kSpcRuleNames = {
    "we1", "we2", "we3", "we4", "n1", "n2", "n3", "n4", "n5", "n6", "n7", "n8"};

// Points of history each rule inspects: Western Electric 1-4 and Nelson 1-8.
static constexpr std::array<int, kSpcRuleCount> kSpcRuleWindows = {1, 3, 5, 8, 1, 9, 6, 14, 3, 5, 15, 8};

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

auto SpcRuleName(SpcRule rule) -> std::string_view {
  return kSpcRuleNames[static_cast<size_t>(rule)];
}

auto FindSpcRule(std::string_view name) -> std::optional<SpcRule> {
  for (size_t i = 0; i < kSpcRuleNames.size(); ++i) {
    if (kSpcRuleNames[i] == name) {
      return static_cast<SpcRule>(i);
    }
  }
  return std::nullopt;
}

auto SpcRuleWindow(SpcRule rule) -> int { return kSpcRuleWindows[static_cast<size_t>(rule)]; }

auto ReportItemName(ReportItem item) -> std::string_view {
  switch (item) {
    case ReportItem::OpenHolds: return "open holds";
    case ReportItem::OpenCases: return "open cases";
    case ReportItem::ActiveDowntime: return "active downtime";
    case ReportItem::ActiveDeviations: return "active deviations";
    case ReportItem::OpenOrders: return "open orders";
  }
  return "unknown";
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

}  // namespace takt::model
