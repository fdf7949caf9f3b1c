// Reactions (`hold lot`, `notify role`, `open case`, …): the actions they emit and the state they
// change, the same wherever a reaction block sits (control, outcome, tier, recurrence).
#include "compiler/base/reaction_action.h"
#include "compiler/lower/lowerer.h"

namespace takt::lower {

using model::ReactionKind;
using xir::ActionField;
using xir::Opcode;

void Lowerer::SetRule(Builder& b, model::ClauseId clause) {
  if (clause.is_valid()) {
    b.SetRule(clause.index, plant_.clause(clause).span);
  } else {
    b.SetRule(xir::kNoRule, source::Span{});
  }
}

void Lowerer::Bump(Builder& b, uint32_t counter, int64_t delta) {
  const ExprId index = b.I(counter);
  b.Store(counters_, index, b.Op(Opcode::Add, b.Load(counters_, index), b.I(delta)));
}

auto Lowerer::ActionFields(Builder& b, const ActionContext& context, bool with_outcome)
    -> std::vector<std::pair<ActionField, ExprId>> {
  std::vector<std::pair<ActionField, ExprId>> fields;
  auto add = [&](ActionField field, ExprId value) {
    int64_t k = 0;
    if (value != kNoExpr && !(b.IsConst(value, &k) && k == xir::kNone)) {
      fields.emplace_back(field, value);
    }
  };
  add(ActionField::Lot, context.lot);
  add(ActionField::Workcenter, context.workcenter);
  add(ActionField::Reason, context.reason);
  add(ActionField::Control, context.control);
  add(ActionField::Tier, context.tier);
  add(ActionField::Case, context.case_id);
  if (with_outcome) {
    add(ActionField::Outcome, context.outcome);
  }
  add(ActionField::By, context.by);
  return fields;
}

auto Lowerer::BlockContext(const ActionContext& context, const std::vector<model::Reaction>& reactions)
    -> ActionContext {
  ActionContext block = context;
  block.block_holds = 0;
  block.block_opens_case = false;
  for (const model::Reaction& reaction : reactions) {
    block.block_holds += reaction.kind == ReactionKind::HoldLot ? 1 : 0;
    block.block_opens_case = block.block_opens_case || reaction.kind == ReactionKind::OpenCase;
  }
  if (!block.block_opens_case) {
    block.block_holds = 0;
  }
  return block;
}

auto Lowerer::CaseStillOpen(Builder& b, const std::vector<model::Reaction>& plan, const ActionContext& context)
    -> ExprId {
  std::vector<uint32_t> kinds;
  for (const model::Reaction& reaction : plan) {
    if (reaction.kind == ReactionKind::OpenCase) {
      kinds.push_back(reaction.case_id.index);
    }
  }
  if (kinds.empty()) {
    return b.I(0);
  }
  // Cases are few next to measurements, and this runs only when the plan would act.
  const ExprId zero = b.I(0);
  const uint32_t found = b.NewLocal(xir::Type::I64);
  b.Set(found, zero);
  b.For(b.Count(TAKT_ENTITY_CASE), [&](ExprId i) {
    ExprId kind = zero;
    const ExprId decl = b.LoadOf(case_decl_, i, zero);
    for (uint32_t k : kinds) {
      kind = b.Or(kind, b.Op(Opcode::Eq, decl, b.I(k)));
    }
    b.If(b.And(b.And(b.LoadOf(case_open_, i, zero), kind),
               b.And(b.Op(Opcode::Eq, b.LoadOf(case_lot_, i, zero), context.lot),
                     b.Op(Opcode::Eq, b.LoadOf(case_control_, i, zero), context.control))),
         [&] { b.Set(found, b.I(1)); });
  });
  return b.Local(found);
}

void Lowerer::DropHolds(Builder& b, ExprId lot, ExprId count) {
  const ExprId zero = b.I(0);
  const ExprId holds = b.Capture(b.LoadOf(lot_holds_, lot, zero));
  b.If(b.And(b.Op(Opcode::Gt, holds, zero), b.Op(Opcode::Le, holds, count)),
       [&] { Bump(b, TAKT_REPORT_OPEN_HOLDS, -1); });
  b.StoreOf(lot_holds_, lot, zero, b.Select(b.Op(Opcode::Gt, holds, count), b.Op(Opcode::Sub, holds, count), zero));
}

void Lowerer::ScrapLot(Builder& b, ExprId lot) {
  const ExprId zero = b.I(0);
  DropHolds(b, lot, b.Capture(b.LoadOf(lot_holds_, lot, zero)));
  b.StoreOf(lot_loose_, lot, zero, zero);
  b.StoreOf(lot_scrapped_, lot, zero, b.I(1));
}

void Lowerer::RunReactions(Builder& b, const std::vector<model::Reaction>& reactions,
                           const ActionContext& outer) {
  const ActionContext context = BlockContext(outer, reactions);
  for (const model::Reaction& reaction : reactions) {
    SetRule(b, reaction.clause);
    RunReaction(b,
                ReactionCode{.kind = reaction.kind,
                             .role = b.I(reaction.role.is_valid() ? reaction.role.index : xir::kNone),
                             .clause = b.I(reaction.clause.index),
                             .case_id = reaction.case_id},
                context);
  }
}

void Lowerer::RunReaction(Builder& b, const ReactionCode& reaction, const ActionContext& context) {
  const ExprId lot = context.lot;
  int64_t constant_lot = 0;
  const bool has_lot = lot != kNoExpr && !(b.IsConst(lot, &constant_lot) && constant_lot == xir::kNone);
  auto lot_given = [&] { return b.Op(Opcode::Ne, lot, b.I(xir::kNone)); };
  auto lot_slot = [&](xir::SlotId slot) { return b.LoadOf(slot, lot, b.I(0)); };
  // A lot reaction of a block without a lot (an outcome of a case an escalation tier or a
  // recurrence opened) has nothing to act on: no action (docs/runtime.md, "Cases").
  auto emit_for_lot = [&] {
    b.Emit(base::ReactionAction(reaction.kind), context.cause, reaction.clause, ActionFields(b, context));
  };
  switch (reaction.kind) {
    case ReactionKind::HoldLot:
      if (has_lot) {
        // Nested: `and` evaluates both operands, and a lot record is read only for a lot.
        b.If(lot_given(), [&] {
          emit_for_lot();
          b.If(b.Not(lot_slot(lot_scrapped_)), [&] {
            const ExprId holds = b.Capture(lot_slot(lot_holds_));
            b.If(b.Op(Opcode::Eq, holds, b.I(0)), [&] {
              Bump(b, TAKT_REPORT_OPEN_HOLDS, 1);
              Remember(b, lot_held_since_, lot, b.I(0), b.Now());
              Remember(b, lot_hold_cause_, lot, b.I(0), b.I(context.cause));
            });
            b.StoreOf(lot_holds_, lot, b.I(0), b.Op(Opcode::Add, holds, b.I(1)));
            // A hold of a block that opens a case is that case's (OpenCase); any other is loose.
            if (!context.block_opens_case) {
              b.StoreOf(lot_loose_, lot, b.I(0), b.Op(Opcode::Add, lot_slot(lot_loose_), b.I(1)));
            }
          });
        });
      }
      return;
    case ReactionKind::ReleaseLot:
      if (has_lot) {
        // Only in an outcome: the deciding case releases its own holds, or else the loose ones.
        b.If(lot_given(), [&] {
          emit_for_lot();
          b.If(b.Not(lot_slot(lot_scrapped_)), [&] {
            const ExprId owned = b.Capture(b.LoadOf(case_holds_, context.case_id, b.I(0)));
            b.If(
                b.Op(Opcode::Gt, owned, b.I(0)),
                [&] {
                  DropHolds(b, lot, owned);
                  b.StoreOf(case_holds_, context.case_id, b.I(0), b.I(0));
                },
                [&] {
                  DropHolds(b, lot, b.Capture(lot_slot(lot_loose_)));
                  b.StoreOf(lot_loose_, lot, b.I(0), b.I(0));
                });
          });
        });
      }
      return;
    case ReactionKind::ScrapLot:
      if (has_lot) {
        b.If(lot_given(), [&] {
          emit_for_lot();
          ScrapLot(b, lot);
        });
      }
      return;
    case ReactionKind::StopLine: {
      auto fields = ActionFields(b, context);
      if (context.line == kNoExpr) {
        b.Emit(base::ReactionAction(reaction.kind), context.cause, reaction.clause, std::move(fields));
        return;
      }
      fields.emplace_back(ActionField::Line, context.line);
      // A state, not an alarm: a stopped line is not stopped again until a `resume`.
      const uint32_t fire = b.NewLocal(xir::Type::I64);
      b.Set(fire, b.I(1));
      b.If(b.Op(Opcode::Ne, context.line, b.I(xir::kNone)), [&] {
        b.If(b.Load(line_stopped_, context.line), [&] { b.Set(fire, b.I(0)); },
             [&] { b.Store(line_stopped_, context.line, b.I(1)); });
      });
      b.If(b.Local(fire),
           [&] { b.Emit(base::ReactionAction(reaction.kind), context.cause, reaction.clause, std::move(fields)); });
      return;
    }
    case ReactionKind::Notify:
    case ReactionKind::EscalateTo: {
      auto fields = ActionFields(b, context);
      fields.emplace_back(ActionField::Role, reaction.role);
      b.Emit(base::ReactionAction(reaction.kind), context.cause, reaction.clause, std::move(fields));
      return;
    }
    case ReactionKind::OpenCase: {
      const model::Case& decl = plant_.case_of(reaction.case_id);
      const ExprId case_id = b.Capture(b.Create(TAKT_ENTITY_CASE, b.I(reaction.case_id.index)));
      b.StoreOf(case_decl_, case_id, b.I(0), b.I(reaction.case_id.index));
      b.StoreOf(case_open_, case_id, b.I(0), b.I(1));
      b.StoreOf(case_lot_, case_id, b.I(0), lot != kNoExpr ? lot : b.I(xir::kNone));
      b.StoreOf(case_line_, case_id, b.I(0), context.line != kNoExpr ? context.line : b.I(xir::kNone));
      b.StoreOf(case_control_, case_id, b.I(0), context.control != kNoExpr ? context.control : b.I(xir::kNone));
      b.StoreOf(case_holds_, case_id, b.I(0), b.I(context.block_holds));
      Bump(b, TAKT_REPORT_OPEN_CASES, 1);
      const ExprId due = b.Capture(b.Op(Opcode::Add, b.Now(), b.I(decl.decide_within_ms)));
      Remember(b, case_since_, case_id, b.I(0), b.Now());
      Remember(b, case_cause_, case_id, b.I(0), b.I(context.cause));
      Remember(b, case_due_, case_id, b.I(0), due);
      ActionContext opened = context;
      opened.case_id = case_id;
      auto fields = ActionFields(b, opened, /*with_outcome=*/false);
      fields.emplace_back(ActionField::Due, due);
      b.Emit(base::ReactionAction(reaction.kind), context.cause, reaction.clause, std::move(fields));
      // arg0 of the timeout timer: the role it escalates to first.
      uint32_t first = TAKT_NONE;
      if (decl.timeout.kind == model::TimeoutKind::EscalateTo) {
        first = decl.timeout.role.index;
      } else if (const auto& up = plant_.role(decl.owner).reports_to) {
        first = up->index;
      }
      if (first != TAKT_NONE) {
        b.Schedule(TAKT_ENTITY_CASE, due, case_id, b.I(decl.timeout.clause.index), b.I(first), b.I(0));
      }
      return;
    }
  }
}

}  // namespace takt::lower
