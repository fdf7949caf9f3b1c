// Properties of `takt fmt` over every `.takt` file of the repository that parses (examples/,
// stdlib/, tests/golden/**) and over generated plants (bench/plant_generator.h):
//   - idempotence: fmt(fmt(x)) == fmt(x);
//   - layout is the formatter's alone: a copy of x whose whitespace runs are replaced by random
//     ones formats to fmt(x). The copy keeps what the formatter reads from whitespace: which
//     comments start their own line, which follow a comment on its line, and which runs hold a
//     blank line;
//   - every comment survives, in order, with its text;
//   - the meaning is unchanged: the ASTs of x and fmt(x) print the same with spans left out;
//   - `takt fmt --check` finds examples/ and stdlib/ canonical.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "bench/plant_generator.h"
#include "compiler/base/file_system.h"
#include "compiler/driver/driver.h"
#include "compiler/format/format.h"
#include "compiler/syntax/parse.h"

#include "tests/unit/repo_files.h"

namespace takt::format {
namespace {

namespace fs = std::filesystem;

using syntax::SourceToken;
using takt::testing::ReadText;

struct Sample {
  std::string name;
  std::string text;
};

auto RepositorySamples() -> std::vector<Sample> {
  std::vector<Sample> samples;
  const fs::path root(TAKT_SOURCE_DIR);
  for (const char* dir : {"examples", "stdlib", "tests/golden"}) {
    for (const auto& entry : fs::recursive_directory_iterator(root / dir)) {
      if (entry.is_regular_file() && entry.path().extension() == ".takt") {
        samples.push_back(
            {fs::relative(entry.path(), root).generic_string(), ReadText(entry.path())});
      }
    }
  }
  std::sort(samples.begin(), samples.end(),
            [](const Sample& a, const Sample& b) { return a.name < b.name; });
  return samples;
}

auto GeneratedSamples() -> std::vector<Sample> {
  std::vector<Sample> samples;
  for (uint64_t seed = 1; seed <= 3; ++seed) {
    bench::PlantShape shape{.lines = 2,
                            .workcenters_per_line = 3,
                            .controls = 12,
                            .routings = 4,
                            .operations_per_routing = 3,
                            .reason_groups = 3,
                            .reasons_per_group = 3,
                            .seed = seed};
    for (const bench::GeneratedFile& file : bench::GeneratePlant(shape)) {
      samples.push_back({"generated/" + std::to_string(seed) + "/" + file.path, file.text});
    }
  }
  return samples;
}

auto CommentTexts(std::string_view text) -> std::vector<std::string> {
  source::SourceManager sources;
  source::FileId file = sources.AddFile("x.takt", std::string(text));
  std::vector<std::string> texts;
  for (const syntax::Comment& comment : syntax::Comments(sources, file)) {
    std::string_view comment_text =
        text.substr(comment.span.begin, comment.span.end - comment.span.begin);
    // The spaces that end a line comment's line are part of it; the formatter drops them.
    if (comment.kind != syntax::Comment::Kind::Block) {
      comment_text = comment_text.substr(0, comment_text.find_last_not_of(" \t\f") + 1);
    }
    texts.emplace_back(comment_text);
  }
  return texts;
}

// Replaces every whitespace run by a random one that keeps what the formatter reads from it.
auto Scramble(std::string_view text, uint64_t seed) -> std::string {
  std::vector<SourceToken> elements = syntax::Tokenize(text);
  std::mt19937_64 random(seed);
  auto run = [&](uint32_t newlines) {
    std::string out;
    for (uint32_t line = 0; line <= newlines; ++line) {
      if (line > 0) {
        out += random() % 4 == 0 ? "\r\n" : "\n";
      }
      for (uint64_t n = random() % 4; n > 0; --n) {
        out += random() % 2 == 0 ? ' ' : '\t';
      }
    }
    return out;
  };
  std::string out;
  uint32_t position = 0;
  for (size_t i = 0; i <= elements.size(); ++i) {
    uint32_t begin = i < elements.size() ? elements[i].begin : static_cast<uint32_t>(text.size());
    if (begin > position) {
      uint32_t newlines = i < elements.size() ? elements[i].newlines_before : 0;
      bool near_comment = i == elements.size() || elements[i].is_comment() ||
                          (i > 0 && elements[i - 1].is_comment());
      uint32_t count = 0;
      if (newlines >= 2) {
        count = 2 + static_cast<uint32_t>(random() % 2);
      } else if (near_comment) {
        count = newlines;
      } else {
        count = static_cast<uint32_t>(random() % 2);
      }
      std::string spaces = run(count);
      out += spaces.empty() ? " " : spaces;
    }
    if (i < elements.size()) {
      out += text.substr(elements[i].begin, elements[i].end - elements[i].begin);
      position = elements[i].end;
    }
  }
  return out;
}

// Puts a comment in about a third of the gaps between tokens, a line comment or a block
// comment, on the line of what precedes it or on a line of its own.
auto WithComments(std::string_view text, uint64_t seed) -> std::string {
  std::vector<SourceToken> elements = syntax::Tokenize(text);
  std::mt19937_64 random(seed);
  std::string out;
  uint32_t position = 0;
  for (size_t i = 0; i < elements.size(); ++i) {
    out += text.substr(position, elements[i].begin - position);
    if (random() % 3 == 0) {
      std::string n = std::to_string(i);
      switch (random() % 4) {
        case 0:
          out += " // c" + n + "\n";
          break;
        case 1:
          out += "\n// c" + n + "\n";
          break;
        case 2:
          out += " /* c" + n + " */ ";
          break;
        default:
          out += "\n/* c" + n + " */\n";
          break;
      }
    }
    out += text.substr(elements[i].begin, elements[i].end - elements[i].begin);
    position = elements[i].end;
  }
  out += text.substr(position);
  return out;
}

// The AST without its spans, as text: equal texts mean equal trees.
class AstPrinter {
 public:
  auto Print(const ast::File& file) -> std::string {
    Put(file.plant);
    Put(file.module);
    Put(file.uses);
    Put(file.decls);
    return std::move(out_);
  }

 private:
  void Put(std::string_view word) {
    out_ += word;
    out_ += ' ';
  }
  // Without it a string literal would pick Put(bool).
  void Put(const char* word) { Put(std::string_view(word)); }
  void Put(int64_t n) { Put(std::to_string(n)); }
  void Put(bool b) { Put(b ? "yes" : "no"); }
  void Put(const source::Span& span) { Put(span.is_valid()); }
  void Put(const ast::Name& n) { Put(n.text); }
  void Put(const ast::QualifiedName& q) { Put(q.parts); }
  void Put(const ast::StringLit& s) { Put("\"" + s.value + "\""); }
  void Put(const ast::Number& n) { Put(n.text); }
  void Put(const ast::Integer& i) { Put(i.value); }
  void Put(const ast::Quantity& q) { Put(q.amount); Put(q.unit); }
  void Put(const ast::TimeOfDay& t) { Put(int64_t{t.minutes}); }
  void Put(const ast::TestTime& t) { Put(t.day); Put(t.time); }
  // The parser keeps a tab that ends a `///` line; the formatter drops it with the spaces.
  void Put(const ast::DocComment& d) {
    std::string text = "doc:";
    std::istringstream lines(d.text);
    for (std::string line; std::getline(lines, line);) {
      text += line.substr(0, line.find_last_not_of(" \t\f") + 1) + "\n";
    }
    Put(text);
  }
  void Put(const ast::Owner& o) { Put(o.role); }
  void Put(const ast::DeclHead& h) { Put(h.name); Put(h.title); Put(h.doc); }
  void Put(const ast::Reaction& r) { Put(int64_t{static_cast<int>(r.kind)}); Put(r.target); }
  void Put(const ast::PlantHeader& p) { Put("plant"); Put(p.head); }
  void Put(const ast::ModuleHeader& m) { Put("module"); Put(m.name); Put(m.doc); }
  void Put(const ast::Use& u) { Put("use"); Put(u.module); }
  void Put(const ast::Role& r) { Put("role"); Put(r.head); Put(r.reports_to); }
  void Put(const ast::Qualification& q) { Put("qualification"); Put(q.head); }
  void Put(const ast::Person& p) {
    Put("person");
    Put(p.head);
    Put(p.roles);
    Put(p.qualifications);
  }
  void Put(const ast::Shift& s) { Put(s.name); Put(s.start); Put(s.end); }
  void Put(const ast::Shifts& s) { Put("shifts"); Put(s.shifts); Put(s.doc); }
  void Put(const ast::Workcenter& w) { Put(w.head); Put(w.owner); }
  void Put(const ast::Line& l) { Put(l.head); Put(l.owner); Put(l.workcenters); }
  void Put(const ast::Area& a) { Put("area"); Put(a.head); Put(a.owner); Put(a.lines); }
  void Put(const ast::Item& i) { Put(int64_t{static_cast<int>(i.kind)}); Put(i.head); Put(i.unit); }
  void Put(const ast::Instruction& i) { Put("instruction"); Put(i.head); Put(i.rev); Put(i.owner); }
  void Put(const ast::Consume& c) { Put(c.material); Put(c.amount); Put(c.per_unit); }
  void Put(const ast::StdTime& s) { Put(s.time); Put(s.per_unit); }
  void Put(const ast::OnFail& f) { Put(f.rework_op); Put(f.max_reworks); Put(f.then_scrap); }
  void Put(const ast::Check& c) { Put(c.control); }
  void Put(const ast::Operation& o) {
    Put(o.number); Put(o.name); Put(o.workcenter); Put(o.instruction); Put(o.consumes);
    Put(o.std_time); Put(o.checks); Put(o.critical); Put(o.on_fail); Put(o.doc);
  }
  void Put(const ast::Routing& r) {
    Put("routing"); Put(r.head); Put(r.product); Put(r.rev); Put(r.owner);
    Put(r.confirm_critical); Put(r.operations);
  }
  void Put(const ast::Measure& m) { Put(m.characteristic); Put(m.unit); }
  void Put(const ast::Spec& s) {
    Put(int64_t{static_cast<int>(s.form)}); Put(s.first); Put(s.second); Put(s.third); Put(s.unit);
  }
  void Put(const ast::Sample& s) { Put(s.count); Put(s.every); }
  void Put(const ast::Spc& s) { Put(s.chart); Put(s.center); Put(s.sigma); Put(s.rules); }
  void Put(const ast::ReactionPlan& p) { Put(p.trigger); Put(p.reactions); }
  void Put(const ast::Control& c) {
    Put("control"); Put(c.head); Put(c.owner); Put(c.measure); Put(c.spec);
    Put(c.characteristic_class); Put(c.sample); Put(c.spc); Put(c.plans);
  }
  void Put(const ast::SpcRuleSet& s) { Put("spc_rules"); Put(s.head); Put(s.rules); }
  void Put(const ast::Outcome& o) { Put(o.name); Put(o.title); Put(o.reactions); }
  void Put(const ast::OnTimeout& t) { Put(t.every); Put(t.role); }
  void Put(const ast::Case& c) {
    Put("case"); Put(c.head); Put(c.owner); Put(c.decide_within); Put(c.evidence);
    Put(c.outcomes); Put(c.on_timeout);
  }
  void Put(const ast::RiskApproval& r) { Put(r.level); Put(r.approvers); }
  void Put(const ast::Deviation& d) {
    Put("deviation"); Put(d.head); Put(d.owner); Put(d.approvers); Put(d.risk_approvals);
    Put(d.expires_after); Put(d.expires_lots);
  }
  void Put(const ast::Reason& r) {
    Put(r.head); Put(r.owner); Put(r.loss); Put(r.required); Put(r.children);
  }
  void Put(const ast::Reasons& r) {
    Put("reasons"); Put(r.path); Put(r.title); Put(r.owner); Put(r.loss); Put(r.doc);
    Put(r.reasons);
  }
  void Put(const ast::StopTrigger& t) { Put(t.reason); }
  void Put(const ast::Tier& t) { Put(t.after); Put(t.reactions); }
  void Put(const ast::Escalation& e) {
    Put("escalation"); Put(e.head); Put(e.trigger); Put(e.owner); Put(e.tiers);
  }
  void Put(const ast::Recurrence& r) {
    Put("recurrence"); Put(r.head); Put(r.trigger); Put(r.owner); Put(r.count); Put(r.window);
    Put(r.keys); Put(r.reactions);
  }
  void Put(const ast::Handover& h) {
    Put("handover"); Put(h.head); Put(h.owner); Put(h.at_shift_end); Put(h.report);
    Put(h.acknowledge_by); Put(h.acknowledge_within);
  }
  void Put(const ast::Word& w) { Put(int64_t{static_cast<int>(w.kind)}); Put(w.text); }
  void Put(const ast::TestStep& s) {
    Put(int64_t{static_cast<int>(s.kind)}); Put(s.at); Put(s.verb); Put(s.args);
  }
  void Put(const ast::Test& t) { Put("test"); Put(t.name); Put(t.doc); Put(t.steps); }
  void Put(const ast::Decl& d) {
    std::visit([this](const auto& x) { Put(x); }, d);
  }
  template <typename T>
  void Put(const std::optional<T>& o) {
    if (o) {
      Put(*o);
    } else {
      Put("-");
    }
  }
  template <typename T>
  void Put(const std::vector<T>& v) {
    Put("[");
    for (const T& x : v) {
      Put(x);
    }
    Put("]");
  }

  std::string out_;
};

auto PrintAst(std::string_view text, bool& ok) -> std::string {
  source::SourceManager sources;
  source::FileId file = sources.AddFile("x.takt", std::string(text));
  diagnostics::Diagnostics diagnostics;
  ast::File ast = syntax::Parse(sources, file, diagnostics);
  ok = !diagnostics.has_errors();
  return AstPrinter().Print(ast);
}

void CheckProperties(const Sample& sample, size_t& formatted_count) {
  CAPTURE(sample.name);
  std::optional<std::string> formatted = FormatText(sample.text);
  if (!formatted) {
    return;  // A golden case of a syntax error.
  }
  ++formatted_count;
  CHECK(FormatText(*formatted) == formatted);
  CHECK(CommentTexts(*formatted) == CommentTexts(sample.text));
  bool ok_before = false;
  bool ok_after = false;
  std::string before = PrintAst(sample.text, ok_before);
  std::string after = PrintAst(*formatted, ok_after);
  CHECK(ok_after);
  CHECK(before == after);
  for (uint64_t seed = 1; seed <= 3; ++seed) {
    std::string scrambled = Scramble(sample.text, seed);
    CAPTURE(scrambled);
    CHECK(FormatText(scrambled) == formatted);
  }
}

TEST_CASE("format properties over the repository's .takt files") {
  size_t formatted_count = 0;
  std::vector<Sample> samples = RepositorySamples();
  for (const Sample& sample : samples) {
    CheckProperties(sample, formatted_count);
  }
  // Most golden cases are syntax errors or fine plants; the examples and stdlib all parse.
  CHECK(formatted_count >= 50);
}

TEST_CASE("format properties over generated plants") {
  size_t formatted_count = 0;
  std::vector<Sample> samples = GeneratedSamples();
  for (const Sample& sample : samples) {
    CheckProperties(sample, formatted_count);
  }
  CHECK(formatted_count == samples.size());
}

TEST_CASE("format properties with comments between any two tokens") {
  size_t formatted_count = 0;
  std::vector<Sample> samples = RepositorySamples();
  for (const Sample& sample : samples) {
    if (!FormatText(sample.text)) {
      continue;
    }
    for (uint64_t seed = 1; seed <= 2; ++seed) {
      CheckProperties(Sample{.name = sample.name + " with comments " + std::to_string(seed),
                             .text = WithComments(sample.text, seed)},
                      formatted_count);
    }
  }
  CHECK(formatted_count >= 100);
}

TEST_CASE("examples/ and stdlib/ are canonical: `takt fmt --check` exits 0") {
  base::RealFileSystem file_system;
  for (const char* dir : {"examples", "stdlib"}) {
    std::string path = (fs::path(TAKT_SOURCE_DIR) / dir).string();
    std::ostringstream out;
    std::ostringstream err;
    std::istringstream in;
    driver::DriverEnv env{
        .file_system = file_system, .out = out, .err = err, .in = in, .color = false};
    std::vector<std::string_view> args = {"fmt", "--check", path};
    CHECK(driver::RunDriver(args, env) == driver::kExitOk);
    CHECK(out.str() == "");
    CHECK(err.str() == "");
  }
}

}  // namespace
}  // namespace takt::format
