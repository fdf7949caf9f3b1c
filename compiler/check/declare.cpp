// Pass one: every declaration enters the scope and reserves its model slot, so that pass two
// can resolve references in any order. Duplicates are reported here, once, at the second
// declaration, pointing back at the first.
#include <algorithm>
#include <fmt/format.h>

#include "compiler/base/overloaded.h"
#include "compiler/check/checker.h"

namespace takt::check {

using diagnostics::Kind;

auto Checker::QualifiedName(const ast::Name& name, int module) const -> std::string {
  if (module < 0) {
    return name.text;
  }
  return modules_[module].name + "." + name.text;
}

auto Checker::FillNamed(model::Named& named, const ast::DeclHead& head, int module) -> void {
  named.name = QualifiedName(head.name, module);
  named.title = head.title ? head.title->value : "";
  named.doc = head.doc ? head.doc->text : "";
  named.span = head.name.span;
  named.from_module = module >= 0;
}

auto Checker::OwnSlot(const ast::DeclHead& head, SymbolKind kind) const -> std::optional<uint32_t> {
  auto symbol = scope_.find(QualifiedName(head.name, current_module_));
  if (symbol == scope_.end() || symbol->second.kind != kind || symbol->second.span != head.name.span) {
    return std::nullopt;
  }
  return symbol->second.index;
}

auto Checker::EnterSymbol(const ast::Name& name, SymbolKind kind, uint32_t index, int module) -> bool {
  Symbol symbol{.kind = kind, .index = index, .span = name.span, .module = module, .used = false};
  if (module >= 0) {
    module_scope_[name.text].push_back(symbol);
    scope_.try_emplace(QualifiedName(name, module), symbol);
    return true;
  }
  auto [it, inserted] = scope_.try_emplace(name.text, symbol);
  if (!inserted) {
    duplicated_names_.insert(name.text);
    diagnostics_.Emit(diag::DuplicateName, name.span, name.text)
        .Primary(fmt::format("`{}` redeclared here", name.text))
        .Secondary(it->second.span, fmt::format("first declared here as a {}", SymbolKindName(it->second.kind)))
        .Help("rename one of them; names are shared by every kind of declaration in a plant");
    return false;
  }
  return true;
}

void Checker::DeclareAll() {
  for (const Unit& unit : units_) {
    current_module_ = unit.module;
    for (const ast::Decl& decl : unit.file->decls) {
      Declare(decl, unit.module);
    }
  }
  current_module_ = -1;
}

template <typename T>
static auto Reserve(std::vector<T>& slots) -> uint32_t {
  slots.emplace_back();
  return static_cast<uint32_t>(slots.size() - 1);
}

void Checker::Declare(const ast::Decl& decl, int module) {
  model::Plant& p = *plant_;
  // A new slot of `slots` for the declaration with `head`, named in the scope.
  auto named = [&](auto& slots, const ast::DeclHead& head, SymbolKind kind) {
    uint32_t index = Reserve(slots);
    FillNamed(slots[index], head, module);
    EnterSymbol(head.name, kind, index, module);
    return index;
  };
  std::visit(
      base::Overloaded{
          [&](const ast::Role& d) { named(p.roles, d.head, SymbolKind::Role); },
          [&](const ast::Person& d) { named(p.people, d.head, SymbolKind::Person); },
          [&](const ast::Qualification& d) { named(p.qualifications, d.head, SymbolKind::Qualification); },
          [&](const ast::Area& d) {
            uint32_t area = named(p.areas, d.head, SymbolKind::Area);
            for (const ast::Line& line : d.lines) {
              uint32_t line_index = named(p.lines, line.head, SymbolKind::Line);
              p.lines[line_index].area = model::AreaId{area};
              p.areas[area].lines.push_back(model::LineId{line_index});
              for (const ast::Workcenter& wc : line.workcenters) {
                uint32_t wc_index = named(p.workcenters, wc.head, SymbolKind::Workcenter);
                p.workcenters[wc_index].line = model::LineId{line_index};
                p.lines[line_index].workcenters.push_back(model::WorkcenterId{wc_index});
              }
            }
          },
          [&](const ast::Item& d) {
            bool material = d.kind == ast::Item::Kind::Material;
            SymbolKind kind = material ? SymbolKind::Material : SymbolKind::Product;
            auto& slots = material ? p.materials : p.products;
            uint32_t index = named(slots, d.head, kind);
            // The unit is known in pass one, so routings may refer to items declared after them.
            // An unknown unit is reported by DefineItem.
            if (auto unit = model::FindUnit(d.unit.text)) {
              slots[index].unit = *unit;
            } else {
              items_without_unit_.emplace(kind, index);
            }
          },
          [&](const ast::Instruction& d) { named(p.instructions, d.head, SymbolKind::Instruction); },
          [&](const ast::Routing& d) { named(p.routings, d.head, SymbolKind::Routing); },
          [&](const ast::Control& d) {
            named(p.controls, d.head, SymbolKind::Control);
            control_asts_.push_back(&d);
          },
          [&](const ast::SpcRuleSet& d) {
            auto index = static_cast<uint32_t>(spc_rule_set_values_.size());
            std::vector<model::SpcRule> rules;
            for (const ast::Name& rule : d.rules) {
              if (auto builtin = model::FindSpcRule(rule.text)) {
                rules.push_back(*builtin);
              } else {
                std::vector<std::string_view> names;
                for (int i = 0; i < model::kSpcRuleCount; ++i) {
                  names.push_back(model::SpcRuleName(static_cast<model::SpcRule>(i)));
                }
                auto diag = diagnostics_.Emit(diag::UnknownName, rule.span, "SPC rule", rule.text);
                if (auto best = diagnostics::ClosestMatch(rule.text, names)) {
                  diag.Help(fmt::format("did you mean `{}`?", *best));
                } else {
                  diag.Note("the built-in rules are we1-we4 (Western Electric) and n1-n8 (Nelson)");
                }
              }
            }
            spc_rule_set_values_.push_back(std::move(rules));
            EnterSymbol(d.head.name, SymbolKind::SpcRuleSet, index, module);
          },
          [&](const ast::Case& d) {
            named(p.cases, d.head, SymbolKind::Case);
            case_asts_.push_back(&d);
          },
          [&](const ast::Deviation& d) { named(p.deviations, d.head, SymbolKind::Deviation); },
          [&](const ast::Reasons& d) { DeclareReasons(d, module); },
          [&](const ast::Escalation& d) { named(p.escalations, d.head, SymbolKind::Escalation); },
          [&](const ast::Recurrence& d) { named(p.recurrences, d.head, SymbolKind::Recurrence); },
          [&](const ast::Handover& d) { named(p.handovers, d.head, SymbolKind::Handover); },
          // Shifts and tests declare no names.
          [](const ast::Shifts& /*shifts*/) {},
          [](const ast::Test& /*test*/) {},
      },
      decl);
}

// `reasons a.b { … }` extends the node `a.b` when it exists; a single new name starts a tree.
void Checker::DeclareReasons(const ast::Reasons& reasons, int module) {
  model::Plant& p = *plant_;
  model::ReasonId root;
  if (auto found = reason_paths_.find(reasons.path.text); found != reason_paths_.end()) {
    root = found->second;
    NoteReasonUse(root);
  } else if (reasons.path.parts.size() == 1) {
    root = model::ReasonId{Reserve(p.reasons)};
    reason_module_.push_back(module);
    model::Reason& reason = p.reasons[root.index];
    reason.name = reasons.path.text;
    reason.local_name = reasons.path.text;
    reason.title = reasons.title ? reasons.title->value : "";
    reason.doc = reasons.doc ? reasons.doc->text : "";
    reason.span = reasons.path.span;
    reason.from_module = module >= 0;
    reason_paths_[reason.name] = root;
  } else {
    // Reported in pass two by ResolveReason, with its "did you mean".
    return;
  }
  for (const ast::Reason& child : reasons.reasons) {
    DeclareReason(child, root, module);
  }
}

void Checker::DeclareReason(const ast::Reason& reason, model::ReasonId parent, int module) {
  model::Plant& p = *plant_;
  std::string path = p.reasons[parent.index].name + "." + reason.head.name.text;
  if (auto found = reason_paths_.find(path); found != reason_paths_.end()) {
    diagnostics_.Emit(diag::DuplicateName, reason.head.name.span, path)
        .Primary(fmt::format("`{}` redeclared here", reason.head.name.text))
        .Secondary(p.reasons[found->second.index].span, "first declared here");
    return;
  }
  model::ReasonId id{Reserve(p.reasons)};
  reason_module_.push_back(module);
  model::Reason& node = p.reasons[id.index];
  node.name = path;
  node.local_name = reason.head.name.text;
  node.title = reason.head.title ? reason.head.title->value : "";
  node.doc = reason.head.doc ? reason.head.doc->text : "";
  node.span = reason.head.name.span;
  node.from_module = module >= 0;
  node.parent = parent;
  p.reasons[parent.index].children.push_back(id);
  reason_paths_[path] = id;
  for (const ast::Reason& child : reason.children) {
    DeclareReason(child, id, module);
  }
}

}  // namespace takt::check
