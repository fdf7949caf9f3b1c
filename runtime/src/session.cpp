#include "takt/session.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "runtime/src/action_encoder.h"
#include "runtime/src/entities.h"
#include "runtime/src/event_decoder.h"
#include "runtime/src/snapshot_codec.h"
#include "runtime/src/timer_queue.h"
#include "takt/sha256.h"
#include "takt/timestamp.h"

namespace takt::runtime {

struct Session::Impl {
  Impl(const takt_executor& executor, ActionSink& sink);

  // Host callbacks.
  static void HostEmit(void* ctx, const takt_action* action);
  static void HostSchedule(void* ctx, const takt_timer* timer);
  static auto HostCreate(void* ctx, uint32_t entity_kind, uint32_t decl) -> uint32_t;
  static auto HostState(void* ctx, uint32_t entity_kind, uint32_t index) -> void*;
  static auto HostCaseDecl(void* ctx, uint32_t case_id) -> uint32_t;
  static auto HostCount(void* ctx, uint32_t entity_kind) -> uint32_t;

  auto RunLines(const char* base, size_t size, size_t readable, bool final) -> size_t;
  void ProcessBuffer(bool final);
  void SkipLongLine(bool final);
  void EndLongLine();
  void ProcessLine(const char* data, size_t length, size_t capacity);
  void AdvanceTo(int64_t t);
  void RuntimeReject(takt_cause cause, std::string_view message);
  // The session's own fields of a snapshot; the entities and timers save theirs.
  void SaveState(SnapshotWriter& out);
  void RestoreState(SnapshotReader& in);
  void RuntimeMessage(takt_action_kind kind, takt_cause cause, std::string_view message);
  auto Stamp() const -> ActionStamp {
    return ActionStamp{.started = summary.started, .now = now, .event_index = event_index, .line_number = line_number};
  }

  const takt_executor& exec;
  ActionSink& sink;
  takt_host host{};
  Entities entities;
  EventDecoder decoder;
  ActionEncoder encoder;
  TimerQueue timers;

  int64_t now = 0;
  uint32_t event_index = 0;
  uint64_t line_number = 0;
  Summary summary;

  std::string input;  // Unprocessed input, followed by simdjson padding when parsed.
  // Inside a line longer than kMaxLineLength: its bytes are dropped up to its `\n`, and whether
  // any of them is not blank (a blank line is no event, whatever its length).
  bool in_long_line = false;
  bool long_line_has_content = false;
};

Session::Impl::Impl(const takt_executor& executor, ActionSink& action_sink)
    : exec(executor),
      sink(action_sink),
      entities(executor),
      decoder(executor, entities),
      encoder(executor, entities, action_sink) {
  host.ctx = this;
  host.emit = &HostEmit;
  host.schedule = &HostSchedule;
  host.create = &HostCreate;
  host.state = &HostState;
  host.case_decl = &HostCaseDecl;
  host.count = &HostCount;
}

// ---- Host callbacks. ---------------------------------------------------------------------------

void Session::Impl::HostEmit(void* ctx, const takt_action* action) {
  auto& self = *static_cast<Impl*>(ctx);
  ++self.summary.actions;
  if (action->kind < TAKT_ACTION_KIND_COUNT) {
    ++self.summary.actions_by_kind[action->kind];
  }
  if (action->kind == TAKT_ACTION_REJECT) {
    ++self.summary.rejects;
  }
  self.entities.Observe(*action);
  self.encoder.Encode(*action, self.Stamp());
}

void Session::Impl::HostSchedule(void* ctx, const takt_timer* timer) {
  auto& self = *static_cast<Impl*>(ctx);
  self.timers.Schedule(*timer, self.now);
}

auto Session::Impl::HostCreate(void* ctx, uint32_t entity_kind, uint32_t decl) -> uint32_t {
  auto& self = *static_cast<Impl*>(ctx);
  return entity_kind == TAKT_ENTITY_CASE ? self.entities.CreateCase(decl) : TAKT_NONE;
}

auto Session::Impl::HostState(void* ctx, uint32_t entity_kind, uint32_t index) -> void* {
  return static_cast<Impl*>(ctx)->entities.State(entity_kind, index);
}

auto Session::Impl::HostCaseDecl(void* ctx, uint32_t case_id) -> uint32_t {
  const auto& case_decl_of = static_cast<Impl*>(ctx)->entities.case_decl_of;
  return case_id < case_decl_of.size() ? case_decl_of[case_id] : TAKT_NONE;
}

auto Session::Impl::HostCount(void* ctx, uint32_t entity_kind) -> uint32_t {
  return static_cast<Impl*>(ctx)->entities.Count(entity_kind);
}

// An action the runtime makes itself: a reject of input it cannot hand to the executor, or a
// warning about input it applied.
void Session::Impl::RuntimeMessage(takt_action_kind kind, takt_cause cause, std::string_view message) {
  ++summary.actions;
  ++summary.actions_by_kind[kind];
  summary.rejects += kind == TAKT_ACTION_REJECT ? 1 : 0;
  encoder.EncodeRuntimeMessage(kind, cause, message, Stamp());
}

void Session::Impl::RuntimeReject(takt_cause cause, std::string_view message) {
  RuntimeMessage(TAKT_ACTION_REJECT, cause, message);
}

// ---- Input. ------------------------------------------------------------------------------------

static auto IsBlank(char c) -> bool { return c == ' ' || c == '\t' || c == '\r'; }

static auto HasContent(std::string_view text) -> bool {
  return std::any_of(text.begin(), text.end(), [](char c) { return !IsBlank(c); });
}

static auto TimeText(int64_t t) -> std::string {
  char text[40];
  return std::string(text, static_cast<size_t>(FormatTimestamp(t, text)));
}

// Fires every timer due at or before `t`, in queue order, then sets the clock to `t`. At most
// kTimerBudget timers fire for one event; the rest of those due are dropped with a warning, so a
// jump of centuries (a handover report per shift) cannot write gigabytes.
void Session::Impl::AdvanceTo(int64_t t) {
  void* global = entities.State(TAKT_ENTITY_PLANT, 0);
  if (!summary.started) {
    summary.started = true;
    now = t;
    exec.on_start(&exec, global, t, &host);
  }
  takt_timer timer;
  uint64_t fired = 0;
  while (timers.PopDue(t, timer)) {
    if (fired == kTimerBudget) {
      uint64_t dropped = 1;
      while (timers.PopDue(t, timer)) {
        ++dropped;
      }
      summary.timers_dropped += dropped;
      now = t;
      RuntimeMessage(TAKT_ACTION_WARNING, TAKT_CAUSE_TIMER_BUDGET,
                     fmt::format("`t` {} made more than {} timers fall due; {} due timers were dropped unfired "
                                 "(docs/runtime.md, limits)",
                                 TimeText(t), kTimerBudget, dropped));
      return;
    }
    ++fired;
    now = timer.due;
    ++summary.timers_fired;
    exec.on_timer(&exec, global, &timer, &host);
  }
  now = t;
}

void Session::Impl::ProcessLine(const char* data, size_t length, size_t capacity) {
  ++line_number;
  size_t begin = 0;
  while (begin < length && (data[begin] == ' ' || data[begin] == '\t' || data[begin] == '\r')) {
    ++begin;
  }
  size_t end = length;
  while (end > begin && (data[end - 1] == ' ' || data[end - 1] == '\t' || data[end - 1] == '\r')) {
    --end;
  }
  if (begin == end) {
    return;
  }
  event_index = static_cast<uint32_t>(summary.events++);
  if (end - begin >= 3 && std::memcmp(data + begin, "\xef\xbb\xbf", 3) == 0) {
    RuntimeReject(TAKT_CAUSE_MALFORMED, "invalid JSON: the line starts with a UTF-8 byte order mark (U+FEFF)");
    return;
  }
  RawEvent raw;
  std::string error;
  if (!decoder.Parse(data + begin, end - begin, capacity - begin, raw, error)) {
    RuntimeReject(TAKT_CAUSE_MALFORMED, error);
    return;
  }
  if (!raw.has(EventKey::T)) {
    RuntimeReject(TAKT_CAUSE_MALFORMED, "missing field `t`");
    return;
  }
  if (raw.t() < TAKT_TIME_MIN || raw.t() > TAKT_TIME_MAX) {
    RuntimeReject(TAKT_CAUSE_TIME_RANGE,
                  fmt::format("`t` is {} {}, the {} time the runtime accepts", raw.t() < TAKT_TIME_MIN ? "before" : "after",
                              TimeText(raw.t() < TAKT_TIME_MIN ? TAKT_TIME_MIN : TAKT_TIME_MAX),
                              raw.t() < TAKT_TIME_MIN ? "earliest" : "latest"));
    return;
  }
  if (summary.started && raw.t() < now) {
    RuntimeReject(TAKT_CAUSE_TIME_BACKWARDS,
                  fmt::format("`t` {} is before the current time {}", TimeText(raw.t()), TimeText(now)));
    return;
  }
  AdvanceTo(raw.t());
  takt_event event;
  std::memset(&event, 0xff, sizeof event);
  event.t = raw.t();
  event.index = event_index;
  event.op = TAKT_NO_INT;
  event.qty = 0;
  event.value = 0;
  event.good = event.scrap = 0;
  event.quantity = 0;
  event.rev = TAKT_NO_INT;
  event.evidence = 0;
  event.fields = 0;
  takt_cause cause = TAKT_CAUSE_MALFORMED;
  if (!decoder.Resolve(raw, event, cause, error)) {
    RuntimeReject(cause, error);
    return;
  }
  if (event.kind != TAKT_EVENT_TICK) {
    exec.on_event(&exec, entities.State(TAKT_ENTITY_PLANT, 0), &event, &host);
  }
}

// Drops the bytes of a long line from `input` up to its `\n`; at the `\n` (or, with `final`, at
// the end of the input) the line is over and rejected.
void Session::Impl::SkipLongLine(bool final) {
  const size_t newline = input.find('\n');
  const size_t end = newline == std::string::npos ? input.size() : newline;
  long_line_has_content = long_line_has_content || HasContent(std::string_view(input).substr(0, end));
  if (newline == std::string::npos) {
    input.clear();
    if (final) {
      EndLongLine();
    }
    return;
  }
  input.erase(0, newline + 1);
  EndLongLine();
}

// A line over kMaxLineLength is rejected by its number without being read; a blank one is none.
void Session::Impl::EndLongLine() {
  in_long_line = false;
  ++line_number;
  if (!long_line_has_content) {
    return;
  }
  event_index = static_cast<uint32_t>(summary.events++);
  RuntimeReject(TAKT_CAUSE_MALFORMED, fmt::format("line {} is longer than {} bytes (1 MiB), the longest line "
                                                  "the runtime reads; it was skipped",
                                                  line_number, kMaxLineLength));
}

// Runs the complete lines of [base, base + size) where they lie, each followed by at least
// simdjson::SIMDJSON_PADDING readable bytes (of the `readable` at `base`); with `final`, also a
// last line without `\n`. Stops at a line longer than kMaxLineLength (which it marks), at the
// first line too near the end of the readable bytes, or at a partial line. Returns the bytes run.
auto Session::Impl::RunLines(const char* base, size_t size, size_t readable, bool final) -> size_t {
  size_t pos = 0;
  while (pos < size) {
    const void* newline = std::memchr(base + pos, '\n', size - pos);
    const size_t end = newline == nullptr ? size : static_cast<size_t>(static_cast<const char*>(newline) - base);
    if (end - pos > kMaxLineLength) {
      // Its end may not have arrived yet: SkipLongLine drops bytes until it does.
      in_long_line = true;
      long_line_has_content = false;
      break;
    }
    if ((newline == nullptr && !final) || end + simdjson::SIMDJSON_PADDING > readable) {
      break;
    }
    ProcessLine(base + pos, end - pos, readable - pos);
    pos = newline == nullptr ? size : end + 1;
  }
  return pos;
}

// Runs every complete line of `input`; with `final`, also a last line without `\n`. A line
// longer than kMaxLineLength is never buffered whole: its bytes are dropped as they arrive.
void Session::Impl::ProcessBuffer(bool final) {
  while (true) {
    if (in_long_line) {
      SkipLongLine(final);
      if (in_long_line) {
        return;
      }
    }
    const size_t data_size = input.size();
    input.append(simdjson::SIMDJSON_PADDING, '\0');
    const size_t pos = RunLines(input.data(), data_size, input.size(), final);
    input.resize(data_size);
    input.erase(0, pos);
    if (!in_long_line) {
      return;
    }
  }
}

// ---- Session. ----------------------------------------------------------------------------------

auto ValidateExecutor(const takt_executor& executor, std::string& error) -> bool {
  if (executor.abi_version != TAKT_ABI_VERSION) {
    error = fmt::format("executor ABI version {} does not match the runtime's ABI version {}; rebuild the "
                        "executor with this toolchain",
                        executor.abi_version, TAKT_ABI_VERSION);
    return false;
  }
  if (executor.on_start == nullptr || executor.on_event == nullptr || executor.on_timer == nullptr) {
    error = "executor descriptor lacks an entry point";
    return false;
  }
  if (executor.plant_name == nullptr || executor.source_sha256 == nullptr) {
    error = "executor descriptor lacks its plant name or source hash";
    return false;
  }
  return true;
}

Session::Session(const takt_executor& executor, ActionSink& sink)
    : impl_(std::make_unique<Impl>(executor, sink)) {}

Session::~Session() = default;

// Input the session copies (FeedFile's reads, the bytes of an overlong line) is buffered this many
// bytes at a time, so memory stays bounded by the chunk (plus one line) whatever the length of
// the stream.
constexpr size_t kChunk = size_t{1} << 22;

void Session::Feed(std::string_view text) {
  Impl& impl = *impl_;
  while (!text.empty()) {
    if (impl.input.empty() && !impl.in_long_line) {
      // Parsed in the caller's bytes: no copy (a mapped file is read straight from the page
      // cache).
      text.remove_prefix(impl.RunLines(text.data(), text.size(), text.size(), false));
      if (text.empty()) {
        return;
      }
    }
    // The rest through `input`, a line (at most a chunk) at a time: a line that ends too near
    // the end of `text` for simdjson's padding, a partial line, or the bytes of a long one.
    const size_t newline = text.find('\n');
    const size_t take = std::min(newline == std::string_view::npos ? text.size() : newline + 1, kChunk);
    impl.input.append(text.substr(0, take));
    text.remove_prefix(take);
    impl.ProcessBuffer(false);
  }
}

auto Session::FeedFile(std::FILE* file, std::string& error) -> bool {
  std::string& input = impl_->input;
  while (true) {
    const size_t old_size = input.size();
    input.resize(old_size + kChunk);
    const size_t got = std::fread(input.data() + old_size, 1, kChunk, file);
    input.resize(old_size + got);
    if (got == 0) {
      if (std::ferror(file)) {
        error = std::strerror(errno);
        return false;
      }
      return true;
    }
    impl_->ProcessBuffer(false);
  }
}

void Session::Finish() {
  impl_->ProcessBuffer(true);
  impl_->summary.timers_pending = impl_->timers.size();
  impl_->summary.last_time = impl_->now;
  impl_->encoder.Flush();
}

void Session::Flush() { impl_->encoder.Flush(); }

auto Session::NextTimerDue(int64_t& due) const -> bool {
  if (impl_->timers.size() == 0) {
    return false;
  }
  due = impl_->timers.next_due();
  return true;
}

auto Session::summary() const -> const Summary& { return impl_->summary; }

// ---- Snapshots. --------------------------------------------------------------------------------

static constexpr std::string_view kSnapshotMagic = "TAKTSNAP";
static constexpr size_t kChecksumSize = 64;  // Hex digits of the SHA-256.
static constexpr const char* kOwnState =
    "the executor keeps its state outside the runtime's records (the reference interpreter)";

// What a snapshot says about the executor that made it, checked before anything else is read.
static void PutIdentity(SnapshotWriter& out, const takt_executor& exec, std::string_view executor_sha256) {
  out.PutBytes(kSnapshotMagic.data(), kSnapshotMagic.size());
  out.Put(kSnapshotFormat);
  out.Put(exec.abi_version);
  out.PutString(exec.plant_name);
  out.PutString(exec.source_sha256);
  out.PutString(executor_sha256);
}

void Session::Impl::SaveState(SnapshotWriter& out) {
  out.Put(now);
  out.Put(event_index);
  out.Put(line_number);
  out.Put(summary.events);
  out.Put(summary.actions);
  out.Put(summary.rejects);
  out.Put<uint64_t>(summary.actions_by_kind.size());
  for (uint64_t count : summary.actions_by_kind) {
    out.Put(count);
  }
  out.Put(summary.timers_fired);
  out.Put(summary.timers_pending);
  out.Put(summary.timers_dropped);
  out.Put<uint8_t>(summary.started ? 1 : 0);
  out.Put(summary.last_time);
  entities.Save(out);
  timers.Save(out);
}

void Session::Impl::RestoreState(SnapshotReader& in) {
  now = in.Get<int64_t>();
  event_index = in.Get<uint32_t>();
  line_number = in.Get<uint64_t>();
  summary.events = in.Get<uint64_t>();
  summary.actions = in.Get<uint64_t>();
  summary.rejects = in.Get<uint64_t>();
  // The count is fixed by the ABI version, checked with the identity.
  in.Get<uint64_t>();
  for (uint64_t& count : summary.actions_by_kind) {
    count = in.Get<uint64_t>();
  }
  summary.timers_fired = in.Get<uint64_t>();
  summary.timers_pending = in.Get<uint64_t>();
  summary.timers_dropped = in.Get<uint64_t>();
  summary.started = in.Get<uint8_t>() != 0;
  summary.last_time = in.Get<int64_t>();
}

auto Session::SaveSnapshot(std::string_view executor_sha256, std::string& bytes, std::string& error) const -> bool {
  Impl& impl = *impl_;
  if (impl.exec.user != nullptr) {
    error = kOwnState;
    return false;
  }
  if (!impl.input.empty() || impl.in_long_line) {
    error = "a partial line is pending";
    return false;
  }
  SnapshotWriter out;
  PutIdentity(out, impl.exec, executor_sha256);
  impl.SaveState(out);
  std::string& written = out.bytes();
  written += Sha256Hex(written);
  bytes = std::move(written);
  return true;
}

auto Session::RestoreSnapshot(std::string_view executor_sha256, std::string_view bytes, std::string& error)
    -> bool {
  if (impl_->exec.user != nullptr) {
    error = kOwnState;
    return false;
  }
  if (bytes.size() < kChecksumSize || Sha256Hex(bytes.substr(0, bytes.size() - kChecksumSize)) !=
                                          bytes.substr(bytes.size() - kChecksumSize)) {
    error = "the snapshot is damaged: its SHA-256 does not match its bytes";
    return false;
  }
  bytes.remove_suffix(kChecksumSize);
  SnapshotWriter expected;
  PutIdentity(expected, impl_->exec, executor_sha256);
  if (!bytes.starts_with(expected.bytes())) {
    SnapshotReader header(bytes.substr(kSnapshotMagic.size()));
    const auto format = header.Get<uint32_t>();
    const auto abi = header.Get<uint32_t>();
    error = format != kSnapshotFormat || abi != impl_->exec.abi_version
                ? fmt::format("the snapshot is of format {} (ABI {}), not {} (ABI {})", format, abi, kSnapshotFormat,
                              impl_->exec.abi_version)
                : "the snapshot was made by another executor (plant, source or executor SHA-256)";
    return false;
  }
  if (impl_->line_number != 0 || !impl_->input.empty()) {
    error = "the session has processed input already";
    return false;
  }
  // Decoded into a new state, swapped in only when whole: a failure leaves the session as it was.
  auto restored = std::make_unique<Impl>(impl_->exec, impl_->sink);
  SnapshotReader in(bytes.substr(expected.bytes().size()));
  restored->RestoreState(in);
  const bool entities_match = restored->entities.Restore(in);
  restored->timers.Restore(in);
  if (!in.ok() || !in.at_end() || !entities_match) {
    error = "the snapshot's content does not match its layout";
    return false;
  }
  impl_ = std::move(restored);
  return true;
}

auto RunToString(const takt_executor& executor, std::string_view events, Summary* summary) -> std::string {
  StringSink sink;
  Session session(executor, sink);
  session.Feed(events);
  session.Finish();
  if (summary != nullptr) {
    *summary = session.summary();
  }
  return sink.text();
}

}  // namespace takt::runtime
