// The interpreter's descriptor and session behaviour; the semantics proper are covered by the
// executor corpus (run_golden_test.cpp) and spc_test.cpp.
#include "compiler/interp/interp.h"

#include <doctest/doctest.h>

#include <string_view>

#include "tests/unit/interp/plant_fixture.h"

namespace takt::interp {

static constexpr std::string_view kPlant = R"(plant tiny "Tiny"
role boss "Boss"
role operator "Operator" reports_to boss
area hall "Hall" owner boss {
  line l1 "Line 1" owner boss {
    workcenter press_01 "Press"
  }
}
escalation uncoded_stop "Uncoded" on down uncoded owner boss {
  after 2 min notify operator
  after 5 min notify boss
}
)";

TEST_CASE("the interpreter's descriptor carries the plant's tables and a source hash") {
  const auto checked = CheckFiles({{"tiny.takt", std::string(kPlant)}});
  REQUIRE_MESSAGE(checked->plant, checked->errors);
  Interpreter interpreter(*checked->plant, checked->sources);
  const takt_executor& descriptor = interpreter.descriptor();
  std::string error;
  CHECK(runtime::ValidateExecutor(descriptor, error));
  CHECK(std::string_view(descriptor.plant_name) == "tiny");
  CHECK(std::string_view(descriptor.source_sha256) ==
        runtime::Sha256Hex(std::string(kPlant) + std::string(1, '\0')));
  REQUIRE(descriptor.workcenter_count == 1);
  CHECK(std::string_view(descriptor.workcenters[0].name) == "press_01");
  REQUIRE(descriptor.role_count == 2);
  CHECK(descriptor.roles[1].reports_to == 0);
  REQUIRE(descriptor.rule_count >= 2);
  CHECK(std::string_view(descriptor.rules[0].name) == "uncoded_stop");
  CHECK(descriptor.rules[0].kind == TAKT_RULE_ESCALATION);
  CHECK(std::string_view(descriptor.rules[0].file) == "tiny.takt");
  CHECK(descriptor.rules[0].line == 10);
}

TEST_CASE("one interpreter runs sessions one after another, each from a fresh state") {
  const auto checked = CheckFiles({{"tiny.takt", std::string(kPlant)}});
  REQUIRE_MESSAGE(checked->plant, checked->errors);
  Interpreter interpreter(*checked->plant, checked->sources);
  const std::string events =
      "{\"t\":0,\"type\":\"down\",\"workcenter\":\"press_01\"}\n"
      "{\"t\":600000,\"type\":\"tick\"}\n";
  const std::string first = runtime::RunToString(interpreter.descriptor(), events);
  const std::string second = runtime::RunToString(interpreter.descriptor(), events);
  CHECK(first == second);
  CHECK(first.find("\"tier\":2") != std::string::npos);
}

TEST_CASE("a recoded stop counts nothing and schedules nothing") {
  const auto checked = CheckFiles({{"tiny.takt", std::string(kPlant)}});
  REQUIRE_MESSAGE(checked->plant, checked->errors);
  runtime::Summary summary;
  const std::string out = RunPlant(*checked,
                                   "{\"t\":0,\"type\":\"down\",\"workcenter\":\"press_01\"}\n"
                                   "{\"t\":1000,\"type\":\"down\",\"workcenter\":\"press_01\"}\n"
                                   "{\"t\":1000000,\"type\":\"tick\"}\n",
                                   &summary);
  CHECK(summary.timers_fired == 2);
  CHECK(summary.actions == 2);
  CHECK(out.find("\"event\":2,\"action\":\"notify\"") != std::string::npos);
}

}  // namespace takt::interp
