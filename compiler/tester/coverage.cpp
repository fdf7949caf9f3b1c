// Which clauses of the plant the tests exercised. An action names its clause (rule + src); a
// clause group (a reaction block, a tier, an outcome) counts as exercised when any of its
// clauses produced an action in some test.
#include <fmt/format.h>

#include "compiler/tester/tester.h"

namespace takt::tester {

namespace {

class CoverageBuilder {
 public:
  CoverageBuilder(const source::SourceManager& sources, const std::set<uint32_t>& hit)
      : sources_(sources), hit_(hit) {}

  void Add(std::string declaration, std::string clause, source::Span span, std::vector<model::ClauseId> clauses) {
    bool covered = false;
    for (model::ClauseId id : clauses) {
      covered = covered || (id.is_valid() && hit_.contains(id.index));
    }
    items_.push_back(CoverageItem{.declaration = std::move(declaration),
                                  .clause = std::move(clause),
                                  .location = span.is_valid() ? sources_.FormatLocation(span) : "",
                                  .covered = covered});
  }

  auto items() -> std::vector<CoverageItem>& { return items_; }

 private:
  const source::SourceManager& sources_;
  const std::set<uint32_t>& hit_;
  std::vector<CoverageItem> items_;
};

auto WithReactions(model::ClauseId head, const std::vector<model::Reaction>& reactions)
    -> std::vector<model::ClauseId> {
  std::vector<model::ClauseId> clauses{head};
  for (const model::Reaction& reaction : reactions) {
    clauses.push_back(reaction.clause);
  }
  return clauses;
}

auto SpanOf(const model::Plant& plant, model::ClauseId id) -> source::Span {
  return id.is_valid() ? plant.clause(id).span : source::Span{};
}

}  // namespace

auto ComputeCoverage(const model::Plant& plant, const source::SourceManager& sources,
                     const std::set<uint32_t>& clauses_hit) -> std::vector<CoverageItem> {
  CoverageBuilder builder(sources, clauses_hit);
  for (const model::Routing& routing : plant.routings) {
    if (routing.from_module) {
      continue;
    }
    std::string name = "routing " + routing.name;
    builder.Add(name, "operation order (rejects)", SpanOf(plant, routing.clause), {routing.clause});
    for (const model::Operation& op : routing.operations) {
      if (op.instruction_clause.is_valid()) {
        builder.Add(name, fmt::format("op {} instruction revision (rejects)", op.number),
                    SpanOf(plant, op.instruction_clause), {op.instruction_clause});
      }
      for (const model::Consume& consume : op.consumes) {
        builder.Add(name, fmt::format("op {} consume {}", op.number, plant.materials[consume.material.index].name),
                    SpanOf(plant, consume.clause), {consume.clause});
      }
      if (op.std_time_clause.is_valid()) {
        builder.Add(name, fmt::format("op {} std_time", op.number), SpanOf(plant, op.std_time_clause),
                    {op.std_time_clause});
      }
      if (op.on_fail) {
        builder.Add(name, fmt::format("op {} on fail", op.number), SpanOf(plant, op.on_fail->clause),
                    {op.on_fail->clause});
      }
    }
  }
  for (const model::Control& control : plant.controls) {
    if (control.from_module) {
      continue;
    }
    std::string name = "control " + control.name;
    if (control.sample_clause.is_valid()) {
      builder.Add(name, "sample", SpanOf(plant, control.sample_clause), {control.sample_clause});
    }
    if (control.first_piece_clause.is_valid()) {
      builder.Add(name, "first piece each shift", SpanOf(plant, control.first_piece_clause),
                  {control.first_piece_clause});
    }
    if (!control.on_out_of_spec.empty()) {
      builder.Add(name, "on out_of_spec", SpanOf(plant, control.out_of_spec_clause),
                  WithReactions(control.out_of_spec_clause, control.on_out_of_spec));
    }
    if (control.spc_clause.is_valid()) {
      builder.Add(name, "on spc_signal", SpanOf(plant, control.spc_clause),
                  WithReactions(control.spc_clause, control.on_spc_signal));
    }
  }
  for (const model::Case& case_decl : plant.cases) {
    if (case_decl.from_module) {
      continue;
    }
    std::string name = "case " + case_decl.name;
    if (case_decl.evidence_clause.is_valid()) {
      builder.Add(name, "require evidence (rejects)", SpanOf(plant, case_decl.evidence_clause),
                  {case_decl.evidence_clause});
    }
    for (const model::Outcome& outcome : case_decl.outcomes) {
      builder.Add(name, "outcome " + outcome.name, SpanOf(plant, outcome.clause),
                  WithReactions(outcome.clause, outcome.reactions));
    }
    builder.Add(name, "on timeout", SpanOf(plant, case_decl.timeout.clause), {case_decl.timeout.clause});
  }
  for (const model::Deviation& deviation : plant.deviations) {
    if (deviation.from_module) {
      continue;
    }
    builder.Add("deviation " + deviation.name, "approval and expiry", SpanOf(plant, deviation.clause),
                {deviation.clause});
  }
  for (const model::Reason& reason : plant.reasons) {
    if (!reason.from_module && reason.required_clause.is_valid()) {
      builder.Add("reason " + reason.name, "require (incomplete records)", SpanOf(plant, reason.required_clause),
                  {reason.required_clause});
    }
  }
  for (const model::Escalation& escalation : plant.escalations) {
    if (escalation.from_module) {
      continue;
    }
    for (size_t i = 0; i < escalation.tiers.size(); ++i) {
      const model::Tier& tier = escalation.tiers[i];
      builder.Add("escalation " + escalation.name, fmt::format("tier {} (after {})", i + 1, tier.after_text),
                  SpanOf(plant, tier.clause()), WithReactions(tier.clause(), tier.reactions));
    }
  }
  for (const model::Recurrence& recurrence : plant.recurrences) {
    if (recurrence.from_module) {
      continue;
    }
    builder.Add("recurrence " + recurrence.name, fmt::format("{} times within {}", recurrence.count, model::FormatDuration(recurrence.window_ms)),
                SpanOf(plant, recurrence.clause), WithReactions(recurrence.clause, recurrence.reactions));
  }
  for (const model::Handover& handover : plant.handovers) {
    if (handover.from_module) {
      continue;
    }
    std::string name = "handover " + handover.name;
    builder.Add(name, "report at end of shift", SpanOf(plant, handover.report_clause), {handover.report_clause});
    if (handover.acknowledge_clause.is_valid()) {
      builder.Add(name, "acknowledge timeout", SpanOf(plant, handover.acknowledge_clause),
                  {handover.acknowledge_clause});
    }
  }
  return std::move(builder.items());
}

}  // namespace takt::tester
