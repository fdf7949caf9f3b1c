#include "compiler/report/svg.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "compiler/doc/html.h"

namespace takt::report {

namespace {

constexpr double kBarLabelWidth = 220;
constexpr double kBarWidth = 360;
constexpr double kBarNoteWidth = 330;
constexpr double kBarRow = 22;

}  // namespace

auto Coord(double value) -> std::string {
  const std::string text = fmt::format("{:.1f}", value);
  return text == "-0.0" ? "0.0" : text;
}

auto Number(double value) -> std::string {
  std::string text = fmt::format("{:.4f}", value);
  while (text.ends_with('0')) {
    text.pop_back();
  }
  if (text.ends_with('.')) {
    text.pop_back();
  }
  return text == "-0" ? "0" : text;
}

auto Rounded(double value, int decimals) -> double {
  const double scale = std::pow(10.0, decimals);
  return std::round(value * scale) / scale;
}

auto Text(const Json& object, std::string_view key) -> std::string {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) {
    return "";
  }
  if (it->is_string()) {
    return doc::Escape(it->get<std::string>());
  }
  if (it->is_number_float()) {
    return Number(it->get<double>());
  }
  return doc::Escape(it->dump());
}

auto BarChart(std::string_view caption, const std::vector<Bar>& bars, double max) -> std::string {
  if (max <= 0) {
    for (const Bar& bar : bars) {
      max = std::max(max, bar.value);
    }
  }
  const double width = kBarLabelWidth + kBarWidth + kBarNoteWidth;
  const double height = kBarRow * double(bars.size()) + 8;
  std::string out = fmt::format(
      "<figure>\n<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" "
      "viewBox=\"0 0 {0} {1}\" role=\"img\" aria-label=\"{2}\">\n",
      Coord(width), Coord(height), doc::Escape(caption));
  double y = 4;
  for (const Bar& bar : bars) {
    const double length = max > 0 ? kBarWidth * std::clamp(bar.value / max, 0.0, 1.0) : 0;
    out += fmt::format("<text class=\"label\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>", Coord(kBarLabelWidth - 6),
                       Coord(y + 15), doc::Escape(bar.label));
    out += fmt::format("<rect class=\"bar {}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"16\"><title>{}: {}</title></rect>",
                       doc::Escape(bar.kind), Coord(kBarLabelWidth), Coord(y + 2), Coord(length),
                       doc::Escape(bar.label), doc::Escape(bar.note));
    out += fmt::format("<text class=\"note\" x=\"{}\" y=\"{}\">{}</text>\n", Coord(kBarLabelWidth + length + 6),
                       Coord(y + 15), doc::Escape(bar.note));
    y += kBarRow;
  }
  return out + fmt::format("</svg>\n<figcaption>{}</figcaption>\n</figure>\n", doc::Escape(caption));
}

auto TableHtml(const std::vector<std::string>& headers, const std::vector<std::vector<std::string>>& rows)
    -> std::string {
  std::string out = "<div class=\"scroll\"><table>\n<tr>";
  for (const std::string& header : headers) {
    out += fmt::format("<th>{}</th>", header);
  }
  out += "</tr>\n";
  for (const std::vector<std::string>& row : rows) {
    out += "<tr>";
    for (const std::string& cell : row) {
      out += fmt::format("<td>{}</td>", cell);
    }
    out += "</tr>\n";
  }
  return out + "</table></div>\n";
}

auto EmptyHtml(std::string_view text) -> std::string {
  return fmt::format("<p class=\"empty\">{}</p>\n", doc::Escape(text));
}

}  // namespace takt::report
