// Production: what the pieces, times and materials of a running operation demand
// (docs/runtime.md, "Production"). Counts (`count`, `complete … good … scrap`) close the
// sampling windows of the controls the operation checks; `start` arms the operation's standard
// time and opens the first window of each control it samples by time (closed by lot timers);
// `consume` records which material lots went into the order's lot.
#include <algorithm>

#include "compiler/interp/state.h"

namespace takt::interp {

void Interpreter::Impl::CountSample(uint32_t control, uint32_t lot) {
  // A measurement without a lot (given or inferred) belongs to no lot's sampling plan.
  if (lot == TAKT_NONE || !plant.controls[control].sample_clause.is_valid()) {
    return;
  }
  int64_t& sampled = Lot(lot).sampled[control];
  sampled = WrapAdd(sampled, 1);
}

void Interpreter::Impl::CountPieces(const takt_event& event, OrderState& order, const model::Operation& op,
                                    uint32_t index) {
  const int64_t before = order.pieces[index];
  const int64_t after = WrapAdd(before, WrapAdd(event.good, event.scrap));
  order.pieces[index] = after;
  OeeCountPieces(op.workcenter.index, event.good, event.scrap, op.std_time_ms);
  for (const model::ControlId id : op.checks) {
    const model::Control& control = plant.control(id);
    const int64_t every = control.sample_every_pieces;
    if (every == 0) {
      continue;
    }
    // The windows this count closed: multiples of `every` in (before, after].
    const int64_t windows = WrapSub(after / every, before / every);
    if (windows <= 0) {
      continue;
    }
    int64_t& sampled = Lot(order.lot).sampled[id.index];
    const int64_t received = sampled;
    const int64_t expected = WrapMul(*control.sample_size, windows);
    sampled = 0;
    if (received < expected) {
      takt_action action;
      takt_action_init(&action, TAKT_ACTION_SAMPLE_MISSED, TAKT_CAUSE_SAMPLING, control.sample_clause.index);
      action.role = control.owner.index;
      action.lot = order.lot;
      action.order = event.order;
      action.op = event.op;
      action.control = id.index;
      action.expected = expected;
      action.received = received;
      Emit(action);
    }
  }
}

void Interpreter::Impl::Consume(const takt_event& event, const OrderState& order, const model::Operation& op) {
  const auto found = std::find_if(op.consumes.begin(), op.consumes.end(), [&](const model::Consume& consume) {
    return consume.material.index == event.material;
  });
  takt_action action;
  if (found == op.consumes.end()) {
    takt_action_init(&action, TAKT_ACTION_REJECT, TAKT_CAUSE_FORBIDDEN, plant.routings[order.routing].clause.index);
    action.reject_reason = TAKT_REJECT_UNDECLARED_MATERIAL;
  } else {
    takt_action_init(&action, TAKT_ACTION_GENEALOGY, TAKT_CAUSE_CONSUMPTION, found->clause.index);
    action.material_lot = event.material_lot;
    // Without a reported quantity, the standard one: `consume` per piece times the order's qty.
    action.quantity = event.quantity > 0 ? event.quantity : found->standard * static_cast<double>(order.qty);
    action.by = event.by;
  }
  action.lot = order.lot;
  action.order = event.order;
  action.op = event.op;
  action.material = event.material;
  Emit(action);
}

void Interpreter::Impl::ArmStdTime(uint32_t order_index, const OrderState& order, const model::Operation& op,
                                   uint32_t index) {
  // A due time past the last one an event can have would never fire: no timer.
  if (op.std_time_ms == 0 || order.qty > (TAKT_TIME_MAX - now) / op.std_time_ms) {
    return;
  }
  Schedule(now + op.std_time_ms * order.qty, TAKT_ENTITY_ORDER, order_index, op.std_time_clause, index,
           order.starts);
}

void Interpreter::Impl::ArmSampling(uint32_t order_index, const OrderState& order, const model::Operation& op) {
  for (const model::ControlId id : op.checks) {
    const model::Control& control = plant.control(id);
    if (control.sample_every_ms == 0) {
      continue;
    }
    // The run's first window starts now: measurements from before it count for no window of it.
    Lot(order.lot).sampled[id.index] = 0;
    ScheduleSampleWindow(control, order_index, order);
  }
}

void Interpreter::Impl::ScheduleSampleWindow(const model::Control& control, uint32_t order_index,
                                             const OrderState& order) {
  // A close past the last time an event can have would never fire: no timer.
  if (control.sample_every_ms <= TAKT_TIME_MAX - now) {
    Schedule(now + control.sample_every_ms, TAKT_ENTITY_LOT, order.lot, control.sample_clause, order_index,
             order.starts);
  }
}

void Interpreter::Impl::SampleWindowDue(const takt_timer& timer) {
  OrderState& order = Order(static_cast<uint32_t>(timer.arg0));
  // Stale when the run it samples is over: completed, failed, scrapped, or started again. The
  // partial window of a run that ended is not judged.
  if (!order.started || order.starts != timer.arg1 || Lot(order.lot).scrapped) {
    return;
  }
  // The timer's clause is the sample clause of the control it judges.
  const auto found = std::ranges::find(plant.controls, timer.clause,
                                       [](const model::Control& c) { return c.sample_clause.index; });
  const auto control_id = static_cast<uint32_t>(found - plant.controls.begin());
  const model::Control& control = *found;
  int64_t& sampled = Lot(order.lot).sampled[control_id];
  const int64_t received = sampled;
  sampled = 0;
  if (received < *control.sample_size) {
    takt_action action;
    takt_action_init(&action, TAKT_ACTION_SAMPLE_MISSED, TAKT_CAUSE_SAMPLING, control.sample_clause.index);
    action.role = control.owner.index;
    action.lot = order.lot;
    action.order = static_cast<uint32_t>(timer.arg0);
    action.op = plant.routings[order.routing].operations[order.next].number;
    action.control = control_id;
    action.expected = *control.sample_size;
    action.received = received;
    Emit(action);
  }
  ScheduleSampleWindow(control, static_cast<uint32_t>(timer.arg0), order);
}

void Interpreter::Impl::StdTimeDue(const takt_timer& timer) {
  OrderState& order = Order(timer.entity);
  // Stale when the run it timed is over: completed, failed, scrapped, or started again.
  if (!order.started || order.next != timer.arg0 || order.starts != timer.arg1 || Lot(order.lot).scrapped) {
    return;
  }
  const model::Routing& routing = plant.routings[order.routing];
  takt_action action;
  takt_action_init(&action, TAKT_ACTION_NOTIFY, TAKT_CAUSE_STD_TIME, timer.clause);
  action.role = routing.owner.index;
  action.lot = order.lot;
  action.order = timer.entity;
  action.op = routing.operations[timer.arg0].number;
  Emit(action);
}

}  // namespace takt::interp
