// Decisions and their paperwork: cases, deviations and shift handovers.
#include "compiler/syntax/builder.h"

namespace takt::syntax {

auto Builder::BuildCase(TaktParser::Case_declContext* c) -> ast::Case {
  ast::Case out{.head = MakeHead(c, c->name, c->title),
                .owner = MakeOwner(c->owner()),
                .decide_within = std::nullopt,
                .evidence = {},
                .evidence_span = {},
                .outcomes = {},
                .on_timeout = std::nullopt,
                .signature = std::nullopt,
                .span = SpanOf(c)};
  ClausesSeen seen;
  for (auto* clause : c->case_clause()) {
    if (auto* d = clause->decide_clause()) {
      NoteClause(seen, "decide within", d);
      out.decide_within = MakeQuantity(d->quantity());
    } else if (auto* e = clause->evidence_clause()) {
      auto names = MakeNames(e->name_list());
      out.evidence.insert(out.evidence.end(), names.begin(), names.end());
      out.evidence_span = SpanOf(e);
    } else if (auto* o = clause->outcome()) {
      ast::Outcome outcome{.name = MakeName(o->name), .title = MakeTitle(o->title),
                           .reactions = {}, .span = SpanOf(o)};
      for (auto* r : o->reaction()) {
        outcome.reactions.push_back(MakeReaction(r));
      }
      out.outcomes.push_back(std::move(outcome));
    } else if (auto* t = clause->timeout_clause()) {
      NoteClause(seen, "on timeout", t);
      ast::OnTimeout timeout{.every = std::nullopt, .role = std::nullopt, .span = SpanOf(t)};
      if (t->quantity() != nullptr) {
        timeout.every = MakeQuantity(t->quantity());
      } else if (t->ident() != nullptr) {
        timeout.role = MakeName(t->ident());
      }
      out.on_timeout = std::move(timeout);
    } else if (auto* s = clause->signature_clause()) {
      NoteClause(seen, "signature", s);
      out.signature = MakeSignature(s);
    }
  }
  return out;
}

auto Builder::MakeSignature(TaktParser::Signature_clauseContext* c) const -> ast::Signature {
  return ast::Signature{.meaning = MakeString(c->meaning), .span = SpanOf(c)};
}

auto Builder::BuildDeviation(TaktParser::Deviation_declContext* c) -> ast::Deviation {
  ast::Deviation out{.head = MakeHead(c, c->name, c->title),
                     .owner = MakeOwner(c->owner()),
                     .approvers = {},
                     .risk_approvals = {},
                     .expires_after = std::nullopt,
                     .expires_lots = std::nullopt,
                     .signature = std::nullopt,
                     .span = SpanOf(c)};
  ClausesSeen seen;
  for (auto* clause : c->deviation_clause()) {
    if (auto* a = clause->approve_clause()) {
      for (auto* ident : a->approver_list()->ident()) {
        out.approvers.push_back(MakeName(ident));
      }
      if (auto* s = a->signature_clause()) {
        NoteClause(seen, "signature", s);
        out.signature = MakeSignature(s);
      }
    } else if (auto* r = clause->risk_clause()) {
      ast::RiskApproval risk{.level = MakeName(r->level), .approvers = {}, .span = SpanOf(r)};
      for (auto* ident : r->approver_list()->ident()) {
        risk.approvers.push_back(MakeName(ident));
      }
      out.risk_approvals.push_back(std::move(risk));
    } else if (auto* e = clause->expires_clause()) {
      NoteClause(seen, "expires after", e);
      out.expires_after = MakeQuantity(e->quantity());
      if (e->integer() != nullptr) {
        out.expires_lots = MakeInteger(e->integer());
      }
    }
  }
  return out;
}

auto Builder::BuildHandover(TaktParser::Handover_declContext* c) -> ast::Handover {
  ast::Handover out{.head = MakeHead(c, c->name, c->title),
                    .owner = MakeOwner(c->owner()),
                    .at_shift_end = {},
                    .report = {},
                    .acknowledge_by = std::nullopt,
                    .acknowledge_within = std::nullopt,
                    .span = SpanOf(c)};
  ClausesSeen seen;
  for (auto* clause : c->handover_clause()) {
    if (auto* at = clause->handover_at()) {
      NoteClause(seen, "at end of shift", at);
      out.at_shift_end = SpanOf(at);
    } else if (auto* report = clause->handover_report()) {
      for (auto* item : report->report_item()) {
        std::vector<ast::Name> words;
        for (auto* word : item->report_word()) {
          words.push_back(MakeName(word));
        }
        out.report.push_back(std::move(words));
      }
    } else if (auto* ack = clause->handover_acknowledge()) {
      NoteClause(seen, "acknowledge by", ack);
      out.acknowledge_by = MakeName(ack->ident());
      if (ack->quantity() != nullptr) {
        out.acknowledge_within = MakeQuantity(ack->quantity());
      }
    }
  }
  return out;
}

}  // namespace takt::syntax
