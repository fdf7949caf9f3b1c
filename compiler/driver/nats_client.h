// The NATS JetStream client of `takt serve --nats` and `takt nats setup` (docs/deploy.md): a
// small RAII wrapper over the NATS C client (libnats), so that the rest of the driver sees
// strings, sequence numbers and bools, never a natsStatus or a pointer to free. Only what Takt
// uses is here: streams, one durable pull consumer, asynchronous publishes with a message id,
// acknowledgements and a key-value bucket.
#ifndef TAKT_COMPILER_DRIVER_NATS_CLIENT_H_
#define TAKT_COMPILER_DRIVER_NATS_CLIENT_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/driver/nats_options.h"

struct __natsConnection;
struct __jsCtx;
struct __natsSubscription;
struct __natsMsg;
struct __kvStore;
struct jsPubAck;
struct jsPubAckErr;

namespace takt::driver::nats {

// The names of one plant's subjects, streams, consumer and bucket (docs/deploy.md, "Subjects").
// An MQTT topic `takt/<plant>/events` arrives as the subject `takt.<plant>.events`, which the
// events stream captures beside `takt.<plant>.events.>`.
struct PlantNames {
  explicit PlantNames(const std::string& plant);
  std::string events_stream;
  std::vector<std::string> events_subjects;
  std::string actions_stream;
  std::string actions_prefix;  // `takt.<plant>.actions.`, followed by the action kind.
  std::string consumer;        // The durable pull consumer of `takt serve`.
  std::string bucket;          // The key-value bucket of the lease (docs/deploy.md).
  std::string lease_key;       // `leader`.
};

// What `takt nats setup` creates a stream with.
// The durable consumer acknowledges explicitly, with at most this many messages in flight: four
// fetches of serve (docs/deploy.md).
inline constexpr int kFetchBatch = 1024;
inline constexpr int64_t kMaxAckPending = 4 * kFetchBatch;

// How long a lease lasts without being renewed: serve renews it every third of that, and a
// standby can take the plant over that long after its holder died.
inline constexpr int64_t kLeaseSeconds = 10;

// What a lease renewal found (docs/deploy.md, "Leadership").
enum class Lease {
  kHeld,     // Written again on the revision this process wrote last.
  kLost,     // Another holder took it, or it went unrenewed for kLeaseSeconds (the server expired it).
  kUnknown,  // The server did not answer (a reconnect, no stream leader): ask again.
};

struct StreamSpec {
  std::string name;
  std::vector<std::string> subjects;
  int64_t max_age_seconds = 0;
  int64_t duplicate_window_seconds = 0;  // 0: the server's default (2 minutes).
  int64_t max_msgs_per_subject = 0;      // 0: no limit.
};

// A message fetched from the pull consumer: its payload and its sequence in the stream.
class Message {
 public:
  struct Free {
    void operator()(__natsMsg* msg) const;
  };
  explicit Message(__natsMsg* msg);
  auto data() const -> std::string_view;
  auto stream_seq() const -> uint64_t { return stream_seq_; }
  auto get() const -> __natsMsg* { return msg_.get(); }

 private:
  std::unique_ptr<__natsMsg, Free> msg_;
  uint64_t stream_seq_ = 0;
};

class Client {
 public:
  // Connects to `options.url` (a comma-separated list of servers) with its credentials (or those
  // of the file $TAKT_NATS_CREDS names) and its TLS files. Null with the reason.
  static auto Connect(const NatsConnectOptions& options, std::string& error) -> std::unique_ptr<Client>;
  ~Client();
  Client(const Client&) = delete;
  auto operator=(const Client&) -> Client& = delete;

  // Creates the stream, or updates it to `spec` when it exists (idempotent).
  auto EnsureStream(const StreamSpec& spec, int64_t replicas) -> bool;
  // Creates the key-value bucket with `history` values per key, each kept `ttl_seconds` after it was
  // written, or keeps it when it exists.
  auto EnsureBucket(const std::string& bucket, int history, int64_t ttl_seconds, int64_t replicas) -> bool;

  // The lease on `key` of `bucket` (docs/deploy.md, "Leadership"): taken when the key holds no
  // value (none yet, or expired with the bucket's TTL) or `holder` itself (the same journal,
  // restarted after a crash). False with error(); `holder_found` then names another holder.
  auto AcquireLease(const std::string& bucket, const std::string& key, const std::string& holder,
                    std::string& holder_found) -> bool;
  // Writes the lease again, on the revision this process wrote last (or, when the server wrote a
  // renewal it never answered, on the revision that renewal got).
  auto RenewLease() -> Lease;
  // Deletes the lease at a clean stop, so a standby takes over at once.
  auto ReleaseLease() -> bool;
  // Makes sure the durable pull consumer `durable` of `stream` delivers next the message after
  // stream sequence `after`: an existing consumer that stands exactly there (delivered and
  // acknowledged up to `after`, no pull request of a dead process still waiting) is kept, any
  // other is replaced by one starting there.
  auto AnchorConsumer(const std::string& stream, const std::string& durable, uint64_t after) -> bool;
  // The sequences of the first and the last message `stream` holds (0 and 0 when empty).
  auto StreamBounds(const std::string& stream, uint64_t& first, uint64_t& last) -> bool;
  // The `Nats-Msg-Id` and the sequence of the last message of `stream` (empty and 0 when it
  // holds none).
  auto LastMessageId(const std::string& stream, std::string& msg_id, uint64_t& seq) -> bool;
  // Creates the consumer from the stream's start when it is missing; one that exists is kept.
  auto EnsureConsumer(const std::string& stream, const std::string& durable) -> bool;
  // Binds the pull subscription to the durable consumer, once: it follows the consumer when
  // AnchorConsumer replaces it.
  auto Subscribe(const std::string& stream, const std::string& durable) -> bool;
  // Fetches up to `batch` messages, waiting up to `timeout_ms` for the first; none on a timeout.
  auto Fetch(int batch, int64_t timeout_ms, std::vector<Message>& messages) -> bool;
  auto Ack(const Message& message) -> bool;

  // Publishes asynchronously to JetStream with the header `Nats-Msg-Id: msg_id`, which the
  // stream de-duplicates within its duplicate window, and, unless `expect_last_seq` is 0, the
  // header `Nats-Expected-Last-Sequence`: the stream stores the message only when its last
  // message has that sequence (docs/deploy.md, "Fencing").
  auto Publish(const std::string& subject, std::string_view data, const std::string& msg_id,
               uint64_t expect_last_seq) -> bool;
  // Waits for the acknowledgements of the publishes made since the last call, as long as one
  // comes every `timeout_ms` (a large batch takes long, it is not lost).
  // Those still unacknowledged then are given up (a late acknowledgement is ignored) and counted
  // in `unconfirmed`, as are those the server refused for a reason a resend in order can cure
  // (the expected last sequence was not last, no stream leader); false when the server refused one
  // for good (error()). Every other publish is stored in the stream.
  auto AwaitPublishes(int64_t timeout_ms, size_t& unconfirmed) -> bool;
  // Publishes to JetStream and waits until the server stored it: its sequence in the stream.
  auto PublishStored(const std::string& subject, std::string_view data, uint64_t& seq) -> bool;
  // The last message `stream` holds on `subject`; `found` false (and true returned) when none.
  auto LastOnSubject(const std::string& stream, const std::string& subject, std::string& data, bool& found) -> bool;
  // Removes the messages of `stream` on `subject` (wildcards allowed) stored before sequence `before`.
  auto PurgeBefore(const std::string& stream, const std::string& subject, uint64_t before) -> bool;

  // Sends what is buffered (the acknowledgements) and waits for the server to have read it.
  auto Flush(int64_t timeout_ms) -> bool;
  // The highest stream sequence a publish acknowledgement named (a duplicate's names the copy
  // stored first).
  auto last_acked_seq() const -> uint64_t { return acked_seq_; }

  // Whether the connection was re-established since the last call (messages in flight then may
  // be lost, and come again only after the acknowledgement wait).
  auto TakeReconnected() -> bool { return reconnected_.exchange(false); }

  auto error() const -> const std::string& { return error_; }
  // Whether the last failure is one a retry may cure: a timeout, no responders, the connection
  // down while the client reconnects (docs/deploy.md, "Reconnecting").
  auto transient() const -> bool { return transient_; }

 private:
  explicit Client(__natsConnection* connection) : connection_(connection) {}
  auto Fail(std::string_view what, int status, int js_code = 0) -> bool;
  auto CreateConsumer(const std::string& stream, const std::string& durable, uint64_t after) -> bool;
  // The lease written on lease_revision_ (which it advances); the natsStatus of the update.
  auto WriteLease() -> int;
  // The client's thread reports each publish acknowledgement, or the server's refusal.
  static void OnPublishAcked(__jsCtx* js, __natsMsg* msg, jsPubAck* ack, jsPubAckErr* failure, void* closure);

  __natsConnection* connection_;
  __jsCtx* js_ = nullptr;
  __natsSubscription* subscription_ = nullptr;
  __kvStore* lease_bucket_ = nullptr;
  std::string lease_key_;
  std::string lease_holder_;
  uint64_t lease_revision_ = 0;
  std::chrono::steady_clock::time_point lease_confirmed_;
  std::atomic<bool> reconnected_ = false;
  std::mutex publish_mutex_;  // Guards publish_error_ and refused_, set on the client's thread.
  std::string publish_error_;
  size_t refused_ = 0;
  std::atomic<uint64_t> answered_ = 0;  // Publishes the server answered, ever.
  std::atomic<uint64_t> acked_seq_ = 0;
  std::string error_;
  bool transient_ = false;
};

}  // namespace takt::driver::nats

#endif  // TAKT_COMPILER_DRIVER_NATS_CLIENT_H_
