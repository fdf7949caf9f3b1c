// Control points: measurement unit, spec limits in order, SPC parameters and rules, and the
// reaction plans, including the checks that need the routings (lots, containment cases).
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "compiler/check/checker.h"

namespace takt::check {

using diagnostics::Kind;

// The spec in the control's unit: `convert` maps a reading written in the spec's unit to the
// control's unit and `difference` a tolerance (they differ on a shifted scale such as °F).
template <typename Reading, typename Difference>
static auto ComputeSpec(const ast::Spec& spec, Reading convert, Difference difference) -> model::Spec {
  model::Spec result;
  result.form = static_cast<model::SpecForm>(spec.form);
  const double first = convert(spec.first.value);
  switch (spec.form) {
    case ast::Spec::Form::Symmetric:
      result.target = first;
      result.lsl = first - difference(spec.second.value);
      result.usl = first + difference(spec.second.value);
      result.text = fmt::format("{} ± {}", spec.first.text, spec.second.text);
      break;
    case ast::Spec::Form::Range:
      result.lsl = first;
      result.usl = convert(spec.second.value);
      result.text = fmt::format("{} .. {}", spec.first.text, spec.second.text);
      break;
    case ast::Spec::Form::Asymmetric:
      result.target = first;
      result.usl = first + difference(spec.second.value);
      result.lsl = first - (spec.third ? difference(std::fabs(spec.third->value)) : 0.0);
      result.text = fmt::format("{} +{} -{}", spec.first.text, spec.second.text,
                                spec.third ? spec.third->text : "0");
      break;
    case ast::Spec::Form::Min:
      result.lsl = first;
      result.text = fmt::format("min {}", spec.first.text);
      break;
    case ast::Spec::Form::Max:
      result.usl = first;
      result.text = fmt::format("max {}", spec.first.text);
      break;
  }
  if (spec.unit) {
    result.text += " " + spec.unit->text;
  }
  return result;
}

// The unit a spec is written in, when it names one that converts to the control's `unit`.
auto Checker::SpecUnit(const ast::Spec& spec, std::optional<model::UnitId> unit) -> std::optional<model::UnitId> {
  if (!spec.unit || !unit) {
    return std::nullopt;
  }
  const model::Dimension expected = model::GetUnit(*unit).dimension;
  auto found = ResolveUnit(*spec.unit, {expected});
  if (found && model::GetUnit(*found).dimension != expected) {
    diagnostics_.Emit(diag::DimensionMismatch, spec.unit->span, model::DimensionName(expected), spec.unit->text,
                      model::DimensionName(model::GetUnit(*found).dimension))
        .Primary(fmt::format("a {} unit", model::DimensionName(model::GetUnit(*found).dimension)))
        .Help(fmt::format("write the limits in the measure's unit `{}`", model::GetUnit(*unit).symbol));
    return std::nullopt;
  }
  return found;
}

void Checker::DefineControl(const ast::Control& control) {
  auto slot = OwnSlot(control.head, SymbolKind::Control);
  std::string rule = QualifiedName(control.head.name, current_module_);
  model::Control result;
  result.owner = ResolveOwner(control.owner, "control", control.head);
  std::optional<model::UnitId> unit;
  if (!control.measure) {
    diagnostics_.Emit(diag::MissingClause, control.head.name.span, "control", control.head.name.text, "measure")
        .Help("say what is measured and in which unit: `measure diameter in mm`");
  } else {
    result.characteristic = control.measure->characteristic.text;
    unit = ResolveUnit(control.measure->unit);
    if (unit) {
      result.unit = *unit;
    }
  }
  if (control.spec) {
    const ast::Spec& spec = *control.spec;
    const auto spec_unit = SpecUnit(spec, unit);
    // Without `spec_unit`, a written unit was unknown, of another dimension or had no measure
    // unit to convert to, each reported: the limits cannot be read.
    if (!spec.unit || spec_unit) {
      model::Spec computed = ComputeSpec(
          spec, [&](double v) { return spec_unit ? model::ConvertReading(v, *spec_unit, *unit) : v; },
          [&](double v) { return spec_unit ? model::ConvertDifference(v, *spec_unit, *unit) : v; });
      bool ordered = !computed.lsl || !computed.usl || *computed.lsl < *computed.usl;
      if (computed.target && computed.lsl && computed.usl) {
        ordered = ordered && *computed.lsl <= *computed.target && *computed.target <= *computed.usl;
      }
      if (!ordered) {
        std::string detail = spec.form == ast::Spec::Form::Range
                                 ? fmt::format("lower limit {} is not below upper limit {}", spec.first.text,
                                               spec.second.text)
                                 : fmt::format("the limits {} .. {} do not enclose the target {}",
                                               FormatNumber(*computed.lsl), FormatNumber(*computed.usl),
                                               spec.first.text);
        diagnostics_.Emit(diag::SpecLimitsOutOfOrder, spec.span, detail)
            .Note("a spec needs lower limit < upper limit, with the target between them");
      } else {
        result.spec = computed;
      }
    }
  }
  result.characteristic_class = control.characteristic_class
                                    ? std::optional(control.characteristic_class->text)
                                    : std::nullopt;
  if (control.sample) {
    result.sample_size = control.sample->count.value;
    if (control.sample->count.value < 1) {
      diagnostics_.Emit(diag::NonPositiveQuantity, control.sample->count.span,
                        fmt::format("sample {}", control.sample->count.value));
    }
    auto unit = ResolveUnit(control.sample->every.unit, {model::Dimension::Count, model::Dimension::Time});
    if (unit && model::GetUnit(*unit).dimension == model::Dimension::Time) {
      // Windows of whole milliseconds of at least 1 ms, like every duration the runtime times.
      if (auto ms = CheckDuration(control.sample->every)) {
        result.sample_every = CheckQuantity(control.sample->every, model::Dimension::Time);
        result.sample_every_ms = *ms;
      }
    } else if (unit) {
      result.sample_every = CheckQuantity(control.sample->every, model::Dimension::Count);
      if (result.sample_every) {
        result.sample_every_pieces = std::max<int64_t>(1, std::llround(result.sample_every->base_value()));
      }
    }
    if (result.sample_every && *result.sample_size >= 1) {
      result.sample_clause = AddClause(rule, control.sample->span);
    }
  }
  if (control.first_piece) {
    result.first_piece_clause = AddClause(rule, *control.first_piece);
  }
  if (control.spc) {
    const ast::Spc& spc = *control.spc;
    model::Spc out;
    out.chart = spc.chart.text;
    out.center = spc.center.value;
    out.sigma = spc.sigma.value;
    bool ok = true;
    if (spc.chart.text != "individuals") {
      diagnostics_.Emit(diag::UnknownName, spc.chart.span, "SPC chart", spc.chart.text)
          .Note("the supported chart is `individuals`");
      ok = false;
    }
    if (!(spc.sigma.value > 0)) {
      diagnostics_.Emit(diag::NonPositiveSigma, spc.sigma.span, spc.sigma.text);
      ok = false;
    } else if (result.spec && result.spec->Excludes(spc.center.value)) {
      if (result.spec->lsl && result.spec->usl) {
        diagnostics_.Emit(diag::SpcCenterOutsideSpec, spc.center.span, spc.center.text,
                          FormatNumber(*result.spec->lsl), FormatNumber(*result.spec->usl))
            .Secondary(control.spec->span, "the spec")
            .Note("a process centred outside its spec makes scrap by design");
      } else {
        diagnostics_.Emit(diag::SpcCenterBeyondSpecLimit, spc.center.span, spc.center.text,
                          fmt::format("{} {}", result.spec->lsl ? "min" : "max",
                                      FormatNumber(result.spec->lsl ? *result.spec->lsl : *result.spec->usl)))
            .Secondary(control.spec->span, "the one-sided spec")
            .Note("a process centred beyond its only limit makes scrap by design");
      }
      ok = false;
    }
    uint32_t rule_bits = 0;
    for (const ast::Name& name : spc.rules) {
      if (auto builtin = model::FindSpcRule(name.text)) {
        rule_bits |= 1u << static_cast<int>(*builtin);
      } else if (auto set = Resolve(name, SymbolKind::SpcRuleSet)) {
        for (model::SpcRule r : spc_rule_set_values_[*set]) {
          rule_bits |= 1u << static_cast<int>(r);
        }
      } else {
        ok = false;
      }
    }
    for (int i = 0; i < model::kSpcRuleCount; ++i) {
      if ((rule_bits & (1u << i)) != 0) {
        out.rules.push_back(static_cast<model::SpcRule>(i));
      }
    }
    if (ok) {
      result.spc = out;
    }
  }

  const ast::ReactionPlan* out_of_spec = nullptr;
  const ast::ReactionPlan* spc_signal = nullptr;
  for (const ast::ReactionPlan& plan : control.plans) {
    const ast::ReactionPlan** seen = nullptr;
    if (plan.trigger.text == "out_of_spec") {
      seen = &out_of_spec;
    } else if (plan.trigger.text == "spc_signal") {
      seen = &spc_signal;
    } else {
      std::vector<std::string_view> triggers = {"out_of_spec", "spc_signal"};
      auto diag = diagnostics_.Emit(diag::UnknownTrigger, plan.trigger.span, plan.trigger.text);
      if (auto best = diagnostics::ClosestMatch(plan.trigger.text, triggers)) {
        diag.Help(fmt::format("did you mean `{}`?", *best)).Fix(plan.trigger.span, std::string(*best));
      } else {
        diag.Note("a control reacts `on out_of_spec` or `on spc_signal`");
      }
      continue;
    }
    if (*seen != nullptr) {
      diagnostics_.Emit(diag::DuplicateClause, plan.trigger.span, "on " + plan.trigger.text)
          .Secondary((*seen)->trigger.span, "first given here")
          .Help("merge the two reaction plans into one");
      continue;
    }
    *seen = &plan;
    if (seen == &out_of_spec) {
      if (!control.spec) {
        diagnostics_.Emit(diag::OutOfSpecWithoutSpec, plan.trigger.span, control.head.name.text)
            .Help("add a `spec` clause, or remove this reaction plan");
        continue;
      }
      result.out_of_spec_clause = AddClause(rule, plan.trigger.span);
      result.on_out_of_spec = CheckReactions(plan.reactions, rule, base::ReactionContext::ControlPlan);
    } else {
      if (!control.spc) {
        diagnostics_.Emit(diag::SpcSignalWithoutSpc, plan.trigger.span, control.head.name.text)
            .Help("add `spc individuals center … sigma … rules …`, or remove this reaction plan");
        continue;
      }
      result.spc_clause = AddClause(rule, plan.trigger.span);
      result.on_spc_signal = CheckReactions(plan.reactions, rule, base::ReactionContext::ControlPlan);
    }
  }
  if (control.plans.empty() && current_module_ < 0) {
    diagnostics_.Emit(diag::ControlWithoutReactionPlan, control.head.name.span, control.head.name.text)
        .Note("a control point without a reaction plan measures but never acts")
        .Help("add `on out_of_spec { … }` saying what happens when a part is out of spec");
  }
  if (slot) {
    static_cast<model::Named&>(result) = plant_->controls[*slot];
    result.checked_at = plant_->controls[*slot].checked_at;
    plant_->controls[*slot] = std::move(result);
  }
}

// Runs after every routing is known: which controls are checked at an operation decides
// whether their reactions may name a lot.
void Checker::CheckControlReactions() {
  for (size_t i = 0; i < control_asts_.size(); ++i) {
    const ast::Control& control = *control_asts_[i];
    const model::Control& model_control = plant_->controls[i];
    if (auto symbol = scope_.find(model_control.name);
        symbol == scope_.end() || symbol->second.span != model_control.span) {
      continue;  // A duplicate (T0202): its body is not checked.
    }
    for (const ast::ReactionPlan& plan : control.plans) {
      const ast::Reaction* hold = nullptr;
      for (const ast::Reaction& reaction : plan.reactions) {
        if (reaction.kind == ast::ReactionKind::HoldLot && hold == nullptr) {
          hold = &reaction;
        }
      }
      if (hold == nullptr) {
        continue;
      }
      if (model_control.checked_at.empty() && !model_control.from_module) {
        if (routing_checks_incomplete_) {
          continue;  // The routing that checks it may be the one with the broken reference.
        }
        diagnostics_.Emit(diag::LotReactionOutsideRouting, hold->span, base::GetReaction(hold->kind).spelling,
                          control.head.name.text)
            .Help(fmt::format("add `check {}` to the routing operation that measures it", control.head.name.text));
        continue;
      }
      bool releasable = false;
      bool unresolved = false;
      for (const ast::Reaction& reaction : plan.reactions) {
        if (reaction.kind != ast::ReactionKind::OpenCase || !reaction.target) {
          continue;
        }
        auto found = scope_.find(reaction.target->text);
        if (found == scope_.end() || found->second.kind != SymbolKind::Case) {
          unresolved = true;
          continue;
        }
        const ast::Case& kase = *case_asts_[found->second.index];
        for (const ast::Outcome& outcome : kase.outcomes) {
          for (const ast::Reaction& r : outcome.reactions) {
            releasable = releasable || r.kind == ast::ReactionKind::ReleaseLot;
          }
        }
      }
      if (!releasable && !unresolved) {
        diagnostics_.Emit(diag::HoldWithoutRelease, hold->span, control.head.name.text)
            .Note("a held lot waits for a decision: a case owner must be able to release it")
            .Help("also `open` a case with an outcome `{ release lot }`");
      }
    }
  }
}

}  // namespace takt::check
