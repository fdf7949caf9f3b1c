// The formatter splits text into tokens by itself (compiler/format/scan.h keeps ANTLR out of
// the formatter); it must cut exactly where the lexer cuts, over every `.takt` file of the
// repository and over tricky snippets.
#include "compiler/format/scan.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "TaktLexer.h"
#include "compiler/syntax/tokens.h"

namespace takt::format {
namespace {

namespace fs = std::filesystem;

using grammar::TaktLexer;

auto ExpectedKind(size_t type) -> ElementKind {
  switch (type) {
    case TaktLexer::STRING:
    case TaktLexer::UNTERMINATED_STRING:
      return ElementKind::String;
    case TaktLexer::NUMBER:
      return ElementKind::Number;
    case TaktLexer::TIME:
      return ElementKind::Time;
    case TaktLexer::LBRACE:
      return ElementKind::LeftBrace;
    case TaktLexer::RBRACE:
      return ElementKind::RightBrace;
    case TaktLexer::COMMA:
      return ElementKind::Comma;
    case TaktLexer::DOT:
      return ElementKind::Dot;
    case TaktLexer::DOTDOT:
      return ElementKind::DotDot;
    case TaktLexer::PLUSMINUS:
      return ElementKind::PlusMinus;
    case TaktLexer::PLUS:
      return ElementKind::Plus;
    case TaktLexer::MINUS:
      return ElementKind::Minus;
    case TaktLexer::ERROR_CHAR:
      return ElementKind::Other;
    case TaktLexer::DOC_COMMENT:
    case TaktLexer::LINE_COMMENT:
      return ElementKind::LineComment;
    case TaktLexer::BLOCK_COMMENT:
    case TaktLexer::UNTERMINATED_COMMENT:
      return ElementKind::BlockComment;
    default:
      return ElementKind::Word;
  }
}

void CheckSameCuts(const std::string& name, const std::string& text) {
  CAPTURE(name);
  source::SourceManager sources;
  source::FileId file = sources.AddFile(name, text);
  std::vector<syntax::Comment> comments = syntax::Comments(sources, file);
  std::vector<Element> elements = Scan(text, comments);
  std::vector<syntax::LexedToken> tokens = syntax::Lex(text);
  REQUIRE(elements.size() == tokens.size());
  for (size_t i = 0; i < tokens.size(); ++i) {
    CAPTURE(i);
    CHECK(elements[i].begin == tokens[i].byte_begin());
    CHECK(elements[i].end == tokens[i].byte_end());
    CHECK(elements[i].kind == ExpectedKind(tokens[i].getType()));
  }
}

TEST_CASE("format scan cuts every repository file where the lexer does") {
  const fs::path root(TAKT_SOURCE_DIR);
  size_t files = 0;
  for (const char* dir : {"examples", "stdlib", "tests/golden"}) {
    for (const auto& entry : fs::recursive_directory_iterator(root / dir)) {
      if (entry.is_regular_file() && entry.path().extension() == ".takt") {
        std::ifstream in(entry.path(), std::ios::binary);
        std::ostringstream buffer;
        buffer << in.rdbuf();
        CheckSameCuts(entry.path().string(), buffer.str());
        ++files;
      }
    }
  }
  CHECK(files > 50);
}

TEST_CASE("format scan cuts tricky snippets where the lexer does") {
  const std::vector<std::string> snippets = {
      "5mm 1.2kg 180..220 8.00+/-0.05 8.00\u00B10.05 25.000+0.021-0",
      "a.b.20 r.20.5 x.20 .5 8. 5",
      "06:00 6:5 12: 1.2.3",
      "\u00B0C \u00B5m m\u00B2 N\u00B7m \u03A9 % \u2030 mm%",
      "\"a \\\" b\" \"unterminated\n\"x\"",
      "a// c\nb/* d */c/// doc\n//// four\nd",
      "\xEF\xBB\xBFrole a\r\n\f\tb",
      "a:b ? \xC3\xA9t\xC3\xA9",
  };
  for (size_t i = 0; i < snippets.size(); ++i) {
    CheckSameCuts("snippet " + std::to_string(i), snippets[i]);
  }
}

TEST_CASE("format scan counts the line breaks before each element") {
  std::string text = "a\n\n  b // c\nd";
  source::SourceManager sources;
  source::FileId file = sources.AddFile("x.takt", text);
  std::vector<Element> elements = Scan(text, syntax::Comments(sources, file));
  REQUIRE(elements.size() == 4);
  CHECK(elements[0].newlines_before == 0);
  CHECK(elements[1].newlines_before == 2);
  CHECK(elements[2].newlines_before == 0);
  CHECK(elements[2].kind == ElementKind::LineComment);
  CHECK(elements[3].newlines_before == 1);
}

}  // namespace
}  // namespace takt::format
