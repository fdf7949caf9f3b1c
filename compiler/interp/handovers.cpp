// Shift handovers: a report at each shift end, counting what is open and then listing it item by
// item (report_item), and its acknowledgement with a deadline.
#include "compiler/interp/state.h"
#include "compiler/model/people.h"

namespace takt::interp {

using model::ClauseId;

// Shift ends are the distinct local end minutes of the shifts, every day, in plant time (the
// clock); the shift of an end is the first declared one that ends then. Its window starts at the
// shift's local start time (its length of wall clock before the end), so across a
// daylight-saving change the window is the real time between the two. An end whose shift starts
// on a day the calendar does not plan (plant.Planned) is no shift end: the next one is sought.
auto Interpreter::Impl::NextShiftWindow(int64_t t) const -> ShiftWindow {
  constexpr int64_t kDay = 86'400'000;
  for (int64_t after = t;;) {
    const PlantClock::ShiftEnd next = clock.NextShiftEnd(after, plant.shift_ends);
    const uint32_t shift = plant.ShiftEndingAt(next.minute);
    const int64_t start_local = next.local - plant.shifts[shift].length_ms();
    const int64_t start_day = start_local / kDay - (start_local % kDay < 0 ? 1 : 0);
    if (plant.Planned(start_day)) {
      return ShiftWindow{.start = clock.UtcOf(start_local), .end = next.at, .shift = shift, .start_local = start_local};
    }
    after = next.at;
  }
}

void Interpreter::Impl::ScheduleNextShiftEnd(uint32_t handover) {
  if (plant.shift_ends.empty()) {
    return;
  }
  Schedule(NextShiftWindow(now).end, TAKT_ENTITY_HANDOVER, handover, plant.handovers[handover].report_clause, 0,
           kHandoverReport);
}

void Interpreter::Impl::HandoverDue(const takt_timer& timer) {
  const model::Handover& handover = plant.handovers[timer.entity];
  HandoverState& state = handover_states[timer.entity];
  if (timer.arg1 == kHandoverAcknowledge) {
    if (state.acknowledged >= timer.arg0) {
      return;
    }
    const model::Role& acknowledger = plant.role(*handover.acknowledge_by);
    takt_action action;
    takt_action_init(&action, TAKT_ACTION_ESCALATE, TAKT_CAUSE_TIMEOUT, handover.acknowledge_clause.index);
    action.role = acknowledger.reports_to ? acknowledger.reports_to->index : handover.owner.index;
    action.handover = timer.entity;
    Emit(action);
    return;
  }
  ++state.reports;
  takt_action action;
  takt_action_init(&action, TAKT_ACTION_HANDOVER_REPORT, TAKT_CAUSE_SHIFT_END, handover.report_clause.index);
  action.handover = timer.entity;
  for (model::ReportItem item : handover.report) {
    int64_t count = 0;
    switch (item) {
      case model::ReportItem::OpenHolds: count = held_lots; break;
      case model::ReportItem::OpenCases: count = open_cases; break;
      case model::ReportItem::ActiveDowntime: count = down_workcenters; break;
      case model::ReportItem::ActiveDeviations: count = active_deviations; break;
      case model::ReportItem::OpenOrders: count = open_orders; break;
      case model::ReportItem::Oee: count = static_cast<int64_t>(plant.workcenters.size()); break;
      case model::ReportItem::Loss: break;
    }
    action.counts[static_cast<size_t>(item)] = count;
  }
  if (handover.acknowledge_by) {
    action.role = handover.acknowledge_by->index;
    action.due = now + handover.acknowledge_within_ms;
    Schedule(action.due, TAKT_ENTITY_HANDOVER, timer.entity, handover.acknowledge_clause, state.reports,
             kHandoverAcknowledge);
  } else {
    // Nothing to acknowledge: the report is closed as soon as it is made.
    state.acknowledged = state.reports;
  }
  Emit(action);
  ReportItems(timer.entity);
  ScheduleNextShiftEnd(timer.entity);
}

// One report_item per entity each listed item covers: items in the clause's order, entities in
// creation order (declared ones in declaration order), as docs/runtime.md ("Handovers") says.
void Interpreter::Impl::ReportItems(uint32_t handover) {
  const model::Handover& decl = plant.handovers[handover];
  for (model::ReportItem item : decl.report) {
    auto action_of = [&](takt_cause cause, int64_t since) {
      takt_action action;
      takt_action_init(&action, TAKT_ACTION_REPORT_ITEM, cause, decl.report_clause.index);
      action.handover = handover;
      action.item = static_cast<uint32_t>(item);
      action.since = since;
      return action;
    };
    switch (item) {
      case model::ReportItem::OpenHolds:
        for (uint32_t l = 0; l < lots.size(); ++l) {
          if (lots[l].holds == 0) {
            continue;
          }
          takt_action action = action_of(lots[l].hold_cause, lots[l].held_since);
          action.lot = l;
          // The oldest open case that holds the lot answers for it; loose holds have no owner.
          for (uint32_t c = 0; c < case_states.size(); ++c) {
            const CaseState& state = case_states[c];
            if (state.open && state.lot == l && state.holds > 0) {
              action.case_id = c;
              action.role = plant.cases[state.decl].owner.index;
              break;
            }
          }
          Emit(action);
        }
        break;
      case model::ReportItem::OpenCases:
        for (uint32_t c = 0; c < case_states.size(); ++c) {
          const CaseState& state = case_states[c];
          if (!state.open) {
            continue;
          }
          takt_action action = action_of(state.cause, state.since);
          action.case_id = c;
          action.lot = state.lot;
          action.role = plant.cases[state.decl].owner.index;
          action.due = state.due;
          Emit(action);
        }
        break;
      case model::ReportItem::ActiveDowntime:
        for (uint32_t w = 0; w < workcenter_states.size(); ++w) {
          const WorkcenterState& state = workcenter_states[w];
          if (!state.down) {
            continue;
          }
          takt_action action = action_of(TAKT_CAUSE_SHIFT_END, state.since);
          action.workcenter = w;
          action.reason = state.reason;
          if (const auto owner = state.reason == TAKT_NONE ? std::nullopt : plant.ReasonOwner(model::ReasonId{state.reason})) {
            action.role = owner->index;
          }
          Emit(action);
        }
        break;
      case model::ReportItem::ActiveDeviations:
        for (uint32_t d = 0; d < deviation_states.size(); ++d) {
          const DeviationState& state = deviation_states[d];
          if (!state.active) {
            continue;
          }
          const model::Deviation& deviation = plant.deviations[d];
          takt_action action = action_of(TAKT_CAUSE_APPROVAL, state.since);
          action.deviation = d;
          action.role = deviation.owner.index;
          if (deviation.expires_after_ms) {
            action.due = state.since + *deviation.expires_after_ms;
          }
          Emit(action);
        }
        break;
      case model::ReportItem::OpenOrders:
        for (uint32_t o = 0; o < orders.size(); ++o) {
          const OrderState& state = orders[o];
          if (!state.released || state.closed) {
            continue;
          }
          takt_action action = action_of(TAKT_CAUSE_SHIFT_END, state.since);
          action.order = o;
          action.lot = state.lot;
          Emit(action);
        }
        break;
      case model::ReportItem::Oee:
        ReportOee(action_of(TAKT_CAUSE_SHIFT_END, TAKT_NO_INT));
        break;
      case model::ReportItem::Loss:
        // Listed by `oee`, never by itself.
        break;
    }
  }
}

void Interpreter::Impl::Acknowledge(const takt_event& event) {
  const model::Handover& handover = plant.handovers[event.handover];
  HandoverState& state = handover_states[event.handover];
  const ClauseId clause = handover.acknowledge_clause.is_valid() ? handover.acknowledge_clause : handover.report_clause;
  auto reject = [&](takt_reject_reason reason) {
    takt_action action = RejectOf(reason, clause);
    action.handover = event.handover;
    action.role = event.role;
    Emit(action);
  };
  if (state.acknowledged >= state.reports) {
    reject(TAKT_REJECT_NOTHING_TO_ACKNOWLEDGE);
    return;
  }
  if (event.role != TAKT_NONE && handover.acknowledge_by && event.role != handover.acknowledge_by->index) {
    reject(TAKT_REJECT_WRONG_ROLE);
    return;
  }
  // With a roster `by` names a person, who must hold the acknowledging role.
  if (!plant.people.empty() && handover.acknowledge_by &&
      (event.by == TAKT_NONE || !model::Holds(plant, model::PersonId{event.by}, *handover.acknowledge_by))) {
    takt_action action = RejectOf(TAKT_REJECT_NOT_AUTHORIZED, clause);
    action.handover = event.handover;
    action.role = handover.acknowledge_by->index;
    action.by = event.by;
    Emit(action);
    return;
  }
  state.acknowledged = state.reports;
}

}  // namespace takt::interp
