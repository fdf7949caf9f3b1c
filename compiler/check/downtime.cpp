// Reason trees and the rules that listen to stops: escalations, recurrences, and handovers.
#include <algorithm>
#include <array>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "compiler/check/checker.h"

namespace takt::check {

static auto ParseLoss(std::string_view text) -> std::optional<model::LossClass> {
  if (text == "availability") {
    return model::LossClass::Availability;
  }
  if (text == "performance") {
    return model::LossClass::Performance;
  }
  if (text == "quality") {
    return model::LossClass::Quality;
  }
  return std::nullopt;
}

void Checker::DefineReasons(const ast::Reasons& reasons) {
  auto root = reasons.path.parts.size() == 1 ? std::optional(reason_paths_.at(reasons.path.text))
                                            : std::nullopt;
  if (!root) {
    root = ResolveReason(reasons.path);
    if (!root) {
      return;
    }
  }
  std::optional<model::RoleId> owner;
  model::Reason& node = plant_->reasons[root->index];
  bool created_here = node.span == reasons.path.span;
  if (reasons.owner) {
    model::RoleId role = ResolveRole(reasons.owner->role);
    if (!role.is_valid()) {
      return;  // Every reason below would repeat the unknown owner.
    }
    owner = role;
  }
  if (created_here) {
    node.owner = owner;
    if (reasons.loss) {
      if (auto loss = ParseLoss(reasons.loss->text)) {
        node.loss = *loss;
      } else {
        diagnostics_.Emit(diag::UnknownName, reasons.loss->span, "loss class", reasons.loss->text)
            .Note("losses are `availability`, `performance` or `quality`");
      }
    }
    if (!owner && current_module_ < 0) {
      diagnostics_.Emit(diag::MissingOwner, reasons.path.span, "reason", reasons.path.text)
          .Help("add `owner ROLE` after the tree's name");
      return;
    }
  }
  for (const ast::Reason& reason : reasons.reasons) {
    DefineReason(reason, *root, owner, current_module_ >= 0);
  }
}

void Checker::DefineReason(const ast::Reason& reason, model::ReasonId parent,
                           std::optional<model::RoleId> inherited_owner, bool from_module) {
  auto found = reason_paths_.find(plant_->reasons[parent.index].name + "." + reason.head.name.text);
  if (found == reason_paths_.end() || plant_->reasons[found->second.index].span != reason.head.name.span) {
    return;  // A duplicate, reported in pass one.
  }
  model::ReasonId id = found->second;
  model::Reason& node = plant_->reasons[id.index];
  std::optional<model::RoleId> owner = inherited_owner;
  if (reason.owner) {
    model::RoleId role = ResolveRole(reason.owner->role);
    if (!role.is_valid()) {
      return;
    }
    owner = role;
  }
  node.owner = owner;
  if (!owner && !from_module) {
    diagnostics_.Emit(diag::MissingOwner, reason.head.name.span, "reason", node.name)
        .Help("add `owner ROLE` to the reason or to the `reasons` block around it");
    return;
  }
  node.loss = node.parent ? plant_->reasons[node.parent->index].loss : model::LossClass::None;
  if (reason.loss) {
    if (auto loss = ParseLoss(reason.loss->text)) {
      node.loss = *loss;
    } else {
      diagnostics_.Emit(diag::UnknownName, reason.loss->span, "loss class", reason.loss->text)
          .Note("losses are `availability`, `performance` or `quality`");
    }
  }
  for (const ast::Name& required : reason.required) {
    node.required.push_back(required.text);
    AddRequiredName(plant_->field_names, required, "reason fields");
  }
  if (!reason.required.empty()) {
    node.required_clause = AddClause(node.name, reason.required.front().span);
  }
  for (const ast::Reason& child : reason.children) {
    DefineReason(child, id, owner, from_module);
  }
}

// Clauses that run at a shift's end or start mean nothing in a plant without shifts.
void Checker::CheckShiftClausesHaveShifts() {
  if (!plant_->shifts.empty()) {
    return;
  }
  constexpr const char* kDeclareShifts = "declare the shifts: `shifts { shift early 06:00 to 14:00 … }`";
  for (const model::Handover& handover : plant_->handovers) {
    if (!handover.from_module) {
      diagnostics_.Emit(diag::HandoverWithoutShifts, handover.span, handover.name).Help(kDeclareShifts);
    }
  }
  for (const model::Control& control : plant_->controls) {
    if (control.first_piece_clause.is_valid() && !control.from_module) {
      diagnostics_
          .Emit(diag::FirstPieceWithoutShifts, plant_->clause(control.first_piece_clause).span, control.name)
          .Help(kDeclareShifts);
    }
  }
}

auto Checker::CheckTrigger(const ast::StopTrigger& trigger) -> std::optional<model::StopTrigger> {
  if (!trigger.reason) {
    return model::StopTrigger{.uncoded = true, .reason = {}};
  }
  if (auto reason = ResolveReason(*trigger.reason)) {
    return model::StopTrigger{.uncoded = false, .reason = *reason};
  }
  return std::nullopt;
}

void Checker::DefineEscalation(const ast::Escalation& escalation) {
  auto slot = OwnSlot(escalation.head, SymbolKind::Escalation);
  std::string rule = QualifiedName(escalation.head.name, current_module_);
  model::Escalation result;
  auto trigger = CheckTrigger(escalation.trigger);
  result.owner = ResolveOwner(escalation.owner, "escalation", escalation.head);
  if (escalation.tiers.empty()) {
    diagnostics_.Emit(diag::EscalationWithoutTiers, escalation.head.name.span, escalation.head.name.text)
        .Help("add tiers such as `after 10 min notify maintenance_tech`");
  }
  const ast::Tier* previous = nullptr;
  int64_t previous_ms = 0;
  for (const ast::Tier& tier : escalation.tiers) {
    auto after = CheckDuration(tier.after);
    if (after && previous != nullptr && *after <= previous_ms) {
      diagnostics_.Emit(diag::TiersNotIncreasing, tier.after.span,
                        tier.after.amount.text + " " + tier.after.unit.text,
                        previous->after.amount.text + " " + previous->after.unit.text)
          .Secondary(previous->after.span, "the tier before")
          .Note("each tier of an escalation comes strictly later than the one before it");
    }
    auto reactions = CheckReactions(tier.reactions, rule, base::ReactionContext::EscalationTier);
    if (after && reactions.size() == tier.reactions.size()) {
      result.tiers.push_back(model::Tier{.after_ms = *after, .reactions = std::move(reactions),
                                         .after_text = tier.after.amount.text + " " + tier.after.unit.text});
    }
    if (after) {
      previous = &tier;
      previous_ms = *after;
    }
  }
  if (slot && trigger) {
    result.trigger = *trigger;
    static_cast<model::Named&>(result) = plant_->escalations[*slot];
    plant_->escalations[*slot] = std::move(result);
  }
}

void Checker::DefineRecurrence(const ast::Recurrence& recurrence) {
  auto slot = OwnSlot(recurrence.head, SymbolKind::Recurrence);
  std::string rule = QualifiedName(recurrence.head.name, current_module_);
  model::Recurrence result;
  auto trigger = CheckTrigger(recurrence.trigger);
  result.owner = ResolveOwner(recurrence.owner, "recurrence", recurrence.head);
  result.count = recurrence.count.value;
  if (recurrence.count.value < 1) {
    diagnostics_.Emit(diag::RecurrenceCount, recurrence.count.span, recurrence.count.value);
  }
  result.window_ms = CheckDuration(recurrence.window).value_or(0);
  for (const ast::Name& key : recurrence.keys) {
    if (key.text == "workcenter") {
      result.per_workcenter = true;
    } else if (key.text == "reason") {
      result.per_reason = true;
    } else {
      std::vector<std::string_view> keys = {"workcenter", "reason"};
      auto diag = diagnostics_.Emit(diag::UnknownRecurrenceKey, key.span, key.text);
      if (auto best = diagnostics::ClosestMatch(key.text, keys)) {
        diag.Help(fmt::format("did you mean `{}`?", *best)).Fix(key.span, std::string(*best));
      } else {
        diag.Note("stops are counted `per workcenter`, `per reason`, or both");
      }
    }
  }
  result.clause = AddClause(rule, recurrence.head.name.span);
  result.reactions = CheckReactions(recurrence.reactions, rule, base::ReactionContext::Recurrence);
  if (slot && trigger) {
    result.trigger = *trigger;
    static_cast<model::Named&>(result) = plant_->recurrences[*slot];
    plant_->recurrences[*slot] = std::move(result);
  }
}

void Checker::DefineHandover(const ast::Handover& handover) {
  auto slot = OwnSlot(handover.head, SymbolKind::Handover);
  std::string rule = QualifiedName(handover.head.name, current_module_);
  model::Handover result;
  result.owner = ResolveOwner(handover.owner, "handover", handover.head);
  static constexpr auto kItems = [] {
    std::array<model::ReportItem, model::kReportItemCount> items{};
    for (int i = 0; i < model::kReportItemCount; ++i) {
      items[i] = static_cast<model::ReportItem>(i);
    }
    return items;
  }();
  for (const std::vector<ast::Name>& words : handover.report) {
    std::string text;
    for (const ast::Name& word : words) {
      text += (text.empty() ? "" : " ") + word.text;
    }
    auto item = std::find_if(kItems.begin(), kItems.end(),
                             [&](model::ReportItem i) { return model::ReportItemName(i) == text; });
    if (item == kItems.end()) {
      std::vector<std::string_view> names;
      for (model::ReportItem i : kItems) {
        // An item without words (`loss`) comes with another one and is never written.
        if (!model::ReportItemName(i).empty()) {
          names.push_back(model::ReportItemName(i));
        }
      }
      source::Span span = source::Cover(words.front().span, words.back().span);
      auto diag = diagnostics_.Emit(diag::UnknownReportItem, span, text);
      if (auto best = diagnostics::ClosestMatch(text, names)) {
        diag.Help(fmt::format("did you mean `{}`?", *best)).Fix(span, std::string(*best));
      } else {
        diag.Note(fmt::format("a handover reports {} or {}",
                              fmt::join(names.begin(), names.end() - 1, ", "), names.back()));
      }
      continue;
    }
    result.report.push_back(*item);
  }
  result.report_clause = AddClause(rule, handover.at_shift_end.is_valid() ? handover.at_shift_end
                                                                          : handover.head.name.span);
  if (handover.acknowledge_by) {
    model::RoleId role = ResolveRole(*handover.acknowledge_by);
    if (role.is_valid()) {
      result.acknowledge_by = role;
    }
    if (handover.acknowledge_within) {
      result.acknowledge_within_ms = CheckDuration(*handover.acknowledge_within).value_or(0);
    }
    result.acknowledge_clause = AddClause(rule, handover.acknowledge_by->span);
  }
  if (slot) {
    static_cast<model::Named&>(result) = plant_->handovers[*slot];
    plant_->handovers[*slot] = std::move(result);
  }
}

}  // namespace takt::check
