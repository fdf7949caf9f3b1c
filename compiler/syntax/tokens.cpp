#include "compiler/syntax/tokens.h"

#include <antlr4-runtime.h>

#include "TaktLexer.h"

namespace takt::syntax {

namespace {

// An input stream over already-decoded code points. ANTLRInputStream's own UTF-8 decoder throws
// on malformed input; decoding here instead keeps a byte offset for every code point.
class CodePointStream : public antlr4::ANTLRInputStream {
 public:
  explicit CodePointStream(std::u32string code_points) {
    _data = std::move(code_points);
    p = 0;
  }
};

// Silences ANTLR's console output; the lexer's catch-all ERROR_CHAR rule means it has nothing
// to report anyway.
class SilentLexerListener : public antlr4::BaseErrorListener {
 public:
  void syntaxError(antlr4::Recognizer* /*recognizer*/, antlr4::Token* /*offending*/,
                   size_t /*line*/, size_t /*column*/, const std::string& /*message*/,
                   std::exception_ptr /*error*/) override {}
};

}  // namespace

// Decodes UTF-8, recording the byte offset of every code point. A malformed byte becomes
// U+FFFD on its own, so positions stay exact and the lexer reports the byte as a character.
static auto DecodeUtf8(std::string_view text, std::u32string& out, std::vector<uint32_t>& byte_of)
    -> void {
  out.reserve(text.size());
  byte_of.reserve(text.size() + 1);
  size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    char32_t code_point = 0xFFFD;
    size_t length = 1;
    if (lead < 0x80) {
      code_point = lead;
    } else {
      size_t extra = 0;
      char32_t value = 0;
      char32_t minimum = 0;
      if ((lead & 0xE0) == 0xC0) {
        extra = 1;
        value = lead & 0x1F;
        minimum = 0x80;
      } else if ((lead & 0xF0) == 0xE0) {
        extra = 2;
        value = lead & 0x0F;
        minimum = 0x800;
      } else if ((lead & 0xF8) == 0xF0) {
        extra = 3;
        value = lead & 0x07;
        minimum = 0x10000;
      }
      // The sequence must fit in the text: its last byte is at i + extra.
      bool ok = extra > 0 && i + extra < text.size();
      for (size_t k = 1; ok && k <= extra; ++k) {
        const auto next = static_cast<unsigned char>(text[i + k]);
        if ((next & 0xC0) != 0x80) {
          ok = false;
        } else {
          value = (value << 6) | (next & 0x3F);
        }
      }
      if (ok && value >= minimum && value <= 0x10FFFF && !(value >= 0xD800 && value <= 0xDFFF)) {
        code_point = value;
        length = extra + 1;
      }
    }
    out.push_back(code_point);
    byte_of.push_back(static_cast<uint32_t>(i));
    i += length;
  }
  byte_of.push_back(static_cast<uint32_t>(text.size()));
}

TokenList::TokenList(const source::SourceManager& sources, source::FileId file)
    : file_(file), contents_(sources.contents(file)) {
  bool ascii = true;
  for (char c : contents_) {
    if (static_cast<unsigned char>(c) >= 0x80) {
      ascii = false;
      break;
    }
  }
  std::u32string code_points;
  if (ascii) {
    code_points.assign(contents_.begin(), contents_.end());
  } else {
    DecodeUtf8(contents_, code_points, byte_of_);
  }
  code_point_count_ = code_points.size();
  input_ = std::make_unique<CodePointStream>(std::move(code_points));
  lexer_ = std::make_unique<grammar::TaktLexer>(input_.get());
  lexer_->removeErrorListeners();
  static SilentLexerListener silent;
  lexer_->addErrorListener(&silent);
  all_.reserve(contents_.size() / 4 + 16);
  for (;;) {
    std::unique_ptr<antlr4::Token> token = lexer_->nextToken();
    if (token->getType() == antlr4::Token::EOF) {
      break;
    }
    all_.push_back(std::move(token));
  }
  significant_.reserve(all_.size());
  for (const auto& token : all_) {
    if (token->getChannel() == antlr4::Token::DEFAULT_CHANNEL) {
      significant_.push_back(token.get());
    }
  }
}

TokenList::~TokenList() = default;

auto TokenList::ByteOffset(size_t code_point) const -> uint32_t {
  if (byte_of_.empty()) {
    return static_cast<uint32_t>(std::min(code_point, contents_.size()));
  }
  return byte_of_[std::min(code_point, byte_of_.size() - 1)];
}

auto TokenList::TokenSpan(const antlr4::Token* token) const -> source::Span {
  const size_t start = token->getStartIndex();
  if (token->getType() == antlr4::Token::EOF || start >= code_point_count_) {
    return EndSpan();
  }
  const size_t stop = token->getStopIndex();
  const uint32_t begin = ByteOffset(start);
  const uint32_t end = stop + 1 > start ? ByteOffset(stop + 1) : begin;
  return source::Span{.file = file_, .begin = begin, .end = end};
}

auto TokenList::TokenText(const antlr4::Token* token) const -> std::string_view {
  const source::Span span = TokenSpan(token);
  return contents_.substr(span.begin, span.end - span.begin);
}

auto TokenList::EndSpan() const -> source::Span {
  const auto end = static_cast<uint32_t>(contents_.size());
  return source::Span{.file = file_, .begin = end, .end = end};
}

}  // namespace takt::syntax
