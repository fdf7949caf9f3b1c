// Diagnostic records and the emitter that builds them. Stages emit through `Diagnostics`
// with a typed descriptor from kind.def (`diag::UnknownName`), a primary span and the
// descriptor's arguments; consumers (renderers, the exit code) decide what the user sees.
// Records hold spans, never line numbers: those are computed at rendering.
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
#define TAKT_DIAGNOSTIC(Name, Code, Severity, Group, Args, Format) Name,
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

// A code of kind.def's TAKT_RETIRED lines: emitted by nothing, never reused, still explained.
struct RetiredInfo {
  std::string_view name;
  std::string_view code;
  Group group;
};

auto RetiredKinds() -> std::span<const RetiredInfo>;

template <typename Arg>
using ArgType = typename Arg::Type;

// The emit-side view of one kind.def line, modelled on Carbon's DiagnosticBase<Args...>:
// `Args` are the argument types of the line, so `Diagnostics::Emit` accepts exactly those
// arguments, and `format` is an fmt::format_string whose consteval constructor checks every
// placeholder against them while the registry below is compiled.
template <typename... Args>
struct DiagnosticDescriptor {
  static constexpr size_t kArgCount = sizeof...(Args);
  Kind kind;
  fmt::format_string<ArgType<Args>...> format;
};

// True when the `{N}` placeholders of `format` use each argument 0 … arg_count - 1 and no
// other: fmt rejects a placeholder without an argument, this also rejects an argument without
// a placeholder. Automatic `{}` numbering is refused, so a format reads against its argument
// column. `{{` and `}}` are literal braces.
constexpr auto PlaceholdersMatch(std::string_view format, size_t arg_count) -> bool {
  constexpr size_t kMaxArgs = 64;
  uint64_t used = 0;
  for (size_t i = 0; i < format.size(); ++i) {
    bool doubled = i + 1 < format.size() && format[i + 1] == format[i];
    if (format[i] == '}') {
      if (!doubled) {
        return false;
      }
      ++i;
      continue;
    }
    if (format[i] != '{') {
      continue;
    }
    if (doubled) {
      ++i;
      continue;
    }
    size_t index = 0;
    size_t digits = 0;
    for (++i; i < format.size() && format[i] >= '0' && format[i] <= '9'; ++i, ++digits) {
      index = index * 10 + static_cast<size_t>(format[i] - '0');
      if (index >= kMaxArgs) {
        return false;
      }
    }
    // Skip a format spec (`{0:>4}`) to the closing brace.
    while (i < format.size() && format[i] != '}') {
      ++i;
    }
    if (digits == 0 || i == format.size()) {
      return false;
    }
    used |= uint64_t{1} << index;
  }
  return arg_count < kMaxArgs && used == (uint64_t{1} << arg_count) - 1;
}

}  // namespace takt::diagnostics

// The vocabulary emitters use: the argument types of kind.def and one typed descriptor per
// diagnostic (`diag::UnknownName` is a `DiagnosticDescriptor<Noun, Name>`). An argument type
// says what the argument is, never free English; `Type` is what the emit call passes (the
// message is formatted inside Emit, so views cannot dangle).
namespace takt::diag {

// What the emit call passes for an argument type: text, or a whole number.
struct TextArg {
  using Type = std::string_view;
};
struct IntegerArg {
  using Type = int64_t;
};

// A name as the user wrote it: `press_jam`, `unplanned.breakdown`, a module.
struct Name : TextArg {};
// What kind of thing, in the compiler's words: `control`, `SPC rule`, `duration`, `a case`.
struct Noun : TextArg {};
// Other source text as written: a keyword, a number, a character, a clause.
struct Text : TextArg {};
// How the parser describes a token it found: "`}`", "end of file".
struct Token : TextArg {};
// What was expected instead, as the parser or a test step lists it: "a role", "one of …".
struct Expected : TextArg {};
// A number as written, with its unit when it has one: `10 min`, `max 0`, `8.05`.
struct Quantity : TextArg {};
// A unit symbol: `mm`, `min`.
struct Unit : TextArg {};
// How many of something.
struct Count : IntegerArg {};
// A whole number that labels something: an operation number.
struct Number : IntegerArg {};
// A time of day: `06:00`.
struct Time : TextArg {};
// A file path as the user gave it.
struct Path : TextArg {};
// A message from the operating system or a library, or a chain the compiler composed
// (`a` → `b` → `a`), shown as is.
struct Message : TextArg {};

// TAKT_DIAGNOSTIC_ARGS (A, B) → A, B: the argument column without its parentheses.
#define TAKT_DIAGNOSTIC_ARGS(...) __VA_ARGS__
#define TAKT_DIAGNOSTIC(Name, Code, Severity, Group, Args, Format)                              \
  inline constexpr diagnostics::DiagnosticDescriptor<TAKT_DIAGNOSTIC_ARGS Args> Name{           \
      diagnostics::Kind::Name, Format};                                                         \
  static_assert(diagnostics::PlaceholdersMatch(Format, decltype(Name)::kArgCount),              \
                "the {N} of " #Name "'s format do not match its argument types in kind.def");
#include "compiler/diagnostics/kind.def"
#undef TAKT_DIAGNOSTIC_ARGS

}  // namespace takt::diag

namespace takt::diagnostics {

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
  // Only a descriptor's own arguments compile; the format was checked against their types.
  template <typename... Args>
  auto Emit(const DiagnosticDescriptor<Args...>& descriptor, source::Span span,
            ArgType<Args>... args) -> DiagnosticBuilder {
    return Add(descriptor.kind, span,
               fmt::vformat(fmt::string_view(descriptor.format), fmt::make_format_args(args...)));
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
