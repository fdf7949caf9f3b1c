// OEE and loss accounting (docs/oee.md): per workcenter and shift window, stop time by loss class
// (split at shift ends and breaks), pieces counted and their ideal cycle time, listed by a
// handover's `report oee` as one `oee` item and one `loss` item per loss class that stopped.
#include <algorithm>

#include "compiler/interp/state.h"

namespace takt::interp {

// Calls `each(start, end)` for each break of the window's shift, as instants: a break starts at
// its wall-clock time on the shift's days (read like a shift time: a time a spring change skips
// moves forward by the gap, one an autumn change repeats is its first occurrence) and lasts its
// duration of real time; it is cut to the window and to after the break before it, so that a
// break moved forward onto the next one takes no minute off twice.
template <typename Each>
static void ForEachBreak(const PlantClock& clock, const model::Shift& shift, const ShiftWindow& window, Each each) {
  int64_t free_from = window.start;
  for (const model::ShiftBreak& pause : shift.breaks) {
    const int64_t at = clock.UtcOf(window.start_local + pause.offset_ms);
    const int64_t start = std::min(std::max(at, free_from), window.end);
    const int64_t end = std::min(std::max(at + pause.length_ms, start), window.end);
    each(start, end);
    free_from = end;
  }
}

// The part of [a, b) inside the window, outside its shift's breaks: producing time.
static auto ProducingOverlap(const PlantClock& clock, const model::Shift& shift, const ShiftWindow& window, int64_t a,
                             int64_t b) -> int64_t {
  auto overlap = [&](int64_t x, int64_t y) { return std::max<int64_t>(0, std::min(b, y) - std::max(a, x)); };
  int64_t ms = overlap(window.start, window.end);
  ForEachBreak(clock, shift, window, [&](int64_t start, int64_t end) { ms -= overlap(start, end); });
  return ms;
}

auto Interpreter::Impl::OeeOf(uint32_t workcenter, const ShiftWindow& window) -> OeeState& {
  OeeState& state = oee_states[workcenter];
  if (state.window_end != window.end) {
    const int64_t counted = state.counted;
    state = OeeState{};
    state.window_end = window.end;
    state.counted = counted;
  }
  return state;
}

// Adds the open stop's time up to `until` to the window it lies in. Called at every shift end
// (before the report) and at the stop's `up`, so [counted, until) never crosses a shift end.
void Interpreter::Impl::OeeCountStop(uint32_t workcenter, int64_t until) {
  const WorkcenterState& stop = workcenter_states[workcenter];
  OeeState& state = oee_states[workcenter];
  if (!stop.down || plant.shift_ends.empty() || state.counted >= until) {
    return;
  }
  const int64_t from = state.counted;
  const ShiftWindow window = NextShiftWindow(from);
  const int64_t ms = ProducingOverlap(clock, plant.shifts[window.shift], window, from, std::min(until, window.end));
  // An uncoded stop costs availability until it is coded.
  const model::LossClass loss =
      stop.reason == TAKT_NONE ? model::LossClass::Availability : plant.reasons[stop.reason].loss;
  int64_t& bucket = OeeOf(workcenter, window).stop_ms[static_cast<size_t>(loss)];
  bucket = WrapAdd(bucket, ms);
  state.counted = until;
}

void Interpreter::Impl::OeeCountPieces(uint32_t workcenter, int64_t good, int64_t scrap, int64_t std_time_ms) {
  if (plant.shift_ends.empty()) {
    return;
  }
  const ShiftWindow window = NextShiftWindow(now);
  if (now < window.start) {
    // Produced outside every shift: in no shift's numbers.
    return;
  }
  OeeState& state = OeeOf(workcenter, window);
  state.good = WrapAdd(state.good, good);
  state.scrap = WrapAdd(state.scrap, scrap);
  state.ideal_ms = WrapAdd(state.ideal_ms, WrapMul(std_time_ms, WrapAdd(good, scrap)));
}

// One `oee` item per workcenter, each followed by its `loss` items in loss class order. The
// report falls at a shift end: the window is the shift ending now.
void Interpreter::Impl::ReportOee(const takt_action& item) {
  const ShiftWindow window = NextShiftWindow(now - 1);
  const model::Shift& shift = plant.shifts[window.shift];
  int64_t breaks_ms = 0;
  ForEachBreak(clock, shift, window, [&](int64_t start, int64_t end) { breaks_ms += end - start; });
  for (uint32_t w = 0; w < oee_states.size(); ++w) {
    OeeCountStop(w, now);
    const OeeState& state = OeeOf(w, window);
    takt_action action = item;
    action.workcenter = w;
    action.since = window.start;
    action.planned_ms = WrapSub(window.end - window.start - breaks_ms, state.stop_ms[0]);
    action.stop_ms = state.stop_ms[static_cast<size_t>(model::LossClass::Availability)];
    action.run_ms = WrapSub(action.planned_ms, action.stop_ms);
    action.ideal_ms = state.ideal_ms;
    action.good = state.good;
    action.scrap = state.scrap;
    Emit(action);
    for (const model::LossClass loss : model::kLossClasses) {
      const int64_t ms = state.stop_ms[static_cast<size_t>(loss)];
      if (ms == 0) {
        continue;
      }
      takt_action lost = item;
      lost.item = TAKT_REPORT_LOSS;
      lost.workcenter = w;
      lost.since = window.start;
      lost.loss = model::RuntimeLossClass(loss);
      lost.stop_ms = ms;
      Emit(lost);
    }
  }
}

}  // namespace takt::interp
