#include "compiler/driver/nats_publisher.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <thread>

namespace takt::driver::nats {

namespace {

// How long a round waits for the acknowledgements before it publishes again what is missing:
// a batch's come within milliseconds, a lost one never (docs/deploy.md, "Output"). The wait grows
// by a second a round up to kMaxAckWaitMs, over at most kResendRounds rounds, and no round starts
// kConfirmLimit after the first publication was awaited (each round also asks the server for the
// lease and the stream's last id, which may take their timeout): serve gives up within about
// 20 s, so that a stop is never held longer.
constexpr int64_t kFirstAckWaitMs = 1000;
constexpr int64_t kMaxAckWaitMs = 3000;
constexpr int kResendRounds = 5;
constexpr std::chrono::seconds kConfirmLimit{12};

}  // namespace

auto ParseActionId(std::string_view id) -> ActionKey {
  ActionKey key{0, 0};
  const auto [dot, status] = std::from_chars(id.data(), id.data() + id.size(), key.first);
  if (status != std::errc() || dot == id.data() + id.size() || *dot != '.') {
    return {0, 0};
  }
  std::from_chars(dot + 1, id.data() + id.size(), key.second);
  return key;
}

auto ActionPublisher::Publish(std::string subject, std::string_view data, std::string id) -> bool {
  batch_.push_back({.subject = std::move(subject), .data = std::string(data), .id = std::move(id)});
  Send(batch_.size() - 1, last_seq_ + batch_.size() - 1);
  return error_.empty();
}

void ActionPublisher::Send(size_t from, uint64_t expect) {
  for (size_t i = from; i < batch_.size() && error_.empty(); ++i) {
    // Refused at once (the reconnect buffer full): the next round publishes it again.
    if (!client_.Publish(batch_[i].subject, batch_[i].data, batch_[i].id, expect + (i - from))) {
      if (!client_.transient()) {
        Fail(client_.error());
      }
      all_sent_ = false;
      return;
    }
  }
}

auto ActionPublisher::Confirm() -> bool {
  const auto deadline = std::chrono::steady_clock::now() + kConfirmLimit;
  int64_t wait = kFirstAckWaitMs;
  for (int round = 0; error_.empty(); ++round) {
    size_t unconfirmed = 0;
    if (!client_.AwaitPublishes(wait, unconfirmed)) {
      return Fail(client_.error());
    }
    if (unconfirmed == 0 && all_sent_) {
      if (!batch_.empty()) {
        last_id_ = batch_.back().id;
        // One sequence each, unless some were copies another serve stored first (see "Fencing"):
        // then the next batch is refused once and resent after the stream's real last one.
        last_seq_ = std::max(last_seq_ + batch_.size(), client_.last_acked_seq());
      }
      batch_.clear();
      return true;
    }
    if (round == kResendRounds || std::chrono::steady_clock::now() >= deadline) {
      // A serve that stalled past its lease says so, not only that the acknowledgements lack.
      return client_.RenewLease() == Lease::kLost
                 ? Fail(client_.error())
                 : Fail(fmt::format("{} actions not acknowledged by the server after {} rounds of resending them",
                                    std::max(unconfirmed, batch_.size()), round));
    }
    all_sent_ = false;
    if (!Resend() && error_.empty()) {
      // Nothing in flight to wait for: the lease or the stream could not be asked yet.
      std::this_thread::sleep_for(std::chrono::milliseconds(wait));
    }
    wait = std::min(wait + kFirstAckWaitMs, kMaxAckWaitMs);
  }
  return false;
}

auto ActionPublisher::Resend() -> bool {
  // Publish again only while this serve still runs the plant: a lost lease stops serve here.
  switch (client_.RenewLease()) {
    case Lease::kLost:
      return Fail(client_.error());
    case Lease::kUnknown:
      return false;
    case Lease::kHeld:
      break;
  }
  // The stream holds a prefix of the plant's action sequence (every message expected its
  // predecessor): everything up to its last id is stored, by this serve or another.
  std::string last;
  uint64_t last_seq = 0;
  if (!client_.LastMessageId(stream_, last, last_seq)) {
    return client_.transient() ? false : Fail(client_.error());
  }
  if (ParseActionId(last) < ParseActionId(last_id_)) {
    return Fail(fmt::format("the action stream `{}` ends with action `{}`, before action `{}` it held already",
                            stream_, last, last_id_));
  }
  std::erase_if(batch_, [&](const Outgoing& action) { return ParseActionId(action.id) <= ParseActionId(last); });
  last_id_ = last;
  last_seq_ = last_seq;
  all_sent_ = true;
  Send(0, last_seq_);
  return true;
}

auto ActionPublisher::Fail(std::string message) -> bool {
  if (error_.empty()) {
    error_ = std::move(message);
  }
  return false;
}

}  // namespace takt::driver::nats
