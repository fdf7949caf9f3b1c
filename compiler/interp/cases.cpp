// Decisions and their paperwork: cases (decide, timeout escalation up the reports_to chain) and
// deviations (approvals, expiry by time or lot count); shift handovers are in handovers.cpp.
#include <algorithm>

#include "compiler/interp/state.h"
#include "compiler/model/people.h"

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
  // A signed decision names its signer before anything else is asked of them.
  if (decl.signature && event.by == TAKT_NONE) {
    takt_action action = RejectOf(TAKT_REJECT_SIGNATURE_REQUIRED, decl.signature->clause);
    action.case_id = event.case_id;
    action.outcome = event.outcome;
    action.meaning = decl.signature->meaning;
    Emit(action);
    return;
  }
  // With a roster: the person must hold a role of the case's path up to its escalation level.
  uint32_t deciding_role = TAKT_NONE;
  if (!plant.people.empty()) {
    const std::vector<model::RoleId> path = model::EscalationPath(plant, decl);
    const auto deciding = event.by != TAKT_NONE ? model::DecidingRoleOf(plant, path, model::PersonId{event.by})
                                                : std::nullopt;
    if (!deciding || deciding->level > state.escalations) {
      takt_action action = RejectOf(TAKT_REJECT_NOT_AUTHORIZED, outcome.clause);
      action.case_id = event.case_id;
      action.outcome = event.outcome;
      action.by = event.by;
      action.role = path[std::min(state.escalations, path.size() - 1)].index;
      Emit(action);
      return;
    }
    deciding_role = deciding->role.index;
  }
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
  takt_action close = ActionOf(TAKT_ACTION_CLOSE_CASE, context, outcome.clause);
  close.role = deciding_role;
  close.meaning = decl.signature ? decl.signature->meaning : TAKT_NONE;
  Emit(close);
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
  CaseState& state = case_states[timer.entity];
  if (!state.open) {
    return;
  }
  ++state.escalations;
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
  // With a roster `by` names a person, who approves in the first approver role they hold.
  uint32_t role = event.role;
  if (!plant.people.empty()) {
    const auto approving =
        event.by != TAKT_NONE
            ? model::ApprovingRole(plant, deviation, risk != TAKT_NONE ? std::optional<size_t>(risk) : std::nullopt,
                                   model::PersonId{event.by})
            : std::nullopt;
    if (!approving) {
      takt_action action = RejectOf(TAKT_REJECT_NOT_AUTHORIZED, deviation.clause);
      action.deviation = event.deviation;
      action.by = event.by;
      Emit(action);
      return;
    }
    role = approving->index;
  }
  auto contains = [](const std::vector<model::RoleId>& roles, uint32_t role) {
    return std::any_of(roles.begin(), roles.end(), [&](model::RoleId id) { return id.index == role; });
  };
  const bool approver = contains(deviation.approvers, role) ||
                        (risk != TAKT_NONE && contains(deviation.risk_approvals[risk].approvers, role));
  if (!approver) {
    takt_action action = RejectOf(TAKT_REJECT_NOT_AN_APPROVER, deviation.clause);
    action.deviation = event.deviation;
    action.role = role;
    Emit(action);
    return;
  }
  state.risk = risk;
  state.approved.insert(role);
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
  state.since = now;
  ++active_deviations;
  takt_action action;
  takt_action_init(&action, TAKT_ACTION_DEVIATION_ACTIVE, TAKT_CAUSE_APPROVAL, deviation.clause.index);
  action.deviation = event.deviation;
  action.role = role;
  action.by = event.by;
  action.meaning = deviation.signature ? deviation.signature->meaning : TAKT_NONE;
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

}  // namespace takt::interp
