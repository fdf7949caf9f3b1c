#include "compiler/diagnostics/explanation.h"

#include <vector>

namespace takt::diagnostics {

static auto Trim(std::string_view text) -> std::string_view {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

static auto SplitLines(std::string_view text) -> std::vector<std::string_view> {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t newline = text.find('\n', start);
    if (newline == std::string_view::npos) {
      lines.push_back(text.substr(start));
      break;
    }
    lines.push_back(text.substr(start, newline - start));
    start = newline + 1;
  }
  return lines;
}

auto ParseExplanation(std::string_view markdown) -> std::optional<Explanation> {
  std::vector<std::string_view> lines = SplitLines(markdown);
  if (lines.empty() || !lines[0].starts_with("# T")) {
    return std::nullopt;
  }
  std::string_view title_line = lines[0].substr(2);
  size_t colon = title_line.find(": ");
  if (colon == std::string_view::npos) {
    return std::nullopt;
  }
  Explanation explanation;
  explanation.code = std::string(title_line.substr(0, colon));
  explanation.title = std::string(Trim(title_line.substr(colon + 2)));
  size_t i = 1;
  while (i < lines.size() && Trim(lines[i]).empty()) {
    ++i;
  }
  for (; i < lines.size() && !Trim(lines[i]).empty() && !lines[i].starts_with("#"); ++i) {
    if (!explanation.summary.empty()) {
      explanation.summary += ' ';
    }
    explanation.summary += Trim(lines[i]);
  }
  if (explanation.code.size() != 5 || explanation.title.empty() || explanation.summary.empty()) {
    return std::nullopt;
  }
  return explanation;
}

}  // namespace takt::diagnostics
