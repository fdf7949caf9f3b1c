// DeliveredLog reads back what `takt serve` delivered, split by journal line (action ids), up to
// the watermark, and refuses a log that is not a serve log of this journal.
#include "compiler/replay/delivered_log.h"

#include <doctest/doctest.h>

#include <cstdio>
#include <memory>
#include <string>

namespace takt::replay {
namespace {

auto LogFile(const std::string& text) -> std::unique_ptr<std::FILE, int (*)(std::FILE*)> {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::tmpfile(), &std::fclose);
  std::fwrite(text.data(), 1, text.size(), file.get());
  std::rewind(file.get());
  return file;
}

constexpr std::string_view kLog =
    R"({"action_id":"2.0","event":1,"action":"hold"})" "\n"
    R"({"action_id":"2.1","event":1,"action":"notify"})" "\n"
    R"({"action_id":"5.0","event":4,"action":"reject"})" "\n";

TEST_CASE("the actions of the lines up to a seq, then the rest up to the watermark") {
  auto file = LogFile(std::string(kLog) + R"({"action_id":"6.0","event":5,"action":"past the watermark"})" "\n");
  DeliveredLog log(file.get(), kLog.size());
  std::string lines;
  CHECK(log.TakeThrough(1, lines));
  CHECK(lines.empty());
  CHECK(log.TakeThrough(4, lines));
  CHECK(lines == kLog.substr(0, kLog.find("{\"action_id\":\"5.0\"")));
  lines.clear();
  CHECK(log.TakeThrough(9, lines));
  CHECK(lines == kLog.substr(kLog.find("{\"action_id\":\"5.0\"")));
  CHECK(log.Finish("5.0"));
}

TEST_CASE("a log that is not what the journal delivered is refused") {
  SUBCASE("shorter than the watermark") {
    auto file = LogFile(std::string(kLog));
    DeliveredLog log(file.get(), kLog.size() + 10);
    std::string lines;
    CHECK_FALSE(log.TakeThrough(9, lines));
    CHECK(log.error().find("ends 10 bytes before") != std::string::npos);
  }
  SUBCASE("another last action at the watermark") {
    auto file = LogFile(std::string(kLog));
    DeliveredLog log(file.get(), kLog.size());
    std::string lines;
    CHECK(log.TakeThrough(9, lines));
    CHECK_FALSE(log.Finish("5.1"));
  }
  SUBCASE("a line without an action id") {
    const std::string text = R"({"t":"2026-11-28T06:00:00Z","event":1,"action":"hold"})" "\n";
    auto file = LogFile(text);
    DeliveredLog log(file.get(), text.size());
    std::string lines;
    CHECK_FALSE(log.TakeThrough(9, lines));
    CHECK(log.error().find("line 1 is not an action") != std::string::npos);
  }
  SUBCASE("ids out of journal order") {
    const std::string text = std::string(kLog) + R"({"action_id":"3.0","event":2,"action":"hold"})" "\n";
    auto file = LogFile(text);
    DeliveredLog log(file.get(), text.size());
    std::string lines;
    CHECK_FALSE(log.TakeThrough(9, lines));
    CHECK(log.error().find("line 4") != std::string::npos);
  }
}

}  // namespace
}  // namespace takt::replay
