#include "compiler/syntax/parse.h"

#include <doctest/doctest.h>

#include <fstream>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <string_view>

namespace takt::syntax {
namespace {

// One parsed file with everything needed to look at it.
struct Parsed {
  std::unique_ptr<source::SourceManager> sources = std::make_unique<source::SourceManager>();
  source::FileId file;
  ast::File ast;
  diagnostics::Diagnostics diagnostics;

  auto Text(source::Span span) const -> std::string_view {
    return sources->contents(file).substr(span.begin, span.end - span.begin);
  }
  auto Line(source::Span span) const -> uint32_t {
    return sources->GetLineCol(file, span.begin).line;
  }
  template <typename T>
  auto Get(size_t index) const -> const T& {
    REQUIRE(index < ast.decls.size());
    REQUIRE(std::holds_alternative<T>(ast.decls[index]));
    return std::get<T>(ast.decls[index]);
  }
};

auto ParseText(std::string text, std::string path = "test.takt") -> Parsed {
  Parsed out;
  out.file = out.sources->AddFile(std::move(path), std::move(text));
  out.ast = Parse(*out.sources, out.file, out.diagnostics);
  return out;
}

auto ReadFile(const std::string& relative) -> std::string {
  std::ifstream in(std::string(TAKT_SOURCE_DIR) + "/" + relative, std::ios::binary);
  REQUIRE(in.good());
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

auto ParsePorto(const std::string& name) -> Parsed {
  Parsed parsed = ParseText(ReadFile("examples/porto/" + name), name);
  for (const auto& record : parsed.diagnostics.records()) {
    INFO(record.message);
  }
  CHECK(parsed.diagnostics.records().empty());
  return parsed;
}

auto Code(const diagnostics::Diagnostic& d) -> std::string_view {
  return diagnostics::GetKindInfo(d.kind).code;
}

TEST_CASE("porto plant.takt: header, uses, roles, shifts, areas, items, instructions") {
  Parsed p = ParsePorto("plant.takt");
  REQUIRE(p.ast.plant.has_value());
  CHECK(p.ast.plant->head.name.text == "porto");
  CHECK(p.ast.plant->head.title->value == "Bracket Plant Porto");
  REQUIRE(p.ast.plant->head.doc.has_value());
  CHECK(p.ast.plant->head.doc->text ==
        "Bracket plant in Porto: stamping, welding and inspection of steel brackets.");
  CHECK(p.Line(p.ast.plant->head.doc->span) == 1);
  CHECK_FALSE(p.ast.module.has_value());
  REQUIRE(p.ast.uses.size() == 2);
  CHECK(p.ast.uses[0].module.text == "std.losses");
  CHECK(p.ast.uses[1].module.parts.size() == 2);
  CHECK(p.ast.uses[1].module.parts[1].text == "spc");

  // 10 roles, shifts, 1 area, material, product, 2 instructions.
  REQUIRE(p.ast.decls.size() == 16);
  const auto& manager = p.Get<ast::Role>(0);
  CHECK(manager.head.name.text == "plant_manager");
  CHECK(p.Text(manager.head.name.span) == "plant_manager");
  CHECK(p.Text(manager.head.keyword) == "role");
  CHECK_FALSE(manager.reports_to.has_value());
  CHECK(p.Text(manager.span) == "role plant_manager \"Plant manager\"");
  const auto& op = p.Get<ast::Role>(3);
  CHECK(op.head.name.text == "operator");
  CHECK(op.reports_to->text == "line_supervisor");

  const auto& shifts = p.Get<ast::Shifts>(10);
  REQUIRE(shifts.shifts.size() == 3);
  CHECK(shifts.shifts[0].name.text == "early");
  CHECK(shifts.shifts[0].start.minutes == 6 * 60);
  CHECK(shifts.shifts[2].start.minutes == 22 * 60);
  CHECK(shifts.shifts[2].end.minutes == 6 * 60);
  CHECK(p.Text(shifts.shifts[1].end.span) == "22:00");

  const auto& area = p.Get<ast::Area>(11);
  CHECK(area.head.name.text == "stamping");
  CHECK(area.owner->role.text == "production_manager");
  REQUIRE(area.lines.size() == 1);
  CHECK(area.lines[0].owner->role.text == "line_supervisor");
  REQUIRE(area.lines[0].workcenters.size() == 3);
  CHECK(area.lines[0].workcenters[2].head.name.text == "inspect_03");
  CHECK(area.lines[0].workcenters[0].head.title->value == "Schuler 400 t press");
  CHECK_FALSE(area.lines[0].workcenters[0].owner.has_value());

  const auto& coil = p.Get<ast::Item>(12);
  CHECK(coil.kind == ast::Item::Kind::Material);
  CHECK(coil.head.title->value == "Steel coil DC04, 2 mm");
  CHECK(coil.unit.text == "kg");
  CHECK(p.Get<ast::Item>(13).kind == ast::Item::Kind::Product);
  const auto& wi = p.Get<ast::Instruction>(14);
  CHECK(wi.rev.value == 4);
  CHECK(wi.owner->role.text == "process_engineer");
  CHECK(p.Text(wi.owner->span) == "owner process_engineer");
}

TEST_CASE("porto quality.takt: controls, specs, SPC, case, deviation") {
  Parsed p = ParsePorto("quality.takt");
  REQUIRE(p.ast.decls.size() == 4);
  const auto& hole = p.Get<ast::Control>(0);
  CHECK(hole.head.doc->text.starts_with("Hole diameter is a significant characteristic"));
  CHECK(hole.measure->characteristic.text == "diameter");
  CHECK(hole.measure->unit.text == "mm");
  REQUIRE(hole.spec.has_value());
  CHECK(hole.spec->form == ast::Spec::Form::Symmetric);
  CHECK(hole.spec->first.text == "8.00");
  CHECK(hole.spec->first.value == doctest::Approx(8.0));
  CHECK(hole.spec->second.text == "0.05");
  // Byte spans across the two-byte `±`.
  CHECK(p.Text(hole.spec->span) == "spec 8.00 \u00B1 0.05");
  CHECK(p.Text(hole.spec->second.span) == "0.05");
  CHECK(hole.characteristic_class->text == "SC");
  CHECK(hole.sample->count.value == 5);
  CHECK(hole.sample->every.amount.value == 50);
  CHECK(hole.sample->every.unit.text == "pcs");
  CHECK(hole.spc->chart.text == "individuals");
  CHECK(hole.spc->center.text == "8.00");
  CHECK(hole.spc->sigma.value == doctest::Approx(0.012));
  REQUIRE(hole.spc->rules.size() == 1);
  CHECK(hole.spc->rules[0].text == "western_electric");
  REQUIRE(hole.plans.size() == 2);
  CHECK(hole.plans[0].trigger.text == "out_of_spec");
  REQUIRE(hole.plans[0].reactions.size() == 2);
  CHECK(hole.plans[0].reactions[0].kind == ast::ReactionKind::HoldLot);
  CHECK_FALSE(hole.plans[0].reactions[0].target.has_value());
  CHECK(hole.plans[0].reactions[1].kind == ast::ReactionKind::OpenCase);
  CHECK(hole.plans[0].reactions[1].target->text == "containment");
  CHECK(hole.plans[1].reactions[0].kind == ast::ReactionKind::Notify);

  const auto& weld = p.Get<ast::Control>(1);
  // After the `±` of the previous control, spans are still byte-exact.
  CHECK(p.Text(weld.head.name.span) == "weld_current");
  CHECK(weld.spec->form == ast::Spec::Form::Range);
  CHECK(weld.spec->first.text == "180");
  CHECK(weld.spec->second.text == "220");
  CHECK(weld.measure->unit.text == "A");
  CHECK(weld.plans[0].reactions[0].kind == ast::ReactionKind::StopLine);

  const auto& containment = p.Get<ast::Case>(2);
  CHECK(containment.head.doc->text == "Who decides what happens to a held lot, and how fast.");
  CHECK(containment.decide_within->amount.text == "30");
  CHECK(containment.decide_within->unit.text == "min");
  REQUIRE(containment.evidence.size() == 2);
  CHECK(containment.evidence[1].text == "photo");
  CHECK(p.Text(containment.evidence_span) == "require evidence measurement, photo");
  REQUIRE(containment.outcomes.size() == 3);
  CHECK(containment.outcomes[0].name.text == "release");
  CHECK(containment.outcomes[0].reactions[0].kind == ast::ReactionKind::ReleaseLot);
  CHECK(containment.outcomes[1].reactions.empty());
  CHECK(containment.outcomes[2].reactions[0].kind == ast::ReactionKind::ScrapLot);
  REQUIRE(containment.on_timeout.has_value());
  CHECK(containment.on_timeout->every->amount.value == 30);
  CHECK_FALSE(containment.on_timeout->role.has_value());

  const auto& deviation = p.Get<ast::Deviation>(3);
  REQUIRE(deviation.approvers.size() == 2);
  CHECK(deviation.approvers[1].text == "line_supervisor");
  REQUIRE(deviation.risk_approvals.size() == 1);
  CHECK(deviation.risk_approvals[0].level.text == "high");
  CHECK(deviation.risk_approvals[0].approvers[0].text == "plant_manager");
  CHECK(deviation.expires_after->unit.text == "d");
  CHECK(deviation.expires_lots->value == 3);
}

TEST_CASE("porto routing.takt: operations") {
  Parsed p = ParsePorto("routing.takt");
  REQUIRE(p.ast.decls.size() == 1);
  const auto& routing = p.Get<ast::Routing>(0);
  CHECK(routing.product.text == "bracket_a");
  CHECK(routing.rev.value == 3);
  CHECK(routing.confirm_critical.has_value());
  REQUIRE(routing.operations.size() == 3);
  const auto& stamp = routing.operations[0];
  CHECK(stamp.number.value == 10);
  CHECK(stamp.name.text == "stamp");
  CHECK(stamp.workcenter.text == "press_01");
  CHECK(stamp.instruction->text == "wi_1001");
  REQUIRE(stamp.consumes.size() == 1);
  CHECK(stamp.consumes[0].material.text == "coil_dc04");
  CHECK(stamp.consumes[0].amount.amount.text == "1.2");
  CHECK(stamp.consumes[0].amount.unit.text == "kg");
  CHECK(stamp.consumes[0].per_unit.text == "pcs");
  CHECK(stamp.std_time->time.amount.value == 12);
  CHECK(stamp.checks[0].control.text == "hole_diameter");
  CHECK_FALSE(stamp.critical.has_value());
  CHECK(routing.operations[1].critical.has_value());
  const auto& inspect = routing.operations[2];
  REQUIRE(inspect.on_fail.has_value());
  CHECK(inspect.on_fail->rework_op->value == 20);
  CHECK(inspect.on_fail->max_reworks->value == 2);
  CHECK(inspect.on_fail->then_scrap);
  CHECK(p.Line(inspect.span) == 19);
}

TEST_CASE("porto downtime.takt: reasons, escalation, recurrence, case, handover") {
  Parsed p = ParsePorto("downtime.takt");
  REQUIRE(p.ast.decls.size() == 6);
  const auto& reasons = p.Get<ast::Reasons>(0);
  CHECK(reasons.path.text == "unplanned.breakdown");
  CHECK(reasons.doc.has_value());
  CHECK(reasons.owner->role.text == "maintenance_lead");
  REQUIRE(reasons.reasons.size() == 2);
  CHECK(reasons.reasons[0].head.name.text == "press_jam");
  CHECK(reasons.reasons[0].owner->role.text == "maintenance_tech");
  REQUIRE(reasons.reasons[0].required.size() == 2);
  CHECK(reasons.reasons[0].required[1].text == "fix_applied");
  CHECK(reasons.reasons[1].children.empty());

  const auto& escalation = p.Get<ast::Escalation>(1);
  REQUIRE(escalation.trigger.reason.has_value());
  CHECK(escalation.trigger.reason->text == "unplanned.breakdown");
  REQUIRE(escalation.tiers.size() == 3);
  CHECK(escalation.tiers[0].after.amount.value == 10);
  CHECK(escalation.tiers[2].after.amount.value == 60);
  CHECK(escalation.tiers[1].reactions.at(0).target->text == "line_supervisor");
  CHECK_FALSE(p.Get<ast::Escalation>(2).trigger.reason.has_value());

  const auto& recurrence = p.Get<ast::Recurrence>(3);
  CHECK(recurrence.count.value == 3);
  CHECK(recurrence.window.unit.text == "h");
  REQUIRE(recurrence.keys.size() == 2);
  CHECK(recurrence.keys[1].text == "reason");
  REQUIRE(recurrence.reactions.size() == 1);
  CHECK(recurrence.reactions[0].target->text == "reliability_review");

  CHECK(p.Get<ast::Case>(4).on_timeout->role->text == "maintenance_lead");

  const auto& handover = p.Get<ast::Handover>(5);
  CHECK(p.Text(handover.at_shift_end) == "at end of shift");
  REQUIRE(handover.report.size() == 5);
  REQUIRE(handover.report[0].size() == 2);
  CHECK(handover.report[0][0].text == "open");
  CHECK(handover.report[3][1].text == "deviations");
  REQUIRE(handover.report[4].size() == 1);
  CHECK(handover.report[4][0].text == "oee");
  CHECK(handover.acknowledge_by->text == "line_supervisor");
  CHECK(handover.acknowledge_within->amount.value == 15);
}

TEST_CASE("the word after `outcome` in a test step is its name, even an event verb") {
  Parsed p = ParseText("test \"t\" {\n  at 08:10 decide containment outcome release by ann\n  expect release lot l_1\n}\n");
  REQUIRE(p.ast.decls.size() == 1);
  const auto& test = p.Get<ast::Test>(0);
  REQUIRE(test.steps.size() == 2);
  const auto& decide = test.steps[0];
  CHECK(decide.verb.text == "decide");
  REQUIRE(decide.args.size() == 5);
  CHECK(decide.args[1].text == "outcome");
  CHECK(p.Text(decide.args[1].span) == "outcome");
  CHECK(decide.args[2].text == "release");
  CHECK(decide.args[2].kind == ast::Word::Kind::Name);
  CHECK(p.Text(decide.args[2].span) == "release");
  CHECK(decide.args[4].text == "ann");
  CHECK(test.steps[1].kind == ast::TestStep::Kind::Expect);
  CHECK(test.steps[1].verb.text == "release");
}

TEST_CASE("a test step's time may name its day, and `day` stays a name elsewhere") {
  Parsed p = ParseText("shifts {\n  shift day 06:00 to 18:00\n}\ntest \"t\" {\n  at day 2 06:00 tick\n  at 07:00 tick\n}\n");
  REQUIRE(p.ast.decls.size() == 2);
  CHECK(p.Get<ast::Shifts>(0).shifts[0].name.text == "day");
  const auto& test = p.Get<ast::Test>(1);
  REQUIRE(test.steps.size() == 2);
  REQUIRE(test.steps[0].at->day.has_value());
  CHECK(test.steps[0].at->day->value == 2);
  CHECK(test.steps[0].at->time.minutes == 6 * 60);
  CHECK(p.Text(test.steps[0].at->span) == "day 2 06:00");
  CHECK_FALSE(test.steps[1].at->day.has_value());
}

TEST_CASE("porto tests.takt: test steps") {
  Parsed p = ParsePorto("tests.takt");
  REQUIRE(p.ast.decls.size() == 3);
  const auto& jam = p.Get<ast::Test>(0);
  CHECK(jam.name.value == "a press jam reaches the line supervisor after 30 minutes");
  REQUIRE(jam.steps.size() == 5);
  const auto& down = jam.steps[0];
  CHECK(down.kind == ast::TestStep::Kind::Event);
  CHECK(down.at->time.minutes == 8 * 60);
  CHECK(down.verb.text == "down");
  REQUIRE(down.args.size() == 3);
  CHECK(down.args[0].text == "press_01");
  CHECK(down.args[2].text == "unplanned.breakdown.press_jam");
  CHECK(p.Text(down.args[2].span) == "unplanned.breakdown.press_jam");
  CHECK(jam.steps[1].kind == ast::TestStep::Kind::Expect);
  CHECK(jam.steps[1].verb.text == "notify");
  CHECK(jam.steps[4].kind == ast::TestStep::Kind::ExpectNo);
  CHECK(jam.steps[4].verb.text == "notify");
  CHECK(jam.steps[4].args[0].text == "plant_manager");

  const auto& hole = p.Get<ast::Test>(1);
  REQUIRE(hole.steps.size() == 4);
  CHECK(hole.steps[0].verb.text == "release");
  CHECK(hole.steps[0].args.size() == 8);
  CHECK(hole.steps[0].args[7].kind == ast::Word::Kind::Number);
  CHECK(hole.steps[0].args[7].number == 500);
  CHECK(hole.steps[1].args[1].text == "8.07");
  CHECK(hole.steps[1].args[1].number == doctest::Approx(8.07));
  CHECK_FALSE(hole.steps[2].at.has_value());
  CHECK(hole.steps[2].verb.text == "hold");
  CHECK(hole.steps[2].args.size() == 2);
  CHECK(hole.steps[3].verb.text == "open");

  const auto& order = p.Get<ast::Test>(2);
  REQUIRE(order.steps.size() == 3);
  CHECK(order.steps[1].verb.text == "start");
  CHECK(order.steps[2].verb.text == "reject");
  CHECK(order.steps[2].args.empty());
}

TEST_CASE("stdlib modules parse clean") {
  for (const char* name : {"std/losses.takt", "std/spc.takt", "std/cases.takt"}) {
    CAPTURE(name);
    Parsed p = ParseText(ReadFile(std::string("stdlib/") + name), name);
    CHECK(p.diagnostics.records().empty());
    REQUIRE(p.ast.module.has_value());
    CHECK(p.ast.module->doc.has_value());
    CHECK_FALSE(p.ast.decls.empty());
  }
  Parsed spc = ParseText(ReadFile("stdlib/std/spc.takt"));
  CHECK(spc.ast.module->name.text == "std.spc");
  CHECK(spc.Get<ast::SpcRuleSet>(1).rules.size() == 8);
  Parsed losses = ParseText(ReadFile("stdlib/std/losses.takt"));
  const auto& unplanned = losses.Get<ast::Reasons>(1);
  CHECK(unplanned.path.text == "unplanned");
  CHECK(unplanned.reasons[0].head.name.text == "breakdown");
  CHECK(unplanned.reasons[0].loss->text == "availability");
  CHECK_FALSE(unplanned.owner.has_value());
}

TEST_CASE("spec forms, signs, unit symbols and soft keywords") {
  Parsed p = ParseText(R"(module lib.x
control c owner operator {
  measure bore in µm
  spec 25.000 +0.021 -0
}
control t {
  measure temperature in °C
  spec 8.00 +/- 0.05
  spc xbar center -1.5 sigma 0.2 rules we1, we2
}
control k { measure torque in N·m }
control y { measure yield in % }
role operator "Operator"
reasons planned { reason break "Break" loss availability { reason lunch } }
test "soft words" {
  at 06:00 measure c 8.07 lot l_1
  expect notify operator
  tick 30 min
  release order po_1 routing bracket_a_std.20 "quoted"
}
)");
  CHECK(p.diagnostics.records().empty());
  const auto& c = p.Get<ast::Control>(0);
  CHECK(c.measure->unit.text == "µm");
  CHECK(c.spec->form == ast::Spec::Form::Asymmetric);
  CHECK(c.spec->first.text == "25.000");
  CHECK(c.spec->second.text == "0.021");
  CHECK(c.spec->third->text == "0");
  const auto& t = p.Get<ast::Control>(1);
  CHECK(t.measure->unit.text == "°C");
  CHECK(t.spec->form == ast::Spec::Form::Symmetric);
  CHECK(t.spc->center.text == "-1.5");
  CHECK(t.spc->center.value == doctest::Approx(-1.5));
  CHECK(t.spc->rules.size() == 2);
  CHECK(p.Get<ast::Control>(2).measure->unit.text == "N·m");
  CHECK(p.Get<ast::Control>(3).measure->unit.text == "%");
  CHECK(p.Get<ast::Role>(4).head.name.text == "operator");
  const auto& planned = p.Get<ast::Reasons>(5);
  CHECK(planned.reasons[0].head.name.text == "break");
  CHECK(planned.reasons[0].children[0].head.name.text == "lunch");
  const auto& test = p.Get<ast::Test>(6);
  REQUIRE(test.steps.size() == 4);
  CHECK(test.steps[2].verb.text == "tick");
  CHECK(test.steps[2].args.size() == 2);
  CHECK(test.steps[3].args[3].text == "bracket_a_std.20");
  CHECK(test.steps[3].args[4].kind == ast::Word::Kind::String);
  CHECK(test.steps[3].args[4].text == "quoted");
}

TEST_CASE("doc comments: runs of `///` lines attach to the next declaration") {
  Parsed p = ParseText("/// first line\n///   second line\n// plain comment\nrole a\n"
                       "//// not a doc\nrole b\n");
  CHECK(p.diagnostics.records().empty());
  const auto& a = p.Get<ast::Role>(0);
  REQUIRE(a.head.doc.has_value());
  CHECK(a.head.doc->text == "first line\n  second line");
  CHECK(p.Text(a.head.doc->span) == "/// first line\n///   second line");
  CHECK_FALSE(p.Get<ast::Role>(1).head.doc.has_value());
}

TEST_CASE("Comments returns every comment in order") {
  source::SourceManager sources;
  const source::FileId file =
      sources.AddFile("c.takt", "/// doc\nrole a // trailing ±\n/* block\n */ role b\n/* open");
  const std::vector<Comment> comments = Comments(sources, file);
  REQUIRE(comments.size() == 4);
  CHECK(comments[0].kind == Comment::Kind::Doc);
  CHECK(comments[1].kind == Comment::Kind::Line);
  auto text = [&](source::Span span) {
    return sources.contents(file).substr(span.begin, span.end - span.begin);
  };
  CHECK(text(comments[1].span) == "// trailing \u00B1");
  CHECK(comments[2].kind == Comment::Kind::Block);
  CHECK(text(comments[2].span) == "/* block\n */");
  CHECK(comments[3].kind == Comment::Kind::Block);
  CHECK(text(comments[3].span) == "/* open");
}

TEST_CASE("DeclSpan and DeclHeadOf") {
  Parsed p = ParseText("role a \"A\"\nshifts { shift s 06:00 to 14:00 }\n");
  REQUIRE(p.ast.decls.size() == 2);
  CHECK(p.Text(ast::DeclSpan(p.ast.decls[0])) == "role a \"A\"");
  REQUIRE(ast::DeclHeadOf(p.ast.decls[0]) != nullptr);
  CHECK(ast::DeclHeadOf(p.ast.decls[0])->name.text == "a");
  CHECK(ast::DeclHeadOf(p.ast.decls[1]) == nullptr);
  CHECK(p.Line(ast::DeclSpan(p.ast.decls[1])) == 2);
}

// Each input holds one mistake: exactly one diagnostic, with its code and line.
struct ErrorCase {
  const char* source;
  const char* code;
  uint32_t line;
};

TEST_CASE("each syntax error yields exactly one diagnostic") {
  const ErrorCase cases[] = {
      {"role a\ncontrol c owner {\n  measure d in mm\n}\n", "T0102", 2},
      {"role a\ninstruction w rev 1 owner\nrole b\n", "T0102", 2},
      {"control c {\n  measure d in mm\n\ncontrol e {\n}\n", "T0103", 2},
      {"shifts {\n  shift a 06:00 to 14:00\n", "T0103", 2},
      {"role a\n}\nrole b\n", "T0104", 2},
      {"control c {\n  mesure d in mm\n}\n", "T0105", 2},
      {"role a\ncontrl c {\n  measure d in mm\n}\nrole b\n", "T0106", 2},
      {"escalation e on down uncoded {\n  after 10 notify x\n}\n", "T0107", 2},
      {"role a \"A\nrole b\n", "T0108", 1},
      {"role a\n/* never closed\nrole b\n", "T0109", 2},
      {"control c {\n  measure d in mm;\n}\n", "T0110", 2},
      {"control c {\n  spec 8. \u00B1 0.05\n}\n", "T0111", 2},
      {"shifts {\n  shift a 06:00 to 25:00\n}\n", "T0112", 2},
      {"instruction w rev 2.5\n", "T0113", 1},
      {"role a\nplant p\n", "T0115", 2},
      {"role a\nuse std.losses\n", "T0116", 2},
      {"control c {\n  spec 8.00 \u00B1\n}\n", "T0102", 2},
      {"control c {\n  spec 8.00 0.05\n}\n", "T0101", 2},
      {"routing r for p rev 1 {\n  op stamp at w\n}\n", "T0102", 2},
      {"shifts {\n  shift a 06:00 14:00\n}\n", "T0101", 2},
      {"test name {\n}\n", "T0102", 1},
      {"test \"t\" {\n  expect\n}\n", "T0102", 2},
      {"case c {\n  on timeout up every 30 min\n}\n", "T0101", 2},
      {"role a\n$\nrole b\n", "T0110", 2},
      {"role a \"x\" \"y\"\n", "T0101", 1},
  };
  for (const ErrorCase& c : cases) {
    CAPTURE(c.source);
    Parsed p = ParseText(c.source);
    REQUIRE(p.diagnostics.records().size() == 1);
    const auto& d = p.diagnostics.records()[0];
    CAPTURE(d.message);
    CHECK(Code(d) == c.code);
    CHECK(p.Line(d.primary.span) == c.line);
    CHECK(d.message.find("mismatched") == std::string::npos);
    CHECK(d.message.find("expecting") == std::string::npos);
  }
}

TEST_CASE("phrasing of common mistakes") {
  Parsed owner = ParseText("control c owner {\n}\n");
  REQUIRE(owner.diagnostics.records().size() == 1);
  CHECK(owner.diagnostics.records()[0].message ==
        "expected an owner role after `owner`, found `{`");
  Parsed brace = ParseText("control hole_diameter {\n  measure d in mm\n");
  REQUIRE(brace.diagnostics.records().size() == 1);
  CHECK(brace.diagnostics.records()[0].message ==
        "expected `}` to close `control hole_diameter`, found end of file");
  CHECK(brace.diagnostics.records()[0].secondary.size() == 1);
  Parsed string = ParseText("role a \"A\n");
  CHECK(string.diagnostics.records()[0].message == "unterminated string");
  Parsed keyword = ParseText("contrl c {\n}\n");
  REQUIRE(keyword.diagnostics.records()[0].help.size() == 1);
  CHECK(keyword.diagnostics.records()[0].help[0] == "did you mean `control`?");
}

TEST_CASE("recovery keeps the declarations around a mistake") {
  Parsed p = ParseText(
      "role a\n"
      "control c owner {\n}\n"
      "role b\n"
      "shifts {\n  shift x 06:00 to 99:00\n}\n"
      "role c\n");
  CHECK(p.diagnostics.records().size() == 2);
  REQUIRE(p.ast.decls.size() == 3);
  CHECK(p.Get<ast::Role>(2).head.name.text == "c");
}

TEST_CASE("deep nesting is diagnosed, not a stack overflow") {
  std::string deep = "reasons r {\n";
  for (int i = 0; i < 100000; ++i) {
    deep += "reason a {";
  }
  Parsed p = ParseText(deep);
  REQUIRE(p.diagnostics.records().size() == 1);
  CHECK(Code(p.diagnostics.records()[0]) == "T0114");

  std::string braces(200000, '{');
  Parsed q = ParseText("control c " + braces);
  CHECK(q.diagnostics.records().size() == 1);

  // Just under the cap still parses.
  std::string nested = "reasons r {\n";
  for (int i = 0; i < 60; ++i) {
    nested += "reason a {\n";
  }
  nested += std::string(61, '}');
  Parsed ok = ParseText(nested);
  CHECK(ok.diagnostics.records().empty());
  CHECK(ok.ast.decls.size() == 1);
}

TEST_CASE("malformed input never throws") {
  std::mt19937 random(1234);
  const std::string porto = ReadFile("examples/porto/quality.takt");
  for (int round = 0; round < 200; ++round) {
    std::string text = porto;
    const int edits = 1 + static_cast<int>(random() % 8);
    for (int e = 0; e < edits; ++e) {
      const size_t at = random() % text.size();
      switch (random() % 3) {
        case 0: text.erase(at, 1 + random() % 5); break;
        case 1: text.insert(at, 1, static_cast<char>(random() % 256)); break;
        default: text[at] = "{}\"/*.+-±"[random() % 9]; break;
      }
      if (text.empty()) {
        text = "x";
      }
    }
    CHECK_NOTHROW(ParseText(text));
  }
  CHECK_NOTHROW(ParseText(std::string("\xFF\xFE role \xC3 a \xE2\x82", 13)));
  CHECK_NOTHROW(ParseText(""));
  CHECK(ParseText("").diagnostics.records().empty());
}

}  // namespace
}  // namespace takt::syntax
