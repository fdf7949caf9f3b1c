#include "compiler/driver/arg_parser.h"

#include <doctest/doctest.h>
#include <fmt/format.h>

namespace takt::driver {
namespace {

struct Parsed {
  bool werror = false;
  std::string format = "human";
  std::vector<std::string> includes;
  std::vector<std::string> paths;
};

auto Parse(std::vector<std::string_view> args, Parsed& parsed) -> ParseResult {
  ArgParser parser("takt check", "Check a plant");
  parser.SetPositionals("PATHS", "files", &parsed.paths);
  parser.AddRepeated('I', "include", "DIR", "library dir", &parsed.includes);
  parser.AddOption("format", "FORMAT", "output", &parsed.format, {"human", "json", "sarif"});
  parser.AddFlag("werror", "warnings are errors", &parsed.werror);
  return parser.Parse(args);
}

TEST_CASE("arg parser: flags, options in both spellings, repeated and positional") {
  Parsed parsed;
  ParseResult result =
      Parse({"a.takt", "--format", "json", "-I", "lib", "-Iother", "--include=third", "--werror",
             "dir"},
            parsed);
  CHECK(result.status == ParseResult::Status::Ok);
  CHECK(parsed.format == "json");
  CHECK(parsed.werror);
  CHECK(parsed.includes == std::vector<std::string>{"lib", "other", "third"});
  CHECK(parsed.paths == std::vector<std::string>{"a.takt", "dir"});

  Parsed equals;
  CHECK(Parse({"--format=sarif"}, equals).status == ParseResult::Status::Ok);
  CHECK(equals.format == "sarif");
  CHECK(equals.paths.empty());
}

TEST_CASE("arg parser: `--` ends options, `-` is positional") {
  Parsed parsed;
  CHECK(Parse({"--", "--werror", "-"}, parsed).status == ParseResult::Status::Ok);
  CHECK_FALSE(parsed.werror);
  CHECK(parsed.paths == std::vector<std::string>{"--werror", "-"});
}

TEST_CASE("arg parser: help") {
  Parsed parsed;
  CHECK(Parse({"-h"}, parsed).status == ParseResult::Status::Help);
  CHECK(Parse({"x", "--help"}, parsed).status == ParseResult::Status::Help);
}

// A failed parse as one string: the code and message of its one record, then its help lines.
auto ErrorOf(const ParseResult& result) -> std::string {
  REQUIRE(result.status == ParseResult::Status::Error);
  REQUIRE(result.error.records().size() == 1);
  const diagnostics::Diagnostic& record = result.error.records()[0];
  std::string text = fmt::format("{}: {}", diagnostics::GetKindInfo(record.kind).code, record.message);
  for (const std::string& help : record.help) {
    text += "\nhelp: " + help;
  }
  return text;
}

TEST_CASE("arg parser: errors say what was wrong and suggest the option meant") {
  Parsed parsed;
  CHECK(ErrorOf(Parse({"--formt", "json"}, parsed)) ==
        "T0006: unknown option `--formt`\nhelp: did you mean `--format`?");
  CHECK(ErrorOf(Parse({"--zzzzzzzz"}, parsed)) == "T0006: unknown option `--zzzzzzzz`");
  CHECK(ErrorOf(Parse({"--format", "xml"}, parsed)) ==
        "T0007: unknown value `xml` for `--format`\nhelp: expected `human`, `json` or `sarif`");
  CHECK(ErrorOf(Parse({"--format"}, parsed)) == "T0008: `--format` needs a value: `--format <FORMAT>`");
  CHECK(ErrorOf(Parse({"-I"}, parsed)) == "T0008: `-I` needs a value: `-I <DIR>`");
  CHECK(ErrorOf(Parse({"--werror=yes"}, parsed)) == "T0009: `--werror` takes no value");
  CHECK(ErrorOf(Parse({"-x"}, parsed)) == "T0006: unknown option `-x`");
}

TEST_CASE("arg parser: positional counts") {
  std::vector<std::string> codes;
  ArgParser parser("takt explain", "Explain");
  parser.SetPositionals("CODE", "a code", &codes, 1, 1);
  CHECK(ErrorOf(parser.Parse({})) == "T0011: missing argument <CODE>");
  std::vector<std::string_view> two = {"T0001", "T0002"};
  CHECK(ErrorOf(parser.Parse(two)) == "T0010: unexpected argument `T0002`");
  std::vector<std::string_view> one = {"T0001"};
  CHECK(parser.Parse(one).status == ParseResult::Status::Ok);
  CHECK(codes == std::vector<std::string>{"T0001"});

  ArgParser none("takt x", "X");
  std::vector<std::string_view> stray = {"stray"};
  CHECK(ErrorOf(none.Parse(stray)) == "T0010: unexpected argument `stray`");
}

TEST_CASE("arg parser: help text lists every option once, aligned") {
  Parsed parsed;
  ArgParser parser("takt check", "Check a plant");
  parser.SetPositionals("PATHS", "files or directories", &parsed.paths);
  parser.AddRepeated('I', "include", "DIR", "library dir", &parsed.includes);
  parser.AddOption("format", "FORMAT", "output", &parsed.format, {"human", "json"});
  parser.AddFlag("werror", "warnings are errors", &parsed.werror);
  CHECK(parser.Help() ==
        "Check a plant\n"
        "\n"
        "Usage: takt check [OPTIONS] [PATHS]...\n"
        "\n"
        "Arguments:\n"
        "  [PATHS]...             files or directories\n"
        "\n"
        "Options:\n"
        "  -I, --include <DIR>    library dir\n"
        "      --format <FORMAT>  output [human, json] (default: human)\n"
        "      --werror           warnings are errors\n"
        "  -h, --help             print this help\n");
}

}  // namespace
}  // namespace takt::driver
