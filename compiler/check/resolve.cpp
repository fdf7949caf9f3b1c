// Name, unit and reaction resolution shared by every construct.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "compiler/check/checker.h"

namespace takt::check {

using diagnostics::Kind;

void Checker::NoteReasonUse(model::ReasonId reason) {
  int module = reason_module_[reason.index];
  if (module >= 0 && current_module_ < 0) {
    modules_[module].used = true;
  }
}

auto Checker::Resolve(const ast::Name& name, SymbolKind kind) -> std::optional<uint32_t> {
  Symbol* found = nullptr;
  if (auto it = scope_.find(name.text); it != scope_.end()) {
    found = &it->second;
  } else if (auto module_it = module_scope_.find(name.text); module_it != module_scope_.end()) {
    std::vector<Symbol>& symbols = module_it->second;
    if (symbols.size() > 1) {
      // The plant means one of them: neither `use` is reported as unused.
      if (current_module_ < 0) {
        for (const Symbol& symbol : symbols) {
          modules_[symbol.module].used = true;
        }
      }
      diagnostics_.Emit(diag::AmbiguousName, name.span, name.text, modules_[symbols[0].module].name,
                        modules_[symbols[1].module].name)
          .Help(fmt::format("declare `{}` in the plant, or rename it in one of the modules", name.text));
      return std::nullopt;
    }
    found = &symbols.front();
  }
  if (found == nullptr) {
    if (import_failed_) {
      // The name may well come from the module that failed to load: that error says it all.
      return std::nullopt;
    }
    auto diag = diagnostics_.Emit(diag::UnknownName, name.span, SymbolKindName(kind), name.text);
    std::vector<std::string_view> candidates;
    for (const auto& [text, symbol] : scope_) {
      if (symbol.kind == kind && text.find('.') == std::string::npos) {
        candidates.push_back(text);
      }
    }
    for (const auto& [text, symbols] : module_scope_) {
      if (symbols.front().kind == kind) {
        candidates.push_back(text);
      }
    }
    std::sort(candidates.begin(), candidates.end());
    if (auto best = diagnostics::ClosestMatch(name.text, candidates)) {
      // The suggested declaration was meant: it is not reported as unused too.
      if (auto meant = scope_.find(std::string(*best)); meant != scope_.end() && current_module_ < 0) {
        meant->second.used = true;
      }
      diag.Primary("not declared in this plant or its modules")
          .Help(fmt::format("did you mean `{}`?", *best))
          .Fix(name.span, std::string(*best));
    } else {
      diag.Primary("not declared in this plant or its modules");
    }
    return std::nullopt;
  }
  if (found->kind != kind) {
    if (duplicated_names_.contains(name.text)) {
      // Declared as several kinds (T0202): the reference may mean the other declaration.
      found->used = true;
      return std::nullopt;
    }
    diagnostics_.Emit(diag::WrongKindOfName, name.span, name.text, SymbolKindName(found->kind),
                      SymbolKindName(kind))
        .Secondary(found->span, fmt::format("`{}` is declared here", name.text));
    return std::nullopt;
  }
  if (found->module >= 0) {
    if (current_module_ < 0) {
      modules_[found->module].used = true;
    }
  } else if (current_module_ < 0) {
    found->used = true;
  }
  return found->index;
}

auto Checker::ResolveRole(const ast::Name& name) -> model::RoleId {
  if (auto index = Resolve(name, SymbolKind::Role)) {
    return model::RoleId{*index};
  }
  return {};
}

auto Checker::ResolveOwner(const std::optional<ast::Owner>& owner, std::string_view what,
                           const ast::DeclHead& head) -> model::RoleId {
  if (!owner) {
    diagnostics_.Emit(diag::MissingOwner, head.name.span, what, head.name.text)
        .Primary(fmt::format("this {} needs an owner", what))
        .Help("add `owner ROLE` after the title: every rule names who answers for it");
    return {};
  }
  return ResolveRole(owner->role);
}

auto Checker::ResolveReason(const ast::QualifiedName& path) -> std::optional<model::ReasonId> {
  if (auto found = reason_paths_.find(path.text); found != reason_paths_.end()) {
    NoteReasonUse(found->second);
    return found->second;
  }
  if (import_failed_) {
    return std::nullopt;
  }
  auto diag = diagnostics_.Emit(diag::UnknownName, path.span, "reason", path.text);
  std::vector<std::string_view> candidates;
  for (const auto& [text, id] : reason_paths_) {
    candidates.push_back(text);
  }
  std::sort(candidates.begin(), candidates.end());
  if (auto best = diagnostics::ClosestMatch(path.text, candidates)) {
    diag.Help(fmt::format("did you mean `{}`?", *best)).Fix(path.span, std::string(*best));
  } else if (path.parts.size() > 1) {
    diag.Note("a reason path names a node of a declared reason tree, such as `unplanned.breakdown`");
  }
  return std::nullopt;
}

auto Checker::ResolveUnit(const ast::Name& unit, std::initializer_list<model::Dimension> expected)
    -> std::optional<model::UnitId> {
  if (auto found = model::FindUnit(unit.text)) {
    return found;
  }
  auto diag = diagnostics_.Emit(diag::UnknownUnit, unit.span, unit.text);
  // Where the dimension is known, only its units are candidates: `mL` for a length is not `m`.
  std::vector<std::string_view> symbols;
  for (const model::UnitInfo& info : model::AllUnits()) {
    if (expected.size() == 0 || std::ranges::find(expected, info.dimension) != expected.end()) {
      symbols.push_back(info.symbol);
    }
  }
  if (auto best = diagnostics::ClosestMatch(unit.text, symbols); best && unit.text.size() > 1) {
    diag.Help(fmt::format("did you mean `{}`?", *best));
  } else if (expected.size() != 0) {
    std::vector<std::string> names;
    for (model::Dimension dimension : expected) {
      names.emplace_back(model::DimensionName(dimension));
    }
    diag.Note(fmt::format("a {} is expected here: {}", fmt::join(names, " or "),
                          fmt::format("`{}`", fmt::join(symbols, "`, `"))));
  } else {
    diag.Note("units are SI and shop-floor units such as mm, µm, kg, pcs, s, min, h, d, A, V, N·m, bar, °C, %");
  }
  return std::nullopt;
}

auto Checker::CheckQuantity(const ast::Quantity& quantity, model::Dimension expected)
    -> std::optional<model::Quantity> {
  auto unit = ResolveUnit(quantity.unit, {expected});
  if (!unit) {
    return std::nullopt;
  }
  const model::UnitInfo& info = model::GetUnit(*unit);
  if (info.dimension != expected) {
    diagnostics_.Emit(diag::DimensionMismatch, quantity.unit.span, model::DimensionName(expected),
                      quantity.unit.text, model::DimensionName(info.dimension))
        .Primary(fmt::format("a {} unit", model::DimensionName(info.dimension)));
    return std::nullopt;
  }
  return model::Quantity{.value = quantity.amount.value,
                         .unit = *unit,
                         .text = quantity.amount.text + " " + quantity.unit.text};
}

auto Checker::CheckDuration(const ast::Quantity& quantity) -> std::optional<int64_t> {
  auto checked = CheckQuantity(quantity, model::Dimension::Time);
  if (!checked) {
    return std::nullopt;
  }
  double ms = checked->base_value() * 1000.0;
  if (!(ms >= 1.0) || !std::isfinite(ms) || ms > 1e15) {
    diagnostics_.Emit(diag::NonPositiveQuantity, quantity.span, checked->text)
        .Note("durations are counted in whole milliseconds and must be at least 1 ms");
    return std::nullopt;
  }
  return static_cast<int64_t>(std::llround(ms));
}

void Checker::AddRequiredName(std::vector<std::string>& table, const ast::Name& name, std::string_view what) {
  if (std::find(table.begin(), table.end(), name.text) != table.end()) {
    return;
  }
  if (table.size() == model::kMaxRequiredNames) {
    diagnostics_.Emit(diag::TooManyRequiredNames, name.span, model::kMaxRequiredNames, what)
        .Note("events carry these names as bits of one 64-bit word");
    return;
  }
  table.push_back(name.text);
}

auto Checker::AddClause(std::string rule, source::Span span) -> model::ClauseId {
  plant_->clauses.push_back(model::Clause{.rule = std::move(rule), .span = span});
  return model::ClauseId{static_cast<uint32_t>(plant_->clauses.size() - 1)};
}

auto Checker::CheckReaction(const ast::Reaction& reaction, const std::string& rule,
                            base::ReactionContext context) -> std::optional<model::Reaction> {
  const base::ReactionInfo& info = base::GetReaction(reaction.kind);
  if (!info.allowed_in(context)) {
    diagnostics_.Emit(diag::ReactionNotAllowed, reaction.span, info.spelling,
                      base::ReactionContextText(context));
    return std::nullopt;
  }
  model::Reaction result{.kind = reaction.kind, .role = {}, .case_id = {}, .clause = {}};
  switch (info.target) {
    case base::ReactionTarget::None:
      break;
    case base::ReactionTarget::Role:
      result.role = ResolveRole(*reaction.target);
      if (!result.role.is_valid()) {
        return std::nullopt;
      }
      break;
    case base::ReactionTarget::Case: {
      auto index = Resolve(*reaction.target, SymbolKind::Case);
      if (!index) {
        return std::nullopt;
      }
      result.case_id = model::CaseId{*index};
      break;
    }
  }
  result.clause = AddClause(rule, reaction.span);
  return result;
}

auto Checker::CheckReactions(const std::vector<ast::Reaction>& reactions, const std::string& rule,
                             base::ReactionContext context) -> std::vector<model::Reaction> {
  std::vector<model::Reaction> result;
  for (const ast::Reaction& reaction : reactions) {
    if (auto checked = CheckReaction(reaction, rule, context)) {
      result.push_back(*checked);
    }
  }
  return result;
}

}  // namespace takt::check
