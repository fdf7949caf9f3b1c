// Renderings of a test report: text for people (shaped like `cargo test`, whose last line CI
// greps) and JUnit XML for CI dashboards. Both are deterministic: no durations, no host names.
#include <fmt/format.h>

#include <optional>

#include "compiler/interp/plant_time.h"
#include "compiler/tester/tester.h"
#include "takt/timestamp.h"

namespace takt::tester {

namespace {

// `08:10` or `day 2 06:00` for a whole minute of a test's days, as the steps write times: wall
// clock of the plant (its `timezone`, UTC without one). Another time is the plant's wall clock in
// RFC 3339 with its offset from UTC: the clock alone on day 1 (`08:00:30Z`, `08:00:30+01:00`),
// the full timestamp otherwise.
auto ShortTime(const interp::PlantClock& clock, const std::string& t) -> std::string {
  const std::optional<int64_t> utc = runtime::ParseTimestamp(t);
  if (!utc) {
    return t;
  }
  const int64_t offset = clock.OffsetAt(*utc);
  const int64_t since_start = *utc + offset - TestDayStartMs();
  if (since_start >= 0 && since_start % 60'000 == 0 &&
      since_start / 60'000 < int64_t{model::kMaxTestDay} * model::kMinutesPerDay) {
    return model::FormatTestTime(static_cast<int32_t>(since_start / 60'000));
  }
  char text[32];
  const int length = runtime::FormatTimestamp(*utc + offset, text);
  // FormatTimestamp writes UTC: its `Z` gives way to the plant's offset.
  std::string local(text, static_cast<size_t>(length - 1));
  const int64_t minutes = (offset < 0 ? -offset : offset) / 60'000;
  local += offset == 0 ? "Z" : fmt::format("{}{:02}:{:02}", offset < 0 ? '-' : '+', minutes / 60, minutes % 60);
  return local.starts_with(kTestDay) && local.size() > 11 && local[10] == 'T' ? local.substr(11) : local;
}

auto DescribeAction(const interp::PlantClock& clock, const ObservedAction& action) -> std::string {
  std::string text = fmt::format("{} {}", ShortTime(clock, action.t), action.action);
  for (const auto& [key, value] : action.fields) {
    text += fmt::format(" {}={}", key, value);
  }
  text += fmt::format("  [{}, {}]", action.rule, action.src);
  return text;
}

auto TestLocation(const source::SourceManager& sources, const model::Test& test) -> std::string {
  return test.span.is_valid() ? sources.FormatLocation(test.span) : "<unknown>";
}

// The failure details of one test, indented for the text report, plain for JUnit.
auto FailureDetails(const model::Plant& plant, const source::SourceManager& sources, const TestResult& result,
                    std::string_view indent) -> std::string {
  const interp::PlantClock clock(plant.timezone);
  std::string text;
  for (const Failure& failure : result.failures) {
    const model::TestStep& step = *failure.step;
    text += fmt::format("{}{}: expected {} {}\n", indent, sources.FormatLocation(step.span), failure.expected,
                        failure.when);
    source::LineCol position = sources.GetLineCol(step.span.file, step.span.begin);
    std::string number = std::to_string(position.line);
    text += fmt::format("{}{} | {}\n", indent, number, sources.GetLineText(step.span.file, position.line));
    if (failure.actions.empty()) {
      text += fmt::format("{}  (none)\n", indent);
    }
    for (const ObservedAction& action : failure.actions) {
      text += fmt::format("{}  {}\n", indent, DescribeAction(clock, action));
    }
  }
  return text;
}

auto XmlEscape(std::string_view text) -> std::string {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out += c; break;
    }
  }
  return out;
}

auto Plural(size_t count, std::string_view word) -> std::string {
  return fmt::format("{} {}{}", count, word, count == 1 ? "" : "s");
}

}  // namespace

auto RenderText(const model::Plant& plant, const source::SourceManager& sources, const Report& report,
                const RenderOptions& options) -> std::string {
  std::string text = fmt::format("running {} of plant {}", Plural(report.results.size(), "test"), plant.name);
  if (report.filtered_out > 0) {
    text += fmt::format(" ({} filtered out)", report.filtered_out);
  }
  text += fmt::format(" on the {}\n", options.executor_name);
  for (const TestResult& result : report.results) {
    text += fmt::format("test \"{}\" ... {}\n", result.test->name, result.passed() ? "ok" : "FAILED");
  }
  if (report.failed() > 0) {
    text += "\nfailures:\n";
    for (const TestResult& result : report.results) {
      if (result.passed()) {
        continue;
      }
      text += fmt::format("\n---- \"{}\" ({}) ----\n", result.test->name, TestLocation(sources, *result.test));
      text += FailureDetails(plant, sources, result, "");
    }
  }
  if (options.coverage) {
    std::vector<CoverageItem> items = ComputeCoverage(plant, sources, report.clauses_hit);
    size_t covered = 0;
    for (const CoverageItem& item : items) {
      covered += item.covered ? 1 : 0;
    }
    text += fmt::format("\ncoverage: {} of {} exercised{}\n", covered, Plural(items.size(), "clause"),
                        covered == items.size() ? "" : "; not exercised by any test:");
    std::string current;
    for (const CoverageItem& item : items) {
      if (item.covered) {
        continue;
      }
      if (item.declaration != current) {
        current = item.declaration;
        text += fmt::format("  {}\n", current);
      }
      text += fmt::format("    {} ({})\n", item.clause, item.location);
    }
  }
  text += fmt::format("\n{} passed, {} failed\n", report.passed(), report.failed());
  return text;
}

auto RenderJunit(const model::Plant& plant, const source::SourceManager& sources, const Report& report)
    -> std::string {
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  xml += fmt::format("<testsuites name=\"takt test\" tests=\"{}\" failures=\"{}\">\n", report.results.size(),
                     report.failed());
  xml += fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"0\">\n",
                     XmlEscape(plant.name), report.results.size(), report.failed());
  for (const TestResult& result : report.results) {
    const model::Test& test = *result.test;
    std::string file;
    uint32_t line = 0;
    if (test.span.is_valid()) {
      file = sources.path(test.span.file);
      line = sources.GetLineCol(test.span.file, test.span.begin).line;
    }
    xml += fmt::format("    <testcase classname=\"{}\" name=\"{}\" file=\"{}\" line=\"{}\"", XmlEscape(plant.name),
                       XmlEscape(test.name), XmlEscape(file), line);
    if (result.passed()) {
      xml += "/>\n";
      continue;
    }
    const Failure& first = result.failures.front();
    xml += ">\n";
    xml += fmt::format("      <failure message=\"{}\" type=\"expectation\">{}</failure>\n",
                       XmlEscape(fmt::format("expected {} {}", first.expected, first.when)),
                       XmlEscape(FailureDetails(plant, sources, result, "")));
    xml += "    </testcase>\n";
  }
  xml += "  </testsuite>\n</testsuites>\n";
  return xml;
}

}  // namespace takt::tester
