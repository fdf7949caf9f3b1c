#include "compiler/driver/native_executor.h"

#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <filesystem>

#if TAKT_WITH_LLVM
#include "compiler/driver/codegen_plugin.h"
#include "compiler/lower/lower.h"
#endif

namespace takt::driver {

auto ScratchExecutorPath(std::string_view plant_name) -> std::string {
  static std::atomic<uint64_t> counter{0};
  std::error_code ignored;
  const std::filesystem::path dir = std::filesystem::temp_directory_path(ignored);
  return (dir / fmt::format("takt-{}-{}-{}.so", plant_name, ::getpid(), counter.fetch_add(1))).string();
}

auto BuildNativeExecutor([[maybe_unused]] const model::Plant& plant,
                         [[maybe_unused]] const source::SourceManager& sources,
                         diagnostics::Diagnostics& errors) -> std::unique_ptr<runtime::LoadedExecutor> {
#if TAKT_WITH_LLVM
  const std::string path = ScratchExecutorPath(plant.name);
  const codegen::Backend* backend = CodegenBackend(errors);
  if (backend == nullptr) {
    return nullptr;
  }
  const xir::Module module = lower::Lower(plant, sources);
  std::string error;
  if (!backend->build_shared_object(module, path, error)) {
    errors.Emit(diag::CodegenFailed, source::Span{}, plant.name, error);
    return nullptr;
  }
  std::unique_ptr<runtime::LoadedExecutor> loaded = runtime::LoadedExecutor::Load(path, error);
  std::remove(path.c_str());
  if (!loaded) {
    errors.Emit(diag::ExecutorNotLoadable, source::Span{}, error);
  }
  return loaded;
#else
  errors.Emit(diag::BuiltWithoutLlvm, source::Span{});
  return nullptr;
#endif
}

}  // namespace takt::driver
