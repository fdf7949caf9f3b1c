// The JSON spellings of the ABI's closed lists (runtime/include/takt/runtime.h). Indexing by
// the enum value; the static_asserts break the build when a list grows without its names.
#ifndef TAKT_RUNTIME_SRC_NAMES_H_
#define TAKT_RUNTIME_SRC_NAMES_H_

#include <array>
#include <string_view>

#include "takt/runtime.h"

namespace takt::runtime {

inline constexpr std::array<std::string_view, TAKT_EVENT_KIND_COUNT> kEventKindNames = {
    "tick", "down", "up", "measure", "release", "start", "confirm",
    "complete", "fail", "decide", "approve", "use", "acknowledge"};

inline constexpr std::array<std::string_view, TAKT_ACTION_KIND_COUNT> kActionKindNames = {
    "notify", "hold", "release", "scrap", "stop_line", "open_case", "close_case",
    "escalate", "spc_signal", "reject", "rework", "deviation_active", "deviation_expired",
    "handover_report"};

inline constexpr std::array<std::string_view, TAKT_CAUSE_COUNT> kCauseNames = {
    "out_of_spec", "spc", "tier", "timeout", "recurrence", "outcome", "fail", "approval",
    "expiry", "lots", "shift_end", "forbidden", "malformed", "unknown_name", "time_backwards"};

inline constexpr std::array<std::string_view, TAKT_REJECT_REASON_COUNT> kRejectReasonNames = {
    "out_of_order", "lot_held", "already_started", "unknown_op", "not_started",
    "not_critical", "not_confirmed", "no_on_fail", "duplicate_order", "order_closed",
    "not_down", "already_decided", "not_an_approver", "not_active", "nothing_to_acknowledge",
    "wrong_role"};

inline constexpr std::array<std::string_view, TAKT_RULE_KIND_COUNT> kRuleKindNames = {
    "control", "routing", "case", "deviation", "escalation", "recurrence", "handover", "other"};

inline constexpr std::array<std::string_view, TAKT_SPC_RULE_COUNT> kSpcRuleNames = TAKT_SPC_RULE_NAMES;

// JSON keys of takt_action.counts, in takt_report_item order.
inline constexpr std::array<std::string_view, TAKT_REPORT_ITEM_COUNT> kReportItemKeys = {
    "open_holds", "open_cases", "active_downtime", "active_deviations", "open_orders"};

}  // namespace takt::runtime

#endif  // TAKT_RUNTIME_SRC_NAMES_H_
