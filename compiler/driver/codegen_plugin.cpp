#include "compiler/driver/codegen_plugin.h"

#include <dlfcn.h>
#include <fmt/format.h>

#include <filesystem>
#include <vector>

namespace takt::driver {

namespace {

constexpr const char* kPluginName = "libtakt_codegen.so";

struct Loaded {
  const codegen::Backend* backend = nullptr;
  // Every place tried, each on its own line with why it was not used.
  std::string tried;
};

auto Load() -> Loaded {
  std::vector<std::string> candidates;
  std::error_code ignored;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ignored);
  if (!self.empty()) {
    candidates.push_back((self.parent_path() / kPluginName).string());
  }
#ifdef TAKT_CODEGEN_PLUGIN
  candidates.emplace_back(TAKT_CODEGEN_PLUGIN);
#endif
  std::string tried;
  for (const std::string& path : candidates) {
    if (!std::filesystem::exists(path, ignored)) {
      tried += fmt::format("\n  {}: not found", path);
      continue;
    }
    // Kept loaded for the life of the process: the backend's code runs until exit.
    void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
      const char* reason = dlerror();
      tried += fmt::format("\n  {}: {}", path, reason != nullptr ? reason : "cannot be loaded");
      continue;
    }
    using Entry = const codegen::Backend* (*)();
    const auto entry = reinterpret_cast<Entry>(dlsym(handle, TAKT_CODEGEN_BACKEND_SYMBOL));
    const codegen::Backend* backend = entry != nullptr ? entry() : nullptr;
    if (backend == nullptr || backend->version != codegen::kBackendVersion) {
      tried += fmt::format("\n  {}: not a code generator of this takt (backend version {})", path,
                           backend != nullptr ? backend->version : 0);
      dlclose(handle);
      continue;
    }
    return Loaded{.backend = backend, .tried = {}};
  }
  return Loaded{.backend = nullptr, .tried = tried};
}

}  // namespace

auto CodegenBackend(diagnostics::Diagnostics& errors) -> const codegen::Backend* {
  static const Loaded loaded = Load();
  if (loaded.backend == nullptr) {
    errors.Emit(diag::CodegenUnavailable, source::Span{}, kPluginName, loaded.tried);
  }
  return loaded.backend;
}

}  // namespace takt::driver
