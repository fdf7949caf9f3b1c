#include "compiler/driver/event_input.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <optional>

namespace takt::driver {

auto ReadEventChunks(DriverEnv& env, const std::string& path, const std::function<void(std::string_view)>& feed,
                     std::string& error) -> bool {
  constexpr size_t kChunk = size_t{1} << 20;
  if (path == "-") {
    std::string chunk(kChunk, '\0');
    while (env.in) {
      env.in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
      const auto got = static_cast<size_t>(env.in.gcount());
      if (got == 0) {
        break;
      }
      feed(std::string_view(chunk.data(), got));
    }
    return true;
  }
  if (dynamic_cast<base::RealFileSystem*>(&env.file_system) == nullptr) {
    // The tests' in-memory files are small.
    std::optional<std::string> text = env.file_system.ReadFile(path, error);
    if (text) {
      feed(*text);
    }
    return text.has_value();
  }
  std::FILE* in = std::fopen(path.c_str(), "rb");
  if (in == nullptr) {
    error = std::strerror(errno);
    return false;
  }
  std::string chunk(kChunk, '\0');
  bool ok = true;
  while (true) {
    const size_t got = std::fread(chunk.data(), 1, chunk.size(), in);
    if (got > 0) {
      feed(std::string_view(chunk.data(), got));
    }
    if (got < chunk.size()) {
      if (std::ferror(in)) {
        error = std::strerror(errno);
        ok = false;
      }
      break;
    }
  }
  std::fclose(in);
  return ok;
}

}  // namespace takt::driver
