// Control points: spec limits and SPC rules on every measurement; a plan whose case is still open
// for the lot and control does not run again.
#include <algorithm>

#include "compiler/interp/state.h"

namespace takt::interp {

// The lot of the one operation running now that checks `control` (at `workcenter` unless it is
// TAKT_NONE); TAKT_NONE when none or several run. An operation runs from its accepted `start` to
// its accepted `complete` or `fail`.
auto Interpreter::Impl::RunningLot(uint32_t control, uint32_t workcenter) const -> uint32_t {
  uint32_t lot = TAKT_NONE;
  size_t running = 0;
  for (const OrderState& order : orders) {
    if (!order.started) {
      continue;
    }
    const model::Operation& op = plant.routings[order.routing].operations[order.next];
    const bool checks = std::ranges::find(op.checks, model::ControlId{control}) != op.checks.end();
    if (checks && (workcenter == TAKT_NONE || op.workcenter.index == workcenter)) {
      lot = order.lot;
      ++running;
    }
  }
  return running == 1 ? lot : TAKT_NONE;
}

auto Interpreter::Impl::MissingFirstPiece(const model::Operation& op) const
    -> std::optional<std::pair<uint32_t, int64_t>> {
  if (plant.shift_ends.empty()) {
    return std::nullopt;
  }
  std::optional<ShiftWindow> window;
  for (const model::ControlId control : op.checks) {
    if (!plant.controls[control.index].first_piece_clause.is_valid()) {
      continue;
    }
    if (!window) {
      window = NextShiftWindow(now);
      if (window->start > now) {
        return std::nullopt;  // Between planned shifts (a break in the calendar): nothing to require.
      }
    }
    const auto measured = measured_at.find({control.index, op.workcenter.index});
    if (measured == measured_at.end() || measured->second < window->start) {
      return std::pair{control.index, window->start};
    }
  }
  return std::nullopt;
}

void Interpreter::Impl::Measure(const takt_event& event) {
  const model::Control& control = plant.controls[event.control];
  auto reject = [&](takt_reject_reason reason) {
    takt_action action = RejectOf(reason, model::ClauseId{});
    action.control = event.control;
    action.workcenter = event.workcenter;
    Emit(action);
  };
  if (event.workcenter != TAKT_NONE &&
      std::ranges::find(control.checked_at, model::WorkcenterId{event.workcenter}) == control.checked_at.end()) {
    reject(TAKT_REJECT_NOT_CHECKED_HERE);
    return;
  }
  const uint32_t lot = event.lot != TAKT_NONE ? event.lot : RunningLot(event.control, event.workcenter);
  if (lot == TAKT_NONE && needs_lot[event.control]) {
    reject(TAKT_REJECT_NO_LOT);
    return;
  }
  CountSample(event.control, lot);
  if (event.workcenter != TAKT_NONE) {
    measured_at[{event.control, event.workcenter}] = now;
  }
  Context context{.cause = TAKT_CAUSE_OUT_OF_SPEC};
  context.control = event.control;
  context.lot = lot;
  context.workcenter = event.workcenter;
  if (event.workcenter != TAKT_NONE) {
    context.line = LineOf(event.workcenter);
  } else if (!control.checked_at.empty()) {
    context.line = LineOf(control.checked_at.front().index);
  }
  if (control.spec && control.spec->Excludes(event.value)) {
    RunPlan(control.on_out_of_spec, context);
  }
  if (!control.spc) {
    return;
  }
  ControlState& history = control_states[event.control];
  history.ring[history.next] = event.value;
  history.next = (history.next + 1) % kSpcHistory;
  history.count = std::min(history.count + 1, kSpcHistory);
  std::array<double, kSpcHistory> points{};
  for (size_t i = 0; i < history.count; ++i) {
    points[i] = history.ring[(history.next + kSpcHistory - history.count + i) % kSpcHistory];
  }
  const model::Spc& spc = *control.spc;
  const auto signal = FirstSpcSignal(spc.rules, spc.center, spc.sigma, std::span(points.data(), history.count));
  // A chart without an `on spc_signal` plan has no clause to cite: nothing is demanded.
  if (!signal || !control.spc_clause.is_valid()) {
    return;
  }
  context.cause = TAKT_CAUSE_SPC;
  takt_action action = ActionOf(TAKT_ACTION_SPC_SIGNAL, context, control.spc_clause);
  action.spc_rule = static_cast<uint32_t>(*signal);
  Emit(action);
  RunPlan(control.on_spc_signal, context);
}

// One condition, one case: while a case this plan opened for the lot and control is open, the
// plan does not run again (docs/runtime.md, "Holds and cases"); the point belongs to that case.
void Interpreter::Impl::RunPlan(const std::vector<model::Reaction>& plan, const Context& context) {
  for (const CaseState& open : case_states) {
    if (!open.open || open.lot != context.lot || open.control != context.control) {
      continue;
    }
    for (const model::Reaction& reaction : plan) {
      if (reaction.kind == model::ReactionKind::OpenCase && reaction.case_id.index == open.decl) {
        return;
      }
    }
  }
  RunAll(plan, context);
}

}  // namespace takt::interp
