// Code generation: one xir module in, LLVM IR, an object file or a loadable shared library out.
// The only code of Takt that includes LLVM (and lld) headers; this header includes neither, so
// the driver and tests use it without them. The library exports exactly one symbol,
// `takt_executor_v1` (runtime.h), a constant descriptor whose tables and entry points are
// generated here; it owns no memory, calls nothing but the host callbacks it is handed, and the
// same module always gives the same bytes (no paths, times or addresses end up in it).
#ifndef TAKT_COMPILER_CODEGEN_CODEGEN_H_
#define TAKT_COMPILER_CODEGEN_CODEGEN_H_

#include <string>
#include <string_view>

#include "compiler/xir/xir.h"

namespace takt::codegen {

struct Options {
  // Run LLVM's O2 pipeline (the default; off only to read the direct translation).
  bool optimize = true;
};

// The module as LLVM IR text (`takt build --emit=llvm`). False with `error` on failure.
auto EmitLlvmIr(const xir::Module& module, const Options& options, std::string& text, std::string& error) -> bool;

// The module as an ELF relocatable object for the host.
auto CompileObject(const xir::Module& module, const Options& options, std::string& object, std::string& error)
    -> bool;

// Links `object` into a shared library at `path` with lld, in-process.
auto LinkSharedObject(std::string_view object, const std::string& path, std::string& error) -> bool;

// CompileObject + LinkSharedObject.
auto BuildSharedObject(const xir::Module& module, const std::string& path, std::string& error) -> bool;

}  // namespace takt::codegen

#endif  // TAKT_COMPILER_CODEGEN_CODEGEN_H_
