// Decisions and their paperwork: cases (decide, timeout escalation up the reports_to chain) and
// deviations (approvals, expiry by time or lot count); shift handovers are in handovers.cpp.
#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <set>

#include "compiler/lower/lowerer.h"

namespace takt::lower {

using xir::ActionField;
using xir::EventField;
using xir::Opcode;
using xir::Record;
using xir::TimerField;
using xir::Type;

// ---- Cases. ------------------------------------------------------------------------------------

void Lowerer::LowerCases() {
  if (plant_.cases.empty()) {
    return;
  }
  {
    const xir::FunctionId id = module_.AddFunction("on_decide", xir::Context::Event, {});
    event_handlers_[TAKT_EVENT_DECIDE] = id;
    Builder b(module_, id);
    const ExprId zero = b.I(0);
    const ExprId case_id = b.Ev(EventField::Case);
    b.Switch(b.LoadOf(case_decl_, case_id, zero), Indices(plant_.cases.size()), [&](size_t d) {
      const model::Case& decl = plant_.cases[d];
      const std::optional<DecidingLookup> deciding =
          plant_.people.empty() ? std::nullopt : std::optional<DecidingLookup>(DecidingTables(decl));
      b.Switch(b.Ev(EventField::Outcome), Indices(decl.outcomes.size()), [&](size_t o) {
        const model::Outcome& outcome = decl.outcomes[o];
        SetRule(b, outcome.clause);
        auto close = [&] {
          b.StoreOf(case_open_, case_id, zero, zero);
          Bump(b, TAKT_REPORT_OPEN_CASES, -1);
          ActionContext context{.cause = TAKT_CAUSE_OUTCOME};
          context.case_id = case_id;
          context.outcome = b.I(static_cast<int64_t>(o));
          context.by = b.Ev(EventField::By);
          context.lot = b.Capture(b.LoadOf(case_lot_, case_id, zero));
          context.line = b.Capture(b.LoadOf(case_line_, case_id, zero));
          auto close_fields = ActionFields(b, context);
          if (deciding) {
            close_fields.emplace_back(ActionField::Role, PerPerson(b, deciding->role, zero, xir::kNone));
          }
          if (decl.signature) {
            close_fields.emplace_back(ActionField::Meaning, b.I(decl.signature->meaning));
          }
          b.Emit(TAKT_ACTION_CLOSE_CASE, TAKT_CAUSE_OUTCOME, b.I(outcome.clause.index), std::move(close_fields));
          RunReactions(b, outcome.reactions, context);
          // The holds the outcome did not release outlive the case: they become loose.
          const ExprId lot = context.lot;
          b.If(b.Op(Opcode::Ne, lot, b.I(xir::kNone)), [&] {
            b.If(b.Not(b.LoadOf(lot_scrapped_, lot, zero)), [&] {
              b.StoreOf(lot_loose_, lot, zero,
                        b.Op(Opcode::Add, b.LoadOf(lot_loose_, lot, zero), b.LoadOf(case_holds_, case_id, zero)));
            });
          });
          b.StoreOf(case_holds_, case_id, zero, zero);
        };
        // With a roster: the person holds a role of the path up to the case's escalations.
        auto authorize = [&](const std::function<void()>& authorized) {
          if (!deciding) {
            authorized();
            return;
          }
          const ExprId escalations = b.Capture(b.LoadOf(*case_escalations_, case_id, zero));
          const ExprId level = PerPerson(b, deciding->level, zero, kNotOnPath);
          b.If(b.Op(Opcode::Gt, level, escalations), [&] {
            const ExprId at = b.Select(b.Op(Opcode::Lt, escalations, b.I(deciding->path_size)), escalations,
                                       b.I(deciding->path_size - 1));
            b.Emit(TAKT_ACTION_REJECT, TAKT_CAUSE_FORBIDDEN, b.I(outcome.clause.index),
                   {{ActionField::Role, b.At(deciding->path, at)},
                    {ActionField::Case, case_id},
                    {ActionField::Outcome, b.I(static_cast<int64_t>(o))},
                    {ActionField::RejectReason, b.I(TAKT_REJECT_NOT_AUTHORIZED)},
                    {ActionField::By, b.Ev(EventField::By)}});
          }, authorized);
        };
        // A signed decision names its signer before anything else is asked of them.
        auto decide = [&](const std::function<void()>& authorized) {
          if (!decl.signature) {
            authorize(authorized);
            return;
          }
          b.If(
              b.Op(Opcode::Eq, b.Ev(EventField::By), b.I(xir::kNone)),
              [&] {
                b.Emit(TAKT_ACTION_REJECT, TAKT_CAUSE_FORBIDDEN, b.I(decl.signature->clause.index),
                       {{ActionField::Case, case_id},
                        {ActionField::Outcome, b.I(static_cast<int64_t>(o))},
                        {ActionField::RejectReason, b.I(TAKT_REJECT_SIGNATURE_REQUIRED)},
                        {ActionField::Meaning, b.I(decl.signature->meaning)}});
              },
              [&] { authorize(authorized); });
        };
        b.If(
            b.LoadOf(case_open_, case_id, zero),
            [&] { decide([&] {
              if (decl.evidence.empty()) {
                close();
                return;
              }
              // `require evidence`: what the decision lacks of it rejects the decision.
              const ExprId missing = b.Capture(b.Op(Opcode::BitAnd, b.I(model::NameMask(decl.evidence, plant_.evidence_names)),
                                                    b.Op(Opcode::BitXor, b.Ev(EventField::Evidence), b.I(-1))));
              b.If(
                  b.Op(Opcode::Ne, missing, zero),
                  [&] {
                    b.Emit(TAKT_ACTION_REJECT, TAKT_CAUSE_FORBIDDEN, b.I(decl.evidence_clause.index),
                           {{ActionField::Case, case_id},
                            {ActionField::Outcome, b.I(static_cast<int64_t>(o))},
                            {ActionField::RejectReason, b.I(TAKT_REJECT_MISSING_EVIDENCE)},
                            {ActionField::By, b.Ev(EventField::By)},
                            {ActionField::MissingEvidence, missing}});
                  },
                  close);
            }); },
            [&] {
              b.Emit(TAKT_ACTION_REJECT, TAKT_CAUSE_FORBIDDEN, b.I(outcome.clause.index),
                     {{ActionField::Case, case_id},
                      {ActionField::RejectReason, b.I(TAKT_REJECT_ALREADY_DECIDED)},
                      {ActionField::By, b.Ev(EventField::By)}});
            });
      });
    });
  }
  {
    // The decision is due: escalate to the role in arg0, then (escalate up every …) again to
    // the one above it until the case is decided or the chain ends.
    const xir::FunctionId id = module_.AddFunction("on_case_due", xir::Context::Timer, {});
    timer_handlers_[TAKT_ENTITY_CASE] = id;
    Builder b(module_, id);
    const ExprId zero = b.I(0);
    const ExprId case_id = b.Tm(TimerField::Entity);
    b.If(b.LoadOf(case_open_, case_id, zero), [&] {
      b.Switch(b.LoadOf(case_decl_, case_id, zero), Indices(plant_.cases.size()), [&](size_t d) {
        const model::Case& decl = plant_.cases[d];
        SetRule(b, decl.timeout.clause);
        const ExprId role = b.Tm(TimerField::Arg0);
        if (case_escalations_) {
          b.StoreOf(*case_escalations_, case_id, zero,
                    b.Op(Opcode::Add, b.LoadOf(*case_escalations_, case_id, zero), b.I(1)));
        }
        b.Emit(TAKT_ACTION_ESCALATE, TAKT_CAUSE_TIMEOUT, b.I(decl.timeout.clause.index),
               {{ActionField::Role, role},
                {ActionField::Lot, b.LoadOf(case_lot_, case_id, zero)},
                {ActionField::Case, case_id}});
        if (decl.timeout.kind == model::TimeoutKind::EscalateUpEvery) {
          const ExprId up = b.Capture(b.At(role_up_, role));
          b.If(b.Op(Opcode::Ne, up, b.I(xir::kNone)), [&] {
            b.Schedule(TAKT_ENTITY_CASE, b.Op(Opcode::Add, b.Now(), b.I(decl.timeout.every_ms)), case_id,
                       b.I(decl.timeout.clause.index), up, zero);
          });
        }
      });
    });
  }
}

// ---- Deviations. -------------------------------------------------------------------------------

namespace {

struct DeviationSlots {
  xir::SlotId approved, risk, active, activation, lots_used;
  std::vector<uint32_t> roles;  // Distinct approver roles; approved[i] is roles[i]'s approval.
  uint32_t first = 0;           // Offset of this deviation's flags in `approved`.
};

}  // namespace

void Lowerer::LowerDeviations() {
  if (plant_.deviations.empty()) {
    return;
  }
  const size_t count = plant_.deviations.size();
  std::vector<std::vector<uint32_t>> roles(count);
  uint32_t total = 0;
  std::vector<uint32_t> first(count);
  for (size_t d = 0; d < count; ++d) {
    std::set<uint32_t> distinct;
    for (model::RoleId role : plant_.deviations[d].approvers) {
      distinct.insert(role.index);
    }
    for (const auto& risk : plant_.deviations[d].risk_approvals) {
      for (model::RoleId role : risk.approvers) {
        distinct.insert(role.index);
      }
    }
    roles[d].assign(distinct.begin(), distinct.end());
    first[d] = total;
    total += static_cast<uint32_t>(roles[d].size());
  }
  const auto n = static_cast<uint32_t>(count);
  const xir::SlotId approved = module_.AddSlot("deviation.approved", Record::Global, Type::I64, std::max(total, 1u));
  // The risk level in force plus one (0: none), so a zero-filled record starts without one.
  const xir::SlotId risk_slot = module_.AddSlot("deviation.risk", Record::Global, Type::I64, n);
  const xir::SlotId active = module_.AddSlot("deviation.active", Record::Global, Type::I64, n);
  const xir::SlotId activation = module_.AddSlot("deviation.activation", Record::Global, Type::I64, n);
  const xir::SlotId lots_used = module_.AddSlot("deviation.lots_used", Record::Global, Type::I64, n);
  active_deviation_ = active;
  activation_ = activation;
  lots_used_ = lots_used;
  deviation_approved_ = approved;
  deviation_risk_ = risk_slot;
  deviation_roles_ = roles;
  deviation_first_ = first;

  auto flag = [&](Builder& b, size_t d, uint32_t role) {
    const auto it = std::find(roles[d].begin(), roles[d].end(), role);
    return b.I(first[d] + static_cast<int64_t>(it - roles[d].begin()));
  };
  auto contains = [&](Builder& b, const std::vector<model::RoleId>& list, ExprId role) {
    ExprId result = b.I(0);
    for (model::RoleId id : list) {
      result = b.Or(result, b.Op(Opcode::Eq, role, b.I(id.index)));
    }
    return result;
  };
  auto all_approved = [&](Builder& b, size_t d, const std::vector<model::RoleId>& list) {
    ExprId result = b.I(1);
    for (model::RoleId id : list) {
      result = b.And(result, b.Load(approved, flag(b, d, id.index)));
    }
    return result;
  };

  {
    const xir::FunctionId id = module_.AddFunction("on_approve", xir::Context::Event, {});
    event_handlers_[TAKT_EVENT_APPROVE] = id;
    Builder b(module_, id);
    b.Switch(b.Ev(EventField::Deviation), Indices(count), [&](size_t d) {
      const model::Deviation& deviation = plant_.deviations[d];
      SetRule(b, deviation.clause);
      const ExprId index = b.I(static_cast<int64_t>(d));
      const ExprId event_risk = b.Ev(EventField::Risk);
      const ExprId stored = b.Load(risk_slot, index);
      const ExprId risk = b.Capture(b.Select(
          b.Op(Opcode::Ne, event_risk, b.I(xir::kNone)), event_risk,
          b.Select(b.Op(Opcode::Eq, stored, b.I(0)), b.I(xir::kNone), b.Op(Opcode::Sub, stored, b.I(1)))));
      // With a roster `by` names a person, who approves in the first approver role they hold.
      const ExprId role =
          plant_.people.empty()
              ? b.Ev(EventField::Role)
              : PerPerson(b, ApprovingTable(deviation),
                          b.Select(b.Op(Opcode::Eq, risk, b.I(xir::kNone)), b.I(0), b.Op(Opcode::Add, risk, b.I(1))),
                          xir::kNone);

      ExprId approver = contains(b, deviation.approvers, role);
      for (size_t level = 0; level < deviation.risk_approvals.size(); ++level) {
        approver = b.Or(approver, b.And(b.Op(Opcode::Eq, risk, b.I(static_cast<int64_t>(level))),
                                        contains(b, deviation.risk_approvals[level].approvers, role)));
      }
      auto not_an_approver = [&] {
        b.Emit(TAKT_ACTION_REJECT, TAKT_CAUSE_FORBIDDEN, b.I(deviation.clause.index),
               {{ActionField::Role, role},
                {ActionField::Deviation, index},
                {ActionField::RejectReason, b.I(TAKT_REJECT_NOT_AN_APPROVER)}});
      };
      auto approve = [&] {
            b.Store(risk_slot, index,
                    b.Select(b.Op(Opcode::Eq, risk, b.I(xir::kNone)), b.I(0), b.Op(Opcode::Add, risk, b.I(1))));
            for (uint32_t r : roles[d]) {
              b.If(b.Op(Opcode::Eq, role, b.I(r)), [&] { b.Store(approved, flag(b, d, r), b.I(1)); });
            }
            ExprId complete = all_approved(b, d, deviation.approvers);
            if (!deviation.risk_approvals.empty()) {
              ExprId risk_complete = b.Op(Opcode::Eq, risk, b.I(xir::kNone));
              for (size_t level = 0; level < deviation.risk_approvals.size(); ++level) {
                risk_complete =
                    b.Or(risk_complete, b.And(b.Op(Opcode::Eq, risk, b.I(static_cast<int64_t>(level))),
                                              all_approved(b, d, deviation.risk_approvals[level].approvers)));
              }
              complete = b.And(complete, risk_complete);
            }
            b.If(b.And(b.Not(b.Load(active, index)), complete), [&] {
              b.Store(active, index, b.I(1));
              const ExprId activation_count = b.Capture(b.Op(Opcode::Add, b.Load(activation, index), b.I(1)));
              b.Store(activation, index, activation_count);
              b.Store(lots_used, index, b.I(0));
              Remember(b, deviation_since_, kNoExpr, index, b.Now());
              Bump(b, TAKT_REPORT_ACTIVE_DEVIATIONS, 1);
              std::vector<std::pair<ActionField, ExprId>> fields = {{ActionField::Role, role},
                                                                    {ActionField::Deviation, index}};
              if (!plant_.people.empty()) {
                fields.emplace_back(ActionField::By, b.Ev(EventField::By));
              }
              if (deviation.signature) {
                fields.emplace_back(ActionField::Meaning, b.I(deviation.signature->meaning));
              }
              if (deviation.expires_after_ms) {
                const ExprId due = b.Capture(b.Op(Opcode::Add, b.Now(), b.I(*deviation.expires_after_ms)));
                fields.emplace_back(ActionField::Due, due);
                b.Schedule(TAKT_ENTITY_DEVIATION, due, index, b.I(deviation.clause.index), activation_count, b.I(0));
              }
              b.Emit(TAKT_ACTION_DEVIATION_ACTIVE, TAKT_CAUSE_APPROVAL, b.I(deviation.clause.index), std::move(fields));
            });
      };
      if (plant_.people.empty()) {
        b.If(b.Not(approver), not_an_approver, approve);
        return;
      }
      // With a roster the role is one of the approvers, or none: the person holds none of them.
      b.If(b.Op(Opcode::Eq, role, b.I(xir::kNone)), [&] {
        b.Emit(TAKT_ACTION_REJECT, TAKT_CAUSE_FORBIDDEN, b.I(deviation.clause.index),
               {{ActionField::Deviation, index},
                {ActionField::RejectReason, b.I(TAKT_REJECT_NOT_AUTHORIZED)},
                {ActionField::By, b.Ev(EventField::By)}});
      }, [&] { b.If(b.Not(approver), not_an_approver, approve); });
    });
  }
  {
    const xir::FunctionId id = module_.AddFunction("on_use", xir::Context::Event, {});
    event_handlers_[TAKT_EVENT_USE] = id;
    Builder b(module_, id);
    b.Switch(b.Ev(EventField::Deviation), Indices(count), [&](size_t d) {
      const model::Deviation& deviation = plant_.deviations[d];
      SetRule(b, deviation.clause);
      const ExprId index = b.I(static_cast<int64_t>(d));
      const ExprId lot = b.Ev(EventField::Lot);
      b.If(
          b.Load(active, index),
          [&] {
            const ExprId used = b.Capture(b.Op(Opcode::Add, b.Load(lots_used, index), b.I(1)));
            b.Store(lots_used, index, used);
            if (deviation.expires_lots) {
              b.If(b.Op(Opcode::Ge, used, b.I(*deviation.expires_lots)),
                   [&] { Expire(b, static_cast<uint32_t>(d), TAKT_CAUSE_LOTS, lot); });
            }
          },
          [&] {
            b.Emit(TAKT_ACTION_REJECT, TAKT_CAUSE_FORBIDDEN, b.I(deviation.clause.index),
                   {{ActionField::Lot, lot},
                    {ActionField::Deviation, index},
                    {ActionField::RejectReason, b.I(TAKT_REJECT_NOT_ACTIVE)}});
          });
    });
  }
  {
    const xir::FunctionId id = module_.AddFunction("on_deviation_due", xir::Context::Timer, {});
    timer_handlers_[TAKT_ENTITY_DEVIATION] = id;
    Builder b(module_, id);
    b.Switch(b.Tm(TimerField::Entity), Indices(count), [&](size_t d) {
      SetRule(b, plant_.deviations[d].clause);
      const ExprId index = b.I(static_cast<int64_t>(d));
      b.If(b.And(b.Load(active, index), b.Op(Opcode::Eq, b.Load(activation, index), b.Tm(TimerField::Arg0))),
           [&] { Expire(b, static_cast<uint32_t>(d), TAKT_CAUSE_EXPIRY, b.I(xir::kNone)); });
    });
  }
}

void Lowerer::Expire(Builder& b, uint32_t deviation, uint32_t cause, ExprId lot) {
  const ExprId index = b.I(deviation);
  b.Store(active_deviation_, index, b.I(0));
  for (size_t i = 0; i < deviation_roles_[deviation].size(); ++i) {
    b.Store(deviation_approved_, b.I(deviation_first_[deviation] + static_cast<int64_t>(i)), b.I(0));
  }
  b.Store(deviation_risk_, index, b.I(0));
  Bump(b, TAKT_REPORT_ACTIVE_DEVIATIONS, -1);
  std::vector<std::pair<ActionField, ExprId>> fields = {{ActionField::Deviation, index}};
  int64_t k = 0;
  if (!(b.IsConst(lot, &k) && k == xir::kNone)) {
    fields.emplace_back(ActionField::Lot, lot);
  }
  b.Emit(TAKT_ACTION_DEVIATION_EXPIRED, cause, b.I(plant_.deviations[deviation].clause.index), std::move(fields));
}

}  // namespace takt::lower
