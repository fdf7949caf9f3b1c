#include "runtime/src/loader.h"

#include <dlfcn.h>
#include <fmt/format.h>

#include "runtime/src/session.h"

namespace takt::runtime {

LoadedExecutor::~LoadedExecutor() { dlclose(handle_); }

auto LoadedExecutor::Load(const std::string& path, std::string& error) -> std::unique_ptr<LoadedExecutor> {
  // dlopen searches the library path for names without a slash; an executor is always a file.
  const std::string file = path.find('/') == std::string::npos ? "./" + path : path;
  void* handle = dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* reason = dlerror();
    error = fmt::format("cannot load executor `{}`: {}", path, reason != nullptr ? reason : "unknown error");
    return nullptr;
  }
  const auto* descriptor = static_cast<const takt_executor*>(dlsym(handle, TAKT_EXECUTOR_SYMBOL));
  if (descriptor == nullptr) {
    error = fmt::format("`{}` is not a Takt executor: it has no `{}` symbol", path, TAKT_EXECUTOR_SYMBOL);
    dlclose(handle);
    return nullptr;
  }
  std::string reason;
  if (!ValidateExecutor(*descriptor, reason)) {
    error = fmt::format("cannot use executor `{}`: {}", path, reason);
    dlclose(handle);
    return nullptr;
  }
  return std::unique_ptr<LoadedExecutor>(new LoadedExecutor(handle, descriptor));
}

}  // namespace takt::runtime
