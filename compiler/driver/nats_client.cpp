#include "compiler/driver/nats_client.h"

#include <fmt/format.h>
#include <nats/nats.h>

#include <algorithm>
#include <cstdlib>
#include <string_view>
#include <utility>
#include <vector>

namespace takt::driver::nats {

namespace {

constexpr int64_t kNanosPerSecond = 1'000'000'000;
// Reconnecting (docs/deploy.md, "Reconnecting"): a lost connection is tried again every 250 ms
// for as long as serve runs (serve gives up once its lease went unrenewed for kLeaseSeconds), and
// what is published meanwhile waits in a buffer of 16 MiB, several batches' actions. A server
// that stops answering is noticed after three unanswered PINGs 5 s apart (not sooner: a loaded
// server answers late, and each needless reconnect loses what is in flight; a dead one on the
// same host closes the socket at once, and an unreachable one costs the lease first anyway).
constexpr int64_t kReconnectWaitMs = 250;
constexpr int kReconnectBufferBytes = 16 << 20;
constexpr int64_t kPingIntervalMs = 5000;
constexpr int kMaxPingsOut = 3;

// The text of the library's last error on this thread, which names more than the status does,
// without the library's own source location (`(js.c:535): wrong last sequence: 3`): it means
// nothing to whoever reads serve's error.
auto LastErrorText(natsStatus status) -> std::string {
  natsStatus last = NATS_OK;
  const char* last_text = nats_GetLastError(&last);
  std::string_view text = last_text != nullptr && *last_text != '\0' ? last_text : natsStatus_GetText(status);
  if (const size_t end = text.find("): "); text.starts_with('(') && end != std::string_view::npos &&
                                           text.substr(0, end).find(".c:") != std::string_view::npos) {
    text.remove_prefix(end + 3);
  }
  return std::string(text);
}

// Whether a retry may cure `status`: the server did not answer in time or had no responder yet
// (a restart, a stream leader being elected), or the connection is down and being reconnected.
auto IsTransient(natsStatus status) -> bool {
  constexpr natsStatus kTransient[] = {
      NATS_TIMEOUT,          NATS_NO_RESPONDERS,     NATS_CONNECTION_DISCONNECTED, NATS_IO_ERROR,
      NATS_STALE_CONNECTION, NATS_NOT_YET_CONNECTED, NATS_INSUFFICIENT_BUFFER,     NATS_SLOW_CONSUMER,
      NATS_MISSED_HEARTBEAT};
  return std::find(std::begin(kTransient), std::end(kTransient), status) != std::end(kTransient);
}

// The `Nats-Msg-Id` header of a published message.
auto MessageId(natsMsg* msg) -> std::string {
  const char* value = nullptr;
  return natsMsgHeader_Get(msg, "Nats-Msg-Id", &value) == NATS_OK ? std::string(value) : std::string();
}

}  // namespace

PlantNames::PlantNames(const std::string& plant)
    : events_stream(fmt::format("takt_{}_events", plant)),
      events_subjects{fmt::format("takt.{}.events", plant), fmt::format("takt.{}.events.>", plant)},
      actions_stream(fmt::format("takt_{}_actions", plant)),
      actions_prefix(fmt::format("takt.{}.actions.", plant)),
      consumer(fmt::format("takt_{}_serve", plant)),
      bucket(fmt::format("takt_{}", plant)),
      lease_key("leader") {}

void Message::Free::operator()(natsMsg* msg) const { natsMsg_Destroy(msg); }

Message::Message(natsMsg* msg) : msg_(msg) {
  jsMsgMetaData* meta = nullptr;
  if (natsMsg_GetMetaData(&meta, msg) == NATS_OK) {
    stream_seq_ = meta->Sequence.Stream;
    jsMsgMetaData_Destroy(meta);
  }
}

auto Message::data() const -> std::string_view {
  return {natsMsg_GetData(msg_.get()), static_cast<size_t>(natsMsg_GetDataLength(msg_.get()))};
}

auto Client::Connect(const NatsConnectOptions& connect, std::string& error) -> std::unique_ptr<Client> {
  const std::string& url = connect.url;
  const char* creds_variable = std::getenv(kNatsCredsVariable);
  const std::string creds_file =
      !connect.creds_file.empty() || creds_variable == nullptr ? connect.creds_file : std::string(creds_variable);
  natsOptions* options = nullptr;
  natsStatus status = natsOptions_Create(&options);
  // A list of servers (a cluster) is the client's pool, each one parsed on its own.
  std::vector<std::string> servers;
  for (size_t start = 0; start <= url.size();) {
    const size_t comma = std::min(url.find(',', start), url.size());
    servers.push_back(url.substr(start, comma - start));
    start = comma + 1;
  }
  std::vector<const char*> server_pointers;
  for (const std::string& server : servers) {
    server_pointers.push_back(server.c_str());
  }
  if (status == NATS_OK) {
    status = natsOptions_SetServers(options, server_pointers.data(), static_cast<int>(server_pointers.size()));
  }
  if (status == NATS_OK) {
    status = natsOptions_SetName(options, "takt");
  }
  if (status == NATS_OK) {
    status = natsOptions_SetMaxReconnect(options, -1);
  }
  if (status == NATS_OK) {
    status = natsOptions_SetReconnectWait(options, kReconnectWaitMs);
  }
  if (status == NATS_OK) {
    status = natsOptions_SetReconnectBufSize(options, kReconnectBufferBytes);
  }
  if (status == NATS_OK) {
    status = natsOptions_SetPingInterval(options, kPingIntervalMs);
  }
  if (status == NATS_OK) {
    status = natsOptions_SetMaxPingsOut(options, kMaxPingsOut);
  }
  if (status == NATS_OK && !creds_file.empty()) {
    status = natsOptions_SetUserCredentialsFromFiles(options, creds_file.c_str(), nullptr);
  }
  // TLS with either file (a `tls://` URL asks for it too, trusting the system's CAs).
  if (status == NATS_OK && (!connect.tls_ca.empty() || !connect.tls_cert.empty())) {
    status = natsOptions_SetSecure(options, true);
  }
  if (status == NATS_OK && !connect.tls_ca.empty()) {
    status = natsOptions_LoadCATrustedCertificates(options, connect.tls_ca.c_str());
  }
  if (status == NATS_OK && !connect.tls_cert.empty()) {
    status = natsOptions_LoadCertificatesChain(options, connect.tls_cert.c_str(), connect.tls_key.c_str());
  }
  // The client exists before the connection, so that the reconnect callback can reach it.
  std::unique_ptr<Client> client(new Client(nullptr));
  if (status == NATS_OK) {
    status = natsOptions_SetReconnectedCB(
        options, [](natsConnection*, void* closure) { static_cast<Client*>(closure)->reconnected_ = true; },
        client.get());
  }
  if (status == NATS_OK) {
    status = natsConnection_Connect(&client->connection_, options);
  }
  natsOptions_Destroy(options);
  if (status != NATS_OK) {
    error = fmt::format("cannot connect to `{}`: {}", url, LastErrorText(status));
    return nullptr;
  }
  jsOptions js_options;
  jsOptions_Init(&js_options);
  js_options.PublishAsync.AckHandler = &Client::OnPublishAcked;
  js_options.PublishAsync.AckHandlerClosure = client.get();
  if (status = natsConnection_JetStream(&client->js_, client->connection_, &js_options); status != NATS_OK) {
    error = fmt::format("no JetStream context on `{}`: {}", url, LastErrorText(status));
    return nullptr;
  }
  return client;
}

Client::~Client() {
  kvStore_Destroy(lease_bucket_);
  natsSubscription_Destroy(subscription_);
  jsCtx_Destroy(js_);
  natsConnection_Destroy(connection_);
}

auto Client::Fail(std::string_view what, int status, int js_code) -> bool {
  error_ = fmt::format("{}: {}", what, LastErrorText(static_cast<natsStatus>(status)));
  transient_ = IsTransient(static_cast<natsStatus>(status)) || js_code == JSClusterNotAvailErr;
  if (js_code != 0) {
    error_ += fmt::format(" (JetStream error {})", js_code);
  }
  return false;
}

void Client::OnPublishAcked(jsCtx*, natsMsg* msg, jsPubAck* ack, jsPubAckErr* failure, void* closure) {
  auto* client = static_cast<Client*>(closure);
  if (ack == nullptr) {
    const std::lock_guard lock(client->publish_mutex_);
    // Cured by publishing again in order: a predecessor that did not arrive (or another serve's
    // publish, see "Fencing"), no responder, or a generic error (a stream leader stepping down).
    if (IsTransient(failure->Err) || failure->ErrCode == JSStreamWrongLastSequenceErr || failure->ErrCode == 0) {
      ++client->refused_;
    } else if (client->publish_error_.empty()) {
      client->publish_error_ = fmt::format(
          "publish to `{}` failed: {}{}", natsMsg_GetSubject(msg),
          failure->ErrText != nullptr ? failure->ErrText : natsStatus_GetText(failure->Err),
          failure->ErrCode != 0 ? fmt::format(" (JetStream error {})", static_cast<int>(failure->ErrCode)) : "");
    }
  }
  // The one writer: a subscription's messages are handled one after the other.
  if (ack != nullptr && ack->Sequence > client->acked_seq_) {
    client->acked_seq_ = ack->Sequence;
  }
  ++client->answered_;
  natsMsg_Destroy(msg);  // The handler owns it.
}

auto Client::EnsureStream(const StreamSpec& spec, int64_t replicas) -> bool {
  std::vector<const char*> subjects;
  for (const std::string& subject : spec.subjects) {
    subjects.push_back(subject.c_str());
  }
  jsStreamConfig config;
  jsStreamConfig_Init(&config);
  config.Name = spec.name.c_str();
  config.Subjects = subjects.data();
  config.SubjectsLen = static_cast<int>(subjects.size());
  config.Retention = js_LimitsPolicy;
  config.Storage = js_FileStorage;
  config.MaxAge = spec.max_age_seconds * kNanosPerSecond;
  config.Duplicates = spec.duplicate_window_seconds * kNanosPerSecond;
  config.Replicas = replicas;
  if (spec.max_msgs_per_subject > 0) {
    config.MaxMsgsPerSubject = spec.max_msgs_per_subject;
  }
  jsStreamInfo* info = nullptr;
  jsErrCode js_code{};
  natsStatus status = js_AddStream(&info, js_, &config, nullptr, &js_code);
  if (status != NATS_OK && js_code == JSStreamNameExistErr) {
    status = js_UpdateStream(&info, js_, &config, nullptr, &js_code);
  }
  jsStreamInfo_Destroy(info);
  return status == NATS_OK || Fail(fmt::format("stream `{}`", spec.name), status, js_code);
}

auto Client::EnsureBucket(const std::string& bucket, int history, int64_t ttl_seconds, int64_t replicas) -> bool {
  kvConfig config;
  kvConfig_Init(&config);
  config.Bucket = bucket.c_str();
  config.History = static_cast<uint8_t>(history);
  config.TTL = ttl_seconds * kNanosPerSecond;
  config.StorageType = js_FileStorage;
  config.Replicas = static_cast<int>(replicas);
  kvStore* kv = nullptr;
  natsStatus status = js_CreateKeyValue(&kv, js_, &config);
  if (status != NATS_OK) {
    // It exists with another configuration (created by hand, or an older setup): keep it.
    status = js_KeyValue(&kv, js_, bucket.c_str());
  }
  kvStore_Destroy(kv);
  return status == NATS_OK || Fail(fmt::format("key-value bucket `{}`", bucket), status);
}

auto Client::AcquireLease(const std::string& bucket, const std::string& key, const std::string& holder,
                          std::string& holder_found) -> bool {
  const std::string what = fmt::format("lease `{}` in bucket `{}`", key, bucket);
  // A standby asks again every second: the bucket is bound once.
  natsStatus status = lease_bucket_ != nullptr ? NATS_OK : js_KeyValue(&lease_bucket_, js_, bucket.c_str());
  if (status != NATS_OK) {
    return Fail(what, status);
  }
  kvEntry* entry = nullptr;
  status = kvStore_Get(&entry, lease_bucket_, key.c_str());
  if (status == NATS_OK) {
    holder_found = kvEntry_ValueString(entry);
    lease_revision_ = kvEntry_Revision(entry);
  }
  kvEntry_Destroy(entry);
  if (status == NATS_NOT_FOUND) {
    status = kvStore_Create(&lease_revision_, lease_bucket_, key.c_str(), holder.data(),
                            static_cast<int>(holder.size()));
  } else if (status == NATS_OK && holder_found == holder) {
    holder_found.clear();
    status = kvStore_Update(&lease_revision_, lease_bucket_, key.c_str(), holder.data(),
                            static_cast<int>(holder.size()), lease_revision_);
  } else if (status == NATS_OK) {
    error_ = fmt::format("{} is held by `{}`", what, holder_found);
    return false;
  }
  if (status != NATS_OK) {
    return Fail(what, status);
  }
  lease_key_ = key;
  lease_holder_ = holder;
  lease_confirmed_ = std::chrono::steady_clock::now();
  return true;
}

auto Client::RenewLease() -> Lease {
  auto status = static_cast<natsStatus>(WriteLease());
  if (status != NATS_OK && !IsTransient(status)) {
    // A renewal the server wrote but never answered (it crashed, or the answer was lost with the
    // connection) leaves this process a revision behind, so the update on it is refused. The lease
    // is still this process's own when the key names this holder: no one else wrote it since.
    kvEntry* entry = nullptr;
    const natsStatus read = kvStore_Get(&entry, lease_bucket_, lease_key_.c_str());
    if (read == NATS_OK && kvEntry_ValueString(entry) == lease_holder_) {
      lease_revision_ = kvEntry_Revision(entry);
      status = static_cast<natsStatus>(WriteLease());
    } else if (IsTransient(read)) {
      status = read;
    }
    kvEntry_Destroy(entry);
  }
  const auto now = std::chrono::steady_clock::now();
  if (status == NATS_OK) {
    lease_confirmed_ = now;
    return Lease::kHeld;
  }
  Fail(fmt::format("lease `{}` lost", lease_key_), status);
  // Unanswered for the lease's whole life: the server expired it, whoever asks next takes it.
  if (transient_ && now - lease_confirmed_ < std::chrono::seconds(kLeaseSeconds)) {
    return Lease::kUnknown;
  }
  transient_ = false;
  return Lease::kLost;
}

auto Client::WriteLease() -> int {
  return kvStore_Update(&lease_revision_, lease_bucket_, lease_key_.c_str(), lease_holder_.data(),
                        static_cast<int>(lease_holder_.size()), lease_revision_);
}

auto Client::ReleaseLease() -> bool {
  const natsStatus status = kvStore_Delete(lease_bucket_, lease_key_.c_str());
  return status == NATS_OK || Fail(fmt::format("lease `{}`", lease_key_), status);
}

auto Client::AnchorConsumer(const std::string& stream, const std::string& durable, uint64_t after) -> bool {
  jsConsumerInfo* info = nullptr;
  jsErrCode js_code{};
  natsStatus status = js_GetConsumerInfo(&info, js_, stream.c_str(), durable.c_str(), nullptr, &js_code);
  // Delivered up to `after`, all of it acknowledged, and no pull request of a crashed serve
  // waiting (which would take messages no one receives): the consumer goes on in journal order.
  const bool in_place = status == NATS_OK && info->Delivered.Stream == after && info->NumAckPending == 0 &&
                        info->NumWaiting == 0;
  jsConsumerInfo_Destroy(info);
  if (in_place) {
    return true;
  }
  if (status == NATS_OK) {
    // It delivered past the journal (a crash before the commit), or messages journaled but not
    // acknowledged (a crash before the acknowledgement) would hold up the acknowledgement floor
    // for the ack wait: start again after `after`, in order. What it delivered past `after` comes
    // again first; what it delivered up to `after` is journaled.
    if (status = js_DeleteConsumer(js_, stream.c_str(), durable.c_str(), nullptr, &js_code); status != NATS_OK) {
      return Fail(fmt::format("consumer `{}` of `{}`", durable, stream), status, js_code);
    }
  } else if (js_code != JSConsumerNotFoundErr) {
    return Fail(fmt::format("consumer `{}` of `{}`", durable, stream), status, js_code);
  }
  return CreateConsumer(stream, durable, after);
}

auto Client::StreamBounds(const std::string& stream, uint64_t& first, uint64_t& last) -> bool {
  jsStreamInfo* info = nullptr;
  jsErrCode js_code{};
  const natsStatus status = js_GetStreamInfo(&info, js_, stream.c_str(), nullptr, &js_code);
  if (status == NATS_OK) {
    first = info->State.FirstSeq;
    last = info->State.LastSeq;
  }
  jsStreamInfo_Destroy(info);
  return status == NATS_OK || Fail(fmt::format("stream `{}`", stream), status, js_code);
}

auto Client::LastMessageId(const std::string& stream, std::string& msg_id, uint64_t& last) -> bool {
  uint64_t first = 0;
  msg_id.clear();
  if (!StreamBounds(stream, first, last)) {
    return false;
  }
  if (last == 0) {
    return true;
  }
  natsMsg* msg = nullptr;
  jsErrCode js_code{};
  const natsStatus status = js_GetMsg(&msg, js_, stream.c_str(), last, nullptr, &js_code);
  if (status == NATS_OK) {
    msg_id = MessageId(msg);
  }
  natsMsg_Destroy(msg);
  return status == NATS_OK || Fail(fmt::format("last message of `{}`", stream), status, js_code);
}

auto Client::EnsureConsumer(const std::string& stream, const std::string& durable) -> bool {
  jsConsumerInfo* info = nullptr;
  jsErrCode js_code{};
  const natsStatus status = js_GetConsumerInfo(&info, js_, stream.c_str(), durable.c_str(), nullptr, &js_code);
  jsConsumerInfo_Destroy(info);
  if (status == NATS_OK) {
    return true;
  }
  if (js_code != JSConsumerNotFoundErr) {
    return Fail(fmt::format("consumer `{}` of `{}`", durable, stream), status, js_code);
  }
  return CreateConsumer(stream, durable, 0);
}

auto Client::CreateConsumer(const std::string& stream, const std::string& durable, uint64_t after) -> bool {
  jsConsumerConfig config;
  jsConsumerConfig_Init(&config);
  config.Durable = durable.c_str();
  config.AckPolicy = js_AckExplicit;
  config.DeliverPolicy = after == 0 ? js_DeliverAll : js_DeliverByStartSequence;
  config.OptStartSeq = after == 0 ? 0 : after + 1;
  config.MaxAckPending = kMaxAckPending;
  jsConsumerInfo* info = nullptr;
  jsErrCode js_code{};
  const natsStatus status = js_AddConsumer(&info, js_, stream.c_str(), &config, nullptr, &js_code);
  jsConsumerInfo_Destroy(info);
  return status == NATS_OK || Fail(fmt::format("consumer `{}` of `{}`", durable, stream), status, js_code);
}

auto Client::Subscribe(const std::string& stream, const std::string& durable) -> bool {
  if (subscription_ != nullptr) {
    return true;
  }
  jsSubOptions options;
  jsSubOptions_Init(&options);
  options.Stream = stream.c_str();
  options.Consumer = durable.c_str();
  jsErrCode js_code{};
  const natsStatus status =
      js_PullSubscribe(&subscription_, js_, nullptr, durable.c_str(), nullptr, &options, &js_code);
  return status == NATS_OK || Fail(fmt::format("pull subscription to `{}` of `{}`", durable, stream), status, js_code);
}

auto Client::Fetch(int batch, int64_t timeout_ms, std::vector<Message>& messages) -> bool {
  natsMsgList list{};
  jsErrCode js_code{};
  const natsStatus status = natsSubscription_Fetch(&list, subscription_, batch, timeout_ms, &js_code);
  if (status == NATS_TIMEOUT) {
    return true;
  }
  if (status != NATS_OK) {
    return Fail("fetch", status, js_code);
  }
  for (int i = 0; i < list.Count; ++i) {
    messages.emplace_back(list.Msgs[i]);
    list.Msgs[i] = nullptr;  // Owned by `messages` now.
  }
  natsMsgList_Destroy(&list);
  return true;
}

auto Client::Ack(const Message& message) -> bool {
  const natsStatus status = natsMsg_Ack(message.get(), nullptr);
  return status == NATS_OK || Fail("acknowledge", status);
}

auto Client::Publish(const std::string& subject, std::string_view data, const std::string& msg_id,
                     uint64_t expect_last_seq) -> bool {
  jsPubOptions options;
  jsPubOptions_Init(&options);
  options.MsgId = msg_id.c_str();
  options.ExpectLastSeq = expect_last_seq;
  const natsStatus status =
      js_PublishAsync(js_, subject.c_str(), data.data(), static_cast<int>(data.size()), &options);
  return status == NATS_OK || Fail(fmt::format("publish to `{}`", subject), status);
}

auto Client::AwaitPublishes(int64_t timeout_ms, size_t& unconfirmed) -> bool {
  jsPubOptions options;
  jsPubOptions_Init(&options);
  options.MaxWait = timeout_ms;
  natsStatus status = NATS_OK;
  for (uint64_t answered = answered_; (status = js_PublishAsyncComplete(js_, &options)) == NATS_TIMEOUT &&
                                      answered != answered_;) {
    answered = answered_;  // Acknowledgements still come: a large batch, not a lost one.
  }
  if (status != NATS_OK && status != NATS_TIMEOUT) {
    return Fail("waiting for the publish acknowledgements", status);
  }
  unconfirmed = 0;
  // Taken back from the library, which forgets them: the caller publishes them again. (Only
  // after a timeout: before the first asynchronous publish the library has no list to take.)
  natsMsgList pending{};
  if (status == NATS_TIMEOUT && js_PublishAsyncGetPendingList(&pending, js_) == NATS_OK) {
    unconfirmed = static_cast<size_t>(pending.Count);
    natsMsgList_Destroy(&pending);
  }
  const std::lock_guard lock(publish_mutex_);
  unconfirmed += std::exchange(refused_, 0);
  if (!publish_error_.empty()) {
    error_ = std::exchange(publish_error_, {});
    transient_ = false;
    return false;
  }
  return true;
}

auto Client::PublishStored(const std::string& subject, std::string_view data, uint64_t& seq) -> bool {
  jsPubAck* ack = nullptr;
  jsErrCode js_code{};
  const natsStatus status =
      js_Publish(&ack, js_, subject.c_str(), data.data(), static_cast<int>(data.size()), nullptr, &js_code);
  if (status == NATS_OK) {
    seq = ack->Sequence;
  }
  jsPubAck_Destroy(ack);
  return status == NATS_OK || Fail(fmt::format("publish to `{}`", subject), status, js_code);
}

auto Client::LastOnSubject(const std::string& stream, const std::string& subject, std::string& data, bool& found)
    -> bool {
  natsMsg* msg = nullptr;
  jsErrCode js_code{};
  const natsStatus status = js_GetLastMsg(&msg, js_, stream.c_str(), subject.c_str(), nullptr, &js_code);
  found = status == NATS_OK;
  if (found) {
    data.assign(natsMsg_GetData(msg), static_cast<size_t>(natsMsg_GetDataLength(msg)));
  }
  natsMsg_Destroy(msg);
  return found || js_code == JSNoMessageFoundErr ||
         Fail(fmt::format("last message on `{}` of `{}`", subject, stream), status, js_code);
}

auto Client::PurgeBefore(const std::string& stream, const std::string& subject, uint64_t before) -> bool {
  // Nothing precedes sequence 1, and nats-server reads a purge up to 0 or 1 as one without a
  // bound, which would remove every message on the subject.
  if (before <= 1) {
    return true;
  }
  jsOptions options;
  jsOptions_Init(&options);
  options.Stream.Purge.Subject = subject.c_str();
  options.Stream.Purge.Sequence = before;
  jsErrCode js_code{};
  const natsStatus status = js_PurgeStream(js_, stream.c_str(), &options, &js_code);
  return status == NATS_OK || Fail(fmt::format("purge `{}` of `{}`", subject, stream), status, js_code);
}

auto Client::Flush(int64_t timeout_ms) -> bool {
  const natsStatus status = natsConnection_FlushTimeout(connection_, timeout_ms);
  return status == NATS_OK || Fail("flush", status);
}

}  // namespace takt::driver::nats
