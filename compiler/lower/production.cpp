// Production: what the pieces, times and materials of a running operation demand, as the
// interpreter's interp/production.cpp does. Three functions the routing code calls on an
// accepted event (start, count or complete, consume), the std_time timer handler (order timers)
// and the sampling window handler (lot timers); on_measure (control.cpp) counts the
// measurements of sampled controls per lot. Per-operation
// data lives in tables indexed by routing × stride + operation index, so the routing shapes of
// routing.cpp stay shared.
#include <algorithm>

#include "compiler/lower/lowerer.h"

namespace takt::lower {

using xir::ActionField;
using xir::EventField;
using xir::Opcode;
using xir::Record;
using xir::TimerField;
using xir::Type;

void Lowerer::LowerProduction() {
  if (plant_.routings.empty()) {
    return;
  }
  const size_t max_ops = max_ops_;
  const auto stride = static_cast<int64_t>(max_ops);
  // Operations by flat index, and what they need.
  std::vector<std::pair<int64_t, const model::Operation*>> sampled_ops, timed_ops, consuming_ops;
  std::vector<int64_t> std_time(plant_.routings.size() * max_ops, 0);
  std::vector<int64_t> std_time_clause(plant_.routings.size() * max_ops, xir::kNone);
  std::vector<int64_t> op_numbers(plant_.routings.size() * max_ops, TAKT_NO_INT);
  bool any_std_time = false;
  for (size_t r = 0; r < plant_.routings.size(); ++r) {
    const auto& ops = plant_.routings[r].operations;
    for (size_t i = 0; i < ops.size(); ++i) {
      const int64_t flat = static_cast<int64_t>(r) * stride + static_cast<int64_t>(i);
      const model::Operation& op = ops[i];
      op_numbers[static_cast<size_t>(flat)] = op.number;
      if (std::any_of(op.checks.begin(), op.checks.end(),
                      [&](model::ControlId c) { return plant_.control(c).sample_every_pieces != 0; })) {
        sampled_ops.emplace_back(flat, &op);
      }
      if (std::any_of(op.checks.begin(), op.checks.end(),
                      [&](model::ControlId c) { return plant_.control(c).sample_every_ms != 0; })) {
        timed_ops.emplace_back(flat, &op);
      }
      if (!op.consumes.empty()) {
        consuming_ops.emplace_back(flat, &op);
      }
      if (op.std_time_ms != 0) {
        any_std_time = true;
        std_time[static_cast<size_t>(flat)] = op.std_time_ms;
        std_time_clause[static_cast<size_t>(flat)] = op.std_time_clause.index;
      }
    }
  }
  const bool need_qty = any_std_time || !consuming_ops.empty();
  if (need_qty) {
    order_qty_ = module_.AddSlot("order.qty", Record::Order, Type::I64, 1);
    has_order_qty_ = true;
  }
  auto flat_index = [&](Builder& b, ExprId routing, ExprId index) {
    return b.Capture(b.Op(Opcode::Add, b.Op(Opcode::Mul, routing, b.I(stride)), index));
  };

  // Sampling: pieces per order and operation; on_measure counts the measurements per lot
  // (control.cpp, lot_sampled_).
  if (!sampled_ops.empty()) {
    order_pieces_ = module_.AddSlot("order.pieces", Record::Order, Type::I64, static_cast<uint32_t>(max_ops));
    // (routing, order, lot, index): the pieces of a count or complete.
    production_pieces_ =
        module_.AddFunction("production.pieces", xir::Context::Event, {Type::I64, Type::I64, Type::I64, Type::I64});
    Builder b(module_, *production_pieces_);
    const ExprId order = b.Param(1);
    const ExprId lot = b.Param(2);
    const ExprId index = b.Param(3);
    const ExprId before = b.Capture(b.LoadOf(order_pieces_, order, index));
    const ExprId after =
        b.Capture(b.Op(Opcode::Add, before, b.Op(Opcode::Add, b.Ev(EventField::Good), b.Ev(EventField::Scrap))));
    b.StoreOf(order_pieces_, order, index, after);
    std::vector<int64_t> labels;
    for (const auto& [flat, op] : sampled_ops) {
      labels.push_back(flat);
    }
    b.Switch(flat_index(b, b.Param(0), index), labels, [&](size_t k) {
      for (const model::ControlId id : sampled_ops[k].second->checks) {
        const model::Control& control = plant_.control(id);
        if (control.sample_every_pieces == 0) {
          continue;
        }
        SetRule(b, control.sample_clause);
        const ExprId every = b.I(control.sample_every_pieces);
        const ExprId windows =
            b.Capture(b.Op(Opcode::Sub, b.Op(Opcode::Div, after, every), b.Op(Opcode::Div, before, every)));
        b.If(b.Op(Opcode::Gt, windows, b.I(0)), [&] {
          const ExprId slot = b.I(sample_slot_[id.index]);
          const ExprId received = b.Capture(b.LoadOf(lot_sampled_, lot, slot));
          const ExprId expected = b.Capture(b.Op(Opcode::Mul, b.I(*control.sample_size), windows));
          b.StoreOf(lot_sampled_, lot, slot, b.I(0));
          b.If(b.Op(Opcode::Lt, received, expected), [&] {
            b.Emit(TAKT_ACTION_SAMPLE_MISSED, TAKT_CAUSE_SAMPLING, b.I(control.sample_clause.index),
                   {{ActionField::Role, b.I(control.owner.index)},
                    {ActionField::Lot, lot},
                    {ActionField::Order, order},
                    {ActionField::Op, b.Ev(EventField::Op)},
                    {ActionField::Control, b.I(id.index)},
                    {ActionField::Expected, expected},
                    {ActionField::Received, received}});
          });
        });
      }
    });
  }

  // Consumption: (routing, order, lot, index, routing clause), on every routing plant (a consume
  // of a material no operation declares is rejected).
  {
    production_consume_ = module_.AddFunction("production.consume", xir::Context::Event,
                                              {Type::I64, Type::I64, Type::I64, Type::I64, Type::I64});
    Builder b(module_, *production_consume_);
    const ExprId order = b.Param(1);
    const ExprId lot = b.Param(2);
    const ExprId material = b.Ev(EventField::Material);
    const ExprId op_number = b.Ev(EventField::Op);
    auto reject = [&] {
      b.Emit(TAKT_ACTION_REJECT, TAKT_CAUSE_FORBIDDEN, b.Param(4),
             {{ActionField::Lot, lot},
              {ActionField::Order, order},
              {ActionField::Op, op_number},
              {ActionField::RejectReason, b.I(TAKT_REJECT_UNDECLARED_MATERIAL)},
              {ActionField::Material, material}});
    };
    std::vector<int64_t> labels;
    for (const auto& [flat, op] : consuming_ops) {
      labels.push_back(flat);
    }
    b.Switch(
        flat_index(b, b.Param(0), b.Param(3)), labels,
        [&](size_t k) {
          const auto& consumes = consuming_ops[k].second->consumes;
          // The first `consume` of a material answers, as in the interpreter.
          std::vector<int64_t> materials;
          std::vector<const model::Consume*> first;
          for (const model::Consume& consume : consumes) {
            if (std::find(materials.begin(), materials.end(), consume.material.index) == materials.end()) {
              materials.push_back(consume.material.index);
              first.push_back(&consume);
            }
          }
          b.Switch(
              material, materials,
              [&](size_t m) {
                const model::Consume& consume = *first[m];
                SetRule(b, consume.clause);
                const ExprId reported = b.Ev(EventField::Quantity);
                const ExprId standard =
                    b.Op(Opcode::FMul, b.F(consume.standard), b.IToF(b.LoadOf(order_qty_, order, b.I(0))));
                b.Emit(TAKT_ACTION_GENEALOGY, TAKT_CAUSE_CONSUMPTION, b.I(consume.clause.index),
                       {{ActionField::Lot, lot},
                        {ActionField::Order, order},
                        {ActionField::Op, op_number},
                        {ActionField::By, b.Ev(EventField::By)},
                        {ActionField::Material, material},
                        {ActionField::MaterialLot, b.Ev(EventField::MaterialLot)},
                        {ActionField::Quantity,
                         b.Select(b.Op(Opcode::FGt, reported, b.F(0)), reported, standard)}});
              },
              reject);
        },
        reject);
  }

  if (!any_std_time && timed_ops.empty()) {
    return;
  }
  // Standard time and sampling by time: (routing, order, index, lot) on an accepted start.
  order_starts_ = module_.AddSlot("order.starts", Record::Order, Type::I64, 1);
  std::optional<xir::TableId> time_table, clause_table, owner_table;
  if (any_std_time) {
    time_table = module_.AddTable("operation.std_time", std::move(std_time));
    clause_table = module_.AddTable("operation.std_time.clause", std::move(std_time_clause));
  }
  const xir::TableId number_table = module_.AddTable("operation.number", std::move(op_numbers));
  if (any_std_time) {
    std::vector<int64_t> owners;
    for (const auto& routing : plant_.routings) {
      owners.push_back(routing.owner.index);
    }
    owner_table = module_.AddTable("routing.owner", std::move(owners));
  }
  {
    production_start_ = module_.AddFunction("production.start", xir::Context::Event,
                                            {Type::I64, Type::I64, Type::I64, Type::I64});
    Builder b(module_, *production_start_);
    const ExprId order = b.Param(1);
    const ExprId zero = b.I(0);
    const ExprId starts = b.Capture(b.Op(Opcode::Add, b.LoadOf(order_starts_, order, zero), b.I(1)));
    b.StoreOf(order_starts_, order, zero, starts);
    const ExprId flat = flat_index(b, b.Param(0), b.Param(2));
    if (any_std_time) {
      const ExprId ms = b.Capture(b.At(*time_table, flat));
      const ExprId qty = b.Capture(b.LoadOf(order_qty_, order, zero));
      // A due time past the last one an event can have would never fire: no timer.
      b.If(b.Op(Opcode::Gt, ms, zero), [&] {
        b.If(b.Op(Opcode::Le, qty, b.Op(Opcode::Div, b.Op(Opcode::Sub, b.I(TAKT_TIME_MAX), b.Now()), ms)), [&] {
          b.Schedule(TAKT_ENTITY_ORDER, b.Op(Opcode::Add, b.Now(), b.Op(Opcode::Mul, ms, qty)), order,
                     b.At(*clause_table, flat), b.Param(2), starts);
        });
      });
    }
    if (!timed_ops.empty()) {
      std::vector<int64_t> labels;
      for (const auto& [flat_op, op] : timed_ops) {
        labels.push_back(flat_op);
      }
      const ExprId lot = b.Param(3);
      b.Switch(flat, labels, [&](size_t k) {
        for (const model::ControlId id : timed_ops[k].second->checks) {
          const model::Control& control = plant_.control(id);
          if (control.sample_every_ms != 0) {
            // The run's first window starts now: earlier measurements count for none of its windows.
            b.StoreOf(lot_sampled_, lot, b.I(sample_slot_[id.index]), zero);
            ScheduleSampleWindow(b, control, lot, order, starts);
          }
        }
      });
    }
  }
  if (!timed_ops.empty()) {
    LowerSampleWindows(number_table, stride);
  }
  if (!any_std_time) {
    return;
  }
  {
    const xir::FunctionId id = module_.AddFunction("on_std_time", xir::Context::Timer, {});
    timer_handlers_[TAKT_ENTITY_ORDER] = id;
    Builder b(module_, id);
    const ExprId zero = b.I(0);
    const ExprId order = b.Tm(TimerField::Entity);
    const ExprId index = b.Tm(TimerField::Arg0);
    const ExprId lot = b.Capture(b.LoadOf(order_lot_, order, zero));
    const ExprId routing = b.Capture(b.LoadOf(order_routing_, order, zero));
    // Stale when the run it timed is over: completed, failed, scrapped, or started again.
    const ExprId running = b.And(
        b.And(b.LoadOf(order_started_, order, zero), b.Op(Opcode::Eq, b.LoadOf(order_next_, order, zero), index)),
        b.And(b.Op(Opcode::Eq, b.LoadOf(order_starts_, order, zero), b.Tm(TimerField::Arg1)),
              b.Not(b.LoadOf(lot_scrapped_, lot, zero))));
    b.If(running, [&] {
      b.Emit(TAKT_ACTION_NOTIFY, TAKT_CAUSE_STD_TIME, b.Tm(TimerField::Clause),
             {{ActionField::Role, b.At(*owner_table, routing)},
              {ActionField::Lot, lot},
              {ActionField::Order, order},
              {ActionField::Op, b.At(number_table, b.Op(Opcode::Add, b.Op(Opcode::Mul, routing, b.I(stride)), index))}});
    });
  }
}

// The close of a window of `control`'s time plan for the run `starts` of `order`, if an event
// can still reach it (entity: the lot; clause: the sample clause, which names the control).
void Lowerer::ScheduleSampleWindow(Builder& b, const model::Control& control, ExprId lot, ExprId order,
                                   ExprId starts) {
  const ExprId ms = b.I(control.sample_every_ms);
  b.If(b.Op(Opcode::Le, ms, b.Op(Opcode::Sub, b.I(TAKT_TIME_MAX), b.Now())), [&] {
    b.Schedule(TAKT_ENTITY_LOT, b.Op(Opcode::Add, b.Now(), ms), lot, b.I(control.sample_clause.index), order,
               starts);
  });
}

// A window of time closes: judged while the run it samples is still started, then the next one.
void Lowerer::LowerSampleWindows(xir::TableId number_table, int64_t stride) {
  const xir::FunctionId id = module_.AddFunction("on_sample_window", xir::Context::Timer, {});
  timer_handlers_[TAKT_ENTITY_LOT] = id;
  Builder b(module_, id);
  const ExprId zero = b.I(0);
  const ExprId lot = b.Tm(TimerField::Entity);
  const ExprId order = b.Tm(TimerField::Arg0);
  const ExprId starts = b.Tm(TimerField::Arg1);
  // Stale when the run it samples is over: completed, failed, scrapped, or started again. The
  // partial window of a run that ended is not judged.
  const ExprId running =
      b.And(b.And(b.LoadOf(order_started_, order, zero), b.Op(Opcode::Eq, b.LoadOf(order_starts_, order, zero), starts)),
            b.Not(b.LoadOf(lot_scrapped_, lot, zero)));
  b.If(running, [&] {
    std::vector<int64_t> clauses;
    std::vector<const model::Control*> controls;
    for (const model::Control& control : plant_.controls) {
      if (control.sample_every_ms != 0) {
        clauses.push_back(control.sample_clause.index);
        controls.push_back(&control);
      }
    }
    b.Switch(b.Tm(TimerField::Clause), clauses, [&](size_t k) {
      const model::Control& control = *controls[k];
      const auto control_index = static_cast<int64_t>(&control - plant_.controls.data());
      SetRule(b, control.sample_clause);
      const ExprId slot = b.I(sample_slot_[static_cast<size_t>(control_index)]);
      const ExprId received = b.Capture(b.LoadOf(lot_sampled_, lot, slot));
      b.StoreOf(lot_sampled_, lot, slot, zero);
      b.If(b.Op(Opcode::Lt, received, b.I(*control.sample_size)), [&] {
        const ExprId op_flat = b.Op(Opcode::Add, b.Op(Opcode::Mul, b.LoadOf(order_routing_, order, zero), b.I(stride)),
                                    b.LoadOf(order_next_, order, zero));
        b.Emit(TAKT_ACTION_SAMPLE_MISSED, TAKT_CAUSE_SAMPLING, b.I(control.sample_clause.index),
               {{ActionField::Role, b.I(control.owner.index)},
                {ActionField::Lot, lot},
                {ActionField::Order, order},
                {ActionField::Op, b.At(number_table, op_flat)},
                {ActionField::Control, b.I(control_index)},
                {ActionField::Expected, b.I(*control.sample_size)},
                {ActionField::Received, received}});
      });
      ScheduleSampleWindow(b, control, lot, order, starts);
    });
  });
}

}  // namespace takt::lower
