// Stops: reason trees, escalations and recurrences.
#include "compiler/syntax/builder.h"

namespace takt::syntax {

// Reason trees nest; the driver caps brace depth before parsing, so this recursion is bounded.
auto Builder::BuildReason(TaktParser::Reason_declContext* c) -> ast::Reason {
  ast::Reason out{.head = MakeHead(c, c->name, c->title),
                  .owner = MakeOwner(c->owner()),
                  .loss = std::nullopt,
                  .required = {},
                  .children = {},
                  .span = SpanOf(c)};
  if (c->loss() != nullptr) {
    out.loss = MakeName(c->loss()->ident());
  }
  for (auto* item : c->reason_item()) {
    if (auto* req = item->require_clause()) {
      auto names = MakeNames(req->name_list());
      out.required.insert(out.required.end(), names.begin(), names.end());
    } else if (auto* child = item->reason_decl()) {
      out.children.push_back(BuildReason(child));
    }
  }
  return out;
}

auto Builder::BuildReasons(TaktParser::Reasons_declContext* c) -> ast::Reasons {
  ast::Reasons out{.path = MakeQualified(c->qualified()),
                   .title = MakeTitle(c->title),
                   .owner = MakeOwner(c->owner()),
                   .loss = std::nullopt,
                   .doc = DocFor(c),
                   .reasons = {},
                   .span = SpanOf(c)};
  if (c->loss() != nullptr) {
    out.loss = MakeName(c->loss()->ident());
  }
  for (auto* child : c->reason_decl()) {
    out.reasons.push_back(BuildReason(child));
  }
  return out;
}

auto Builder::BuildEscalation(TaktParser::Escalation_declContext* c) -> ast::Escalation {
  ast::Escalation out{.head = MakeHead(c, c->name, c->title),
                      .trigger = MakeTrigger(c->trigger),
                      .owner = MakeOwner(c->owner()),
                      .tiers = {},
                      .span = SpanOf(c)};
  for (auto* tier : c->tier()) {
    ast::Tier t{.after = MakeQuantity(tier->quantity()),
                .reactions = {},
                .span = SpanOf(tier)};
    for (auto* r : tier->reaction()) {
      t.reactions.push_back(MakeReaction(r));
    }
    out.tiers.push_back(std::move(t));
  }
  return out;
}

auto Builder::BuildRecurrence(TaktParser::Recurrence_declContext* c) -> ast::Recurrence {
  auto* when = c->when_clause();
  ast::Recurrence out{.head = MakeHead(c, c->name, c->title),
                      .trigger = MakeTrigger(c->trigger),
                      .owner = MakeOwner(c->owner()),
                      .count = MakeInteger(when->integer()),
                      .window = MakeQuantity(when->quantity()),
                      .keys = MakeNames(when->name_list()),
                      .reactions = {},
                      .span = SpanOf(c)};
  for (auto* r : c->reaction()) {
    out.reactions.push_back(MakeReaction(r));
  }
  return out;
}

}  // namespace takt::syntax
