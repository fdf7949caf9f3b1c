// Control points: spec limits and SPC rules on every measurement.
//
// Controls are grouped by shape: the same spec presence, SPC rule set and reaction kinds. Each
// shape gets one function whose per-control numbers (limits, centre, sigma, clause and role ids,
// default line) come from constant tables indexed by the control's position in its shape. A
// plant of ten thousand controls then compiles to a handful of functions; a shape with a single
// control is inlined at its call site, where the table reads fold back into constants.
//
// The SPC history of a control is a shift register of the last W points, W the longest window
// of its rules (oldest first, the current point last), and a count saturating at W: each rule's
// scan is unrolled over its own window.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "compiler/lower/lowerer.h"

namespace takt::lower {

using model::SpcRule;
using xir::ActionField;
using xir::EventField;
using xir::Opcode;
using xir::Record;
using xir::Type;

namespace {

// What makes two controls share code: everything but their numbers, clause ids and roles.
struct ShapeKey {
  bool spec = false;
  bool spc = false;
  bool spc_clause = false;
  std::vector<int> rules;
  std::vector<std::pair<int, uint32_t>> out_of_spec;  // Reaction kind, case declaration.
  std::vector<std::pair<int, uint32_t>> on_signal;
  auto operator<=>(const ShapeKey&) const = default;
};

auto KeyOfReactions(const std::vector<model::Reaction>& reactions) -> std::vector<std::pair<int, uint32_t>> {
  std::vector<std::pair<int, uint32_t>> key;
  for (const auto& reaction : reactions) {
    key.emplace_back(static_cast<int>(reaction.kind),
                     reaction.kind == model::ReactionKind::OpenCase ? reaction.case_id.index : UINT32_MAX);
  }
  return key;
}

auto KeyOf(const model::Control& control) -> ShapeKey {
  ShapeKey key;
  key.spec = control.spec.has_value();
  key.spc = control.spc.has_value();
  if (control.spc) {
    key.spc_clause = control.spc_clause.is_valid();
    for (SpcRule rule : control.spc->rules) {
      key.rules.push_back(static_cast<int>(rule));
    }
  }
  key.out_of_spec = KeyOfReactions(control.on_out_of_spec);
  key.on_signal = KeyOfReactions(control.on_spc_signal);
  return key;
}

// `measure.<first control>` (`+N` more controls of the same shape).
auto ShapeName(const std::string& first, size_t count) -> std::string {
  return count == 1 ? fmt::format("measure.{}", first) : fmt::format("measure.{}+{}", first, count - 1);
}

auto IndexedName(const std::string& block, size_t index, const char* what) -> std::string {
  return fmt::format("{}.{}.{}", block, index, what);
}

}  // namespace

void Lowerer::LowerControls() {
  // Shapes in order of their first control, so the module does not depend on map order.
  std::map<ShapeKey, size_t> shape_of_key;
  std::vector<std::vector<uint32_t>> shapes;
  std::vector<int64_t> control_shape;
  std::vector<int64_t> control_position;
  for (uint32_t c = 0; c < plant_.controls.size(); ++c) {
    const auto [it, inserted] = shape_of_key.emplace(KeyOf(plant_.controls[c]), shapes.size());
    if (inserted) {
      shapes.emplace_back();
    }
    control_shape.push_back(static_cast<int64_t>(it->second));
    control_position.push_back(static_cast<int64_t>(shapes[it->second].size()));
    shapes[it->second].push_back(c);
  }
  if (shapes.empty()) {
    return;
  }
  std::vector<xir::FunctionId> functions;
  for (const auto& controls : shapes) {
    functions.push_back(BuildShape(controls));
  }
  const xir::TableId shape_table = module_.AddTable("control.shape", std::move(control_shape));
  const xir::TableId position_table = module_.AddTable("control.position", std::move(control_position));

  const xir::FunctionId id = module_.AddFunction("on_measure", xir::Context::Event, {});
  event_handlers_[TAKT_EVENT_MEASURE] = id;
  Builder b(module_, id);
  const ExprId control = b.Ev(EventField::Control);
  std::vector<int64_t> labels;
  for (size_t s = 0; s < shapes.size(); ++s) {
    labels.push_back(static_cast<int64_t>(s));
  }
  b.Switch(b.At(shape_table, control), labels, [&](size_t s) {
    b.Call(functions[s], {b.At(position_table, control), control, b.Ev(EventField::Value), b.Ev(EventField::Lot),
                          b.Ev(EventField::Workcenter)});
  });
}

auto Lowerer::BuildShape(const std::vector<uint32_t>& controls) -> xir::FunctionId {
  const model::Control& first = plant_.control(model::ControlId{controls.front()});
  const std::string prefix = ShapeName(first.name, controls.size());
  // Parameters: position in the shape, control id, value, lot, workcenter.
  const xir::FunctionId id =
      module_.AddFunction(prefix, xir::Context::Any, {Type::I64, Type::I64, Type::F64, Type::I64, Type::I64});
  module_.functions[id].noinline = controls.size() > 8;
  auto int_table = [&](const std::string& name, auto value_of) {
    std::vector<int64_t> values;
    for (uint32_t c : controls) {
      values.push_back(value_of(plant_.control(model::ControlId{c})));
    }
    return module_.AddTable(prefix + "." + name, std::move(values));
  };
  auto float_table = [&](const std::string& name, auto value_of) {
    std::vector<double> values;
    for (uint32_t c : controls) {
      values.push_back(value_of(plant_.control(model::ControlId{c})));
    }
    return module_.AddFloatTable(prefix + "." + name, std::move(values));
  };

  Builder b(module_, id);
  const ExprId k = b.Param(0);
  const ExprId control = b.Param(1);
  const ExprId value = b.Param(2);
  const ExprId lot = b.Param(3);
  const ExprId workcenter = b.Param(4);

  // The line actions name: the event's workcenter's, else the first workcenter checking it.
  const xir::TableId default_line = int_table("line", [&](const model::Control& c) -> int64_t {
    return c.checked_at.empty() ? xir::kNone : plant_.workcenter(c.checked_at.front()).line.index;
  });
  const ExprId line = b.Capture(b.Select(b.Op(Opcode::Ne, workcenter, b.I(xir::kNone)), LineOf(b, workcenter),
                                         b.At(default_line, k)));
  ActionContext context{.cause = TAKT_CAUSE_OUT_OF_SPEC};
  context.control = control;
  context.lot = lot;
  context.workcenter = workcenter;
  context.line = line;

  // Reactions with their clause and role read from per-position tables.
  auto run_block = [&](const std::string& name, const std::vector<model::Reaction> model::Control::*block,
                       const ActionContext& block_context) {
    const auto& reactions = first.*block;
    for (size_t j = 0; j < reactions.size(); ++j) {
      const xir::TableId clauses = int_table(IndexedName(name, j, "clause"), [&](const model::Control& c) -> int64_t {
        return (c.*block)[j].clause.index;
      });
      const xir::TableId roles = int_table(IndexedName(name, j, "role"), [&](const model::Control& c) -> int64_t {
        const model::RoleId role = (c.*block)[j].role;
        return role.is_valid() ? role.index : xir::kNone;
      });
      if (controls.size() == 1) {
        SetRule(b, reactions[j].clause);
      } else {
        b.SetRule(xir::kNoRule, source::Span{});
      }
      RunReaction(b,
                  ReactionCode{.kind = reactions[j].kind,
                               .role = b.At(roles, k),
                               .clause = b.At(clauses, k),
                               .case_id = reactions[j].case_id},
                  block_context);
    }
  };

  if (first.spec) {
    const xir::TableId lsl = float_table("lsl", [](const model::Control& c) { return c.spec->lsl; });
    const xir::TableId usl = float_table("usl", [](const model::Control& c) { return c.spec->usl; });
    if (controls.size() == 1) {
      SetRule(b, first.out_of_spec_clause);
    }
    b.If(b.Or(b.Op(Opcode::FLt, value, b.At(lsl, k)), b.Op(Opcode::FGt, value, b.At(usl, k))),
         [&] { run_block("out_of_spec", &model::Control::on_out_of_spec, context); });
  }
  if (!first.spc) {
    return id;
  }
  int window = 1;
  for (SpcRule rule : first.spc->rules) {
    window = std::max(window, model::SpcRuleWindow(rule));
  }
  const auto count = static_cast<uint32_t>(controls.size());
  const xir::SlotId history =
      module_.AddSlot(prefix + ".history", Record::Global, Type::F64, count * static_cast<uint32_t>(window));
  const xir::SlotId seen = module_.AddSlot(prefix + ".count", Record::Global, Type::I64, count);
  const xir::TableId centers = float_table("center", [](const model::Control& c) { return c.spc->center; });
  const xir::TableId sigmas = float_table("sigma", [](const model::Control& c) { return c.spc->sigma; });
  if (controls.size() == 1) {
    SetRule(b, first.spc_clause);
  } else {
    b.SetRule(xir::kNoRule, source::Span{});
  }
  const ExprId base = b.Capture(b.Op(Opcode::Mul, k, b.I(window)));
  auto at = [&](int i) { return b.Op(Opcode::Add, base, b.I(i)); };
  for (int i = 0; i + 1 < window; ++i) {
    b.Store(history, at(i), b.Load(history, at(i + 1)));
  }
  b.Store(history, at(window - 1), value);
  const ExprId n = b.Capture(b.Op(Opcode::Min, b.Op(Opcode::Add, b.Load(seen, k), b.I(1)), b.I(window)));
  b.Store(seen, k, n);
  std::vector<ExprId> points;
  for (int i = 0; i + 1 < window; ++i) {
    points.push_back(b.Capture(b.Load(history, at(i))));
  }
  points.push_back(value);
  if (!first.spc_clause.is_valid()) {
    // A chart without an `on spc_signal` plan has no clause to cite: nothing is demanded.
    return id;
  }
  const uint32_t signal = b.NewLocal(Type::I64);
  SpcSignal(b, *first.spc, signal, points, n, b.Capture(b.At(centers, k)), b.Capture(b.At(sigmas, k)));
  const xir::TableId spc_clauses =
      int_table("spc.clause", [](const model::Control& c) -> int64_t { return c.spc_clause.index; });
  b.If(b.Op(Opcode::Ne, b.Local(signal), b.I(-1)), [&] {
    ActionContext spc_context = context;
    spc_context.cause = TAKT_CAUSE_SPC;
    auto fields = ActionFields(b, spc_context);
    fields.emplace_back(ActionField::SpcRule, b.Local(signal));
    b.Emit(TAKT_ACTION_SPC_SIGNAL, TAKT_CAUSE_SPC, b.At(spc_clauses, k), std::move(fields));
    run_block("spc_signal", &model::Control::on_spc_signal, spc_context);
  });
  return id;
}

// Sets `local_signal` to the lowest of the chart's rules that fires on `points` (oldest first,
// the current point last; `count` of them are real), or -1. Mirrors docs/runtime.md exactly,
// inequality by inequality, so results equal the interpreter's bit for bit.
void Lowerer::SpcSignal(Builder& b, const model::Spc& spc, uint32_t local_signal, const std::vector<ExprId>& points,
                        ExprId count, ExprId center, ExprId sigma) {
  const int size = static_cast<int>(points.size());
  std::map<int, std::pair<ExprId, ExprId>> limits;  // k → (centre + k·sigma, centre − k·sigma)
  auto limit = [&](int k) {
    auto it = limits.find(k);
    if (it == limits.end()) {
      const ExprId spread = b.Op(Opcode::FMul, b.F(static_cast<double>(k)), sigma);
      it = limits
               .emplace(k, std::pair{b.Capture(b.Op(Opcode::FAdd, center, spread)),
                                     b.Capture(b.Op(Opcode::FSub, center, spread))})
               .first;
    }
    return it->second;
  };
  auto above = [&](ExprId x, int k) { return b.Op(Opcode::FGt, x, limit(k).first); };
  auto below = [&](ExprId x, int k) { return b.Op(Opcode::FLt, x, limit(k).second); };
  auto all = [&](int first, const std::function<ExprId(int)>& each) {
    ExprId result = b.I(1);
    for (int i = first; i < size; ++i) {
      result = b.And(result, each(i));
    }
    return result;
  };
  auto sum = [&](int first, const std::function<ExprId(int)>& each) {
    ExprId result = b.I(0);
    for (int i = first; i < size; ++i) {
      result = b.Op(Opcode::Add, result, each(i));
    }
    return result;
  };
  // `m` of the last points beyond k·sigma on the side of the current point, itself beyond.
  auto m_of_n = [&](int first, int k, int m) {
    const ExprId last = points.back();
    const ExprId upper = b.Op(Opcode::Ge, sum(first, [&](int i) { return above(points[i], k); }), b.I(m));
    const ExprId lower = b.Op(
        Opcode::Ge, sum(first, [&](int i) { return b.And(b.Not(above(points[i], k)), below(points[i], k)); }),
        b.I(m));
    return b.Select(above(last, k), upper, b.And(below(last, k), lower));
  };
  auto condition = [&](SpcRule rule) -> ExprId {
    const int window = model::SpcRuleWindow(rule);
    const int first = size - window;
    switch (rule) {
      case SpcRule::We1:
      case SpcRule::N1: return b.Or(above(points.back(), 3), below(points.back(), 3));
      case SpcRule::We2:
      case SpcRule::N5: return m_of_n(first, 2, 2);
      case SpcRule::We3:
      case SpcRule::N6: return m_of_n(first, 1, 4);
      case SpcRule::We4:
      case SpcRule::N2:
        return b.Or(all(first, [&](int i) { return b.Op(Opcode::FGt, points[i], center); }),
                    all(first, [&](int i) { return b.Op(Opcode::FLt, points[i], center); }));
      case SpcRule::N3:
        return b.Or(all(first + 1, [&](int i) { return b.Op(Opcode::FGt, points[i], points[i - 1]); }),
                    all(first + 1, [&](int i) { return b.Op(Opcode::FLt, points[i], points[i - 1]); }));
      case SpcRule::N4: {
        std::vector<ExprId> differences(static_cast<size_t>(size), kNoExpr);
        for (int i = first + 1; i < size; ++i) {
          differences[static_cast<size_t>(i)] = b.Capture(b.Op(Opcode::FSub, points[i], points[i - 1]));
        }
        const ExprId zero = b.F(0.0);
        return all(first + 1, [&](int i) {
          const ExprId difference = differences[static_cast<size_t>(i)];
          ExprId ok = b.Not(b.Op(Opcode::FEq, difference, zero));
          if (i >= first + 2) {
            ok = b.And(ok, b.Op(Opcode::Ne, b.Op(Opcode::FGt, difference, zero),
                                b.Op(Opcode::FGt, differences[static_cast<size_t>(i - 1)], zero)));
          }
          return ok;
        });
      }
      case SpcRule::N7:
        return all(first, [&](int i) { return b.And(b.Not(above(points[i], 1)), b.Not(below(points[i], 1))); });
      case SpcRule::N8: return all(first, [&](int i) { return b.Or(above(points[i], 1), below(points[i], 1)); });
    }
    return b.I(0);
  };
  // An if-chain: later rules are evaluated only when the earlier ones did not fire.
  std::function<void(size_t)> chain = [&](size_t r) {
    if (r == spc.rules.size()) {
      b.Set(local_signal, b.I(-1));
      return;
    }
    const SpcRule rule = spc.rules[r];
    const ExprId enough = b.Op(Opcode::Ge, count, b.I(model::SpcRuleWindow(rule)));
    b.If(b.And(enough, condition(rule)), [&] { b.Set(local_signal, b.I(static_cast<int64_t>(rule))); },
         [&] { chain(r + 1); });
  };
  chain(0);
}

}  // namespace takt::lower
