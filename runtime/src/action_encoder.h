// Action encoding: a takt_action (ids) → one JSON output line (names), in the fixed key order
// docs/runtime.md documents, buffered and written to the sink in large batches.
#ifndef TAKT_RUNTIME_SRC_ACTION_ENCODER_H_
#define TAKT_RUNTIME_SRC_ACTION_ENCODER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/src/entities.h"
#include "takt/runtime.h"
#include "takt/session.h"

namespace takt::runtime {

// Where the session stands when an action is emitted; stamped on every line.
struct ActionStamp {
  bool started;          // False before the first event's time: `t` is null.
  int64_t now;           // Milliseconds since the epoch.
  uint32_t event_index;  // 0-based index of the event being processed.
  uint64_t line_number;  // 1-based input line, for `<input>:n`.
};

class ActionEncoder {
 public:
  // `exec`, `entities` and `sink` must outlive the encoder.
  ActionEncoder(const takt_executor& exec, const Entities& entities, ActionSink& sink);

  void Encode(const takt_action& action, const ActionStamp& stamp);
  // An action the runtime makes itself about an input line: a `reject` of input it cannot hand
  // to the executor, or a `warning`. `message` is its `reason`.
  void EncodeRuntimeMessage(takt_action_kind kind, takt_cause cause, std::string_view message,
                            const ActionStamp& stamp);
  // Writes the buffered lines to the sink.
  void Flush();

 private:
  void PutStamp(const ActionStamp& stamp);
  void PutString(std::string_view text);
  void PutKey(std::string_view key);
  void PutNumber(double value);
  void PutInt(int64_t value);
  // `"key":["a","b"]`: the names of `names` whose bits `mask` sets; nothing when absent or empty.
  void PutNames(std::string_view key, int64_t mask, const char* const* names, uint32_t count);
  void PutTime(int64_t ms);
  void PutMinutes(std::string_view key, int64_t ms);
  void PutRatio(std::string_view key, unsigned __int128 num, unsigned __int128 den);
  void PutOee(const takt_action& action);
  void FlushIfLarge();

  const takt_executor& exec_;
  const Entities& entities_;
  ActionSink& sink_;
  std::vector<std::string> rule_src_;  // `file:line:col` per rule.
  std::string out_;
  int64_t last_time_ = 0;
  std::string last_time_text_;  // `"…"`: last_time_ as PutTime writes it; empty before the first.
};

}  // namespace takt::runtime

#endif  // TAKT_RUNTIME_SRC_ACTION_ENCODER_H_
