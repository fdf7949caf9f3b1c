// The xir → LLVM IR translator shared by the files of codegen/: module.cpp builds the
// module-level context (constant tables, interned strings, the takt_executor descriptor),
// function.cpp translates each xir function's statements and expressions, and codegen.cpp owns
// the target machine, optimisation and emission. Internal to codegen/, like all LLVM code.
#ifndef TAKT_COMPILER_CODEGEN_TRANSLATOR_H_
#define TAKT_COMPILER_CODEGEN_TRANSLATOR_H_

#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "compiler/xir/xir.h"

namespace takt::codegen {

// Where an event, timer or action field sits in its C struct, and how wide it is.
struct FieldInfo {
  size_t offset;
  bool wide;    // i64 (else u32)
  bool floating;  // f64
};

class Translator {
 public:
  Translator(const xir::Module& module, llvm::Module& out, llvm::LLVMContext& context)
      : xm_(module), m_(out), c_(context), b_(context) {
    ptr_ = llvm::PointerType::get(c_, 0);
    i8_ = llvm::Type::getInt8Ty(c_);
    i32_ = llvm::Type::getInt32Ty(c_);
    i64_ = llvm::Type::getInt64Ty(c_);
    f64_ = llvm::Type::getDoubleTy(c_);
    void_ = llvm::Type::getVoidTy(c_);
  }

  // module.cpp: tables, every function declared then defined, the descriptor.
  auto Run(std::string& error) -> bool;

 private:
  using ExprId = xir::ExprId;

  // ---- function.cpp: functions. ------------------------------------------------------------------

  auto TypeOf(xir::Type type) -> llvm::Type* { return type == xir::Type::I64 ? i64_ : f64_; }
  void Declare(xir::FunctionId id);
  void Define(xir::FunctionId id);
  auto Field(llvm::Value* base, size_t offset) -> llvm::Value*;

  // Host calls.
  auto HostCall(size_t offset, llvm::Type* result, std::vector<llvm::Value*> args) -> llvm::Value*;
  auto RecordBase(xir::Record record, ExprId entity) -> llvm::Value*;
  auto SlotAddress(xir::SlotId slot_id, ExprId entity, ExprId index) -> llvm::Value*;

  // Expressions.
  auto Bool(llvm::Value* value) -> llvm::Value* { return b_.CreateICmpNE(value, b_.getInt64(0)); }
  auto Widen(llvm::Value* flag) -> llvm::Value* { return b_.CreateZExt(flag, i64_); }
  auto Gen(ExprId id) -> llvm::Value*;
  auto FunctionIndex() -> size_t { return static_cast<size_t>(fn_ - xm_.functions.data()); }
  auto LoadField(const FieldInfo& info) -> llvm::Value*;
  // Out-of-range indices read 0 (xir.def), so tables are total and need no guard in lower/.
  auto TableRead(const xir::Expr& e) -> llvm::Value*;

  // Statements.
  void GenBlock(const xir::Block& block);
  void BranchTo(llvm::BasicBlock* target);
  void GenStmt(const xir::Stmt& stmt);
  // Whether `block` emits an action itself or through a cold (reaction) function.
  auto Emits(const xir::Block& block) -> bool;
  void StoreI32(llvm::Value* base, size_t offset, llvm::Value* value);

  // ---- module.cpp: constant data. ----------------------------------------------------------------

  void DeclareTables();
  auto String(const std::string& text) -> llvm::Constant*;
  auto Array(llvm::StructType* type, const std::vector<llvm::Constant*>& elements, const char* name)
      -> llvm::Constant*;
  auto StringArray(const std::vector<std::string>& items, const char* name) -> llvm::Constant*;
  auto U32(uint32_t value) -> llvm::Constant* { return b_.getInt32(value); }
  auto Count(size_t n) -> llvm::Constant* { return b_.getInt32(static_cast<uint32_t>(n)); }
  auto BuildDescriptor(std::string& error) -> bool;

  const xir::Module& xm_;
  llvm::Module& m_;
  llvm::LLVMContext& c_;
  llvm::IRBuilder<> b_;
  llvm::PointerType* ptr_ = nullptr;
  llvm::Type* i8_ = nullptr;
  llvm::Type* i32_ = nullptr;
  llvm::Type* i64_ = nullptr;
  llvm::Type* f64_ = nullptr;
  llvm::Type* void_ = nullptr;

  std::vector<llvm::Function*> functions_;
  std::vector<llvm::GlobalVariable*> tables_;
  std::map<std::string, llvm::Constant*> strings_;

  // The function being defined.
  const xir::Function* fn_ = nullptr;
  llvm::Value* state_ = nullptr;
  llvm::Value* host_ = nullptr;
  llvm::Value* evp_ = nullptr;
  llvm::Value* now_ = nullptr;
  std::vector<llvm::AllocaInst*> locals_;
  llvm::AllocaInst* action_ = nullptr;
  llvm::AllocaInst* timer_ = nullptr;
};

}  // namespace takt::codegen

#endif  // TAKT_COMPILER_CODEGEN_TRANSLATOR_H_
