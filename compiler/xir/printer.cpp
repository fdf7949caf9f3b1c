#include "compiler/xir/printer.h"

#include <fmt/format.h>

#include <array>

#include "takt/names.h"

namespace takt::xir {

static constexpr std::array<std::string_view, 8> kEntityNames = {"plant", "workcenter", "control", "deviation",
                                                                  "handover", "order", "lot", "case"};

static auto EntityName(uint32_t kind) -> std::string {
  return kind < kEntityNames.size() ? std::string(kEntityNames[kind]) : fmt::format("entity{}", kind);
}

namespace {

class Printer {
 public:
  explicit Printer(const Module& module) : module_(module) {}

  auto Run() -> std::string {
    const Descriptor& d = module_.descriptor;
    Line(fmt::format("xir plant {}", d.plant_name));
    Line(fmt::format("sha256 {}", d.source_sha256));
    if (!d.timezone.empty()) {
      // The release is left out: a golden must not change with the system's tzdata.
      Line(fmt::format("timezone {}", d.timezone));
    }
    Line("rules {");
    for (size_t i = 0; i < d.rules.size(); ++i) {
      const RuleInfo& rule = d.rules[i];
      Line(fmt::format("  !r{} {} {}:{}:{}", i, rule.name, rule.file, rule.line, rule.col));
    }
    Line("}");
    for (int r = 0; r < kRecordCount; ++r) {
      const auto record = static_cast<Record>(r);
      Line(fmt::format("record {} size {} {{", RecordName(record), module_.record_sizes[static_cast<size_t>(r)]));
      for (const Slot& slot : module_.slots) {
        if (slot.record == record) {
          Line(fmt::format("  @{} {}: {}[{}]", slot.offset, slot.name, TypeName(slot.type), slot.count));
        }
      }
      Line("}");
    }
    for (const Table& table : module_.tables) {
      std::string values;
      for (size_t i = 0; i < table.size(); ++i) {
        values += i == 0 ? "" : ", ";
        values += table.type == Type::I64 ? Int(table.ints[i]) : Float(table.floats[i]);
      }
      Line(fmt::format("table {}: {}[{}] = [{}]", table.name, TypeName(table.type), table.size(), values));
    }
    for (const Function& function : module_.functions) {
      PrintFunction(function);
    }
    return std::move(out_);
  }

 private:
  static auto Int(int64_t value) -> std::string {
    if (value == kNone) {
      return "none";
    }
    if (value == kNoInt) {
      return "no_int";
    }
    return fmt::format("{}", value);
  }
  static auto Float(double value) -> std::string { return fmt::format("{:.17g}f", value); }

  void Line(std::string_view text) {
    out_.append(static_cast<size_t>(indent_) * 2, ' ');
    out_.append(text);
    out_.push_back('\n');
  }

  void PrintFunction(const Function& function) {
    function_ = &function;
    std::string params;
    for (size_t i = 0; i < function.params.size(); ++i) {
      params += fmt::format("{}{} %p{}", i == 0 ? "" : ", ", TypeName(function.params[i]), i);
    }
    Line(fmt::format("func {}({}) context={}{}{}{} {{", function.name, params, ContextName(function.context),
                     function.entry ? " entry" : "", function.noinline ? " noinline" : "",
                     function.cold ? " cold" : ""));
    ++indent_;
    if (!function.locals.empty()) {
      std::string locals;
      for (size_t i = 0; i < function.locals.size(); ++i) {
        locals += fmt::format("{}{} %l{}", i == 0 ? "" : ", ", TypeName(function.locals[i]), i);
      }
      Line(fmt::format("locals {}", locals));
    }
    PrintBlock(function.body);
    --indent_;
    Line("}");
  }

  void PrintBlock(const Block& block) {
    for (StmtId id : block) {
      PrintStmt(function_->stmts[id]);
    }
  }

  auto E(ExprId id) -> std::string {
    if (id == kNoExpr) {
      return "_";
    }
    const Expr& e = function_->exprs[id];
    switch (e.op) {
      case Opcode::ConstI: return Int(e.i);
      case Opcode::ConstF: return Float(e.f);
      case Opcode::Param: return fmt::format("%p{}", e.a);
      case Opcode::Local: return fmt::format("%l{}", e.a);
      case Opcode::Now: return "now";
      case Opcode::EventField: return fmt::format("event.{}", EventFieldName(static_cast<EventField>(e.a)));
      case Opcode::TimerField: return fmt::format("timer.{}", TimerFieldName(static_cast<TimerField>(e.a)));
      case Opcode::Load: return SlotRef(e.a, e.x, e.y);
      case Opcode::Table: return fmt::format("{}{}[{}]", module_.tables[e.a].name, e.i != 0 ? "!" : "", E(e.x));
      case Opcode::HostCreate: return fmt::format("(host.create {} {})", EntityName(e.a), E(e.x));
      case Opcode::HostCount: return fmt::format("(host.count {})", EntityName(e.a));
      case Opcode::HostCaseDecl: return fmt::format("(host.case_decl {})", E(e.x));
      default: break;
    }
    std::string text = fmt::format("({}", OpcodeName(e.op));
    for (ExprId child : {e.x, e.y, e.z}) {
      if (child != kNoExpr) {
        text += " " + E(child);
      }
    }
    return text + ")";
  }

  auto SlotRef(SlotId slot, ExprId entity, ExprId index) -> std::string {
    const Slot& s = module_.slots[slot];
    if (s.record == Record::Global) {
      return fmt::format("{}[{}]", s.name, E(index));
    }
    return fmt::format("{}({})[{}]", s.name, E(entity), E(index));
  }

  auto RuleSuffix(const Stmt& stmt) -> std::string {
    return stmt.rule == kNoRule ? std::string() : fmt::format("  !r{}", stmt.rule);
  }

  void PrintStmt(const Stmt& stmt) {
    switch (stmt.kind) {
      case StmtKind::Store:
        Line(fmt::format("store {} = {}{}", SlotRef(stmt.a, stmt.x, stmt.y), E(stmt.z), RuleSuffix(stmt)));
        return;
      case StmtKind::Set: Line(fmt::format("%l{} = {}{}", stmt.a, E(stmt.x), RuleSuffix(stmt))); return;
      case StmtKind::If:
        Line(fmt::format("if {} {{{}", E(stmt.x), RuleSuffix(stmt)));
        ++indent_;
        PrintBlock(stmt.blocks[0]);
        --indent_;
        if (!stmt.blocks[1].empty()) {
          Line("} else {");
          ++indent_;
          PrintBlock(stmt.blocks[1]);
          --indent_;
        }
        Line("}");
        return;
      case StmtKind::For:
        Line(fmt::format("for %l{} < {} {{{}", stmt.a, E(stmt.x), RuleSuffix(stmt)));
        ++indent_;
        PrintBlock(stmt.blocks[0]);
        --indent_;
        Line("}");
        return;
      case StmtKind::Switch:
        Line(fmt::format("switch {} {{{}", E(stmt.x), RuleSuffix(stmt)));
        for (size_t i = 0; i < stmt.labels.size(); ++i) {
          Line(fmt::format("case {}:", Int(stmt.labels[i])));
          ++indent_;
          PrintBlock(stmt.blocks[i]);
          --indent_;
        }
        if (!stmt.blocks.back().empty()) {
          Line("default:");
          ++indent_;
          PrintBlock(stmt.blocks.back());
          --indent_;
        }
        Line("}");
        return;
      case StmtKind::Emit: {
        std::string fields;
        for (const auto& [field, value] : stmt.fields) {
          fields += fmt::format(", {}={}", ActionFieldName(field), E(value));
        }
        const auto kind =
            stmt.a < runtime::kActionKindNames.size() ? runtime::kActionKindNames[stmt.a] : std::string_view("?");
        const auto cause = stmt.b < runtime::kCauseNames.size() ? runtime::kCauseNames[stmt.b] : std::string_view("?");
        Line(fmt::format("emit {} cause={} rule={}{}{}", kind, cause, E(stmt.x), fields, RuleSuffix(stmt)));
        return;
      }
      case StmtKind::Schedule:
        Line(fmt::format("schedule {} due={} entity={} clause={} arg0={} arg1={}{}", EntityName(stmt.a),
                         E(stmt.args[0]), E(stmt.args[1]), E(stmt.args[2]), E(stmt.args[3]), E(stmt.args[4]),
                         RuleSuffix(stmt)));
        return;
      case StmtKind::Call: {
        std::string args;
        for (size_t i = 0; i < stmt.args.size(); ++i) {
          args += (i == 0 ? "" : ", ") + E(stmt.args[i]);
        }
        Line(fmt::format("call {}({}){}", module_.functions[stmt.a].name, args, RuleSuffix(stmt)));
        return;
      }
      case StmtKind::Return: Line(fmt::format("return{}", RuleSuffix(stmt))); return;
    }
  }

  const Module& module_;
  const Function* function_ = nullptr;
  std::string out_;
  int indent_ = 0;
};

}  // namespace

auto Print(const Module& module) -> std::string { return Printer(module).Run(); }

}  // namespace takt::xir
