// The executor IR (xir): what lower/ makes of one checked plant and codegen/ turns into LLVM IR.
// It is small and explicit, the level of the runtime ABI (runtime/include/takt/runtime.h):
//   - state slots: typed arrays at fixed offsets of the global / order / lot / case records the
//     runtime allocates (sizes go into the descriptor);
//   - constant tables (per-control limits, the line of each workcenter, …);
//   - functions: the three entry points (on_start, on_event, on_timer) and internal helpers,
//     bodies of structured statements over expression trees on i64 and f64 values. There are no
//     loops: every scan (SPC history, recurrence window, approver list) is unrolled by lower/,
//     so every handler runs in bounded time;
//   - the descriptor's tables (names, rules with their source positions, routings' op numbers…).
// Every statement carries the rule (clause id) that demands it and its span, as OPA's IR carries
// a location per statement. Text form: Print() (printer.h), documented in docs/xir.md; checks:
// Verify() (verifier.h). Closed lists live in xir.def.
#ifndef TAKT_COMPILER_XIR_XIR_H_
#define TAKT_COMPILER_XIR_XIR_H_

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "compiler/source/source_manager.h"

namespace takt::xir {

enum class Type : uint8_t { I64, F64 };

enum class Opcode : uint8_t {
#define TAKT_XIR_EXPR(Name, text, operands, result) Name,
#include "compiler/xir/xir.def"
};

enum class StmtKind : uint8_t {
#define TAKT_XIR_STMT(Name, text) Name,
#include "compiler/xir/xir.def"
};

enum class EventField : uint8_t {
#define TAKT_XIR_EVENT_FIELD(Name, text, member, type) Name,
#include "compiler/xir/xir.def"
};

enum class TimerField : uint8_t {
#define TAKT_XIR_TIMER_FIELD(Name, text, member, type) Name,
#include "compiler/xir/xir.def"
};

enum class ActionField : uint8_t {
#define TAKT_XIR_ACTION_FIELD(Name, text, member, type) Name,
#include "compiler/xir/xir.def"
};

enum class Record : uint8_t {
#define TAKT_XIR_RECORD(Name, text) Name,
#include "compiler/xir/xir.def"
};
inline constexpr int kRecordCount = 4;

auto OpcodeName(Opcode op) -> std::string_view;
auto OpcodeOperands(Opcode op) -> int;
auto StmtKindName(StmtKind kind) -> std::string_view;
auto EventFieldName(EventField field) -> std::string_view;
auto EventFieldType(EventField field) -> Type;
auto TimerFieldName(TimerField field) -> std::string_view;
auto TimerFieldType(TimerField field) -> Type;
auto ActionFieldName(ActionField field) -> std::string_view;
auto ActionFieldType(ActionField field) -> Type;
auto RecordName(Record record) -> std::string_view;
auto TypeName(Type type) -> std::string_view;

// TAKT_NONE as the i64 a u32 field reads as (u32 fields are zero-extended).
inline constexpr int64_t kNone = 0xFFFFFFFF;
// TAKT_NO_INT.
inline constexpr int64_t kNoInt = INT64_MIN;
// A statement that no single clause demands (dispatch, bookkeeping).
inline constexpr uint32_t kNoRule = UINT32_MAX;

using ExprId = uint32_t;
using StmtId = uint32_t;
inline constexpr ExprId kNoExpr = UINT32_MAX;

struct Expr {
  Opcode op = Opcode::ConstI;
  Type type = Type::I64;
  // Param / Local index, EventField / TimerField, slot id (Load), table id (Table), entity kind
  // (HostCreate, HostCount).
  uint32_t a = 0;
  int64_t i = 0;  // ConstI; Table: 1 when the index is known to be in range
  double f = 0;   // ConstF
  ExprId x = kNoExpr;
  ExprId y = kNoExpr;
  ExprId z = kNoExpr;
};

using Block = std::vector<StmtId>;

struct Stmt {
  StmtKind kind = StmtKind::Return;
  uint32_t rule = kNoRule;  // Clause id (descriptor rule) that demands the statement.
  source::Span span{};        // That clause's span.
  // Store: slot; Set: local; Emit: action kind; Schedule: entity kind; Call: function.
  uint32_t a = 0;
  uint32_t b = 0;  // Emit: cause.
  // Store: x entity (order/lot/case records), y index, z value. Set: x value. If / Switch: x
  // condition / scrutinee. Emit: x the action's rule (a clause id, kNone for `<input>`).
  ExprId x = kNoExpr;
  ExprId y = kNoExpr;
  ExprId z = kNoExpr;
  // Call: arguments. Schedule: due, entity, clause, arg0, arg1.
  std::vector<ExprId> args{};
  std::vector<std::pair<ActionField, ExprId>> fields{};  // Emit.
  std::vector<int64_t> labels{};                         // Switch case values.
  // If: then, else. Switch: one block per label, then the default block.
  std::vector<Block> blocks{};
};

// Which entry point a function runs under: event fields exist only under on_event, timer
// fields only under on_timer.
enum class Context : uint8_t { Start, Event, Timer, Any };
auto ContextName(Context context) -> std::string_view;

struct Function {
  std::string name{};
  Context context = Context::Any;
  bool entry = false;
  // A helper shared by many call sites (e.g. one per control shape): keep it out of line.
  bool noinline = false;
  // Runs only when the standard demands an action (the reactions of a control shape): kept out
  // of line and off the per-event path.
  bool cold = false;
  std::vector<Type> params{};
  std::vector<Type> locals{};
  std::vector<Expr> exprs{};
  std::vector<Stmt> stmts{};
  Block body{};
};

struct Slot {
  std::string name{};
  Record record = Record::Global;
  Type type = Type::I64;
  uint32_t count = 1;
  uint64_t offset = 0;  // Bytes from the start of its record; set by Module::Layout().
};

struct Table {
  std::string name{};
  Type type = Type::I64;
  std::vector<int64_t> ints{};
  std::vector<double> floats{};
  auto size() const -> size_t { return type == Type::I64 ? ints.size() : floats.size(); }
};

// The descriptor's tables (runtime.h), as plain data.
struct RuleInfo {
  std::string name{};
  uint32_t kind = 0;  // takt_rule_kind
  std::string file{};
  uint32_t line = 0;
  uint32_t col = 0;
};
struct RoleInfo {
  std::string name{};
  uint32_t reports_to = UINT32_MAX;
};
struct ShiftInfo {
  std::string name{};
  int32_t start_minute = 0;
  int32_t end_minute = 0;
};
struct NameRef {
  std::string name{};
  uint32_t ref = UINT32_MAX;  // Workcenter: its line. Reason: its parent.
};
struct NameList {
  std::string name{};
  std::vector<std::string> items{};  // Case: outcomes. Deviation: risk levels.
};
struct RoutingInfo {
  std::string name{};
  std::vector<int64_t> ops{};
};

struct Descriptor {
  std::string plant_name{};
  std::string source_sha256{};
  std::vector<RuleInfo> rules{};
  std::vector<RoleInfo> roles{};
  std::vector<ShiftInfo> shifts{};
  std::vector<std::string> lines{};
  std::vector<NameRef> workcenters{};
  std::vector<std::string> controls{};
  std::vector<NameRef> reasons{};
  std::vector<RoutingInfo> routings{};
  std::vector<NameList> cases{};
  std::vector<NameList> deviations{};
  std::vector<std::string> handovers{};
  std::vector<std::string> materials{};
  std::vector<std::string> people{};  // The roster, in declaration order.
  std::vector<std::string> qualifications{};
  // Signatures: each person's printed name (parallel to `people`), the signature meanings.
  std::vector<std::string> person_names{};
  std::vector<std::string> meanings{};
  std::vector<std::string> evidence{};
  std::vector<std::string> fields{};
  // Plant time (runtime.h): the zone and the tz database release; empty when plant time is UTC.
  std::string timezone{};
  std::string tzdb_version{};
};

using SlotId = uint32_t;
using TableId = uint32_t;
using FunctionId = uint32_t;

struct Module {
  Descriptor descriptor;
  std::vector<Slot> slots{};
  std::array<uint64_t, kRecordCount> record_sizes{};  // Set by Layout().
  std::vector<Table> tables{};
  std::vector<Function> functions{};
  FunctionId on_start = 0;
  FunctionId on_event = 0;
  FunctionId on_timer = 0;

  auto AddSlot(std::string name, Record record, Type type, uint32_t count) -> SlotId;
  auto AddTable(std::string name, std::vector<int64_t> values) -> TableId;
  auto AddFloatTable(std::string name, std::vector<double> values) -> TableId;
  auto AddFunction(std::string name, Context context, std::vector<Type> params) -> FunctionId;
  // Assigns slot offsets in declaration order (8 bytes per element) and record sizes.
  void Layout();
};

// Builds one function's body. Statements go into the innermost open block; If and Switch open
// their blocks around the callbacks that fill them. Every statement gets the current rule.
class Builder {
 public:
  Builder(Module& module, FunctionId function) : module_(module), function_(function) {}

  auto function() -> Function& { return module_.functions[function_]; }
  auto module() -> Module& { return module_; }

  // The rule stamped on the statements made until the next SetRule.
  void SetRule(uint32_t rule, source::Span span) {
    rule_ = rule;
    span_ = span;
  }
  auto rule() const -> uint32_t { return rule_; }
  auto span() const -> source::Span { return span_; }

  auto I(int64_t value) -> ExprId;
  auto F(double value) -> ExprId;
  auto Param(uint32_t index) -> ExprId;
  auto Local(uint32_t index) -> ExprId;
  auto Now() -> ExprId;
  auto Ev(EventField field) -> ExprId;
  auto Tm(TimerField field) -> ExprId;
  auto Load(SlotId slot, ExprId index) -> ExprId { return LoadOf(slot, kNoExpr, index); }
  auto LoadOf(SlotId slot, ExprId entity, ExprId index) -> ExprId;
  auto At(TableId table, ExprId index) -> ExprId;
  // A table read whose index lowering guarantees to be in range (a validated event id, a
  // position within a shape): no range check is generated. Printed `table![i]`.
  auto AtInRange(TableId table, ExprId index) -> ExprId;
  auto Op(Opcode op, ExprId x, ExprId y) -> ExprId;
  auto Not(ExprId x) -> ExprId;
  auto IToF(ExprId x) -> ExprId;
  auto Select(ExprId condition, ExprId if_true, ExprId if_false) -> ExprId;
  auto Create(uint32_t entity_kind, ExprId decl) -> ExprId;
  auto Count(uint32_t entity_kind) -> ExprId;
  auto CaseDecl(ExprId case_id) -> ExprId;
  // Folds constant operands, so lowered code stays readable in its printed form.
  auto And(ExprId x, ExprId y) -> ExprId;
  auto Or(ExprId x, ExprId y) -> ExprId;

  auto NewLocal(Type type) -> uint32_t;
  // Evaluates `value` once, now, into a fresh local; later reads see that value even after stores.
  auto Capture(ExprId value) -> ExprId;
  auto TypeOf(ExprId expr) -> Type { return function().exprs[expr].type; }
  auto IsConst(ExprId expr, int64_t* value = nullptr) -> bool;

  void Store(SlotId slot, ExprId index, ExprId value) { StoreOf(slot, kNoExpr, index, value); }
  void StoreOf(SlotId slot, ExprId entity, ExprId index, ExprId value);
  void Set(uint32_t local, ExprId value);
  void If(ExprId condition, const std::function<void()>& then_block,
          const std::function<void()>& else_block = nullptr);
  void Switch(ExprId value, const std::vector<int64_t>& labels, const std::function<void(size_t)>& case_block,
              const std::function<void()>& default_block = nullptr);
  void Emit(uint32_t action_kind, uint32_t cause, ExprId rule, std::vector<std::pair<ActionField, ExprId>> fields);
  void Schedule(uint32_t entity_kind, ExprId due, ExprId entity, ExprId clause, ExprId arg0, ExprId arg1);
  void Call(FunctionId callee, std::vector<ExprId> args);
  void Return();
  // Runs `body` with a fresh i64 local counting 0, 1, … up to `count` (evaluated once, before the
  // first pass); the body reads the counter as its argument and must not set it.
  void For(ExprId count, const std::function<void(ExprId)>& body);

 private:
  auto Add(Expr expr) -> ExprId;
  auto AddStmt(Stmt stmt) -> StmtId;
  auto FillBlock(const std::function<void()>& fill) -> Block;

  Module& module_;
  FunctionId function_;
  uint32_t rule_ = kNoRule;
  source::Span span_{};
  Block* current_ = nullptr;  // Null: the function body.
};

}  // namespace takt::xir

#endif  // TAKT_COMPILER_XIR_XIR_H_
