#include "compiler/xir/xir.h"

namespace takt::xir {

auto OpcodeName(Opcode op) -> std::string_view {
  switch (op) {
#define TAKT_XIR_EXPR(Name, text, operands, result) \
  case Opcode::Name:                                \
    return text;
#include "compiler/xir/xir.def"
  }
  return "?";
}

auto OpcodeOperands(Opcode op) -> int {
  switch (op) {
#define TAKT_XIR_EXPR(Name, text, operands, result) \
  case Opcode::Name:                                \
    return operands;
#include "compiler/xir/xir.def"
  }
  return 0;
}

auto StmtKindName(StmtKind kind) -> std::string_view {
  switch (kind) {
#define TAKT_XIR_STMT(Name, text) \
  case StmtKind::Name:            \
    return text;
#include "compiler/xir/xir.def"
  }
  return "?";
}

auto EventFieldName(EventField field) -> std::string_view {
  switch (field) {
#define TAKT_XIR_EVENT_FIELD(Name, text, member, type) \
  case EventField::Name:                               \
    return text;
#include "compiler/xir/xir.def"
  }
  return "?";
}

// U32 and I64 fields both read as i64.
static constexpr auto TypeOfField(std::string_view type) -> Type { return type == "F64" ? Type::F64 : Type::I64; }

auto EventFieldType(EventField field) -> Type {
  switch (field) {
#define TAKT_XIR_EVENT_FIELD(Name, text, member, type) \
  case EventField::Name:                               \
    return TypeOfField(#type);
#include "compiler/xir/xir.def"
  }
  return Type::I64;
}

auto TimerFieldName(TimerField field) -> std::string_view {
  switch (field) {
#define TAKT_XIR_TIMER_FIELD(Name, text, member, type) \
  case TimerField::Name:                               \
    return text;
#include "compiler/xir/xir.def"
  }
  return "?";
}

auto TimerFieldType(TimerField field) -> Type {
  switch (field) {
#define TAKT_XIR_TIMER_FIELD(Name, text, member, type) \
  case TimerField::Name:                               \
    return TypeOfField(#type);
#include "compiler/xir/xir.def"
  }
  return Type::I64;
}

auto ActionFieldName(ActionField field) -> std::string_view {
  switch (field) {
#define TAKT_XIR_ACTION_FIELD(Name, text, member, type) \
  case ActionField::Name:                               \
    return text;
#include "compiler/xir/xir.def"
  }
  return "?";
}

auto ActionFieldType(ActionField field) -> Type {
  switch (field) {
#define TAKT_XIR_ACTION_FIELD(Name, text, member, type) \
  case ActionField::Name:                               \
    return TypeOfField(#type);
#include "compiler/xir/xir.def"
  }
  return Type::I64;
}

auto RecordName(Record record) -> std::string_view {
  switch (record) {
#define TAKT_XIR_RECORD(Name, text) \
  case Record::Name:                \
    return text;
#include "compiler/xir/xir.def"
  }
  return "?";
}

auto TypeName(Type type) -> std::string_view { return type == Type::I64 ? "i64" : "f64"; }

auto ContextName(Context context) -> std::string_view {
  switch (context) {
    case Context::Start: return "start";
    case Context::Event: return "event";
    case Context::Timer: return "timer";
    case Context::Any: return "any";
  }
  return "?";
}

// ---- Module. -----------------------------------------------------------------------------------

auto Module::AddSlot(std::string name, Record record, Type type, uint32_t count) -> SlotId {
  slots.push_back(Slot{.name = std::move(name), .record = record, .type = type, .count = count, .offset = 0});
  return static_cast<SlotId>(slots.size() - 1);
}

auto Module::AddTable(std::string name, std::vector<int64_t> values) -> TableId {
  tables.push_back(Table{.name = std::move(name), .type = Type::I64, .ints = std::move(values), .floats = {}});
  return static_cast<TableId>(tables.size() - 1);
}

auto Module::AddFloatTable(std::string name, std::vector<double> values) -> TableId {
  tables.push_back(Table{.name = std::move(name), .type = Type::F64, .ints = {}, .floats = std::move(values)});
  return static_cast<TableId>(tables.size() - 1);
}

auto Module::AddFunction(std::string name, Context context, std::vector<Type> params) -> FunctionId {
  Function function;
  function.name = std::move(name);
  function.context = context;
  function.params = std::move(params);
  functions.push_back(std::move(function));
  return static_cast<FunctionId>(functions.size() - 1);
}

void Module::Layout() {
  record_sizes.fill(0);
  for (Slot& slot : slots) {
    uint64_t& size = record_sizes[static_cast<size_t>(slot.record)];
    slot.offset = size;
    size += uint64_t{slot.count} * 8;
  }
}

// ---- Builder. ----------------------------------------------------------------------------------

auto Builder::Add(Expr expr) -> ExprId {
  auto& exprs = function().exprs;
  exprs.push_back(expr);
  return static_cast<ExprId>(exprs.size() - 1);
}

auto Builder::I(int64_t value) -> ExprId { return Add(Expr{.op = Opcode::ConstI, .type = Type::I64, .i = value}); }

auto Builder::F(double value) -> ExprId { return Add(Expr{.op = Opcode::ConstF, .type = Type::F64, .f = value}); }

auto Builder::Param(uint32_t index) -> ExprId {
  return Add(Expr{.op = Opcode::Param, .type = function().params[index], .a = index});
}

auto Builder::Local(uint32_t index) -> ExprId {
  return Add(Expr{.op = Opcode::Local, .type = function().locals[index], .a = index});
}

auto Builder::Now() -> ExprId { return Add(Expr{.op = Opcode::Now, .type = Type::I64}); }

auto Builder::Ev(EventField field) -> ExprId {
  return Add(Expr{.op = Opcode::EventField, .type = EventFieldType(field), .a = static_cast<uint32_t>(field)});
}

auto Builder::Tm(TimerField field) -> ExprId {
  return Add(Expr{.op = Opcode::TimerField, .type = TimerFieldType(field), .a = static_cast<uint32_t>(field)});
}

auto Builder::LoadOf(SlotId slot, ExprId entity, ExprId index) -> ExprId {
  return Add(Expr{.op = Opcode::Load, .type = module_.slots[slot].type, .a = slot, .x = entity, .y = index});
}

auto Builder::At(TableId table, ExprId index) -> ExprId {
  const Table& t = module_.tables[table];
  if (int64_t k = 0; IsConst(index, &k)) {
    // A constant index reads the constant itself: tables only exist for dynamic indices.
    if (t.type == Type::I64) {
      return I(k >= 0 && static_cast<size_t>(k) < t.ints.size() ? t.ints[static_cast<size_t>(k)] : 0);
    }
    return F(k >= 0 && static_cast<size_t>(k) < t.floats.size() ? t.floats[static_cast<size_t>(k)] : 0.0);
  }
  return Add(Expr{.op = Opcode::Table, .type = t.type, .a = table, .x = index});
}

auto Builder::AtInRange(TableId table, ExprId index) -> ExprId {
  const ExprId read = At(table, index);
  Expr& e = function().exprs[read];
  if (e.op == Opcode::Table) {
    e.i = 1;
  }
  return read;
}

auto Builder::IsConst(ExprId expr, int64_t* value) -> bool {
  const Expr& e = function().exprs[expr];
  if (e.op != Opcode::ConstI) {
    return false;
  }
  if (value != nullptr) {
    *value = e.i;
  }
  return true;
}

auto Builder::Op(Opcode op, ExprId x, ExprId y) -> ExprId {
  const Type type = op == Opcode::FAdd || op == Opcode::FSub || op == Opcode::FMul ? Type::F64 : Type::I64;
  return Add(Expr{.op = op, .type = type, .x = x, .y = y});
}

auto Builder::IToF(ExprId x) -> ExprId { return Add(Expr{.op = Opcode::IToF, .type = Type::F64, .x = x}); }

auto Builder::Not(ExprId x) -> ExprId {
  if (int64_t k = 0; IsConst(x, &k)) {
    return I(k == 0 ? 1 : 0);
  }
  return Add(Expr{.op = Opcode::Not, .type = Type::I64, .x = x});
}

auto Builder::And(ExprId x, ExprId y) -> ExprId {
  int64_t k = 0;
  if (IsConst(x, &k)) {
    return k != 0 ? y : I(0);
  }
  if (IsConst(y, &k)) {
    return k != 0 ? x : I(0);
  }
  return Op(Opcode::And, x, y);
}

auto Builder::Or(ExprId x, ExprId y) -> ExprId {
  int64_t k = 0;
  if (IsConst(x, &k)) {
    return k != 0 ? I(1) : y;
  }
  if (IsConst(y, &k)) {
    return k != 0 ? I(1) : x;
  }
  return Op(Opcode::Or, x, y);
}

auto Builder::Select(ExprId condition, ExprId if_true, ExprId if_false) -> ExprId {
  return Add(Expr{.op = Opcode::Select, .type = TypeOf(if_true), .x = condition, .y = if_true, .z = if_false});
}

auto Builder::Create(uint32_t entity_kind, ExprId decl) -> ExprId {
  return Add(Expr{.op = Opcode::HostCreate, .type = Type::I64, .a = entity_kind, .x = decl});
}

auto Builder::Count(uint32_t entity_kind) -> ExprId {
  return Add(Expr{.op = Opcode::HostCount, .type = Type::I64, .a = entity_kind});
}

auto Builder::CaseDecl(ExprId case_id) -> ExprId {
  return Add(Expr{.op = Opcode::HostCaseDecl, .type = Type::I64, .x = case_id});
}

auto Builder::NewLocal(Type type) -> uint32_t {
  function().locals.push_back(type);
  return static_cast<uint32_t>(function().locals.size() - 1);
}

auto Builder::Capture(ExprId value) -> ExprId {
  const Expr& e = function().exprs[value];
  if (e.op == Opcode::ConstI || e.op == Opcode::ConstF || e.op == Opcode::Param) {
    return value;
  }
  const uint32_t local = NewLocal(e.type);
  Set(local, value);
  return Local(local);
}

auto Builder::AddStmt(Stmt stmt) -> StmtId {
  stmt.rule = rule_;
  stmt.span = span_;
  auto& stmts = function().stmts;
  stmts.push_back(std::move(stmt));
  const auto id = static_cast<StmtId>(stmts.size() - 1);
  (current_ != nullptr ? *current_ : function().body).push_back(id);
  return id;
}

auto Builder::FillBlock(const std::function<void()>& fill) -> Block {
  Block block;
  if (fill) {
    Block* saved = current_;
    current_ = &block;
    fill();
    current_ = saved;
  }
  return block;
}

void Builder::StoreOf(SlotId slot, ExprId entity, ExprId index, ExprId value) {
  AddStmt(Stmt{.kind = StmtKind::Store, .a = slot, .x = entity, .y = index, .z = value});
}

void Builder::Set(uint32_t local, ExprId value) { AddStmt(Stmt{.kind = StmtKind::Set, .a = local, .x = value}); }

void Builder::If(ExprId condition, const std::function<void()>& then_block, const std::function<void()>& else_block) {
  if (int64_t k = 0; IsConst(condition, &k)) {
    // Decided at compile time: only the taken branch exists.
    const auto& taken = k != 0 ? then_block : else_block;
    if (taken) {
      taken();
    }
    return;
  }
  const StmtId id = AddStmt(Stmt{.kind = StmtKind::If, .x = condition});
  Block then_stmts = FillBlock(then_block);
  Block else_stmts = FillBlock(else_block);
  function().stmts[id].blocks = {std::move(then_stmts), std::move(else_stmts)};
}

void Builder::Switch(ExprId value, const std::vector<int64_t>& labels, const std::function<void(size_t)>& case_block,
                     const std::function<void()>& default_block) {
  const StmtId id = AddStmt(Stmt{.kind = StmtKind::Switch, .x = value, .labels = labels});
  std::vector<Block> blocks;
  for (size_t i = 0; i < labels.size(); ++i) {
    blocks.push_back(FillBlock([&] { case_block(i); }));
  }
  blocks.push_back(FillBlock(default_block));
  function().stmts[id].blocks = std::move(blocks);
}

void Builder::Emit(uint32_t action_kind, uint32_t cause, ExprId rule,
                   std::vector<std::pair<ActionField, ExprId>> fields) {
  AddStmt(Stmt{.kind = StmtKind::Emit, .a = action_kind, .b = cause, .x = rule, .fields = std::move(fields)});
}

void Builder::Schedule(uint32_t entity_kind, ExprId due, ExprId entity, ExprId clause, ExprId arg0, ExprId arg1) {
  AddStmt(Stmt{.kind = StmtKind::Schedule, .a = entity_kind, .args = {due, entity, clause, arg0, arg1}});
}

void Builder::Call(FunctionId callee, std::vector<ExprId> args) {
  AddStmt(Stmt{.kind = StmtKind::Call, .a = callee, .args = std::move(args)});
}

void Builder::Return() { AddStmt(Stmt{.kind = StmtKind::Return}); }

void Builder::For(ExprId count, const std::function<void(ExprId)>& body) {
  const uint32_t counter = NewLocal(Type::I64);
  const ExprId bound = Capture(count);
  const StmtId id = AddStmt(Stmt{.kind = StmtKind::For, .a = counter, .x = bound});
  Block block = FillBlock([&] { body(Local(counter)); });
  function().stmts[id].blocks = {std::move(block)};
}

}  // namespace takt::xir
