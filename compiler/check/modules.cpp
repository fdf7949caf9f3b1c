// Module loading: `use a.b` finds `a/b.takt` in the embedded standard library, then in each
// `-I` directory, then among the given files that declare `module a.b`. Modules are checked
// before the files that use them; a `use` that leads back to a module being loaded is a cycle.
#include <algorithm>

#include <fmt/format.h>

#include "compiler/check/checker.h"
#include "compiler/syntax/parse.h"
#include "stdlib/embedded.h"

namespace takt::check {

static auto ModulePath(const std::string& name) -> std::string {
  std::string path = name;
  std::replace(path.begin(), path.end(), '.', '/');
  return path + ".takt";
}

void Checker::LoadModules(std::span<const ast::File> files) {
  // Library files given as inputs are known by name before any `use` is followed.
  for (const ast::File& file : files) {
    if (!file.module) {
      continue;
    }
    const std::string& name = file.module->name.text;
    if (module_index_.contains(name)) {
      diagnostics_.Emit(diag::DuplicateName, file.module->name.span, name)
          .Secondary(modules_[module_index_[name]].file->module->name.span, "first declared here");
      continue;
    }
    module_index_[name] = static_cast<int>(modules_.size());
    modules_.push_back(Module{.name = name, .parsed = nullptr, .file = &file,
                              .use_span = file.module->name.span, .used = false});
  }
  std::vector<std::string> stack;
  std::vector<const ast::File*> given_modules;
  for (const ast::File& file : files) {
    if (file.module && module_index_.contains(file.module->name.text) &&
        modules_[module_index_[file.module->name.text]].file == &file) {
      given_modules.push_back(&file);
    }
  }
  // Given library files are checked like used ones, so CI catches their mistakes too.
  std::vector<bool> placed(modules_.size(), false);
  for (const ast::File* file : given_modules) {
    stack.push_back(file->module->name.text);
    for (const ast::Use& use : file->uses) {
      LoadModule(use, stack);
    }
    stack.pop_back();
    int index = module_index_[file->module->name.text];
    if (std::none_of(units_.begin(), units_.end(), [&](const Unit& u) { return u.file == file; })) {
      units_.push_back(Unit{.file = file, .module = index});
    }
  }
  for (const ast::File& file : files) {
    if (file.module) {
      continue;
    }
    for (const ast::Use& use : file.uses) {
      LoadModule(use, stack);
    }
  }
  for (const ast::File& file : files) {
    if (!file.module) {
      units_.push_back(Unit{.file = &file, .module = -1});
    }
  }
}

void Checker::LoadModule(const ast::Use& use, std::vector<std::string>& stack) {
  const std::string& name = use.module.text;
  if (auto cycle_start = std::find(stack.begin(), stack.end(), name); cycle_start != stack.end()) {
    std::string chain;
    for (auto it = cycle_start; it != stack.end(); ++it) {
      chain += fmt::format("`{}` → ", *it);
    }
    chain += fmt::format("`{}`", name);
    import_failed_ = true;
    diagnostics_.Emit(diag::ImportCycle, use.module.span, name, chain)
        .Note("modules form a tree: a module cannot use itself, directly or through others");
    return;
  }
  if (module_index_.contains(name)) {
    return;
  }
  std::string shown_path;
  std::optional<std::string> text = FindModuleSource(name, shown_path);
  if (!text) {
    import_failed_ = true;
    auto diag = diagnostics_.Emit(diag::UnknownModule, use.module.span, name);
    std::vector<std::string> known;
    for (const stdlib::EmbeddedFile& file : stdlib::EmbeddedFiles()) {
      std::string module_name(file.path.substr(0, file.path.size() - 5));
      std::replace(module_name.begin(), module_name.end(), '/', '.');
      known.push_back(module_name);
    }
    std::vector<std::string_view> candidates(known.begin(), known.end());
    if (auto best = diagnostics::ClosestMatch(name, candidates)) {
      diag.Help(fmt::format("did you mean `{}`?", *best));
    } else {
      diag.Note(fmt::format("looked for `{}` in the standard library and in every `-I` directory",
                            ModulePath(name)));
    }
    return;
  }
  bool is_stdlib = shown_path.starts_with(source::kStdlibPathPrefix);
  source::FileId file_id = sources_.AddFile(shown_path, std::move(*text), is_stdlib);
  int index = static_cast<int>(modules_.size());
  module_index_[name] = index;
  modules_.push_back(Module{.name = name,
                            .parsed = std::make_unique<ast::File>(syntax::Parse(sources_, file_id, diagnostics_)),
                            .file = nullptr,
                            .use_span = use.module.span,
                            .used = false});
  Module& module = modules_[index];
  module.file = module.parsed.get();
  if (!module.file->module || module.file->module->name.text != name) {
    source::Span where = module.file->module ? module.file->module->name.span
                                             : source::Span{file_id, 0, 0};
    diagnostics_.Emit(diag::ModulePathMismatch, where,
                      module.file->module ? module.file->module->name.text : std::string("(none)"),
                      name)
        .Secondary(use.module.span, "imported here");
  }
  stack.push_back(name);
  int saved = current_module_;
  current_module_ = index;
  for (const ast::Use& inner : modules_[index].file->uses) {
    LoadModule(inner, stack);
  }
  current_module_ = saved;
  stack.pop_back();
  units_.push_back(Unit{.file = modules_[index].file, .module = index});
}

auto Checker::FindModuleSource(const std::string& name, std::string& shown_path)
    -> std::optional<std::string> {
  std::string relative = ModulePath(name);
  for (const stdlib::EmbeddedFile& file : stdlib::EmbeddedFiles()) {
    if (file.path == relative) {
      shown_path = std::string(source::kStdlibPathPrefix) + relative;
      return std::string(file.contents);
    }
  }
  for (const std::string& dir : options_.include_dirs) {
    std::string path = dir.empty() || dir.ends_with('/') ? dir + relative : dir + "/" + relative;
    std::string error;
    if (auto text = file_system_.ReadFile(path, error)) {
      shown_path = path;
      return text;
    }
  }
  return std::nullopt;
}

}  // namespace takt::check
