#include "compiler/check/check.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "compiler/base/overloaded.h"
#include "compiler/check/checker.h"
#include "compiler/model/metadata.h"

namespace takt::check {

auto CheckPlant(source::SourceManager& sources, base::FileSystem& file_system,
                std::span<const ast::File> files, const Options& options,
                diagnostics::Diagnostics& diagnostics) -> std::unique_ptr<const model::Plant> {
  Checker checker(sources, file_system, options, diagnostics);
  return checker.Run(files);
}

auto SymbolKindName(SymbolKind kind) -> std::string_view {
  switch (kind) {
    case SymbolKind::Role: return "role";
    case SymbolKind::Area: return "area";
    case SymbolKind::Line: return "line";
    case SymbolKind::Workcenter: return "workcenter";
    case SymbolKind::Material: return "material";
    case SymbolKind::Product: return "product";
    case SymbolKind::Instruction: return "instruction";
    case SymbolKind::Routing: return "routing";
    case SymbolKind::Control: return "control";
    case SymbolKind::SpcRuleSet: return "SPC rule set";
    case SymbolKind::Case: return "case";
    case SymbolKind::Deviation: return "deviation";
    case SymbolKind::Escalation: return "escalation";
    case SymbolKind::Recurrence: return "recurrence";
    case SymbolKind::Handover: return "handover";
    case SymbolKind::Person: return "person";
    case SymbolKind::Qualification: return "qualification";
  }
  return "declaration";
}

auto FormatNumber(double value) -> std::string {
  if (value == std::floor(value) && std::fabs(value) < 1e15) {
    return fmt::format("{}", static_cast<int64_t>(value));
  }
  return fmt::format("{}", value);
}

Checker::Checker(source::SourceManager& sources, base::FileSystem& file_system,
                 const Options& options, diagnostics::Diagnostics& diagnostics)
    : sources_(sources),
      file_system_(file_system),
      options_(options),
      diagnostics_(diagnostics),
      plant_(std::make_unique<model::Plant>()) {}

auto Checker::Run(std::span<const ast::File> files) -> std::unique_ptr<const model::Plant> {
  size_t errors_before = diagnostics_.error_count();
  for (const ast::File& file : files) {
    if (!file.plant) {
      continue;
    }
    if (plant_file_ != nullptr) {
      diagnostics_.Emit(diag::DuplicatePlantHeader, file.plant->head.name.span,
                        file.plant->head.name.text)
          .Secondary(plant_file_->plant->head.name.span, "the plant is declared here");
      continue;
    }
    plant_file_ = &file;
    plant_->name = file.plant->head.name.text;
    plant_->title = file.plant->head.title ? file.plant->head.title->value : "";
    plant_->doc = file.plant->head.doc ? file.plant->head.doc->text : "";
    if (file.plant->timezone) {
      CheckTimezone(*file.plant->timezone);
    }
  }
  bool has_plant_files = false;
  for (const ast::File& file : files) {
    has_plant_files = has_plant_files || !file.module;
  }
  if (plant_file_ == nullptr && has_plant_files) {
    const ast::File& first = files.front();
    diagnostics_.Emit(diag::MissingPlantHeader, source::Span{first.file, 0, 0})
        .Help("start one file with `plant NAME \"Title\"`");
  }

  LoadModules(files);
  DeclareAll();
  for (const Unit& unit : units_) {
    current_module_ = unit.module;
    for (const ast::Decl& decl : unit.file->decls) {
      Define(decl);
    }
  }
  current_module_ = -1;
  // Tests last: a step's evidence and reason fields are checked against the whole plant's.
  for (const Unit& unit : units_) {
    for (const ast::Decl& decl : unit.file->decls) {
      if (const auto* test = std::get_if<ast::Test>(&decl); test != nullptr && unit.module < 0) {
        DefineTest(*test);
      }
    }
  }
  CheckReportsToCycles();
  CheckEscalateUpChains();
  CheckSignaturesHaveRoster();
  CheckControlReactions();
  CheckShiftClausesHaveShifts();
  ReportUnused();

  for (const Unit& unit : units_) {
    plant_->files.push_back(unit.file->file);
  }
  for (const Module& module : modules_) {
    plant_->modules.push_back(module.name);
  }
  if (diagnostics_.error_count() > errors_before) {
    return nullptr;
  }
  model::FillMetadata(*plant_, sources_);
  return std::move(plant_);
}

void Checker::Define(const ast::Decl& decl) {
  std::visit(
      base::Overloaded{
          [&](const ast::Role& d) { DefineRole(d); },
          [&](const ast::Person& d) { DefinePerson(d); },
          // Nothing to resolve: a name and a title.
          [](const ast::Qualification& /*qualification*/) {},
          [&](const ast::Shifts& d) { DefineShifts(d); },
          [&](const ast::Area& d) { DefineArea(d); },
          [&](const ast::Item& d) { DefineItem(d); },
          [&](const ast::Instruction& d) { DefineInstruction(d); },
          [&](const ast::Routing& d) { DefineRouting(d); },
          [&](const ast::Control& d) { DefineControl(d); },
          // Resolved in pass one (declare.cpp), so that controls anywhere can use it.
          [](const ast::SpcRuleSet& /*spc_rules*/) {},
          [&](const ast::Case& d) { DefineCase(d); },
          [&](const ast::Deviation& d) { DefineDeviation(d); },
          [&](const ast::Reasons& d) { DefineReasons(d); },
          [&](const ast::Escalation& d) { DefineEscalation(d); },
          [&](const ast::Recurrence& d) { DefineRecurrence(d); },
          [&](const ast::Handover& d) { DefineHandover(d); },
          // Defined after everything else (Check).
          [](const ast::Test& /*test*/) {},
      },
      decl);
}

}  // namespace takt::check
