// The runtime at the edges of its input (issue 9): times whose timers would overflow, jumps that
// would fire millions of timers, lines that never end, lines that are not JSON as a whole, and
// bytes that are not UTF-8. Each case ran for ever, aborted or wrote invalid JSON before.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "takt/session.h"
#include "tests/unit/runtime/fake_executor.h"

namespace takt::runtime {

using testing::Lines;
using testing::MakeFake;

namespace {

// The `reason` of every action of `out`, one per line.
auto Reasons(const std::string& out) -> std::vector<std::string> {
  std::vector<std::string> reasons;
  for (const std::string& line : Lines(out)) {
    const auto action = nlohmann::json::parse(line);
    reasons.push_back(action.value("reason", std::string()));
  }
  return reasons;
}

}  // namespace

TEST_CASE("a `t` outside years 0000-9999 is rejected as out of the time range, and the run ends") {
  const takt_executor fake = MakeFake();
  Summary summary;
  const std::string out = RunToString(fake,
                                      "{\"t\":9223372036854775807,\"type\":\"tick\"}\n"
                                      "{\"t\":99999999999999999999,\"type\":\"up\",\"workcenter\":\"press_01\"}\n"
                                      "{\"t\":-99999999999999999999,\"type\":\"tick\"}\n"
                                      "{\"t\":253402300800000,\"type\":\"tick\"}\n"
                                      "{\"t\":\"9999-12-31T23:59:59-01:00\",\"type\":\"tick\"}\n"
                                      "{\"t\":\"0000-01-01T00:00:00+01:00\",\"type\":\"tick\"}\n"
                                      "{\"t\":253402300799999,\"type\":\"tick\"}\n",
                                      &summary);
  const auto lines = Lines(out);
  REQUIRE(lines.size() == 6);
  for (size_t i = 0; i < 6; ++i) {
    CHECK(lines[i].find(R"("cause":"time_range")") != std::string::npos);
  }
  CHECK(lines[0].find(R"("reason":"`t` is after 9999-12-31T23:59:59.999Z, the latest time the runtime accepts")") !=
        std::string::npos);
  CHECK(lines[2].find(R"("reason":"`t` is before 0000-01-01T00:00:00Z, the earliest time the runtime accepts")") !=
        std::string::npos);
  CHECK(summary.last_time == TAKT_TIME_MAX);
}

TEST_CASE("a `due` past year 9999 is written in the expanded form, never clamped before `t`") {
  const takt_executor fake = MakeFake();
  // `release` opens a case due 30 minutes later.
  const std::string out = RunToString(
      fake, "{\"t\":253402300000000,\"type\":\"release\",\"order\":\"o\",\"routing\":\"route\",\"lot\":\"l\",\"qty\":1}\n");
  CHECK(out.find(R"("due":"+010000-01-01T00:16:40Z")") != std::string::npos);
}

TEST_CASE("a jump that would fire millions of timers stops at the timer budget with a warning") {
  const takt_executor fake = MakeFake();
  Summary summary;
  // `up` starts a timer that fires every second; a jump of 30 years would fire ~10^9 of them.
  const std::string out = RunToString(fake,
                                      "{\"t\":0,\"type\":\"up\",\"workcenter\":\"press_01\"}\n"
                                      "{\"t\":\"2000-01-01T00:00:00Z\",\"type\":\"tick\"}\n"
                                      "{\"t\":\"2000-01-01T00:00:01Z\",\"type\":\"tick\"}\n",
                                      &summary);
  CHECK(summary.timers_fired == kTimerBudget);
  CHECK(summary.timers_dropped == 1);
  CHECK(summary.actions_by_kind[TAKT_ACTION_WARNING] == 1);
  CHECK(summary.rejects == 0);
  const auto lines = Lines(out);
  REQUIRE(lines.size() == kTimerBudget + 1);
  CHECK(lines.back() ==
        R"x({"t":"2000-01-01T00:00:00Z","event":1,"action":"warning","rule":"<input>","cause":"timer_budget","src":"<input>:2","reason":"`t` 2000-01-01T00:00:00Z made more than 100000 timers fall due; 1 due timers were dropped unfired (docs/runtime.md, limits)","input_line":2})x");
}

TEST_CASE("a line over 1 MiB is rejected by its number, skipped unbuffered, and the run goes on") {
  const takt_executor fake = MakeFake();
  const std::string tick = "{\"t\":1000,\"type\":\"tick\"}\n";
  const std::string measure = "{\"t\":2000,\"type\":\"measure\",\"control\":\"hole\",\"value\":8}\n";
  const std::string huge = "{\"t\":1500,\"type\":\"tick\",\"x\":\"" + std::string(kMaxLineLength, 'a') + "\"}";
  const std::string blank(kMaxLineLength + 10, ' ');
  for (bool file : {false, true}) {
    CAPTURE(file);
    StringSink sink;
    Session session(fake, sink);
    const std::string text = tick + huge + "\n" + blank + "\n" + measure + huge;
    if (file) {
      std::FILE* stream = std::tmpfile();
      std::fwrite(text.data(), 1, text.size(), stream);
      std::rewind(stream);
      std::string error;
      CHECK(session.FeedFile(stream, error));
      std::fclose(stream);
    } else {
      // Byte runs that split the long line across many feeds.
      for (size_t at = 0; at < text.size(); at += 100'000) {
        session.Feed(std::string_view(text).substr(at, 100'000));
      }
    }
    session.Finish();
    const auto lines = Lines(sink.text());
    REQUIRE(lines.size() == 3);
    CHECK(lines[0] ==
          R"({"t":"1970-01-01T00:00:01Z","event":1,"action":"reject","rule":"<input>","cause":"malformed","src":"<input>:2","reason":"line 2 is longer than 1048576 bytes (1 MiB), the longest line the runtime reads; it was skipped","input_line":2})");
    CHECK(lines[1].find(R"("action":"spc_signal")") != std::string::npos);
    CHECK(lines[2].find(R"("src":"<input>:5","reason":"line 5 is longer)") != std::string::npos);
    CHECK(session.summary().events == 4);
  }
}

TEST_CASE("a line is valid JSON as a whole or a malformed reject, even under keys the runtime ignores") {
  const takt_executor fake = MakeFake();
  const std::string ok = "\"t\":1000,\"type\":\"measure\",\"control\":\"hole\",\"value\":8";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"{" + ok + ",\"x_\":[1 2]}", "invalid JSON: expected `,` or `]` at byte 63"},
      {"{" + ok + ",\"x_\":}", "invalid JSON: expected a value at byte 60"},
      {"{" + ok + ",\"x_\":\"\\q\"}", "invalid JSON: invalid escape `\\q` at byte 61"},
      {"{" + ok + ",\"x_\":01}", "invalid JSON: malformed number `01` at byte 60"},
      {"{" + ok + ",\"x_\":1.2.3}", "invalid JSON: malformed number `1.2.3` at byte 60"},
      {"{" + ok + ",\"x_\":\"\\ud800\"}", "invalid JSON: lone high surrogate in a `\\u` escape at byte 61"},
      {"{" + ok + ",\"x_\":\"\\udc00\\ud800\"}", "invalid JSON: lone low surrogate in a `\\u` escape at byte 61"},
      {"{" + ok + ",\"x_\":tru}", "invalid JSON: expected a value at byte 60"},
      {"{" + ok + ",\"x_\":[}", "invalid JSON: expected a value at byte 61"},
      {"\xef\xbb\xbf{" + ok + "}", "invalid JSON: the line starts with a UTF-8 byte order mark (U+FEFF)"},
      {"{" + ok + "} x", "invalid JSON: trailing content after the value at byte 56"},
      {"{" + ok + "}{}", "invalid JSON: trailing content after the value at byte 55"},
      {"{\"t\":1000,\"type\":\"down\",\"workcenter\":\"press_01\",\"reason\":nul}",
       "invalid JSON: expected a value at byte 58"},
      {"{\"t\":1000,\"type\":\"down\",\"workcenter\":tru}", "invalid JSON: expected a value at byte 38"},
      {"{\"t\":1000,\"type\":\"measure\",\"control\":\"hole\",\"value\":1e400}", "`value` is out of range: 1e400"},
      {"{\"t\":1000,\"type\":\"measure\",\"control\":\"hole\",\"value\":-}",
       "invalid JSON: malformed number `-` at byte 53"},
      {"{\"t\":1000,\"type\":\"start\",\"order\":\"o\",\"op\":99999999999999999999}",
       "`op` is out of range: 99999999999999999999"},
      {"{\"t\":1000,\"type\":\"start\",\"order\":\"o\",\"op\":1.5}", "`op` is not an integer"},
      {"{" + ok + ",\"value\":9}", "duplicate key `value`"},
      // No key is silently dropped: a near miss gets its proposal, the producer's own data goes
      // under `x_`, and a key of another kind is refused too.
      {"{" + ok + ",\"Lot\":\"l_1\"}", "unknown key `Lot` (did you mean `lot`?)"},
      {"{" + ok + ",\"lots\":\"l_1\"}", "unknown key `lots` (did you mean `lot`?)"},
      {"{" + ok + ",\"workcentre\":\"w\"}", "unknown key `workcentre` (did you mean `workcenter`?)"},
      {"{" + ok + ",\"station\":7}", "unknown key `station` (keys of your own start with `x_`)"},
      {"{" + ok + ",\"op\":10}", "`op` is not a field of `measure` events"},
      {"{" + ok + ",\"x_\":[1e999]}", "number `1e999` is out of range at byte 61"},
  };
  std::string input;
  for (const auto& [line, reason] : cases) {
    // An independent parser agrees, but for the byte order mark, which it skips; it also refuses
    // numbers past a double, which the runtime rejects as out of range.
    const bool invalid = !nlohmann::json::accept(line) || line.starts_with("\xef");
    CHECK(reason.starts_with("invalid JSON") == (invalid && reason.find("out of range") == std::string::npos));
    input += line + "\n";
  }
  // Extension keys with valid values of every kind are still ignored.
  input += "{" + ok + ",\"x_data\":{\"a\":[1,-0.5e+3,true,false,null,\"\\u00e9\\ud83d\\ude00\\n\",{},[]]},\"x_y\":\"\"}\n";
  Summary summary;
  const std::string out = RunToString(fake, input, &summary);
  const auto reasons = Reasons(out);
  REQUIRE(reasons.size() == cases.size() + 1);
  for (size_t i = 0; i < cases.size(); ++i) {
    CAPTURE(cases[i].first);
    CHECK(reasons[i] == cases[i].second);
  }
  CHECK(Lines(out).back().find(R"("action":"spc_signal")") != std::string::npos);
  CHECK(summary.rejects == cases.size());
}

TEST_CASE("bytes that are not UTF-8 in a source file name are written as U+FFFD") {
  static const takt_rule kBadRules[] = {{"r0", TAKT_RULE_OTHER, "a.takt", 1, 1},
                                        {"r1", TAKT_RULE_OTHER, "pl\xff\xc3(nt\xe2\x82.takt \xc3\xa9", 2, 3},
                                        {"r2", TAKT_RULE_OTHER, "b.takt", 4, 5}};
  takt_executor fake = MakeFake();
  fake.rules = kBadRules;
  const std::string out =
      RunToString(fake, "{\"t\":1000,\"type\":\"measure\",\"control\":\"hole\",\"value\":8}\n");
  CHECK(nlohmann::json::accept(out.substr(0, out.size() - 1)));
  CHECK(out.find(R"("src":"pl\ufffd\ufffd(nt\ufffd\ufffd.takt é:2:3")") != std::string::npos);
}

}  // namespace takt::runtime
