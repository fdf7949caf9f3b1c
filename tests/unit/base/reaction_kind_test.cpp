// The reactions table of docs/language.md is the user's view of reaction_kind.def: same
// reactions, same targets, same ✓ per context (the contexts behind T0608).
#include "compiler/base/reaction_kind.h"

#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "tests/unit/repo_files.h"

namespace takt::base {
namespace {

auto Cells(const std::string& row) -> std::vector<std::string> {
  std::vector<std::string> cells;
  std::istringstream in(row.substr(1));
  std::string cell;
  while (std::getline(in, cell, '|')) {
    const size_t begin = cell.find_first_not_of(' ');
    const size_t end = cell.find_last_not_of(' ');
    cells.push_back(begin == std::string::npos ? "" : cell.substr(begin, end - begin + 1));
  }
  return cells;
}

TEST_CASE("docs/language.md lists the reactions of reaction_kind.def where they are allowed") {
  std::istringstream doc(testing::ReadText(std::filesystem::path(TAKT_SOURCE_DIR) / "docs" / "language.md"));
  std::string line;
  while (std::getline(doc, line) && !line.starts_with("| Reaction | Action at runtime |")) {
  }
  std::getline(doc, line);  // |----|
  size_t rows = 0;
  while (std::getline(doc, line) && line.starts_with("| `")) {
    const std::vector<std::string> cells = Cells(line);
    // `notify ROLE`: the words, then the target in capitals.
    std::string written = cells[0].substr(1, cells[0].size() - 2);
    ReactionTarget target = ReactionTarget::None;
    for (const auto& [suffix, kind] : {std::pair{std::string_view(" ROLE"), ReactionTarget::Role},
                                        std::pair{std::string_view(" CASE"), ReactionTarget::Case}}) {
      if (written.ends_with(suffix)) {
        written.resize(written.size() - suffix.size());
        target = kind;
      }
    }
    CAPTURE(written);
    const ReactionInfo* info = nullptr;
    for (const ReactionInfo& reaction : kReactions) {
      if (reaction.spelling == written) {
        info = &reaction;
      }
    }
    REQUIRE(info != nullptr);
    CHECK(info->target == target);
    REQUIRE(cells.size() == 2 + kReactionContextTexts.size());
    for (size_t context = 0; context < kReactionContextTexts.size(); ++context) {
      CAPTURE(kReactionContextTexts[context]);
      CHECK(info->allowed_in(static_cast<ReactionContext>(context)) == (cells[2 + context] == "\u2713"));
    }
    ++rows;
  }
  CHECK(rows == kReactions.size());
}

}  // namespace
}  // namespace takt::base
