// libtakt_codegen.so: the code generator behind the one symbol the driver looks up (backend.h).
#include "compiler/codegen/backend.h"
#include "compiler/codegen/codegen.h"

namespace {

auto EmitLlvmIr(const takt::xir::Module& module, std::string& text, std::string& error) -> bool {
  return takt::codegen::EmitLlvmIr(module, takt::codegen::Options{}, text, error);
}

constexpr takt::codegen::Backend kBackend = {
    .version = takt::codegen::kBackendVersion,
    .emit_llvm_ir = &EmitLlvmIr,
    .build_shared_object = &takt::codegen::BuildSharedObject,
};

}  // namespace

extern "C" __attribute__((visibility("default"))) auto takt_codegen_backend() -> const takt::codegen::Backend* {
  return &kBackend;
}
