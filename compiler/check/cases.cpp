// Cases (decisions with an owner, outcomes and a timeout path) and deviations.
#include <algorithm>
#include <fmt/format.h>

#include "compiler/check/checker.h"

namespace takt::check {

void Checker::DefineCase(const ast::Case& kase) {
  auto slot = OwnSlot(kase.head, SymbolKind::Case);
  std::string rule = QualifiedName(kase.head.name, current_module_);
  model::Case result;
  result.owner = ResolveOwner(kase.owner, "case", kase.head);
  if (kase.decide_within) {
    result.decide_within_ms = CheckDuration(*kase.decide_within).value_or(0);
  }
  for (const ast::Name& evidence : kase.evidence) {
    result.evidence.push_back(evidence.text);
    AddRequiredName(plant_->evidence_names, evidence, "evidence names");
  }
  if (!kase.evidence.empty()) {
    result.evidence_clause = AddClause(rule, kase.evidence.front().span);
  }
  if (kase.outcomes.empty()) {
    diagnostics_.Emit(diag::CaseWithoutOutcome, kase.head.name.span, kase.head.name.text)
        .Help("add `outcome NAME \"Title\"` for each decision the owner can take");
  }
  for (const ast::Outcome& outcome : kase.outcomes) {
    auto first = std::find_if(kase.outcomes.begin(), kase.outcomes.end(),
                              [&](const ast::Outcome& o) { return o.name.text == outcome.name.text; });
    if (&*first != &outcome) {
      diagnostics_.Emit(diag::DuplicateName, outcome.name.span, outcome.name.text)
          .Secondary(first->name.span, "first declared here");
      continue;
    }
    result.outcomes.push_back(model::Outcome{
        .name = outcome.name.text,
        .title = outcome.title ? outcome.title->value : "",
        .reactions = {},
        .clause = AddClause(rule, outcome.name.span)});
    result.outcomes.back().reactions =
        CheckReactions(outcome.reactions, rule, base::ReactionContext::CaseOutcome);
  }
  if (!kase.decide_within || !kase.on_timeout) {
    auto diag = diagnostics_.Emit(diag::CaseWithoutTimeout, kase.head.name.span, kase.head.name.text);
    if (!kase.decide_within) {
      diag.Help("add `decide within DURATION` and `on timeout escalate …`");
    } else {
      diag.Secondary(kase.decide_within->span, "the deadline is set here")
          .Help("say what happens when the deadline passes: `on timeout escalate up every 30 min`");
    }
  } else {
    const ast::OnTimeout& timeout = *kase.on_timeout;
    result.timeout.clause = AddClause(rule, timeout.span);
    if (timeout.every) {
      result.timeout.kind = model::TimeoutKind::EscalateUpEvery;
      result.timeout.every_ms = CheckDuration(*timeout.every).value_or(0);
      if (slot) {
        escalate_up_.emplace_back(model::CaseId{*slot}, timeout.span);
      }
    } else if (timeout.role) {
      result.timeout.kind = model::TimeoutKind::EscalateTo;
      result.timeout.role = ResolveRole(*timeout.role);
    }
  }
  if (kase.signature) {
    result.signature = DefineSignature(*kase.signature, rule);
  }
  if (slot) {
    static_cast<model::Named&>(result) = plant_->cases[*slot];
    plant_->cases[*slot] = std::move(result);
  }
}

// `escalate up` walks `reports_to` from the case owner: it must have at least one step.
// The walk itself ends because reports_to cycles are rejected.
void Checker::CheckEscalateUpChains() {
  for (const auto& [case_id, span] : escalate_up_) {
    const model::Case& kase = plant_->cases[case_id.index];
    if (!kase.owner.is_valid()) {
      continue;
    }
    const model::Role& owner = plant_->roles[kase.owner.index];
    if (!owner.reports_to) {
      diagnostics_.Emit(diag::EscalateUpChainEmpty, span, owner.name)
          .Secondary(owner.span, "declared here without `reports_to`")
          .Help(fmt::format("give `{}` a `reports_to`, or use `escalate to ROLE`", owner.name));
    }
  }
}

auto Checker::DefineSignature(const ast::Signature& signature, const std::string& rule) -> model::Signature {
  signatures_.push_back(signature.span);
  std::vector<std::string>& meanings = plant_->signature_meanings;
  const auto meaning =
      static_cast<uint32_t>(std::find(meanings.begin(), meanings.end(), signature.meaning.value) - meanings.begin());
  if (meaning == meanings.size()) {
    meanings.push_back(signature.meaning.value);
  }
  return model::Signature{.meaning = meaning, .clause = AddClause(rule, signature.span)};
}

// A signature is a person's printed name with a meaning: without a roster there is no person.
void Checker::CheckSignaturesHaveRoster() {
  if (!plant_->people.empty()) {
    return;
  }
  for (const source::Span& span : signatures_) {
    diagnostics_.Emit(diag::SignatureWithoutRoster, span)
        .Help("declare who may sign: `person NAME \"Full name\" roles ROLE` (docs/language.md, \"People\")");
  }
}

void Checker::DefineDeviation(const ast::Deviation& deviation) {
  auto slot = OwnSlot(deviation.head, SymbolKind::Deviation);
  model::Deviation result;
  result.owner = ResolveOwner(deviation.owner, "deviation", deviation.head);
  for (const ast::Name& approver : deviation.approvers) {
    model::RoleId role = ResolveRole(approver);
    if (role.is_valid()) {
      result.approvers.push_back(role);
    }
  }
  if (deviation.approvers.empty()) {
    diagnostics_.Emit(diag::DeviationWithoutApprovers, deviation.head.name.span, deviation.head.name.text)
        .Help("add `approve by ROLE and ROLE`");
  }
  for (const ast::RiskApproval& risk : deviation.risk_approvals) {
    model::RiskApproval out{.level = risk.level.text, .approvers = {}};
    for (const ast::Name& approver : risk.approvers) {
      model::RoleId role = ResolveRole(approver);
      if (role.is_valid()) {
        out.approvers.push_back(role);
      }
    }
    result.risk_approvals.push_back(std::move(out));
  }
  if (deviation.expires_after) {
    result.expires_after_ms = CheckDuration(*deviation.expires_after);
  }
  if (deviation.expires_lots) {
    if (deviation.expires_lots->value < 1) {
      diagnostics_.Emit(diag::NonPositiveQuantity, deviation.expires_lots->span,
                        fmt::format("{} lots", deviation.expires_lots->value));
    } else {
      result.expires_lots = deviation.expires_lots->value;
    }
  }
  if (!deviation.expires_after && !deviation.expires_lots) {
    diagnostics_.Emit(diag::DeviationWithoutExpiry, deviation.head.name.span, deviation.head.name.text)
        .Note("a deviation is temporary by definition")
        .Help("add `expires after 14 d` or `expires after 14 d or 3 lots`");
  }
  if (slot) {
    std::string rule = plant_->deviations[*slot].name;
    result.clause = AddClause(rule, deviation.head.name.span);
    if (deviation.signature) {
      result.signature = DefineSignature(*deviation.signature, rule);
    }
    static_cast<model::Named&>(result) = plant_->deviations[*slot];
    plant_->deviations[*slot] = std::move(result);
  }
}

}  // namespace takt::check
