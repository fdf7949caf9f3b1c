#include "compiler/diagnostics/render_text.h"

#include <doctest/doctest.h>

#include <sstream>

namespace takt::diagnostics {
namespace {

// Records are built by hand so the tests do not depend on which checks exist: the kind only
// supplies the code. T0001 is the driver's and stays.
auto Record(Kind kind, std::string message, Label primary) -> Diagnostic {
  return Diagnostic{.kind = kind,
                    .severity = GetKindInfo(kind).severity,
                    .message = std::move(message),
                    .primary = std::move(primary),
                    .secondary = {},
                    .notes = {},
                    .help = {},
                    .fix = std::nullopt};
}

auto SpanOf(const source::SourceManager& sources, source::FileId file, std::string_view needle,
            size_t occurrence = 0) -> source::Span {
  std::string_view text = sources.contents(file);
  size_t at = text.find(needle);
  for (size_t i = 0; i < occurrence; ++i) {
    at = text.find(needle, at + 1);
  }
  REQUIRE(at != std::string_view::npos);
  return source::Span{.file = file,
                      .begin = static_cast<uint32_t>(at),
                      .end = static_cast<uint32_t>(at + needle.size())};
}

const Kind kError = Kind::FileNotReadable;

TEST_CASE("text: primary label, help, rustc layout") {
  source::SourceManager sources;
  source::FileId file = sources.AddFile(
      "quality.takt",
      "/// Hole diameter.\ncontrol hole_diameter \"Hole diameter\" owner quality_enginer {\n}\n");
  Diagnostic d = Record(kError, "unknown role `quality_enginer`",
                        Label{SpanOf(sources, file, "quality_enginer"), "not a role of this plant"});
  d.help.push_back("did you mean `quality_engineer`?");
  CHECK(RenderDiagnosticText(d, sources, false) ==
        "error[T0001]: unknown role `quality_enginer`\n"
        " --> quality.takt:2:45\n"
        "  |\n"
        "2 | control hole_diameter \"Hole diameter\" owner quality_enginer {\n"
        "  |                                             ^^^^^^^^^^^^^^^ not a role of this plant\n"
        "  |\n"
        "  = help: did you mean `quality_engineer`?\n");
}

TEST_CASE("text: columns and carets count code points") {
  source::SourceManager sources;
  source::FileId file = sources.AddFile("q.takt", "  spec 8.00 ± 0.05 µm\n");
  Diagnostic d = Record(kError, "unknown unit `µm`", Label{SpanOf(sources, file, "µm"), ""});
  CHECK(RenderDiagnosticText(d, sources, false) ==
        "error[T0001]: unknown unit `µm`\n"
        " --> q.takt:1:20\n"
        "  |\n"
        "1 |   spec 8.00 ± 0.05 µm\n"
        "  |                    ^^\n");
}

TEST_CASE("text: tabs in the prefix are kept so carets line up") {
  source::SourceManager sources;
  source::FileId file = sources.AddFile("t.takt", "\tspec x\n");
  Diagnostic d = Record(kError, "m", Label{SpanOf(sources, file, "x"), "here"});
  CHECK(RenderDiagnosticText(d, sources, false) ==
        "error[T0001]: m\n"
        " --> t.takt:1:7\n"
        "  |\n"
        "1 | \tspec x\n"
        "  | \t     ^ here\n");
}

TEST_CASE("text: a multi-line span is underlined to the end of its first line") {
  source::SourceManager sources;
  source::FileId file = sources.AddFile("c.takt", "case containment {\n  decide within 30 min\n}\n");
  source::Span span = SpanOf(sources, file, "case");
  span.end = static_cast<uint32_t>(sources.contents(file).size() - 1);
  Diagnostic d = Record(kError, "case `containment` has no outcome", Label{span, "this case"});
  CHECK(RenderDiagnosticText(d, sources, false) ==
        "error[T0001]: case `containment` has no outcome\n"
        " --> c.takt:1:1\n"
        "  |\n"
        "1 | case containment {\n"
        "  | ^^^^^^^^^^^^^^^^^^ this case\n");
}

TEST_CASE("text: an empty span gets one caret, also past the end of the line") {
  source::SourceManager sources;
  source::FileId file = sources.AddFile("e.takt", "plant p {");
  source::Span span{.file = file, .begin = 9, .end = 9};
  Diagnostic d = Record(kError, "expected `}`", Label{span, "here"});
  CHECK(RenderDiagnosticText(d, sources, false) ==
        "error[T0001]: expected `}`\n"
        " --> e.takt:1:10\n"
        "  |\n"
        "1 | plant p {\n"
        "  |          ^ here\n");
}

TEST_CASE("text: secondary labels near the primary share its snippet") {
  source::SourceManager sources;
  source::FileId file = sources.AddFile(
      "r.takt", "role a\nrole b\n\nrole a\n");
  Diagnostic d = Record(kError, "`a` is declared more than once",
                        Label{SpanOf(sources, file, "a", 1), "declared again here"});
  d.secondary.push_back(Label{SpanOf(sources, file, "a"), "first declared here"});
  CHECK(RenderDiagnosticText(d, sources, false) ==
        "error[T0001]: `a` is declared more than once\n"
        " --> r.takt:4:6\n"
        "  |\n"
        "1 | role a\n"
        "  |      - first declared here\n"
        "...\n"
        "4 | role a\n"
        "  |      ^ declared again here\n");
}

TEST_CASE("text: one unlabelled line between labels is shown rather than elided") {
  source::SourceManager sources;
  source::FileId file = sources.AddFile("r.takt", "role a\nrole b\nrole a\n");
  Diagnostic d = Record(kError, "dup", Label{SpanOf(sources, file, "a", 1), "again"});
  d.secondary.push_back(Label{SpanOf(sources, file, "a"), "first"});
  CHECK(RenderDiagnosticText(d, sources, false) ==
        "error[T0001]: dup\n"
        " --> r.takt:3:6\n"
        "  |\n"
        "1 | role a\n"
        "  |      - first\n"
        "2 | role b\n"
        "3 | role a\n"
        "  |      ^ again\n");
}

TEST_CASE("text: labels in other files or far away get their own ::: snippet; gutter fits") {
  source::SourceManager sources;
  std::string plant = "plant p\n";
  for (int i = 2; i <= 12; ++i) {
    plant += "\n";
  }
  plant += "role quality_engineer\n";
  source::FileId plant_file = sources.AddFile("plant.takt", plant);
  source::FileId quality = sources.AddFile("quality.takt", "control c owner quality_enginer {\n}\n");
  Diagnostic d = Record(kError, "unknown role `quality_enginer`",
                        Label{SpanOf(sources, quality, "quality_enginer"), "not a role"});
  d.secondary.push_back(Label{SpanOf(sources, plant_file, "quality_engineer"), "similar role"});
  d.secondary.push_back(Label{SpanOf(sources, plant_file, "plant"), "the plant"});
  d.notes.push_back("roles are declared in the plant file");
  CHECK(RenderDiagnosticText(d, sources, false) ==
        "error[T0001]: unknown role `quality_enginer`\n"
        "  --> quality.takt:1:17\n"
        "   |\n"
        "1  | control c owner quality_enginer {\n"
        "   |                 ^^^^^^^^^^^^^^^ not a role\n"
        "   |\n"
        "  ::: plant.takt:13:6\n"
        "   |\n"
        "13 | role quality_engineer\n"
        "   |      ---------------- similar role\n"
        "   |\n"
        "  ::: plant.takt:1:1\n"
        "   |\n"
        "1  | plant p\n"
        "   | ----- the plant\n"
        "   |\n"
        "   = note: roles are declared in the plant file\n");
}

TEST_CASE("text: two labels on one line each get an underline row, in column order") {
  source::SourceManager sources;
  source::FileId file = sources.AddFile("x.takt", "spec 9 .. 8\n");
  Diagnostic d = Record(kError, "spec limits out of order: 9 > 8",
                        Label{SpanOf(sources, file, "8"), "upper"});
  d.secondary.push_back(Label{SpanOf(sources, file, "9"), "lower"});
  CHECK(RenderDiagnosticText(d, sources, false) ==
        "error[T0001]: spec limits out of order: 9 > 8\n"
        " --> x.takt:1:11\n"
        "  |\n"
        "1 | spec 9 .. 8\n"
        "  |      - lower\n"
        "  |           ^ upper\n");
}

TEST_CASE("text: a diagnostic without a location prints header, notes and help") {
  source::SourceManager sources;
  Diagnostic d = Record(kError, "`x.takt` is not valid UTF-8", Label{});
  d.notes.push_back("the first invalid byte is 0xB1\nsecond line");
  d.help.push_back("save the file as UTF-8");
  CHECK(RenderDiagnosticText(d, sources, false) ==
        "error[T0001]: `x.takt` is not valid UTF-8\n"
        "  = note: the first invalid byte is 0xB1\n"
        "          second line\n"
        "  = help: save the file as UTF-8\n");
}

TEST_CASE("text: a fix without help is shown as help") {
  source::SourceManager sources;
  source::FileId file = sources.AddFile("f.takt", "owner qe\n");
  Diagnostic d = Record(kError, "unknown role `qe`", Label{SpanOf(sources, file, "qe"), ""});
  d.fix = FixIt{.span = SpanOf(sources, file, "qe"), .replacement = "quality_engineer"};
  CHECK(RenderDiagnosticText(d, sources, false) ==
        "error[T0001]: unknown role `qe`\n"
        " --> f.takt:1:7\n"
        "  |\n"
        "1 | owner qe\n"
        "  |       ^^\n"
        "  |\n"
        "  = help: replace with `quality_engineer`\n");
}

TEST_CASE("text: stdlib files read <stdlib>/...") {
  source::SourceManager sources;
  source::FileId file = sources.AddFile("std/losses.takt", "module std.losses\n", true);
  CHECK(DisplayPath(sources, file) == "<stdlib>/std/losses.takt");
  source::FileId prefixed = sources.AddFile("<stdlib>/std/spc.takt", "", true);
  CHECK(DisplayPath(sources, prefixed) == "<stdlib>/std/spc.takt");
}

TEST_CASE("text: summary line wording") {
  CHECK(SummaryText(0, 0, "check", false).empty());
  CHECK(SummaryText(1, 0, "check", false) == "error: could not check plant due to 1 previous error");
  CHECK(SummaryText(2, 1, "check", false) ==
        "error: could not check plant due to 2 previous errors; 1 warning emitted");
  CHECK(SummaryText(0, 3, "check", false) == "warning: 3 warnings emitted");
  CHECK(SummaryText(1, 2, "build", false) ==
        "error: could not build plant due to 1 previous error; 2 warnings emitted");
}

TEST_CASE("text: RenderText separates records by blank lines and ends with the summary") {
  source::SourceManager sources;
  std::vector<Diagnostic> records;
  std::ostringstream empty;
  RenderText(records, sources, TextOptions{}, empty);
  CHECK(empty.str().empty());

  records.push_back(Record(kError, "one", Label{}));
  records.push_back(Record(kError, "two", Label{}));
  std::ostringstream out;
  RenderText(records, sources, TextOptions{}, out);
  CHECK(out.str() ==
        "error[T0001]: one\n\nerror[T0001]: two\n\n"
        "error: could not check plant due to 2 previous errors\n");
}

TEST_CASE("text: warnings render as warnings") {
  const KindInfo* warning = nullptr;
  for (const KindInfo& info : AllKinds()) {
    if (info.severity == Severity::Warning) {
      warning = &info;
      break;
    }
  }
  if (warning == nullptr) {
    return;
  }
  source::SourceManager sources;
  source::FileId file = sources.AddFile("w.takt", "role unused\n");
  Diagnostic d = Record(warning->kind, "role `unused` is never used",
                        Label{SpanOf(sources, file, "unused"), ""});
  CHECK(RenderDiagnosticText(d, sources, false) ==
        "warning[" + std::string(warning->code) + "]: role `unused` is never used\n"
        " --> w.takt:1:6\n"
        "  |\n"
        "1 | role unused\n"
        "  |      ^^^^^^\n");
}

TEST_CASE("text: colour only when asked") {
  source::SourceManager sources;
  source::FileId file = sources.AddFile("c.takt", "x\n");
  Diagnostic d = Record(kError, "m", Label{SpanOf(sources, file, "x"), "l"});
  std::string plain = RenderDiagnosticText(d, sources, false);
  std::string colored = RenderDiagnosticText(d, sources, true);
  CHECK(plain.find('\x1b') == std::string::npos);
  CHECK(colored.find("\x1b[1;31merror[T0001]\x1b[0m") != std::string::npos);
  CHECK(colored.find("\x1b[1;31m^ l\x1b[0m") != std::string::npos);
}

// A long line is clipped to 100 code points either side of the mark, with `…`; columns (and the
// window) count code points, here `±`, two bytes each, across many 256-byte blocks.
TEST_CASE("text: a long line is clipped around its mark") {
  std::string line;
  for (int i = 0; i < 300; ++i) {
    line += "\u00B1";
  }
  line += "bad";
  for (int i = 0; i < 300; ++i) {
    line += "\u00B1";
  }
  source::SourceManager sources;
  source::FileId file = sources.AddFile("long.takt", "x\n" + line + "\n");
  source::Span span = SpanOf(sources, file, "bad");
  CHECK(sources.GetLineCol(file, span.begin).column == 301);
  CHECK(sources.GetLineCol(file, span.end).column == 304);
  std::string plus_minus_100;
  for (int i = 0; i < 100; ++i) {
    plus_minus_100 += "\u00B1";
  }
  std::string text = RenderDiagnosticText(Record(kError, "m", Label{.span = span, .message = "here"}),
                                          sources, false);
  CHECK(text == "error[T0001]: m\n"
                " --> long.takt:2:301\n"
                "  |\n"
                "2 | \u2026" + plus_minus_100 + "bad" + plus_minus_100 + "\u2026\n"
                "  | " + std::string(101, ' ') + "^^^ here\n");
}

}  // namespace
}  // namespace takt::diagnostics
