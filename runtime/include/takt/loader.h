// Host API (C++), for programs that run native executors (the `takt` driver, tests): loads a
// native executor (`takt build` output): dlopen, look up the one descriptor symbol, check
// its ABI version. The library stays loaded as long as the LoadedExecutor lives.
#ifndef TAKT_RUNTIME_INCLUDE_TAKT_LOADER_H_
#define TAKT_RUNTIME_INCLUDE_TAKT_LOADER_H_

#include <memory>
#include <string>

#include "takt/runtime.h"

namespace takt::runtime {

class LoadedExecutor {
 public:
  ~LoadedExecutor();
  LoadedExecutor(const LoadedExecutor&) = delete;
  auto operator=(const LoadedExecutor&) -> LoadedExecutor& = delete;

  auto descriptor() const -> const takt_executor& { return *descriptor_; }

  // Null with a message naming the path in `error` when the file cannot be loaded, lacks the
  // `takt_executor_v1` symbol or was built for another ABI version.
  static auto Load(const std::string& path, std::string& error) -> std::unique_ptr<LoadedExecutor>;

 private:
  LoadedExecutor(void* handle, const takt_executor* descriptor) : handle_(handle), descriptor_(descriptor) {}
  void* handle_;
  const takt_executor* descriptor_;
};

}  // namespace takt::runtime

#endif  // TAKT_RUNTIME_INCLUDE_TAKT_LOADER_H_
