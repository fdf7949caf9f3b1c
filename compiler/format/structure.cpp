#include "compiler/format/structure.h"

#include <algorithm>
#include <optional>
#include <variant>

namespace takt::format {

using syntax::SourceToken;
using syntax::TokenClass;

namespace {

class StructureBuilder {
 public:
  StructureBuilder(std::span<const SourceToken> elements, std::string_view text)
      : elements_(elements), text_(text) {
    structure_.starts_item.assign(elements.size(), false);
    structure_.inline_block.assign(elements.size(), false);
  }

  auto Build(const ast::File& file) -> Structure {
    if (file.plant) {
      Mark(file.plant->span);
    }
    if (file.module) {
      Mark(file.module->span);
    }
    for (const ast::Use& use : file.uses) {
      Mark(use.span);
    }
    for (const ast::Decl& decl : file.decls) {
      Mark(ast::DeclSpan(decl));
      // One Visit overload per declaration kind: a new kind without one does not compile.
      std::visit([this](const auto& d) { Visit(d); }, decl);
    }
    return std::move(structure_);
  }

 private:
  void Visit(const ast::Role& /*role*/) {}
  void Visit(const ast::Person& /*person*/) {}
  void Visit(const ast::Qualification& /*qualification*/) {}
  void Visit(const ast::Item& /*item*/) {}
  void Visit(const ast::Instruction& /*instruction*/) {}

  void Visit(const ast::Shifts& shifts) {
    for (const ast::Shift& shift : shifts.shifts) {
      Mark(shift.span);
    }
  }

  void Visit(const ast::Area& area) {
    for (const ast::Line& line : area.lines) {
      Mark(line.span);
      for (const ast::Workcenter& workcenter : line.workcenters) {
        Mark(workcenter.span);
      }
    }
  }

  void Visit(const ast::Routing& routing) {
    if (routing.confirm_critical) {
      Mark(*routing.confirm_critical);
    }
    for (const ast::Operation& op : routing.operations) {
      Mark(op.span);
      if (op.instruction) {
        // `instruction wi_1001`: the clause starts at the keyword before the name.
        Mark(op.instruction->span, 1);
      }
      for (const ast::Consume& consume : op.consumes) {
        Mark(consume.span);
      }
      if (op.std_time) {
        Mark(op.std_time->span);
      }
      for (const ast::Check& check : op.checks) {
        Mark(check.span);
      }
      if (op.critical) {
        Mark(*op.critical);
      }
      if (op.requires_qualification) {
        // `requires weld_cert`: the clause starts at the keyword before the name.
        Mark(op.requires_qualification->span, 1);
      }
      if (op.on_fail) {
        Mark(op.on_fail->span);
      }
    }
  }

  void Visit(const ast::Control& control) {
    if (control.measure) {
      Mark(control.measure->span);
    }
    if (control.spec) {
      Mark(control.spec->span);
    }
    if (control.characteristic_class) {
      Mark(control.characteristic_class->span, 1);  // `class SC`
    }
    if (control.sample) {
      Mark(control.sample->span);
    }
    if (control.first_piece) {
      Mark(*control.first_piece);
    }
    if (control.spc) {
      Mark(control.spc->span);
    }
    for (const ast::ReactionPlan& plan : control.plans) {
      Mark(plan.span);
      MarkReactions(plan.reactions);
    }
  }

  void Visit(const ast::SpcRuleSet& rules) { MarkInline(rules.span); }

  void Visit(const ast::Case& c) {
    if (c.decide_within) {
      Mark(c.decide_within->span, 2);  // `decide within 30 min`
    }
    MarkListStarts(c.evidence, 2, false);  // `require evidence a, b`
    for (const ast::Outcome& outcome : c.outcomes) {
      Mark(outcome.span);
      if (outcome.reactions.size() <= 1) {
        MarkInline(outcome.span);
      } else {
        MarkReactions(outcome.reactions);
      }
    }
    if (c.on_timeout) {
      Mark(c.on_timeout->span);
    }
  }

  void Visit(const ast::Deviation& deviation) {
    MarkListStarts(deviation.approvers, 2, true);  // `approve by a and b`
    for (const ast::RiskApproval& risk : deviation.risk_approvals) {
      Mark(risk.span);
    }
    if (deviation.expires_after) {
      Mark(deviation.expires_after->span, 2);  // `expires after 14 d`
    }
  }

  void Visit(const ast::Reasons& reasons) {
    // Reason trees nest; walk them with a stack of our own.
    std::vector<const ast::Reason*> pending;
    for (auto it = reasons.reasons.rbegin(); it != reasons.reasons.rend(); ++it) {
      pending.push_back(&*it);
    }
    while (!pending.empty()) {
      const ast::Reason* reason = pending.back();
      pending.pop_back();
      Mark(reason->span);
      MarkListStarts(reason->required, 1, false);  // `require cause, fix_applied`
      for (auto it = reason->children.rbegin(); it != reason->children.rend(); ++it) {
        pending.push_back(&*it);
      }
    }
  }

  void Visit(const ast::Escalation& escalation) {
    for (const ast::Tier& tier : escalation.tiers) {
      Mark(tier.span);
      // Like an outcome: `{ notify x }` on one line, several reactions one per line.
      if (tier.reactions.size() <= 1) {
        MarkInline(tier.span);
      } else {
        MarkReactions(tier.reactions);
      }
    }
  }

  void Visit(const ast::Recurrence& recurrence) {
    Mark(recurrence.count.span, 1);  // `when 3 times within …`
    MarkReactions(recurrence.reactions);
  }

  void Visit(const ast::Handover& handover) {
    if (handover.at_shift_end.is_valid()) {
      Mark(handover.at_shift_end);
    }
    std::vector<ast::Name> first_words;
    for (const std::vector<ast::Name>& item : handover.report) {
      if (!item.empty()) {
        first_words.push_back(item.front());
      }
    }
    MarkListStarts(first_words, 1, false);  // `report open holds, open cases`
    if (handover.acknowledge_by) {
      Mark(handover.acknowledge_by->span, 2);  // `acknowledge by x`
    }
  }

  void Visit(const ast::Test& test) {
    for (const ast::TestStep& step : test.steps) {
      Mark(step.span);
    }
  }

  void MarkReactions(const std::vector<ast::Reaction>& reactions) {
    for (const ast::Reaction& reaction : reactions) {
      Mark(reaction.span);
    }
  }

  // The index of the token starting at `offset`.
  auto TokenAt(uint32_t offset) const -> std::optional<size_t> {
    auto it = std::lower_bound(elements_.begin(), elements_.end(), offset,
                               [](const SourceToken& e, uint32_t o) { return e.begin < o; });
    if (it == elements_.end() || it->begin != offset || it->is_comment()) {
      return std::nullopt;
    }
    return static_cast<size_t>(it - elements_.begin());
  }

  // The token `count` tokens before `index` (comments skipped).
  auto TokenBefore(size_t index, int count) const -> std::optional<size_t> {
    while (count > 0) {
      do {
        if (index == 0) {
          return std::nullopt;
        }
        --index;
      } while (elements_[index].is_comment());
      --count;
    }
    return index;
  }

  // An item starts `keywords` tokens before the start of `span`.
  void Mark(source::Span span, int keywords = 0) {
    std::optional<size_t> index = TokenAt(span.begin);
    if (index) {
      index = TokenBefore(*index, keywords);
    }
    if (index) {
      structure_.starts_item[*index] = true;
    }
  }

  // A list the AST merges from repeated clauses (`require a, b` `require c`): a name not
  // preceded by a separator starts a clause, `keywords` tokens before it.
  void MarkListStarts(const std::vector<ast::Name>& names, int keywords, bool and_separates) {
    for (const ast::Name& name : names) {
      std::optional<size_t> index = TokenAt(name.span.begin);
      if (!index) {
        continue;
      }
      std::optional<size_t> previous = TokenBefore(*index, 1);
      if (previous) {
        const SourceToken& p = elements_[*previous];
        std::string_view p_text = text_.substr(p.begin, p.end - p.begin);
        if (p.kind == TokenClass::Comma || (and_separates && p_text == "and")) {
          continue;
        }
      }
      Mark(name.span, keywords);
    }
  }

  // The first `{` inside `span` opens a block that may stay on one line.
  void MarkInline(source::Span span) {
    std::optional<size_t> index = TokenAt(span.begin);
    if (!index) {
      return;
    }
    for (size_t i = *index; i < elements_.size() && elements_[i].begin < span.end; ++i) {
      if (elements_[i].kind == TokenClass::LeftBrace) {
        structure_.inline_block[i] = true;
        return;
      }
    }
  }

  std::span<const SourceToken> elements_;
  std::string_view text_;
  Structure structure_;
};

}  // namespace

auto FindStructure(const ast::File& file, std::span<const SourceToken> elements, std::string_view text)
    -> Structure {
  return StructureBuilder(elements, text).Build(file);
}

}  // namespace takt::format
