#include "compiler/diagnostics/diagnostic.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace takt::diagnostics {

static constexpr KindInfo kKinds[] = {
#define TAKT_DIAGNOSTIC(Name, Code, Sev, Grp, Args, Format) \
  {Kind::Name, #Name, Code, Severity::Sev, Group::Grp, Format},
#include "compiler/diagnostics/kind.def"
};

static constexpr RetiredInfo kRetired[] = {
#define TAKT_RETIRED(Name, Code, Grp) {#Name, Code, Group::Grp},
#include "compiler/diagnostics/kind.def"
};

auto RetiredKinds() -> std::span<const RetiredInfo> { return kRetired; }

auto GetKindInfo(Kind kind) -> const KindInfo& { return kKinds[static_cast<size_t>(kind)]; }

auto AllKinds() -> std::span<const KindInfo> { return kKinds; }

auto FindKindByCode(std::string_view code) -> const KindInfo* {
  for (const KindInfo& info : kKinds) {
    if (info.code.size() == code.size() &&
        std::equal(code.begin(), code.end(), info.code.begin(), [](char a, char b) {
          return std::toupper(static_cast<unsigned char>(a)) == b;
        })) {
      return &info;
    }
  }
  return nullptr;
}

auto GroupName(Group group) -> std::string_view {
  switch (group) {
    case Group::Driver: return "driver";
    case Group::Syntax: return "syntax";
    case Group::Names: return "names";
    case Group::Units: return "units";
    case Group::Ownership: return "ownership";
    case Group::Structure: return "structure";
    case Group::Quality: return "quality";
    case Group::Cases: return "cases";
    case Group::Tests: return "tests";
    case Group::Unused: return "unused";
  }
  return "unknown";
}

auto DiagnosticBuilder::record() -> Diagnostic& { return sink_->records_[index_]; }

auto DiagnosticBuilder::Primary(std::string label) -> DiagnosticBuilder& {
  record().primary.message = std::move(label);
  return *this;
}

auto DiagnosticBuilder::Secondary(source::Span span, std::string label) -> DiagnosticBuilder& {
  record().secondary.push_back(Label{.span = span, .message = std::move(label)});
  return *this;
}

auto DiagnosticBuilder::Note(std::string note) -> DiagnosticBuilder& {
  record().notes.push_back(std::move(note));
  return *this;
}

auto DiagnosticBuilder::Help(std::string help) -> DiagnosticBuilder& {
  record().help.push_back(std::move(help));
  return *this;
}

auto DiagnosticBuilder::Fix(source::Span span, std::string replacement) -> DiagnosticBuilder& {
  record().fix = FixIt{.span = span, .replacement = std::move(replacement)};
  return *this;
}

auto Diagnostics::Add(Kind kind, source::Span span, std::string message) -> DiagnosticBuilder {
  records_.push_back(Diagnostic{.kind = kind,
                                .severity = GetKindInfo(kind).severity,
                                .message = std::move(message),
                                .primary = Label{.span = span, .message = {}},
                                .secondary = {},
                                .notes = {},
                                .help = {},
                                .fix = std::nullopt});
  return DiagnosticBuilder(*this, records_.size() - 1);
}

auto Diagnostics::error_count() const -> size_t {
  return std::count_if(records_.begin(), records_.end(),
                       [](const Diagnostic& d) { return d.severity == Severity::Error; });
}

auto Diagnostics::warning_count() const -> size_t {
  return records_.size() - error_count();
}

void Diagnostics::SortByLocation() {
  std::stable_sort(records_.begin(), records_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    auto key = [](const Diagnostic& d) {
      return std::tuple(d.primary.span.file, d.primary.span.begin, GetKindInfo(d.kind).code);
    };
    return key(a) < key(b);
  });
}

void Diagnostics::PromoteWarnings() {
  for (Diagnostic& d : records_) {
    d.severity = Severity::Error;
  }
}

void Diagnostics::Append(const Diagnostics& other) {
  records_.insert(records_.end(), other.records_.begin(), other.records_.end());
}

auto EditDistance(std::string_view a, std::string_view b) -> size_t {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) {
    row[j] = j;
  }
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

auto ClosestMatch(std::string_view name, std::span<const std::string_view> candidates)
    -> std::optional<std::string_view> {
  // rustc's rule of thumb: a third of the name's length, at least one edit.
  size_t limit = std::max<size_t>(1, name.size() / 3);
  std::optional<std::string_view> best;
  size_t best_distance = limit + 1;
  for (std::string_view candidate : candidates) {
    size_t distance = EditDistance(name, candidate);
    if (distance < best_distance || (distance == best_distance && best && candidate < *best)) {
      best = candidate;
      best_distance = distance;
    }
  }
  if (best_distance > limit) {
    return std::nullopt;
  }
  return best;
}

}  // namespace takt::diagnostics
