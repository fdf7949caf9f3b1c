#include "compiler/driver/arg_parser.h"

#include <doctest/doctest.h>

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

TEST_CASE("arg parser: errors say what was wrong and suggest the option meant") {
  Parsed parsed;
  ParseResult unknown = Parse({"--formt", "json"}, parsed);
  CHECK(unknown.status == ParseResult::Status::Error);
  CHECK(unknown.error == "unknown option `--formt`");
  CHECK(unknown.help == "did you mean `--format`?");

  ParseResult far = Parse({"--zzzzzzzz"}, parsed);
  CHECK(far.error == "unknown option `--zzzzzzzz`");
  CHECK(far.help.empty());

  ParseResult choice = Parse({"--format", "xml"}, parsed);
  CHECK(choice.error == "unknown value `xml` for `--format`");
  CHECK(choice.help == "expected `human`, `json` or `sarif`");

  CHECK(Parse({"--format"}, parsed).error == "`--format` needs a value: `--format <FORMAT>`");
  CHECK(Parse({"-I"}, parsed).error == "`-I` needs a value: `-I <DIR>`");
  CHECK(Parse({"--werror=yes"}, parsed).error == "`--werror` takes no value");
  CHECK(Parse({"-x"}, parsed).error == "unknown option `-x`");
}

TEST_CASE("arg parser: positional counts") {
  std::vector<std::string> codes;
  ArgParser parser("takt explain", "Explain");
  parser.SetPositionals("CODE", "a code", &codes, 1, 1);
  CHECK(parser.Parse({}).error == "missing argument <CODE>");
  std::vector<std::string_view> two = {"T0001", "T0002"};
  CHECK(parser.Parse(two).error == "unexpected argument `T0002`");
  std::vector<std::string_view> one = {"T0001"};
  CHECK(parser.Parse(one).status == ParseResult::Status::Ok);
  CHECK(codes == std::vector<std::string>{"T0001"});

  ArgParser none("takt x", "X");
  std::vector<std::string_view> stray = {"stray"};
  CHECK(none.Parse(stray).error == "unexpected argument `stray`");
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
