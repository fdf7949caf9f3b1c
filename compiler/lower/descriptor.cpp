// The descriptor's tables: names, rules with their source positions, routings' operation
// numbers, case outcomes, deviation risk levels — everything the runtime decodes names with and
// encodes actions from. Same content as the interpreter's descriptor, from the same model; the
// metadata both embed (source hash, rule kinds and positions) is computed once, in the model.
#include "compiler/base/time_zone.h"
#include "compiler/lower/lower.h"
#include "compiler/lower/lowerer.h"
#include "compiler/model/people.h"

namespace takt::lower {

void Lowerer::BuildDescriptor() {
  xir::Descriptor& d = module_.descriptor;
  d.plant_name = plant_.name;
  for (const model::Clause& clause : plant_.clauses) {
    d.rules.push_back(
        {.name = clause.rule, .kind = clause.kind, .file = clause.file, .line = clause.line, .col = clause.col});
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
  for (const auto& material : plant_.materials) {
    d.materials.push_back(material.name);
  }
  for (const auto& person : plant_.people) {
    d.people.push_back(person.name);
    d.person_names.push_back(model::PrintedName(person));
  }
  d.meanings = plant_.signature_meanings;
  for (const auto& qualification : plant_.qualifications) {
    d.qualifications.push_back(qualification.name);
  }
  d.evidence = plant_.evidence_names;
  d.fields = plant_.field_names;
  if (!plant_.timezone.empty()) {
    d.timezone = plant_.timezone;
    d.tzdb_version = base::TzdbVersion();
  }
}

}  // namespace takt::lower
