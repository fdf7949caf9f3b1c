// The one command-line parser of every subcommand. Options are declared once with their help,
// bound to variables the subcommand owns; shared options (`--format`, `--werror`) are declared
// by helpers in diagnostics_output.h, never re-spelled per subcommand.
//
// Accepted forms: `--name value`, `--name=value`, `-I value`, `-Ivalue`, boolean `--flag`,
// `--` (everything after it is positional), `-h`/`--help`. Unknown options get a "did you mean".
#ifndef TAKT_COMPILER_DRIVER_ARG_PARSER_H_
#define TAKT_COMPILER_DRIVER_ARG_PARSER_H_

#include <cstddef>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/diagnostics/diagnostic.h"

namespace takt::driver {

struct ParseResult {
  enum class Status : uint8_t { Ok, Help, Error };
  Status status = Status::Ok;
  // With Status::Error: the one record of what was wrong (T0006 `unknown option `--formt``),
  // with its help (`did you mean `--format`?`).
  diagnostics::Diagnostics error;
};

class ArgParser {
 public:
  // `command` is how the usage line spells the command (`takt check`).
  ArgParser(std::string command, std::string summary)
      : command_(std::move(command)), summary_(std::move(summary)) {}

  // A boolean `--name`.
  void AddFlag(std::string_view long_name, std::string_view help, bool* value);
  // `--name VALUE`; when `choices` is not empty the value must be one of them. `value` keeps
  // its initial contents as the default.
  void AddOption(std::string_view long_name, std::string_view value_name, std::string_view help,
                 std::string* value, std::vector<std::string_view> choices = {});
  // `-I DIR`/`--include DIR`, repeatable, values in order. `short_name` may be '\0'.
  void AddRepeated(char short_name, std::string_view long_name, std::string_view value_name,
                   std::string_view help, std::vector<std::string>* values);
  // The positional arguments, between `min` and `max` of them.
  void SetPositionals(std::string_view value_name, std::string_view help,
                      std::vector<std::string>* values, size_t min = 0,
                      size_t max = std::numeric_limits<size_t>::max());

  auto Parse(std::span<const std::string_view> args) -> ParseResult;
  // The full `--help` text, ending with a newline.
  auto Help() const -> std::string;
  auto command() const -> const std::string& { return command_; }

 private:
  enum class OptionKind : uint8_t { Flag, Single, Repeated };
  struct Option {
    OptionKind kind;
    char short_name;
    std::string long_name;
    std::string value_name;
    std::string help;
    std::vector<std::string_view> choices;
    bool* flag = nullptr;
    std::string* single = nullptr;
    std::vector<std::string>* repeated = nullptr;
  };
  void Declare(Option option);

  auto FindLong(std::string_view name) -> Option*;
  auto FindShort(char name) -> Option*;
  auto Assign(Option& option, std::string_view spelled, std::string_view value, ParseResult& result)
      -> bool;

  std::string command_;
  std::string summary_;
  std::vector<Option> options_;
  std::string positional_name_;
  std::string positional_help_;
  std::vector<std::string>* positionals_ = nullptr;
  size_t positional_min_ = 0;
  size_t positional_max_ = 0;
};

}  // namespace takt::driver

#endif  // TAKT_COMPILER_DRIVER_ARG_PARSER_H_
