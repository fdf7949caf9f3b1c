// Function-level translation: every xir function becomes an internal LLVM function; internal
// helpers take the entry point's context as leading arguments (global record, host, event or
// timer, now). Event, timer and action fields are addressed by their C offsets (offsetof on
// runtime.h), so the generated code agrees with the runtime by construction.
#include <llvm/IR/Constants.h>
#include <llvm/IR/DerivedTypes.h>
#include <llvm/IR/MDBuilder.h>

#include <algorithm>
#include <cstddef>
#include <map>

#include "compiler/codegen/translator.h"
#include "takt/runtime.h"

namespace takt::codegen {

using xir::Opcode;
using xir::StmtKind;

static auto EventFieldInfo(xir::EventField field) -> FieldInfo {
  switch (field) {
#define TAKT_XIR_EVENT_FIELD(Name, text, member, type)                                                    \
  case xir::EventField::Name:                                                                             \
    return FieldInfo{offsetof(takt_event, member), std::string_view(#type) != "U32", std::string_view(#type) == "F64"};
#include "compiler/xir/xir.def"
  }
  return {};
}

static auto TimerFieldInfo(xir::TimerField field) -> FieldInfo {
  switch (field) {
#define TAKT_XIR_TIMER_FIELD(Name, text, member, type)                                                    \
  case xir::TimerField::Name:                                                                             \
    return FieldInfo{offsetof(takt_timer, member), std::string_view(#type) != "U32", std::string_view(#type) == "F64"};
#include "compiler/xir/xir.def"
  }
  return {};
}

static auto ActionFieldInfo(xir::ActionField field) -> FieldInfo {
  switch (field) {
#define TAKT_XIR_ACTION_FIELD(Name, text, member, type)                                                    \
  case xir::ActionField::Name:                                                                             \
    return FieldInfo{offsetof(takt_action, member), std::string_view(#type) != "U32", std::string_view(#type) == "F64"};
#include "compiler/xir/xir.def"
  }
  return {};
}

static auto AllActionFields() -> std::vector<xir::ActionField> {
  return {
#define TAKT_XIR_ACTION_FIELD(Name, text, member, type) xir::ActionField::Name,
#include "compiler/xir/xir.def"
  };
}

static constexpr auto RecordEntityKind(xir::Record record) -> uint32_t {
  switch (record) {
    case xir::Record::Global: return TAKT_ENTITY_PLANT;
    case xir::Record::Order: return TAKT_ENTITY_ORDER;
    case xir::Record::Lot: return TAKT_ENTITY_LOT;
    case xir::Record::Case: return TAKT_ENTITY_CASE;
  }
  return TAKT_ENTITY_PLANT;
}

void Translator::Declare(xir::FunctionId id) {
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

void Translator::Define(xir::FunctionId id) {
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

auto Translator::Field(llvm::Value* base, size_t offset) -> llvm::Value* {
  return b_.CreateInBoundsGEP(i8_, base, b_.getInt64(offset));
}

auto Translator::HostCall(size_t offset, llvm::Type* result, std::vector<llvm::Value*> args) -> llvm::Value* {
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

auto Translator::RecordBase(xir::Record record, ExprId entity) -> llvm::Value* {
  if (record == xir::Record::Global) {
    return state_;
  }
  auto* call = llvm::cast<llvm::CallInst>(HostCall(offsetof(takt_host, state), ptr_,
                                                   {b_.getInt32(RecordEntityKind(record)), b_.CreateTrunc(Gen(entity), i32_)}));
  // A record's address is stable for the whole session (runtime.h) and asking for it changes
  // nothing: so LLVM may fold the repeated asks of a function for one entity into one. Not
  // `speculatable`: an index is only valid where the xir asks for it.
  call->setDoesNotAccessMemory();
  call->setDoesNotThrow();
  call->addFnAttr(llvm::Attribute::WillReturn);
  return call;
}

auto Translator::SlotAddress(xir::SlotId slot_id, ExprId entity, ExprId index) -> llvm::Value* {
  const xir::Slot& slot = xm_.slots[slot_id];
  llvm::Value* base = RecordBase(slot.record, entity);
  llvm::Value* offset = b_.CreateAdd(b_.getInt64(slot.offset), b_.CreateMul(Gen(index), b_.getInt64(8)));
  return b_.CreateInBoundsGEP(i8_, base, offset);
}

auto Translator::Gen(ExprId id) -> llvm::Value* {
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
    case Opcode::IToF: return b_.CreateSIToFP(Gen(e.x), f64_);
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

auto Translator::LoadField(const FieldInfo& info) -> llvm::Value* {
  llvm::Value* address = Field(evp_, info.offset);
  if (info.floating) {
    return b_.CreateLoad(f64_, address);
  }
  if (info.wide) {
    return b_.CreateLoad(i64_, address);
  }
  return b_.CreateZExt(b_.CreateLoad(i32_, address), i64_);
}

auto Translator::TableRead(const xir::Expr& e) -> llvm::Value* {
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

void Translator::GenBlock(const xir::Block& block) {
  for (xir::StmtId id : block) {
    if (b_.GetInsertBlock()->getTerminator() != nullptr) {
      // Code after a return: emitted into a block nothing reaches, LLVM drops it.
      b_.SetInsertPoint(llvm::BasicBlock::Create(c_, "dead", b_.GetInsertBlock()->getParent()));
    }
    GenStmt(fn_->stmts[id]);
  }
}

void Translator::BranchTo(llvm::BasicBlock* target) {
  if (b_.GetInsertBlock()->getTerminator() == nullptr) {
    b_.CreateBr(target);
  }
}

void Translator::GenStmt(const xir::Stmt& stmt) {
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
    case StmtKind::For: {
      llvm::Value* bound = Gen(stmt.x);
      llvm::AllocaInst* counter = locals_[stmt.a];
      b_.CreateStore(b_.getInt64(0), counter);
      auto* header = llvm::BasicBlock::Create(c_, "for", f);
      auto* body = llvm::BasicBlock::Create(c_, "body", f);
      auto* exit = llvm::BasicBlock::Create(c_, "done", f);
      b_.CreateBr(header);
      b_.SetInsertPoint(header);
      b_.CreateCondBr(b_.CreateICmpSLT(b_.CreateLoad(i64_, counter), bound), body, exit);
      b_.SetInsertPoint(body);
      GenBlock(stmt.blocks[0]);
      if (b_.GetInsertBlock()->getTerminator() == nullptr) {
        b_.CreateStore(b_.CreateAdd(b_.CreateLoad(i64_, counter), b_.getInt64(1)), counter);
        b_.CreateBr(header);
      }
      b_.SetInsertPoint(exit);
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
        if (info.floating) {
          llvm::Value* value = it != set.end() ? Gen(it->second) : llvm::ConstantFP::get(f64_, 0.0);
          b_.CreateAlignedStore(value, Field(action_, info.offset), llvm::Align(8));
        } else if (info.wide) {
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

auto Translator::Emits(const xir::Block& block) -> bool {
  return std::any_of(block.begin(), block.end(), [&](xir::StmtId id) {
    const xir::Stmt& stmt = fn_->stmts[id];
    return stmt.kind == StmtKind::Emit || (stmt.kind == StmtKind::Call && xm_.functions[stmt.a].cold) ||
           std::any_of(stmt.blocks.begin(), stmt.blocks.end(), [&](const xir::Block& inner) { return Emits(inner); });
  });
}

void Translator::StoreI32(llvm::Value* base, size_t offset, llvm::Value* value) {
  b_.CreateAlignedStore(value, Field(base, offset), llvm::Align(4));
}

}  // namespace takt::codegen
