// The code generator as the driver reaches it: a plugin, `libtakt_codegen.so`, loaded on first
// use (driver/codegen_plugin.h). Loading LLVM costs a process about 75 ms of relocations and
// static constructors; with the plugin only the commands that generate code pay it, and
// `takt check`, `fmt`, `run plant.so`, … start without it. This header includes no LLVM header.
#ifndef TAKT_COMPILER_CODEGEN_BACKEND_H_
#define TAKT_COMPILER_CODEGEN_BACKEND_H_

#include <cstdint>
#include <string>

#include "compiler/xir/xir.h"

namespace takt::codegen {

// Bumped on every incompatible change of this struct or of xir::Module's layout, so a stale
// plugin is refused instead of misread.
inline constexpr uint32_t kBackendVersion = 1;

struct Backend {
  uint32_t version;
  // codegen.h's EmitLlvmIr (optimised) and BuildSharedObject.
  bool (*emit_llvm_ir)(const xir::Module& module, std::string& text, std::string& error);
  bool (*build_shared_object)(const xir::Module& module, const std::string& path, std::string& error);
};

}  // namespace takt::codegen

// The plugin's one entry point.
#define TAKT_CODEGEN_BACKEND_SYMBOL "takt_codegen_backend"
extern "C" auto takt_codegen_backend() -> const takt::codegen::Backend*;

#endif  // TAKT_COMPILER_CODEGEN_BACKEND_H_
