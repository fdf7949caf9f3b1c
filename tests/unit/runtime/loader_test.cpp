#include "runtime/src/loader.h"

#include <doctest/doctest.h>

#include "runtime/src/session.h"

namespace takt::runtime {

TEST_CASE("loading a missing executor names the path") {
  std::string error;
  auto executor = LoadedExecutor::Load("/nonexistent/plant.so", error);
  CHECK_FALSE(executor);
  CHECK(error.find("cannot load executor `/nonexistent/plant.so`") != std::string::npos);
}

TEST_CASE("a library without the descriptor symbol is not an executor") {
  std::string error;
  auto executor = LoadedExecutor::Load("libm.so.6", error);
  // dlopen of a bare name is forced to a path, so the system library is not found either way.
  CHECK_FALSE(executor);
  CHECK_FALSE(error.empty());
}

TEST_CASE("a descriptor of another ABI version is refused with a clear message") {
  takt_executor descriptor{};
  descriptor.abi_version = TAKT_ABI_VERSION + 1;
  std::string error;
  CHECK_FALSE(ValidateExecutor(descriptor, error));
  CHECK(error.find("ABI version 2 does not match the runtime's ABI version 1") != std::string::npos);
  CHECK(takt_runtime_abi_version() == TAKT_ABI_VERSION);
}

}  // namespace takt::runtime
