// Diagnostic records and the emitter that builds them. Stages emit through `Diagnostics`
// with a kind from kind.def and a primary span; consumers (renderers, the exit code) decide
// what the user sees. Records hold spans, never line numbers: those are computed at rendering.
#ifndef TAKT_COMPILER_DIAGNOSTICS_DIAGNOSTIC_H_
#define TAKT_COMPILER_DIAGNOSTICS_DIAGNOSTIC_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "compiler/source/source_manager.h"

namespace takt::diagnostics {

enum class Severity : uint8_t { Error, Warning };

enum class Group : uint8_t { Driver, Syntax, Names, Units, Ownership, Structure, Quality, Cases, Tests, Unused };

enum class Kind : uint16_t {
#define TAKT_DIAGNOSTIC(Name, Code, Severity, Group, Format) Name,
#include "compiler/diagnostics/kind.def"
};

struct KindInfo {
  Kind kind;
  std::string_view name;
  std::string_view code;
  Severity severity;
  Group group;
  std::string_view format;
};

auto GetKindInfo(Kind kind) -> const KindInfo&;
auto AllKinds() -> std::span<const KindInfo>;
// Looks a code up (`T0203`, case-insensitive); nullptr when there is none.
auto FindKindByCode(std::string_view code) -> const KindInfo*;
auto GroupName(Group group) -> std::string_view;

struct Label {
  source::Span span;
  std::string message;
};

// A suggested edit: replace `span` by `replacement`. Only attached when it surely matches the
// intent (a unique "did you mean" candidate); renderers show it in the help line.
struct FixIt {
  source::Span span;
  std::string replacement;
};

struct Diagnostic {
  Kind kind;
  Severity severity;
  std::string message;
  Label primary;
  std::vector<Label> secondary;
  std::vector<std::string> notes;
  std::vector<std::string> help;
  std::optional<FixIt> fix;
};

class Diagnostics;

// Returned by `Diagnostics::Emit`; attaches secondary labels, notes and help to the record just
// emitted. Holds an index, not a pointer, so later emits cannot invalidate it.
class DiagnosticBuilder {
 public:
  DiagnosticBuilder(Diagnostics& sink, size_t index) : sink_(&sink), index_(index) {}
  auto Primary(std::string label) -> DiagnosticBuilder&;
  auto Secondary(source::Span span, std::string label) -> DiagnosticBuilder&;
  auto Note(std::string note) -> DiagnosticBuilder&;
  auto Help(std::string help) -> DiagnosticBuilder&;
  auto Fix(source::Span span, std::string replacement) -> DiagnosticBuilder&;

 private:
  auto record() -> Diagnostic&;
  Diagnostics* sink_;
  size_t index_;
};

class Diagnostics {
 public:
  template <typename... Args>
  auto Emit(Kind kind, source::Span span, const Args&... args) -> DiagnosticBuilder {
    const KindInfo& info = GetKindInfo(kind);
    return Add(kind, span, fmt::format(fmt::runtime(info.format), args...));
  }

  auto records() const -> const std::vector<Diagnostic>& { return records_; }
  auto error_count() const -> size_t;
  auto warning_count() const -> size_t;
  auto has_errors() const -> bool { return error_count() > 0; }
  // Sorts by (file, offset, code) so output never depends on the order checks ran in.
  void SortByLocation();
  // `--werror`: every warning becomes an error.
  void PromoteWarnings();
  void Append(const Diagnostics& other);

 private:
  friend class DiagnosticBuilder;
  auto Add(Kind kind, source::Span span, std::string message) -> DiagnosticBuilder;
  std::vector<Diagnostic> records_;
};

// Levenshtein distance, the measure behind every "did you mean".
auto EditDistance(std::string_view a, std::string_view b) -> size_t;
// The closest candidate within a distance proportional to the name's length, if any.
auto ClosestMatch(std::string_view name, std::span<const std::string_view> candidates)
    -> std::optional<std::string_view>;

}  // namespace takt::diagnostics

#endif  // TAKT_COMPILER_DIAGNOSTICS_DIAGNOSTIC_H_
