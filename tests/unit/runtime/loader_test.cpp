#include "takt/loader.h"

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "takt/session.h"
#include "tests/unit/repo_files.h"

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

TEST_CASE("a truncated or non-ELF file is refused before dlopen could fault on it") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("takt-loader-test-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  // This test binary is an ELF file whose segments reach far past 4 KiB.
  const std::string elf = takt::testing::ReadText("/proc/self/exe");
  REQUIRE(elf.size() > 8192);
  const fs::path truncated = dir / "truncated.so";
  std::ofstream(truncated, std::ios::binary) << elf.substr(0, 4096);
  const fs::path text = dir / "text.so";
  std::ofstream(text, std::ios::binary) << "not a library\n";
  std::string error;
  CHECK_FALSE(LoadedExecutor::Load(truncated.string(), error));
  CHECK(error.find("truncated") != std::string::npos);
  CHECK_FALSE(LoadedExecutor::Load(text.string(), error));
  CHECK(error.find("not an ELF shared library") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("a descriptor of another ABI version is refused with a clear message") {
  takt_executor descriptor{};
  descriptor.abi_version = TAKT_ABI_VERSION + 1;
  std::string error;
  CHECK_FALSE(ValidateExecutor(descriptor, error));
  CHECK(error.find(fmt::format("ABI version {} does not match the runtime's ABI version {}", TAKT_ABI_VERSION + 1,
                               TAKT_ABI_VERSION)) != std::string::npos);
  CHECK(takt_runtime_abi_version() == TAKT_ABI_VERSION);
}

}  // namespace takt::runtime
