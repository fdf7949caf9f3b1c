#include "compiler/driver/nats_serve.h"

#include <fmt/format.h>

#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <utility>
#include <vector>

#include "compiler/driver/nats_client.h"
#include "compiler/driver/nats_publisher.h"
#include "compiler/driver/nats_snapshots.h"
#include "compiler/driver/serve_input.h"
#include "compiler/driver/serve_server.h"

namespace takt::driver {

namespace {

// How long a fetch waits before serve looks at the stop flag and the timers. One fetch (at most
// nats::kFetchBatch messages) is one journal commit.
constexpr int64_t kFetchWaitMs = 250;
constexpr std::chrono::seconds kRenewEvery{nats::kLeaseSeconds / 3};
// How long a stop waits for the server to have read the last acknowledgements.
constexpr int64_t kStopFlushMs = 5000;

// The wait before retrying what failed transiently (docs/deploy.md, "Reconnecting"): 100 ms,
// doubled each time up to 2 s, cut short by a stop signal. The lease bounds the retries: one
// unrenewed for kLeaseSeconds is lost, and serve stops.
class Backoff {
 public:
  void Wait(const sigset_t& waiting_mask) {
    const timespec delay{.tv_sec = delay_ms_ / 1000, .tv_nsec = delay_ms_ % 1000 * 1'000'000};
    ::ppoll(nullptr, 0, &delay, &waiting_mask);
    delay_ms_ = std::min(delay_ms_ * 2, kLastMs);
  }
  void Reset() { delay_ms_ = kFirstMs; }

 private:
  static constexpr int64_t kFirstMs = 100;
  static constexpr int64_t kLastMs = 2000;
  int64_t delay_ms_ = kFirstMs;
};

// Who holds the lease: this host and the journal's absolute path, the same across restarts.
auto LeaseHolder(const std::string& journal) -> std::string {
  char host[256] = {};
  ::gethostname(host, sizeof(host) - 1);
  std::error_code error;
  const std::filesystem::path path = std::filesystem::absolute(journal, error);
  return fmt::format("{}:{}", host, error ? journal : path.string());
}

using nats::ActionKey;
using nats::ParseActionId;

// Publishes each action to `takt.<plant>.actions.<kind>` with its stable id as `Nats-Msg-Id`.
// The actions up to `skip_through` are in the action stream already (acknowledged by the server
// before a crash, or published by the serve this one took over from) and are not published
// again; those after it are, through nats::ActionPublisher (each expecting its predecessor's
// sequence last in the stream), and the stream drops the copies it already holds. Ids only grow, so the rule
// holds for the replay and for the lines fetched after it.
class JetStreamOutput final : public ServeOutput {
 public:
  JetStreamOutput(nats::Client& client, const nats::PlantNames& names)
      : publisher_(client, names.actions_stream), prefix_(names.actions_prefix) {}

  void SkipThrough(ActionKey key) { skip_through_ = std::max(skip_through_, key); }

  void Write(std::string_view lines) override {
    constexpr std::string_view kIdField = R"({"action_id":")";
    constexpr std::string_view kKindField = R"(,"action":")";
    while (!lines.empty() && error_.empty()) {
      const size_t end = lines.find('\n');
      const std::string_view line = lines.substr(0, end);
      lines.remove_prefix(end == std::string_view::npos ? lines.size() : end + 1);
      // IdentifyingSink wrote the line: `{"action_id":"SEQ.ORDINAL",…,"action":"KIND",…}`.
      const std::string_view id = line.substr(kIdField.size(), line.find('"', kIdField.size()) - kIdField.size());
      if (ParseActionId(id) <= skip_through_) {
        continue;
      }
      const size_t kind_at = line.find(kKindField) + kKindField.size();
      const std::string_view kind = line.substr(kind_at, line.find('"', kind_at) - kind_at);
      if (!publisher_.Publish(prefix_ + std::string(kind), line, std::string(id))) {
        error_ = publisher_.error();
      }
    }
  }

  // The action stream's last message: the first publish expects its sequence (nats_publisher.h).
  void Resume(const std::string& last_id, uint64_t last_seq) { publisher_.Resume(last_id, last_seq); }
  // Every action written so far stored in the action stream (nats_publisher.h).
  auto Confirm() -> bool {
    if (error_.empty() && !publisher_.Confirm()) {
      error_ = publisher_.error();
    }
    return error_.empty();
  }

  // The action stream has no byte watermark: its messages carry the ids.
  auto delivered() const -> uint64_t override { return 0; }
  auto failed() const -> bool override { return !error_.empty(); }
  auto error() const -> const std::string& { return error_; }

 private:
  nats::ActionPublisher publisher_;
  std::string prefix_;
  ActionKey skip_through_{0, 0};
  std::string error_;
};

// The lines a message carries, as a file's lines would be read: several when its payload has
// several, a last one without `\n` ended, and a blank line for an empty payload, so that every
// message is journaled and counts as a line (a malformed one is rejected like any other).
void AppendMessageLines(std::string_view payload, std::string& lines) {
  const size_t before = lines.size();
  LineReader reader(0);
  reader.Add(payload, lines);
  reader.Finish(lines);
  if (lines.size() == before) {
    lines.push_back('\n');
  }
}

}  // namespace

auto ServeFromNats(DriverEnv& env, const NatsServeRequest& request, const PlantExecutor& plant,
                   const sigset_t& waiting_mask) -> int {
  auto refuse = [&](const std::string& message) {
    return ReportCommandError(env, request.diagnostics_options, kExitUsage, diag::JournalRefused, request.journal,
                              message);
  };
  // The servers did not answer, or refused what serve asked.
  auto unreachable = [&](const std::string& message) {
    return ReportCommandError(env, request.diagnostics_options, kExitUsage, diag::EventsNotReadable, request.nats.url,
                              message);
  };
  std::string error;
  std::unique_ptr<nats::Client> client = nats::Client::Connect(request.nats, error);
  if (!client) {
    return unreachable(error);
  }
  const runtime::ExecutorIdentity identity{.plant = plant.executor->plant_name,
                                           .source_sha256 = plant.executor->source_sha256,
                                           .executor_sha256 = plant.executor_sha256};
  ServeJournal opened;
  if (!OpenServeJournal(request.journal, identity, opened, error)) {
    return refuse(error);
  }
  runtime::Journal& journal = *opened.journal;
  const nats::PlantNames names(identity.plant);
  const std::string input_path = "nats:" + names.events_stream;
  const runtime::JournalPositions recorded = journal.positions();
  if (journal.last_seq() != 0 && recorded.input_path != input_path) {
    return refuse(fmt::format("its lines came from `{}`, not from the stream `{}`: serve a new journal",
                              recorded.input_path.empty() ? "stdin" : recorded.input_path, names.events_stream));
  }

  // One serve per plant, before it publishes anything: the lease, held by this journal on this
  // host (a restart of the same journal after a crash takes it back at once; the journal's lock
  // keeps a second serve off it).
  // With `standby`, a held lease is waited for: asked again every second until it is free (its
  // holder stopped cleanly or stopped renewing it) or a stop signal comes. A server that did not
  // answer (a cluster electing its leaders after a node died) is asked again the same way.
  std::string holder_found;
  bool announced = false;
  bool announced_unanswered = false;
  while (!client->AcquireLease(names.bucket, names.lease_key, LeaseHolder(request.journal), holder_found)) {
    if (holder_found.empty() && !(request.standby && client->transient())) {
      return unreachable(client->error());
    }
    if (!request.standby) {
      return refuse(fmt::format("plant `{}` is served by `{}` ({}); its lease expires {} s after that serve "
                                "stops renewing it (`--standby` waits for it)",
                                identity.plant, holder_found, client->error(), nats::kLeaseSeconds));
    }
    // Each said once: which serve holds the plant, and that the servers did not answer.
    bool& said = holder_found.empty() ? announced_unanswered : announced;
    if (!said && !request.quiet && request.diagnostics_options.human()) {
      env.err << (holder_found.empty()
                      ? fmt::format("{}: standby, the servers do not answer ({}); asking again every second\n",
                                    identity.plant, client->error())
                      : fmt::format("{}: standby, `{}` serves the plant\n", identity.plant, holder_found));
    }
    said = true;
    holder_found.clear();
    const timespec second{.tv_sec = 1, .tv_nsec = 0};
    ::ppoll(nullptr, 0, &second, &waiting_mask);
    if (StopRequested()) {
      return kExitOk;
    }
  }
  auto renewed = std::chrono::steady_clock::now();

  // Recovery: the state from the newest snapshot and the journal, and the actions the server did
  // not acknowledge before the stop published again. A new standard's replay publishes nothing:
  // the old one delivered the actions up to the switch.
  JetStreamOutput output(*client, names);
  Server server(journal, *plant.executor, output, identity, request.snapshot_policy);
  // A journal behind the snapshot in JetStream (a fresh standby's, or one that was standby while
  // another served) goes on from it, not from the events stream's first message.
  nats::JetStreamSnapshots stored(*client, identity.plant, env.err);
  nats::StoredSnapshot base;
  const bool rebased = stored.GoOn(server, identity, journal.last_seq(), base);
  if (!server.error().empty()) {
    return refuse(server.error());
  }
  const ReplayStart start = rebased          ? ReplayStart{.from_seq = base.snapshot.seq + 1, .output_bytes = 0,
                                                           .last_action = base.snapshot.last_action}
                            : opened.upgrade ? ReplayStart{}
                                             : server.RestoreSnapshot("", 0, env.err);
  server.MirrorSnapshots(&stored);
  if (rebased && !request.quiet && request.diagnostics_options.human()) {
    env.err << fmt::format("{}: going on from the snapshot after line {} (events message {}) in `{}`\n",
                           identity.plant, base.snapshot.seq, base.stream_seq, stored.stream());
  }
  // What the action stream holds already: this journal's own watermark, and the last action any
  // serve of the plant published (one on another journal, which this one takes over from, may
  // have gone further). Every journal numbers the stream's messages alike (docs/deploy.md,
  // "Standby"), so an id names the same action in each.
  std::string last_published;
  uint64_t last_published_seq = 0;
  if (!client->LastMessageId(names.actions_stream, last_published, last_published_seq)) {
    return unreachable(client->error());
  }
  constexpr uint64_t kWholeLine = UINT64_MAX;
  output.SkipThrough({opened.upgrade ? journal.last_seq() : recorded.output_seq, kWholeLine});
  output.SkipThrough(ParseActionId(last_published));
  output.Resume(last_published, last_published_seq);
  // The stream sequence of the last message journaled: a message at or before it is a
  // redelivery of one already journaled, acknowledged and not journaled again.
  uint64_t last_stream_seq = rebased ? base.stream_seq : journal.last_seq() == 0 ? 0 : recorded.input_offset;
  // The journal numbers its lines from the stream's first message on: one whose next message the
  // stream no longer holds (its retention removed it) would number them otherwise.
  uint64_t first_held = 0;
  uint64_t last_held = 0;
  if (!client->StreamBounds(names.events_stream, first_held, last_held)) {
    return unreachable(client->error());
  }
  if (first_held > last_stream_seq + 1) {
    return refuse(fmt::format("the stream `{}` starts at message {}, the journal needs message {} next",
                              names.events_stream, first_held, last_stream_seq + 1));
  }
  if (!server.Replay(start.from_seq) || !output.Confirm()) {
    return refuse(output.failed()                ? output.error()
                  : !server.error().empty()   ? server.error()
                  : !journal.error().empty() ? journal.error()
                                             : client->error());
  }
  runtime::JournalPositions positions{.input_path = input_path,
                                      .input_offset = last_stream_seq,
                                      .output_path = "nats:" + names.actions_stream,
                                      .output_bytes = 0,
                                      .last_action = server.last_action(),
                                      .output_seq = journal.last_seq()};
  if ((opened.fresh || opened.upgrade || rebased) && !server.StartSegment(positions, opened.upgrade && !rebased)) {
    return refuse(journal.error());
  }

  std::vector<nats::Message> messages;
  std::string lines;
  uint64_t accepted = 0;
  bool ok = true;
  Backoff backoff;
  // At the start, and after a transient failure (docs/deploy.md, "Reconnecting"): before the
  // next fetch, and so before anything is published again, the lease is confirmed and the
  // consumer anchored after the last journaled message (a node restarting may time them out).
  bool recovering = true;
  while (ok && !StopRequested()) {
    int64_t due = 0;
    const bool timer = request.wall_clock && server.NextTimerDue(due);
    const int64_t wait = timer ? std::clamp<int64_t>(due - WallMillis(), 0, kFetchWaitMs) : kFetchWaitMs;
    messages.clear();
    if (recovering || std::chrono::steady_clock::now() - renewed >= kRenewEvery) {
      const nats::Lease lease = client->RenewLease();
      if (lease == nats::Lease::kLost) {
        ok = false;
        break;
      }
      if (lease == nats::Lease::kUnknown) {
        recovering = true;
        backoff.Wait(waiting_mask);
        continue;
      }
      renewed = std::chrono::steady_clock::now();
    }
    // A reconnect may have lost messages in flight while later ones come: start again after
    // the last journaled message, in order.
    recovering = client->TakeReconnected() || recovering;
    if ((recovering && (!client->AnchorConsumer(names.events_stream, names.consumer, last_stream_seq) ||
                        !client->Subscribe(names.events_stream, names.consumer))) ||
        !client->Fetch(nats::kFetchBatch, std::max<int64_t>(wait, 1), messages)) {
      ok = client->transient();
      recovering = true;
      if (ok) {
        backoff.Wait(waiting_mask);
      }
      continue;
    }
    recovering = false;
    backoff.Reset();
    lines.clear();
    for (const nats::Message& message : messages) {
      if (message.stream_seq() > last_stream_seq) {
        AppendMessageLines(message.data(), lines);
        last_stream_seq = message.stream_seq();
      }
    }
    positions.input_offset = last_stream_seq;
    const uint64_t before = journal.last_seq();
    if (!lines.empty()) {
      ok = server.Accept(lines, runtime::LineOrigin::kInput, positions);
    } else if (timer && messages.empty() && WallMillis() >= due) {
      // Nothing came and a timer is due: the wall clock's tick is an input like any other.
      lines = TickLine(due) + "\n";
      ok = server.Accept(lines, runtime::LineOrigin::kClock, positions);
    }
    accepted += journal.last_seq() - before;
    // The batch's actions stored in the action stream, then its messages acknowledged (the
    // duplicates too): a crash before the acknowledgement redelivers what the journal holds.
    ok = ok && (lines.empty() || (output.Confirm() && server.Snapshot(positions, false)));
    for (const nats::Message& message : messages) {
      // An acknowledgement lost to a reconnect would let the message come again after the ack
      // wait, behind later ones: the consumer is re-anchored instead.
      if (ok && !client->Ack(message)) {
        ok = client->transient();
        recovering = true;
      }
    }
  }
  positions.last_action = server.last_action();
  if (ok) {
    positions.output_seq = journal.last_seq();
  }
  const bool committed = (!ok || server.Snapshot(positions, true)) && journal.SetPositions(positions) &&
                         journal.Commit() && client->Flush(kStopFlushMs) && (!ok || client->ReleaseLease());
  if (!ok || !committed) {
    const std::string reason = output.failed()               ? output.error()
                               : !journal.error().empty() ? journal.error()
                                                          : client->error();
    return ReportCommandError(env, request.diagnostics_options, kExitUsage, diag::ServingStopped, reason,
                              request.journal);
  }
  if (!request.quiet && request.diagnostics_options.human()) {
    env.err << fmt::format("{}: {} lines accepted from `{}`, {} in the journal, last action {}\n", identity.plant,
                           accepted, names.events_stream, journal.last_seq(),
                           server.last_action().empty() ? "none" : server.last_action());
  }
  return kExitOk;
}

}  // namespace takt::driver
