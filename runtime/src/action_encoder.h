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
  void PutString(std::string_view text) { AppendString(out_, text); }
  static void AppendString(std::string& out, std::string_view text);
  void PutKey(std::string_view key);
  void PutNumber(double value);
  void PutInt(int64_t value);
  // `"key":["a","b"]`: the names of `names` whose bits `mask` sets; nothing when absent or empty.
  void PutNames(std::string_view key, int64_t mask, const char* const* names, uint32_t count);
  // One formatted time, kept for the next action: the actions of one event or timer share `t`,
  // and a shift end's report items share `since` too.
  struct TimeText {
    int64_t ms = 0;
    std::string text;  // `"…"`: ms as PutTime writes it; empty before the first.
  };
  void PutTime(int64_t ms, TimeText& last);
  void PutMinutes(std::string_view key, int64_t ms);
  void PutRatio(std::string_view key, unsigned __int128 num, unsigned __int128 den);
  void PutOee(const takt_action& action);
  void FlushIfLarge();

  // `,"key":"name"` per name of a table, escaped once when the encoder is made: a declared
  // name costs one copy per action, with no scan for characters to escape.
  class KeyedNames {
   public:
    KeyedNames() = default;
    // `name_of(i)` is name i of the table, for i < count.
    template <typename NameOf>
    KeyedNames(std::string_view key, uint32_t count, const NameOf& name_of);
    auto size() const -> uint32_t { return static_cast<uint32_t>(entries_.size()); }
    auto operator[](uint32_t i) const -> const std::string& { return entries_[i]; }

   private:
    std::vector<std::string> entries_;
  };
  // Appends the entry of `names` at `i`; nothing when `i` is past the table (an absent name).
  void Put(const KeyedNames& names, uint32_t i) {
    if (i < names.size()) {
      out_.append(names[i]);
    }
  }

  const takt_executor& exec_;
  const Entities& entities_;
  ActionSink& sink_;
  // The registries' names; the last entry of `actions` and `causes` is `unknown`, for a kind or
  // cause past the registry.
  KeyedNames actions_, causes_, reject_reasons_, spc_rules_, items_, losses_;
  // The plant's names: rules (`rule` and, in `src_`, `file:line:col`), roles, workcenters, ...
  KeyedNames rules_, src_, roles_, workcenters_, lines_, reasons_, controls_, cases_, deviations_, handovers_,
      materials_, qualifications_;
  std::vector<KeyedNames> outcomes_;  // Per case declaration.
  std::string out_;
  TimeText last_t_, last_due_, last_since_;  // Per field: `t` and `since` alternate in report items.
};

}  // namespace takt::runtime

#endif  // TAKT_RUNTIME_SRC_ACTION_ENCODER_H_
