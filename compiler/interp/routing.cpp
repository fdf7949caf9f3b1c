// Routings: release of an order, then start / confirm / complete / fail of its operations in
// order; count and consume report on the running one (production.cpp). Forbidden events are not dropped: they emit a `reject` citing the routing.
#include <algorithm>

#include "compiler/interp/state.h"
#include "compiler/model/people.h"

namespace takt::interp {

void Interpreter::Impl::Release(const takt_event& event) {
  OrderState& order = Order(event.order);
  const model::Routing& routing = plant.routings[event.routing];
  if (order.released) {
    Reject(TAKT_REJECT_DUPLICATE_ORDER, routing.clause, event.order, TAKT_NO_INT, event.lot);
    return;
  }
  order.released = true;
  order.routing = event.routing;
  order.lot = event.lot;
  order.reworks.assign(routing.operations.size(), 0);
  order.pieces.assign(routing.operations.size(), 0);
  order.qty = event.qty;
  order.since = now;
  ++open_orders;
  Lot(event.lot);
}

void Interpreter::Impl::OperationEvent(const takt_event& event) {
  OrderState& order = Order(event.order);
  const model::Routing& routing = plant.routings[order.routing];
  auto reject = [&](takt_reject_reason reason) {
    Reject(reason, routing.clause, event.order, event.op, order.lot);
  };
  const auto& ops = routing.operations;
  const auto found =
      std::find_if(ops.begin(), ops.end(), [&](const model::Operation& op) { return op.number == event.op; });
  if (found == ops.end()) {
    reject(TAKT_REJECT_UNKNOWN_OP);
    return;
  }
  const auto index = static_cast<uint32_t>(found - ops.begin());
  const model::Operation& op = *found;
  if (order.closed || Lot(order.lot).scrapped) {
    reject(TAKT_REJECT_ORDER_CLOSED);
    return;
  }
  const bool is_current = order.started && order.next == index;
  // With a roster, the person starting or confirming must hold what the operation requires.
  const bool unqualified = !plant.people.empty() && op.requires_qualification &&
                           (event.by == TAKT_NONE ||
                            !model::IsQualified(plant, model::PersonId{event.by}, *op.requires_qualification));
  auto not_authorized = [&](model::ClauseId clause, uint32_t qualification) {
    takt_action action = RejectOf(TAKT_REJECT_NOT_AUTHORIZED, clause);
    action.order = event.order;
    action.op = event.op;
    action.lot = order.lot;
    action.by = event.by;
    action.qualification = qualification;
    Emit(action);
  };
  switch (event.kind) {
    case TAKT_EVENT_START: {
      if (is_current) {
        reject(TAKT_REJECT_ALREADY_STARTED);
      } else if (order.started || index != order.next) {
        reject(TAKT_REJECT_OUT_OF_ORDER);
      } else if (Lot(order.lot).holds > 0) {
        reject(TAKT_REJECT_LOT_HELD);
      } else if (unqualified) {
        not_authorized(op.requires_clause, op.requires_qualification->index);
      } else if (op.instruction && event.rev != plant.instructions[op.instruction->index].rev) {
        takt_action action = RejectOf(TAKT_REJECT_INSTRUCTION_REVISION, op.instruction_clause);
        action.order = event.order;
        action.op = event.op;
        action.lot = order.lot;
        action.rev = event.rev;
        action.required_rev = plant.instructions[op.instruction->index].rev;
        Emit(action);
      } else if (const auto missing = MissingFirstPiece(op)) {
        takt_action action = RejectOf(TAKT_REJECT_FIRST_PIECE_MISSING,
                                      plant.controls[missing->first].first_piece_clause);
        action.order = event.order;
        action.op = event.op;
        action.lot = order.lot;
        action.control = missing->first;
        action.workcenter = op.workcenter.index;
        action.since = missing->second;
        Emit(action);
      } else {
        order.started = true;
        order.confirmed = false;
        order.started_by = event.by;
        ++order.starts;
        ArmStdTime(event.order, order, op, index);
        ArmSampling(event.order, order, op);
      }
      return;
    }
    case TAKT_EVENT_CONFIRM: {
      if (!is_current) {
        reject(TAKT_REJECT_NOT_STARTED);
      } else if (Lot(order.lot).holds > 0) {
        reject(TAKT_REJECT_LOT_HELD);
      } else if (!op.critical) {
        reject(TAKT_REJECT_NOT_CRITICAL);
      } else if (unqualified) {
        not_authorized(op.requires_clause, op.requires_qualification->index);
      } else if (routing.four_eyes &&
                 (event.by == TAKT_NONE || order.started_by == TAKT_NONE || event.by == order.started_by)) {
        // Four eyes: the start and the confirm both name someone, and not the same person.
        not_authorized(routing.four_eyes_clause, TAKT_NONE);
      } else {
        order.confirmed = true;
      }
      return;
    }
    case TAKT_EVENT_COMPLETE: {
      if (!is_current) {
        reject(TAKT_REJECT_NOT_STARTED);
      } else if (Lot(order.lot).holds > 0) {
        reject(TAKT_REJECT_LOT_HELD);
      } else if (routing.confirm_critical && op.critical && !order.confirmed) {
        reject(TAKT_REJECT_NOT_CONFIRMED);
      } else {
        CountPieces(event, order, op, index);
        order.started = false;
        order.confirmed = false;
        order.next = index + 1;
        if (order.next == ops.size()) {
          order.closed = true;
          --open_orders;
        }
      }
      return;
    }
    case TAKT_EVENT_FAIL: {
      if (!is_current) {
        reject(TAKT_REJECT_NOT_STARTED);
        return;
      }
      if (!op.on_fail) {
        reject(TAKT_REJECT_NO_ON_FAIL);
        return;
      }
      const model::OnFail& on_fail = *op.on_fail;
      order.started = false;
      order.confirmed = false;
      takt_action action;
      if (on_fail.rework_target && order.reworks[index] < on_fail.max_reworks) {
        ++order.reworks[index];
        order.next = *on_fail.rework_target;
        takt_action_init(&action, TAKT_ACTION_REWORK, TAKT_CAUSE_FAIL, on_fail.clause.index);
        action.target_op = ops[*on_fail.rework_target].number;
      } else {
        takt_action_init(&action, TAKT_ACTION_SCRAP, TAKT_CAUSE_FAIL, on_fail.clause.index);
        order.closed = true;
        --open_orders;
        ScrapLot(order.lot);
      }
      action.order = event.order;
      action.op = event.op;
      action.lot = order.lot;
      action.by = event.by;
      Emit(action);
      return;
    }
    case TAKT_EVENT_COUNT: {
      if (!is_current) {
        reject(TAKT_REJECT_NOT_STARTED);
      } else {
        CountPieces(event, order, op, index);
      }
      return;
    }
    case TAKT_EVENT_CONSUME: {
      if (!is_current) {
        reject(TAKT_REJECT_NOT_STARTED);
      } else {
        Consume(event, order, op);
      }
      return;
    }
    default: return;
  }
}

}  // namespace takt::interp
