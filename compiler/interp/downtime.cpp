// Stops: `down` / `up` per workcenter, escalation tiers as timers from the stop's start,
// recurrences over the last N start times per key (workcenter and/or reason); `resume` of a line
// a `stop line` stopped.
#include <algorithm>

#include "compiler/interp/state.h"

namespace takt::interp {

void Interpreter::Impl::Down(const takt_event& event) {
  WorkcenterState& workcenter = workcenter_states[event.workcenter];
  if (workcenter.down) {
    // A recode: the open stop takes the new reason; nothing starts, nothing is counted.
    workcenter.reason = event.reason;
    return;
  }
  workcenter.down = true;
  workcenter.reason = event.reason;
  ++workcenter.stop;
  workcenter.since = now;
  oee_states[event.workcenter].counted = now;
  ++down_workcenters;
  // Every escalation's tiers are timed from the start; whether a tier acts is decided when it
  // falls due, against the stop's reason at that time (the stop may be recoded meanwhile).
  for (uint32_t e = 0; e < plant.escalations.size(); ++e) {
    const auto& tiers = plant.escalations[e].tiers;
    for (uint32_t i = 0; i < tiers.size(); ++i) {
      Schedule(now + tiers[i].after_ms, TAKT_ENTITY_WORKCENTER, event.workcenter, tiers[i].clause(),
               workcenter.stop, (uint64_t{e} << 32) | i);
    }
  }
  Recur(event.workcenter, event.reason);
}

void Interpreter::Impl::Recur(uint32_t workcenter, uint32_t reason) {
  for (uint32_t r = 0; r < plant.recurrences.size(); ++r) {
    const model::Recurrence& recurrence = plant.recurrences[r];
    if (!plant.Matches(recurrence.trigger, Reason(reason))) {
      continue;
    }
    const std::pair key{recurrence.per_workcenter ? workcenter : TAKT_NONE,
                        recurrence.per_reason ? reason : TAKT_NONE};
    RecurrenceKey& starts = recurrence_keys[r][key];
    starts.starts.push_back(now);
    while (starts.starts.size() > static_cast<size_t>(recurrence.count)) {
      starts.starts.pop_front();
    }
    const int64_t window_start = now - recurrence.window_ms;  // The window is (now − W, now].
    const auto in_window = std::count_if(starts.starts.begin(), starts.starts.end(),
                                         [&](int64_t start) { return start > window_start; });
    if (in_window < recurrence.count) {
      continue;
    }
    if (starts.last_fired && *starts.last_fired > window_start) {
      continue;
    }
    starts.last_fired = now;
    Context context{.cause = TAKT_CAUSE_RECURRENCE};
    context.workcenter = workcenter;
    context.line = LineOf(workcenter);
    context.reason = reason;
    RunAll(recurrence.reactions, context);
  }
}

void Interpreter::Impl::Up(const takt_event& event) {
  WorkcenterState& workcenter = workcenter_states[event.workcenter];
  if (!workcenter.down) {
    takt_action action = RejectOf(TAKT_REJECT_NOT_DOWN, model::ClauseId{});
    action.workcenter = event.workcenter;
    Emit(action);
    return;
  }
  if (workcenter.reason != TAKT_NONE) {
    // The machine runs again whatever the `up` lacks; the stop's record is reported incomplete.
    const auto required = plant.RequiredFieldsOf(model::ReasonId{workcenter.reason});
    if (const int64_t missing = required.mask & ~event.fields; missing != 0) {
      takt_action action;
      takt_action_init(&action, TAKT_ACTION_RECORD_INCOMPLETE, TAKT_CAUSE_MISSING_FIELDS, required.clause.index);
      const std::optional<model::RoleId>& owner = plant.reasons[workcenter.reason].owner;
      action.role = owner ? owner->index : TAKT_NONE;
      action.workcenter = event.workcenter;
      action.reason = workcenter.reason;
      action.missing_fields = missing;
      Emit(action);
    }
  }
  OeeCountStop(event.workcenter, now);
  // The stop's pending tiers become stale: TierDue compares the stop counter.
  workcenter.down = false;
  workcenter.reason = TAKT_NONE;
  --down_workcenters;
}

void Interpreter::Impl::Resume(const takt_event& event) {
  if (!line_stopped[event.line]) {
    takt_action action = RejectOf(TAKT_REJECT_NOT_STOPPED, model::ClauseId{});
    action.line = event.line;
    Emit(action);
    return;
  }
  line_stopped[event.line] = false;
}

void Interpreter::Impl::TierDue(const takt_timer& timer) {
  const WorkcenterState& workcenter = workcenter_states[timer.entity];
  const auto escalation_index = static_cast<uint32_t>(timer.arg1 >> 32);
  const auto tier_index = static_cast<uint32_t>(timer.arg1 & 0xffffffffu);
  const model::Escalation& escalation = plant.escalations[escalation_index];
  if (!workcenter.down || workcenter.stop != timer.arg0 ||
      !plant.Matches(escalation.trigger, Reason(workcenter.reason))) {
    return;
  }
  Context context{.cause = TAKT_CAUSE_TIER};
  context.workcenter = timer.entity;
  context.line = LineOf(timer.entity);
  context.reason = workcenter.reason;
  context.tier = tier_index + 1;
  RunAll(escalation.tiers[tier_index].reactions, context);
}

}  // namespace takt::interp
