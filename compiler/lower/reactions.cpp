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

void Lowerer::RunReactions(Builder& b, const std::vector<model::Reaction>& reactions, const ActionContext& context) {
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
  switch (reaction.kind) {
    case ReactionKind::HoldLot:
      b.Emit(base::ReactionAction(reaction.kind), context.cause, reaction.clause, ActionFields(b, context));
      if (has_lot) {
        b.If(lot_given(), [&] {
          b.If(b.And(b.Not(lot_slot(lot_held_)), b.Not(lot_slot(lot_scrapped_))), [&] {
            b.StoreOf(lot_held_, lot, b.I(0), b.I(1));
            Bump(b, TAKT_REPORT_OPEN_HOLDS, 1);
          });
        });
      }
      return;
    case ReactionKind::ReleaseLot:
      b.Emit(base::ReactionAction(reaction.kind), context.cause, reaction.clause, ActionFields(b, context));
      if (has_lot) {
        b.If(lot_given(), [&] {
          b.If(lot_slot(lot_held_), [&] {
            b.StoreOf(lot_held_, lot, b.I(0), b.I(0));
            Bump(b, TAKT_REPORT_OPEN_HOLDS, -1);
          });
        });
      }
      return;
    case ReactionKind::ScrapLot:
      b.Emit(base::ReactionAction(reaction.kind), context.cause, reaction.clause, ActionFields(b, context));
      if (has_lot) {
        b.If(lot_given(), [&] {
          b.If(lot_slot(lot_held_), [&] {
            b.StoreOf(lot_held_, lot, b.I(0), b.I(0));
            Bump(b, TAKT_REPORT_OPEN_HOLDS, -1);
          });
          b.StoreOf(lot_scrapped_, lot, b.I(0), b.I(1));
        });
      }
      return;
    case ReactionKind::StopLine: {
      auto fields = ActionFields(b, context);
      if (context.line != kNoExpr) {
        fields.emplace_back(ActionField::Line, context.line);
      }
      b.Emit(base::ReactionAction(reaction.kind), context.cause, reaction.clause, std::move(fields));
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
      Bump(b, TAKT_REPORT_OPEN_CASES, 1);
      const ExprId due = b.Capture(b.Op(Opcode::Add, b.Now(), b.I(decl.decide_within_ms)));
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
