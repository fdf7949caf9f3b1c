// Stops: `down` / `up` per workcenter, escalation tiers as timers from the stop's start,
// recurrences over a ring of the last N start times per key (workcenter and/or reason).
#include <fmt/format.h>

#include <algorithm>

#include "compiler/lower/lowerer.h"

namespace takt::lower {

using xir::EventField;
using xir::Opcode;
using xir::Record;
using xir::TimerField;
using xir::Type;

// The reasons a trigger listens to (uncoded triggers listen to none of the declared ones).
static auto MatchingReasons(const model::Plant& plant, const model::StopTrigger& trigger) -> std::vector<uint32_t> {
  std::vector<uint32_t> reasons;
  if (trigger.uncoded) {
    return reasons;
  }
  for (uint32_t r = 0; r < plant.reasons.size(); ++r) {
    if (plant.IsWithin(model::ReasonId{r}, trigger.reason)) {
      reasons.push_back(r);
    }
  }
  return reasons;
}

auto Lowerer::Matches(Builder& b, const model::StopTrigger& trigger, ExprId reason) -> ExprId {
  if (trigger.uncoded) {
    return b.Op(Opcode::Eq, reason, b.I(xir::kNone));
  }
  const std::vector<uint32_t> reasons = MatchingReasons(plant_, trigger);
  if (reasons.empty()) {
    return b.I(0);
  }
  if (reasons.back() - reasons.front() + 1 == reasons.size()) {
    // A contiguous subtree (the usual case): a range check; TAKT_NONE lies above every id.
    return b.And(b.Op(Opcode::Ge, reason, b.I(reasons.front())), b.Op(Opcode::Le, reason, b.I(reasons.back())));
  }
  auto it = match_tables_.find(trigger.reason.index);
  if (it == match_tables_.end()) {
    std::vector<int64_t> member(plant_.reasons.size(), 0);
    for (uint32_t r : reasons) {
      member[r] = 1;
    }
    it = match_tables_
             .emplace(trigger.reason.index,
                      module_.AddTable(fmt::format("reason.within.{}", plant_.reason(trigger.reason).name),
                                       std::move(member)))
             .first;
  }
  // Out-of-range reads give 0: TAKT_NONE (uncoded) matches no reason subtree.
  return b.At(it->second, reason);
}

void Lowerer::LowerDowntime() {
  // Per recurrence: the key space and its rings.
  struct RecurrenceState {
    xir::SlotId starts, filled, next, fired, last_fired;
    xir::TableId reason_key;
    uint32_t reason_keys;
  };
  std::vector<RecurrenceState> recurrence_states;
  for (const model::Recurrence& recurrence : plant_.recurrences) {
    const std::vector<uint32_t> reasons = MatchingReasons(plant_, recurrence.trigger);
    RecurrenceState state{};
    state.reason_keys = recurrence.per_reason && !reasons.empty() ? static_cast<uint32_t>(reasons.size()) : 1;
    std::vector<int64_t> keys(plant_.reasons.size(), 0);
    for (size_t i = 0; i < reasons.size(); ++i) {
      keys[reasons[i]] = static_cast<int64_t>(i);
    }
    state.reason_key = module_.AddTable(fmt::format("{}.reason_key", recurrence.name), std::move(keys));
    const uint32_t workcenter_keys =
        recurrence.per_workcenter ? static_cast<uint32_t>(std::max<size_t>(plant_.workcenters.size(), 1)) : 1;
    const uint32_t key_count = workcenter_keys * state.reason_keys;
    const auto ring = static_cast<uint32_t>(std::max<int64_t>(recurrence.count, 1));
    state.starts = module_.AddSlot(recurrence.name + ".starts", Record::Global, Type::I64, key_count * ring);
    state.filled = module_.AddSlot(recurrence.name + ".filled", Record::Global, Type::I64, key_count);
    state.next = module_.AddSlot(recurrence.name + ".next", Record::Global, Type::I64, key_count);
    state.fired = module_.AddSlot(recurrence.name + ".fired", Record::Global, Type::I64, key_count);
    state.last_fired = module_.AddSlot(recurrence.name + ".last_fired", Record::Global, Type::I64, key_count);
    recurrence_states.push_back(state);
  }

  // down: start a stop (tiers, recurrences) or recode the open one.
  {
    const xir::FunctionId id = module_.AddFunction("on_down", xir::Context::Event, {});
    event_handlers_[TAKT_EVENT_DOWN] = id;
    Builder b(module_, id);
    const ExprId workcenter = b.Ev(EventField::Workcenter);
    const ExprId reason = b.Ev(EventField::Reason);
    b.If(
        b.Load(wc_down_, workcenter),
        // A recode: the open stop takes the new reason; nothing starts, nothing is counted.
        [&] { b.Store(wc_reason_, workcenter, reason); },
        [&] {
          b.Store(wc_down_, workcenter, b.I(1));
          b.Store(wc_reason_, workcenter, reason);
          const ExprId stop = b.Capture(b.Op(Opcode::Add, b.Load(wc_stop_, workcenter), b.I(1)));
          b.Store(wc_stop_, workcenter, stop);
          Remember(b, wc_since_, kNoExpr, workcenter, b.Now());
          if (oee_) {
            b.Store(oee_->counted, workcenter, b.Now());
          }
          Bump(b, TAKT_REPORT_ACTIVE_DOWNTIME, 1);
          // Every tier is timed from the start; whether it acts is decided when it falls due.
          for (uint32_t e = 0; e < plant_.escalations.size(); ++e) {
            const auto& tiers = plant_.escalations[e].tiers;
            for (uint32_t i = 0; i < tiers.size(); ++i) {
              SetRule(b, tiers[i].clause());
              b.Schedule(TAKT_ENTITY_WORKCENTER, b.Op(Opcode::Add, b.Now(), b.I(tiers[i].after_ms)), workcenter,
                         b.I(tiers[i].clause().index), stop, b.I(static_cast<int64_t>((uint64_t{e} << 32) | i)));
            }
          }
          for (uint32_t r = 0; r < plant_.recurrences.size(); ++r) {
            const model::Recurrence& recurrence = plant_.recurrences[r];
            const RecurrenceState& state = recurrence_states[r];
            SetRule(b, recurrence.clause);
            b.If(Matches(b, recurrence.trigger, reason), [&] {
              ExprId key = b.I(0);
              if (recurrence.per_reason && !recurrence.trigger.uncoded) {
                key = b.At(state.reason_key, reason);
              }
              if (recurrence.per_workcenter) {
                key = b.Op(Opcode::Add, b.Op(Opcode::Mul, workcenter, b.I(state.reason_keys)), key);
              }
              key = b.Capture(key);
              const int64_t n = recurrence.count;
              const ExprId window_start = b.Capture(b.Op(Opcode::Sub, b.Now(), b.I(recurrence.window_ms)));
              ExprId in_window = b.I(1);
              if (n >= 1) {
                // Only the last N starts matter: N of them in (t − W, t] ⇔ N recorded and the
                // oldest of the last N after the window start (times never go backwards).
                const ExprId ring = b.Capture(b.Op(Opcode::Mul, key, b.I(n)));
                const ExprId position = b.Capture(b.Load(state.next, key));
                b.Store(state.starts, b.Op(Opcode::Add, ring, position), b.Now());
                const ExprId next = b.Capture(b.Op(Opcode::Rem, b.Op(Opcode::Add, position, b.I(1)), b.I(n)));
                b.Store(state.next, key, next);
                const ExprId filled =
                    b.Capture(b.Op(Opcode::Min, b.Op(Opcode::Add, b.Load(state.filled, key), b.I(1)), b.I(n)));
                b.Store(state.filled, key, filled);
                in_window = b.Capture(
                    b.And(b.Op(Opcode::Eq, filled, b.I(n)),
                          b.Op(Opcode::Gt, b.Load(state.starts, b.Op(Opcode::Add, ring, next)), window_start)));
              }
              const ExprId fired_in_window =
                  b.And(b.Load(state.fired, key), b.Op(Opcode::Gt, b.Load(state.last_fired, key), window_start));
              b.If(b.And(in_window, b.Not(fired_in_window)), [&] {
                b.Store(state.fired, key, b.I(1));
                b.Store(state.last_fired, key, b.Now());
                ActionContext context{.cause = TAKT_CAUSE_RECURRENCE};
                context.workcenter = workcenter;
                context.line = b.Capture(LineOf(b, workcenter));
                context.reason = reason;
                RunReactions(b, recurrence.reactions, context);
              });
            });
          }
        });
  }

  // up: end the stop; its pending tiers become stale (the stop counter moves on at the next down).
  {
    const xir::FunctionId id = module_.AddFunction("on_up", xir::Context::Event, {});
    event_handlers_[TAKT_EVENT_UP] = id;
    Builder b(module_, id);
    const ExprId workcenter = b.Ev(EventField::Workcenter);
    b.If(
        b.Load(wc_down_, workcenter),
        [&] {
          if (!plant_.field_names.empty()) {
            LowerRecordIncomplete(b, workcenter);
          }
          if (oee_) {
            b.Call(oee_->count_stop, {workcenter, b.Now()});
          }
          b.Store(wc_down_, workcenter, b.I(0));
          b.Store(wc_reason_, workcenter, b.I(xir::kNone));
          Bump(b, TAKT_REPORT_ACTIVE_DOWNTIME, -1);
        },
        [&] {
          b.Emit(TAKT_ACTION_REJECT, TAKT_CAUSE_FORBIDDEN, b.I(xir::kNone),
                 {{xir::ActionField::RejectReason, b.I(TAKT_REJECT_NOT_DOWN)},
                  {xir::ActionField::Workcenter, workcenter}});
        });
  }

  // resume: the line a `stop line` stopped runs again.
  {
    const xir::FunctionId id = module_.AddFunction("on_resume", xir::Context::Event, {});
    event_handlers_[TAKT_EVENT_RESUME] = id;
    Builder b(module_, id);
    const ExprId line = b.Ev(EventField::Line);
    b.If(
        b.Load(line_stopped_, line), [&] { b.Store(line_stopped_, line, b.I(0)); },
        [&] {
          b.Emit(TAKT_ACTION_REJECT, TAKT_CAUSE_FORBIDDEN, b.I(xir::kNone),
                 {{xir::ActionField::RejectReason, b.I(TAKT_REJECT_NOT_STOPPED)}, {xir::ActionField::Line, line}});
        });
  }

  // A tier falls due: it acts if its stop is still open and the stop's reason (recoded or not)
  // is one the escalation listens to.
  if (!plant_.escalations.empty()) {
    const xir::FunctionId id = module_.AddFunction("on_tier", xir::Context::Timer, {});
    timer_handlers_[TAKT_ENTITY_WORKCENTER] = id;
    Builder b(module_, id);
    const ExprId workcenter = b.Tm(TimerField::Entity);
    std::vector<int64_t> labels;
    std::vector<std::pair<uint32_t, uint32_t>> tiers;
    for (uint32_t e = 0; e < plant_.escalations.size(); ++e) {
      for (uint32_t i = 0; i < plant_.escalations[e].tiers.size(); ++i) {
        labels.push_back(static_cast<int64_t>((uint64_t{e} << 32) | i));
        tiers.emplace_back(e, i);
      }
    }
    b.Switch(b.Tm(TimerField::Arg1), labels, [&](size_t t) {
      const auto [e, i] = tiers[t];
      const model::Escalation& escalation = plant_.escalations[e];
      SetRule(b, escalation.tiers[i].clause());
      const ExprId reason = b.Capture(b.Load(wc_reason_, workcenter));
      const ExprId open = b.And(b.Load(wc_down_, workcenter),
                                b.Op(Opcode::Eq, b.Load(wc_stop_, workcenter), b.Tm(TimerField::Arg0)));
      b.If(b.And(open, Matches(b, escalation.trigger, reason)), [&] {
        ActionContext context{.cause = TAKT_CAUSE_TIER};
        context.workcenter = workcenter;
        context.line = b.Capture(LineOf(b, workcenter));
        context.reason = reason;
        context.tier = b.I(i + 1);
        RunReactions(b, escalation.tiers[i].reactions, context);
      });
    });
  }
}

// `require` on the stop's reason (or above it): an `up` lacking a field still ends the stop (the
// machine runs), and the stop's record is reported incomplete to the reason's owner.
void Lowerer::LowerRecordIncomplete(Builder& b, ExprId workcenter) {
  std::vector<int64_t> masks;
  std::vector<int64_t> clauses;
  std::vector<int64_t> owners;
  for (uint32_t r = 0; r < plant_.reasons.size(); ++r) {
    const model::Plant::RequiredFields required = plant_.RequiredFieldsOf(model::ReasonId{r});
    masks.push_back(required.mask);
    clauses.push_back(required.clause.is_valid() ? required.clause.index : xir::kNone);
    const std::optional<model::RoleId>& owner = plant_.reasons[r].owner;
    owners.push_back(owner ? owner->index : xir::kNone);
  }
  const xir::TableId mask_table = module_.AddTable("reason.required", std::move(masks));
  const xir::TableId clause_table = module_.AddTable("reason.required.clause", std::move(clauses));
  const xir::TableId owner_table = module_.AddTable("reason.owner", std::move(owners));
  const ExprId reason = b.Capture(b.Load(wc_reason_, workcenter));
  const ExprId missing = b.Capture(
      b.Op(Opcode::BitAnd, b.At(mask_table, reason), b.Op(Opcode::BitXor, b.Ev(EventField::Fields), b.I(-1))));
  b.If(b.Op(Opcode::Ne, missing, b.I(0)), [&] {
    b.Emit(TAKT_ACTION_RECORD_INCOMPLETE, TAKT_CAUSE_MISSING_FIELDS, b.At(clause_table, reason),
           {{xir::ActionField::Role, b.At(owner_table, reason)},
            {xir::ActionField::Workcenter, workcenter},
            {xir::ActionField::Reason, reason},
            {xir::ActionField::MissingFields, missing}});
  });
}

}  // namespace takt::lower
