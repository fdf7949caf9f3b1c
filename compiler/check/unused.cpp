// Warnings for declarations of the plant that nothing refers to. Only the plant's own
// declarations are reported: a library offers more than any one plant uses.
#include <algorithm>
#include <fmt/format.h>

#include "compiler/check/checker.h"

namespace takt::check {

void Checker::ReportUnused() {
  // A role someone reports to is part of the reporting line, hence used.
  for (const model::Role& role : plant_->roles) {
    if (role.reports_to && !role.from_module) {
      if (auto it = scope_.find(plant_->roles[role.reports_to->index].name); it != scope_.end()) {
        it->second.used = true;
      }
    }
  }
  std::vector<const Symbol*> unused;
  for (const auto& [name, symbol] : scope_) {
    bool reportable = symbol.kind == SymbolKind::Role || symbol.kind == SymbolKind::Material ||
                      symbol.kind == SymbolKind::Product || symbol.kind == SymbolKind::Instruction ||
                      symbol.kind == SymbolKind::Case;
    if (symbol.module < 0 && reportable && !symbol.used) {
      unused.push_back(&symbol);
    }
  }
  std::sort(unused.begin(), unused.end(), [](const Symbol* a, const Symbol* b) { return a->span < b->span; });
  for (const Symbol* symbol : unused) {
    std::string_view name = sources_.contents(symbol->span.file).substr(symbol->span.begin, symbol->span.end - symbol->span.begin);
    diagnostics_.Emit(diag::UnusedDeclaration, symbol->span, SymbolKindName(symbol->kind), name)
        .Note(symbol->kind == SymbolKind::Case ? "no reaction, tier or recurrence opens this case"
                                               : "nothing in the plant refers to it");
  }
  for (const Unit& unit : units_) {
    if (unit.module >= 0) {
      continue;
    }
    for (const ast::Use& use : unit.file->uses) {
      auto found = module_index_.find(use.module.text);
      if (found != module_index_.end() && !modules_[found->second].used) {
        diagnostics_.Emit(diag::UnusedImport, use.module.span, use.module.text)
            .Help("remove the `use`");
      }
    }
  }
}

}  // namespace takt::check
