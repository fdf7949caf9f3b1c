// The one-pass scanner of common event lines against the complete On-Demand parse: whatever line
// the scanner accepts, the complete parse accepts too and reads the same keys with the same
// values, bit for bit; so taking the scanner first changes no output and no message.
#include "runtime/src/flat_event.h"

#include <doctest/doctest.h>
#include <simdjson.h>

#include <bit>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/src/entities.h"
#include "runtime/src/event_decoder.h"
#include "tests/unit/runtime/fake_executor.h"

namespace takt::runtime {

namespace {

// Whether the scanner declines `line`, or reads it as the complete parse does.
auto Agrees(EventDecoder& decoder, const std::string& line) -> bool {
  std::string padded = line;
  padded.append(simdjson::SIMDJSON_PADDING, '\0');
  RawEvent fast;
  if (!ScanFlatEvent(padded.data(), line.size(), fast)) {
    return true;
  }
  RawEvent full;
  std::string error;
  if (!decoder.ParseJson(padded.data(), line.size(), padded.size(), full, error) || full.present != fast.present) {
    return false;
  }
  for (size_t i = 0; i < kEventKeyCount; ++i) {
    const auto key = static_cast<EventKey>(i);
    if (!fast.has(key)) {
      continue;
    }
    const RawEvent::Value& a = fast.value(key);
    const RawEvent::Value& b = full.value(key);
    switch (kEventKeys[i].json) {
      case EventJson::Time:
      case EventJson::Integer:
        if (a.integer != b.integer) {
          return false;
        }
        break;
      case EventJson::Number:
        if (std::bit_cast<uint64_t>(a.number) != std::bit_cast<uint64_t>(b.number)) {
          return false;
        }
        break;
      case EventJson::String:
        if (fast.text(key) != full.text(key)) {
          return false;
        }
        break;
      case EventJson::NameList:
      case EventJson::NameTexts: return false;  // The scanner never reads these.
    }
  }
  return true;
}

}  // namespace

TEST_CASE("the flat-line scanner reads what the complete parse reads, or declines") {
  const takt_executor fake = testing::MakeFake();
  Entities entities(fake);
  EventDecoder decoder(fake, entities);
  const std::vector<std::string> lines = {
      R"({"t":1795500000000,"type":"measure","control":"c239","value":68.888,"lot":"l_4"})",
      R"({ "t" : "2026-03-29T01:00:00+01:00" , "type":"down", "workcenter" : "w15","reason":"a.b"	})",
      R"({"t":0,"type":"release","order":"po_1","routing":"rt1","lot":"l_1","qty":1000})",
      R"({"t":-5,"type":"measure","value":-0.5})", R"({"t":1,"value":-0})", R"({"t":1,"value":-0.0})",
      R"({"t":1,"value":0.1})", R"({"t":1,"value":12345678901234567})", R"({"t":1,"value":1.2345678901234567})",
      R"({"t":1,"value":123456789012345678})", R"({"t":1,"value":1e5})", R"({"t":1,"value":01})",
      R"({"t":1,"value":1.})", R"({"t":1,"value":.5})", R"({"t":1,"value":"1"})", R"({"t":1.5})",
      R"({"t":01})", R"({"t":-})", R"({"t":99999999999999999999})", R"({"t":"not a time"})", R"({})",
      R"({"t":1,"t":2})", R"({"t":1,"x_own":2})", R"({"t":1,"Lot":"a"})", R"({"t":1,"lot":"a\"b"})",
      R"({"t":1,"lot":"caf\u00e9"})", "{\"t\":1,\"lot\":\"caf\xc3\xa9\"}", R"({"t":1,"reason":null})",
      R"({"t":1,"evidence":["a"]})", R"({"t":1,"lot":"a"} )", R"({"t":1,"lot":"a"}x)", R"({"t":1,"lot":"a",})",
      R"({"t":1 "lot":"a"})", R"({"t":1,"lot":"a")", R"(["t",1])", R"({"t":1,"qty":true})",
      R"({"t":1,"qty":1.0})", R"({"t":1,"qty":-0})", R"({"t":1,"op":00})",
  };
  for (const std::string& line : lines) {
    INFO(line);
    CHECK(Agrees(decoder, line));
  }
  // The common shape with random numbers and random damage: every prefix, and single bytes
  // replaced by the characters that matter to JSON.
  std::mt19937_64 random(15);
  const std::string_view damage = "\"\\{}[],:.-+eE0 \t\x01\x7f\xc3";
  int accepted = 0;
  for (int i = 0; i < 4000; ++i) {
    std::string number = std::to_string(random() % 1000000000);
    if (random() % 2 == 0) {
      number.insert(random() % number.size() + 1, ".");
    }
    if (random() % 4 == 0) {
      number.insert(0, "-");
    }
    std::string line = "{\"t\":" + std::to_string(random() % 2000000000000) +
                       R"(,"type":"measure","control":"c)" + std::to_string(random() % 1000) +
                       R"(","value":)" + number + R"(,"qty":)" + std::to_string(random() % 100000) + "}";
    INFO(line);
    if (i % 2 == 1) {
      line[random() % line.size()] = damage[random() % damage.size()];
    }
    const std::string prefix = line.substr(0, random() % line.size());
    CHECK(Agrees(decoder, line));
    CHECK(Agrees(decoder, prefix));
    RawEvent raw;
    accepted += ScanFlatEvent(line.data(), line.size(), raw) ? 1 : 0;
  }
  // The undamaged lines (half of them) are the common shape.
  CHECK(accepted >= 2000);
}

}  // namespace takt::runtime
