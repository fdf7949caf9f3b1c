// The interpreter's state, shared by the per-construct files of interp/ (spc.cpp, control.cpp,
// downtime.cpp, routing.cpp, cases.cpp, handovers.cpp, reactions.cpp), as lower/lowerer.h is by those of
// lower/: the descriptor tables, the session state reset by on_start, and the handlers of every
// event and timer kind, each defined in the file of its construct.
#ifndef TAKT_COMPILER_INTERP_STATE_H_
#define TAKT_COMPILER_INTERP_STATE_H_

#include <array>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "compiler/interp/interp.h"
#include "compiler/interp/plant_time.h"
#include "compiler/model/metadata.h"
#include "compiler/model/model.h"
#include "takt/runtime.h"

namespace takt::interp {

// Pieces, times and durations come from the shop floor and may be absurd: they wrap like the
// native code's i64 arithmetic rather than overflow.
inline auto WrapAdd(int64_t a, int64_t b) -> int64_t {
  return static_cast<int64_t>(static_cast<uint64_t>(a) + static_cast<uint64_t>(b));
}
inline auto WrapSub(int64_t a, int64_t b) -> int64_t {
  return static_cast<int64_t>(static_cast<uint64_t>(a) - static_cast<uint64_t>(b));
}
inline auto WrapMul(int64_t a, int64_t b) -> int64_t {
  return static_cast<int64_t>(static_cast<uint64_t>(a) * static_cast<uint64_t>(b));
}

// The longest SPC window (n7: 15 points).
constexpr size_t kSpcHistory = 15;

struct WorkcenterState {
  bool down = false;
  uint32_t reason = TAKT_NONE;  // Current reason of the open stop; TAKT_NONE: uncoded.
  uint64_t stop = 0;            // Counts stop starts; tier timers carry it to detect staleness.
  int64_t since = 0;            // Start of the open stop (a handover report lists it).
};

// OEE of one workcenter over the shift window ending at `window_end` (docs/oee.md): what the
// shift's report lists. A stop is added up to `counted` as it goes: at each shift end and at its
// `up`, so a stop spanning a shift end is split between the two shifts.
struct OeeState {
  int64_t window_end = 0;
  int64_t counted = 0;  // The open stop's time before this is in some window already.
  std::array<int64_t, 4> stop_ms{};  // Per model::LossClass; uncoded stops count as availability.
  int64_t good = 0;
  int64_t scrap = 0;
  int64_t ideal_ms = 0;
};

// The shift window a time belongs to: the shift whose end is the first strictly after it.
struct ShiftWindow {
  int64_t start = 0;
  int64_t end = 0;
  uint32_t shift = 0;        // Index into model::Plant::shifts.
  int64_t start_local = 0;  // The wall-clock time of `start` (milliseconds since the local epoch).
};

struct ControlState {
  std::array<double, kSpcHistory> ring{};
  size_t count = 0;  // Points seen, saturating at kSpcHistory.
  size_t next = 0;   // Ring slot of the next point.
};

struct OrderState {
  bool released = false;
  bool closed = false;  // Completed or scrapped.
  uint32_t routing = TAKT_NONE;
  uint32_t lot = TAKT_NONE;
  uint32_t next = 0;  // Index of the operation that may start next.
  bool started = false;
  bool confirmed = false;
  std::vector<int64_t> reworks;  // Per operation index.
  int64_t qty = 0;               // Released quantity: scales std_time and consume.
  uint64_t starts = 0;           // Counts accepted starts; std_time and sampling timers carry it.
  std::vector<int64_t> pieces;   // Per operation index: good + scrap counted so far.
  uint32_t started_by = TAKT_NONE;  // `by` of the accepted start of the running operation.
  int64_t since = 0;             // Release time (a handover report lists open orders).
};

// A lot is held while it has an open hold (docs/runtime.md, "Holds and cases"): `holds` counts
// them, `loose` those no open case owns (any `release lot` of the lot clears these).
struct LotState {
  int64_t holds = 0;
  int64_t loose = 0;
  bool scrapped = false;
  // When and why the lot became held (its holds went from 0 to 1), for handover reports.
  int64_t held_since = 0;
  takt_cause hold_cause = TAKT_CAUSE_SHIFT_END;
  // Per sampled control: measurements since its last sampling window closed (production.cpp).
  std::map<uint32_t, int64_t> sampled;
};

struct CaseState {
  uint32_t decl = TAKT_NONE;
  bool open = false;
  uint32_t lot = TAKT_NONE;
  uint32_t line = TAKT_NONE;
  uint32_t control = TAKT_NONE;  // The control whose plan opened it, if any.
  int64_t holds = 0;             // Holds on `lot` this case owns while open.
  size_t escalations = 0;        // Timeouts so far: levels 0..escalations of its path may decide.
  // For handover reports: when and why it opened, and when its decision is due.
  int64_t since = 0;
  takt_cause cause = TAKT_CAUSE_SHIFT_END;
  int64_t due = 0;
};

struct DeviationState {
  std::set<uint32_t> approved;
  uint32_t risk = TAKT_NONE;
  bool active = false;
  uint64_t activation = 0;  // Counts activations; expiry timers carry it.
  int64_t lots_used = 0;
  int64_t since = 0;  // Activation time of the active approval.
};

struct HandoverState {
  uint64_t reports = 0;  // Reports made so far; the current one is number `reports`.
  uint64_t acknowledged = 0;
};

// Stop starts of one recurrence key: only the last `count` start times matter.
struct RecurrenceKey {
  std::deque<int64_t> starts;
  std::optional<int64_t> last_fired;
};

// What a reaction acts on, and what its action reports.
struct Context {
  takt_cause cause;
  uint32_t lot = TAKT_NONE;
  uint32_t workcenter = TAKT_NONE;
  uint32_t line = TAKT_NONE;  // For `stop line`.
  uint32_t reason = TAKT_NONE;
  uint32_t control = TAKT_NONE;
  uint32_t tier = TAKT_NONE;
  uint32_t case_id = TAKT_NONE;
  uint32_t outcome = TAKT_NONE;
  uint32_t by = TAKT_NONE;
  // The reaction block being run: the holds it places (`hold lot` reactions) belong to the case
  // it opens, if it opens one.
  int64_t block_holds = 0;
  bool block_opens_case = false;
};

// Timer kinds of the interpreter, in takt_timer.arg1 for handovers.
constexpr uint64_t kHandoverReport = 0;
constexpr uint64_t kHandoverAcknowledge = 1;

// The action of `kind` for `context`, citing `clause` (reactions.cpp).
auto ActionOf(takt_action_kind kind, const Context& context, model::ClauseId clause) -> takt_action;

struct Interpreter::Impl {
  Impl(const model::Plant& plant, const source::SourceManager& sources);

  static void OnStart(const takt_executor* self, void* state, int64_t t, const takt_host* host);
  static void OnEvent(const takt_executor* self, void* state, const takt_event* event, const takt_host* host);
  static void OnTimer(const takt_executor* self, void* state, const takt_timer* timer, const takt_host* host);

  // interp.cpp
  void Reset();
  void Emit(const takt_action& action) { host->emit(host->ctx, &action); }
  void Schedule(int64_t due, takt_entity_kind kind, uint32_t entity, model::ClauseId clause, uint64_t arg0,
                uint64_t arg1);
  // reactions.cpp
  void Run(const model::Reaction& reaction, const Context& context);
  void RunAll(const std::vector<model::Reaction>& reactions, const Context& context);
  void Reject(takt_reject_reason reason, model::ClauseId clause, uint32_t order, int64_t op, uint32_t lot);
  void DropHolds(LotState& lot, int64_t count);
  void ScrapLot(uint32_t lot);
  // A `reject` (cause `forbidden`) with `reason`, citing `clause`; the caller adds its fields.
  static auto RejectOf(takt_reject_reason reason, model::ClauseId clause) -> takt_action;
  // downtime.cpp
  void Down(const takt_event& event);
  void Up(const takt_event& event);
  void Recur(uint32_t workcenter, uint32_t reason);
  void TierDue(const takt_timer& timer);
  void Resume(const takt_event& event);
  // control.cpp
  void Measure(const takt_event& event);
  auto RunningLot(uint32_t control, uint32_t workcenter) const -> uint32_t;
  void RunPlan(const std::vector<model::Reaction>& plan, const Context& context);
  // The first control of `op` with `first piece each shift` not measured at the operation's
  // workcenter since the start of the planned shift `now` is in, and that shift's start.
  auto MissingFirstPiece(const model::Operation& op) const -> std::optional<std::pair<uint32_t, int64_t>>;
  // routing.cpp
  void Release(const takt_event& event);
  void OperationEvent(const takt_event& event);
  // production.cpp
  // An accepted measurement of `control` for `lot` (given or inferred) counts for its sampling plan.
  void CountSample(uint32_t control, uint32_t lot);
  void CountPieces(const takt_event& event, OrderState& order, const model::Operation& op, uint32_t index);
  void Consume(const takt_event& event, const OrderState& order, const model::Operation& op);
  void ArmStdTime(uint32_t order_index, const OrderState& order, const model::Operation& op, uint32_t index);
  void StdTimeDue(const takt_timer& timer);
  // Sampling by time: an accepted start opens the first window of each control the operation
  // samples by time; a window's close (a lot timer) judges it and opens the next.
  void ArmSampling(uint32_t order_index, const OrderState& order, const model::Operation& op);
  void ScheduleSampleWindow(const model::Control& control, uint32_t order_index, const OrderState& order);
  void SampleWindowDue(const takt_timer& timer);
  // cases.cpp
  void Decide(const takt_event& event);
  void CaseDue(const takt_timer& timer);
  void Approve(const takt_event& event);
  void Use(const takt_event& event);
  void Expire(uint32_t deviation, takt_cause cause, uint32_t lot);
  void DeviationDue(const takt_timer& timer);
  // handovers.cpp
  void Acknowledge(const takt_event& event);
  void HandoverDue(const takt_timer& timer);
  void ScheduleNextShiftEnd(uint32_t handover);
  void ReportItems(uint32_t handover);
  // The one place shift boundaries are computed (ScheduleNextShiftEnd and OEE windows).
  auto NextShiftWindow(int64_t t) const -> ShiftWindow;
  // oee.cpp
  void OeeCountStop(uint32_t workcenter, int64_t until);
  void OeeCountPieces(uint32_t workcenter, int64_t good, int64_t scrap, int64_t std_time_ms);
  auto OeeOf(uint32_t workcenter, const ShiftWindow& window) -> OeeState&;
  void ReportOee(const takt_action& item);

  auto LineOf(uint32_t workcenter) const -> uint32_t {
    return workcenter == TAKT_NONE ? TAKT_NONE : plant.workcenters[workcenter].line.index;
  }
  auto Order(uint32_t index) -> OrderState& {
    if (index >= orders.size()) {
      orders.resize(index + 1);
    }
    return orders[index];
  }
  auto Lot(uint32_t index) -> LotState& {
    if (index >= lots.size()) {
      lots.resize(index + 1);
    }
    return lots[index];
  }
  static auto Reason(uint32_t reason) -> std::optional<model::ReasonId> {
    return reason == TAKT_NONE ? std::nullopt : std::optional(model::ReasonId{reason});
  }

  const model::Plant& plant;

  // Descriptor tables; the C structs point into the strings and vectors here.
  std::vector<takt_rule> rules;
  std::vector<takt_role> roles;
  std::vector<takt_shift> shifts;
  std::vector<const char*> lines;
  std::vector<takt_workcenter> workcenters;
  std::vector<const char*> controls;
  std::vector<takt_reason> reasons;
  std::vector<std::vector<int64_t>> routing_ops;
  std::vector<takt_routing> routings;
  std::vector<std::vector<const char*>> case_outcomes;
  std::vector<takt_case_decl> cases;
  std::vector<std::vector<const char*>> deviation_risks;
  std::vector<takt_deviation> deviations;
  std::vector<const char*> handovers;
  std::vector<const char*> materials;
  std::vector<const char*> people, qualifications, person_names, meanings;
  std::vector<const char*> evidence;
  std::vector<const char*> fields;
  std::string source_sha256;
  std::string tzdb_version;  // Of the database `clock` reads; empty when plant time is UTC.
  takt_executor descriptor{};
  PlantClock clock;
  // Per control: whether a measurement needs a lot (model::Plant::NeedsLot).
  std::vector<bool> needs_lot;

  // Session state, reset by on_start.
  const takt_host* host = nullptr;
  int64_t now = 0;
  std::vector<WorkcenterState> workcenter_states;
  std::vector<OeeState> oee_states;  // Per workcenter.
  std::vector<bool> line_stopped;  // Per line: stopped by `stop line` until a `resume`.
  std::vector<ControlState> control_states;
  // (control, workcenter) → time of the last accepted measurement there, for first-piece checks.
  std::map<std::pair<uint32_t, uint32_t>, int64_t> measured_at;
  std::vector<OrderState> orders;
  std::vector<LotState> lots;
  std::vector<CaseState> case_states;
  std::vector<DeviationState> deviation_states;
  std::vector<HandoverState> handover_states;
  // Per recurrence: (workcenter or TAKT_NONE, reason or TAKT_NONE) → starts.
  std::vector<std::map<std::pair<uint32_t, uint32_t>, RecurrenceKey>> recurrence_keys;
  int64_t held_lots = 0;
  int64_t open_cases = 0;
  int64_t down_workcenters = 0;
  int64_t active_deviations = 0;
  int64_t open_orders = 0;
};

}  // namespace takt::interp

#endif  // TAKT_COMPILER_INTERP_STATE_H_
