#include "compiler/driver/explanations.h"

#include <string>

#include "docs/embedded.h"

namespace takt::driver {

auto FindExplanation(std::string_view code) -> std::string_view {
  std::string file_name = std::string(code) + ".md";
  for (const docs::EmbeddedFile& file : docs::EmbeddedFiles()) {
    if (file.path == file_name) {
      return file.contents;
    }
  }
  return {};
}

}  // namespace takt::driver
