#include "takt/session.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "runtime/src/action_encoder.h"
#include "runtime/src/entities.h"
#include "runtime/src/event_decoder.h"
#include "runtime/src/timer_queue.h"
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

  void ProcessBuffer(bool final);
  void ProcessLine(const char* data, size_t length, size_t capacity);
  void AdvanceTo(int64_t t);
  void RuntimeReject(takt_cause cause, std::string_view message);
  auto Stamp() const -> ActionStamp {
    return ActionStamp{.started = summary.started, .now = now, .event_index = event_index, .line_number = line_number};
  }

  const takt_executor& exec;
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
};

Session::Impl::Impl(const takt_executor& executor, ActionSink& sink)
    : exec(executor), entities(executor), decoder(executor, entities), encoder(executor, entities, sink) {
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

// A reject the runtime makes itself, for input it cannot hand to the executor.
void Session::Impl::RuntimeReject(takt_cause cause, std::string_view message) {
  ++summary.actions;
  ++summary.actions_by_kind[TAKT_ACTION_REJECT];
  ++summary.rejects;
  encoder.EncodeRuntimeReject(cause, message, Stamp());
}

// ---- Input. ------------------------------------------------------------------------------------

// Fires every timer due at or before `t`, in queue order, then sets the clock to `t`.
void Session::Impl::AdvanceTo(int64_t t) {
  void* global = entities.State(TAKT_ENTITY_PLANT, 0);
  if (!summary.started) {
    summary.started = true;
    now = t;
    exec.on_start(&exec, global, t, &host);
  }
  takt_timer timer;
  while (timers.PopDue(t, timer)) {
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
  if (summary.started && raw.t() < now) {
    char then[40];
    char current[40];
    const int then_length = FormatTimestamp(raw.t(), then);
    const int current_length = FormatTimestamp(now, current);
    RuntimeReject(TAKT_CAUSE_TIME_BACKWARDS,
                  fmt::format("`t` {} is before the current time {}", std::string_view(then, then_length),
                              std::string_view(current, current_length)));
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
  takt_cause cause = TAKT_CAUSE_MALFORMED;
  if (!decoder.Resolve(raw, event, cause, error)) {
    RuntimeReject(cause, error);
    return;
  }
  if (event.kind != TAKT_EVENT_TICK) {
    exec.on_event(&exec, entities.State(TAKT_ENTITY_PLANT, 0), &event, &host);
  }
}

// Runs every complete line of `input`; with `final`, also a last line without `\n`.
void Session::Impl::ProcessBuffer(bool final) {
  const size_t data_size = input.size();
  input.append(simdjson::SIMDJSON_PADDING, '\0');
  const char* base = input.data();
  size_t pos = 0;
  while (pos < data_size) {
    const void* newline = std::memchr(base + pos, '\n', data_size - pos);
    if (newline == nullptr) {
      if (!final) {
        break;
      }
      ProcessLine(base + pos, data_size - pos, input.size() - pos);
      pos = data_size;
      break;
    }
    const size_t end = static_cast<size_t>(static_cast<const char*>(newline) - base);
    ProcessLine(base + pos, end - pos, input.size() - pos);
    pos = end + 1;
  }
  input.resize(data_size);
  input.erase(0, pos);
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

// Input is buffered and parsed this many bytes at a time, so memory stays bounded by the chunk
// (plus one line) whatever the length of the stream.
constexpr size_t kChunk = size_t{1} << 22;

void Session::Feed(std::string_view text) {
  while (!text.empty()) {
    const size_t take = std::min(text.size(), kChunk);
    impl_->input.append(text.substr(0, take));
    text.remove_prefix(take);
    impl_->ProcessBuffer(false);
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

auto Session::summary() const -> const Summary& { return impl_->summary; }

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
