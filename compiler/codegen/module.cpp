// The module-level context of the translation: xir's constant tables as private globals, the
// interned strings, and the exported takt_executor descriptor, whose layout is checked against
// the C struct before anything is emitted.
#include <llvm/IR/Constants.h>
#include <llvm/IR/DerivedTypes.h>

#include <cstddef>

#include "compiler/codegen/translator.h"
#include "takt/runtime.h"

namespace takt::codegen {

auto Translator::Run(std::string& error) -> bool {
  DeclareTables();
  for (size_t i = 0; i < xm_.functions.size(); ++i) {
    Declare(static_cast<xir::FunctionId>(i));
  }
  for (size_t i = 0; i < xm_.functions.size(); ++i) {
    Define(static_cast<xir::FunctionId>(i));
  }
  return BuildDescriptor(error);
}

void Translator::DeclareTables() {
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

auto Translator::String(const std::string& text) -> llvm::Constant* {
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

auto Translator::Array(llvm::StructType* type, const std::vector<llvm::Constant*>& elements, const char* name)
    -> llvm::Constant* {
  if (elements.empty()) {
    return llvm::ConstantPointerNull::get(ptr_);
  }
  auto* array_type = llvm::ArrayType::get(type, elements.size());
  return new llvm::GlobalVariable(m_, array_type, true, llvm::GlobalValue::PrivateLinkage,
                                  llvm::ConstantArray::get(array_type, elements), name);
}

auto Translator::StringArray(const std::vector<std::string>& items, const char* name) -> llvm::Constant* {
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

auto Translator::BuildDescriptor(std::string& error) -> bool {
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
      ptr_, ptr_, ptr_, ptr_,                                               // entry points, user
      i32_, ptr_, i32_, ptr_, i32_, ptr_,                                   // materials, evidence, fields
      ptr_, ptr_,                                                           // timezone, tzdb_version
      i32_, ptr_, i32_, ptr_,                                               // people, qualifications
      i32_, ptr_, ptr_};                                                    // meanings, person_names
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
      Count(d.materials.size()),
      StringArray(d.materials, "materials"),
      Count(d.evidence.size()),
      StringArray(d.evidence, "evidence"),
      Count(d.fields.size()),
      StringArray(d.fields, "fields"),
      d.timezone.empty() ? llvm::ConstantPointerNull::get(ptr_) : String(d.timezone),
      d.tzdb_version.empty() ? llvm::ConstantPointerNull::get(ptr_) : String(d.tzdb_version),
      Count(d.people.size()),
      StringArray(d.people, "people"),
      Count(d.qualifications.size()),
      StringArray(d.qualifications, "qualifications"),
      Count(d.meanings.size()),
      StringArray(d.meanings, "meanings"),
      StringArray(d.person_names, "person_names"),
  };
  // The LLVM struct must lay out exactly like the C one the runtime reads.
  const llvm::StructLayout* layout = m_.getDataLayout().getStructLayout(executor_type);
  const std::pair<unsigned, size_t> checks[] = {
      {3, offsetof(takt_executor, source_sha256)},  {5, offsetof(takt_executor, rules)},
      {25, offsetof(takt_executor, handovers)},     {26, offsetof(takt_executor, global_state_size)},
      {30, offsetof(takt_executor, on_start)},      {33, offsetof(takt_executor, user)},
      {35, offsetof(takt_executor, materials)},     {37, offsetof(takt_executor, evidence)},
      {39, offsetof(takt_executor, fields)},        {41, offsetof(takt_executor, tzdb_version)},
      {43, offsetof(takt_executor, people)},        {45, offsetof(takt_executor, qualifications)},
      {47, offsetof(takt_executor, meanings)},      {48, offsetof(takt_executor, person_names)},
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

}  // namespace takt::codegen
