// Event decoding: one JSON input line → a takt_event, in two steps the session interleaves with
// its clock (timers due before the event fire between them, and may create the case the event
// names). Parse checks the JSON, that every key is known or an `x_` key, and the type of every
// known key; Resolve checks that the kind accepts every key given and has the ones it requires
// (takt/event_kind.def), and turns names into ids. Usable on its own, with a
// descriptor and an Entities, which is how the events fuzzer drives it.
#ifndef TAKT_RUNTIME_SRC_EVENT_DECODER_H_
#define TAKT_RUNTIME_SRC_EVENT_DECODER_H_

#include <simdjson.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "runtime/src/entities.h"
#include "takt/names.h"
#include "takt/runtime.h"

namespace takt::runtime {

// One input line after JSON parsing, before name resolution. Views point into the parser.
struct RawEvent {
  // Left uninitialised on purpose: zeroing them cost a sixth of the decoding time of a line, and
  // only keys marked in `present` are ever read.
  union Value {
    struct {
      const char* data;
      size_t size;
    } text;  // EventJson::String
    int64_t integer;  // EventJson::Integer and Time (milliseconds)
    double number;    // EventJson::Number
    // EventJson::NameList and NameTexts: bit i = name i of the key's descriptor table; the first
    // name the table lacks, for Resolve to reject (size 0: none).
    struct {
      int64_t mask;
      const char* unknown;
      size_t unknown_size;
    } names;
  };
  std::array<Value, kEventKeyCount> values;
  uint32_t present = 0;  // Bit per EventKey.
  static_assert(kEventKeyCount <= 32, "`present` has one bit per event key: widen it");

  auto has(EventKey key) const -> bool { return (present >> static_cast<unsigned>(key)) & 1u; }
  auto value(EventKey key) const -> const Value& { return values[static_cast<size_t>(key)]; }
  // The key's text; empty when the key is absent.
  auto text(EventKey key) const -> std::string_view {
    return has(key) ? std::string_view(value(key).text.data, value(key).text.size) : std::string_view();
  }
  auto t() const -> int64_t { return value(EventKey::T).integer; }
};

class EventDecoder {
 public:
  // `exec` and `entities` must outlive the decoder.
  EventDecoder(const takt_executor& exec, Entities& entities);

  // Parses one line; `capacity` bytes are readable at `data` (at least `length` plus
  // simdjson::SIMDJSON_PADDING). The line must be valid JSON (RFC 8259) as a whole: a message
  // about invalid JSON starts with `invalid JSON`. Keys starting with `x_` are the producer's own:
  // their values are checked, then ignored; any other unknown key is an error (with a "did you
  // mean" for a near miss), and so is a known key given twice.
  // A line of the common shape is read in one pass (flat_event.h); any other by ParseJson.
  auto Parse(const char* data, size_t length, size_t capacity, RawEvent& raw, std::string& error) -> bool;
  // Parse through simdjson's On-Demand API alone, whatever the line: the reader of every line
  // the one-pass scanner declines, and what the tests hold that scanner to. `raw` starts empty.
  auto ParseJson(const char* data, size_t length, size_t capacity, RawEvent& raw, std::string& error) -> bool;

  // Fills `event` (kind, ids, numbers) from `raw`. Nothing is created unless the whole event
  // resolves, so a rejected event leaves no trace in the entity tables. On failure `cause` is
  // TAKT_CAUSE_MALFORMED or TAKT_CAUSE_UNKNOWN_NAME.
  auto Resolve(const RawEvent& raw, takt_event& event, takt_cause& cause, std::string& error) -> bool;

 private:
  // Parse without the message a line that is not JSON gets; inline, so that the loop of
  // On-Demand code is compiled as one function.
  [[gnu::always_inline]] inline auto ParseFields(const char* data, size_t length, size_t capacity, RawEvent& raw, std::string& error) -> bool;
  // Inline: it runs for every field of every event, and the call cost more than the switch.
  // The value of a NameList or NameTexts key; cold, as few lines carry one.
  auto ParseNames(EventKey key, simdjson::ondemand::value value, RawEvent::Value& slot, std::string& error) -> bool;
  auto Person(std::string_view text, takt_event& event, std::string& error) -> bool;
  [[gnu::always_inline]] inline auto ResolveField(const EventField& field, const RawEvent& raw, takt_event& event,
                                                  std::string& error) -> bool;

  const takt_executor& exec_;
  Entities& entities_;
  DeclaredNames declared_;
  simdjson::ondemand::parser parser_;
};

}  // namespace takt::runtime

#endif  // TAKT_RUNTIME_SRC_EVENT_DECODER_H_
