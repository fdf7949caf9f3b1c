// The abstract syntax tree of one `.takt` file: what the parser produces and the checker
// consumes. Plain values with spans, no name resolution and no semantic meaning yet: a `Name`
// is just text where the user wrote it. Keeping ANTLR out of this header lets every later stage
// build without the parser's headers.
#ifndef TAKT_COMPILER_SYNTAX_AST_H_
#define TAKT_COMPILER_SYNTAX_AST_H_

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "compiler/base/reaction_kind.h"
#include "compiler/source/source_manager.h"

namespace takt::ast {

using source::Span;

struct Name {
  std::string text;
  Span span;
};

// `unplanned.breakdown.press_jam`: parts in order, `text` joined with dots.
struct QualifiedName {
  std::vector<Name> parts;
  std::string text;
  Span span;
};

struct StringLit {
  // Unescaped contents, without the quotes.
  std::string value;
  Span span;
};

// A number as written: the text is kept so that tools print `8.050` back as the user wrote it.
struct Number {
  double value = 0;
  std::string text;
  Span span;
};

struct Integer {
  int64_t value = 0;
  Span span;
};

// `12 s`, `1.2 kg`, `30 min`. The unit is a name resolved by the checker.
struct Quantity {
  Number amount;
  Name unit;
  Span span;
};

// `06:00` in a shift or a test step: minutes since midnight.
struct TimeOfDay {
  int32_t minutes = 0;
  Span span;
};

// `2026-12-25`: a calendar date, as days since 1970-01-01.
struct Date {
  int64_t day = 0;
  Span span;
};

// The `///` comment attached to the next declaration, without the slashes.
struct DocComment {
  std::string text;
  Span span;
};

struct Owner {
  Name role;
  Span span;  // The whole `owner x` clause.
};

// Common head of every named declaration: `keyword name "title"`.
struct DeclHead {
  Name name;
  std::optional<StringLit> title;
  std::optional<DocComment> doc;
  Span keyword;  // The declaration's leading keyword.
};

// ---- Reactions: what a control, an outcome, a tier or a recurrence does. ----
// The reactions are listed once, in compiler/base/reaction_kind.def.
using base::ReactionKind;

struct Reaction {
  ReactionKind kind;
  std::optional<Name> target;  // Role for notify/escalate, case for open.
  Span span;
};

// ---- Header and imports. ----
struct PlantHeader {
  DeclHead head;
  std::optional<StringLit> timezone;  // `timezone "Area/City"`: plant time (docs/language.md)
  Span span;
};

struct ModuleHeader {
  QualifiedName name;
  std::optional<DocComment> doc;
  Span span;
};

struct Use {
  QualifiedName module;
  Span span;
};

// ---- Organisation. ----
struct Role {
  DeclHead head;
  std::optional<Name> reports_to;
  Span span;
};

// `break 10:00 for 30 min`: planned time the shift does not produce.
struct ShiftBreak {
  TimeOfDay start;
  Quantity length;
  Span span;
};

// `qualification weld_cert "Certified welder"`: what an operation may require (`requires`).
struct Qualification {
  DeclHead head;
  Span span;
};

// `person ana_silva "Ana Silva" roles quality_engineer qualified weld_cert`: one entry of the
// roster, the people whom `by` of an event names.
struct Person {
  DeclHead head;
  std::vector<Name> roles;
  std::vector<Name> qualifications;
  Span span;
};

struct Shift {
  Name name;
  TimeOfDay start;
  TimeOfDay end;
  std::vector<ShiftBreak> breaks;
  Span span;
};

// `holiday 2026-12-25 "Christmas"`: a day no shift starting on it is planned.
struct Holiday {
  Date date;
  std::optional<StringLit> title;
  Span span;
};

struct Shifts {
  std::vector<Shift> shifts;
  std::vector<Name> working;  // `working mon, tue, …`; empty: every day.
  std::vector<Holiday> holidays;
  std::optional<DocComment> doc;
  Span span;
};

struct Workcenter {
  DeclHead head;
  std::optional<Owner> owner;
  Span span;
};

struct Line {
  DeclHead head;
  std::optional<Owner> owner;
  std::vector<Workcenter> workcenters;
  Span span;
};

struct Area {
  DeclHead head;
  std::optional<Owner> owner;
  std::vector<Line> lines;
  Span span;
};

// `material x "…" unit kg` and `product x "…" unit pcs`.
struct Item {
  enum class Kind : uint8_t { Material, Product };
  Kind kind;
  DeclHead head;
  Name unit;
  Span span;
};

struct Instruction {
  DeclHead head;
  Integer rev;
  std::optional<Owner> owner;
  Span span;
};

// ---- Routings. ----
// `consume coil_dc04 1.2 kg per pcs`
struct Consume {
  Name material;
  Quantity amount;
  Name per_unit;
  Span span;
};

// `std_time 12 s per pcs`
struct StdTime {
  Quantity time;
  Name per_unit;
  Span span;
};

// `on fail rework 20 max 2 then scrap`, or `on fail scrap`.
struct OnFail {
  std::optional<Integer> rework_op;
  std::optional<Integer> max_reworks;
  bool then_scrap = false;
  Span span;
};

struct Check {
  Name control;
  Span span;
};

struct Operation {
  Integer number;
  Name name;
  Name workcenter;
  std::optional<Name> instruction;
  std::vector<Consume> consumes;
  std::optional<StdTime> std_time;
  std::vector<Check> checks;
  std::optional<Span> critical;  // Span of the `critical` keyword when present.
  std::optional<OnFail> on_fail;
  std::optional<Name> requires_qualification;  // `requires weld_cert`.
  std::optional<DocComment> doc;
  Span span;
};

struct Routing {
  DeclHead head;
  Name product;
  Integer rev;
  std::optional<Owner> owner;
  std::optional<Span> confirm_critical;
  bool four_eyes = false;  // `confirm critical by another person`.
  std::vector<Operation> operations;
  Span span;
};

// ---- Control points. ----
struct Measure {
  Name characteristic;
  Name unit;
  Span span;
};

// Five forms: `spec 8.00 ± 0.05` (also `+/-`), `spec 180 .. 220`, `spec 25.000 +0.021 -0`, and
// the one-sided `spec min 4` and `spec max 1.5`; each may end with a unit (`spec min 4 bar`).
struct Spec {
  enum class Form : uint8_t { Symmetric, Range, Asymmetric, Min, Max };
  Form form;
  Number first;   // Target (Symmetric, Asymmetric), lower limit (Range, Min), upper limit (Max).
  Number second;  // Tolerance (Symmetric), upper limit (Range), plus deviation (Asymmetric).
  std::optional<Number> third;  // Minus deviation (Asymmetric), written without its sign.
  std::optional<Name> unit;     // Absent: the measure's unit.
  Span span;
};

struct Sample {
  Integer count;
  Quantity every;
  Span span;
};

// `spc individuals center 8.00 sigma 0.012 rules western_electric` or `rules we1, we2`.
struct Spc {
  Name chart;
  Number center;
  Number sigma;
  std::vector<Name> rules;
  Span span;
};

struct ReactionPlan {
  Name trigger;  // `out_of_spec` or `spc_signal`.
  std::vector<Reaction> reactions;
  Span span;
};

struct Control {
  DeclHead head;
  std::optional<Owner> owner;
  std::optional<Measure> measure;
  std::optional<Spec> spec;
  std::optional<Name> characteristic_class;  // `class SC`
  std::optional<Sample> sample;
  std::optional<Span> first_piece;  // `first piece each shift`
  std::optional<Spc> spc;
  std::vector<ReactionPlan> plans;
  Span span;
};

// `spc_rules western_electric "…" { we1, we2, we3, we4 }`: a named set of built-in SPC rules.
struct SpcRuleSet {
  DeclHead head;
  std::vector<Name> rules;
  Span span;
};

// ---- Cases. ----
// `signature "Disposition of nonconforming product"`: what a person's decision or approval means.
struct Signature {
  StringLit meaning;
  Span span;
};

struct Outcome {
  Name name;
  std::optional<StringLit> title;
  std::vector<Reaction> reactions;
  Span span;
};

// `on timeout escalate up every 30 min` or `on timeout escalate to maintenance_lead`.
struct OnTimeout {
  std::optional<Quantity> every;  // Set for `escalate up every`.
  std::optional<Name> role;       // Set for `escalate to`.
  Span span;
};

struct Case {
  DeclHead head;
  std::optional<Owner> owner;
  std::optional<Quantity> decide_within;
  std::vector<Name> evidence;
  Span evidence_span;
  std::vector<Outcome> outcomes;
  std::optional<OnTimeout> on_timeout;
  std::optional<Signature> signature;
  Span span;
};

// ---- Deviations. ----
struct RiskApproval {
  Name level;
  std::vector<Name> approvers;
  Span span;
};

struct Deviation {
  DeclHead head;
  std::optional<Owner> owner;
  std::vector<Name> approvers;
  std::vector<RiskApproval> risk_approvals;
  std::optional<Quantity> expires_after;
  std::optional<Integer> expires_lots;
  std::optional<Signature> signature;  // Of the `approve by` clause.
  Span span;
};

// ---- Reason trees. ----
struct Reason {
  DeclHead head;
  std::optional<Owner> owner;
  std::optional<Name> loss;  // `loss availability|performance|quality`
  std::vector<Name> required;  // `require cause, fix_applied`
  std::vector<Reason> children;
  Span span;
};

// `reasons unplanned.breakdown owner x { … }`: declares or extends the tree at `path`.
struct Reasons {
  QualifiedName path;
  std::optional<StringLit> title;
  std::optional<Owner> owner;
  std::optional<Name> loss;
  std::optional<DocComment> doc;
  std::vector<Reason> reasons;
  Span span;
};

// ---- Downtime rules. ----
// `on down unplanned.breakdown` or `on down uncoded`.
struct StopTrigger {
  std::optional<QualifiedName> reason;  // Empty for `uncoded`.
  Span span;
};

// `after 30 min notify x`, or several reactions in braces: `after 30 min { notify x  stop line }`.
struct Tier {
  Quantity after;
  std::vector<Reaction> reactions;
  Span span;
};

struct Escalation {
  DeclHead head;
  StopTrigger trigger;
  std::optional<Owner> owner;
  std::vector<Tier> tiers;
  Span span;
};

struct Recurrence {
  DeclHead head;
  StopTrigger trigger;
  std::optional<Owner> owner;
  Integer count;
  Quantity window;
  std::vector<Name> keys;  // `per workcenter, reason`
  std::vector<Reaction> reactions;
  Span span;
};

struct Handover {
  DeclHead head;
  std::optional<Owner> owner;
  Span at_shift_end;  // `at end of shift`
  // `report open holds, open cases, active downtime, active deviations`: each item as words.
  std::vector<std::vector<Name>> report;
  std::optional<Name> acknowledge_by;
  std::optional<Quantity> acknowledge_within;
  Span span;
};

// ---- Tests. ----
// A word of a test step: an identifier, a qualified name, a number, a quantity or a string.
struct Word {
  enum class Kind : uint8_t { Name, Number, String };
  Kind kind;
  std::string text;  // Identifier or qualified name text, number text, or string value.
  double number = 0;
  Span span;
};

// `at 08:00 down press_01 reason unplanned.breakdown.press_jam`, `expect hold lot l_17`,
// `at 10:00 expect no notify plant_manager`. The checker gives the words their meaning.
// `at [day N] HH:MM` of a test step.
struct TestTime {
  std::optional<Integer> day;  // `day 2`; without it, the day of the step before.
  TimeOfDay time;
  Span span;  // From `day` (or the time) to the time.
};

struct TestStep {
  enum class Kind : uint8_t { Event, Expect, ExpectNo };
  Kind kind;
  std::optional<TestTime> at;
  Name verb;
  std::vector<Word> args;
  Span span;
};

struct Test {
  StringLit name;
  std::optional<DocComment> doc;
  std::vector<TestStep> steps;
  Span span;
};

using Decl = std::variant<Role, Person, Qualification, Shifts, Area, Item, Instruction, Routing, Control, SpcRuleSet, Case,
                          Deviation, Reasons, Escalation, Recurrence, Handover, Test>;

struct File {
  source::FileId file;
  std::optional<PlantHeader> plant;
  std::optional<ModuleHeader> module;
  std::vector<Use> uses;
  std::vector<Decl> decls;  // In source order.
};

// The span of any declaration, and its head when it has one.
auto DeclSpan(const Decl& decl) -> Span;
auto DeclHeadOf(const Decl& decl) -> const DeclHead*;

}  // namespace takt::ast

#endif  // TAKT_COMPILER_SYNTAX_AST_H_
