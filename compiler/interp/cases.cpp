// Decisions and their paperwork: cases (decide, timeout escalation up the reports_to chain),
// deviations (approvals, expiry by time or lot count) and shift handovers (report at each shift
// end, acknowledgement with a deadline).
#include <algorithm>

#include "compiler/interp/state.h"

namespace takt::interp {

using model::ClauseId;

// ---- Cases. ------------------------------------------------------------------------------------

void Interpreter::Impl::Decide(const takt_event& event) {
  CaseState& state = case_states[event.case_id];
  const model::Outcome& outcome = plant.cases[state.decl].outcomes[event.outcome];
  if (!state.open) {
    takt_action action = RejectOf(TAKT_REJECT_ALREADY_DECIDED, outcome.clause);
    action.case_id = event.case_id;
    action.by = event.by;
    Emit(action);
    return;
  }
  const model::Case& decl = plant.cases[state.decl];
  if (const int64_t missing = model::NameMask(decl.evidence, plant.evidence_names) & ~event.evidence; missing != 0) {
    takt_action action = RejectOf(TAKT_REJECT_MISSING_EVIDENCE, decl.evidence_clause);
    action.case_id = event.case_id;
    action.outcome = event.outcome;
    action.by = event.by;
    action.missing_evidence = missing;
    Emit(action);
    return;
  }
  state.open = false;
  --open_cases;
  Context context{.cause = TAKT_CAUSE_OUTCOME};
  context.case_id = event.case_id;
  context.outcome = event.outcome;
  context.by = event.by;
  context.lot = state.lot;
  context.line = state.line;
  Emit(ActionOf(TAKT_ACTION_CLOSE_CASE, context, outcome.clause));
  RunAll(outcome.reactions, context);
  // The holds the outcome did not release outlive the case: they become loose. (Re-read: the
  // outcome may have opened a case, which grows case_states.)
  CaseState& closed = case_states[event.case_id];
  if (closed.lot != TAKT_NONE && !Lot(closed.lot).scrapped) {
    Lot(closed.lot).loose += closed.holds;
  }
  closed.holds = 0;
}

void Interpreter::Impl::CaseDue(const takt_timer& timer) {
  const CaseState& state = case_states[timer.entity];
  if (!state.open) {
    return;
  }
  const model::Case& decl = plant.cases[state.decl];
  const auto role = static_cast<uint32_t>(timer.arg0);
  takt_action action;
  takt_action_init(&action, TAKT_ACTION_ESCALATE, TAKT_CAUSE_TIMEOUT, decl.timeout.clause.index);
  action.role = role;
  action.case_id = timer.entity;
  action.lot = state.lot;
  Emit(action);
  if (decl.timeout.kind == model::TimeoutKind::EscalateUpEvery) {
    if (const auto& up = plant.roles[role].reports_to) {
      Schedule(now + decl.timeout.every_ms, TAKT_ENTITY_CASE, timer.entity, decl.timeout.clause, up->index, 0);
    }
  }
}

// ---- Deviations. -------------------------------------------------------------------------------

void Interpreter::Impl::Approve(const takt_event& event) {
  const model::Deviation& deviation = plant.deviations[event.deviation];
  DeviationState& state = deviation_states[event.deviation];
  const uint32_t risk = event.risk != TAKT_NONE ? event.risk : state.risk;
  auto contains = [](const std::vector<model::RoleId>& roles, uint32_t role) {
    return std::any_of(roles.begin(), roles.end(), [&](model::RoleId id) { return id.index == role; });
  };
  const bool approver = contains(deviation.approvers, event.role) ||
                        (risk != TAKT_NONE && contains(deviation.risk_approvals[risk].approvers, event.role));
  if (!approver) {
    takt_action action = RejectOf(TAKT_REJECT_NOT_AN_APPROVER, deviation.clause);
    action.deviation = event.deviation;
    action.role = event.role;
    Emit(action);
    return;
  }
  state.risk = risk;
  state.approved.insert(event.role);
  if (state.active) {
    return;
  }
  auto all_approved = [&](const std::vector<model::RoleId>& roles) {
    return std::all_of(roles.begin(), roles.end(),
                       [&](model::RoleId id) { return state.approved.contains(id.index); });
  };
  if (!all_approved(deviation.approvers) ||
      (risk != TAKT_NONE && !all_approved(deviation.risk_approvals[risk].approvers))) {
    return;
  }
  state.active = true;
  ++state.activation;
  state.lots_used = 0;
  ++active_deviations;
  takt_action action;
  takt_action_init(&action, TAKT_ACTION_DEVIATION_ACTIVE, TAKT_CAUSE_APPROVAL, deviation.clause.index);
  action.deviation = event.deviation;
  action.role = event.role;
  if (deviation.expires_after_ms) {
    action.due = now + *deviation.expires_after_ms;
    Schedule(action.due, TAKT_ENTITY_DEVIATION, event.deviation, deviation.clause, state.activation, 0);
  }
  Emit(action);
}

void Interpreter::Impl::Expire(uint32_t deviation, takt_cause cause, uint32_t lot) {
  DeviationState& state = deviation_states[deviation];
  state.active = false;
  state.approved.clear();
  state.risk = TAKT_NONE;
  --active_deviations;
  takt_action action;
  takt_action_init(&action, TAKT_ACTION_DEVIATION_EXPIRED, cause, plant.deviations[deviation].clause.index);
  action.deviation = deviation;
  action.lot = lot;
  Emit(action);
}

void Interpreter::Impl::Use(const takt_event& event) {
  const model::Deviation& deviation = plant.deviations[event.deviation];
  DeviationState& state = deviation_states[event.deviation];
  if (!state.active) {
    takt_action action = RejectOf(TAKT_REJECT_NOT_ACTIVE, deviation.clause);
    action.deviation = event.deviation;
    action.lot = event.lot;
    Emit(action);
    return;
  }
  ++state.lots_used;
  if (deviation.expires_lots && state.lots_used >= *deviation.expires_lots) {
    Expire(event.deviation, TAKT_CAUSE_LOTS, event.lot);
  }
}

void Interpreter::Impl::DeviationDue(const takt_timer& timer) {
  const DeviationState& state = deviation_states[timer.entity];
  if (state.active && state.activation == timer.arg0) {
    Expire(timer.entity, TAKT_CAUSE_EXPIRY, TAKT_NONE);
  }
}

// ---- Handovers. --------------------------------------------------------------------------------

void Interpreter::Impl::ScheduleNextShiftEnd(uint32_t handover) {
  if (plant.shift_ends.empty()) {
    return;
  }
  constexpr int64_t kDay = 86'400'000;
  int64_t day = now / kDay;
  if (now % kDay < 0) {
    --day;
  }
  for (int64_t d = day;; ++d) {
    for (int32_t minute : plant.shift_ends) {
      const int64_t end = d * kDay + int64_t{minute} * 60'000;
      if (end > now) {
        Schedule(end, TAKT_ENTITY_HANDOVER, handover, plant.handovers[handover].report_clause, 0, kHandoverReport);
        return;
      }
    }
  }
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
  ScheduleNextShiftEnd(timer.entity);
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
  state.acknowledged = state.reports;
}

}  // namespace takt::interp
