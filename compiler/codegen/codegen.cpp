// xir → LLVM IR. Every xir function becomes an internal LLVM function; internal helpers take the
// entry point's context as leading arguments (global record, host, event or timer, now). Event,
// timer and action fields are addressed by their C offsets (offsetof on runtime.h), so the
// generated code agrees with the runtime by construction; the descriptor's layout is checked
// against the C struct before anything is emitted.
#include "compiler/codegen/codegen.h"

#include <llvm/ADT/SmallVector.h>
#include <llvm/IR/Constants.h>
#include <llvm/IR/DerivedTypes.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/LegacyPassManager.h>
#include <llvm/IR/MDBuilder.h>
#include <llvm/IR/Module.h>
#include <llvm/IR/Verifier.h>
#include <llvm/MC/TargetRegistry.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Target/TargetMachine.h>
#include <llvm/Target/TargetOptions.h>
#include <llvm/TargetParser/Host.h>

#include <algorithm>
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <optional>

#include "compiler/xir/verifier.h"
#include "takt/runtime.h"

namespace takt::codegen {

namespace {

using xir::ExprId;
using xir::Opcode;
using xir::StmtKind;

struct FieldInfo {
  size_t offset;
  bool wide;    // i64 (else u32)
  bool floating;  // f64
};

auto EventFieldInfo(xir::EventField field) -> FieldInfo {
  switch (field) {
#define TAKT_XIR_EVENT_FIELD(Name, text, member, type)                                                    \
  case xir::EventField::Name:                                                                             \
    return FieldInfo{offsetof(takt_event, member), std::string_view(#type) != "U32", std::string_view(#type) == "F64"};
#include "compiler/xir/xir.def"
  }
  return {};
}

auto TimerFieldInfo(xir::TimerField field) -> FieldInfo {
  switch (field) {
#define TAKT_XIR_TIMER_FIELD(Name, text, member, type)                                                    \
  case xir::TimerField::Name:                                                                             \
    return FieldInfo{offsetof(takt_timer, member), std::string_view(#type) != "U32", std::string_view(#type) == "F64"};
#include "compiler/xir/xir.def"
  }
  return {};
}

auto ActionFieldInfo(xir::ActionField field) -> FieldInfo {
  switch (field) {
#define TAKT_XIR_ACTION_FIELD(Name, text, member, type)                                                    \
  case xir::ActionField::Name:                                                                             \
    return FieldInfo{offsetof(takt_action, member), std::string_view(#type) != "U32", false};
#include "compiler/xir/xir.def"
  }
  return {};
}

auto AllActionFields() -> std::vector<xir::ActionField> {
  return {
#define TAKT_XIR_ACTION_FIELD(Name, text, member, type) xir::ActionField::Name,
#include "compiler/xir/xir.def"
  };
}

constexpr uint32_t RecordEntityKind(xir::Record record) {
  switch (record) {
    case xir::Record::Global: return TAKT_ENTITY_PLANT;
    case xir::Record::Order: return TAKT_ENTITY_ORDER;
    case xir::Record::Lot: return TAKT_ENTITY_LOT;
    case xir::Record::Case: return TAKT_ENTITY_CASE;
  }
  return TAKT_ENTITY_PLANT;
}

void InitializeLlvm() {
  static std::once_flag once;
  std::call_once(once, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
  });
}

auto MakeTargetMachine(std::string& error) -> std::unique_ptr<llvm::TargetMachine> {
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

  auto Run(std::string& error) -> bool {
    DeclareTables();
    for (size_t i = 0; i < xm_.functions.size(); ++i) {
      Declare(static_cast<xir::FunctionId>(i));
    }
    for (size_t i = 0; i < xm_.functions.size(); ++i) {
      Define(static_cast<xir::FunctionId>(i));
    }
    return BuildDescriptor(error);
  }

 private:
  // ---- Functions. ------------------------------------------------------------------------------

  auto TypeOf(xir::Type type) -> llvm::Type* { return type == xir::Type::I64 ? i64_ : f64_; }

  void Declare(xir::FunctionId id) {
    const xir::Function& fn = xm_.functions[id];
    std::vector<llvm::Type*> params;
    if (fn.entry) {
      // (self, state, t | event | timer, host)
      params = {ptr_, ptr_, fn.context == xir::Context::Start ? static_cast<llvm::Type*>(i64_) : ptr_, ptr_};
    } else {
      params = {ptr_, ptr_, ptr_, i64_};
      for (xir::Type type : fn.params) {
        params.push_back(TypeOf(type));
      }
    }
    auto* type = llvm::FunctionType::get(void_, params, false);
    auto* f = llvm::Function::Create(type, llvm::GlobalValue::InternalLinkage, "takt." + fn.name, m_);
    f->addFnAttr(llvm::Attribute::NoUnwind);
    f->addFnAttr(llvm::Attribute::NoRecurse);
    if (fn.noinline || fn.cold) {
      f->addFnAttr(llvm::Attribute::NoInline);
    }
    if (fn.cold) {
      f->addFnAttr(llvm::Attribute::Cold);
    }
    functions_.push_back(f);
  }

  void Define(xir::FunctionId id) {
    fn_ = &xm_.functions[id];
    llvm::Function* f = functions_[id];
    auto* entry = llvm::BasicBlock::Create(c_, "entry", f);
    b_.SetInsertPoint(entry);
    if (fn_->entry) {
      state_ = f->getArg(1);
      host_ = f->getArg(3);
      switch (fn_->context) {
        case xir::Context::Start:
          evp_ = llvm::ConstantPointerNull::get(ptr_);
          now_ = f->getArg(2);
          break;
        case xir::Context::Event:
          evp_ = f->getArg(2);
          now_ = b_.CreateLoad(i64_, Field(evp_, offsetof(takt_event, t)), "now");
          break;
        case xir::Context::Timer:
        case xir::Context::Any:
          evp_ = f->getArg(2);
          now_ = b_.CreateLoad(i64_, Field(evp_, offsetof(takt_timer, due)), "now");
          break;
      }
    } else {
      state_ = f->getArg(0);
      host_ = f->getArg(1);
      evp_ = f->getArg(2);
      now_ = f->getArg(3);
    }
    locals_.clear();
    for (xir::Type type : fn_->locals) {
      locals_.push_back(b_.CreateAlloca(TypeOf(type)));
    }
    action_ = nullptr;
    timer_ = nullptr;
    for (const xir::Stmt& stmt : fn_->stmts) {
      if (stmt.kind == StmtKind::Emit && action_ == nullptr) {
        action_ = b_.CreateAlloca(llvm::ArrayType::get(i8_, sizeof(takt_action)), nullptr, "action");
        action_->setAlignment(llvm::Align(8));
      }
      if (stmt.kind == StmtKind::Schedule && timer_ == nullptr) {
        timer_ = b_.CreateAlloca(llvm::ArrayType::get(i8_, sizeof(takt_timer)), nullptr, "timer");
        timer_->setAlignment(llvm::Align(8));
      }
    }
    GenBlock(fn_->body);
    if (b_.GetInsertBlock()->getTerminator() == nullptr) {
      b_.CreateRetVoid();
    }
  }

  auto Field(llvm::Value* base, size_t offset) -> llvm::Value* {
    return b_.CreateInBoundsGEP(i8_, base, b_.getInt64(offset));
  }

  // ---- Host calls. -----------------------------------------------------------------------------

  auto HostCall(size_t offset, llvm::Type* result, std::vector<llvm::Value*> args) -> llvm::Value* {
    std::vector<llvm::Type*> types = {ptr_};
    for (llvm::Value* arg : args) {
      types.push_back(arg->getType());
    }
    auto* type = llvm::FunctionType::get(result, types, false);
    llvm::Value* callee = b_.CreateLoad(ptr_, Field(host_, offset));
    llvm::Value* ctx = b_.CreateLoad(ptr_, Field(host_, offsetof(takt_host, ctx)));
    args.insert(args.begin(), ctx);
    return b_.CreateCall(type, callee, args);
  }

  auto RecordBase(xir::Record record, ExprId entity) -> llvm::Value* {
    if (record == xir::Record::Global) {
      return state_;
    }
    return HostCall(offsetof(takt_host, state), ptr_,
                    {b_.getInt32(RecordEntityKind(record)), b_.CreateTrunc(Gen(entity), i32_)});
  }

  auto SlotAddress(xir::SlotId slot_id, ExprId entity, ExprId index) -> llvm::Value* {
    const xir::Slot& slot = xm_.slots[slot_id];
    llvm::Value* base = RecordBase(slot.record, entity);
    llvm::Value* offset = b_.CreateAdd(b_.getInt64(slot.offset), b_.CreateMul(Gen(index), b_.getInt64(8)));
    return b_.CreateInBoundsGEP(i8_, base, offset);
  }

  // ---- Expressions. ----------------------------------------------------------------------------

  auto Bool(llvm::Value* value) -> llvm::Value* { return b_.CreateICmpNE(value, b_.getInt64(0)); }
  auto Widen(llvm::Value* flag) -> llvm::Value* { return b_.CreateZExt(flag, i64_); }

  auto Gen(ExprId id) -> llvm::Value* {
    const xir::Expr& e = fn_->exprs[id];
    switch (e.op) {
      case Opcode::ConstI: return b_.getInt64(static_cast<uint64_t>(e.i));
      case Opcode::ConstF: return llvm::ConstantFP::get(f64_, e.f);
      case Opcode::Param: return functions_[FunctionIndex()]->getArg(4 + e.a);
      case Opcode::Local: return b_.CreateLoad(TypeOf(e.type), locals_[e.a]);
      case Opcode::Now: return now_;
      case Opcode::EventField: return LoadField(EventFieldInfo(static_cast<xir::EventField>(e.a)));
      case Opcode::TimerField: return LoadField(TimerFieldInfo(static_cast<xir::TimerField>(e.a)));
      case Opcode::Load: {
        auto* load = b_.CreateLoad(TypeOf(e.type), SlotAddress(e.a, e.x, e.y));
        load->setAlignment(llvm::Align(8));
        return load;
      }
      case Opcode::Table: return TableRead(e);
      case Opcode::Add: return b_.CreateAdd(Gen(e.x), Gen(e.y));
      case Opcode::Sub: return b_.CreateSub(Gen(e.x), Gen(e.y));
      case Opcode::Mul: return b_.CreateMul(Gen(e.x), Gen(e.y));
      case Opcode::Div: return b_.CreateSDiv(Gen(e.x), Gen(e.y));
      case Opcode::Rem: return b_.CreateSRem(Gen(e.x), Gen(e.y));
      case Opcode::Min: {
        llvm::Value* x = Gen(e.x);
        llvm::Value* y = Gen(e.y);
        return b_.CreateSelect(b_.CreateICmpSLT(x, y), x, y);
      }
      case Opcode::BitAnd: return b_.CreateAnd(Gen(e.x), Gen(e.y));
      case Opcode::BitOr: return b_.CreateOr(Gen(e.x), Gen(e.y));
      case Opcode::BitXor: return b_.CreateXor(Gen(e.x), Gen(e.y));
      case Opcode::Shl: return b_.CreateShl(Gen(e.x), Gen(e.y));
      case Opcode::LShr: return b_.CreateLShr(Gen(e.x), Gen(e.y));
      case Opcode::PopCount: return b_.CreateUnaryIntrinsic(llvm::Intrinsic::ctpop, Gen(e.x));
      case Opcode::FAdd: return b_.CreateFAdd(Gen(e.x), Gen(e.y));
      case Opcode::FSub: return b_.CreateFSub(Gen(e.x), Gen(e.y));
      case Opcode::FMul: return b_.CreateFMul(Gen(e.x), Gen(e.y));
      case Opcode::Eq: return Widen(b_.CreateICmpEQ(Gen(e.x), Gen(e.y)));
      case Opcode::Ne: return Widen(b_.CreateICmpNE(Gen(e.x), Gen(e.y)));
      case Opcode::Lt: return Widen(b_.CreateICmpSLT(Gen(e.x), Gen(e.y)));
      case Opcode::Le: return Widen(b_.CreateICmpSLE(Gen(e.x), Gen(e.y)));
      case Opcode::Gt: return Widen(b_.CreateICmpSGT(Gen(e.x), Gen(e.y)));
      case Opcode::Ge: return Widen(b_.CreateICmpSGE(Gen(e.x), Gen(e.y)));
      case Opcode::FEq: return Widen(b_.CreateFCmpOEQ(Gen(e.x), Gen(e.y)));
      case Opcode::FNe: return Widen(b_.CreateFCmpONE(Gen(e.x), Gen(e.y)));
      case Opcode::FLt: return Widen(b_.CreateFCmpOLT(Gen(e.x), Gen(e.y)));
      case Opcode::FGt: return Widen(b_.CreateFCmpOGT(Gen(e.x), Gen(e.y)));
      case Opcode::And: return Widen(b_.CreateAnd(Bool(Gen(e.x)), Bool(Gen(e.y))));
      case Opcode::Or: return Widen(b_.CreateOr(Bool(Gen(e.x)), Bool(Gen(e.y))));
      case Opcode::Not: return Widen(b_.CreateICmpEQ(Gen(e.x), b_.getInt64(0)));
      case Opcode::Select: {
        llvm::Value* condition = Bool(Gen(e.x));
        llvm::Value* if_true = Gen(e.y);
        llvm::Value* if_false = Gen(e.z);
        return b_.CreateSelect(condition, if_true, if_false);
      }
      case Opcode::HostCreate:
        return b_.CreateZExt(HostCall(offsetof(takt_host, create), i32_,
                                      {b_.getInt32(e.a), b_.CreateTrunc(Gen(e.x), i32_)}),
                             i64_);
      case Opcode::HostCount:
        return b_.CreateZExt(HostCall(offsetof(takt_host, count), i32_, {b_.getInt32(e.a)}), i64_);
      case Opcode::HostCaseDecl:
        return b_.CreateZExt(HostCall(offsetof(takt_host, case_decl), i32_, {b_.CreateTrunc(Gen(e.x), i32_)}), i64_);
    }
    return b_.getInt64(0);
  }

  auto FunctionIndex() -> size_t { return static_cast<size_t>(fn_ - xm_.functions.data()); }

  auto LoadField(const FieldInfo& info) -> llvm::Value* {
    llvm::Value* address = Field(evp_, info.offset);
    if (info.floating) {
      return b_.CreateLoad(f64_, address);
    }
    if (info.wide) {
      return b_.CreateLoad(i64_, address);
    }
    return b_.CreateZExt(b_.CreateLoad(i32_, address), i64_);
  }

  // Out-of-range indices read 0 (xir.def), so tables are total and need no guard in lower/.
  auto TableRead(const xir::Expr& e) -> llvm::Value* {
    const xir::Table& table = xm_.tables[e.a];
    llvm::Type* type = TypeOf(table.type);
    llvm::Value* zero = table.type == xir::Type::I64 ? static_cast<llvm::Value*>(b_.getInt64(0))
                                                     : llvm::ConstantFP::get(f64_, 0.0);
    if (table.size() == 0) {
      return zero;
    }
    llvm::Value* index = Gen(e.x);
    if (e.i != 0) {
      return b_.CreateLoad(type, b_.CreateInBoundsGEP(type, tables_[e.a], index));
    }
    llvm::Value* in_range = b_.CreateICmpULT(index, b_.getInt64(table.size()));
    llvm::Value* safe = b_.CreateSelect(in_range, index, b_.getInt64(0));
    llvm::Value* value = b_.CreateLoad(type, b_.CreateInBoundsGEP(type, tables_[e.a], safe));
    return b_.CreateSelect(in_range, value, zero);
  }

  // ---- Statements. -----------------------------------------------------------------------------

  void GenBlock(const xir::Block& block) {
    for (xir::StmtId id : block) {
      if (b_.GetInsertBlock()->getTerminator() != nullptr) {
        // Code after a return: emitted into a block nothing reaches, LLVM drops it.
        b_.SetInsertPoint(llvm::BasicBlock::Create(c_, "dead", b_.GetInsertBlock()->getParent()));
      }
      GenStmt(fn_->stmts[id]);
    }
  }

  void BranchTo(llvm::BasicBlock* target) {
    if (b_.GetInsertBlock()->getTerminator() == nullptr) {
      b_.CreateBr(target);
    }
  }

  void GenStmt(const xir::Stmt& stmt) {
    llvm::Function* f = b_.GetInsertBlock()->getParent();
    switch (stmt.kind) {
      case StmtKind::Store: {
        llvm::Value* value = Gen(stmt.z);
        auto* store = b_.CreateStore(value, SlotAddress(stmt.a, stmt.x, stmt.y));
        store->setAlignment(llvm::Align(8));
        return;
      }
      case StmtKind::Set: b_.CreateStore(Gen(stmt.x), locals_[stmt.a]); return;
      case StmtKind::If: {
        llvm::Value* condition = Bool(Gen(stmt.x));
        auto* then_block = llvm::BasicBlock::Create(c_, "then", f);
        auto* else_block = llvm::BasicBlock::Create(c_, "else", f);
        auto* join = llvm::BasicBlock::Create(c_, "join", f);
        // A branch that demands an action is the exception on the shop floor (a measurement out
        // of spec, a signal, a forbidden event): weighted unlikely, it is laid out off the
        // per-event path.
        llvm::MDNode* weights = Emits(stmt.blocks[0]) && !Emits(stmt.blocks[1])
                                    ? llvm::MDBuilder(c_).createUnlikelyBranchWeights()
                                    : nullptr;
        b_.CreateCondBr(condition, then_block, else_block, weights);
        b_.SetInsertPoint(then_block);
        GenBlock(stmt.blocks[0]);
        BranchTo(join);
        b_.SetInsertPoint(else_block);
        GenBlock(stmt.blocks[1]);
        BranchTo(join);
        b_.SetInsertPoint(join);
        return;
      }
      case StmtKind::Switch: {
        llvm::Value* value = Gen(stmt.x);
        auto* default_block = llvm::BasicBlock::Create(c_, "default", f);
        auto* join = llvm::BasicBlock::Create(c_, "join", f);
        llvm::SwitchInst* instruction =
            b_.CreateSwitch(value, default_block, static_cast<unsigned>(stmt.labels.size()));
        for (size_t i = 0; i < stmt.labels.size(); ++i) {
          auto* case_block = llvm::BasicBlock::Create(c_, "case", f);
          instruction->addCase(b_.getInt64(static_cast<uint64_t>(stmt.labels[i])), case_block);
          b_.SetInsertPoint(case_block);
          GenBlock(stmt.blocks[i]);
          BranchTo(join);
        }
        b_.SetInsertPoint(default_block);
        GenBlock(stmt.blocks.back());
        BranchTo(join);
        b_.SetInsertPoint(join);
        return;
      }
      case StmtKind::Emit: {
        std::map<xir::ActionField, ExprId> set;
        for (const auto& [field, value] : stmt.fields) {
          set[field] = value;
        }
        StoreI32(action_, offsetof(takt_action, kind), b_.getInt32(stmt.a));
        StoreI32(action_, offsetof(takt_action, cause), b_.getInt32(stmt.b));
        StoreI32(action_, offsetof(takt_action, rule), b_.CreateTrunc(Gen(stmt.x), i32_));
        for (xir::ActionField field : AllActionFields()) {
          const FieldInfo info = ActionFieldInfo(field);
          const auto it = set.find(field);
          if (info.wide) {
            llvm::Value* value = it != set.end() ? Gen(it->second) : b_.getInt64(static_cast<uint64_t>(TAKT_NO_INT));
            b_.CreateAlignedStore(value, Field(action_, info.offset), llvm::Align(8));
          } else {
            llvm::Value* value =
                it != set.end() ? b_.CreateTrunc(Gen(it->second), i32_) : b_.getInt32(TAKT_NONE);
            StoreI32(action_, info.offset, value);
          }
        }
        // Actions are rare next to events: the call is cold, its block laid out off the hot path.
        auto* call = llvm::cast<llvm::CallInst>(HostCall(offsetof(takt_host, emit), void_, {action_}));
        call->addFnAttr(llvm::Attribute::Cold);
        return;
      }
      case StmtKind::Schedule: {
        b_.CreateAlignedStore(Gen(stmt.args[0]), Field(timer_, offsetof(takt_timer, due)), llvm::Align(8));
        StoreI32(timer_, offsetof(takt_timer, entity_kind), b_.getInt32(stmt.a));
        StoreI32(timer_, offsetof(takt_timer, entity), b_.CreateTrunc(Gen(stmt.args[1]), i32_));
        StoreI32(timer_, offsetof(takt_timer, clause), b_.CreateTrunc(Gen(stmt.args[2]), i32_));
        StoreI32(timer_, offsetof(takt_timer, reserved), b_.getInt32(0));
        b_.CreateAlignedStore(Gen(stmt.args[3]), Field(timer_, offsetof(takt_timer, arg0)), llvm::Align(8));
        b_.CreateAlignedStore(Gen(stmt.args[4]), Field(timer_, offsetof(takt_timer, arg1)), llvm::Align(8));
        HostCall(offsetof(takt_host, schedule), void_, {timer_});
        return;
      }
      case StmtKind::Call: {
        std::vector<llvm::Value*> args = {state_, host_, evp_, now_};
        for (ExprId arg : stmt.args) {
          args.push_back(Gen(arg));
        }
        b_.CreateCall(functions_[stmt.a], args);
        return;
      }
      case StmtKind::Return: b_.CreateRetVoid(); return;
    }
  }

  // Whether `block` emits an action itself or through a cold (reaction) function.
  auto Emits(const xir::Block& block) -> bool {
    return std::any_of(block.begin(), block.end(), [&](xir::StmtId id) {
      const xir::Stmt& stmt = fn_->stmts[id];
      return stmt.kind == StmtKind::Emit || (stmt.kind == StmtKind::Call && xm_.functions[stmt.a].cold) ||
             std::any_of(stmt.blocks.begin(), stmt.blocks.end(), [&](const xir::Block& inner) { return Emits(inner); });
    });
  }

  void StoreI32(llvm::Value* base, size_t offset, llvm::Value* value) {
    b_.CreateAlignedStore(value, Field(base, offset), llvm::Align(4));
  }

  // ---- Constant data. --------------------------------------------------------------------------

  void DeclareTables() {
    for (const xir::Table& table : xm_.tables) {
      llvm::Constant* init = nullptr;
      llvm::Type* element = TypeOf(table.type);
      std::vector<llvm::Constant*> values;
      for (size_t i = 0; i < table.size(); ++i) {
        values.push_back(table.type == xir::Type::I64
                             ? static_cast<llvm::Constant*>(b_.getInt64(static_cast<uint64_t>(table.ints[i])))
                             : llvm::ConstantFP::get(f64_, table.floats[i]));
      }
      auto* type = llvm::ArrayType::get(element, table.size());
      init = llvm::ConstantArray::get(type, values);
      auto* global = new llvm::GlobalVariable(m_, type, true, llvm::GlobalValue::PrivateLinkage, init,
                                              "table." + table.name);
      global->setUnnamedAddr(llvm::GlobalValue::UnnamedAddr::Global);
      tables_.push_back(global);
    }
  }

  auto String(const std::string& text) -> llvm::Constant* {
    auto it = strings_.find(text);
    if (it != strings_.end()) {
      return it->second;
    }
    llvm::Constant* data = llvm::ConstantDataArray::getString(c_, text, true);
    auto* global = new llvm::GlobalVariable(m_, data->getType(), true, llvm::GlobalValue::PrivateLinkage, data, "str");
    global->setUnnamedAddr(llvm::GlobalValue::UnnamedAddr::Global);
    global->setAlignment(llvm::Align(1));
    strings_.emplace(text, global);
    return global;
  }

  auto Array(llvm::StructType* type, const std::vector<llvm::Constant*>& elements, const char* name)
      -> llvm::Constant* {
    if (elements.empty()) {
      return llvm::ConstantPointerNull::get(ptr_);
    }
    auto* array_type = llvm::ArrayType::get(type, elements.size());
    return new llvm::GlobalVariable(m_, array_type, true, llvm::GlobalValue::PrivateLinkage,
                                    llvm::ConstantArray::get(array_type, elements), name);
  }

  auto StringArray(const std::vector<std::string>& items, const char* name) -> llvm::Constant* {
    if (items.empty()) {
      return llvm::ConstantPointerNull::get(ptr_);
    }
    std::vector<llvm::Constant*> elements;
    for (const std::string& item : items) {
      elements.push_back(String(item));
    }
    auto* array_type = llvm::ArrayType::get(ptr_, elements.size());
    return new llvm::GlobalVariable(m_, array_type, true, llvm::GlobalValue::PrivateLinkage,
                                    llvm::ConstantArray::get(array_type, elements), name);
  }

  auto U32(uint32_t value) -> llvm::Constant* { return b_.getInt32(value); }
  auto Count(size_t n) -> llvm::Constant* { return b_.getInt32(static_cast<uint32_t>(n)); }

  auto BuildDescriptor(std::string& error) -> bool {
    const xir::Descriptor& d = xm_.descriptor;
    auto* rule_type = llvm::StructType::get(c_, {ptr_, i32_, ptr_, i32_, i32_});
    auto* role_type = llvm::StructType::get(c_, {ptr_, i32_});
    auto* shift_type = llvm::StructType::get(c_, {ptr_, i32_, i32_});
    auto* named_ref_type = llvm::StructType::get(c_, {ptr_, i32_});
    auto* list_type = llvm::StructType::get(c_, {ptr_, i32_, ptr_});

    std::vector<llvm::Constant*> rules;
    for (const xir::RuleInfo& rule : d.rules) {
      rules.push_back(llvm::ConstantStruct::get(
          rule_type, {String(rule.name), U32(rule.kind), String(rule.file), U32(rule.line), U32(rule.col)}));
    }
    std::vector<llvm::Constant*> roles;
    for (const xir::RoleInfo& role : d.roles) {
      roles.push_back(llvm::ConstantStruct::get(role_type, {String(role.name), U32(role.reports_to)}));
    }
    std::vector<llvm::Constant*> shifts;
    for (const xir::ShiftInfo& shift : d.shifts) {
      shifts.push_back(llvm::ConstantStruct::get(
          shift_type, {String(shift.name), U32(static_cast<uint32_t>(shift.start_minute)),
                       U32(static_cast<uint32_t>(shift.end_minute))}));
    }
    std::vector<llvm::Constant*> workcenters;
    for (const xir::NameRef& workcenter : d.workcenters) {
      workcenters.push_back(llvm::ConstantStruct::get(named_ref_type, {String(workcenter.name), U32(workcenter.ref)}));
    }
    std::vector<llvm::Constant*> reasons;
    for (const xir::NameRef& reason : d.reasons) {
      reasons.push_back(llvm::ConstantStruct::get(named_ref_type, {String(reason.name), U32(reason.ref)}));
    }
    std::vector<llvm::Constant*> routings;
    for (const xir::RoutingInfo& routing : d.routings) {
      llvm::Constant* ops = llvm::ConstantPointerNull::get(ptr_);
      if (!routing.ops.empty()) {
        std::vector<llvm::Constant*> numbers;
        for (int64_t op : routing.ops) {
          numbers.push_back(b_.getInt64(static_cast<uint64_t>(op)));
        }
        auto* type = llvm::ArrayType::get(i64_, numbers.size());
        ops = new llvm::GlobalVariable(m_, type, true, llvm::GlobalValue::PrivateLinkage,
                                       llvm::ConstantArray::get(type, numbers), "ops");
      }
      routings.push_back(llvm::ConstantStruct::get(list_type, {String(routing.name), Count(routing.ops.size()), ops}));
    }
    auto lists = [&](const std::vector<xir::NameList>& items, const char* name) {
      std::vector<llvm::Constant*> elements;
      for (const xir::NameList& item : items) {
        elements.push_back(llvm::ConstantStruct::get(
            list_type, {String(item.name), Count(item.items.size()), StringArray(item.items, name)}));
      }
      return elements;
    };
    const std::vector<llvm::Constant*> cases = lists(d.cases, "outcomes");
    const std::vector<llvm::Constant*> deviations = lists(d.deviations, "risks");

    auto entry = [&](xir::FunctionId id) -> llvm::Constant* { return functions_[id]; };
    const std::vector<llvm::Type*> types = {
        i32_, i32_, ptr_, ptr_,                                               // abi, reserved, name, sha
        i32_, ptr_, i32_, ptr_, i32_, ptr_, i32_, ptr_, i32_, ptr_, i32_, ptr_,  // rules … controls
        i32_, ptr_, i32_, ptr_, i32_, ptr_, i32_, ptr_, i32_, ptr_,              // reasons … handovers
        i64_, i64_, i64_, i64_,                                               // state sizes
        ptr_, ptr_, ptr_, ptr_};                                              // entry points, user
    auto* executor_type = llvm::StructType::get(c_, types);
    const auto& sizes = xm_.record_sizes;
    std::vector<llvm::Constant*> fields = {
        U32(TAKT_ABI_VERSION),
        U32(0),
        String(d.plant_name),
        String(d.source_sha256),
        Count(d.rules.size()),
        Array(rule_type, rules, "rules"),
        Count(d.roles.size()),
        Array(role_type, roles, "roles"),
        Count(d.shifts.size()),
        Array(shift_type, shifts, "shifts"),
        Count(d.lines.size()),
        StringArray(d.lines, "lines"),
        Count(d.workcenters.size()),
        Array(named_ref_type, workcenters, "workcenters"),
        Count(d.controls.size()),
        StringArray(d.controls, "controls"),
        Count(d.reasons.size()),
        Array(named_ref_type, reasons, "reasons"),
        Count(d.routings.size()),
        Array(list_type, routings, "routings"),
        Count(d.cases.size()),
        Array(list_type, cases, "cases"),
        Count(d.deviations.size()),
        Array(list_type, deviations, "deviations"),
        Count(d.handovers.size()),
        StringArray(d.handovers, "handovers"),
        b_.getInt64(sizes[static_cast<size_t>(xir::Record::Global)]),
        b_.getInt64(sizes[static_cast<size_t>(xir::Record::Order)]),
        b_.getInt64(sizes[static_cast<size_t>(xir::Record::Lot)]),
        b_.getInt64(sizes[static_cast<size_t>(xir::Record::Case)]),
        entry(xm_.on_start),
        entry(xm_.on_event),
        entry(xm_.on_timer),
        llvm::ConstantPointerNull::get(ptr_),
    };
    // The LLVM struct must lay out exactly like the C one the runtime reads.
    const llvm::StructLayout* layout = m_.getDataLayout().getStructLayout(executor_type);
    const std::pair<unsigned, size_t> checks[] = {
        {3, offsetof(takt_executor, source_sha256)},  {5, offsetof(takt_executor, rules)},
        {25, offsetof(takt_executor, handovers)},     {26, offsetof(takt_executor, global_state_size)},
        {30, offsetof(takt_executor, on_start)},      {33, offsetof(takt_executor, user)},
    };
    for (const auto& [index, offset] : checks) {
      if (layout->getElementOffset(index) != offset) {
        error = "internal error: the generated descriptor does not match takt_executor's layout";
        return false;
      }
    }
    if (layout->getSizeInBytes() != sizeof(takt_executor) ||
        m_.getDataLayout().getStructLayout(rule_type)->getSizeInBytes() != sizeof(takt_rule) ||
        m_.getDataLayout().getStructLayout(list_type)->getSizeInBytes() != sizeof(takt_routing)) {
      error = "internal error: a generated descriptor table does not match its C layout";
      return false;
    }
    auto* descriptor = new llvm::GlobalVariable(m_, executor_type, true, llvm::GlobalValue::ExternalLinkage,
                                                llvm::ConstantStruct::get(executor_type, fields),
                                                TAKT_EXECUTOR_SYMBOL);
    descriptor->setAlignment(llvm::Align(8));
    return true;
  }

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

// Translates and (optionally) optimises; the module is ready for printing or emission.
auto Translate(const xir::Module& module, const Options& options, llvm::LLVMContext& context,
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

}  // namespace

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
