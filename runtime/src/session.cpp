#include "runtime/src/session.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <cstring>
#include <functional>
#include <queue>
#include <unordered_map>
#include <vector>

#include "runtime/src/names.h"
#include "runtime/src/time_format.h"

namespace takt::runtime {

namespace {

struct TransparentHash {
  using is_transparent = void;
  auto operator()(std::string_view text) const -> size_t { return std::hash<std::string_view>{}(text); }
};

// Entities created at run time (orders, lots, cases, `by` texts): name → index. Lookups take a
// string_view into the parser's buffer and allocate nothing; only a new name is copied.
using NameTable = std::unordered_map<std::string, uint32_t, TransparentHash, std::equal_to<>>;
// Declared names: keys point into the descriptor's tables, which outlive the session.
using DeclTable = std::unordered_map<std::string_view, uint32_t>;

// Zero-filled state records with stable addresses, allocated in blocks.
class RecordArena {
 public:
  explicit RecordArena(uint64_t size) : stride_((size + 15) / 16 * 16) {}
  auto Add() -> uint32_t {
    if (stride_ != 0 && count_ % kPerBlock == 0) {
      blocks_.push_back(std::make_unique<std::byte[]>(stride_ * kPerBlock));
    }
    return count_++;
  }
  auto Get(uint32_t index) -> void* {
    if (stride_ == 0 || index >= count_) {
      return nullptr;
    }
    return blocks_[index / kPerBlock].get() + (index % kPerBlock) * stride_;
  }
  auto count() const -> uint32_t { return count_; }

 private:
  static constexpr uint32_t kPerBlock = 256;
  uint64_t stride_;
  uint32_t count_ = 0;
  std::vector<std::unique_ptr<std::byte[]>> blocks_;
};

struct QueuedTimer {
  takt_timer timer;
  uint64_t seq;
};

// Orders the queue by (due, entity kind, entity, clause, scheduling order): the exact firing
// order docs/runtime.md promises.
struct FiresLater {
  auto operator()(const QueuedTimer& a, const QueuedTimer& b) const -> bool {
    const auto& x = a.timer;
    const auto& y = b.timer;
    if (x.due != y.due) {
      return x.due > y.due;
    }
    if (x.entity_kind != y.entity_kind) {
      return x.entity_kind > y.entity_kind;
    }
    if (x.entity != y.entity) {
      return x.entity > y.entity;
    }
    if (x.clause != y.clause) {
      return x.clause > y.clause;
    }
    return a.seq > b.seq;
  }
};

// Fields an input line may carry, by name.
enum Field : uint8_t {
  kType, kWorkcenter, kControl, kReason, kRouting, kOrder, kLot, kCase, kOutcome, kDeviation,
  kRisk, kHandover, kBy, kStringFieldCount
};

constexpr std::array<std::string_view, kStringFieldCount> kFieldNames = {
    "type", "workcenter", "control", "reason", "routing", "order", "lot", "case", "outcome",
    "deviation", "risk", "handover", "by"};

// One input line after JSON parsing, before name resolution. Views point into the parser.
struct RawEvent {
  // Left uninitialised on purpose: zeroing them cost a sixth of the decoding time of a line, and
  // only fields marked in `present` are ever read (text()).
  struct Text {
    const char* data;
    size_t size;
  };
  std::array<Text, kStringFieldCount> texts;
  uint32_t present = 0;  // Bit per Field.
  bool reason_null = false;
  bool has_t = false;
  bool has_value = false;
  bool has_op = false;
  bool has_qty = false;
  int64_t t = 0;
  double value = 0;
  int64_t op = 0;
  int64_t qty = 0;
  auto has(Field field) const -> bool { return (present >> field) & 1u; }
  // The field's text; empty when the field is absent.
  auto text(Field field) const -> std::string_view {
    return has(field) ? std::string_view(texts[field].data, texts[field].size) : std::string_view();
  }
  void SetText(Field field, std::string_view value) {
    texts[field] = Text{.data = value.data(), .size = value.size()};
    present |= 1u << field;
  }
};

// What an event kind requires (R) and accepts (O) besides `t` and `type`.
struct FieldRule {
  Field field;
  bool required;
};

}  // namespace

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
  auto ParseJson(const char* data, size_t length, size_t capacity, RawEvent& raw, std::string& error) -> bool;
  auto Resolve(const RawEvent& raw, takt_event& event, takt_cause& cause, std::string& error) -> bool;
  void AdvanceTo(int64_t t);
  void RuntimeReject(takt_cause cause, std::string_view message);

  void Encode(const takt_action& action);
  void PutString(std::string_view text);
  void PutKey(std::string_view key);
  void PutInt(int64_t value);
  void PutTime(int64_t ms);
  void FlushIfLarge();

  auto InternLot(std::string_view name) -> uint32_t;
  auto InternText(std::string_view name) -> uint32_t;

  const takt_executor& exec;
  ActionSink& sink;
  takt_host host{};
  simdjson::ondemand::parser parser;

  DeclTable workcenters, controls, reasons, routings, roles, case_decls, deviations, handovers;
  std::vector<DeclTable> outcomes;  // Per case declaration.
  std::vector<DeclTable> risks;     // Per deviation.
  std::vector<std::string> rule_src;

  NameTable orders, lots, texts, case_names;
  std::vector<std::string> order_names, lot_names, text_names, case_ids;
  uint32_t last_lot = TAKT_NONE;   // InternLot's last answer.
  uint32_t last_text = TAKT_NONE;  // InternText's last answer.
  std::vector<uint32_t> case_decl_of;
  std::vector<uint32_t> case_counter;  // Per declaration.
  RecordArena order_records, lot_records, case_records;
  std::unique_ptr<std::byte[]> global_record;

  std::priority_queue<QueuedTimer, std::vector<QueuedTimer>, FiresLater> timers;
  uint64_t timer_seq = 0;

  int64_t now = 0;
  uint32_t event_index = 0;
  uint64_t line_number = 0;
  Summary summary;

  std::string input;  // Unprocessed input, followed by simdjson padding when parsed.
  std::string out;
};

Session::Impl::Impl(const takt_executor& executor, ActionSink& action_sink)
    : exec(executor),
      sink(action_sink),
      order_records(executor.order_state_size),
      lot_records(executor.lot_state_size),
      case_records(executor.case_state_size) {
  host.ctx = this;
  host.emit = &HostEmit;
  host.schedule = &HostSchedule;
  host.create = &HostCreate;
  host.state = &HostState;
  host.case_decl = &HostCaseDecl;
  host.count = &HostCount;
  for (uint32_t i = 0; i < exec.workcenter_count; ++i) {
    workcenters.emplace(exec.workcenters[i].name, i);
  }
  for (uint32_t i = 0; i < exec.control_count; ++i) {
    controls.emplace(exec.controls[i], i);
  }
  for (uint32_t i = 0; i < exec.reason_count; ++i) {
    reasons.emplace(exec.reasons[i].name, i);
  }
  for (uint32_t i = 0; i < exec.routing_count; ++i) {
    routings.emplace(exec.routings[i].name, i);
  }
  for (uint32_t i = 0; i < exec.role_count; ++i) {
    roles.emplace(exec.roles[i].name, i);
  }
  outcomes.resize(exec.case_count);
  case_counter.resize(exec.case_count);
  for (uint32_t i = 0; i < exec.case_count; ++i) {
    case_decls.emplace(exec.cases[i].name, i);
    for (uint32_t j = 0; j < exec.cases[i].outcome_count; ++j) {
      outcomes[i].emplace(exec.cases[i].outcomes[j], j);
    }
  }
  risks.resize(exec.deviation_count);
  for (uint32_t i = 0; i < exec.deviation_count; ++i) {
    deviations.emplace(exec.deviations[i].name, i);
    for (uint32_t j = 0; j < exec.deviations[i].risk_count; ++j) {
      risks[i].emplace(exec.deviations[i].risks[j], j);
    }
  }
  for (uint32_t i = 0; i < exec.handover_count; ++i) {
    handovers.emplace(exec.handovers[i], i);
  }
  for (uint32_t i = 0; i < exec.rule_count; ++i) {
    const takt_rule& rule = exec.rules[i];
    rule_src.push_back(fmt::format("{}:{}:{}", rule.file, rule.line, rule.col));
  }
  if (exec.global_state_size != 0) {
    global_record = std::make_unique<std::byte[]>(exec.global_state_size);
  }
  out.reserve(1 << 20);
}

// ---- Host callbacks. ---------------------------------------------------------------------------

void Session::Impl::HostEmit(void* ctx, const takt_action* action) {
  auto& self = *static_cast<Impl*>(ctx);
  self.Encode(*action);
}

void Session::Impl::HostSchedule(void* ctx, const takt_timer* timer) {
  auto& self = *static_cast<Impl*>(ctx);
  QueuedTimer queued{*timer, self.timer_seq++};
  queued.timer.due = std::max(queued.timer.due, self.now);
  self.timers.push(queued);
}

auto Session::Impl::HostCreate(void* ctx, uint32_t entity_kind, uint32_t decl) -> uint32_t {
  auto& self = *static_cast<Impl*>(ctx);
  if (entity_kind != TAKT_ENTITY_CASE || decl >= self.exec.case_count) {
    return TAKT_NONE;
  }
  const uint32_t index = self.case_records.Add();
  const uint32_t n = ++self.case_counter[decl];
  std::string id = fmt::format("{}-{}", self.exec.cases[decl].name, n);
  self.case_names.emplace(id, index);
  self.case_ids.push_back(std::move(id));
  self.case_decl_of.push_back(decl);
  return index;
}

auto Session::Impl::HostState(void* ctx, uint32_t entity_kind, uint32_t index) -> void* {
  auto& self = *static_cast<Impl*>(ctx);
  switch (entity_kind) {
    case TAKT_ENTITY_PLANT: return self.global_record.get();
    case TAKT_ENTITY_ORDER: return self.order_records.Get(index);
    case TAKT_ENTITY_LOT: return self.lot_records.Get(index);
    case TAKT_ENTITY_CASE: return self.case_records.Get(index);
    default: return nullptr;
  }
}

auto Session::Impl::HostCaseDecl(void* ctx, uint32_t case_id) -> uint32_t {
  auto& self = *static_cast<Impl*>(ctx);
  return case_id < self.case_decl_of.size() ? self.case_decl_of[case_id] : TAKT_NONE;
}

auto Session::Impl::HostCount(void* ctx, uint32_t entity_kind) -> uint32_t {
  auto& self = *static_cast<Impl*>(ctx);
  switch (entity_kind) {
    case TAKT_ENTITY_ORDER: return self.order_records.count();
    case TAKT_ENTITY_LOT: return self.lot_records.count();
    case TAKT_ENTITY_CASE: return self.case_records.count();
    default: return 0;
  }
}

// ---- Encoding. ---------------------------------------------------------------------------------

void Session::Impl::PutString(std::string_view text) {
  out.push_back('"');
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (byte < 0x20) {
      static constexpr char kHex[] = "0123456789abcdef";
      out.append("\\u00");
      out.push_back(kHex[byte >> 4]);
      out.push_back(kHex[byte & 0xf]);
    } else {
      out.push_back(c);
    }
  }
  out.push_back('"');
}

void Session::Impl::PutKey(std::string_view key) {
  out.push_back(',');
  out.push_back('"');
  out.append(key);
  out.append("\":");
}

void Session::Impl::PutInt(int64_t value) {
  const fmt::format_int text(value);
  out.append(text.data(), text.size());
}

void Session::Impl::PutTime(int64_t ms) {
  char buffer[40];
  buffer[0] = '"';
  const int length = FormatTimestamp(ms, buffer + 1);
  buffer[length + 1] = '"';
  out.append(buffer, static_cast<size_t>(length) + 2);
}

void Session::Impl::FlushIfLarge() {
  if (out.size() >= (1u << 20)) {
    sink.Write(out);
    out.clear();
  }
}

void Session::Impl::Encode(const takt_action& action) {
  ++summary.actions;
  if (action.kind < TAKT_ACTION_KIND_COUNT) {
    ++summary.actions_by_kind[action.kind];
  }
  if (action.kind == TAKT_ACTION_REJECT) {
    ++summary.rejects;
  }
  out.append("{\"t\":");
  if (summary.started) {
    PutTime(now);
  } else {
    out.append("null");
  }
  PutKey("event");
  PutInt(event_index);
  PutKey("action");
  PutString(action.kind < kActionKindNames.size() ? kActionKindNames[action.kind] : "unknown");
  const bool has_rule = action.rule < exec.rule_count;
  PutKey("rule");
  PutString(has_rule ? std::string_view(exec.rules[action.rule].name) : "<input>");
  PutKey("cause");
  PutString(action.cause < kCauseNames.size() ? kCauseNames[action.cause] : "unknown");
  PutKey("src");
  if (has_rule) {
    PutString(rule_src[action.rule]);
  } else {
    out.append("\"<input>:");
    PutInt(static_cast<int64_t>(line_number));
    out.push_back('"');
  }
  if (action.role < exec.role_count) {
    PutKey("role");
    PutString(exec.roles[action.role].name);
  }
  if (action.workcenter < exec.workcenter_count) {
    PutKey("workcenter");
    PutString(exec.workcenters[action.workcenter].name);
  }
  if (action.line < exec.line_count) {
    PutKey("line");
    PutString(exec.lines[action.line]);
  }
  if (action.kind == TAKT_ACTION_REJECT) {
    if (action.reject_reason < kRejectReasonNames.size()) {
      PutKey("reason");
      PutString(kRejectReasonNames[action.reject_reason]);
    }
  } else if (action.reason < exec.reason_count) {
    PutKey("reason");
    PutString(exec.reasons[action.reason].name);
  }
  if (action.control < exec.control_count) {
    PutKey("control");
    PutString(exec.controls[action.control]);
  }
  if (action.spc_rule < kSpcRuleNames.size()) {
    PutKey("spc_rule");
    PutString(kSpcRuleNames[action.spc_rule]);
  }
  if (action.lot < lot_names.size()) {
    PutKey("lot");
    PutString(lot_names[action.lot]);
  }
  if (action.order < order_names.size()) {
    PutKey("order");
    PutString(order_names[action.order]);
  }
  if (action.op != TAKT_NO_INT) {
    PutKey("op");
    PutInt(action.op);
  }
  if (action.target_op != TAKT_NO_INT) {
    PutKey("target");
    PutInt(action.target_op);
  }
  if (action.tier != TAKT_NONE) {
    PutKey("tier");
    PutInt(action.tier);
  }
  if (action.case_id < case_ids.size()) {
    const uint32_t decl = case_decl_of[action.case_id];
    PutKey("case");
    PutString(exec.cases[decl].name);
    PutKey("id");
    PutString(case_ids[action.case_id]);
    if (action.outcome < exec.cases[decl].outcome_count) {
      PutKey("outcome");
      PutString(exec.cases[decl].outcomes[action.outcome]);
    }
  }
  if (action.by < text_names.size()) {
    PutKey("by");
    PutString(text_names[action.by]);
  }
  if (action.due != TAKT_NO_INT) {
    PutKey("due");
    PutTime(action.due);
  }
  if (action.deviation < exec.deviation_count) {
    PutKey("deviation");
    PutString(exec.deviations[action.deviation].name);
  }
  if (action.handover < exec.handover_count) {
    PutKey("handover");
    PutString(exec.handovers[action.handover]);
  }
  for (size_t i = 0; i < kReportItemKeys.size(); ++i) {
    if (action.counts[i] != TAKT_NO_INT) {
      PutKey(kReportItemKeys[i]);
      PutInt(action.counts[i]);
    }
  }
  out.append("}\n");
  FlushIfLarge();
}

// A reject the runtime makes itself, for input it cannot hand to the executor.
void Session::Impl::RuntimeReject(takt_cause cause, std::string_view message) {
  ++summary.actions;
  ++summary.actions_by_kind[TAKT_ACTION_REJECT];
  ++summary.rejects;
  out.append("{\"t\":");
  if (summary.started) {
    PutTime(now);
  } else {
    out.append("null");
  }
  PutKey("event");
  PutInt(event_index);
  out.append(",\"action\":\"reject\",\"rule\":\"<input>\",\"cause\":");
  PutString(kCauseNames[cause]);
  out.append(",\"src\":\"<input>:");
  PutInt(static_cast<int64_t>(line_number));
  out.push_back('"');
  PutKey("reason");
  PutString(message);
  PutKey("input_line");
  PutInt(static_cast<int64_t>(line_number));
  out.append("}\n");
  FlushIfLarge();
}

// ---- Decoding. ---------------------------------------------------------------------------------

// Equal names of a few bytes: an inline loop, cheaper than a call to memcmp.
static inline auto SameName(std::string_view a, std::string_view b) -> bool {
  if (a.size() != b.size()) {
    return false;
  }
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i]) {
      return false;
    }
  }
  return true;
}

// Keys of an input line besides the string fields: `t`, `value`, `op`, `qty`.
constexpr int kKeyT = kStringFieldCount;
constexpr int kKeyValue = kStringFieldCount + 1;
constexpr int kKeyOp = kStringFieldCount + 2;
constexpr int kKeyQty = kStringFieldCount + 3;

// The Field (or kKey*) a key names, -1 for a key the runtime ignores. One switch on the length and
// first byte, then at most one comparison: this runs for every key of every input line.
static auto KeyOf(std::string_view key) -> int {
  int candidate = -1;
  std::string_view expected;
  switch (key.size()) {
    case 1:
      return key[0] == 't' ? kKeyT : -1;
    case 2:
      return SameName(key, "op") ? kKeyOp : (SameName(key, "by") ? kBy : -1);
    case 3:
      candidate = key[0] == 'l' ? kLot : key[0] == 'q' ? kKeyQty : -1;
      expected = key[0] == 'l' ? "lot" : "qty";
      break;
    case 4:
      candidate = key[0] == 't' ? kType : key[0] == 'c' ? kCase : key[0] == 'r' ? kRisk : -1;
      expected = key[0] == 't' ? "type" : key[0] == 'c' ? "case" : "risk";
      break;
    case 5:
      candidate = key[0] == 'v' ? kKeyValue : key[0] == 'o' ? kOrder : -1;
      expected = key[0] == 'v' ? "value" : "order";
      break;
    case 6:
      candidate = kReason;
      expected = "reason";
      break;
    case 7:
      candidate = key[0] == 'c' ? kControl : key[0] == 'r' ? kRouting : key[0] == 'o' ? kOutcome : -1;
      expected = key[0] == 'c' ? "control" : key[0] == 'r' ? "routing" : "outcome";
      break;
    case 8:
      candidate = kHandover;
      expected = "handover";
      break;
    case 9:
      candidate = kDeviation;
      expected = "deviation";
      break;
    case 10:
      candidate = kWorkcenter;
      expected = "workcenter";
      break;
    default:
      return -1;
  }
  return candidate >= 0 && SameName(key, expected) ? candidate : -1;
}

auto Session::Impl::ParseJson(const char* data, size_t length, size_t capacity, RawEvent& raw,
                              std::string& error) -> bool {
  using simdjson::ondemand::json_type;
  simdjson::ondemand::document doc;
  if (parser.iterate(data, length, capacity).get(doc) != simdjson::SUCCESS) {
    error = "invalid JSON";
    return false;
  }
  simdjson::ondemand::object object;
  const simdjson::error_code object_error = doc.get_object().get(object);
  if (object_error != simdjson::SUCCESS) {
    // On-Demand reports content after the object as an unfinished document.
    error = object_error == simdjson::INCORRECT_TYPE ? "not a JSON object" : "invalid JSON";
    return false;
  }
  for (auto field_result : object) {
    std::string_view key;
    simdjson::ondemand::value value;
    if (field_result.unescaped_key().get(key) != simdjson::SUCCESS ||
        field_result.value().get(value) != simdjson::SUCCESS) {
      error = "invalid JSON";
      return false;
    }
    json_type type;
    if (value.type().get(type) != simdjson::SUCCESS) {
      error = "invalid JSON";
      return false;
    }
    const int which = KeyOf(key);
    if (which < 0) {
      // Unknown keys are ignored: producers may attach their own data.
      continue;
    }
    if (which == kKeyT) {
      if (type == json_type::string) {
        std::string_view text;
        if (value.get_string().get(text) != simdjson::SUCCESS) {
          error = "invalid JSON";
          return false;
        }
        const auto t = ParseTimestamp(text);
        if (!t) {
          error = fmt::format("`t` is not an RFC 3339 timestamp: `{}`", text);
          return false;
        }
        raw.t = *t;
      } else if (type == json_type::number) {
        if (value.get_int64().get(raw.t) != simdjson::SUCCESS) {
          error = "`t` is not an integer number of milliseconds";
          return false;
        }
      } else {
        error = "`t` is neither a timestamp string nor integer milliseconds";
        return false;
      }
      raw.has_t = true;
    } else if (which == kKeyValue) {
      if (type != json_type::number || value.get_double().get(raw.value) != simdjson::SUCCESS) {
        error = "`value` is not a number";
        return false;
      }
      raw.has_value = true;
    } else if (which == kKeyOp || which == kKeyQty) {
      int64_t number = 0;
      if (type != json_type::number || value.get_int64().get(number) != simdjson::SUCCESS) {
        error = fmt::format("`{}` is not an integer", key);
        return false;
      }
      if (which == kKeyOp) {
        raw.op = number;
        raw.has_op = true;
      } else {
        raw.qty = number;
        raw.has_qty = true;
      }
    } else {
      const int index = which;
      if (index == kReason && type == json_type::null) {
        raw.reason_null = true;
        continue;
      }
      std::string_view text;
      if (type != json_type::string || value.get_string().get(text) != simdjson::SUCCESS) {
        error = fmt::format("`{}` is not a string", key);
        return false;
      }
      raw.SetText(static_cast<Field>(index), text);
    }
  }
  // In 3.0 a document has no at_end(); a location inside the buffer means unread content.
  const char* location = nullptr;
  if (doc.current_location().get(location) == simdjson::SUCCESS) {
    error = "invalid JSON: trailing content after the event object";
    return false;
  }
  return true;
}

static auto RulesOf(uint32_t kind) -> std::span<const FieldRule> {
  static constexpr FieldRule kDown[] = {{kWorkcenter, true}, {kReason, false}};
  static constexpr FieldRule kUp[] = {{kWorkcenter, true}};
  static constexpr FieldRule kMeasure[] = {{kControl, true}, {kLot, false}, {kWorkcenter, false}};
  static constexpr FieldRule kRelease[] = {{kOrder, true}, {kRouting, true}, {kLot, true}};
  static constexpr FieldRule kOp[] = {{kOrder, true}, {kBy, false}};
  static constexpr FieldRule kDecide[] = {{kCase, true}, {kOutcome, true}, {kBy, false}};
  static constexpr FieldRule kApprove[] = {{kDeviation, true}, {kBy, true}, {kRisk, false}};
  static constexpr FieldRule kUse[] = {{kDeviation, true}, {kLot, true}};
  static constexpr FieldRule kAcknowledge[] = {{kHandover, true}, {kBy, false}};
  switch (kind) {
    case TAKT_EVENT_DOWN: return kDown;
    case TAKT_EVENT_UP: return kUp;
    case TAKT_EVENT_MEASURE: return kMeasure;
    case TAKT_EVENT_RELEASE: return kRelease;
    case TAKT_EVENT_START:
    case TAKT_EVENT_CONFIRM:
    case TAKT_EVENT_COMPLETE:
    case TAKT_EVENT_FAIL: return kOp;
    case TAKT_EVENT_DECIDE: return kDecide;
    case TAKT_EVENT_APPROVE: return kApprove;
    case TAKT_EVENT_USE: return kUse;
    case TAKT_EVENT_ACKNOWLEDGE: return kAcknowledge;
    default: return {};
  }
}

// Bit per Field that RulesOf(kind) names, per event kind.
static const auto kAcceptedFields = [] {
  std::array<uint32_t, TAKT_EVENT_KIND_COUNT> masks{};
  for (uint32_t kind = 0; kind < TAKT_EVENT_KIND_COUNT; ++kind) {
    for (const FieldRule& rule : RulesOf(kind)) {
      masks[kind] |= 1u << rule.field;
    }
  }
  return masks;
}();

// The event kind `type` names (kEventKindNames), TAKT_NONE if none. Length and first byte
// single out one candidate; one comparison decides.
static auto EventKindOf(std::string_view type) -> uint32_t {
  if (type.empty()) {
    return TAKT_NONE;
  }
  uint32_t candidate = TAKT_NONE;
  switch (type.size()) {
    case 2: candidate = TAKT_EVENT_UP; break;
    case 3: candidate = TAKT_EVENT_USE; break;
    case 4:
      candidate = type[0] == 't' ? TAKT_EVENT_TICK : type[0] == 'd' ? TAKT_EVENT_DOWN : TAKT_EVENT_FAIL;
      break;
    case 5: candidate = TAKT_EVENT_START; break;
    case 6: candidate = TAKT_EVENT_DECIDE; break;
    case 7:
      candidate = type[0] == 'm' ? TAKT_EVENT_MEASURE
                  : type[0] == 'r' ? TAKT_EVENT_RELEASE
                  : type[0] == 'c' ? TAKT_EVENT_CONFIRM
                                   : TAKT_EVENT_APPROVE;
      break;
    case 8: candidate = TAKT_EVENT_COMPLETE; break;
    case 11: candidate = TAKT_EVENT_ACKNOWLEDGE; break;
    default: return TAKT_NONE;
  }
  return SameName(kEventKindNames[candidate], type) ? candidate : TAKT_NONE;
}

static auto Lookup(const DeclTable& table, std::string_view name) -> uint32_t {
  const auto it = table.find(name);
  return it == table.end() ? TAKT_NONE : it->second;
}

template <typename Table>
static auto LookupName(const Table& table, std::string_view name) -> uint32_t {
  const auto it = table.find(name);
  return it == table.end() ? TAKT_NONE : it->second;
}

// Streams name the same lot (or `by`) on consecutive lines far more often than not: the last
// name looked up is checked before hashing.
auto Session::Impl::InternLot(std::string_view name) -> uint32_t {
  if (last_lot < lot_names.size() && SameName(lot_names[last_lot], name)) {
    return last_lot;
  }
  const auto it = lots.find(name);
  if (it != lots.end()) {
    last_lot = it->second;
    return it->second;
  }
  const uint32_t index = lot_records.Add();
  lots.emplace(std::string(name), index);
  lot_names.emplace_back(name);
  last_lot = index;
  return index;
}

auto Session::Impl::InternText(std::string_view name) -> uint32_t {
  if (last_text < text_names.size() && SameName(text_names[last_text], name)) {
    return last_text;
  }
  const auto it = texts.find(name);
  if (it != texts.end()) {
    last_text = it->second;
    return it->second;
  }
  const auto index = static_cast<uint32_t>(text_names.size());
  texts.emplace(std::string(name), index);
  text_names.emplace_back(name);
  last_text = index;
  return index;
}

// Turns names into ids. Nothing is created unless the whole event resolves, so a rejected
// event leaves no trace in the entity tables.
auto Session::Impl::Resolve(const RawEvent& raw, takt_event& event, takt_cause& cause, std::string& error)
    -> bool {
  cause = TAKT_CAUSE_MALFORMED;
  if (!raw.has(kType)) {
    error = "missing field `type`";
    return false;
  }
  const std::string_view type = raw.text(kType);
  event.kind = EventKindOf(type);
  if (event.kind == TAKT_NONE) {
    cause = TAKT_CAUSE_UNKNOWN_NAME;
    error = fmt::format("unknown event type `{}`", type);
    return false;
  }
  for (const FieldRule& rule : RulesOf(event.kind)) {
    if (rule.required && !raw.has(rule.field)) {
      error = fmt::format("missing field `{}`", kFieldNames[rule.field]);
      return false;
    }
  }
  const bool op_event = event.kind == TAKT_EVENT_START || event.kind == TAKT_EVENT_CONFIRM ||
                        event.kind == TAKT_EVENT_COMPLETE || event.kind == TAKT_EVENT_FAIL;
  if (event.kind == TAKT_EVENT_MEASURE && !raw.has_value) {
    error = "missing field `value`";
    return false;
  }
  if (op_event && !raw.has_op) {
    error = "missing field `op`";
    return false;
  }
  if (event.kind == TAKT_EVENT_RELEASE) {
    if (!raw.has_qty) {
      error = "missing field `qty`";
      return false;
    }
    if (raw.qty <= 0) {
      error = "`qty` is not positive";
      return false;
    }
  }
  cause = TAKT_CAUSE_UNKNOWN_NAME;
  auto resolve = [&](Field field, const DeclTable& table, std::string_view what, uint32_t& id) -> bool {
    if (!raw.has(field)) {
      return true;
    }
    id = Lookup(table, raw.text(field));
    if (id == TAKT_NONE) {
      error = fmt::format("unknown {} `{}`", what, raw.text(field));
      return false;
    }
    return true;
  };
  const uint32_t accepted = kAcceptedFields[event.kind];
  auto accepts = [accepted](Field field) { return ((accepted >> field) & 1u) != 0; };
  if (accepts(kWorkcenter) && !resolve(kWorkcenter, workcenters, "workcenter", event.workcenter)) {
    return false;
  }
  if (accepts(kControl) && !resolve(kControl, controls, "control", event.control)) {
    return false;
  }
  if (accepts(kReason) && !resolve(kReason, reasons, "reason", event.reason)) {
    return false;
  }
  if (accepts(kRouting) && !resolve(kRouting, routings, "routing", event.routing)) {
    return false;
  }
  if (accepts(kDeviation) && !resolve(kDeviation, deviations, "deviation", event.deviation)) {
    return false;
  }
  if (accepts(kHandover) && !resolve(kHandover, handovers, "handover", event.handover)) {
    return false;
  }
  if (event.kind == TAKT_EVENT_APPROVE || event.kind == TAKT_EVENT_ACKNOWLEDGE) {
    if (!resolve(kBy, roles, "role", event.role)) {
      return false;
    }
  }
  if (raw.has(kRisk) && event.kind == TAKT_EVENT_APPROVE) {
    event.risk = Lookup(risks[event.deviation], raw.text(kRisk));
    if (event.risk == TAKT_NONE) {
      error = fmt::format("deviation `{}` has no risk level `{}`", exec.deviations[event.deviation].name,
                          raw.text(kRisk));
      return false;
    }
  }
  if (accepts(kCase)) {
    event.case_id = LookupName(case_names, raw.text(kCase));
    if (event.case_id == TAKT_NONE) {
      error = fmt::format("unknown case `{}`", raw.text(kCase));
      return false;
    }
    const uint32_t decl = case_decl_of[event.case_id];
    event.outcome = Lookup(outcomes[decl], raw.text(kOutcome));
    if (event.outcome == TAKT_NONE) {
      error = fmt::format("case `{}` has no outcome `{}`", exec.cases[decl].name, raw.text(kOutcome));
      return false;
    }
  }
  if (accepts(kOrder)) {
    event.order = LookupName(orders, raw.text(kOrder));
    if (event.order == TAKT_NONE && event.kind != TAKT_EVENT_RELEASE) {
      error = fmt::format("unknown order `{}`", raw.text(kOrder));
      return false;
    }
  }
  // Everything resolved: create what is new.
  if (event.kind == TAKT_EVENT_RELEASE && event.order == TAKT_NONE) {
    event.order = order_records.Add();
    orders.emplace(std::string(raw.text(kOrder)), event.order);
    order_names.emplace_back(raw.text(kOrder));
  }
  if (accepts(kLot) && raw.has(kLot)) {
    event.lot = InternLot(raw.text(kLot));
  }
  if (accepts(kBy) && raw.has(kBy) && event.kind != TAKT_EVENT_APPROVE && event.kind != TAKT_EVENT_ACKNOWLEDGE) {
    event.by = InternText(raw.text(kBy));
  }
  if (raw.has_op) {
    event.op = raw.op;
  }
  event.qty = raw.qty;
  event.value = raw.value;
  return true;
}

// Fires every timer due at or before `t`, in queue order, then sets the clock to `t`.
void Session::Impl::AdvanceTo(int64_t t) {
  if (!summary.started) {
    summary.started = true;
    now = t;
    exec.on_start(&exec, global_record.get(), t, &host);
  }
  while (!timers.empty() && timers.top().timer.due <= t) {
    const takt_timer timer = timers.top().timer;
    timers.pop();
    now = timer.due;
    ++summary.timers_fired;
    exec.on_timer(&exec, global_record.get(), &timer, &host);
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
  if (!ParseJson(data + begin, end - begin, capacity - begin, raw, error)) {
    RuntimeReject(TAKT_CAUSE_MALFORMED, error);
    return;
  }
  if (!raw.has_t) {
    RuntimeReject(TAKT_CAUSE_MALFORMED, "missing field `t`");
    return;
  }
  if (summary.started && raw.t < now) {
    char then[40];
    char current[40];
    const int then_length = FormatTimestamp(raw.t, then);
    const int current_length = FormatTimestamp(now, current);
    RuntimeReject(TAKT_CAUSE_TIME_BACKWARDS,
                  fmt::format("`t` {} is before the current time {}", std::string_view(then, then_length),
                              std::string_view(current, current_length)));
    return;
  }
  AdvanceTo(raw.t);
  takt_event event;
  std::memset(&event, 0xff, sizeof event);
  event.t = raw.t;
  event.index = event_index;
  event.op = TAKT_NO_INT;
  event.qty = 0;
  event.value = 0;
  takt_cause cause = TAKT_CAUSE_MALFORMED;
  if (!Resolve(raw, event, cause, error)) {
    RuntimeReject(cause, error);
    return;
  }
  if (event.kind != TAKT_EVENT_TICK) {
    exec.on_event(&exec, global_record.get(), &event, &host);
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
  if (!impl_->out.empty()) {
    impl_->sink.Write(impl_->out);
    impl_->out.clear();
  }
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
