// Shift handovers: a report at each shift end, counting what is open and then listing it item by
// item (report_item), and its acknowledgement with a deadline.
#include "compiler/lower/lowerer.h"

namespace takt::lower {

using xir::ActionField;
using xir::EventField;
using xir::Opcode;
using xir::Record;
using xir::TimerField;
using xir::Type;

void Lowerer::DeclareReportState() {
  std::array<bool, model::kReportItemCount> reported{};
  for (const model::Handover& handover : plant_.handovers) {
    for (model::ReportItem item : handover.report) {
      reported[static_cast<size_t>(item)] = true;
    }
  }
  auto reports = [&](model::ReportItem item) { return reported[static_cast<size_t>(item)]; };
  if (reports(model::ReportItem::OpenHolds)) {
    lot_held_since_ = module_.AddSlot("lot.held_since", Record::Lot, Type::I64, 1);
    lot_hold_cause_ = module_.AddSlot("lot.hold_cause", Record::Lot, Type::I64, 1);
  }
  if (reports(model::ReportItem::OpenCases)) {
    case_since_ = module_.AddSlot("case.since", Record::Case, Type::I64, 1);
    case_cause_ = module_.AddSlot("case.cause", Record::Case, Type::I64, 1);
    case_due_ = module_.AddSlot("case.due", Record::Case, Type::I64, 1);
  }
  if (reports(model::ReportItem::ActiveDowntime)) {
    wc_since_ = module_.AddSlot("workcenter.since", Record::Global, Type::I64,
                                static_cast<uint32_t>(std::max<size_t>(plant_.workcenters.size(), 1)));
  }
  if (reports(model::ReportItem::ActiveDeviations)) {
    deviation_since_ = module_.AddSlot("deviation.since", Record::Global, Type::I64,
                                       static_cast<uint32_t>(std::max<size_t>(plant_.deviations.size(), 1)));
  }
  if (reports(model::ReportItem::OpenOrders)) {
    order_since_ = module_.AddSlot("order.since", Record::Order, Type::I64, 1);
  }
}

void Lowerer::Remember(Builder& b, const std::optional<xir::SlotId>& slot, ExprId entity, ExprId index,
                       ExprId value) {
  if (slot) {
    b.StoreOf(*slot, entity, index, value);
  }
}

auto Lowerer::CaseOwners() -> xir::TableId {
  if (!case_owners_) {
    std::vector<int64_t> owners;
    for (const model::Case& decl : plant_.cases) {
      owners.push_back(decl.owner.index);
    }
    case_owners_ = module_.AddTable("case.owner", std::move(owners));
  }
  return *case_owners_;
}

auto Lowerer::ReasonOwners() -> xir::TableId {
  if (!reason_owners_) {
    std::vector<int64_t> owners;
    for (uint32_t r = 0; r < plant_.reasons.size(); ++r) {
      const auto owner = plant_.ReasonOwner(model::ReasonId{r});
      owners.push_back(owner ? owner->index : xir::kNone);
    }
    reason_owners_ = module_.AddTable("reason.owner", std::move(owners));
  }
  return *reason_owners_;
}

// The parameters of the report_item emitter, in order.
enum ItemParam : uint32_t {
  kItemRule,
  kItemHandover,
  kItemKind,
  kItemCause,
  kItemLot,
  kItemOrder,
  kItemCase,
  kItemWorkcenter,
  kItemReason,
  kItemDeviation,
  kItemRole,
  kItemSince,
  kItemDue,
  kItemParamCount
};

// Emits one report_item from its parameters (absent ones TAKT_NONE / TAKT_NO_INT, which the
// encoder leaves out). An emit's cause is a constant of the xir, and an item's cause is a value
// (the cause a lot's hold or a case's opening had): one switch over the causes, here only.
auto Lowerer::BuildReportItemEmitter() -> xir::FunctionId {
  const xir::FunctionId id =
      module_.AddFunction("report_item", xir::Context::Timer, std::vector<Type>(kItemParamCount, Type::I64));
  Builder b(module_, id);
  b.Switch(b.Param(kItemCause), Indices(TAKT_CAUSE_COUNT), [&](size_t cause) {
    b.Emit(TAKT_ACTION_REPORT_ITEM, static_cast<uint32_t>(cause), b.Param(kItemRule),
           {{ActionField::Role, b.Param(kItemRole)},
            {ActionField::Workcenter, b.Param(kItemWorkcenter)},
            {ActionField::Reason, b.Param(kItemReason)},
            {ActionField::Lot, b.Param(kItemLot)},
            {ActionField::Order, b.Param(kItemOrder)},
            {ActionField::Case, b.Param(kItemCase)},
            {ActionField::Due, b.Param(kItemDue)},
            {ActionField::Deviation, b.Param(kItemDeviation)},
            {ActionField::Handover, b.Param(kItemHandover)},
            {ActionField::Item, b.Param(kItemKind)},
            {ActionField::Since, b.Param(kItemSince)}});
  });
  return id;
}

// One report_item per entity each listed item covers, in the order of the interpreter's
// ReportItems (docs/runtime.md, "Handovers").
void Lowerer::ReportItems(Builder& b, const model::Handover& handover, ExprId index, xir::FunctionId emitter) {
  const ExprId zero = b.I(0);
  const ExprId none = b.I(xir::kNone);
  const ExprId no_int = b.I(xir::kNoInt);
  for (model::ReportItem item : handover.report) {
    std::vector<ExprId> args(kItemParamCount, none);
    args[kItemRule] = b.I(handover.report_clause.index);
    args[kItemHandover] = index;
    args[kItemKind] = b.I(static_cast<int64_t>(item));
    args[kItemCause] = b.I(TAKT_CAUSE_SHIFT_END);
    args[kItemSince] = no_int;
    args[kItemDue] = no_int;
    switch (item) {
      case model::ReportItem::OpenHolds:
        b.For(b.Count(TAKT_ENTITY_LOT), [&](ExprId lot) {
          b.If(b.Op(Opcode::Gt, b.LoadOf(lot_holds_, lot, zero), zero), [&] {
            // The oldest open case that holds the lot answers for it; loose holds have no owner.
            const uint32_t holder = b.NewLocal(Type::I64);
            const uint32_t owner = b.NewLocal(Type::I64);
            b.Set(holder, none);
            b.Set(owner, none);
            b.For(b.Count(TAKT_ENTITY_CASE), [&](ExprId c) {
              b.If(b.And(b.And(b.Op(Opcode::Eq, b.Local(holder), none), b.LoadOf(case_open_, c, zero)),
                         b.And(b.Op(Opcode::Eq, b.LoadOf(case_lot_, c, zero), lot),
                               b.Op(Opcode::Gt, b.LoadOf(case_holds_, c, zero), zero))),
                   [&] {
                     b.Set(holder, c);
                     b.Set(owner, b.At(CaseOwners(), b.LoadOf(case_decl_, c, zero)));
                   });
            });
            args[kItemLot] = lot;
            args[kItemCase] = b.Local(holder);
            args[kItemRole] = b.Local(owner);
            args[kItemCause] = b.LoadOf(*lot_hold_cause_, lot, zero);
            args[kItemSince] = b.LoadOf(*lot_held_since_, lot, zero);
            b.Call(emitter, args);
          });
        });
        break;
      case model::ReportItem::OpenCases:
        b.For(b.Count(TAKT_ENTITY_CASE), [&](ExprId c) {
          b.If(b.LoadOf(case_open_, c, zero), [&] {
            args[kItemCase] = c;
            args[kItemLot] = b.LoadOf(case_lot_, c, zero);
            args[kItemRole] = b.At(CaseOwners(), b.LoadOf(case_decl_, c, zero));
            args[kItemCause] = b.LoadOf(*case_cause_, c, zero);
            args[kItemSince] = b.LoadOf(*case_since_, c, zero);
            args[kItemDue] = b.LoadOf(*case_due_, c, zero);
            b.Call(emitter, args);
          });
        });
        break;
      case model::ReportItem::ActiveDowntime:
        for (uint32_t w = 0; w < plant_.workcenters.size(); ++w) {
          const ExprId workcenter = b.I(w);
          b.If(b.Load(wc_down_, workcenter), [&] {
            const ExprId reason = b.Capture(b.Load(wc_reason_, workcenter));
            args[kItemWorkcenter] = workcenter;
            args[kItemReason] = reason;
            // Out-of-range reads give 0: an uncoded stop (TAKT_NONE) has no owner.
            args[kItemRole] = b.Select(b.Op(Opcode::Eq, reason, none), none, b.At(ReasonOwners(), reason));
            args[kItemSince] = b.Load(*wc_since_, workcenter);
            b.Call(emitter, args);
          });
        }
        break;
      case model::ReportItem::ActiveDeviations:
        for (uint32_t d = 0; d < plant_.deviations.size(); ++d) {
          const model::Deviation& deviation = plant_.deviations[d];
          const ExprId which = b.I(d);
          b.If(b.Load(active_deviation_, which), [&] {
            const ExprId since = b.Capture(b.Load(*deviation_since_, which));
            args[kItemDeviation] = which;
            args[kItemRole] = b.I(deviation.owner.index);
            args[kItemCause] = b.I(TAKT_CAUSE_APPROVAL);
            args[kItemSince] = since;
            args[kItemDue] =
                deviation.expires_after_ms ? b.Op(Opcode::Add, since, b.I(*deviation.expires_after_ms)) : no_int;
            b.Call(emitter, args);
          });
        }
        break;
      case model::ReportItem::OpenOrders:
        b.For(b.Count(TAKT_ENTITY_ORDER), [&](ExprId order) {
          b.If(b.And(b.LoadOf(order_released_, order, zero), b.Not(b.LoadOf(order_closed_, order, zero))), [&] {
            args[kItemOrder] = order;
            args[kItemLot] = b.LoadOf(order_lot_, order, zero);
            args[kItemSince] = b.LoadOf(*order_since_, order, zero);
            b.Call(emitter, args);
          });
        });
        break;
      case model::ReportItem::Oee:
        if (oee_) {
          b.Call(oee_->report, {index, b.I(handover.report_clause.index)});
        }
        break;
      case model::ReportItem::Loss:
        // Listed by `oee`, never by itself.
        break;
    }
  }
}

// Timer kinds of a handover, in arg1.
static constexpr int64_t kHandoverReport = 0;
static constexpr int64_t kHandoverAcknowledge = 1;

void Lowerer::ScheduleNextShiftEnd(Builder& b, uint32_t handover) {
  if (plant_.shift_ends.empty()) {
    return;
  }
  const model::Handover& decl = plant_.handovers[handover];
  SetRule(b, decl.report_clause);
  const ExprId due = NextShiftEnd(b, b.Now(), false).end;
  b.Schedule(TAKT_ENTITY_HANDOVER, due, b.I(handover), b.I(decl.report_clause.index), b.I(0),
             b.I(kHandoverReport));
}

void Lowerer::LowerHandovers() {
  if (plant_.handovers.empty()) {
    return;
  }
  const auto n = static_cast<uint32_t>(plant_.handovers.size());
  const xir::SlotId reports = module_.AddSlot("handover.reports", Record::Global, Type::I64, n);
  const xir::SlotId acknowledged = module_.AddSlot("handover.acknowledged", Record::Global, Type::I64, n);
  {
    const xir::FunctionId id = module_.AddFunction("start_handovers", xir::Context::Any, {});
    start_handlers_.push_back(id);
    Builder b(module_, id);
    for (uint32_t h = 0; h < n; ++h) {
      ScheduleNextShiftEnd(b, h);
    }
  }
  {
    const xir::FunctionId id = module_.AddFunction("on_acknowledge", xir::Context::Event, {});
    event_handlers_[TAKT_EVENT_ACKNOWLEDGE] = id;
    Builder b(module_, id);
    b.Switch(b.Ev(EventField::Handover), Indices(n), [&](size_t h) {
      const model::Handover& handover = plant_.handovers[h];
      const model::ClauseId clause =
          handover.acknowledge_clause.is_valid() ? handover.acknowledge_clause : handover.report_clause;
      SetRule(b, clause);
      const ExprId index = b.I(static_cast<int64_t>(h));
      const ExprId role = b.Ev(EventField::Role);
      auto reject = [&](int64_t reason) {
        b.Emit(TAKT_ACTION_REJECT, TAKT_CAUSE_FORBIDDEN, b.I(clause.index),
               {{ActionField::Role, role},
                {ActionField::Handover, index},
                {ActionField::RejectReason, b.I(reason)}});
      };
      const ExprId made = b.Capture(b.Load(reports, index));
      b.If(b.Op(Opcode::Ge, b.Load(acknowledged, index), made), [&] { reject(TAKT_REJECT_NOTHING_TO_ACKNOWLEDGE); },
           [&] {
             ExprId wrong = b.I(0);
             if (handover.acknowledge_by) {
               wrong = b.And(b.Op(Opcode::Ne, role, b.I(xir::kNone)),
                             b.Op(Opcode::Ne, role, b.I(handover.acknowledge_by->index)));
             }
             auto accept = [&] { b.Store(acknowledged, index, made); };
             b.If(wrong, [&] { reject(TAKT_REJECT_WRONG_ROLE); }, [&] {
               if (plant_.people.empty() || !handover.acknowledge_by) {
                 accept();
                 return;
               }
               // With a roster `by` names a person, who must hold the acknowledging role.
               const ExprId holds =
                   PerPerson(b, HoldersTable(handover.name + ".acknowledgers", *handover.acknowledge_by), b.I(0), 0);
               b.If(b.Not(holds), [&] {
                 b.Emit(TAKT_ACTION_REJECT, TAKT_CAUSE_FORBIDDEN, b.I(clause.index),
                        {{ActionField::Role, b.I(handover.acknowledge_by->index)},
                         {ActionField::Handover, index},
                         {ActionField::RejectReason, b.I(TAKT_REJECT_NOT_AUTHORIZED)},
                         {ActionField::By, b.Ev(EventField::By)}});
               }, accept);
             });
           });
    });
  }
  {
    const xir::FunctionId emitter = BuildReportItemEmitter();
    const xir::FunctionId id = module_.AddFunction("on_handover_due", xir::Context::Timer, {});
    timer_handlers_[TAKT_ENTITY_HANDOVER] = id;
    Builder b(module_, id);
    b.Switch(b.Tm(TimerField::Entity), Indices(n), [&](size_t h) {
      const model::Handover& handover = plant_.handovers[h];
      const ExprId index = b.I(static_cast<int64_t>(h));
      b.If(
          b.Op(Opcode::Eq, b.Tm(TimerField::Arg1), b.I(kHandoverAcknowledge)),
          [&] {
            if (!handover.acknowledge_by) {
              return;
            }
            SetRule(b, handover.acknowledge_clause);
            b.If(b.Op(Opcode::Lt, b.Load(acknowledged, index), b.Tm(TimerField::Arg0)), [&] {
              const model::Role& acknowledger = plant_.role(*handover.acknowledge_by);
              const uint32_t role =
                  acknowledger.reports_to ? acknowledger.reports_to->index : handover.owner.index;
              b.Emit(TAKT_ACTION_ESCALATE, TAKT_CAUSE_TIMEOUT, b.I(handover.acknowledge_clause.index),
                     {{ActionField::Role, b.I(role)}, {ActionField::Handover, index}});
            });
          },
          [&] {
            SetRule(b, handover.report_clause);
            const ExprId made = b.Capture(b.Op(Opcode::Add, b.Load(reports, index), b.I(1)));
            b.Store(reports, index, made);
            std::vector<std::pair<ActionField, ExprId>> fields = {{ActionField::Handover, index}};
            for (model::ReportItem item : handover.report) {
              const auto k = static_cast<uint32_t>(item);
              // `oee` lists every workcenter; the other items count what is open.
              const ExprId count = item == model::ReportItem::Oee
                                       ? b.I(static_cast<int64_t>(plant_.workcenters.size()))
                                       : b.Capture(b.Load(counters_, b.I(k)));
              fields.emplace_back(static_cast<ActionField>(static_cast<uint32_t>(ActionField::Count0) + k), count);
            }
            if (handover.acknowledge_by) {
              const ExprId due = b.Capture(b.Op(Opcode::Add, b.Now(), b.I(handover.acknowledge_within_ms)));
              fields.emplace_back(ActionField::Role, b.I(handover.acknowledge_by->index));
              fields.emplace_back(ActionField::Due, due);
              b.Schedule(TAKT_ENTITY_HANDOVER, due, index, b.I(handover.acknowledge_clause.index), made,
                         b.I(kHandoverAcknowledge));
            } else {
              // Nothing to acknowledge: the report is closed as soon as it is made.
              b.Store(acknowledged, index, made);
            }
            b.Emit(TAKT_ACTION_HANDOVER_REPORT, TAKT_CAUSE_SHIFT_END, b.I(handover.report_clause.index),
                   std::move(fields));
            ReportItems(b, handover, index, emitter);
            ScheduleNextShiftEnd(b, static_cast<uint32_t>(h));
          });
    });
  }
}

}  // namespace takt::lower
