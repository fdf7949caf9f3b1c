// Reactions (`hold lot`, `notify role`, `open case`, …): the actions they emit and the state they
// change, the same wherever a reaction block sits (control, outcome, tier, recurrence); and the
// `reject` of a forbidden event.
#include <algorithm>

#include "compiler/base/reaction_action.h"
#include "compiler/interp/state.h"

namespace takt::interp {

using model::ClauseId;
using model::Reaction;
using model::ReactionKind;

auto ActionOf(takt_action_kind kind, const Context& context, ClauseId clause) -> takt_action {
  takt_action action;
  takt_action_init(&action, kind, context.cause, clause.index);
  action.lot = context.lot;
  action.workcenter = context.workcenter;
  action.reason = context.reason;
  action.control = context.control;
  action.tier = context.tier;
  action.case_id = context.case_id;
  action.outcome = context.outcome;
  action.by = context.by;
  return action;
}

void Interpreter::Impl::Run(const Reaction& reaction, const Context& context) {
  // A lot reaction of a block without a lot (an outcome of a case an escalation tier or a
  // recurrence opened) has nothing to act on: no action (docs/runtime.md, "Cases").
  if (base::IsLotReaction(reaction.kind) && context.lot == TAKT_NONE) {
    return;
  }
  switch (reaction.kind) {
    case ReactionKind::HoldLot: {
      Emit(ActionOf(base::ReactionAction(reaction.kind), context, reaction.clause));
      {
        LotState& lot = Lot(context.lot);
        if (!lot.scrapped) {
          if (lot.holds == 0) {
            ++held_lots;
            lot.held_since = now;
            lot.hold_cause = context.cause;
          }
          ++lot.holds;
          // A hold of a block that opens a case is that case's (OpenCase); any other is loose.
          lot.loose += context.block_opens_case ? 0 : 1;
        }
      }
      break;
    }
    case ReactionKind::ReleaseLot: {
      Emit(ActionOf(base::ReactionAction(reaction.kind), context, reaction.clause));
      if (!Lot(context.lot).scrapped) {
        // Only in an outcome: the deciding case releases its own holds, or else the loose ones.
        LotState& lot = Lot(context.lot);
        CaseState& owner = case_states[context.case_id];
        if (owner.holds > 0) {
          DropHolds(lot, owner.holds);
          owner.holds = 0;
        } else {
          DropHolds(lot, lot.loose);
          lot.loose = 0;
        }
      }
      break;
    }
    case ReactionKind::ScrapLot: {
      Emit(ActionOf(base::ReactionAction(reaction.kind), context, reaction.clause));
      ScrapLot(context.lot);
      break;
    }
    case ReactionKind::StopLine: {
      // A state, not an alarm: a stopped line is not stopped again until a `resume`.
      if (context.line != TAKT_NONE) {
        if (line_stopped[context.line]) {
          break;
        }
        line_stopped[context.line] = true;
      }
      takt_action action = ActionOf(base::ReactionAction(reaction.kind), context, reaction.clause);
      action.line = context.line;
      Emit(action);
      break;
    }
    case ReactionKind::Notify: {
      takt_action action = ActionOf(base::ReactionAction(reaction.kind), context, reaction.clause);
      action.role = reaction.role.index;
      Emit(action);
      break;
    }
    case ReactionKind::EscalateTo: {
      takt_action action = ActionOf(base::ReactionAction(reaction.kind), context, reaction.clause);
      action.role = reaction.role.index;
      Emit(action);
      break;
    }
    case ReactionKind::OpenCase: {
      const model::Case& decl = plant.case_of(reaction.case_id);
      const uint32_t case_id = host->create(host->ctx, TAKT_ENTITY_CASE, reaction.case_id.index);
      if (case_id >= case_states.size()) {
        case_states.resize(case_id + 1);
      }
      case_states[case_id] = CaseState{.decl = reaction.case_id.index,
                                       .open = true,
                                       .lot = context.lot,
                                       .line = context.line,
                                       .control = context.control,
                                       .holds = context.block_holds};
      ++open_cases;
      const int64_t due = now + decl.decide_within_ms;
      case_states[case_id].since = now;
      case_states[case_id].cause = context.cause;
      case_states[case_id].due = due;
      takt_action action = ActionOf(base::ReactionAction(reaction.kind), context, reaction.clause);
      action.case_id = case_id;
      action.outcome = TAKT_NONE;
      action.due = due;
      Emit(action);
      // arg0: the role the timeout escalates to first.
      const model::Timeout& timeout = decl.timeout;
      uint32_t first = TAKT_NONE;
      if (timeout.kind == model::TimeoutKind::EscalateTo) {
        first = timeout.role.index;
      } else if (const auto& up = plant.role(decl.owner).reports_to) {
        first = up->index;
      }
      if (first != TAKT_NONE) {
        Schedule(due, TAKT_ENTITY_CASE, case_id, timeout.clause, first, 0);
      }
      break;
    }
  }
}

void Interpreter::Impl::RunAll(const std::vector<Reaction>& reactions, const Context& context) {
  Context block = context;
  block.block_holds = 0;
  block.block_opens_case = false;
  for (const Reaction& reaction : reactions) {
    block.block_holds += reaction.kind == ReactionKind::HoldLot ? 1 : 0;
    block.block_opens_case = block.block_opens_case || reaction.kind == ReactionKind::OpenCase;
  }
  if (!block.block_opens_case) {
    block.block_holds = 0;
  }
  for (const Reaction& reaction : reactions) {
    Run(reaction, block);
  }
}

void Interpreter::Impl::DropHolds(LotState& lot, int64_t count) {
  if (lot.holds > 0 && lot.holds <= count) {
    --held_lots;
  }
  lot.holds = std::max<int64_t>(lot.holds - count, 0);
}

void Interpreter::Impl::ScrapLot(uint32_t lot_id) {
  LotState& lot = Lot(lot_id);
  DropHolds(lot, lot.holds);
  lot.loose = 0;
  lot.scrapped = true;
}

auto Interpreter::Impl::RejectOf(takt_reject_reason reason, ClauseId clause) -> takt_action {
  takt_action action;
  takt_action_init(&action, TAKT_ACTION_REJECT, TAKT_CAUSE_FORBIDDEN, clause.index);
  action.reject_reason = reason;
  return action;
}

void Interpreter::Impl::Reject(takt_reject_reason reason, ClauseId clause, uint32_t order, int64_t op,
                               uint32_t lot) {
  takt_action action = RejectOf(reason, clause);
  action.order = order;
  action.op = op;
  action.lot = lot;
  Emit(action);
}

}  // namespace takt::interp
