#include "compiler/model/metadata.h"

#include <algorithm>
#include <string_view>

#include "takt/sha256.h"

namespace takt::model {

auto SourceSha256(const Plant& plant, const source::SourceManager& sources) -> std::string {
  runtime::Sha256 sha;
  for (source::FileId file : plant.files) {
    sha.Update(sources.contents(file));
    sha.Update(std::string_view("\0", 1));
  }
  return sha.FinishHex();
}

// Which kind of declaration each clause belongs to, for tools reading the rule table.
static void MarkRuleKinds(Plant& plant) {
  auto mark = [&](ClauseId clause, takt_rule_kind kind) {
    if (clause.is_valid() && clause.index < plant.clauses.size()) {
      plant.clauses[clause.index].kind = kind;
    }
  };
  auto mark_all = [&](const std::vector<Reaction>& reactions, takt_rule_kind kind) {
    for (const Reaction& reaction : reactions) {
      mark(reaction.clause, kind);
    }
  };
  for (const auto& control : plant.controls) {
    mark(control.out_of_spec_clause, TAKT_RULE_CONTROL);
    mark(control.spc_clause, TAKT_RULE_CONTROL);
    mark(control.sample_clause, TAKT_RULE_CONTROL);
    mark(control.first_piece_clause, TAKT_RULE_CONTROL);
    mark_all(control.on_out_of_spec, TAKT_RULE_CONTROL);
    mark_all(control.on_spc_signal, TAKT_RULE_CONTROL);
  }
  for (const auto& routing : plant.routings) {
    mark(routing.clause, TAKT_RULE_ROUTING);
    for (const auto& op : routing.operations) {
      mark(op.instruction_clause, TAKT_RULE_ROUTING);
      if (op.on_fail) {
        mark(op.on_fail->clause, TAKT_RULE_ROUTING);
      }
      mark(op.std_time_clause, TAKT_RULE_ROUTING);
      for (const auto& consume : op.consumes) {
        mark(consume.clause, TAKT_RULE_ROUTING);
      }
    }
  }
  for (const auto& case_decl : plant.cases) {
    mark(case_decl.timeout.clause, TAKT_RULE_CASE);
    mark(case_decl.evidence_clause, TAKT_RULE_CASE);
    for (const auto& outcome : case_decl.outcomes) {
      mark(outcome.clause, TAKT_RULE_CASE);
      mark_all(outcome.reactions, TAKT_RULE_CASE);
    }
  }
  for (const auto& deviation : plant.deviations) {
    mark(deviation.clause, TAKT_RULE_DEVIATION);
  }
  for (const auto& escalation : plant.escalations) {
    for (const auto& tier : escalation.tiers) {
      for (const auto& reaction : tier.reactions) {
        mark(reaction.clause, TAKT_RULE_ESCALATION);
      }
    }
  }
  for (const auto& recurrence : plant.recurrences) {
    mark(recurrence.clause, TAKT_RULE_RECURRENCE);
    mark_all(recurrence.reactions, TAKT_RULE_RECURRENCE);
  }
  for (const auto& handover : plant.handovers) {
    mark(handover.report_clause, TAKT_RULE_HANDOVER);
    mark(handover.acknowledge_clause, TAKT_RULE_HANDOVER);
  }
}

void FillMetadata(Plant& plant, const source::SourceManager& sources) {
  MarkRuleKinds(plant);
  for (Clause& clause : plant.clauses) {
    if (clause.span.is_valid()) {
      clause.file = sources.path(clause.span.file);
      const source::LineCol position = sources.GetLineCol(clause.span.file, clause.span.begin);
      clause.line = position.line;
      clause.col = position.column;
    }
  }
  plant.shift_ends.clear();
  for (const auto& shift : plant.shifts) {
    plant.shift_ends.push_back(shift.end_minute % (24 * 60));
  }
  std::sort(plant.shift_ends.begin(), plant.shift_ends.end());
  plant.shift_ends.erase(std::unique(plant.shift_ends.begin(), plant.shift_ends.end()), plant.shift_ends.end());
}

}  // namespace takt::model
