// The long-form explanation of a diagnostic code, as written in docs/diagnostics/T0xxx.md and
// printed by `takt explain`. The file's shape is fixed so tools can use its parts: a title line
// `# T0203: unknown role`, one paragraph saying what the rule is and why it exists, then
// `## Example` with a minimal failing plant and `## How to fix`. SARIF takes the title as a
// rule's short description and the paragraph as its full description.
#ifndef TAKT_COMPILER_DIAGNOSTICS_EXPLANATION_H_
#define TAKT_COMPILER_DIAGNOSTICS_EXPLANATION_H_

#include <optional>
#include <string>
#include <string_view>

namespace takt::diagnostics {

struct Explanation {
  std::string code;
  std::string title;
  // The first paragraph, its lines joined by single spaces.
  std::string summary;
};

// Nullopt when the text does not open with `# T0xxx: title` followed by a paragraph.
auto ParseExplanation(std::string_view markdown) -> std::optional<Explanation>;

}  // namespace takt::diagnostics

#endif  // TAKT_COMPILER_DIAGNOSTICS_EXPLANATION_H_
