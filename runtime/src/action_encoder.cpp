#include "runtime/src/action_encoder.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <iterator>

#include "takt/names.h"
#include "takt/timestamp.h"

namespace takt::runtime {

template <typename NameOf>
ActionEncoder::KeyedNames::KeyedNames(std::string_view key, uint32_t count, const NameOf& name_of) {
  entries_.reserve(count);
  for (uint32_t i = 0; i < count; ++i) {
    std::string entry = fmt::format(",\"{}\":", key);
    AppendString(entry, name_of(i));
    entries_.push_back(std::move(entry));
  }
}

// The name at `i` of a registry, `unknown` past its end.
template <typename Registry>
static auto OrUnknown(const Registry& names, uint32_t i) -> std::string_view {
  return i < names.size() ? names[i] : "unknown";
}

ActionEncoder::ActionEncoder(const takt_executor& exec, const Entities& entities, ActionSink& sink)
    : exec_(exec),
      entities_(entities),
      sink_(sink),
      actions_("action", TAKT_ACTION_KIND_COUNT + 1, [](uint32_t i) { return OrUnknown(kActionKindNames, i); }),
      causes_("cause", TAKT_CAUSE_COUNT + 1, [](uint32_t i) { return OrUnknown(kCauseNames, i); }),
      reject_reasons_("reason", TAKT_REJECT_REASON_COUNT, [](uint32_t i) { return kRejectReasonNames[i]; }),
      spc_rules_("spc_rule", TAKT_SPC_RULE_COUNT, [](uint32_t i) { return kSpcRuleNames[i]; }),
      items_("item", TAKT_REPORT_ITEM_COUNT, [](uint32_t i) { return kReportItemKeys[i]; }),
      losses_("loss", TAKT_LOSS_CLASS_COUNT, [](uint32_t i) { return kLossClassNames[i]; }),
      rules_("rule", exec.rule_count, [&](uint32_t i) { return exec.rules[i].name; }),
      src_("src", exec.rule_count,
           [&](uint32_t i) {
             const takt_rule& rule = exec.rules[i];
             return fmt::format("{}:{}:{}", rule.file, rule.line, rule.col);
           }),
      roles_("role", exec.role_count, [&](uint32_t i) { return exec.roles[i].name; }),
      workcenters_("workcenter", exec.workcenter_count, [&](uint32_t i) { return exec.workcenters[i].name; }),
      lines_("line", exec.line_count, [&](uint32_t i) { return exec.lines[i]; }),
      reasons_("reason", exec.reason_count, [&](uint32_t i) { return exec.reasons[i].name; }),
      controls_("control", exec.control_count, [&](uint32_t i) { return exec.controls[i]; }),
      cases_("case", exec.case_count, [&](uint32_t i) { return exec.cases[i].name; }),
      deviations_("deviation", exec.deviation_count, [&](uint32_t i) { return exec.deviations[i].name; }),
      handovers_("handover", exec.handover_count, [&](uint32_t i) { return exec.handovers[i]; }),
      materials_("material", exec.material_count, [&](uint32_t i) { return exec.materials[i]; }),
      qualifications_("qualification", exec.qualification_count,
                      [&](uint32_t i) { return exec.qualifications[i]; }) {
  for (uint32_t decl = 0; decl < exec.case_count; ++decl) {
    const takt_case_decl& declared = exec.cases[decl];
    outcomes_.emplace_back("outcome", declared.outcome_count, [&](uint32_t i) { return declared.outcomes[i]; });
  }
  out_.reserve(1 << 20);
}

// The length of the well-formed UTF-8 sequence at the start of `text` (RFC 3629: no overlong
// forms, no surrogates, nothing past U+10FFFF), 0 when there is none.
static auto Utf8SequenceLength(std::string_view text) -> size_t {
  const auto byte = [&](size_t i) { return i < text.size() ? static_cast<unsigned char>(text[i]) : 0u; };
  const unsigned lead = byte(0);
  const auto continuation = [&](size_t i) { return (byte(i) & 0xc0u) == 0x80u; };
  if (lead >= 0xc2 && lead <= 0xdf) {
    return continuation(1) ? 2 : 0;
  }
  if (lead >= 0xe0 && lead <= 0xef) {
    const unsigned second = byte(1);
    const bool ok = lead == 0xe0 ? second >= 0xa0 && second <= 0xbf
                    : lead == 0xed ? second >= 0x80 && second <= 0x9f
                                   : continuation(1);
    return ok && continuation(2) ? 3 : 0;
  }
  if (lead >= 0xf0 && lead <= 0xf4) {
    const unsigned second = byte(1);
    const bool ok = lead == 0xf0 ? second >= 0x90 && second <= 0xbf
                    : lead == 0xf4 ? second >= 0x80 && second <= 0x8f
                                   : continuation(1);
    return ok && continuation(2) && continuation(3) ? 4 : 0;
  }
  return 0;
}

// Writes `text` as a JSON string. Names from the input are valid UTF-8 (the decoder checks), but
// a source file name is bytes: each byte that starts no well-formed UTF-8 sequence becomes
// U+FFFD, so an action line is always valid JSON.
void ActionEncoder::AppendString(std::string& out, std::string_view text) {
  // Nearly every name is printable ASCII with no quote or backslash: copied whole, with no
  // per-byte append.
  const bool plain = std::all_of(text.begin(), text.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte >= 0x20 && byte < 0x80 && c != '"' && c != '\\';
  });
  if (plain) {
    out.push_back('"');
    out.append(text);
    out.push_back('"');
    return;
  }
  out.push_back('"');
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (byte < 0x20) {
      static constexpr char kHex[] = "0123456789abcdef";
      out.append("\\u00");
      out.push_back(kHex[byte >> 4]);
      out.push_back(kHex[byte & 0xf]);
    } else if (byte < 0x80) {
      out.push_back(c);
    } else if (const size_t length = Utf8SequenceLength(text.substr(i)); length != 0) {
      out.append(text.substr(i, length));
      i += length - 1;
    } else {
      out.append("\\ufffd");
    }
  }
  out.push_back('"');
}

void ActionEncoder::PutKey(std::string_view key) {
  out_.push_back(',');
  out_.push_back('"');
  out_.append(key);
  out_.append("\":");
}

void ActionEncoder::PutInt(int64_t value) {
  const fmt::format_int text(value);
  out_.append(text.data(), text.size());
}

// The shortest text that reads back as `value`; JSON has no infinity or NaN, so those are null.
void ActionEncoder::PutNumber(double value) {
  if (!std::isfinite(value)) {
    out_.append("null");
    return;
  }
  fmt::format_to(std::back_inserter(out_), "{}", value);
}

void ActionEncoder::PutTime(int64_t ms, TimeText& last) {
  if (ms != last.ms || last.text.empty()) {
    char buffer[40];
    buffer[0] = '"';
    const int length = FormatTimestamp(ms, buffer + 1);
    buffer[length + 1] = '"';
    last.ms = ms;
    last.text.assign(buffer, static_cast<size_t>(length) + 2);
  }
  out_.append(last.text);
}

// Minutes to at most 3 decimals, rounded half up, without trailing zeros: 450, 12.5, 0.017.
void ActionEncoder::PutMinutes(std::string_view key, int64_t ms) {
  if (ms == TAKT_NO_INT || ms < 0) {
    return;
  }
  PutKey(key);
  const int64_t thousandths = ms / 60 + (ms % 60 >= 30 ? 1 : 0);
  PutInt(thousandths / 1000);
  int64_t fraction = thousandths % 1000;
  if (fraction == 0) {
    return;
  }
  int digits = 3;
  while (fraction % 10 == 0) {
    fraction /= 10;
    --digits;
  }
  char text[4];
  for (int i = digits - 1; i >= 0; --i) {
    text[i] = static_cast<char>('0' + fraction % 10);
    fraction /= 10;
  }
  out_.push_back('.');
  out_.append(text, static_cast<size_t>(digits));
}

// The ratio num / den to exactly 4 decimals, rounded half up from the exact quotient (no
// floating point, no locale): both executors hand over the same integers, so the text is the
// same. Nothing when den is 0: the ratio is undefined (docs/oee.md).
void ActionEncoder::PutRatio(std::string_view key, unsigned __int128 num, unsigned __int128 den) {
  if (den == 0) {
    return;
  }
  // Exact for every plausible plant; past that, both scaled down alike so nothing overflows.
  while (den >> 100 != 0 || num >> 100 != 0) {
    num >>= 1;
    den >>= 1;
  }
  if (den == 0) {
    return;
  }
  const unsigned __int128 e4 = (num * 20000 + den) / (den * 2);
  PutKey(key);
  PutInt(static_cast<int64_t>(e4 / 10000));
  const auto fraction = static_cast<int>(e4 % 10000);
  const char text[5] = {static_cast<char>('0' + fraction / 1000), static_cast<char>('0' + fraction / 100 % 10),
                        static_cast<char>('0' + fraction / 10 % 10), static_cast<char>('0' + fraction % 10), '\0'};
  out_.push_back('.');
  out_.append(text, 4);
}

// The numbers of an `oee` or `loss` report item: the executor gives times in ms and counts,
// the runtime writes minutes and the ratios they define (docs/oee.md).
void ActionEncoder::PutOee(const takt_action& action) {
  Put(losses_, action.loss);
  PutMinutes("planned_min", action.planned_ms);
  PutMinutes("stop_min", action.stop_ms);
  PutMinutes("run_min", action.run_ms);
  if (action.good != TAKT_NO_INT) {
    PutKey("good");
    PutInt(action.good);
  }
  if (action.scrap != TAKT_NO_INT) {
    PutKey("scrap");
    PutInt(action.scrap);
  }
  if (action.planned_ms == TAKT_NO_INT || action.run_ms == TAKT_NO_INT || action.ideal_ms == TAKT_NO_INT ||
      action.good == TAKT_NO_INT || action.scrap == TAKT_NO_INT || action.planned_ms < 0 || action.run_ms < 0 ||
      action.ideal_ms < 0 || action.good < 0 || action.scrap < 0) {
    return;
  }
  using U128 = unsigned __int128;
  const auto planned = static_cast<U128>(action.planned_ms);
  const auto run = static_cast<U128>(action.run_ms);
  const auto ideal = static_cast<U128>(action.ideal_ms);
  const auto good = static_cast<U128>(action.good);
  const U128 pieces = good + static_cast<U128>(action.scrap);
  PutRatio("availability", run, planned);
  PutRatio("performance", ideal, run);
  PutRatio("quality", good, pieces);
  // availability x performance x quality, with run cancelled: exact, not a product of roundings.
  if (planned != 0 && run != 0 && pieces != 0) {
    PutRatio("oee", ideal * good, planned * pieces);
  }
}

void ActionEncoder::FlushIfLarge() {
  if (out_.size() >= (1u << 20)) {
    sink_.Write(out_);
    out_.clear();
  }
}

void ActionEncoder::PutStamp(const ActionStamp& stamp) {
  out_.append("{\"t\":");
  if (stamp.started) {
    PutTime(stamp.now, last_t_);
  } else {
    out_.append("null");
  }
  PutKey("event");
  PutInt(stamp.event_index);
}

void ActionEncoder::PutNames(std::string_view key, int64_t mask, const char* const* names, uint32_t count) {
  if (mask == TAKT_NO_INT || mask == 0) {
    return;
  }
  PutKey(key);
  out_.push_back('[');
  bool first = true;
  for (uint32_t i = 0; i < count && i < 63; ++i) {
    if ((mask >> i) & 1) {
      if (!first) {
        out_.push_back(',');
      }
      first = false;
      PutString(names[i]);
    }
  }
  out_.push_back(']');
}

void ActionEncoder::Encode(const takt_action& action, const ActionStamp& stamp) {
  PutStamp(stamp);
  Put(actions_, std::min(action.kind, uint32_t{TAKT_ACTION_KIND_COUNT}));
  const bool has_rule = action.rule < exec_.rule_count;
  if (has_rule) {
    Put(rules_, action.rule);
  } else {
    out_.append(",\"rule\":\"<input>\"");
  }
  Put(causes_, std::min(action.cause, uint32_t{TAKT_CAUSE_COUNT}));
  if (has_rule) {
    Put(src_, action.rule);
  } else {
    out_.append(",\"src\":\"<input>:");
    PutInt(static_cast<int64_t>(stamp.line_number));
    out_.push_back('"');
  }
  Put(roles_, action.role);
  Put(workcenters_, action.workcenter);
  Put(lines_, action.line);
  Put(action.kind == TAKT_ACTION_REJECT ? reject_reasons_ : reasons_,
      action.kind == TAKT_ACTION_REJECT ? action.reject_reason : action.reason);
  Put(controls_, action.control);
  Put(spc_rules_, action.spc_rule);
  if (action.lot < entities_.lot_names.size()) {
    PutKey("lot");
    PutString(entities_.lot_names[action.lot]);
  }
  if (action.order < entities_.order_names.size()) {
    PutKey("order");
    PutString(entities_.order_names[action.order]);
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
  if (action.case_id < entities_.case_ids.size()) {
    const uint32_t decl = entities_.case_decl_of[action.case_id];
    Put(cases_, decl);
    PutKey("id");
    PutString(entities_.case_ids[action.case_id]);
    Put(outcomes_[decl], action.outcome);
  }
  if (action.by < entities_.text_names.size()) {
    PutKey("by");
    PutString(entities_.text_names[action.by]);
  }
  if (action.meaning < exec_.meaning_count) {
    PutKey("meaning");
    PutString(exec_.meanings[action.meaning]);
    // With a roster (a signature demands one) `by` is the person's index (runtime.h).
    if (action.by < exec_.person_count) {
      PutKey("signer");
      PutString(exec_.person_names[action.by]);
    }
  }
  if (action.due != TAKT_NO_INT) {
    PutKey("due");
    PutTime(action.due, last_due_);
  }
  Put(deviations_, action.deviation);
  Put(handovers_, action.handover);
  Put(items_, action.item);
  if (action.since != TAKT_NO_INT) {
    PutKey("since");
    PutTime(action.since, last_since_);
  }
  PutOee(action);
  Put(materials_, action.material);
  if (action.material_lot < entities_.text_names.size()) {
    PutKey("material_lot");
    PutString(entities_.text_names[action.material_lot]);
  }
  if (action.kind == TAKT_ACTION_GENEALOGY) {
    PutKey("quantity");
    PutNumber(action.quantity);
  }
  if (action.expected != TAKT_NO_INT) {
    PutKey("expected");
    PutInt(action.expected);
  }
  if (action.received != TAKT_NO_INT) {
    PutKey("received");
    PutInt(action.received);
  }
  for (size_t i = 0; i < kReportItemKeys.size(); ++i) {
    if (action.counts[i] != TAKT_NO_INT) {
      PutKey(kReportItemKeys[i]);
      PutInt(action.counts[i]);
    }
  }
  if (action.rev != TAKT_NO_INT) {
    PutKey("rev");
    PutInt(action.rev);
  }
  if (action.required_rev != TAKT_NO_INT) {
    PutKey("required_rev");
    PutInt(action.required_rev);
  }
  Put(qualifications_, action.qualification);
  PutNames("missing_evidence", action.missing_evidence, exec_.evidence, exec_.evidence_count);
  PutNames("missing_fields", action.missing_fields, exec_.fields, exec_.field_count);
  out_.append("}\n");
  FlushIfLarge();
}

void ActionEncoder::EncodeRuntimeMessage(takt_action_kind kind, takt_cause cause, std::string_view message,
                                         const ActionStamp& stamp) {
  PutStamp(stamp);
  Put(actions_, kind);
  out_.append(",\"rule\":\"<input>\"");
  Put(causes_, cause);
  out_.append(",\"src\":\"<input>:");
  PutInt(static_cast<int64_t>(stamp.line_number));
  out_.push_back('"');
  PutKey("reason");
  PutString(message);
  PutKey("input_line");
  PutInt(static_cast<int64_t>(stamp.line_number));
  out_.append("}\n");
  FlushIfLarge();
}

void ActionEncoder::Flush() {
  if (!out_.empty()) {
    sink_.Write(out_);
    out_.clear();
  }
}

}  // namespace takt::runtime
