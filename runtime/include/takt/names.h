// Host API (C++): the ABI's closed lists as C++ tables, generated from the registries beside
// runtime.h (event_kind.def, action_kind.def, cause.def, reject_reason.def, rule_kind.def,
// spc_rule.def, report_item.def). For the runtime's decoder and encoder, and for every tool
// that reads or writes event and action lines (the compiler's check, tester, xir printer, the
// driver). A table is indexed by its enum's value; the static_asserts break the build when a
// registry's values stop being dense, or a table has a name too few or too many.
#ifndef TAKT_RUNTIME_INCLUDE_TAKT_NAMES_H_
#define TAKT_RUNTIME_INCLUDE_TAKT_NAMES_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "takt/runtime.h"

namespace takt::runtime {

// A table with one entry per registry entry, in enum order. The size is checked, not declared:
// `std::array<T, kCount> x = {…}` with an entry too few would compile and leave a hole.
template <size_t kCount, typename T, size_t kSize>
consteval auto RegistryTable(const T (&entries)[kSize]) -> std::array<T, kCount> {
  static_assert(kSize == kCount, "a registry table needs exactly one entry per registry entry");
  std::array<T, kCount> table{};
  for (size_t i = 0; i < kSize; ++i) {
    table[i] = entries[i];
  }
  return table;
}

// True when `values` are 0, 1, 2, …: the enum value of an entry is its index in every table.
template <size_t kSize>
consteval auto IsDense(const uint32_t (&values)[kSize]) -> bool {
  for (size_t i = 0; i < kSize; ++i) {
    if (values[i] != i) {
      return false;
    }
  }
  return true;
}

inline constexpr auto kEventKindNames = RegistryTable<TAKT_EVENT_KIND_COUNT, std::string_view>({
#define TAKT_EVENT_KIND(KIND, type, value) type,
#include "takt/event_kind.def"
});
static_assert(IsDense({
#define TAKT_EVENT_KIND(KIND, type, value) value,
#include "takt/event_kind.def"
}));

inline constexpr auto kActionKindNames = RegistryTable<TAKT_ACTION_KIND_COUNT, std::string_view>({
#define TAKT_ACTION_KIND(KIND, name, value) name,
#include "takt/action_kind.def"
});
static_assert(IsDense({
#define TAKT_ACTION_KIND(KIND, name, value) value,
#include "takt/action_kind.def"
}));

inline constexpr auto kCauseNames = RegistryTable<TAKT_CAUSE_COUNT, std::string_view>({
#define TAKT_CAUSE(CAUSE, name, value) name,
#include "takt/cause.def"
});
static_assert(IsDense({
#define TAKT_CAUSE(CAUSE, name, value) value,
#include "takt/cause.def"
}));

inline constexpr auto kRejectReasonNames = RegistryTable<TAKT_REJECT_REASON_COUNT, std::string_view>({
#define TAKT_REJECT_REASON(REASON, name, value) name,
#include "takt/reject_reason.def"
});
static_assert(IsDense({
#define TAKT_REJECT_REASON(REASON, name, value) value,
#include "takt/reject_reason.def"
}));

inline constexpr auto kRuleKindNames = RegistryTable<TAKT_RULE_KIND_COUNT, std::string_view>({
#define TAKT_RULE_KIND(KIND, name, value) name,
#include "takt/rule_kind.def"
});
static_assert(IsDense({
#define TAKT_RULE_KIND(KIND, name, value) value,
#include "takt/rule_kind.def"
}));

inline constexpr auto kSpcRuleNames = RegistryTable<TAKT_SPC_RULE_COUNT, std::string_view>({
#define TAKT_SPC_RULE(Name, NAME, name, window, Family) name,
#include "takt/spc_rule.def"
});

// Points of history each SPC rule inspects, the current one included.
inline constexpr auto kSpcRuleWindows = RegistryTable<TAKT_SPC_RULE_COUNT, int>({
#define TAKT_SPC_RULE(Name, NAME, name, window, Family) window,
#include "takt/spc_rule.def"
});

inline constexpr auto kLossClassNames = RegistryTable<TAKT_LOSS_CLASS_COUNT, std::string_view>({
#define TAKT_LOSS_CLASS(Name, NAME, name) name,
#include "takt/loss_class.def"
});

// JSON keys of takt_action.counts, and the words a standard writes after `report`.
inline constexpr auto kReportItemKeys = RegistryTable<TAKT_REPORT_ITEM_COUNT, std::string_view>({
#define TAKT_REPORT_ITEM(Name, NAME, key, words) key,
#include "takt/report_item.def"
});
inline constexpr auto kReportItemWords = RegistryTable<TAKT_REPORT_ITEM_COUNT, std::string_view>({
#define TAKT_REPORT_ITEM(Name, NAME, key, words) words,
#include "takt/report_item.def"
});

// ---- The fields of event lines (event_kind.def). ---------------------------------------------

// A key of an input line.
enum class EventKey : uint8_t {
#define TAKT_EVENT_KEY(Key, key, Json) Key,
#include "takt/event_kind.def"
};
inline constexpr size_t kEventKeyCount = 0
#define TAKT_EVENT_KEY(Key, key, Json) +1
#include "takt/event_kind.def"
    ;

// How a key's value is written in JSON.
enum class EventJson : uint8_t { Time, String, Number, Integer, NameList, NameTexts };

struct EventKeyInfo {
  std::string_view name;
  EventJson json;
};
inline constexpr auto kEventKeys = RegistryTable<kEventKeyCount, EventKeyInfo>({
#define TAKT_EVENT_KEY(Key, key, Json) EventKeyInfo{key, EventJson::Json},
#include "takt/event_kind.def"
});

// What a field's value names; in the order the runtime resolves an event's fields.
enum class EventFieldType : uint8_t {
#define TAKT_EVENT_FIELD_TYPE(Type, what) Type,
#include "takt/event_kind.def"
};
inline constexpr size_t kEventFieldTypeCount = 0
#define TAKT_EVENT_FIELD_TYPE(Type, what) +1
#include "takt/event_kind.def"
    ;
// "a workcenter", "a number": for messages.
inline constexpr auto kEventFieldTypeDescriptions = RegistryTable<kEventFieldTypeCount, std::string_view>({
#define TAKT_EVENT_FIELD_TYPE(Type, what) what,
#include "takt/event_kind.def"
});

// A key an event kind accepts besides `t` and `type`.
struct EventField {
  uint32_t kind;  // takt_event_kind
  EventKey key;
  EventFieldType type;
  bool required;
  // A test step writes it right after the verb, without its key (`down press_01`).
  bool positional;
};

namespace internal {
enum EventFieldPresence : bool { Optional = false, Required = true };
enum EventFieldSyntax : bool { Keyed = false, Positional = true };

// Every kind's fields, kind after kind, in registry order.
inline constexpr EventField kEventFields[] = {
#define TAKT_EVENT_FIELD(KIND, Key, Type, Presence, Syntax) \
  {TAKT_EVENT_##KIND, EventKey::Key, EventFieldType::Type, Presence, Syntax},
#include "takt/event_kind.def"
};

struct FieldRange {
  uint32_t begin = 0;
  uint32_t count = 0;
};

// Where each kind's fields start in kEventFields. Fails to compile when a kind's fields are not
// listed together, right after the kind.
inline constexpr auto kEventFieldRanges = [] {
  std::array<FieldRange, TAKT_EVENT_KIND_COUNT> ranges{};
  uint32_t kind = 0;
  for (uint32_t i = 0; i < std::size(kEventFields); ++i) {
    if (kEventFields[i].kind != kind) {
      if (kEventFields[i].kind < kind || ranges[kEventFields[i].kind].count != 0) {
        throw "event_kind.def: list a kind's fields together, after the kind";
      }
      kind = kEventFields[i].kind;
      ranges[kind].begin = i;
    }
    ++ranges[kind].count;
  }
  return ranges;
}();
}  // namespace internal

// The fields an event kind accepts, in registry order.
constexpr auto EventFieldsOf(uint32_t kind) -> std::span<const EventField> {
  if (kind >= TAKT_EVENT_KIND_COUNT) {
    return {};
  }
  const internal::FieldRange range = internal::kEventFieldRanges[kind];
  return std::span<const EventField>(internal::kEventFields).subspan(range.begin, range.count);
}

}  // namespace takt::runtime

#endif  // TAKT_RUNTIME_INCLUDE_TAKT_NAMES_H_
