#include "compiler/xir/verifier.h"

#include <fmt/format.h>

#include <set>

namespace takt::xir {

namespace {

class Verifier {
 public:
  Verifier(const Module& module, std::vector<std::string>& errors) : module_(module), errors_(errors) {}

  auto Run() -> bool {
    const size_t before = errors_.size();
    const size_t n = module_.functions.size();
    for (FunctionId entry : {module_.on_start, module_.on_event, module_.on_timer}) {
      if (entry >= n || !module_.functions[entry].entry || !module_.functions[entry].params.empty()) {
        Error("an entry point is missing, not marked entry, or takes parameters");
      }
    }
    if (module_.on_start < n && module_.functions[module_.on_start].context != Context::Start) {
      Error("on_start does not run in the start context");
    }
    if (module_.on_event < n && module_.functions[module_.on_event].context != Context::Event) {
      Error("on_event does not run in the event context");
    }
    if (module_.on_timer < n && module_.functions[module_.on_timer].context != Context::Timer) {
      Error("on_timer does not run in the timer context");
    }
    for (const Slot& slot : module_.slots) {
      if (slot.count == 0) {
        Error(fmt::format("slot `{}` has no elements", slot.name));
      }
    }
    for (size_t i = 0; i < n; ++i) {
      VerifyFunction(static_cast<FunctionId>(i));
    }
    // Calls go only to functions defined earlier: no recursion, bounded stack.
    return errors_.size() == before;
  }

 private:
  void Error(std::string message) {
    errors_.push_back(function_ != nullptr ? fmt::format("in `{}`: {}", function_->name, message) : message);
  }

  void VerifyFunction(FunctionId id) {
    function_ = &module_.functions[id];
    id_ = id;
    std::vector<int> uses(function_->stmts.size(), 0);
    uses_ = &uses;
    VerifyBlock(function_->body);
    for (size_t i = 0; i < uses.size(); ++i) {
      if (uses[i] != 1) {
        Error(fmt::format("statement {} is used {} times", i, uses[i]));
      }
    }
    function_ = nullptr;
  }

  void VerifyBlock(const Block& block) {
    for (StmtId id : block) {
      if (id >= function_->stmts.size()) {
        Error(fmt::format("statement id {} out of range", id));
        continue;
      }
      ++(*uses_)[id];
      VerifyStmt(function_->stmts[id]);
    }
  }

  // The type of a well-formed expression; reports problems of the tree below it.
  auto Check(ExprId id) -> Type {
    if (id >= function_->exprs.size()) {
      Error(fmt::format("expression id {} out of range", id));
      return Type::I64;
    }
    const Expr& e = function_->exprs[id];
    auto expect = [&](ExprId child, Type type, std::string_view what) {
      if (child == kNoExpr || child >= id) {
        Error(fmt::format("`{}`: {} operand missing or not defined before its use", OpcodeName(e.op), what));
        return;
      }
      if (Check(child) != type) {
        Error(fmt::format("`{}`: {} operand is not {}", OpcodeName(e.op), what, TypeName(type)));
      }
    };
    switch (e.op) {
      case Opcode::ConstI:
      case Opcode::Now:
      case Opcode::HostCount: Want(e, Type::I64); break;
      case Opcode::ConstF: Want(e, Type::F64); break;
      case Opcode::Param:
        if (e.a >= function_->params.size()) {
          Error(fmt::format("parameter %p{} out of range", e.a));
        } else {
          Want(e, function_->params[e.a]);
        }
        break;
      case Opcode::Local:
        if (e.a >= function_->locals.size()) {
          Error(fmt::format("local %l{} out of range", e.a));
        } else {
          Want(e, function_->locals[e.a]);
        }
        break;
      case Opcode::EventField:
        if (function_->context != Context::Event) {
          Error("an event field is read outside the event context");
        }
        Want(e, EventFieldType(static_cast<EventField>(e.a)));
        break;
      case Opcode::TimerField:
        if (function_->context != Context::Timer) {
          Error("a timer field is read outside the timer context");
        }
        Want(e, TimerFieldType(static_cast<TimerField>(e.a)));
        break;
      case Opcode::Load:
        if (e.a >= module_.slots.size()) {
          Error(fmt::format("slot {} out of range", e.a));
          break;
        }
        Want(e, module_.slots[e.a].type);
        if ((module_.slots[e.a].record == Record::Global) != (e.x == kNoExpr)) {
          Error(fmt::format("load of `{}`: an entity index is needed exactly for entity records",
                            module_.slots[e.a].name));
        }
        if (e.x != kNoExpr) {
          expect(e.x, Type::I64, "entity");
        }
        expect(e.y, Type::I64, "index");
        break;
      case Opcode::Table:
        if (e.a >= module_.tables.size()) {
          Error(fmt::format("table {} out of range", e.a));
          break;
        }
        Want(e, module_.tables[e.a].type);
        expect(e.x, Type::I64, "index");
        break;
      case Opcode::Add:
      case Opcode::Sub:
      case Opcode::Mul:
      case Opcode::Div:
      case Opcode::Rem:
      case Opcode::Min:
      case Opcode::BitAnd:
      case Opcode::BitOr:
      case Opcode::BitXor:
      case Opcode::Shl:
      case Opcode::LShr:
      case Opcode::Eq:
      case Opcode::Ne:
      case Opcode::Lt:
      case Opcode::Le:
      case Opcode::Gt:
      case Opcode::Ge:
      case Opcode::And:
      case Opcode::Or:
        Want(e, Type::I64);
        expect(e.x, Type::I64, "first");
        expect(e.y, Type::I64, "second");
        break;
      case Opcode::FAdd:
      case Opcode::FSub:
      case Opcode::FMul:
        Want(e, Type::F64);
        expect(e.x, Type::F64, "first");
        expect(e.y, Type::F64, "second");
        break;
      case Opcode::FEq:
      case Opcode::FNe:
      case Opcode::FLt:
      case Opcode::FGt:
        Want(e, Type::I64);
        expect(e.x, Type::F64, "first");
        expect(e.y, Type::F64, "second");
        break;
      case Opcode::Not:
      case Opcode::PopCount:
      case Opcode::HostCreate:
      case Opcode::HostCaseDecl:
        Want(e, Type::I64);
        expect(e.x, Type::I64, "first");
        break;
      case Opcode::IToF:
        Want(e, Type::F64);
        expect(e.x, Type::I64, "first");
        break;
      case Opcode::Select:
        expect(e.x, Type::I64, "condition");
        expect(e.y, e.type, "true");
        expect(e.z, e.type, "false");
        break;
    }
    return e.type;
  }

  void Want(const Expr& e, Type type) {
    if (e.type != type) {
      Error(fmt::format("`{}` has type {}, expected {}", OpcodeName(e.op), TypeName(e.type), TypeName(type)));
    }
  }

  void WantI64(ExprId id, std::string_view what) {
    if (id == kNoExpr || Check(id) != Type::I64) {
      Error(fmt::format("{} is missing or not i64", what));
    }
  }

  void VerifyStmt(const Stmt& stmt) {
    if (stmt.rule != kNoRule && stmt.rule >= module_.descriptor.rules.size()) {
      Error(fmt::format("rule !r{} out of range", stmt.rule));
    }
    switch (stmt.kind) {
      case StmtKind::Store: {
        if (stmt.a >= module_.slots.size()) {
          Error(fmt::format("store to slot {} out of range", stmt.a));
          return;
        }
        const Slot& slot = module_.slots[stmt.a];
        if ((slot.record == Record::Global) != (stmt.x == kNoExpr)) {
          Error(fmt::format("store to `{}`: an entity index is needed exactly for entity records", slot.name));
        }
        if (stmt.x != kNoExpr) {
          WantI64(stmt.x, "store entity");
        }
        WantI64(stmt.y, "store index");
        if (stmt.z == kNoExpr || Check(stmt.z) != slot.type) {
          Error(fmt::format("store to `{}`: value is missing or not {}", slot.name, TypeName(slot.type)));
        }
        return;
      }
      case StmtKind::Set:
        if (stmt.a >= function_->locals.size()) {
          Error(fmt::format("set of local %l{} out of range", stmt.a));
        } else if (stmt.x == kNoExpr || Check(stmt.x) != function_->locals[stmt.a]) {
          Error(fmt::format("set of %l{}: value is missing or of the wrong type", stmt.a));
        }
        return;
      case StmtKind::If:
        WantI64(stmt.x, "if condition");
        if (stmt.blocks.size() != 2) {
          Error("if needs a then and an else block");
          return;
        }
        VerifyBlock(stmt.blocks[0]);
        VerifyBlock(stmt.blocks[1]);
        return;
      case StmtKind::For:
        WantI64(stmt.x, "for bound");
        if (stmt.a >= function_->locals.size() || function_->locals[stmt.a] != Type::I64) {
          Error(fmt::format("for counter %l{} is out of range or not i64", stmt.a));
        }
        if (stmt.blocks.size() != 1) {
          Error("for needs one body block");
          return;
        }
        VerifyBlock(stmt.blocks[0]);
        return;
      case StmtKind::Switch: {
        WantI64(stmt.x, "switch value");
        if (stmt.blocks.size() != stmt.labels.size() + 1) {
          Error("switch needs one block per label and a default block");
          return;
        }
        std::set<int64_t> labels(stmt.labels.begin(), stmt.labels.end());
        if (labels.size() != stmt.labels.size()) {
          Error("switch has duplicate labels");
        }
        for (const Block& block : stmt.blocks) {
          VerifyBlock(block);
        }
        return;
      }
      case StmtKind::Emit: {
        WantI64(stmt.x, "emit rule");
        std::set<ActionField> seen;
        for (const auto& [field, value] : stmt.fields) {
          if (!seen.insert(field).second) {
            Error(fmt::format("emit sets `{}` twice", ActionFieldName(field)));
          }
          if (value == kNoExpr || Check(value) != ActionFieldType(field)) {
            Error(fmt::format("emit field `{}` is missing or not {}", ActionFieldName(field),
                              TypeName(ActionFieldType(field))));
          }
        }
        return;
      }
      case StmtKind::Schedule:
        if (stmt.args.size() != 5) {
          Error("schedule needs due, entity, clause, arg0 and arg1");
          return;
        }
        for (ExprId arg : stmt.args) {
          WantI64(arg, "schedule operand");
        }
        return;
      case StmtKind::Call: {
        if (stmt.a >= id_) {
          Error("a call goes to a function not defined before the caller (recursion is not allowed)");
          return;
        }
        const Function& callee = module_.functions[stmt.a];
        if (callee.entry) {
          Error(fmt::format("call to entry point `{}`", callee.name));
        }
        if (callee.context != Context::Any && callee.context != function_->context) {
          Error(fmt::format("call to `{}` from another context", callee.name));
        }
        if (callee.params.size() != stmt.args.size()) {
          Error(fmt::format("call to `{}` with {} arguments, expected {}", callee.name, stmt.args.size(),
                            callee.params.size()));
          return;
        }
        for (size_t i = 0; i < stmt.args.size(); ++i) {
          if (stmt.args[i] == kNoExpr || Check(stmt.args[i]) != callee.params[i]) {
            Error(fmt::format("call to `{}`: argument {} is missing or of the wrong type", callee.name, i));
          }
        }
        return;
      }
      case StmtKind::Return: return;
    }
  }

  const Module& module_;
  std::vector<std::string>& errors_;
  const Function* function_ = nullptr;
  FunctionId id_ = 0;
  std::vector<int>* uses_ = nullptr;
};

}  // namespace

auto Verify(const Module& module, std::vector<std::string>& errors) -> bool {
  return Verifier(module, errors).Run();
}

}  // namespace takt::xir
