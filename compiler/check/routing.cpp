// Routings: operation order, workcenters, instructions, consumption and standard times in the
// product's unit, checks of control points, and bounded rework to an earlier operation.
#include <algorithm>
#include <fmt/format.h>

#include "compiler/check/checker.h"

namespace takt::check {

void Checker::DefineRouting(const ast::Routing& routing) {
  auto slot = OwnSlot(routing.head, SymbolKind::Routing);
  std::string rule = QualifiedName(routing.head.name, current_module_);
  model::Routing result;
  result.owner = ResolveOwner(routing.owner, "routing", routing.head);
  std::optional<model::UnitId> product_unit;
  if (auto product = Resolve(routing.product, SymbolKind::Product)) {
    result.product = model::ProductId{*product};
    if (!items_without_unit_.contains({SymbolKind::Product, *product})) {
      product_unit = plant_->products[*product].unit;
    }
  }
  result.rev = routing.rev.value;
  result.confirm_critical = routing.confirm_critical.has_value();
  result.four_eyes = routing.four_eyes;
  result.clause = AddClause(rule, routing.head.name.span);
  if (routing.four_eyes) {
    result.four_eyes_clause = AddClause(rule, *routing.confirm_critical);
  }
  if (routing.operations.empty()) {
    diagnostics_.Emit(diag::EmptyRouting, routing.head.name.span, routing.head.name.text)
        .Help("add at least one `op NUMBER NAME at WORKCENTER { … }`");
  }

  // Checks "per UNIT" against the product's unit when both are known.
  auto check_per = [&](const ast::Name& per) {
    auto unit = product_unit ? ResolveUnit(per, {model::GetUnit(*product_unit).dimension}) : ResolveUnit(per);
    if (unit && product_unit && !(*unit == *product_unit)) {
      diagnostics_.Emit(diag::UnitMismatch, per.span, per.text,
                        model::GetUnit(*product_unit).symbol, routing.product.text)
          .Help(fmt::format("write `per {}`", model::GetUnit(*product_unit).symbol));
      return std::optional<model::UnitId>();
    }
    return unit;
  };

  const ast::Operation* previous = nullptr;
  for (const ast::Operation& op : routing.operations) {
    model::Operation out;
    const std::string op_rule = fmt::format("{}.{}", rule, op.number.value);
    out.number = op.number.value;
    out.name = op.name.text;
    out.span = op.number.span;
    if (previous != nullptr && op.number.value == previous->number.value) {
      diagnostics_.Emit(diag::UnreachableOperation, op.number.span, op.number.value)
          .Primary("a second operation with this number")
          .Secondary(previous->number.span, "events for this number reach this operation")
          .Help("give every operation its own number");
    } else if (previous != nullptr && op.number.value < previous->number.value) {
      diagnostics_.Emit(diag::OperationOrder, op.number.span, op.number.value, previous->number.value)
          .Secondary(previous->number.span, "the operation before it")
          .Note("operations run in the order they are written, so their numbers increase");
    }
    previous = &op;
    if (auto wc = Resolve(op.workcenter, SymbolKind::Workcenter)) {
      out.workcenter = model::WorkcenterId{*wc};
    } else if (!op.checks.empty()) {
      routing_checks_incomplete_ = true;
    }
    if (op.instruction) {
      if (auto instruction = Resolve(*op.instruction, SymbolKind::Instruction)) {
        out.instruction = model::InstructionId{*instruction};
        out.instruction_clause = AddClause(plant_->instructions[*instruction].name, op.instruction->span);
      }
    }
    if (op.requires_qualification) {
      if (auto qualification = Resolve(*op.requires_qualification, SymbolKind::Qualification)) {
        out.requires_qualification = model::QualificationId{*qualification};
        out.requires_clause = AddClause(op_rule, op.requires_qualification->span);
      }
    }
    for (const ast::Consume& consume : op.consumes) {
      auto material = Resolve(consume.material, SymbolKind::Material);
      std::optional<model::Quantity> amount;
      if (material && !items_without_unit_.contains({SymbolKind::Material, *material})) {
        auto dimension = model::GetUnit(plant_->materials[*material].unit).dimension;
        amount = CheckQuantity(consume.amount, dimension);
      }
      auto per = check_per(consume.per_unit);
      if (material && amount && per) {
        const double factor = model::GetUnit(plant_->materials[*material].unit).factor;
        out.consumes.push_back(model::Consume{.material = model::MaterialId{*material},
                                              .amount = *amount,
                                              .per_unit = *per,
                                              .standard = amount->base_value() / factor,
                                              .clause = AddClause(op_rule, consume.span)});
      }
    }
    if (op.std_time) {
      // Whole milliseconds of at least 1 ms, like every duration the runtime times.
      if (auto ms = CheckDuration(op.std_time->time)) {
        out.std_time = CheckQuantity(op.std_time->time, model::Dimension::Time);
        out.std_time_ms = *ms;
        out.std_time_clause = AddClause(op_rule, op.std_time->span);
      }
      out.std_time_per = check_per(op.std_time->per_unit);
    }
    for (const ast::Check& check : op.checks) {
      if (auto control = Resolve(check.control, SymbolKind::Control)) {
        out.checks.push_back(model::ControlId{*control});
        if (out.workcenter.is_valid()) {
          plant_->controls[*control].checked_at.push_back(out.workcenter);
        }
      } else {
        routing_checks_incomplete_ = true;
      }
    }
    out.critical = op.critical.has_value();
    if (op.on_fail) {
      model::OnFail on_fail;
      on_fail.then_scrap = op.on_fail->then_scrap;
      on_fail.clause = AddClause(op_rule, op.on_fail->span);
      bool ok = true;
      if (op.on_fail->rework_op) {
        const ast::Integer& target = *op.on_fail->rework_op;
        auto found = std::find_if(routing.operations.begin(), routing.operations.end(),
                                  [&](const ast::Operation& o) { return o.number.value == target.value; });
        if (found == routing.operations.end() || found->number.value >= op.number.value) {
          auto diag = diagnostics_.Emit(diag::ReworkNotEarlier, target.span, target.value, routing.head.name.text);
          if (found != routing.operations.end()) {
            diag.Secondary(found->number.span, "this operation does not come before the failing one");
          }
          diag.Note("rework sends the lot back to an earlier operation of the same routing");
          ok = false;
        } else {
          on_fail.rework_target = static_cast<uint32_t>(found - routing.operations.begin());
        }
        if (!op.on_fail->max_reworks) {
          diagnostics_.Emit(diag::ReworkWithoutBound, target.span, target.value)
              .Help(fmt::format("bound the loop: `rework {} max 2 then scrap`", target.value));
          ok = false;
        } else if (op.on_fail->max_reworks->value < 1) {
          diagnostics_.Emit(diag::NonPositiveQuantity, op.on_fail->max_reworks->span,
                            fmt::format("max {}", op.on_fail->max_reworks->value));
          ok = false;
        } else {
          on_fail.max_reworks = op.on_fail->max_reworks->value;
        }
      }
      if (ok) {
        out.on_fail = on_fail;
      }
    }
    result.operations.push_back(std::move(out));
  }
  if (slot) {
    model::Named named = plant_->routings[*slot];
    static_cast<model::Named&>(result) = named;
    plant_->routings[*slot] = std::move(result);
  }
}

}  // namespace takt::check
