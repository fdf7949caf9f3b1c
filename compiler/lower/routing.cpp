// Routings: release of an order, then start / confirm / complete / fail of its operations in
// order; count and consume report on the running one (production.cpp). Forbidden events are not dropped: they emit a `reject` citing the routing.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "compiler/lower/lowerer.h"

namespace takt::lower {

using xir::ActionField;
using xir::EventField;
using xir::Opcode;

void Lowerer::LowerRoutings() {
  if (plant_.routings.empty()) {
    return;
  }
  std::vector<int64_t> clauses;
  for (const auto& routing : plant_.routings) {
    clauses.push_back(routing.clause.index);
  }
  const xir::TableId routing_clause = module_.AddTable("routing.clause", std::move(clauses));
  {
    const xir::FunctionId id = module_.AddFunction("on_release", xir::Context::Event, {});
    event_handlers_[TAKT_EVENT_RELEASE] = id;
    Builder b(module_, id);
    const ExprId order = b.Ev(EventField::Order);
    const ExprId zero = b.I(0);
    b.If(
        b.LoadOf(order_released_, order, zero),
        [&] {
          b.Emit(TAKT_ACTION_REJECT, TAKT_CAUSE_FORBIDDEN, b.At(routing_clause, b.Ev(EventField::Routing)),
                 {{ActionField::Lot, b.Ev(EventField::Lot)},
                  {ActionField::Order, order},
                  {ActionField::RejectReason, b.I(TAKT_REJECT_DUPLICATE_ORDER)}});
        },
        [&] {
          b.StoreOf(order_released_, order, zero, b.I(1));
          b.StoreOf(order_routing_, order, zero, b.Ev(EventField::Routing));
          b.StoreOf(order_lot_, order, zero, b.Ev(EventField::Lot));
          if (has_order_qty_) {
            b.StoreOf(order_qty_, order, zero, b.Ev(EventField::Qty));
          }
          Remember(b, order_since_, order, zero, b.Now());
          Bump(b, TAKT_REPORT_OPEN_ORDERS, 1);
        });
  }
  // Routings are grouped by shape (operation numbers, critical flags, on fail): one body per
  // shape, the clause ids of each routing from tables. Real plants have many routings of few
  // shapes; a body per routing would grow on_operation with the plant.
  std::map<std::vector<int64_t>, size_t> shape_of_key;
  std::vector<uint32_t> representatives;
  std::vector<int64_t> routing_shape;
  size_t max_ops = 1;
  for (const auto& routing : plant_.routings) {
    max_ops = std::max(max_ops, routing.operations.size());
  }
  std::vector<int64_t> on_fail_clauses(plant_.routings.size() * max_ops, xir::kNone);
  // Per (routing, operation): the current revision of its instruction (kNoInt: none) and the
  // clause a start without it cites.
  std::vector<int64_t> instruction_revs(plant_.routings.size() * max_ops, xir::kNoInt);
  std::vector<int64_t> instruction_clauses(plant_.routings.size() * max_ops, xir::kNone);
  bool any_instruction = false;
  // With a roster: per (routing, operation) the qualification it requires and the clause; per
  // routing its four-eyes clause.
  std::vector<int64_t> requires_quals(plant_.routings.size() * max_ops, xir::kNone);
  std::vector<int64_t> requires_clauses(plant_.routings.size() * max_ops, xir::kNone);
  std::vector<int64_t> four_eyes_clauses;
  bool any_requires = false;
  for (uint32_t r = 0; r < plant_.routings.size(); ++r) {
    const model::Routing& routing = plant_.routings[r];
    std::vector<int64_t> key = {routing.confirm_critical ? 1 : 0, routing.four_eyes ? 1 : 0};
    four_eyes_clauses.push_back(routing.four_eyes ? routing.four_eyes_clause.index : xir::kNone);
    for (size_t i = 0; i < routing.operations.size(); ++i) {
      const model::Operation& op = routing.operations[i];
      key.push_back(op.number);
      key.push_back(op.critical ? 1 : 0);
      key.push_back(op.on_fail ? 1 : 0);
      if (op.instruction) {
        instruction_revs[r * max_ops + i] = plant_.instructions[op.instruction->index].rev;
        instruction_clauses[r * max_ops + i] = op.instruction_clause.index;
        any_instruction = true;
      }
      if (op.requires_qualification && !plant_.people.empty()) {
        requires_quals[r * max_ops + i] = op.requires_qualification->index;
        requires_clauses[r * max_ops + i] = op.requires_clause.index;
        any_requires = true;
      }
      if (op.on_fail) {
        key.push_back(op.on_fail->rework_target ? static_cast<int64_t>(*op.on_fail->rework_target) : -1);
        key.push_back(op.on_fail->max_reworks);
        on_fail_clauses[r * max_ops + i] = op.on_fail->clause.index;
      }
    }
    const auto [it, inserted] = shape_of_key.emplace(std::move(key), representatives.size());
    if (inserted) {
      representatives.push_back(r);
    }
    routing_shape.push_back(static_cast<int64_t>(it->second));
  }
  routing_clause_ = routing_clause;
  on_fail_clause_ = module_.AddTable("routing.on_fail.clause", std::move(on_fail_clauses));
  on_fail_stride_ = static_cast<int64_t>(max_ops);
  if (any_instruction) {
    instruction_rev_ = module_.AddTable("routing.instruction.rev", std::move(instruction_revs));
    instruction_clause_ = module_.AddTable("routing.instruction.clause", std::move(instruction_clauses));
  }
  if (any_requires) {
    requires_ = module_.AddTable("routing.requires", std::move(requires_quals));
    requires_clause_ = module_.AddTable("routing.requires.clause", std::move(requires_clauses));
  }
  if (order_started_by_) {
    four_eyes_clause_ = module_.AddTable("routing.four_eyes.clause", std::move(four_eyes_clauses));
  }
  const xir::TableId shape_table = module_.AddTable("routing.shape", std::move(routing_shape));
  {
    const xir::FunctionId id = module_.AddFunction("on_operation", xir::Context::Event, {});
    for (uint32_t kind : {TAKT_EVENT_START, TAKT_EVENT_CONFIRM, TAKT_EVENT_COMPLETE, TAKT_EVENT_FAIL,
                          TAKT_EVENT_COUNT, TAKT_EVENT_CONSUME}) {
      event_handlers_[kind] = id;
    }
    Builder b(module_, id);
    const ExprId order = b.Ev(EventField::Order);
    const ExprId lot = b.Capture(b.LoadOf(order_lot_, order, b.I(0)));
    const ExprId routing = b.Capture(b.LoadOf(order_routing_, order, b.I(0)));
    std::vector<int64_t> labels;
    for (size_t s = 0; s < representatives.size(); ++s) {
      labels.push_back(static_cast<int64_t>(s));
    }
    std::vector<size_t> members(representatives.size(), 0);
    for (int64_t shape : module_.tables[shape_table].ints) {
      ++members[static_cast<size_t>(shape)];
    }
    b.Switch(b.At(shape_table, routing), labels, [&](size_t s) {
      OperationEvent(b, representatives[s], members[s] == 1, routing, order, lot);
    });
  }
}

void Lowerer::OperationEvent(Builder& b, uint32_t routing_index, bool alone, ExprId routing_id, ExprId order,
                             ExprId lot) {
  const model::Routing& routing = plant_.routings[routing_index];
  const auto& ops = routing.operations;
  // A shape shared by several routings cites each routing's own clauses, read from tables.
  auto set_rule = [&](model::ClauseId clause) {
    if (alone) {
      SetRule(b, clause);
    } else {
      b.SetRule(xir::kNoRule, source::Span{});
    }
  };
  set_rule(routing.clause);
  const ExprId zero = b.I(0);
  const ExprId op_number = b.Ev(EventField::Op);
  const ExprId routing_clause = b.Capture(b.At(routing_clause_, routing_id));
  auto reject = [&](int64_t reason) {
    b.Emit(TAKT_ACTION_REJECT, TAKT_CAUSE_FORBIDDEN, routing_clause,
           {{ActionField::Lot, lot},
            {ActionField::Order, order},
            {ActionField::Op, op_number},
            {ActionField::RejectReason, b.I(reason)}});
  };
  const uint32_t found = b.NewLocal(xir::Type::I64);
  b.Set(found, b.I(-1));
  std::vector<int64_t> numbers;
  for (const auto& op : ops) {
    numbers.push_back(op.number);
  }
  b.Switch(op_number, numbers, [&](size_t i) { b.Set(found, b.I(static_cast<int64_t>(i))); });
  const ExprId index = b.Local(found);
  std::vector<int64_t> critical;
  for (const auto& op : ops) {
    critical.push_back(op.critical ? 1 : 0);
  }
  const xir::TableId critical_table = module_.AddTable(fmt::format("{}.critical", routing.name), std::move(critical));
  b.If(b.Op(Opcode::Eq, index, b.I(-1)), [&] { reject(TAKT_REJECT_UNKNOWN_OP); }, [&] {
    b.If(b.Or(b.LoadOf(order_closed_, order, zero), b.LoadOf(lot_scrapped_, lot, zero)),
         [&] { reject(TAKT_REJECT_ORDER_CLOSED); },
         [&] {
           const ExprId started = b.Capture(b.LoadOf(order_started_, order, zero));
           const ExprId next = b.Capture(b.LoadOf(order_next_, order, zero));
           const ExprId is_current = b.Capture(b.And(started, b.Op(Opcode::Eq, next, index)));
           const ExprId is_critical = b.At(critical_table, index);
           const ExprId held = b.Op(Opcode::Gt, b.LoadOf(lot_holds_, lot, zero), zero);
           auto complete_step = [&] {
             b.StoreOf(order_started_, order, zero, zero);
             b.StoreOf(order_confirmed_, order, zero, zero);
             TrackRunning(b, routing_id, index, lot, -1);
           };
           auto count_pieces = [&] {
             if (production_pieces_) {
               b.Call(*production_pieces_, {routing_id, order, lot, index});
             }
             if (oee_ && oee_->pieces) {
               b.Call(*oee_->pieces, {routing_id, index});
             }
           };
           b.Switch(
               b.Ev(EventField::Kind),
               {TAKT_EVENT_START, TAKT_EVENT_CONFIRM, TAKT_EVENT_COMPLETE, TAKT_EVENT_FAIL, TAKT_EVENT_COUNT,
                TAKT_EVENT_CONSUME},
               [&](size_t kind) {
                 switch (kind) {
                   case 0:
                     b.If(is_current, [&] { reject(TAKT_REJECT_ALREADY_STARTED); }, [&] {
                       b.If(b.Or(started, b.Op(Opcode::Ne, index, next)), [&] { reject(TAKT_REJECT_OUT_OF_ORDER); },
                            [&] {
                              b.If(held, [&] { reject(TAKT_REJECT_LOT_HELD); }, [&] {
                                Authorized(b, routing_id, index, order, lot, false,
                                           [&] { StartOperation(b, routing_id, index, order, lot); });
                              });
                            });
                     });
                     return;
                   case 1:
                     b.If(b.Not(is_current), [&] { reject(TAKT_REJECT_NOT_STARTED); }, [&] {
                       b.If(held, [&] { reject(TAKT_REJECT_LOT_HELD); }, [&] {
                         b.If(b.Not(is_critical), [&] { reject(TAKT_REJECT_NOT_CRITICAL); }, [&] {
                           Authorized(b, routing_id, index, order, lot, routing.four_eyes,
                                      [&] { b.StoreOf(order_confirmed_, order, zero, b.I(1)); });
                         });
                       });
                     });
                     return;
                   case 2:
                     b.If(b.Not(is_current), [&] { reject(TAKT_REJECT_NOT_STARTED); }, [&] {
                       const ExprId unconfirmed =
                           b.And(b.I(routing.confirm_critical ? 1 : 0),
                                 b.And(is_critical, b.Not(b.LoadOf(order_confirmed_, order, zero))));
                       b.If(held, [&] { reject(TAKT_REJECT_LOT_HELD); }, [&] {
                         b.If(unconfirmed, [&] { reject(TAKT_REJECT_NOT_CONFIRMED); }, [&] {
                           count_pieces();
                           complete_step();
                           const ExprId following = b.Capture(b.Op(Opcode::Add, index, b.I(1)));
                           b.StoreOf(order_next_, order, zero, following);
                           b.If(b.Op(Opcode::Eq, following, b.I(static_cast<int64_t>(ops.size()))), [&] {
                             b.StoreOf(order_closed_, order, zero, b.I(1));
                             Bump(b, TAKT_REPORT_OPEN_ORDERS, -1);
                           });
                         });
                       });
                     });
                     return;
                   case 4:
                     b.If(b.Not(is_current), [&] { reject(TAKT_REJECT_NOT_STARTED); }, count_pieces);
                     return;
                   case 5:
                     b.If(b.Not(is_current), [&] { reject(TAKT_REJECT_NOT_STARTED); },
                          [&] { b.Call(*production_consume_, {routing_id, order, lot, index, routing_clause}); });
                     return;
                   default:
                     b.If(b.Not(is_current), [&] { reject(TAKT_REJECT_NOT_STARTED); }, [&] {
                       std::vector<int64_t> indices;
                       for (size_t i = 0; i < ops.size(); ++i) {
                         indices.push_back(static_cast<int64_t>(i));
                       }
                       b.Switch(index, indices, [&](size_t i) {
                         const model::Operation& op = ops[i];
                         if (!op.on_fail) {
                           reject(TAKT_REJECT_NO_ON_FAIL);
                           return;
                         }
                         const model::OnFail& on_fail = *op.on_fail;
                         set_rule(on_fail.clause);
                         const ExprId fail_clause = b.Capture(b.At(
                             on_fail_clause_, b.Op(Opcode::Add, b.Op(Opcode::Mul, routing_id, b.I(on_fail_stride_)),
                                                   b.I(static_cast<int64_t>(i)))));
                         complete_step();
                         const ExprId rework_slot = b.I(static_cast<int64_t>(i));
                         const ExprId reworks = b.Capture(b.LoadOf(order_reworks_, order, rework_slot));
                         const ExprId can_rework =
                             on_fail.rework_target ? b.Op(Opcode::Lt, reworks, b.I(on_fail.max_reworks)) : b.I(0);
                         std::vector<std::pair<ActionField, ExprId>> fields = {{ActionField::Lot, lot},
                                                                               {ActionField::Order, order},
                                                                               {ActionField::Op, op_number},
                                                                               {ActionField::By, b.Ev(EventField::By)}};
                         b.If(
                             can_rework,
                             [&] {
                               b.StoreOf(order_reworks_, order, rework_slot, b.Op(Opcode::Add, reworks, b.I(1)));
                               b.StoreOf(order_next_, order, zero, b.I(*on_fail.rework_target));
                               auto rework_fields = fields;
                               rework_fields.emplace_back(ActionField::TargetOp,
                                                          b.I(ops[*on_fail.rework_target].number));
                               b.Emit(TAKT_ACTION_REWORK, TAKT_CAUSE_FAIL, fail_clause,
                                      std::move(rework_fields));
                             },
                             [&] {
                               b.StoreOf(order_closed_, order, zero, b.I(1));
                               Bump(b, TAKT_REPORT_OPEN_ORDERS, -1);
                               ScrapLot(b, lot);
                               b.Emit(TAKT_ACTION_SCRAP, TAKT_CAUSE_FAIL, fail_clause, fields);
                             });
                         set_rule(routing.clause);
                       });
                     });
                     return;
                 }
               });
         });
  });
}

// With a roster, the person starting or confirming holds what the operation requires; then, for
// a confirm under four eyes, the start and the confirm name two different people.
void Lowerer::Authorized(Builder& b, ExprId routing_id, ExprId index, ExprId order, ExprId lot, bool four_eyes,
                         const std::function<void()>& then) {
  const ExprId by = b.Ev(EventField::By);
  auto not_authorized = [&](ExprId clause, ExprId qualification) {
    b.Emit(TAKT_ACTION_REJECT, TAKT_CAUSE_FORBIDDEN, clause,
           {{ActionField::Lot, lot},
            {ActionField::Order, order},
            {ActionField::Op, b.Ev(EventField::Op)},
            {ActionField::RejectReason, b.I(TAKT_REJECT_NOT_AUTHORIZED)},
            {ActionField::By, by},
            {ActionField::Qualification, qualification}});
  };
  auto second_person = [&] {
    if (!four_eyes) {
      then();
      return;
    }
    const ExprId started_by = b.LoadOf(*order_started_by_, order, b.I(0));
    const ExprId same = b.Or(b.Op(Opcode::Eq, by, b.I(xir::kNone)),
                             b.Or(b.Op(Opcode::Eq, started_by, b.I(0)),
                                  b.Op(Opcode::Eq, started_by, b.Op(Opcode::Add, by, b.I(1)))));
    b.If(same, [&] { not_authorized(b.At(*four_eyes_clause_, routing_id), b.I(xir::kNone)); }, then);
  };
  if (!requires_) {
    second_person();
    return;
  }
  const ExprId at = b.Capture(b.Op(Opcode::Add, b.Op(Opcode::Mul, routing_id, b.I(on_fail_stride_)), index));
  const ExprId qualification = b.Capture(b.At(*requires_, at));
  b.If(b.Not(Qualified(b, qualification)), [&] { not_authorized(b.At(*requires_clause_, at), qualification); },
       second_person);
}

// An accepted start, once the instruction's revision is the one acknowledged (`rev`).
void Lowerer::StartOperation(Builder& b, ExprId routing_id, ExprId index, ExprId order, ExprId lot) {
  const ExprId zero = b.I(0);
  auto start = [&] {
    b.StoreOf(order_started_, order, zero, b.I(1));
    if (order_started_by_) {
      // `by` plus one; 0 (a zero-filled record) when the start named nobody.
      const ExprId by = b.Ev(EventField::By);
      b.StoreOf(*order_started_by_, order, zero,
                b.Select(b.Op(Opcode::Eq, by, b.I(xir::kNone)), zero, b.Op(Opcode::Add, by, b.I(1))));
    }
    b.StoreOf(order_confirmed_, order, zero, zero);
    if (production_start_) {
      b.Call(*production_start_, {routing_id, order, index, lot});
    }
    TrackRunning(b, routing_id, index, lot, 1);
  };
  if (!instruction_rev_) {
    CheckFirstPiece(b, routing_id, index, order, lot, start);
    return;
  }
  const ExprId at = b.Capture(b.Op(Opcode::Add, b.Op(Opcode::Mul, routing_id, b.I(on_fail_stride_)), index));
  const ExprId required = b.Capture(b.At(*instruction_rev_, at));
  const ExprId rev = b.Ev(EventField::Rev);
  b.If(
      b.And(b.Op(Opcode::Ne, required, b.I(xir::kNoInt)), b.Op(Opcode::Ne, rev, required)),
      [&] {
        b.Emit(TAKT_ACTION_REJECT, TAKT_CAUSE_FORBIDDEN, b.At(*instruction_clause_, at),
               {{ActionField::Lot, lot},
                {ActionField::Order, order},
                {ActionField::Op, b.Ev(EventField::Op)},
                {ActionField::RejectReason, b.I(TAKT_REJECT_INSTRUCTION_REVISION)},
                {ActionField::Rev, rev},
                {ActionField::RequiredRev, required}});
      },
      [&] { CheckFirstPiece(b, routing_id, index, order, lot, start); });
}

}  // namespace takt::lower
