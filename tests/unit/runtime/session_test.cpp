// The runtime against a hand-written executor: decoding, rejects, the clock, timer order and the
// action encoding, independent of the compiler.
#include "takt/session.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace takt::runtime {
namespace {

const char* const kLines[] = {"l1"};
const takt_workcenter kWorkcenters[] = {{"press_01", 0}, {"weld_02", 0}};
const char* const kControls[] = {"hole"};
const takt_reason kReasons[] = {{"unplanned", TAKT_NONE}, {"unplanned.jam", 0}};
const int64_t kOps[] = {10, 20};
const takt_routing kRoutings[] = {{"route", 2, kOps}};
const char* const kOutcomes[] = {"release", "scrap"};
const takt_case_decl kCases[] = {{"containment", 2, kOutcomes}};
const takt_role kRoles[] = {{"boss", TAKT_NONE}, {"operator", 0}};
const char* const kRisks[] = {"high"};
const takt_deviation kDeviations[] = {{"substitution", 1, kRisks}};
const char* const kHandovers[] = {"handover"};
const takt_rule kRules[] = {{"r0", TAKT_RULE_OTHER, "a.takt", 1, 1},
                            {"r1", TAKT_RULE_OTHER, "a.takt", 2, 3},
                            {"r2", TAKT_RULE_OTHER, "b.takt", 4, 5}};

struct FakeState {
  int64_t events;
};

// `down` schedules timers whose firing order the tests read back: arg0 is a label.
void FakeStart(const takt_executor*, void* state, int64_t, const takt_host*) {
  static_cast<FakeState*>(state)->events = 0;
}

void Schedule(const takt_host* host, int64_t due, uint32_t kind, uint32_t entity, uint32_t clause, uint64_t label) {
  takt_timer timer{due, kind, entity, clause, 0, label, 0};
  host->schedule(host->ctx, &timer);
}

void FakeEvent(const takt_executor*, void* state, const takt_event* event, const takt_host* host) {
  ++static_cast<FakeState*>(state)->events;
  takt_action action;
  switch (event->kind) {
    case TAKT_EVENT_DOWN:
      // Same due time, scheduled in an order unlike the firing order.
      Schedule(host, event->t + 60000, TAKT_ENTITY_CASE, 0, 0, 5);
      Schedule(host, event->t + 60000, TAKT_ENTITY_WORKCENTER, 1, 0, 4);
      Schedule(host, event->t + 60000, TAKT_ENTITY_WORKCENTER, 0, 2, 3);
      Schedule(host, event->t + 60000, TAKT_ENTITY_WORKCENTER, 0, 1, 2);
      Schedule(host, event->t + 60000, TAKT_ENTITY_WORKCENTER, 0, 1, 6);
      Schedule(host, event->t + 30000, TAKT_ENTITY_HANDOVER, 0, 2, 1);
      return;
    case TAKT_EVENT_MEASURE:
      takt_action_init(&action, TAKT_ACTION_SPC_SIGNAL, TAKT_CAUSE_SPC, 1);
      action.control = event->control;
      action.lot = event->lot;
      action.workcenter = event->workcenter;
      action.spc_rule = 2;
      host->emit(host->ctx, &action);
      return;
    case TAKT_EVENT_RELEASE: {
      const uint32_t case_id = host->create(host->ctx, TAKT_ENTITY_CASE, 0);
      takt_action_init(&action, TAKT_ACTION_OPEN_CASE, TAKT_CAUSE_OUT_OF_SPEC, 0);
      action.case_id = case_id;
      action.order = event->order;
      action.lot = event->lot;
      action.due = event->t + 1800000;
      host->emit(host->ctx, &action);
      return;
    }
    case TAKT_EVENT_DECIDE:
      takt_action_init(&action, TAKT_ACTION_CLOSE_CASE, TAKT_CAUSE_OUTCOME, 2);
      action.case_id = event->case_id;
      action.outcome = event->outcome;
      action.by = event->by;
      host->emit(host->ctx, &action);
      return;
    case TAKT_EVENT_START:
      takt_action_init(&action, TAKT_ACTION_REJECT, TAKT_CAUSE_FORBIDDEN, TAKT_NONE);
      action.reject_reason = TAKT_REJECT_OUT_OF_ORDER;
      action.order = event->order;
      action.op = event->op;
      host->emit(host->ctx, &action);
      return;
    default: return;
  }
}

void FakeTimer(const takt_executor*, void*, const takt_timer* timer, const takt_host* host) {
  takt_action action;
  takt_action_init(&action, TAKT_ACTION_NOTIFY, TAKT_CAUSE_TIER, timer->clause);
  action.tier = static_cast<uint32_t>(timer->arg0);
  host->emit(host->ctx, &action);
}

auto MakeFake() -> takt_executor {
  takt_executor executor{};
  executor.abi_version = TAKT_ABI_VERSION;
  executor.plant_name = "fake";
  executor.source_sha256 = "0000000000000000000000000000000000000000000000000000000000000000";
  executor.rule_count = 3;
  executor.rules = kRules;
  executor.role_count = 2;
  executor.roles = kRoles;
  executor.line_count = 1;
  executor.lines = kLines;
  executor.workcenter_count = 2;
  executor.workcenters = kWorkcenters;
  executor.control_count = 1;
  executor.controls = kControls;
  executor.reason_count = 2;
  executor.reasons = kReasons;
  executor.routing_count = 1;
  executor.routings = kRoutings;
  executor.case_count = 1;
  executor.cases = kCases;
  executor.deviation_count = 1;
  executor.deviations = kDeviations;
  executor.handover_count = 1;
  executor.handovers = kHandovers;
  executor.global_state_size = sizeof(FakeState);
  executor.order_state_size = 24;
  executor.on_start = &FakeStart;
  executor.on_event = &FakeEvent;
  executor.on_timer = &FakeTimer;
  return executor;
}

auto Lines(const std::string& text) -> std::vector<std::string> {
  std::vector<std::string> lines;
  size_t begin = 0;
  while (begin < text.size()) {
    const size_t end = text.find('\n', begin);
    lines.push_back(text.substr(begin, end - begin));
    begin = end + 1;
  }
  return lines;
}

}  // namespace

TEST_CASE("timers fire before the event in (due, entity kind, entity, clause, scheduling) order") {
  const takt_executor fake = MakeFake();
  Summary summary;
  const std::string out = RunToString(fake,
                                      "{\"t\":\"2026-11-28T08:00:00Z\",\"type\":\"down\",\"workcenter\":\"press_01\"}\n"
                                      "{\"t\":\"2026-11-28T08:05:00Z\",\"type\":\"tick\"}\n",
                                      &summary);
  const auto lines = Lines(out);
  REQUIRE(lines.size() == 6);
  CHECK(lines[0] ==
        R"({"t":"2026-11-28T08:00:30Z","event":1,"action":"notify","rule":"r2","cause":"tier","src":"b.takt:4:5","tier":1})");
  CHECK(lines[1].find(R"("t":"2026-11-28T08:01:00Z","event":1,"action":"notify","rule":"r1")") != std::string::npos);
  CHECK(lines[1].find(R"("tier":2)") != std::string::npos);
  CHECK(lines[2].find(R"("tier":6)") != std::string::npos);
  CHECK(lines[3].find(R"("tier":3)") != std::string::npos);
  CHECK(lines[4].find(R"("tier":4)") != std::string::npos);
  CHECK(lines[5].find(R"("tier":5)") != std::string::npos);
  CHECK(summary.events == 2);
  CHECK(summary.timers_fired == 6);
  CHECK(summary.timers_pending == 0);
}

TEST_CASE("a timer due exactly at the event's time fires before it; later ones wait") {
  const takt_executor fake = MakeFake();
  Summary summary;
  const std::string out = RunToString(fake,
                                      "{\"t\":0,\"type\":\"down\",\"workcenter\":\"press_01\"}\n"
                                      "{\"t\":30000,\"type\":\"tick\"}\n",
                                      &summary);
  CHECK(Lines(out).size() == 1);
  CHECK(summary.timers_fired == 1);
  CHECK(summary.timers_pending == 5);
}

TEST_CASE("timers pending after the last event never fire") {
  const takt_executor fake = MakeFake();
  Summary summary;
  const std::string out =
      RunToString(fake, "{\"t\":0,\"type\":\"down\",\"workcenter\":\"press_01\"}", &summary);
  CHECK(out.empty());
  CHECK(summary.timers_pending == 6);
}

TEST_CASE("names decode to ids and come back as names, with the fixed key order") {
  const takt_executor fake = MakeFake();
  const std::string out = RunToString(
      fake,
      "{\"t\":1000,\"type\":\"measure\",\"control\":\"hole\",\"value\":8.07,\"lot\":\"l_17\",\"workcenter\":\"weld_02\"}\n"
      "{\"t\":2000,\"type\":\"release\",\"order\":\"po_1\",\"routing\":\"route\",\"lot\":\"l_17\",\"qty\":5}\n"
      "{\"t\":3000,\"type\":\"decide\",\"case\":\"containment-1\",\"outcome\":\"scrap\",\"by\":\"bob \\\"b\\\"\"}\n"
      "{\"t\":4000,\"type\":\"start\",\"order\":\"po_1\",\"op\":20}\n");
  const auto lines = Lines(out);
  REQUIRE(lines.size() == 4);
  CHECK(lines[0] ==
        R"({"t":"1970-01-01T00:00:01Z","event":0,"action":"spc_signal","rule":"r1","cause":"spc","src":"a.takt:2:3","workcenter":"weld_02","control":"hole","spc_rule":"we3","lot":"l_17"})");
  CHECK(lines[1] ==
        R"({"t":"1970-01-01T00:00:02Z","event":1,"action":"open_case","rule":"r0","cause":"out_of_spec","src":"a.takt:1:1","lot":"l_17","order":"po_1","case":"containment","id":"containment-1","due":"1970-01-01T00:30:02Z"})");
  CHECK(lines[2] ==
        R"({"t":"1970-01-01T00:00:03Z","event":2,"action":"close_case","rule":"r2","cause":"outcome","src":"b.takt:4:5","case":"containment","id":"containment-1","outcome":"scrap","by":"bob \"b\""})");
  CHECK(lines[3] ==
        R"({"t":"1970-01-01T00:00:04Z","event":3,"action":"reject","rule":"<input>","cause":"forbidden","src":"<input>:4","reason":"out_of_order","order":"po_1","op":20})");
}

TEST_CASE("malformed events become rejects and never stop the run") {
  const takt_executor fake = MakeFake();
  Summary summary;
  const std::string out = RunToString(fake,
                                      "not json\n"
                                      "\n"
                                      "{\"t\":1000,\"type\":\"tick\"}\n"
                                      "[1,2]\n"
                                      "{\"type\":\"tick\"}\n"
                                      "{\"t\":\"yesterday\",\"type\":\"tick\"}\n"
                                      "{\"t\":500,\"type\":\"tick\"}\n"
                                      "{\"t\":1000.5,\"type\":\"tick\"}\n"
                                      "{\"t\":2000,\"type\":\"explode\"}\n"
                                      "{\"t\":2000,\"type\":\"down\"}\n"
                                      "{\"t\":2000,\"type\":\"down\",\"workcenter\":\"press_99\"}\n"
                                      "{\"t\":2000,\"type\":\"down\",\"workcenter\":\"press_01\",\"reason\":\"nope\"}\n"
                                      "{\"t\":2000,\"type\":\"measure\",\"control\":\"hole\",\"value\":\"8\"}\n"
                                      "{\"t\":2000,\"type\":\"measure\",\"control\":\"hole\"}\n"
                                      "{\"t\":2000,\"type\":\"start\",\"order\":\"po_9\",\"op\":10}\n"
                                      "{\"t\":2000,\"type\":\"decide\",\"case\":\"containment-1\",\"outcome\":\"x\"}\n"
                                      "{\"t\":2000,\"type\":\"release\",\"order\":\"po_1\",\"routing\":\"route\",\"lot\":\"l\",\"qty\":0}\n"
                                      "{\"t\":2000,\"type\":\"tick\"} trailing\n"
                                      "{\"t\":2000,\"type\":\"tick\"}\r\n",
                                      &summary);
  const auto lines = Lines(out);
  REQUIRE(lines.size() == 16);
  CHECK(lines[0] ==
        R"({"t":null,"event":0,"action":"reject","rule":"<input>","cause":"malformed","src":"<input>:1","reason":"not a JSON object","input_line":1})");
  CHECK(lines[1].find(R"("event":2,"action":"reject","rule":"<input>","cause":"malformed","src":"<input>:4","reason":"not a JSON object","input_line":4)") != std::string::npos);
  CHECK(lines[1].find(R"("t":"1970-01-01T00:00:01Z")") != std::string::npos);
  CHECK(lines[2].find(R"("reason":"missing field `t`")") != std::string::npos);
  CHECK(lines[3].find(R"("reason":"`t` is not an RFC 3339 timestamp: `yesterday`")") != std::string::npos);
  CHECK(lines[4].find(R"("cause":"time_backwards")") != std::string::npos);
  CHECK(lines[5].find(R"("reason":"`t` is not an integer number of milliseconds")") != std::string::npos);
  CHECK(lines[6].find(R"("cause":"unknown_name","src":"<input>:9","reason":"unknown event type `explode`")") != std::string::npos);
  CHECK(lines[6].find(R"("t":"1970-01-01T00:00:02Z")") != std::string::npos);
  CHECK(lines[7].find(R"("reason":"missing field `workcenter`")") != std::string::npos);
  CHECK(lines[8].find(R"("reason":"unknown workcenter `press_99`")") != std::string::npos);
  CHECK(lines[9].find(R"("reason":"unknown reason `nope`")") != std::string::npos);
  CHECK(lines[10].find(R"("reason":"`value` is not a number")") != std::string::npos);
  CHECK(lines[11].find(R"("reason":"missing field `value`")") != std::string::npos);
  CHECK(lines[12].find(R"("reason":"unknown order `po_9`")") != std::string::npos);
  CHECK(lines[13].find(R"("reason":"unknown case `containment-1`")") != std::string::npos);
  CHECK(lines[14].find(R"("reason":"`qty` is not positive")") != std::string::npos);
  CHECK(lines[15].find(R"("src":"<input>:18","reason":"invalid JSON")") != std::string::npos);
  CHECK(summary.events == 18);
  CHECK(summary.rejects == 16);
}

TEST_CASE("input split across feeds is reassembled into lines") {
  const takt_executor fake = MakeFake();
  StringSink sink;
  Session session(fake, sink);
  const std::string text =
      "{\"t\":1000,\"type\":\"measure\",\"control\":\"hole\",\"value\":8.07}\n{\"t\":2000,\"type\":\"measure\",\"control\":\"hole\",\"value\":1}";
  for (char c : text) {
    session.Feed(std::string_view(&c, 1));
  }
  session.Finish();
  CHECK(Lines(sink.text()).size() == 2);
  CHECK(session.summary().events == 2);
}

}  // namespace takt::runtime
