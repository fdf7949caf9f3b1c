// The runtime against a hand-written executor: decoding, rejects, the clock, timer order and the
// action encoding, independent of the compiler.
#include "takt/session.h"

#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

#include "tests/unit/runtime/fake_executor.h"

namespace takt::runtime {

using testing::Lines;
using testing::MakeFake;

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
      "{\"t\":1000,\"type\":\"release\",\"order\":\"po_1\",\"routing\":\"route\",\"lot\":\"l_17\",\"qty\":5}\n"
      "{\"t\":2000,\"type\":\"measure\",\"control\":\"hole\",\"value\":8.07,\"lot\":\"l_17\",\"workcenter\":\"weld_02\"}\n"
      "{\"t\":3000,\"type\":\"decide\",\"case\":\"containment-1\",\"outcome\":\"scrap\",\"by\":\"bob \\\"b\\\"\"}\n"
      "{\"t\":4000,\"type\":\"start\",\"order\":\"po_1\",\"op\":20}\n");
  const auto lines = Lines(out);
  REQUIRE(lines.size() == 4);
  CHECK(lines[0] ==
        R"({"t":"1970-01-01T00:00:01Z","event":0,"action":"open_case","rule":"r0","cause":"out_of_spec","src":"a.takt:1:1","lot":"l_17","order":"po_1","case":"containment","id":"containment-1","due":"1970-01-01T00:30:01Z"})");
  CHECK(lines[1] ==
        R"({"t":"1970-01-01T00:00:02Z","event":1,"action":"spc_signal","rule":"r1","cause":"spc","src":"a.takt:2:3","workcenter":"weld_02","control":"hole","spc_rule":"we3","lot":"l_17"})");
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
        R"({"t":null,"event":0,"action":"reject","rule":"<input>","cause":"malformed","src":"<input>:1","reason":"invalid JSON: expected a value at byte 1","input_line":1})");
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
  CHECK(lines[15].find(R"("src":"<input>:18","reason":"invalid JSON: trailing content after the value at byte 26")") !=
        std::string::npos);
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

TEST_CASE("lines run in the caller's bytes or through the session's buffer give the same actions") {
  // Feed parses a line in place when simdjson's padding fits before the end of the slice, else
  // through its own buffer: every way of slicing the input must give the bytes of one Feed, and
  // every complete line must have run when Feed returns.
  const takt_executor fake = MakeFake();
  std::string text;
  for (int i = 0; i < 40; ++i) {
    text += "{\"t\":" + std::to_string(1000 * (i + 1)) + ",\"type\":\"measure\",\"control\":\"hole\",\"value\":" +
            std::to_string(i % 9) + "}\n";
    text += i % 7 == 0 ? " \t\n" : "";
    text += i % 11 == 0 ? "{\"t\":1,\"type\":\n" : "";
  }
  StringSink whole;
  Session one_feed(fake, whole);
  one_feed.Feed(text);
  const uint64_t events = one_feed.summary().events;
  one_feed.Finish();
  CHECK(one_feed.summary().events == events);
  for (size_t slice : {1, 2, 13, 63, 64, 65, 66, 127, 200, 1000}) {
    CAPTURE(slice);
    StringSink sink;
    Session session(fake, sink);
    for (size_t at = 0; at < text.size(); at += slice) {
      session.Feed(std::string_view(text).substr(at, slice));
    }
    CHECK(session.summary().events == events);
    session.Finish();
    CHECK(sink.text() == whole.text());
  }
}

}  // namespace takt::runtime
