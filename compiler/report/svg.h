// What the charts of the report share: numbers as SVG and page text, JSON values as escaped text,
// horizontal bar charts (the Pareto and OEE charts) and plain tables.
#ifndef TAKT_COMPILER_REPORT_SVG_H_
#define TAKT_COMPILER_REPORT_SVG_H_

#include <string>
#include <string_view>
#include <vector>

#include "compiler/report/report.h"

namespace takt::report {

// A coordinate: one decimal, so the bytes do not depend on float noise.
auto Coord(double value) -> std::string;
// A measured value or a number of minutes as people read it: at most 4 decimals, no trailing zeros.
auto Number(double value) -> std::string;
// `value` rounded to `decimals` places, for the data file.
auto Rounded(double value, int decimals) -> double;
// A JSON string or number as escaped HTML text; empty for null or absent.
auto Text(const Json& object, std::string_view key) -> std::string;

struct Bar {
  std::string label;   // Text (escaped here).
  double value = 0;
  std::string note;    // Text after the bar (escaped here).
  std::string kind;    // CSS class of the bar: its colour.
};
// A horizontal bar chart, one bar per row, scaled to `max` (the longest bar when 0).
auto BarChart(std::string_view caption, const std::vector<Bar>& bars, double max) -> std::string;

// A table with a header row; every cell is HTML the caller escaped.
auto TableHtml(const std::vector<std::string>& headers, const std::vector<std::vector<std::string>>& rows)
    -> std::string;

// A paragraph saying why a section is empty.
auto EmptyHtml(std::string_view text) -> std::string;

}  // namespace takt::report

#endif  // TAKT_COMPILER_REPORT_SVG_H_
