#include "compiler/xir/verifier.h"

#include <doctest/doctest.h>

#include "compiler/xir/printer.h"
#include "takt/runtime.h"

namespace takt::xir {
namespace {

// The smallest module the verifier accepts: three empty entry points.
auto MinimalModule() -> Module {
  Module module;
  module.descriptor.plant_name = "tiny";
  module.descriptor.rules.push_back(RuleInfo{.name = "c", .kind = 0, .file = "tiny.takt", .line = 1, .col = 1});
  module.AddSlot("counter", Record::Global, Type::I64, 2);
  module.on_start = module.AddFunction("on_start", Context::Start, {});
  module.on_event = module.AddFunction("on_event", Context::Event, {});
  module.on_timer = module.AddFunction("on_timer", Context::Timer, {});
  for (Function& function : module.functions) {
    function.entry = true;
  }
  module.Layout();
  return module;
}

TEST_CASE("a well-formed module verifies and prints its statements with their rules") {
  Module module = MinimalModule();
  Builder b(module, module.on_event);
  b.SetRule(0, source::Span{});
  const ExprId index = b.I(1);
  b.Store(0, index, b.Op(Opcode::Add, b.Load(0, index), b.I(1)));
  b.If(b.Op(Opcode::FGt, b.Ev(EventField::Value), b.F(8.05)), [&] {
    b.Emit(TAKT_ACTION_NOTIFY, TAKT_CAUSE_OUT_OF_SPEC, b.I(0), {{ActionField::Role, b.I(3)}});
  });
  std::vector<std::string> errors;
  CHECK(Verify(module, errors));
  CHECK(errors.empty());
  const std::string text = Print(module);
  CHECK(text.find("store counter[1] = (add counter[1] 1)  !r0") != std::string::npos);
  CHECK(text.find("if (fgt event.value 8.0500000000000007f) {  !r0") != std::string::npos);
  CHECK(text.find("emit notify cause=out_of_spec rule=0, role=3  !r0") != std::string::npos);
  CHECK(text.find("@0 counter: i64[2]") != std::string::npos);
}

TEST_CASE("the verifier rejects type errors, context errors and recursion") {
  Module module = MinimalModule();
  {
    Builder b(module, module.on_timer);
    // An event field under on_timer, and an f64 stored into an i64 slot.
    b.Store(0, b.I(0), b.Ev(EventField::Value));
  }
  const FunctionId helper = module.AddFunction("helper", Context::Any, {Type::I64});
  {
    Builder b(module, helper);
    b.Call(helper, {b.I(1)});
  }
  std::vector<std::string> errors;
  CHECK_FALSE(Verify(module, errors));
  std::string all;
  for (const std::string& error : errors) {
    all += error + "\n";
  }
  CHECK(all.find("event field is read outside the event context") != std::string::npos);
  CHECK(all.find("value is missing or not i64") != std::string::npos);
  CHECK(all.find("recursion is not allowed") != std::string::npos);
}

}  // namespace
}  // namespace takt::xir
