// The checked plant model: the single input of every back end (interpreter, lowering, diff,
// graph, docs). Produced by check/ only when a plant has no error, immutable afterwards.
// Declarations live in vectors indexed by typed ids, in source order; every reference is
// resolved to an id, every quantity converted to the unit the runtime works in (durations in
// milliseconds, measurements in the control's own unit), every clause that can cause an action
// has a `ClauseId` naming its declaration and span.
#ifndef TAKT_COMPILER_MODEL_MODEL_H_
#define TAKT_COMPILER_MODEL_MODEL_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/base/reaction_kind.h"
#include "compiler/model/units.h"
#include "compiler/source/source_manager.h"
#include "takt/runtime.h"

namespace takt::model {

using source::Span;

template <typename Tag>
struct Id {
  uint32_t index = UINT32_MAX;
  auto is_valid() const -> bool { return index != UINT32_MAX; }
  friend auto operator==(Id, Id) -> bool = default;
  friend auto operator<=>(Id, Id) = default;
};

using RoleId = Id<struct RoleTag>;
using ShiftId = Id<struct ShiftTag>;
using AreaId = Id<struct AreaTag>;
using LineId = Id<struct LineTag>;
using WorkcenterId = Id<struct WorkcenterTag>;
using MaterialId = Id<struct MaterialTag>;
using ProductId = Id<struct ProductTag>;
using InstructionId = Id<struct InstructionTag>;
using RoutingId = Id<struct RoutingTag>;
using ControlId = Id<struct ControlTag>;
using CaseId = Id<struct CaseTag>;
using DeviationId = Id<struct DeviationTag>;
using ReasonId = Id<struct ReasonTag>;
using EscalationId = Id<struct EscalationTag>;
using RecurrenceId = Id<struct RecurrenceTag>;
using HandoverId = Id<struct HandoverTag>;
using ClauseId = Id<struct ClauseTag>;
using PersonId = Id<struct PersonTag>;
using QualificationId = Id<struct QualificationTag>;

// Text shared by named declarations.
struct Named {
  std::string name;  // Qualified for module declarations (`std.cases.containment`).
  std::string title;
  std::string doc;
  Span span;  // The declaration's name.
  bool from_module = false;  // Declared in a `use`d module rather than the plant itself.
};

// A quantity as the user wrote it, with its value converted to the base unit of its dimension.
struct Quantity {
  double value = 0;  // In `unit`.
  UnitId unit;
  std::string text;  // `30 min`, for tools that print the source form.
  auto base_value() const -> double { return value * GetUnit(unit).factor; }
};

// Names in the descriptor's `evidence` or `fields` table: events and actions carry them as bits
// of a 64-bit mask whose top bit marks an absent mask.
inline constexpr size_t kMaxRequiredNames = 63;

// The mask with bit i set for each of `names` that is `table[i]` (Plant::evidence_names or
// Plant::field_names).
auto NameMask(const std::vector<std::string>& names, const std::vector<std::string>& table) -> int64_t;

// A clause that can cause actions: which declaration (its qualified name, the action's `rule`)
// and where (the action's `src`). Clause ids are in source order, the tie-break of timers.
struct Clause {
  std::string rule;
  Span span;
  // The clause's entry in every executor's rule table (takt_rule), filled by FillMetadata.
  takt_rule_kind kind = TAKT_RULE_OTHER;  // Which kind of declaration the clause belongs to.
  std::string file = "<unknown>";         // The span's file path.
  uint32_t line = 0;                      // Of the span's start; 0 without a span.
  uint32_t col = 0;
};

// A duration in milliseconds as tools print it: in the largest unit that divides it (`30 min`,
// `5 d`, `90 s`), except that `24 h` reads better than `1 d`.
auto FormatDuration(int64_t ms) -> std::string;

// A test spans days 1 to kMaxTestDay (`at day 2 06:00`); its times are minutes after midnight
// of day 1, which is the test date of `takt test`.
inline constexpr int32_t kMaxTestDay = 1000;
inline constexpr int32_t kMinutesPerDay = 24 * 60;

// A test step's time as a test writes it: `08:00` on day 1, `day 2 06:00` after.
auto FormatTestTime(int32_t minute) -> std::string;

// The reactions are listed once, in compiler/base/reaction_kind.def.
using base::ReactionKind;

struct Reaction {
  ReactionKind kind;
  RoleId role;     // Notify, EscalateTo.
  CaseId case_id;  // OpenCase.
  ClauseId clause;
};

struct Role : Named {
  std::optional<RoleId> reports_to;
};

// Planned time a shift does not produce (`break 10:00 for 30 min`), inside the shift.
struct ShiftBreak {
  int64_t offset_ms = 0;  // From the shift's start.
  int64_t length_ms = 0;
};

// The roster (docs/language.md, "People"): with at least one person, every `by` of an event
// names one, and the runtime checks what they may do (people.h).
struct Qualification : Named {};

struct Person : Named {
  std::vector<RoleId> roles;
  std::vector<QualificationId> qualifications;
};

// The weekdays of a calendar's `working` clause, Monday first; Weekday(day) indexes them for a
// day since 1970-01-01.
inline constexpr std::array<std::string_view, 7> kWeekdays{"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
auto Weekday(int64_t day) -> int64_t;

struct Shift {
  std::string name;
  int32_t start_minute = 0;  // Minutes after midnight, plant time (Plant::timezone).
  int32_t end_minute = 0;
  std::vector<ShiftBreak> breaks;  // In time order, disjoint.
  Span span;
  // The shift's length: a shift whose end is not after its start runs past midnight.
  auto length_ms() const -> int64_t {
    const int32_t minutes = ((end_minute - start_minute) % 1440 + 1440) % 1440;
    return int64_t{minutes == 0 ? 1440 : minutes} * 60'000;
  }
  // How many local days before the day it ends an instance of the shift starts: 1 for a shift
  // over midnight (or of 24 hours), else 0.
  auto start_days_before_end() const -> int64_t { return end_minute <= start_minute ? 1 : 0; }
};

struct Area : Named {
  RoleId owner;
  std::vector<LineId> lines;
};

struct Line : Named {
  AreaId area;
  RoleId owner;
  std::vector<WorkcenterId> workcenters;
};

struct Workcenter : Named {
  LineId line;
  RoleId owner;  // Its own, or its line's.
};

struct Item : Named {
  UnitId unit;
};

struct Instruction : Named {
  int64_t rev = 0;
  std::optional<RoleId> owner;
};

struct Consume {
  MaterialId material;
  Quantity amount;
  UnitId per_unit;
  double standard = 0;  // `amount` in the material's own unit: a genealogy's default quantity per piece.
  ClauseId clause;      // Genealogy actions cite it.
};

struct OnFail {
  // Index into Routing::operations of the rework target; absent for plain `on fail scrap`.
  std::optional<uint32_t> rework_target;
  int64_t max_reworks = 0;
  bool then_scrap = false;
  ClauseId clause;
};

struct Operation {
  int64_t number = 0;
  std::string name;
  WorkcenterId workcenter;
  std::optional<InstructionId> instruction;
  // With an instruction: rejects of a `start` without its current revision cite this clause
  // (rule: the instruction; src: the operation's `instruction` line).
  ClauseId instruction_clause;
  std::vector<Consume> consumes;
  std::optional<Quantity> std_time;
  std::optional<UnitId> std_time_per;
  int64_t std_time_ms = 0;  // Per piece; 0 without `std_time`.
  ClauseId std_time_clause;
  std::vector<ControlId> checks;
  bool critical = false;
  std::optional<OnFail> on_fail;
  // `requires weld_cert`: with a roster, who starts or confirms it must hold it; rejects cite
  // requires_clause (rule: the routing; src: the `requires` line).
  std::optional<QualificationId> requires_qualification;
  ClauseId requires_clause;
  Span span;
};

struct Routing : Named {
  ProductId product;
  int64_t rev = 0;
  RoleId owner;
  bool confirm_critical = false;
  bool four_eyes = false;  // `confirm critical by another person`.
  ClauseId four_eyes_clause;  // Cited by a confirm of the person who started.
  std::vector<Operation> operations;
  ClauseId clause;  // The routing itself: rejects of out-of-order events cite it.
};

enum class SpecForm : uint8_t { Symmetric, Range, Asymmetric, Min, Max };

// Limits in the control's unit. A one-sided spec (`min`, `max`) has one limit: a point is out
// of spec only beyond it.
struct Spec {
  SpecForm form;
  std::optional<double> target;
  std::optional<double> lsl;
  std::optional<double> usl;
  // The spec as written, for tools: `8.00 ± 0.05`, `min 4 bar`.
  std::string text;
  // True when `value` lies beyond a limit.
  auto Excludes(double value) const -> bool { return (lsl && value < *lsl) || (usl && value > *usl); }
};

// Built-in SPC rules (runtime/include/takt/spc_rule.def), in the order that decides which one a
// signal names; the value is takt_spc_rule.
enum class SpcRule : uint8_t {
#define TAKT_SPC_RULE(Name, NAME, name, window, Family) Name = TAKT_SPC_RULE_##NAME,
#include "takt/spc_rule.def"
};
inline constexpr int kSpcRuleCount = TAKT_SPC_RULE_COUNT;
auto SpcRuleName(SpcRule rule) -> std::string_view;
auto FindSpcRule(std::string_view name) -> std::optional<SpcRule>;
// How many points of history (the current one included) a rule looks at.
auto SpcRuleWindow(SpcRule rule) -> int;

struct Spc {
  std::string chart;  // `individuals`
  double center = 0;
  double sigma = 0;
  std::vector<SpcRule> rules;  // Sorted, unique.
};

struct Control : Named {
  RoleId owner;
  std::string characteristic;
  UnitId unit;
  std::optional<Spec> spec;
  std::optional<std::string> characteristic_class;
  std::optional<int64_t> sample_size;
  std::optional<Quantity> sample_every;
  // Pieces per sampling window (`every 50 pcs`, rounded to whole pieces, at least 1); 0 when the
  // plan samples by time or there is none.
  int64_t sample_every_pieces = 0;
  // Milliseconds per sampling window (`every 1 h`, rounded, at least 1); 0 when the plan counts
  // pieces or there is none.
  int64_t sample_every_ms = 0;
  ClauseId sample_clause;  // Valid when the control has a sampling plan; sample_missed cites it.
  // `first piece each shift`: valid when a start needs a measurement of the control at its
  // workcenter since the shift began; first_piece_missing cites it.
  ClauseId first_piece_clause;
  std::optional<Spc> spc;
  std::vector<Reaction> on_out_of_spec;
  std::vector<Reaction> on_spc_signal;
  ClauseId out_of_spec_clause;  // The `on out_of_spec` block (cause of the block's actions).
  ClauseId spc_clause;
  // Workcenters of the routing operations that check this control, in routing order.
  std::vector<WorkcenterId> checked_at;
};

struct Outcome {
  std::string name;
  std::string title;
  std::vector<Reaction> reactions;
  ClauseId clause;
};

enum class TimeoutKind : uint8_t { EscalateUpEvery, EscalateTo };

struct Timeout {
  TimeoutKind kind;
  int64_t every_ms = 0;  // EscalateUpEvery.
  RoleId role;           // EscalateTo.
  ClauseId clause;
};

// `signature "Meaning"` (docs/language.md, "Signatures"): the decision or approval is signed by a
// person of the roster, and its action carries the meaning.
struct Signature {
  uint32_t meaning = 0;  // Index into Plant::signature_meanings.
  ClauseId clause;       // Cited by a reject of an unsigned event.
};

struct Case : Named {
  RoleId owner;
  int64_t decide_within_ms = 0;
  std::vector<std::string> evidence;
  ClauseId evidence_clause;  // `require evidence`, cited by a `decide` that lacks some.
  std::vector<Outcome> outcomes;
  Timeout timeout;
  std::optional<Signature> signature;
};

struct RiskApproval {
  std::string level;
  std::vector<RoleId> approvers;
};

struct Deviation : Named {
  RoleId owner;
  std::vector<RoleId> approvers;
  std::vector<RiskApproval> risk_approvals;
  std::optional<int64_t> expires_after_ms;
  std::optional<int64_t> expires_lots;
  ClauseId clause;
  std::optional<Signature> signature;  // Of every approval.
};

// The runtime's loss classes (loss_class.def), after `None`: a reason without a class is planned
// downtime. The runtime's value of a class is the model's minus one.
enum class LossClass : uint8_t {
  None,
#define TAKT_LOSS_CLASS(Name, NAME, name) Name,
#include "takt/loss_class.def"
};

// Every class but `None`, in the registry's order: what a report lists.
inline constexpr LossClass kLossClasses[] = {
#define TAKT_LOSS_CLASS(Name, NAME, name) LossClass::Name,
#include "takt/loss_class.def"
};

// The runtime's `takt_loss_class` of a class other than `None`.
constexpr auto RuntimeLossClass(LossClass loss) -> uint32_t { return static_cast<uint32_t>(loss) - 1; }

struct Reason : Named {
  std::string local_name;  // `press_jam`; `name` is the path `unplanned.breakdown.press_jam`.
  std::optional<ReasonId> parent;
  std::vector<ReasonId> children;
  std::optional<RoleId> owner;  // Absent only for stdlib reasons.
  LossClass loss = LossClass::None;  // Own or inherited.
  std::vector<std::string> required;
  ClauseId required_clause;  // `require`, cited by an `up` that lacks a field; with `required`.
};

// Which stops a rule listens to: uncoded stops, or stops whose reason lies in a subtree.
struct StopTrigger {
  bool uncoded = false;
  ReasonId reason;  // Valid when !uncoded.
};

// One or more reactions at a time after the stop began, run in order. The first reaction's
// clause is the tier's timer clause.
struct Tier {
  int64_t after_ms = 0;
  std::vector<Reaction> reactions;
  std::string after_text;
  auto clause() const -> ClauseId { return reactions.front().clause; }
};

struct Escalation : Named {
  StopTrigger trigger;
  RoleId owner;
  std::vector<Tier> tiers;
};

struct Recurrence : Named {
  StopTrigger trigger;
  RoleId owner;
  int64_t count = 0;
  int64_t window_ms = 0;
  bool per_workcenter = false;
  bool per_reason = false;
  std::vector<Reaction> reactions;
  ClauseId clause;
};

// What a handover report counts (runtime/include/takt/report_item.def); the value is
// takt_report_item.
enum class ReportItem : uint8_t {
#define TAKT_REPORT_ITEM(Name, NAME, key, words) Name = TAKT_REPORT_##NAME,
#include "takt/report_item.def"
};
inline constexpr int kReportItemCount = TAKT_REPORT_ITEM_COUNT;
// The words a standard writes: `open holds`.
auto ReportItemName(ReportItem item) -> std::string_view;
// `availability`, `performance`, `quality` (the runtime's loss class names), `none` for a reason
// with no loss class.
auto LossClassName(LossClass loss) -> std::string_view;

struct Handover : Named {
  RoleId owner;
  std::vector<ReportItem> report;
  std::optional<RoleId> acknowledge_by;
  int64_t acknowledge_within_ms = 0;
  ClauseId report_clause;
  ClauseId acknowledge_clause;
};

// A `test` block with its steps resolved to runtime events and expected actions.
struct TestField {
  std::string key;
  std::string value;
  bool is_number = false;
};

struct TestStep {
  enum class Kind : uint8_t { Event, Expect, ExpectNo };
  Kind kind;
  // Minutes after midnight of the test's day 1 when the step says `at [day N] HH:MM`; otherwise
  // the step happens at the time of the step before it.
  std::optional<int32_t> at_minute;
  std::string verb;  // Event type (`down`, `measure`, …) or action kind (`notify`, `reject`, …).
  std::vector<TestField> fields;
  Span span;
};

struct Test {
  std::string name;
  std::vector<TestStep> steps;
  Span span;
};

struct Plant {
  std::string name;
  std::string title;
  std::string doc;  // The `///` comment above the `plant` header.
  // The tz database zone of plant time (`timezone "Europe/Lisbon"`); empty: plant time is UTC.
  std::string timezone;
  std::vector<source::FileId> files;  // The plant's own files, then the modules it uses.
  std::vector<std::string> modules;   // Qualified names of the used modules.

  std::vector<Role> roles;
  std::vector<Person> people;  // Empty: no roster, `by` is free text (docs/language.md, "People").
  std::vector<Qualification> qualifications;
  std::vector<Shift> shifts;
  // The calendar (docs/language.md, "Shifts"): a shift instance is planned when the local day it
  // starts on is a working weekday (bit d for weekday d, 0 Monday; default every day) and no
  // holiday (days since 1970-01-01, sorted, distinct).
  uint32_t working_days = 0x7F;
  std::vector<int64_t> holidays;
  auto Planned(int64_t day) const -> bool;
  // The most consecutive days on which no shift instance is planned (Planned false): bounds the
  // search for the next planned shift end on the native road.
  auto LongestUnplannedRun() const -> int64_t;
  std::vector<Area> areas;
  std::vector<Line> lines;
  std::vector<Workcenter> workcenters;
  std::vector<Item> materials;
  std::vector<Item> products;
  std::vector<Instruction> instructions;
  std::vector<Routing> routings;
  std::vector<Control> controls;
  std::vector<Case> cases;
  std::vector<Deviation> deviations;
  std::vector<Reason> reasons;
  std::vector<Escalation> escalations;
  std::vector<Recurrence> recurrences;
  std::vector<Handover> handovers;
  std::vector<Test> tests;
  std::vector<Clause> clauses;
  // The descriptor's `evidence` and `fields` tables (runtime.h): every name some case's `require
  // evidence` / some reason's `require` lists, in first-mention order, at most kMaxRequiredNames.
  std::vector<std::string> evidence_names;
  std::vector<std::string> field_names;
  // The descriptor's `meanings` table: the distinct meanings of `signature` clauses, in
  // first-mention order.
  std::vector<std::string> signature_meanings;

  // Descriptive metadata both executors embed or follow, filled by FillMetadata (metadata.h).
  std::vector<int32_t> shift_ends;  // Distinct shift end minutes after midnight, sorted.
  // The first declared shift that ends at `minute`, one of shift_ends.
  auto ShiftEndingAt(int32_t minute) const -> uint32_t;

  auto role(RoleId id) const -> const Role& { return roles[id.index]; }
  auto workcenter(WorkcenterId id) const -> const Workcenter& { return workcenters[id.index]; }
  auto control(ControlId id) const -> const Control& { return controls[id.index]; }
  auto case_of(CaseId id) const -> const Case& { return cases[id.index]; }
  auto reason(ReasonId id) const -> const Reason& { return reasons[id.index]; }
  auto clause(ClauseId id) const -> const Clause& { return clauses[id.index]; }
  auto line(LineId id) const -> const Line& { return lines[id.index]; }
  auto routing(RoutingId id) const -> const Routing& { return routings[id.index]; }

  // The role that owns a stop coded with `reason`: its own owner or the nearest one above it
  // (none only for stdlib reasons).
  auto ReasonOwner(ReasonId reason) const -> std::optional<RoleId>;
  // True when `reason` is `ancestor` or lies below it.
  auto IsWithin(ReasonId reason, ReasonId ancestor) const -> bool;
  // What an `up` must carry to end a stop coded with `reason`: the fields it and every reason
  // above it require (`fields` bits), and the nearest of their `require` clauses, to cite.
  struct RequiredFields {
    int64_t mask = 0;
    ClauseId clause;
  };
  auto RequiredFieldsOf(ReasonId reason) const -> RequiredFields;
  // True when a stop with `reason` (absent: uncoded) is one `trigger` listens to.
  auto Matches(const StopTrigger& trigger, std::optional<ReasonId> reason) const -> bool;
  // True when a measurement of `control` needs a lot (docs/runtime.md, "Control points"): a
  // reaction of its plan holds the lot, or opens a case whose outcomes act on the lot.
  auto NeedsLot(const Control& control) const -> bool;
};

}  // namespace takt::model

#endif  // TAKT_COMPILER_MODEL_MODEL_H_
