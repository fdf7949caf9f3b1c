#include "runtime/src/event_decoder.h"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <utility>

#include "runtime/src/event_keys.h"
#include "runtime/src/flat_event.h"
#include "runtime/src/json_validator.h"
#include "runtime/src/name_index.h"
#include "takt/timestamp.h"

namespace takt::runtime {

namespace {

constexpr NameIndex<TAKT_EVENT_KIND_COUNT> kEventKindIndex(kEventKindNames);

// Each kind's fields sorted by type, the order in which Resolve looks them up: declared names
// before created entities, a case before its outcome, a deviation before its risk level.
struct ResolveOrder {
  static constexpr size_t kMaxFields = 8;
  std::array<EventField, kMaxFields> fields{};
  uint32_t count = 0;
  uint32_t required = 0;  // Bit per EventKey: the kind's required keys, checked all at once.
  uint32_t accepted = 0;  // Bit per EventKey: `t`, `type` and the kind's fields; others are refused.
  bool has_quantity = false;  // A field that must be positive (Quantity, Amount) or not negative (Pieces).
};

constexpr auto kResolveOrders = [] {
  std::array<ResolveOrder, TAKT_EVENT_KIND_COUNT> orders{};
  for (uint32_t kind = 0; kind < TAKT_EVENT_KIND_COUNT; ++kind) {
    ResolveOrder& order = orders[kind];
    order.accepted = 1u << static_cast<unsigned>(EventKey::T) | 1u << static_cast<unsigned>(EventKey::Type);
    for (const EventField& field : EventFieldsOf(kind)) {
      if (order.count == ResolveOrder::kMaxFields) {
        throw "an event kind has more fields than ResolveOrder::kMaxFields";
      }
      uint32_t at = order.count++;
      while (at > 0 && order.fields[at - 1].type > field.type) {
        order.fields[at] = order.fields[at - 1];
        --at;
      }
      order.fields[at] = field;
      if (field.required) {
        order.required |= 1u << static_cast<unsigned>(field.key);
      }
      order.accepted |= 1u << static_cast<unsigned>(field.key);
      order.has_quantity = order.has_quantity || field.type == EventFieldType::Quantity ||
                           field.type == EventFieldType::Pieces || field.type == EventFieldType::Amount;
    }
  }
  return orders;
}();

// Keys that start with it are the producer's own: checked as JSON, otherwise ignored.
constexpr std::string_view kExtensionPrefix = "x_";

constexpr auto ToLowerAscii(char c) -> char { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

auto KeyName(EventKey key) -> std::string_view { return kEventKeys[static_cast<size_t>(key)].name; }

// A name mask has a bit per name of its table, bit 63 excepted (TAKT_NO_INT marks an absent mask
// in actions): at most 63 names, which the checker guarantees for the descriptor's tables.
constexpr size_t kMaxNames = 63;

}  // namespace

EventDecoder::EventDecoder(const takt_executor& exec, Entities& entities)
    : exec_(exec), entities_(entities), declared_(exec) {}

// A number's text, without the whitespace On-Demand keeps after a token. Takes the token, not
// the value: a value whose address escapes lives in memory, and every On-Demand call on it in
// the decoding loop then costs loads and stores (a tenth of a line's decoding).
[[gnu::cold, gnu::noinline]] static auto TrimToken(std::string_view token) -> std::string_view {
  while (!token.empty() && (token.back() == ' ' || token.back() == '\t' || token.back() == '\r')) {
    token.remove_suffix(1);
  }
  return token;
}

// Whether `a` and `b` differ, ignoring ASCII case, by at most one character added, dropped or
// changed, or two neighbours swapped: close enough to propose `b` for a misspelled key (`Lot`,
// `lots`, `workcentre`). The keys are short words; a full edit distance would find no more.
static auto CloseKey(std::string_view a, std::string_view b) -> bool {
  auto same = [](char x, char y) { return ToLowerAscii(x) == ToLowerAscii(y); };
  if (a.size() < b.size()) {
    std::swap(a, b);
  }
  if (a.size() - b.size() > 1) {
    return false;
  }
  size_t i = 0;
  while (i < b.size() && same(a[i], b[i])) {
    ++i;
  }
  if (i == b.size()) {
    return true;
  }
  auto rest_same = [&](size_t from_a, size_t from_b) {
    return std::equal(a.begin() + static_cast<ptrdiff_t>(from_a), a.end(), b.begin() + static_cast<ptrdiff_t>(from_b),
                      b.end(), same);
  };
  if (a.size() != b.size()) {
    return rest_same(i + 1, i);
  }
  return rest_same(i + 1, i + 1) ||
         (i + 1 < a.size() && same(a[i], b[i + 1]) && same(a[i + 1], b[i]) && rest_same(i + 2, i + 2));
}

[[gnu::cold, gnu::noinline]] static auto UnknownKeyError(std::string_view key) -> std::string {
  for (const EventKeyInfo& known : kEventKeys) {
    if (CloseKey(key, known.name)) {
      return fmt::format("unknown key `{}` (did you mean `{}`?)", key, known.name);
    }
  }
  return fmt::format("unknown key `{}` (keys of your own start with `{}`)", key, kExtensionPrefix);
}

// The message for a number simdjson would not read as `want`: out of range when the token is a
// JSON number of the right shape, else what it is.
static auto NumberError(std::string_view token, std::string_view key, NumberSyntax want) -> std::string {
  const NumberSyntax syntax = ClassifyNumber(token);
  if (syntax == NumberSyntax::Invalid) {
    return fmt::format("invalid JSON: malformed number `{}`", token);
  }
  if (want == NumberSyntax::Integer && syntax == NumberSyntax::Real) {
    return fmt::format("`{}` is not an integer", key);
  }
  return fmt::format("`{}` is out of range: {}", key, token);
}

auto EventDecoder::Parse(const char* data, size_t length, size_t capacity, RawEvent& raw, std::string& error)
    -> bool {
  if (ScanFlatEvent(data, length, raw)) {
    return true;
  }
  raw.present = 0;
  return ParseJson(data, length, capacity, raw, error);
}

auto EventDecoder::ParseJson(const char* data, size_t length, size_t capacity, RawEvent& raw, std::string& error)
    -> bool {
  if (ParseFields(data, length, capacity, raw, error)) {
    return true;
  }
  // Whatever went wrong, a line that is not JSON says so first, and where (`"workcenter": tru`
  // is invalid JSON before it is a value of the wrong type).
  std::string json_error;
  const bool valid = ValidateJson(std::string_view(data, length), json_error);
  if (!valid && json_error.starts_with("invalid JSON")) {
    error = std::move(json_error);
  } else if (valid && error.starts_with("invalid JSON")) {
    // Valid JSON that simdjson still refused: nesting deeper than it tracks.
    error = "the line is valid JSON but nests too deeply for the runtime to read";
  }
  return false;
}

inline auto EventDecoder::ParseFields(const char* data, size_t length, size_t capacity, RawEvent& raw,
                               std::string& error) -> bool {
  using simdjson::ondemand::json_type;
  simdjson::ondemand::document doc;
  if (const simdjson::error_code code = parser_.iterate(data, length, capacity).get(doc); code != simdjson::SUCCESS) {
    error = code == simdjson::UTF8_ERROR ? "invalid JSON: the line is not valid UTF-8" : "invalid JSON";
    return false;
  }
  simdjson::ondemand::object object;
  const simdjson::error_code object_error = doc.get_object().get(object);
  if (object_error != simdjson::SUCCESS) {
    // On-Demand reports content after the object as an unfinished document.
    error = object_error == simdjson::INCORRECT_TYPE ? "not a JSON object" : "invalid JSON";
    return false;
  }
  // On-Demand skips the value of a key it is not asked for without checking it: the first such
  // key has the whole line checked. Known keys given twice are collected, checked once at the
  // end (a branch per key cost more).
  bool validated = false;
  uint32_t duplicates = 0;
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
    const uint32_t index = kEventKeyIndex.Find(key);
    if (index == TAKT_NONE) {
      // A producer's own data goes under `x_` keys; any other key is a typo until proved
      // otherwise (a misspelled `Lot` must not silently lose the lot).
      if (!key.starts_with(kExtensionPrefix)) {
        error = UnknownKeyError(key);
        return false;
      }
      if (!validated && !ValidateJson(std::string_view(data, length), error)) {
        return false;
      }
      validated = true;
      continue;
    }
    duplicates |= raw.present & (1u << index);
    const auto which = static_cast<EventKey>(index);
    RawEvent::Value& slot = raw.values[index];
    switch (kEventKeyJson[index]) {
      case EventJson::Time:
        if (type == json_type::string) {
          std::string_view text;
          if (value.get_string().get(text) != simdjson::SUCCESS) {
            error = "invalid JSON";
            return false;
          }
          const auto t = ParseTimestamp(text);
          if (!t) {
            error = fmt::format("`{}` is not an RFC 3339 timestamp: `{}`", key, text);
            return false;
          }
          slot.integer = *t;
        } else if (type == json_type::number) {
          if (value.get_int64().get(slot.integer) != simdjson::SUCCESS) {
            const std::string_view token = TrimToken(value.raw_json_token());
            const NumberSyntax syntax = ClassifyNumber(token);
            if (syntax != NumberSyntax::Integer) {
              error = syntax == NumberSyntax::Invalid
                          ? NumberError(token, key, NumberSyntax::Integer)
                          : fmt::format("`{}` is not an integer number of milliseconds", key);
              return false;
            }
            // Beyond int64: the time range check rejects it, naming the limit it is past.
            slot.integer = token.starts_with('-') ? INT64_MIN : INT64_MAX;
          }
        } else {
          error = fmt::format("`{}` is neither a timestamp string nor integer milliseconds", key);
          return false;
        }
        break;
      case EventJson::Number:
        if (type != json_type::number) {
          error = fmt::format("`{}` is not a number", key);
          return false;
        }
        if (value.get_double().get(slot.number) != simdjson::SUCCESS) {
          error = NumberError(TrimToken(value.raw_json_token()), key, NumberSyntax::Real);
          return false;
        }
        break;
      case EventJson::Integer:
        if (type != json_type::number) {
          error = fmt::format("`{}` is not an integer", key);
          return false;
        }
        if (value.get_int64().get(slot.integer) != simdjson::SUCCESS) {
          error = NumberError(TrimToken(value.raw_json_token()), key, NumberSyntax::Integer);
          return false;
        }
        break;
      case EventJson::NameList:
      case EventJson::NameTexts:
        if (!ParseNames(which, value, slot, error)) {
          return false;
        }
        break;
      case EventJson::String: {
        // `"reason": null` is an uncoded stop, the same as no reason.
        if (which == EventKey::Reason && type == json_type::null) {
          bool is_null = false;
          if (value.is_null().get(is_null) != simdjson::SUCCESS || !is_null) {
            error = "invalid JSON";
            return false;
          }
          continue;
        }
        std::string_view text;
        if (type != json_type::string) {
          error = fmt::format("`{}` is not a string", key);
          return false;
        }
        if (value.get_string().get(text) != simdjson::SUCCESS) {
          error = "invalid JSON";
          return false;
        }
        slot.text = {.data = text.data(), .size = text.size()};
        break;
      }
    }
    raw.present |= 1u << index;
  }
  // In 3.0 a document has no at_end(); a location inside the buffer means unread content.
  const char* location = nullptr;
  if (doc.current_location().get(location) == simdjson::SUCCESS) {
    error = "invalid JSON: trailing content after the event object";
    return false;
  }
  if (duplicates != 0) {
    error = fmt::format("duplicate key `{}`", kEventKeys[std::countr_zero(duplicates)].name);
    return false;
  }
  return true;
}

auto EventDecoder::ParseNames(EventKey key, simdjson::ondemand::value value, RawEvent::Value& slot,
                              std::string& error) -> bool {
  const bool texts = kEventKeyJson[static_cast<size_t>(key)] == EventJson::NameTexts;
  const DeclTable& table = key == EventKey::Evidence ? declared_.evidence : declared_.fields;
  slot.names = {.mask = 0, .unknown = nullptr, .unknown_size = 0};
  size_t count = 0;
  // Records one name; false (with `error`) when the list is too long or names it twice.
  auto add = [&](std::string_view name) {
    if (++count > kMaxNames) {
      error = fmt::format("`{}` has more than {} names", KeyName(key), kMaxNames);
      return false;
    }
    const uint32_t id = table.Find(name);
    if (id == TAKT_NONE || id >= kMaxNames) {
      if (slot.names.unknown == nullptr) {
        slot.names.unknown = name.data();
        slot.names.unknown_size = name.size();
      }
      return true;
    }
    if ((slot.names.mask >> id) & 1) {
      error = fmt::format("`{}` gives `{}` twice", KeyName(key), name);
      return false;
    }
    slot.names.mask |= int64_t{1} << id;
    return true;
  };
  if (!texts) {
    simdjson::ondemand::array array;
    if (value.get_array().get(array) != simdjson::SUCCESS) {
      error = fmt::format("`{}` is not an array of names", KeyName(key));
      return false;
    }
    for (auto element : array) {
      std::string_view name;
      if (element.get_string().get(name) != simdjson::SUCCESS) {
        error = fmt::format("`{}` is not an array of names", KeyName(key));
        return false;
      }
      if (!add(name)) {
        return false;
      }
    }
    return true;
  }
  simdjson::ondemand::object object;
  if (value.get_object().get(object) != simdjson::SUCCESS) {
    error = fmt::format("`{}` is not an object of texts", KeyName(key));
    return false;
  }
  for (auto member : object) {
    std::string_view name;
    std::string_view text;
    if (member.unescaped_key().get(name) != simdjson::SUCCESS) {
      error = "invalid JSON";
      return false;
    }
    if (member.value().get_string().get(text) != simdjson::SUCCESS) {
      error = fmt::format("`{}.{}` is not a string", KeyName(key), name);
      return false;
    }
    if (text.empty()) {
      error = fmt::format("`{}.{}` is empty", KeyName(key), name);
      return false;
    }
    if (!add(name)) {
      return false;
    }
  }
  return true;
}

// A person of the roster; the runtime interned them first, so the text symbol is their index.
inline auto EventDecoder::Person(std::string_view text, takt_event& event, std::string& error) -> bool {
  event.by = declared_.people.Find(text);
  if (event.by == TAKT_NONE) {
    error = fmt::format("unknown person `{}`: not on the roster", text);
    return false;
  }
  return true;
}

inline auto EventDecoder::ResolveField(const EventField& field, const RawEvent& raw, takt_event& event,
                                std::string& error) -> bool {
  const std::string_view text = raw.text(field.key);
  auto declared = [&](const DeclTable& table, std::string_view what, uint32_t& id) {
    id = table.Find(text);
    if (id == TAKT_NONE) {
      error = fmt::format("unknown {} `{}`", what, text);
      return false;
    }
    return true;
  };
  switch (field.type) {
    case EventFieldType::Workcenter: return declared(declared_.workcenters, "workcenter", event.workcenter);
    case EventFieldType::Control: return declared(declared_.controls, "control", event.control);
    case EventFieldType::Reason: return declared(declared_.reasons, "reason", event.reason);
    case EventFieldType::Routing: return declared(declared_.routings, "routing", event.routing);
    case EventFieldType::Deviation: return declared(declared_.deviations, "deviation", event.deviation);
    case EventFieldType::Handover: return declared(declared_.handovers, "handover", event.handover);
    // With a roster, `by` names a person (the executor then works out the role they act in).
    case EventFieldType::Role:
      return exec_.person_count > 0 ? Person(text, event, error) : declared(declared_.roles, "role", event.role);
    case EventFieldType::Material: return declared(declared_.materials, "material", event.material);
    case EventFieldType::Line: return declared(declared_.lines, "line", event.line);
    // Resolved after the deviation (the registry gives every kind with a risk a deviation).
    case EventFieldType::Risk:
      event.risk = declared_.risks[event.deviation].Find(text);
      if (event.risk == TAKT_NONE) {
        error = fmt::format("deviation `{}` has no risk level `{}`", exec_.deviations[event.deviation].name, text);
        return false;
      }
      return true;
    case EventFieldType::Case: {
      event.case_id = entities_.FindCase(text);
      if (event.case_id != TAKT_NONE) {
        return true;
      }
      // A declaration: the lot (and control, resolved before) address its open case.
      const uint32_t decl = declared_.case_decls.Find(text);
      if (decl == TAKT_NONE) {
        error = fmt::format("unknown case `{}`", text);
        return false;
      }
      event.case_id = entities_.OpenCaseOf(decl, raw.text(EventKey::Lot), event.control, error);
      return event.case_id != TAKT_NONE;
    }
    // Read by the case above; an address only, so nothing is created.
    case EventFieldType::CaseLot: return true;
    // Resolved after the case (the registry gives every kind with an outcome a case).
    case EventFieldType::Outcome: {
      const uint32_t decl = entities_.case_decl_of[event.case_id];
      event.outcome = declared_.outcomes[decl].Find(text);
      if (event.outcome == TAKT_NONE) {
        error = fmt::format("case `{}` has no outcome `{}`", exec_.cases[decl].name, text);
        return false;
      }
      return true;
    }
    case EventFieldType::Order:
      event.order = entities_.FindOrder(text);
      if (event.order == TAKT_NONE) {
        error = fmt::format("unknown order `{}`", text);
        return false;
      }
      return true;
    // From here on every lookup has succeeded: create what is new.
    case EventFieldType::NewOrder:
      event.order = entities_.FindOrder(text);
      if (event.order == TAKT_NONE) {
        event.order = entities_.AddOrder(text);
      }
      return true;
    case EventFieldType::ReleasedLot:
      event.lot = entities_.FindLot(text);
      if (event.lot == TAKT_NONE) {
        error = fmt::format("unknown lot `{}`: no order released it", text);
        return false;
      }
      return true;
    case EventFieldType::Lot: event.lot = entities_.InternLot(text); return true;
    case EventFieldType::Text:
      if (exec_.person_count > 0) {
        return Person(text, event, error);
      }
      event.by = entities_.InternText(text);
      return true;
    case EventFieldType::Number: event.value = raw.value(field.key).number; return true;
    case EventFieldType::OpNumber: event.op = raw.value(field.key).integer; return true;
    case EventFieldType::Quantity: event.qty = raw.value(field.key).integer; return true;
    case EventFieldType::MaterialLot: event.material_lot = entities_.InternText(text); return true;
    // The registry gives this type to `good` and `scrap` only.
    case EventFieldType::Pieces:
      (field.key == EventKey::Good ? event.good : event.scrap) = raw.value(field.key).integer;
      return true;
    case EventFieldType::Amount: event.quantity = raw.value(field.key).number; return true;
    case EventFieldType::Revision: event.rev = raw.value(field.key).integer; return true;
    case EventFieldType::Evidence:
    case EventFieldType::Fields: {
      const auto& names = raw.value(field.key).names;
      if (names.unknown != nullptr) {
        error = fmt::format("no {} `{}`",
                            field.type == EventFieldType::Evidence ? "case requires evidence" : "reason requires a field",
                            std::string_view(names.unknown, names.unknown_size));
        return false;
      }
      (field.type == EventFieldType::Evidence ? event.evidence : event.fields) = names.mask;
      return true;
    }
  }
  return false;
}

auto EventDecoder::Resolve(const RawEvent& raw, takt_event& event, takt_cause& cause, std::string& error)
    -> bool {
  cause = TAKT_CAUSE_MALFORMED;
  if (!raw.has(EventKey::Type)) {
    error = "missing field `type`";
    return false;
  }
  const std::string_view type = raw.text(EventKey::Type);
  event.kind = kEventKindIndex.Find(type);
  if (event.kind == TAKT_NONE) {
    cause = TAKT_CAUSE_UNKNOWN_NAME;
    error = fmt::format("unknown event type `{}`", type);
    return false;
  }
  const ResolveOrder& order = kResolveOrders[event.kind];
  if (const uint32_t foreign = raw.present & ~order.accepted; foreign != 0) {
    // A key of another kind would be ignored here: say so rather than drop what it says.
    error = fmt::format("`{}` is not a field of `{}` events", kEventKeys[std::countr_zero(foreign)].name, type);
    return false;
  }
  if ((raw.present & order.required) != order.required) {
    // The first missing one in registry order, as the message names one.
    for (const EventField& field : EventFieldsOf(event.kind)) {
      if (field.required && !raw.has(field.key)) {
        error = fmt::format("missing field `{}`", KeyName(field.key));
        return false;
      }
    }
  }
  for (uint32_t i = 0; order.has_quantity && i < order.count; ++i) {
    const EventField& field = order.fields[i];
    if (!raw.has(field.key)) {
      continue;
    }
    const RawEvent::Value& value = raw.value(field.key);
    const bool bad = field.type == EventFieldType::Quantity ? value.integer <= 0
                     : field.type == EventFieldType::Pieces ? value.integer < 0
                     : field.type == EventFieldType::Amount && !(value.number > 0);
    if (bad) {
      error = fmt::format("`{}` is {}", KeyName(field.key),
                          field.type == EventFieldType::Pieces ? "negative" : "not positive");
      return false;
    }
  }
  cause = TAKT_CAUSE_UNKNOWN_NAME;
  for (uint32_t i = 0; i < order.count; ++i) {
    const EventField& field = order.fields[i];
    if (raw.has(field.key) && !ResolveField(field, raw, event, error)) {
      return false;
    }
  }
  return true;
}

}  // namespace takt::runtime
