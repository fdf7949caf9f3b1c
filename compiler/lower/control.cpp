// Control points: spec limits and SPC rules on every measurement.
//
// Controls are grouped by shape: the same spec presence, SPC rule set and reaction kinds. Each
// shape gets one function whose per-control numbers (limits, centre, sigma, clause and role ids,
// default line) come from constant tables indexed by the control's position in its shape. A
// plant of ten thousand controls then compiles to a handful of functions; a shape with a single
// control is inlined at its call site, where the table reads fold back into constants.
//
// The SPC history of a control is a set of bit masks over its last points, packed with a count
// saturating at the longest window of its rules into one or two words (SpcUpdate, spc.cpp). The
// reactions are a cold function of their own, so the per-event path makes no call in the common
// case.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>

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
  bool lsl = false;  // The spec's limits: none, one (`spec min`, `spec max`) or both.
  bool usl = false;
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
  key.lsl = control.spec && control.spec->lsl;
  key.usl = control.spec && control.spec->usl;
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

void Lowerer::DeclareRunningChecks() {
  std::vector<std::vector<uint32_t>> checked_at(plant_.controls.size());
  size_t widest = 1;
  for (size_t c = 0; c < plant_.controls.size(); ++c) {
    for (const model::WorkcenterId workcenter : plant_.controls[c].checked_at) {
      if (std::ranges::find(checked_at[c], workcenter.index) == checked_at[c].end()) {
        checked_at[c].push_back(workcenter.index);
      }
    }
    widest = std::max(widest, checked_at[c].size());
  }
  check_stride_ = static_cast<int64_t>(widest);
  std::vector<int64_t> workcenters(plant_.controls.size() * widest, xir::kNone);
  for (size_t c = 0; c < checked_at.size(); ++c) {
    std::ranges::copy(checked_at[c], workcenters.begin() + static_cast<ptrdiff_t>(c * widest));
  }
  check_workcenter_ = module_.AddTable("control.checked_at", std::move(workcenters));
  const auto pairs = static_cast<uint32_t>(std::max<size_t>(plant_.controls.size() * widest, 1));
  running_count_ = module_.AddSlot("control.running", xir::Record::Global, Type::I64, pairs);
  running_lots_ = module_.AddSlot("control.running_lots", xir::Record::Global, Type::I64, pairs);

  // The pairs of each operation; an operation that checks a control twice counts once.
  std::vector<std::vector<std::vector<int64_t>>> op_pairs;
  size_t most_ops = 1;
  size_t most_checks = 1;
  for (const model::Routing& routing : plant_.routings) {
    auto& ops = op_pairs.emplace_back();
    for (const model::Operation& op : routing.operations) {
      auto& list = ops.emplace_back();
      for (const model::ControlId control : op.checks) {
        const auto& at = checked_at[control.index];
        const auto k = std::ranges::find(at, op.workcenter.index) - at.begin();
        const int64_t pair = static_cast<int64_t>(control.index) * check_stride_ + k;
        if (std::ranges::find(list, pair) == list.end()) {
          list.push_back(pair);
        }
      }
      most_checks = std::max(most_checks, list.size());
    }
    most_ops = std::max(most_ops, ops.size());
  }
  op_stride_ = static_cast<int64_t>(most_ops);
  op_check_stride_ = static_cast<int64_t>(most_checks);
  std::vector<int64_t> table(std::max<size_t>(op_pairs.size(), 1) * most_ops * most_checks, xir::kNone);
  for (size_t r = 0; r < op_pairs.size(); ++r) {
    for (size_t i = 0; i < op_pairs[r].size(); ++i) {
      std::ranges::copy(op_pairs[r][i], table.begin() + static_cast<ptrdiff_t>((r * most_ops + i) * most_checks));
    }
  }
  op_check_pairs_ = module_.AddTable("operation.checks", std::move(table));
}

auto Lowerer::OpChecksBase(Builder& b, ExprId routing, ExprId op_index) -> ExprId {
  return b.Capture(b.Op(
      Opcode::Mul, b.Op(Opcode::Add, b.Op(Opcode::Mul, routing, b.I(op_stride_)), op_index), b.I(op_check_stride_)));
}

void Lowerer::TrackRunning(Builder& b, ExprId routing, ExprId op_index, ExprId lot, int64_t delta) {
  const ExprId base = OpChecksBase(b, routing, op_index);
  for (int64_t m = 0; m < op_check_stride_; ++m) {
    const ExprId pair = b.Capture(b.At(op_check_pairs_, b.Op(Opcode::Add, base, b.I(m))));
    b.If(b.Op(Opcode::Ne, pair, b.I(xir::kNone)), [&] {
      b.Store(running_count_, pair, b.Op(Opcode::Add, b.Load(running_count_, pair), b.I(delta)));
      b.Store(running_lots_, pair, b.Op(Opcode::Add, b.Load(running_lots_, pair), b.Op(Opcode::Mul, lot, b.I(delta))));
    });
  }
}

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

  std::vector<int64_t> needs_lot;
  for (const model::Control& control : plant_.controls) {
    needs_lot.push_back(plant_.NeedsLot(control) ? 1 : 0);
  }
  const xir::TableId needs_lot_table = module_.AddTable("control.needs_lot", std::move(needs_lot));

  // Sampling plans count the accepted measurements per lot and sampled control (production.cpp
  // compares them with the pieces counted, or judges them when a window of time closes).
  sample_slot_.assign(plant_.controls.size(), -1);
  int64_t sampled_controls = 0;
  for (size_t c = 0; c < plant_.controls.size(); ++c) {
    if (plant_.controls[c].sample_clause.is_valid()) {
      sample_slot_[c] = sampled_controls++;
    }
  }
  std::optional<xir::TableId> sample_slot_table;
  if (sampled_controls != 0) {
    lot_sampled_ = module_.AddSlot("lot.sampled", xir::Record::Lot, Type::I64, static_cast<uint32_t>(sampled_controls));
    sample_slot_table = module_.AddTable("control.sample_slot", sample_slot_);
  }

  const xir::FunctionId id = module_.AddFunction("on_measure", xir::Context::Event, {});
  event_handlers_[TAKT_EVENT_MEASURE] = id;
  Builder b(module_, id);
  const ExprId control = b.Ev(EventField::Control);
  const ExprId workcenter = b.Ev(EventField::Workcenter);
  auto reject = [&](int64_t reason) {
    b.Emit(TAKT_ACTION_REJECT, TAKT_CAUSE_FORBIDDEN, b.I(xir::kNone),
           {{ActionField::Workcenter, workcenter},
            {ActionField::Control, control},
            {ActionField::RejectReason, b.I(reason)}});
  };
  // The event's workcenter among those checking the control: its pair, or -1.
  const ExprId base = b.Capture(b.Op(Opcode::Mul, control, b.I(check_stride_)));
  const uint32_t found = b.NewLocal(Type::I64);
  b.Set(found, b.I(-1));
  for (int64_t k = 0; k < check_stride_; ++k) {
    const ExprId pair = b.Capture(b.Op(Opcode::Add, base, b.I(k)));
    b.If(b.Op(Opcode::Eq, b.AtInRange(check_workcenter_, pair), workcenter), [&] { b.Set(found, pair); });
  }
  const ExprId given = b.Op(Opcode::Ne, workcenter, b.I(xir::kNone));
  b.If(b.And(given, b.Op(Opcode::Eq, b.Local(found), b.I(-1))), [&] { reject(TAKT_REJECT_NOT_CHECKED_HERE); }, [&] {
    const uint32_t lot = b.NewLocal(Type::I64);
    b.Set(lot, b.Ev(EventField::Lot));
    b.If(b.Op(Opcode::Eq, b.Local(lot), b.I(xir::kNone)), [&] {
      // The running operations checking the control: at the event's workcenter, or anywhere.
      const uint32_t count = b.NewLocal(Type::I64);
      const uint32_t lots = b.NewLocal(Type::I64);
      b.If(
          given,
          [&] {
            b.Set(count, b.Load(running_count_, b.Local(found)));
            b.Set(lots, b.Load(running_lots_, b.Local(found)));
          },
          [&] {
            b.Set(count, b.I(0));
            b.Set(lots, b.I(0));
            for (int64_t k = 0; k < check_stride_; ++k) {
              const ExprId pair = b.Capture(b.Op(Opcode::Add, base, b.I(k)));
              b.Set(count, b.Op(Opcode::Add, b.Local(count), b.Load(running_count_, pair)));
              b.Set(lots, b.Op(Opcode::Add, b.Local(lots), b.Load(running_lots_, pair)));
            }
          });
      b.If(b.Op(Opcode::Eq, b.Local(count), b.I(1)), [&] { b.Set(lot, b.Local(lots)); });
    });
    b.If(b.And(b.Op(Opcode::Eq, b.Local(lot), b.I(xir::kNone)), b.AtInRange(needs_lot_table, control)),
         [&] { reject(TAKT_REJECT_NO_LOT); },
         [&] {
           if (first_piece_at_) {
             b.If(given, [&] { b.Store(*first_piece_at_, b.Local(found), MeasuredStamp(b, b.Now())); });
           }
           std::vector<int64_t> labels;
           for (size_t s = 0; s < shapes.size(); ++s) {
             labels.push_back(static_cast<int64_t>(s));
           }
           const ExprId measured_lot = b.Local(lot);
           if (sample_slot_table) {
             const ExprId slot = b.Capture(b.AtInRange(*sample_slot_table, control));
             b.If(b.And(b.Op(Opcode::Ne, measured_lot, b.I(xir::kNone)), b.Op(Opcode::Ge, slot, b.I(0))), [&] {
               b.StoreOf(lot_sampled_, measured_lot, slot,
                         b.Op(Opcode::Add, b.LoadOf(lot_sampled_, measured_lot, slot), b.I(1)));
             });
           }
           b.Switch(b.AtInRange(shape_table, control), labels, [&](size_t s) {
             b.Call(functions[s], {b.AtInRange(position_table, control), measured_lot});
           });
         });
  });
}

auto Lowerer::BuildShape(const std::vector<uint32_t>& controls) -> xir::FunctionId {
  const model::Control& first = plant_.control(model::ControlId{controls.front()});
  const std::string prefix = ShapeName(first.name, controls.size());
  // Both functions read the measurement from the event; their parameters are the control's
  // position in the shape and the lot (the event's, or the one inferred), and the reaction
  // function's second one the SPC rule that fired (-1: none). Few live values keep the per-event
  // path in registers.
  const bool reacts_out_of_spec = first.spec && !first.on_out_of_spec.empty();
  // A chart without an `on spc_signal` plan has no clause to cite: nothing is demanded.
  const bool signals = first.spc && first.spc_clause.is_valid();
  xir::FunctionId react = 0;
  if (reacts_out_of_spec || signals) {
    react = module_.AddFunction(prefix + ".react", xir::Context::Event, {Type::I64, Type::I64, Type::I64});
    module_.functions[react].cold = true;
  }
  // Callees come before their callers in a module.
  const xir::FunctionId id = module_.AddFunction(prefix, xir::Context::Event, {Type::I64, Type::I64});
  module_.functions[id].noinline = controls.size() > 8;

  auto int_table = [&](const std::string& name, auto value_of) {
    std::vector<int64_t> values;
    for (uint32_t c : controls) {
      values.push_back(value_of(plant_.control(model::ControlId{c})));
    }
    return module_.AddTable(prefix + "." + name, std::move(values));
  };

  // The per-control numbers side by side, so one measurement touches one or two cache lines:
  // spec limits, then the SPC centre and its ±1σ, ±2σ, ±3σ limits. The limits are computed here
  // exactly as docs/runtime.md writes them (centre + k·sigma, one multiplication, one addition).
  std::vector<double> numbers;
  for (uint32_t c : controls) {
    const model::Control& control = plant_.control(model::ControlId{c});
    if (control.spec && control.spec->lsl) {
      numbers.push_back(*control.spec->lsl);
    }
    if (control.spec && control.spec->usl) {
      numbers.push_back(*control.spec->usl);
    }
    if (control.spc) {
      const double center = control.spc->center;
      const double sigma = control.spc->sigma;
      numbers.push_back(center);
      for (int k = 1; k <= 3; ++k) {
        numbers.push_back(center + static_cast<double>(k) * sigma);
        numbers.push_back(center - static_cast<double>(k) * sigma);
      }
    }
  }
  const bool has_lsl = first.spec && first.spec->lsl;
  const bool has_usl = first.spec && first.spec->usl;
  const int spec_numbers = (has_lsl ? 1 : 0) + (has_usl ? 1 : 0);
  const int stride = spec_numbers + (first.spc ? 7 : 0);
  const xir::TableId limits = module_.AddFloatTable(prefix + ".limits", std::move(numbers));
  auto number = [&](Builder& b, ExprId base, int j) {
    return b.AtInRange(limits, b.Op(Opcode::Add, base, b.I(j)));
  };
  // Only a written limit is compared: a one-sided spec is exceeded on its bounded side only.
  auto out_of_spec = [&](Builder& b, ExprId base, ExprId value) {
    const auto below = [&] { return b.Op(Opcode::FLt, value, number(b, base, 0)); };
    const auto above = [&] { return b.Op(Opcode::FGt, value, number(b, base, has_lsl ? 1 : 0)); };
    if (has_lsl && has_usl) {
      return b.Or(below(), above());
    }
    return has_lsl ? below() : above();
  };

  // The per-event path: classify the point, update the SPC history, and call the reaction
  // function only when the standard demands an action, so the common case makes no call.
  {
    Builder b(module_, id);
    const ExprId k = b.Param(0);
    const ExprId value = b.Ev(EventField::Value);
    const ExprId base = b.Capture(b.Op(Opcode::Mul, k, b.I(stride)));
    ExprId demanded = b.I(0);
    if (reacts_out_of_spec) {
      demanded = b.Capture(out_of_spec(b, base, value));
    }
    ExprId signal = b.I(-1);
    if (first.spc) {
      if (controls.size() == 1) {
        SetRule(b, first.spc_clause);
      }
      const SpcLimits spc_limits{
          .center = b.Capture(number(b, base, spec_numbers)),
          .upper = {b.Capture(number(b, base, spec_numbers + 1)), b.Capture(number(b, base, spec_numbers + 3)),
                    b.Capture(number(b, base, spec_numbers + 5))},
          .lower = {b.Capture(number(b, base, spec_numbers + 2)), b.Capture(number(b, base, spec_numbers + 4)),
                    b.Capture(number(b, base, spec_numbers + 6))}};
      SpcUpdate(b, prefix, static_cast<uint32_t>(controls.size()), *first.spc, k, value, spc_limits, signals);
      if (signals) {
        signal = b.Local(spc_signal_local_);
        demanded = b.Or(demanded, b.Op(Opcode::Ne, signal, b.I(-1)));
      }
    }
    if (reacts_out_of_spec || signals) {
      b.SetRule(xir::kNoRule, source::Span{});
      b.If(demanded, [&] { b.Call(react, {k, signal, b.Param(1)}); });
    }
  }

  if (!reacts_out_of_spec && !signals) {
    return id;
  }
  // The reactions, in the order DESIGN.md gives: out of spec first, then the SPC signal.
  Builder b(module_, react);
  const ExprId k = b.Param(0);
  const ExprId signal = b.Param(1);
  const ExprId control = b.Ev(EventField::Control);
  const ExprId value = b.Ev(EventField::Value);
  const ExprId workcenter = b.Ev(EventField::Workcenter);
  // The line actions name: the event's workcenter's, else the first workcenter checking it.
  const xir::TableId default_line = int_table("line", [&](const model::Control& c) -> int64_t {
    return c.checked_at.empty() ? xir::kNone : plant_.workcenter(c.checked_at.front()).line.index;
  });
  const ExprId line = b.Capture(b.Select(b.Op(Opcode::Ne, workcenter, b.I(xir::kNone)), LineOf(b, workcenter),
                                         b.AtInRange(default_line, k)));
  ActionContext context{.cause = TAKT_CAUSE_OUT_OF_SPEC};
  context.control = control;
  context.lot = b.Param(2);
  context.workcenter = workcenter;
  context.line = line;

  // Reactions with their clause and role read from per-position tables.
  auto run_block = [&](const std::string& name, const std::vector<model::Reaction> model::Control::*block,
                       const ActionContext& outer) {
    const auto& reactions = first.*block;
    const ActionContext block_context = BlockContext(outer, reactions);
    b.If(b.Not(CaseStillOpen(b, reactions, block_context)), [&] {
      for (size_t j = 0; j < reactions.size(); ++j) {
        const xir::TableId clauses =
            int_table(IndexedName(name, j, "clause"),
                      [&](const model::Control& c) -> int64_t { return (c.*block)[j].clause.index; });
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
                                 .role = b.AtInRange(roles, k),
                                 .clause = b.AtInRange(clauses, k),
                                 .case_id = reactions[j].case_id},
                    block_context);
      }
    });
  };

  if (reacts_out_of_spec) {
    if (controls.size() == 1) {
      SetRule(b, first.out_of_spec_clause);
    }
    const ExprId base = b.Capture(b.Op(Opcode::Mul, k, b.I(stride)));
    b.If(out_of_spec(b, base, value), [&] { run_block("out_of_spec", &model::Control::on_out_of_spec, context); });
  }
  if (!signals) {
    return id;
  }
  const xir::TableId spc_clauses =
      int_table("spc.clause", [](const model::Control& c) -> int64_t { return c.spc_clause.index; });
  if (controls.size() == 1) {
    SetRule(b, first.spc_clause);
  } else {
    b.SetRule(xir::kNoRule, source::Span{});
  }
  b.If(b.Op(Opcode::Ne, signal, b.I(-1)), [&] {
    ActionContext spc_context = context;
    spc_context.cause = TAKT_CAUSE_SPC;
    auto fields = ActionFields(b, spc_context);
    fields.emplace_back(ActionField::SpcRule, signal);
    b.Emit(TAKT_ACTION_SPC_SIGNAL, TAKT_CAUSE_SPC, b.AtInRange(spc_clauses, k), std::move(fields));
    run_block("spc_signal", &model::Control::on_spc_signal, spc_context);
  });
  return id;
}

}  // namespace takt::lower
