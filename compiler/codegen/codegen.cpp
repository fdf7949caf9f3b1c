// The target machine and emission: xir is verified, translated (translator.h), checked by
// LLVM's verifier, optimised, then printed as IR or emitted as an object for the host.
#include "compiler/codegen/codegen.h"

#include <llvm/ADT/SmallVector.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/LegacyPassManager.h>
#include <llvm/IR/Module.h>
#include <llvm/IR/Verifier.h>
#include <llvm/MC/TargetRegistry.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Target/TargetMachine.h>
#include <llvm/Target/TargetOptions.h>
#include <llvm/TargetParser/Host.h>

#include <memory>
#include <mutex>
#include <optional>

#include "compiler/codegen/translator.h"
#include "compiler/xir/verifier.h"

namespace takt::codegen {

static void InitializeLlvm() {
  static std::once_flag once;
  std::call_once(once, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
  });
}

static auto MakeTargetMachine(std::string& error) -> std::unique_ptr<llvm::TargetMachine> {
  InitializeLlvm();
  const std::string triple = llvm::sys::getDefaultTargetTriple();
  const llvm::Target* target = llvm::TargetRegistry::lookupTarget(triple, error);
  if (target == nullptr) {
    return nullptr;
  }
  // A generic CPU: the same bytes on every build machine.
  return std::unique_ptr<llvm::TargetMachine>(target->createTargetMachine(
      triple, "generic", "", llvm::TargetOptions(), llvm::Reloc::PIC_, std::nullopt, llvm::CodeGenOptLevel::Default));
}

// Translates and (optionally) optimises; the module is ready for printing or emission.
static auto Translate(const xir::Module& module, const Options& options, llvm::LLVMContext& context,
                      llvm::TargetMachine& machine, std::string& error) -> std::unique_ptr<llvm::Module> {
  std::vector<std::string> problems;
  if (!xir::Verify(module, problems)) {
    error = "internal error: invalid xir: " + problems.front();
    return nullptr;
  }
  auto out = std::make_unique<llvm::Module>("takt." + module.descriptor.plant_name, context);
  out->setSourceFileName(module.descriptor.plant_name);
  out->setTargetTriple(machine.getTargetTriple().str());
  out->setDataLayout(machine.createDataLayout());
  Translator translator(module, *out, context);
  if (!translator.Run(error)) {
    return nullptr;
  }
  std::string verify_errors;
  llvm::raw_string_ostream verify_stream(verify_errors);
  if (llvm::verifyModule(*out, &verify_stream)) {
    error = "internal error: invalid LLVM IR: " + verify_stream.str();
    return nullptr;
  }
  if (options.optimize) {
    llvm::LoopAnalysisManager lam;
    llvm::FunctionAnalysisManager fam;
    llvm::CGSCCAnalysisManager cgam;
    llvm::ModuleAnalysisManager mam;
    llvm::PassBuilder builder(&machine);
    builder.registerModuleAnalyses(mam);
    builder.registerCGSCCAnalyses(cgam);
    builder.registerFunctionAnalyses(fam);
    builder.registerLoopAnalyses(lam);
    builder.crossRegisterProxies(lam, fam, cgam, mam);
    llvm::ModulePassManager passes = builder.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O2);
    passes.run(*out, mam);
  }
  return out;
}

auto EmitLlvmIr(const xir::Module& module, const Options& options, std::string& text, std::string& error) -> bool {
  std::unique_ptr<llvm::TargetMachine> machine = MakeTargetMachine(error);
  if (!machine) {
    return false;
  }
  llvm::LLVMContext context;
  std::unique_ptr<llvm::Module> out = Translate(module, options, context, *machine, error);
  if (!out) {
    return false;
  }
  llvm::raw_string_ostream stream(text);
  out->print(stream, nullptr);
  stream.flush();
  return true;
}

auto CompileObject(const xir::Module& module, const Options& options, std::string& object, std::string& error)
    -> bool {
  std::unique_ptr<llvm::TargetMachine> machine = MakeTargetMachine(error);
  if (!machine) {
    return false;
  }
  llvm::LLVMContext context;
  std::unique_ptr<llvm::Module> out = Translate(module, options, context, *machine, error);
  if (!out) {
    return false;
  }
  llvm::SmallVector<char, 0> buffer;
  llvm::raw_svector_ostream stream(buffer);
  llvm::legacy::PassManager passes;
  if (machine->addPassesToEmitFile(passes, stream, nullptr, llvm::CodeGenFileType::ObjectFile)) {
    error = "the target cannot emit object files";
    return false;
  }
  passes.run(*out);
  object.assign(buffer.data(), buffer.size());
  return true;
}

auto BuildSharedObject(const xir::Module& module, const std::string& path, std::string& error) -> bool {
  std::string object;
  if (!CompileObject(module, Options{}, object, error)) {
    return false;
  }
  return LinkSharedObject(object, path, error);
}

}  // namespace takt::codegen
