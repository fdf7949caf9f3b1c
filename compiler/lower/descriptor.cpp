// The descriptor's tables: names, rules with their source positions, routings' operation
// numbers, case outcomes, deviation risk levels — everything the runtime decodes names with and
// encodes actions from. Same content as the interpreter's descriptor, from the same model.
#include <algorithm>

#include "compiler/lower/lower.h"
#include "compiler/lower/lowerer.h"
#include "takt/sha256.h"

namespace takt::lower {

using model::ClauseId;
using model::Reaction;

auto SourceHash(const model::Plant& plant, const source::SourceManager& sources) -> std::string {
  runtime::Sha256 sha;
  for (source::FileId file : plant.files) {
    sha.Update(sources.contents(file));
    sha.Update(std::string_view("\0", 1));
  }
  return sha.FinishHex();
}

void Lowerer::BuildDescriptor() {
  xir::Descriptor& d = module_.descriptor;
  d.plant_name = plant_.name;
  d.source_sha256 = SourceHash(plant_, sources_);
  // Which kind of declaration each clause belongs to, for tools reading the rule table.
  std::vector<uint32_t> kinds(plant_.clauses.size(), TAKT_RULE_OTHER);
  auto mark = [&](ClauseId clause, takt_rule_kind kind) {
    if (clause.is_valid() && clause.index < kinds.size()) {
      kinds[clause.index] = kind;
    }
  };
  auto mark_all = [&](const std::vector<Reaction>& reactions, takt_rule_kind kind) {
    for (const Reaction& reaction : reactions) {
      mark(reaction.clause, kind);
    }
  };
  for (const auto& control : plant_.controls) {
    mark(control.out_of_spec_clause, TAKT_RULE_CONTROL);
    mark(control.spc_clause, TAKT_RULE_CONTROL);
    mark_all(control.on_out_of_spec, TAKT_RULE_CONTROL);
    mark_all(control.on_spc_signal, TAKT_RULE_CONTROL);
  }
  for (const auto& routing : plant_.routings) {
    mark(routing.clause, TAKT_RULE_ROUTING);
    for (const auto& op : routing.operations) {
      if (op.on_fail) {
        mark(op.on_fail->clause, TAKT_RULE_ROUTING);
      }
    }
  }
  for (const auto& case_decl : plant_.cases) {
    mark(case_decl.timeout.clause, TAKT_RULE_CASE);
    for (const auto& outcome : case_decl.outcomes) {
      mark(outcome.clause, TAKT_RULE_CASE);
      mark_all(outcome.reactions, TAKT_RULE_CASE);
    }
  }
  for (const auto& deviation : plant_.deviations) {
    mark(deviation.clause, TAKT_RULE_DEVIATION);
  }
  for (const auto& escalation : plant_.escalations) {
    for (const auto& tier : escalation.tiers) {
      mark(tier.reaction.clause, TAKT_RULE_ESCALATION);
    }
  }
  for (const auto& recurrence : plant_.recurrences) {
    mark(recurrence.clause, TAKT_RULE_RECURRENCE);
    mark_all(recurrence.reactions, TAKT_RULE_RECURRENCE);
  }
  for (const auto& handover : plant_.handovers) {
    mark(handover.report_clause, TAKT_RULE_HANDOVER);
    mark(handover.acknowledge_clause, TAKT_RULE_HANDOVER);
  }
  for (size_t i = 0; i < plant_.clauses.size(); ++i) {
    const model::Clause& clause = plant_.clauses[i];
    xir::RuleInfo rule{.name = clause.rule, .kind = kinds[i], .file = "<unknown>", .line = 0, .col = 0};
    if (clause.span.is_valid()) {
      rule.file = sources_.path(clause.span.file);
      const source::LineCol position = sources_.GetLineCol(clause.span.file, clause.span.begin);
      rule.line = position.line;
      rule.col = position.column;
    }
    d.rules.push_back(std::move(rule));
  }
  for (const auto& role : plant_.roles) {
    d.roles.push_back({.name = role.name, .reports_to = role.reports_to ? role.reports_to->index : TAKT_NONE});
  }
  for (const auto& shift : plant_.shifts) {
    d.shifts.push_back({.name = shift.name, .start_minute = shift.start_minute, .end_minute = shift.end_minute});
  }
  for (const auto& line : plant_.lines) {
    d.lines.push_back(line.name);
  }
  for (const auto& workcenter : plant_.workcenters) {
    d.workcenters.push_back({.name = workcenter.name, .ref = workcenter.line.index});
  }
  for (const auto& control : plant_.controls) {
    d.controls.push_back(control.name);
  }
  for (const auto& reason : plant_.reasons) {
    d.reasons.push_back({.name = reason.name, .ref = reason.parent ? reason.parent->index : TAKT_NONE});
  }
  for (const auto& routing : plant_.routings) {
    xir::RoutingInfo info{.name = routing.name, .ops = {}};
    for (const auto& op : routing.operations) {
      info.ops.push_back(op.number);
    }
    d.routings.push_back(std::move(info));
  }
  for (const auto& case_decl : plant_.cases) {
    xir::NameList list{.name = case_decl.name, .items = {}};
    for (const auto& outcome : case_decl.outcomes) {
      list.items.push_back(outcome.name);
    }
    d.cases.push_back(std::move(list));
  }
  for (const auto& deviation : plant_.deviations) {
    xir::NameList list{.name = deviation.name, .items = {}};
    for (const auto& risk : deviation.risk_approvals) {
      list.items.push_back(risk.level);
    }
    d.deviations.push_back(std::move(list));
  }
  for (const auto& handover : plant_.handovers) {
    d.handovers.push_back(handover.name);
  }
}

}  // namespace takt::lower
