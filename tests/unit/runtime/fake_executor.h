// A hand-written executor for the runtime's tests, independent of the compiler: `down`
// schedules timers whose firing order the tests read back (arg0 is a label), `up` starts a timer
// that reschedules itself every second, `measure`, `release`, `decide` and `start` emit one
// action each, carrying what the event decoded.
#ifndef TAKT_TESTS_UNIT_RUNTIME_FAKE_EXECUTOR_H_
#define TAKT_TESTS_UNIT_RUNTIME_FAKE_EXECUTOR_H_

#include <cstdint>
#include <string>
#include <vector>

#include "takt/runtime.h"

namespace takt::runtime::testing {

inline const char* const kLines[] = {"l1"};
inline const takt_workcenter kWorkcenters[] = {{"press_01", 0}, {"weld_02", 0}};
inline const char* const kControls[] = {"hole"};
inline const takt_reason kReasons[] = {{"unplanned", TAKT_NONE}, {"unplanned.jam", 0}};
inline const int64_t kOps[] = {10, 20};
inline const takt_routing kRoutings[] = {{"route", 2, kOps}};
inline const char* const kOutcomes[] = {"release", "scrap"};
inline const takt_case_decl kCases[] = {{"containment", 2, kOutcomes}};
inline const takt_role kRoles[] = {{"boss", TAKT_NONE}, {"operator", 0}};
inline const char* const kRisks[] = {"high"};
inline const takt_deviation kDeviations[] = {{"substitution", 1, kRisks}};
inline const char* const kHandovers[] = {"handover"};
inline const takt_rule kRules[] = {{"r0", TAKT_RULE_OTHER, "a.takt", 1, 1},
                            {"r1", TAKT_RULE_OTHER, "a.takt", 2, 3},
                            {"r2", TAKT_RULE_OTHER, "b.takt", 4, 5}};

struct FakeState {
  int64_t events;
};

// `down` schedules timers whose firing order the tests read back: arg0 is a label.
inline void FakeStart(const takt_executor*, void* state, int64_t, const takt_host*) {
  static_cast<FakeState*>(state)->events = 0;
}

// arg1 of a timer that schedules its successor when it fires.
inline constexpr uint64_t kPeriodic = 1;

inline void Schedule(const takt_host* host, int64_t due, uint32_t kind, uint32_t entity, uint32_t clause,
                     uint64_t label, uint64_t arg1 = 0) {
  takt_timer timer{due, kind, entity, clause, 0, label, arg1};
  host->schedule(host->ctx, &timer);
}

inline void FakeEvent(const takt_executor*, void* state, const takt_event* event, const takt_host* host) {
  ++static_cast<FakeState*>(state)->events;
  takt_action action;
  switch (event->kind) {
    case TAKT_EVENT_DOWN:
      // Same due time, scheduled in an order unlike the firing order.
      Schedule(host, event->t + 60000, TAKT_ENTITY_CASE, 0, 0, 5);
      Schedule(host, event->t + 60000, TAKT_ENTITY_WORKCENTER, 1, 0, 4);
      Schedule(host, event->t + 60000, TAKT_ENTITY_WORKCENTER, 0, 2, 3);
      Schedule(host, event->t + 60000, TAKT_ENTITY_WORKCENTER, 0, 1, 2);
      Schedule(host, event->t + 60000, TAKT_ENTITY_WORKCENTER, 0, 1, 6);
      Schedule(host, event->t + 30000, TAKT_ENTITY_HANDOVER, 0, 2, 1);
      return;
    case TAKT_EVENT_UP:
      Schedule(host, event->t + 1000, TAKT_ENTITY_HANDOVER, 0, 0, 1, kPeriodic);
      return;
    case TAKT_EVENT_MEASURE:
      takt_action_init(&action, TAKT_ACTION_SPC_SIGNAL, TAKT_CAUSE_SPC, 1);
      action.control = event->control;
      action.lot = event->lot;
      action.workcenter = event->workcenter;
      action.spc_rule = 2;
      host->emit(host->ctx, &action);
      return;
    case TAKT_EVENT_RELEASE: {
      const uint32_t case_id = host->create(host->ctx, TAKT_ENTITY_CASE, 0);
      takt_action_init(&action, TAKT_ACTION_OPEN_CASE, TAKT_CAUSE_OUT_OF_SPEC, 0);
      action.case_id = case_id;
      action.order = event->order;
      action.lot = event->lot;
      action.due = event->t + 1800000;
      host->emit(host->ctx, &action);
      return;
    }
    case TAKT_EVENT_DECIDE:
      takt_action_init(&action, TAKT_ACTION_CLOSE_CASE, TAKT_CAUSE_OUTCOME, 2);
      action.case_id = event->case_id;
      action.outcome = event->outcome;
      action.by = event->by;
      host->emit(host->ctx, &action);
      return;
    case TAKT_EVENT_START:
      takt_action_init(&action, TAKT_ACTION_REJECT, TAKT_CAUSE_FORBIDDEN, TAKT_NONE);
      action.reject_reason = TAKT_REJECT_OUT_OF_ORDER;
      action.order = event->order;
      action.op = event->op;
      host->emit(host->ctx, &action);
      return;
    default: return;
  }
}

inline void FakeTimer(const takt_executor*, void*, const takt_timer* timer, const takt_host* host) {
  if (timer->arg1 == kPeriodic) {
    // A shift end: the next one a second later, for ever.
    Schedule(host, timer->due + 1000, TAKT_ENTITY_HANDOVER, 0, 0, timer->arg0 + 1, kPeriodic);
  }
  takt_action action;
  takt_action_init(&action, TAKT_ACTION_NOTIFY, TAKT_CAUSE_TIER, timer->clause);
  action.tier = static_cast<uint32_t>(timer->arg0);
  host->emit(host->ctx, &action);
}

inline auto MakeFake() -> takt_executor {
  takt_executor executor{};
  executor.abi_version = TAKT_ABI_VERSION;
  executor.plant_name = "fake";
  executor.source_sha256 = "0000000000000000000000000000000000000000000000000000000000000000";
  executor.rule_count = 3;
  executor.rules = kRules;
  executor.role_count = 2;
  executor.roles = kRoles;
  executor.line_count = 1;
  executor.lines = kLines;
  executor.workcenter_count = 2;
  executor.workcenters = kWorkcenters;
  executor.control_count = 1;
  executor.controls = kControls;
  executor.reason_count = 2;
  executor.reasons = kReasons;
  executor.routing_count = 1;
  executor.routings = kRoutings;
  executor.case_count = 1;
  executor.cases = kCases;
  executor.deviation_count = 1;
  executor.deviations = kDeviations;
  executor.handover_count = 1;
  executor.handovers = kHandovers;
  executor.global_state_size = sizeof(FakeState);
  executor.order_state_size = 24;
  executor.on_start = &FakeStart;
  executor.on_event = &FakeEvent;
  executor.on_timer = &FakeTimer;
  return executor;
}

inline auto Lines(const std::string& text) -> std::vector<std::string> {
  std::vector<std::string> lines;
  size_t begin = 0;
  while (begin < text.size()) {
    const size_t end = text.find('\n', begin);
    lines.push_back(text.substr(begin, end - begin));
    begin = end + 1;
  }
  return lines;
}

}  // namespace takt::runtime::testing

#endif  // TAKT_TESTS_UNIT_RUNTIME_FAKE_EXECUTOR_H_
