// The actions' way into the plant's action stream (docs/deploy.md, "Output" and "Fencing"). Each
// action is published with its id as `Nats-Msg-Id` and, as the expected last sequence, the
// stream sequence of the action before it: the stream stores it only right after that one (the
// stream holds nothing but actions, one per sequence), so whatever goes wrong (acknowledgements that never come, a message lost while a stream leader moves, a stalled
// old leader publishing late) the stream holds a prefix of the plant's one action sequence, each
// action once, in order. What goes unacknowledged is published again, in order, a bounded number
// of times, each time after the lease was confirmed.
#ifndef TAKT_COMPILER_DRIVER_NATS_PUBLISHER_H_
#define TAKT_COMPILER_DRIVER_NATS_PUBLISHER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "compiler/driver/nats_client.h"

namespace takt::driver::nats {

// An action id `SEQ.ORDINAL` (the journal line that made it and its ordinal among that line's
// actions) as a pair that orders like the actions; {0, 0} for an empty or malformed one.
using ActionKey = std::pair<uint64_t, uint64_t>;
auto ParseActionId(std::string_view id) -> ActionKey;

class ActionPublisher {
 public:
  ActionPublisher(Client& client, std::string stream) : client_(client), stream_(std::move(stream)) {}

  // The id and the sequence of the message the action stream holds last (empty and 0 when
  // none): the next publish expects that sequence.
  void Resume(std::string last_id, uint64_t last_seq) {
    last_id_ = std::move(last_id);
    last_seq_ = last_seq;
  }
  // Publishes one action after those published since the last Confirm; false on a refusal
  // that no resend cures (error()).
  auto Publish(std::string subject, std::string_view data, std::string id) -> bool;
  // Returns once the stream stored every action published since the last call: false when the
  // lease was lost, the server refused one for good, or some went unacknowledged through every
  // round of resends.
  auto Confirm() -> bool;

  auto error() const -> const std::string& { return error_; }

 private:
  struct Outgoing {
    std::string subject;
    std::string data;
    std::string id;
  };
  // Publishes `batch_` from `from` on, the first expecting the sequence `expect` last in the
  // stream, each next one the sequence after.
  void Send(size_t from, uint64_t expect);
  // After a round with unacknowledged actions: confirms the lease, drops from `batch_` what the
  // stream holds (up to its last id) and publishes the rest again. False when it cannot now.
  auto Resend() -> bool;
  auto Fail(std::string message) -> bool;

  Client& client_;
  std::string stream_;
  std::vector<Outgoing> batch_;  // Published since the last Confirm, not known to be stored.
  std::string last_id_;          // The last action known to be stored,
  uint64_t last_seq_ = 0;        // and its sequence, which batch_'s first expects.
  bool all_sent_ = true;         // Every action of batch_ is in flight (none refused at sending).
  std::string error_;
};

}  // namespace takt::driver::nats

#endif  // TAKT_COMPILER_DRIVER_NATS_PUBLISHER_H_
