#include "compiler/syntax/tokens.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "TaktLexer.h"
#include "compiler/base/utf8.h"
#include "compiler/syntax/parse.h"

// The hand-written lexer must give exactly the tokens of the lexer ANTLR generates from the
// rules in grammar/Takt.g4, which stay the specification: types, channels, byte spans, lines
// and columns, over every Takt file of the repository, tricky snippets and random input.
namespace takt::syntax {
namespace {

struct Seen {
  size_t type;
  size_t channel;
  size_t begin;
  size_t end;
  size_t line;
  size_t column;

  auto operator==(const Seen&) const -> bool = default;
};

auto Describe(const Seen& t) -> std::string {
  std::ostringstream out;
  out << "type " << t.type << " channel " << t.channel << " bytes [" << t.begin << ", "
      << t.end << ") at " << t.line << ":" << t.column;
  return out.str();
}

class CodePointStream : public antlr4::ANTLRInputStream {
 public:
  explicit CodePointStream(std::u32string code_points) {
    _data = std::move(code_points);
    p = 0;
  }
};

// The reference lexer is fed the code points of the compiler's one decoder (a malformed byte is
// one U+FFFD), with the byte offset of each.
void DecodeUtf8(std::string_view text, std::u32string& out, std::vector<size_t>& byte_of) {
  size_t i = 0;
  while (i < text.size()) {
    const base::DecodedCodePoint decoded = base::DecodeUtf8(text, i);
    out.push_back(decoded.code_point);
    byte_of.push_back(i);
    i += decoded.length;
  }
  byte_of.push_back(text.size());
}

auto ReferenceLex(std::string_view text) -> std::vector<Seen> {
  std::u32string code_points;
  std::vector<size_t> byte_of;
  DecodeUtf8(text, code_points, byte_of);
  CodePointStream input(std::move(code_points));
  grammar::TaktLexer lexer(&input);
  lexer.removeErrorListeners();
  std::vector<Seen> out;
  for (;;) {
    std::unique_ptr<antlr4::Token> token = lexer.nextToken();
    if (token->getType() == antlr4::Token::EOF) {
      break;
    }
    out.push_back(Seen{.type = token->getType(),
                       .channel = token->getChannel(),
                       .begin = byte_of[token->getStartIndex()],
                       .end = byte_of[token->getStopIndex() + 1],
                       .line = token->getLine(),
                       .column = token->getCharPositionInLine()});
  }
  return out;
}

auto HandLex(std::string_view text) -> std::vector<Seen> {
  std::vector<Seen> out;
  for (const LexedToken& token : Lex(text)) {
    out.push_back(Seen{.type = token.getType(),
                       .channel = token.getChannel(),
                       .begin = token.byte_begin(),
                       .end = token.byte_end(),
                       .line = token.getLine(),
                       .column = token.getCharPositionInLine()});
  }
  return out;
}

// Empty when both lexers agree, else the first difference.
auto Difference(std::string_view text) -> std::string {
  const std::vector<Seen> expected = ReferenceLex(text);
  const std::vector<Seen> actual = HandLex(text);
  for (size_t i = 0; i < std::max(expected.size(), actual.size()); ++i) {
    if (i >= expected.size() || i >= actual.size() || !(expected[i] == actual[i])) {
      return "token " + std::to_string(i) + ": ANTLR " +
             (i < expected.size() ? Describe(expected[i]) : std::string("none")) + ", hand " +
             (i < actual.size() ? Describe(actual[i]) : std::string("none"));
    }
  }
  return "";
}

TEST_CASE("the hand lexer agrees with the generated lexer on the repository's Takt files") {
  const std::filesystem::path root = TAKT_SOURCE_DIR;
  size_t files = 0;
  for (const char* dir : {"tests", "examples", "stdlib", "bench"}) {
    if (!std::filesystem::exists(root / dir)) {
      continue;
    }
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root / dir)) {
      const std::string extension = entry.path().extension().string();
      const bool corpus = entry.path().string().find("corpus") != std::string::npos;
      if (!entry.is_regular_file() || (extension != ".takt" && !corpus)) {
        continue;
      }
      std::ifstream in(entry.path(), std::ios::binary);
      std::stringstream buffer;
      buffer << in.rdbuf();
      INFO(entry.path().string());
      CHECK(Difference(buffer.str()) == "");
      ++files;
    }
  }
  CHECK(files > 10);
}

TEST_CASE("the hand lexer agrees with the generated lexer on tricky input") {
  const std::vector<std::string> cases = {
      "", "a", "plant", "plants", "_", "a1_b", "06:00", "6:5", "25:00x", "1:2:3", "12:", "8.",
      "8.5", "8.5.3", "1..2", "...", "8.x", "\"s\"", "\"a\\\"b\"", "\"open", "\"open\\",
      "\"open\\\n", "\"a\\\r\nb\"", "\"\"\"", "// x", "///", "///x", "////", "/// x\n/// y",
      "///\r\n", "/*x*/", "/*/", "/**/", "/* *", "/* **", "/* x", "/*\n*\n*/ a", "/", "/x",
      "+", "+/-", "+/", "+//x", "+/*x*/", "-5", "\xC2\xB1", "%", "%a", "\xE2\x80\xB0",
      "\xC2\xB0" "C", "mm\xC2\xB2", "N\xC2\xB7m", "\xC2\xB5m", "5\xC2\xB5m", "in\xC2\xB0",
      "\xE2\x84\xA6", "\xCE\xA9x\xC2\xB2" "2", "\xEF\xBB\xBF" "plant x", "\xFF", "\x80\x80",
      "\xE2\x82", "\xE2\x82" "A", "\xF0\x9F\x98\x80 a", "\xED\xA0\x80", "\xC0\xAF", "\xEF\xBF\xBD",
      "\"\xFF\"", "// \xFF\n a", std::string("a\0b", 3), "a\tb\fc\rd\ne", "\xE2\x80\x9Cx\xE2\x80\x9D",
      ";", "=", ":", "{ } , .", "\r\n\r\n x", "\xC2\xB0\xC2\xB0", "a\xC2\xB5_9\xC2\xB0",
      "m/s", "m/", "m//x", "m/*x*/", "m/1", "L/min", "m\xC2\xB3/h", "\xC2\xB0" "C/min", "a/b/c",
      "m/\xC2\xB0", "min", "30 min", "spec min 4 bar"};
  for (const std::string& text : cases) {
    INFO(text);
    CHECK(Difference(text) == "");
  }
}

TEST_CASE("the hand lexer agrees with the generated lexer on random input") {
  const std::vector<std::string> pieces = {
      "a", "Zq", "_9", "plant", "owner", "in", "control", " ", "  ", "\n", "\r\n", "\r", "\t",
      "\f", "\xEF\xBB\xBF", "0", "12", "3", ":", ".", "..", "+", "/", "-", "+/-", "\xC2\xB1",
      "%", "\xE2\x80\xB0", "\xC2\xB0", "\xC2\xB5", "\xCE\xBC", "\xC2\xB2", "\xE2\x84\xA6",
      "\xE2\x8B\x85", "\"", "\\", "//", "///", "/*", "*/", "*", "{", "}", ",", ";", "=", "\xFF",
      "\x80", "\xE2\x82", "\xF0\x9F\x98\x80", "\xED\xA0\x80", "\xC0\xAF", "\xEF\xBF\xBD",
      std::string("\0", 1)};
  std::mt19937 random(20240611);
  std::uniform_int_distribution<size_t> piece(0, pieces.size() - 1);
  std::uniform_int_distribution<size_t> length(1, 14);
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    const size_t n = length(random);
    for (size_t i = 0; i < n; ++i) {
      text += pieces[piece(random)];
    }
    const std::string difference = Difference(text);
    if (!difference.empty()) {
      INFO(text);
      CHECK(difference == "");
      break;
    }
  }
}

// Tokenize is the formatter's view of the same tokens (it replaced a second lexer in format/).
TEST_CASE("Tokenize classes the lexer's tokens and counts the line breaks before each") {
  const std::string text =
      "a\n\n  b // c\nd\n/* e */ 06:00 8.00 \xC2\xB1 +/- 0.05 \"s\" { } , . .. + - \xC2\xB0" "C ; /// f";
  const std::vector<SourceToken> tokens = Tokenize(text);
  const std::vector<TokenClass> expected = {
      TokenClass::Word,      TokenClass::Word,       TokenClass::LineComment, TokenClass::Word,
      TokenClass::BlockComment, TokenClass::Time,    TokenClass::Number,      TokenClass::PlusMinus,
      TokenClass::PlusMinus, TokenClass::Number,     TokenClass::String,      TokenClass::LeftBrace,
      TokenClass::RightBrace, TokenClass::Comma,     TokenClass::Dot,         TokenClass::DotDot,
      TokenClass::Plus,      TokenClass::Minus,      TokenClass::Word,        TokenClass::Other,
      TokenClass::LineComment};
  REQUIRE(tokens.size() == expected.size());
  const std::vector<LexedToken> lexed = Lex(text);
  for (size_t i = 0; i < tokens.size(); ++i) {
    CAPTURE(i);
    CHECK(tokens[i].kind == expected[i]);
    CHECK(tokens[i].begin == lexed[i].byte_begin());
    CHECK(tokens[i].end == lexed[i].byte_end());
  }
  CHECK(tokens[0].newlines_before == 0);
  CHECK(tokens[1].newlines_before == 2);
  CHECK(tokens[2].newlines_before == 0);
  CHECK(tokens[3].newlines_before == 1);
  CHECK(tokens[4].newlines_before == 1);
  CHECK(tokens[5].newlines_before == 0);
}

}  // namespace
}  // namespace takt::syntax
