// `takt fmt`: the one canonical layout of a `.takt` file, with no options (as gofmt has none).
// Consumes a file that parses without errors (its AST, its comments and its text); produces
// the same tokens and comments, in the same order, with only the whitespace between them
// decided here, `+/-` spelled `±`, and the spaces that ended a `//` comment's line dropped.
// The layout rules are documented in docs/cli.md (`## takt fmt`); in short:
//   - two spaces of indentation per open block; every declaration, clause, nested declaration,
//     reaction of a reaction plan and test step on its own line; `}` on its own line;
//   - one space between tokens, none before `,`, none around `.` of qualified names, none
//     after the sign of a number (`+0.021`, `-0`); an empty block prints `{}`;
//   - an `outcome` block with at most one reaction and every `spc_rules` list print on one line
//     (`{ release lot }`) unless they hold a comment;
//   - a run of blank lines between two items of one block (or of the file), or before a comment
//     on its own line, becomes one blank line; blank lines anywhere else go;
//   - a comment that followed code on its line stays at the end of that line; any other comment
//     gets a line of its own at the indentation of what follows it; a comment that interrupts a
//     clause continues the clause on the next line, indented four more spaces.
// Output depends only on the tokens, the comments, which comments started their own line, and
// where blank lines separated items: re-indenting or re-spacing a file never changes it.
#ifndef TAKT_COMPILER_FORMAT_FORMAT_H_
#define TAKT_COMPILER_FORMAT_FORMAT_H_

#include <optional>
#include <string>
#include <string_view>

#include "compiler/diagnostics/diagnostic.h"
#include "compiler/source/source_manager.h"

namespace takt::format {

// The canonical text of `file`, or nullopt when it does not parse: its syntax diagnostics are
// then added to `diagnostics` (a file with errors is never rewritten).
auto FormatFile(const source::SourceManager& sources, source::FileId file,
                diagnostics::Diagnostics& diagnostics) -> std::optional<std::string>;

// The same for text not read from a file (`takt fmt -`, tests); the diagnostics are dropped.
auto FormatText(std::string_view text) -> std::optional<std::string>;

}  // namespace takt::format

#endif  // TAKT_COMPILER_FORMAT_FORMAT_H_
