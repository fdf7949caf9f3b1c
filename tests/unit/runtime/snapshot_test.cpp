// Session snapshots (Session::SaveSnapshot / RestoreSnapshot): a session restored from the bytes
// another one saved between two lines goes on exactly as that one would have, and damaged or
// foreign bytes are refused without touching the session.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "takt/session.h"
#include "tests/unit/runtime/fake_executor.h"

namespace takt::runtime {
namespace {

using testing::MakeFake;

constexpr std::string_view kBuild = "build-a";

// Every kind of state the fake executor reaches: timers (one rescheduling itself), lots, orders,
// cases with their addresses and counters, `by` texts, the clock and rejects, blank lines too.
const std::vector<std::string> kStream = {
    R"({"t":1000,"type":"release","order":"po_1","routing":"route","lot":"l_17","qty":5})",
    R"({"t":1500,"type":"down","workcenter":"press_01"})",
    "",
    R"({"t":2000,"type":"measure","control":"hole","value":8.07,"lot":"l_17","workcenter":"weld_02"})",
    R"({"t":2500,"type":"up","workcenter":"press_01"})",
    R"({"t":3000,"type":"release","order":"po_2","routing":"route","lot":"l_18","qty":5})",
    R"({"t":3500,"type":"decide","case":"containment","lot":"l_18","outcome":"scrap","by":"bob"})",
    "not json",
    R"({"t":4000,"type":"start","order":"po_1","op":20})",
    R"({"t":1,"type":"tick"})",
    R"({"t":40000,"type":"decide","case":"containment-1","outcome":"release","by":"ann"})",
    R"({"t":61500,"type":"measure","control":"hole","value":8.0,"lot":"l_19","workcenter":"press_01"})",
    R"({"t":70000,"type":"tick"})",
};

auto Text(size_t from, size_t to) -> std::string {
  std::string text;
  for (size_t i = from; i < to; ++i) {
    text += kStream[i] + "\n";
  }
  return text;
}

TEST_CASE("a session restored from a snapshot goes on as the one that saved it, at every line") {
  const takt_executor fake = MakeFake();
  Summary whole_summary;
  const std::string whole = RunToString(fake, Text(0, kStream.size()), &whole_summary);
  for (size_t split = 0; split <= kStream.size(); ++split) {
    CAPTURE(split);
    StringSink first_sink;
    Session first(fake, first_sink);
    first.Feed(Text(0, split));
    first.Flush();
    std::string bytes;
    std::string error;
    REQUIRE(first.SaveSnapshot(kBuild, bytes, error));
    StringSink second_sink;
    Session second(fake, second_sink);
    REQUIRE_MESSAGE(second.RestoreSnapshot(kBuild, bytes, error), error);
    second.Feed(Text(split, kStream.size()));
    second.Finish();
    CHECK(first_sink.text() + second_sink.text() == whole);
    CHECK(second.summary().events == whole_summary.events);
    CHECK(second.summary().actions == whole_summary.actions);
    CHECK(second.summary().timers_fired == whole_summary.timers_fired);
    CHECK(second.summary().timers_pending == whole_summary.timers_pending);
  }
}

TEST_CASE("saved twice, the same state gives the same bytes") {
  const takt_executor fake = MakeFake();
  StringSink sink;
  Session first(fake, sink);
  first.Feed(Text(0, 8));
  std::string bytes;
  std::string error;
  REQUIRE(first.SaveSnapshot(kBuild, bytes, error));
  Session second(fake, sink);
  REQUIRE(second.RestoreSnapshot(kBuild, bytes, error));
  std::string again;
  REQUIRE(second.SaveSnapshot(kBuild, again, error));
  CHECK(again == bytes);
}

TEST_CASE("damaged, truncated or foreign snapshots are refused and leave the session as it was") {
  const takt_executor fake = MakeFake();
  StringSink sink;
  Session first(fake, sink);
  first.Feed(Text(0, 6));
  std::string bytes;
  std::string error;
  REQUIRE(first.SaveSnapshot(kBuild, bytes, error));

  StringSink second_sink;
  Session second(fake, second_sink);
  std::string damaged = bytes;
  damaged[damaged.size() / 2] ^= 0x20;
  CHECK_FALSE(second.RestoreSnapshot(kBuild, damaged, error));
  CHECK(error.find("damaged") != std::string::npos);
  CHECK_FALSE(second.RestoreSnapshot(kBuild, std::string_view(bytes).substr(0, bytes.size() - 1), error));
  CHECK_FALSE(second.RestoreSnapshot(kBuild, "", error));
  CHECK_FALSE(second.RestoreSnapshot("build-b", bytes, error));
  CHECK(error.find("another executor") != std::string::npos);
  takt_executor other = MakeFake();
  other.source_sha256 = "1111111111111111111111111111111111111111111111111111111111111111";
  Session third(other, second_sink);
  CHECK_FALSE(third.RestoreSnapshot(kBuild, bytes, error));
  CHECK(error.find("another executor") != std::string::npos);
  // Untouched: it still runs the whole stream from the start.
  second.Feed(Text(0, kStream.size()));
  second.Finish();
  CHECK(second_sink.text() == RunToString(fake, Text(0, kStream.size())));
  // A session that has run already takes no snapshot.
  CHECK_FALSE(second.RestoreSnapshot(kBuild, bytes, error));
}

TEST_CASE("no snapshot inside a line, nor of an executor with state of its own") {
  takt_executor fake = MakeFake();
  StringSink sink;
  std::string bytes;
  std::string error;
  {
    Session session(fake, sink);
    session.Feed(R"({"t":1000,"type":"tick"})");
    CHECK_FALSE(session.SaveSnapshot(kBuild, bytes, error));
    CHECK(error.find("partial line") != std::string::npos);
  }
  int model = 0;
  fake.user = &model;
  Session session(fake, sink);
  CHECK_FALSE(session.SaveSnapshot(kBuild, bytes, error));
  CHECK(error.find("outside the runtime's records") != std::string::npos);
}

}  // namespace
}  // namespace takt::runtime
