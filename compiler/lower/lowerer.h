// The lowering state shared by the per-construct files of lower/ (control.cpp, downtime.cpp,
// routing.cpp, cases.cpp, …): the model, the module being built, the slots and tables every
// construct reads, and the reaction emitter all of them use.
#ifndef TAKT_COMPILER_LOWER_LOWERER_H_
#define TAKT_COMPILER_LOWER_LOWERER_H_

#include <functional>
#include <map>
#include <optional>
#include <vector>

#include "compiler/model/model.h"
#include "compiler/source/source_manager.h"
#include "compiler/xir/xir.h"
#include "takt/runtime.h"

namespace takt::lower {

using xir::Builder;
using xir::ExprId;
using xir::kNoExpr;

// What a reaction acts on and what its action reports; kNoExpr fields are absent. Every field
// must be stable (a constant, parameter or local): it is read again after stores.
struct ActionContext {
  uint32_t cause = 0;
  ExprId lot = kNoExpr;
  ExprId workcenter = kNoExpr;
  ExprId line = kNoExpr;  // For `stop line` and the line a case remembers.
  ExprId reason = kNoExpr;
  ExprId control = kNoExpr;
  ExprId tier = kNoExpr;
  ExprId case_id = kNoExpr;
  ExprId outcome = kNoExpr;
  ExprId by = kNoExpr;
  // The reaction block being run: the holds it places (`hold lot` reactions) belong to the case
  // it opens, if it opens one (docs/runtime.md, "Holds and cases").
  int64_t block_holds = 0;
  bool block_opens_case = false;
};

// One reaction with its role and clause as expressions (constants, or table reads in code
// shared by several controls).
struct ReactionCode {
  model::ReactionKind kind{};
  ExprId role = kNoExpr;
  ExprId clause = kNoExpr;
  model::CaseId case_id{};
};

// A chart's centre and its limits at ±1σ, ±2σ, ±3σ (index 0, 1, 2), as stable expressions.
struct SpcLimits {
  ExprId center = kNoExpr;
  ExprId upper[3] = {kNoExpr, kNoExpr, kNoExpr};
  ExprId lower[3] = {kNoExpr, kNoExpr, kNoExpr};
};

// OEE state and helpers (oee.cpp), when some handover reports `oee`.
struct OeeSlots {
  xir::SlotId window_end = 0, counted = 0, stop = 0, good = 0, scrap = 0, ideal = 0;
  xir::TableId reason_loss = 0;
  xir::FunctionId roll = 0, count_stop = 0, report = 0;
  std::optional<xir::FunctionId> pieces{};
};

class Lowerer {
 public:
  explicit Lowerer(const model::Plant& plant) : plant_(plant) {}

  auto Run() -> xir::Module;

 private:
  // descriptor.cpp
  void BuildDescriptor();
  // lower.cpp
  void DeclareCommonState();
  void BuildEntryPoints();
  // control.cpp
  void DeclareRunningChecks();
  // The first index of operation (routing, op_index)'s row in op_check_pairs_.
  auto OpChecksBase(Builder& b, ExprId routing, ExprId op_index) -> ExprId;
  void TrackRunning(Builder& b, ExprId routing, ExprId op_index, ExprId lot, int64_t delta);
  void LowerControls();
  auto BuildShape(const std::vector<uint32_t>& controls) -> xir::FunctionId;
  // spc.cpp
  void SpcUpdate(Builder& b, const std::string& prefix, uint32_t controls, const model::Spc& spc, ExprId k,
                 ExprId value, const SpcLimits& limits, bool signal);
  // downtime.cpp
  void LowerDowntime();
  auto Matches(Builder& b, const model::StopTrigger& trigger, ExprId reason) -> ExprId;
  void Recur(Builder& b, uint32_t recurrence, ExprId workcenter, ExprId reason);
  void LowerRecordIncomplete(Builder& b, ExprId workcenter);
  // routing.cpp
  void LowerRoutings();
  void OperationEvent(Builder& b, uint32_t representative, bool alone, ExprId routing, ExprId order, ExprId lot);
  void Authorized(Builder& b, ExprId routing_id, ExprId index, ExprId order, ExprId lot, bool four_eyes,
                  const std::function<void()>& then);
  void StartOperation(Builder& b, ExprId routing, ExprId index, ExprId order, ExprId lot);
  // first_piece.cpp: `first piece each shift` (interp's MissingFirstPiece). An accepted
  // measurement stores MeasuredStamp(now) at its check pair; a start runs `start` unless a first
  // piece is missing.
  void DeclareFirstPiece();
  auto MeasuredStamp(Builder& b, ExprId t) -> ExprId;
  void CheckFirstPiece(Builder& b, ExprId routing, ExprId index, ExprId order, ExprId lot,
                       const std::function<void()>& start);
  // production.cpp
  void LowerProduction();
  void ScheduleSampleWindow(Builder& b, const model::Control& control, ExprId lot, ExprId order, ExprId starts);
  void LowerSampleWindows(xir::TableId number_table, int64_t stride);
  // cases.cpp
  void LowerCases();
  void LowerDeviations();
  void Expire(Builder& b, uint32_t deviation, uint32_t cause, ExprId lot);
  // handovers.cpp
  void DeclareReportState();
  // Stores `value` into a slot of report state, when the plant declared it.
  void Remember(Builder& b, const std::optional<xir::SlotId>& slot, ExprId entity, ExprId index, ExprId value);
  void LowerHandovers();
  void ScheduleNextShiftEnd(Builder& b, uint32_t handover);
  auto BuildReportItemEmitter() -> xir::FunctionId;
  // plant_time.cpp: the window of the first planned shift end strictly after `t` in plant time:
  // its end and, `with_window`, the index of its shift and its start, as locals of `b` (else
  // kNoExpr). The one place lowering computes shift boundaries (interp's NextShiftWindow).
  // `start_local` is the wall-clock time of `start` (milliseconds since the local epoch).
  struct ShiftWindowExprs {
    ExprId end = xir::kNoExpr, shift = xir::kNoExpr, start = xir::kNoExpr, start_local = xir::kNoExpr;
  };
  auto NextShiftEnd(Builder& b, ExprId t, bool with_window) -> ShiftWindowExprs;
  // The first shift end after `t`, calendar aside: its instant, its shift (`with_shift`) and the
  // local time written for it (`with_shift` with a timezone; kNoExpr where not asked).
  auto FirstShiftEndAfter(Builder& b, ExprId t, bool with_shift) -> ShiftWindowExprs;
  // The instant of the local time `local` by the zone's table (the identity without a zone).
  auto UtcOfLocal(Builder& b, ExprId local) -> ExprId;
  // Whether the calendar plans a shift starting on local day `day`.
  auto PlannedDay(Builder& b, ExprId day) -> ExprId;
  void DeclarePlantTime();
  // The owner role of each case declaration, of each reason (its own or the nearest above).
  auto CaseOwners() -> xir::TableId;
  auto ReasonOwners() -> xir::TableId;
  void ReportItems(Builder& b, const model::Handover& handover, ExprId index, xir::FunctionId emitter);
  // oee.cpp
  void LowerOee();
  // Calls `each(start, end)` for each break of the window's shift, as instants, as interp/oee.cpp's
  // ForEachBreak does.
  void ForEachBreak(Builder& b, const ShiftWindowExprs& window, const std::function<void(ExprId, ExprId)>& each);
  // reactions.cpp
  void RunReaction(Builder& b, const ReactionCode& reaction, const ActionContext& context);
  void RunReactions(Builder& b, const std::vector<model::Reaction>& reactions, const ActionContext& context);
  auto ActionFields(Builder& b, const ActionContext& context, bool with_outcome = true)
      -> std::vector<std::pair<xir::ActionField, ExprId>>;
  auto BlockContext(const ActionContext& context, const std::vector<model::Reaction>& reactions) -> ActionContext;
  void DropHolds(Builder& b, ExprId lot, ExprId count);
  // 1 when a case `plan` opens is still open for the context's lot and control.
  auto CaseStillOpen(Builder& b, const std::vector<model::Reaction>& plan, const ActionContext& context) -> ExprId;
  void ScrapLot(Builder& b, ExprId lot);
  void SetRule(Builder& b, model::ClauseId clause);
  void Bump(Builder& b, uint32_t counter, int64_t delta);
  auto LineOf(Builder& b, ExprId workcenter) -> ExprId { return b.At(workcenter_line_, workcenter); }
  // people.cpp: with a roster, what the person `by` names may do. PerPerson reads row `row` of a
  // table of one column per person (`absent` when `by` names nobody).
  struct DecidingLookup {
    xir::TableId level, role, path;  // Per person: lowest level of the path held, its role; the path.
    int64_t path_size = 0;
  };
  auto PersonTable(std::string name, std::vector<int64_t> values) -> xir::TableId;
  auto PerPerson(Builder& b, xir::TableId table, ExprId row, int64_t absent) -> ExprId;
  auto DecidingTables(const model::Case& decl) -> DecidingLookup;
  auto ApprovingTable(const model::Deviation& deviation) -> xir::TableId;
  auto HoldersTable(const std::string& name, model::RoleId role) -> xir::TableId;
  // 1 when `by` holds `qualification` (kNone: nothing required).
  auto Qualified(Builder& b, ExprId qualification) -> ExprId;

  const model::Plant& plant_;
  xir::Module module_{};

  // Global counters the handover report reads, indexed by takt_report_item.
  xir::SlotId counters_ = 0;
  // Per workcenter.
  xir::SlotId wc_down_ = 0, wc_reason_ = 0, wc_stop_ = 0;
  // Per line: stopped by `stop line` until a `resume`.
  xir::SlotId line_stopped_ = 0;
  // Per lot record.
  xir::SlotId lot_holds_ = 0, lot_loose_ = 0, lot_scrapped_ = 0;
  // Per case record.
  xir::SlotId case_decl_ = 0, case_open_ = 0, case_lot_ = 0, case_line_ = 0, case_control_ = 0, case_holds_ = 0;
  // Per order record.
  xir::SlotId order_released_ = 0, order_closed_ = 0, order_routing_ = 0, order_lot_ = 0, order_next_ = 0,
              order_started_ = 0, order_confirmed_ = 0, order_reworks_ = 0;

  // Production (production.cpp): slots declared only for a plant whose routings need them, and
  // the functions the routing code calls on an accepted start, count or complete, and consume.
  xir::SlotId order_qty_ = 0, order_starts_ = 0, order_pieces_ = 0, lot_sampled_ = 0;
  // By control: its column in lot_sampled_, -1 for a control without a sampling plan.
  std::vector<int64_t> sample_slot_;
  bool has_order_qty_ = false;
  size_t max_ops_ = 1;  // The most operations of any routing: the stride of per-operation tables.
  std::optional<xir::FunctionId> production_start_{}, production_pieces_{}, production_consume_{};

  // Routings: the clause of each, the on fail clause of each (routing, op index).
  xir::TableId routing_clause_ = 0, on_fail_clause_ = 0;
  // Per (routing, operation), with on_fail_stride_: instruction revisions and clauses; absent
  // when no operation names an instruction.
  std::optional<xir::TableId> instruction_rev_, instruction_clause_;
  int64_t on_fail_stride_ = 1;
  xir::TableId workcenter_line_ = 0;  // Line of each workcenter.
  xir::TableId role_up_ = 0;          // reports_to of each role, TAKT_NONE at the top.
  std::map<uint32_t, xir::TableId> match_tables_{};  // Trigger reason → membership table.

  // Deviations: flags of approver roles (deviation_first_[d] + position in deviation_roles_[d]).
  xir::SlotId active_deviation_ = 0, activation_ = 0, lots_used_ = 0, deviation_approved_ = 0, deviation_risk_ = 0;
  std::vector<std::vector<uint32_t>> deviation_roles_{};
  std::vector<uint32_t> deviation_first_{};
  // Checks and running operations: check_workcenter_[control * check_stride_ + k] is the k-th
  // distinct workcenter where an operation checks the control (kNone past the last); per such
  // (control, k) pair, running_count_ counts the running operations that check it there and
  // running_lots_ sums their lots (the lot when the count is 1). op_check_pairs_[(routing *
  // op_stride_ + op) * op_check_stride_ + m] are the pairs an operation checks (kNone past them).
  xir::TableId check_workcenter_ = 0, op_check_pairs_ = 0;
  int64_t check_stride_ = 1, op_stride_ = 1, op_check_stride_ = 1;
  xir::SlotId running_count_ = 0, running_lots_ = 0;
  // Per check pair (first_piece.cpp): the clause of `first piece each shift` (kNone without one),
  // the last measurement's stamp; absent when no control has the clause.
  std::optional<xir::TableId> first_piece_clause_;
  std::optional<xir::SlotId> first_piece_at_;
  // The SPC signal of the shape being lowered (-1: none).
  uint32_t spc_signal_local_ = 0;

  // What a handover report lists, since when and why (handovers.cpp): declared only for an item
  // some handover reports. Per lot: held since, the hold's cause; per case: opened, cause, due;
  // per workcenter: stop start; per deviation: activation; per order: release.
  std::optional<xir::SlotId> lot_held_since_, lot_hold_cause_, case_since_, case_cause_, case_due_, wc_since_,
      deviation_since_, order_since_;
  std::optional<xir::TableId> case_owners_, reason_owners_;
  std::optional<OeeSlots> oee_;

  // Plant time in a `timezone` (plant_time.cpp): the zone's transitions (instants, the local
  // times from which a local time lies after each, the offsets before and after each) and the
  // candidate shift ends around a local midnight; declared by the first handover that needs them.
  struct PlantTimeTables {
    // candidate_shifts: per candidate end, the shift that ends then (Plant::ShiftEndingAt).
    xir::TableId transitions, local_keys, offsets, candidates, candidate_shifts;
    size_t transition_count, candidate_count;
  };
  std::optional<PlantTimeTables> plant_time_{};
  // Per shift its length; the calendar's holidays (days since 1970-01-01); declared when needed.
  std::optional<xir::TableId> shift_lengths_, holidays_;

  // The roster (people.cpp), declared only with one: timeouts so far per case; the started
  // operation's `by` plus one per order (0: none), for four eyes; qualifications per person;
  // per (routing, operation) the qualification required (kNone: none) and its clause; per
  // routing its four-eyes clause.
  std::optional<xir::SlotId> case_escalations_, order_started_by_;
  std::optional<xir::TableId> qualified_, requires_, requires_clause_, four_eyes_clause_;

  // Handlers of event kinds and timer entity kinds, called from the entry points.
  std::map<uint32_t, xir::FunctionId> event_handlers_{};
  std::map<uint32_t, xir::FunctionId> timer_handlers_{};
  std::vector<xir::FunctionId> start_handlers_{};
};

inline constexpr int64_t kDay = 86'400'000;
// The deciding level of a person who holds no role of a case's escalation path: above any.
inline constexpr int64_t kNotOnPath = INT64_MAX;

// The labels 0 … n-1 of a switch over declared entities.
inline auto Indices(size_t n) -> std::vector<int64_t> {
  std::vector<int64_t> labels;
  for (size_t i = 0; i < n; ++i) {
    labels.push_back(static_cast<int64_t>(i));
  }
  return labels;
}

}  // namespace takt::lower

#endif  // TAKT_COMPILER_LOWER_LOWERER_H_
