#include "compiler/driver/arg_parser.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <optional>

#include <fmt/format.h>

#include "compiler/diagnostics/diagnostic.h"

namespace takt::driver {

// Two options of one name would make the second unreachable and `--help` ambiguous: a mistake
// in a subcommand's code, so every test that runs the subcommand stops on it.
void ArgParser::Declare(Option option) {
  for (const Option& declared : options_) {
    if (declared.long_name == option.long_name ||
        (option.short_name != '\0' && declared.short_name == option.short_name)) {
      std::fprintf(stderr, "internal error: `%s` declares the option `--%s` twice\n", command_.c_str(),
                   option.long_name.c_str());
      std::abort();
    }
  }
  options_.push_back(std::move(option));
}

void ArgParser::AddFlag(std::string_view long_name, std::string_view help, bool* value) {
  Declare(Option{.kind = OptionKind::Flag,
                            .short_name = '\0',
                            .long_name = std::string(long_name),
                            .value_name = {},
                            .help = std::string(help),
                            .choices = {},
                            .flag = value});
}

void ArgParser::AddOption(std::string_view long_name, std::string_view value_name,
                          std::string_view help, std::string* value,
                          std::vector<std::string_view> choices) {
  Declare(Option{.kind = OptionKind::Single,
                            .short_name = '\0',
                            .long_name = std::string(long_name),
                            .value_name = std::string(value_name),
                            .help = std::string(help),
                            .choices = std::move(choices),
                            .single = value});
}

void ArgParser::AddRepeated(char short_name, std::string_view long_name,
                            std::string_view value_name, std::string_view help,
                            std::vector<std::string>* values) {
  Declare(Option{.kind = OptionKind::Repeated,
                            .short_name = short_name,
                            .long_name = std::string(long_name),
                            .value_name = std::string(value_name),
                            .help = std::string(help),
                            .choices = {},
                            .repeated = values});
}

void ArgParser::SetPositionals(std::string_view value_name, std::string_view help,
                               std::vector<std::string>* values, size_t min, size_t max) {
  positional_name_ = std::string(value_name);
  positional_help_ = std::string(help);
  positionals_ = values;
  positional_min_ = min;
  positional_max_ = max;
}

auto ArgParser::FindLong(std::string_view name) -> Option* {
  for (Option& option : options_) {
    if (option.long_name == name) {
      return &option;
    }
  }
  return nullptr;
}

auto ArgParser::FindShort(char name) -> Option* {
  for (Option& option : options_) {
    if (option.short_name != '\0' && option.short_name == name) {
      return &option;
    }
  }
  return nullptr;
}

static auto JoinChoices(std::span<const std::string_view> choices) -> std::string {
  std::string text;
  for (size_t i = 0; i < choices.size(); ++i) {
    if (i > 0) {
      text += i + 1 == choices.size() ? " or " : ", ";
    }
    text += fmt::format("`{}`", choices[i]);
  }
  return text;
}

// Marks `result` failed with one diagnostic; the builder attaches its help.
template <typename... Args>
static auto Fail(ParseResult& result, const diagnostics::DiagnosticDescriptor<Args...>& descriptor,
                 diagnostics::ArgType<Args>... args) -> diagnostics::DiagnosticBuilder {
  result.status = ParseResult::Status::Error;
  return result.error.Emit(descriptor, source::Span{}, args...);
}

auto ArgParser::Assign(Option& option, std::string_view spelled, std::string_view value,
                       ParseResult& result) -> bool {
  if (!option.choices.empty() &&
      std::find(option.choices.begin(), option.choices.end(), value) == option.choices.end()) {
    Fail(result, diag::UnknownOptionValue, value, spelled)
        .Help(fmt::format("expected {}", JoinChoices(option.choices)));
    return false;
  }
  if (option.kind == OptionKind::Single) {
    *option.single = std::string(value);
  } else {
    option.repeated->push_back(std::string(value));
  }
  return true;
}

auto ArgParser::Parse(std::span<const std::string_view> args) -> ParseResult {
  ParseResult result;
  std::vector<std::string> positionals;
  bool only_positionals = false;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string_view arg = args[i];
    if (only_positionals || arg == "-" || !arg.starts_with("-")) {
      positionals.push_back(std::string(arg));
      continue;
    }
    if (arg == "--") {
      only_positionals = true;
      continue;
    }
    if (arg == "-h" || arg == "--help") {
      result.status = ParseResult::Status::Help;
      return result;
    }
    Option* option = nullptr;
    std::string spelled;
    std::optional<std::string_view> attached;
    if (arg.starts_with("--")) {
      std::string_view body = arg.substr(2);
      size_t equals = body.find('=');
      std::string_view name = body.substr(0, equals);
      if (equals != std::string_view::npos) {
        attached = body.substr(equals + 1);
      }
      spelled = fmt::format("--{}", name);
      option = FindLong(name);
      if (option == nullptr) {
        std::vector<std::string> names;
        for (const Option& candidate : options_) {
          names.push_back("--" + candidate.long_name);
        }
        std::vector<std::string_view> views(names.begin(), names.end());
        auto builder = Fail(result, diag::UnknownOption, spelled);
        if (std::optional<std::string_view> closest = diagnostics::ClosestMatch(spelled, views)) {
          builder.Help(fmt::format("did you mean `{}`?", *closest));
        }
        return result;
      }
    } else {
      option = FindShort(arg[1]);
      spelled = std::string(arg.substr(0, 2));
      if (option == nullptr || option->kind == OptionKind::Flag) {
        Fail(result, diag::UnknownOption, arg);
        return result;
      }
      if (arg.size() > 2) {
        attached = arg.substr(2);
      }
    }
    if (option->kind == OptionKind::Flag) {
      if (attached.has_value()) {
        Fail(result, diag::FlagWithValue, spelled);
        return result;
      }
      *option->flag = true;
      continue;
    }
    std::string_view value;
    if (attached.has_value()) {
      value = *attached;
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      Fail(result, diag::MissingOptionValue, spelled, option->value_name);
      return result;
    }
    if (!Assign(*option, spelled, value, result)) {
      return result;
    }
  }
  if (positionals_ == nullptr && !positionals.empty()) {
    Fail(result, diag::UnexpectedArgument, positionals.front());
    return result;
  }
  if (positionals_ != nullptr) {
    if (positionals.size() < positional_min_) {
      Fail(result, diag::MissingArgument, positional_name_);
      return result;
    }
    if (positionals.size() > positional_max_) {
      Fail(result, diag::UnexpectedArgument, positionals[positional_max_]);
      return result;
    }
    *positionals_ = std::move(positionals);
  }
  return result;
}

auto ArgParser::Help() const -> std::string {
  std::string text = summary_ + "\n\nUsage: " + command_;
  if (!options_.empty()) {
    text += " [OPTIONS]";
  }
  std::string positional_usage;
  if (positionals_ != nullptr) {
    positional_usage = positional_min_ > 0 ? fmt::format("<{}>", positional_name_)
                                           : fmt::format("[{}]", positional_name_);
    if (positional_max_ > 1) {
      positional_usage += "...";
    }
    text += " " + positional_usage;
  }
  text += "\n";

  // Two columns: the spelled option, then its help, aligned like clap's output.
  std::vector<std::pair<std::string, std::string>> rows;
  for (const Option& option : options_) {
    std::string left = option.short_name != '\0' ? fmt::format("-{}, ", option.short_name) : "    ";
    left += "--" + option.long_name;
    if (option.kind != OptionKind::Flag) {
      left += fmt::format(" <{}>", option.value_name);
    }
    std::string right = option.help;
    if (!option.choices.empty()) {
      right += fmt::format(" [{}]", fmt::join(option.choices, ", "));
    }
    if (option.kind == OptionKind::Single && !option.single->empty()) {
      right += fmt::format(" (default: {})", *option.single);
    }
    rows.emplace_back(std::move(left), std::move(right));
  }
  rows.emplace_back("-h, --help", "print this help");
  size_t width = positional_usage.size();
  for (const auto& [left, right] : rows) {
    width = std::max(width, left.size());
  }
  if (positionals_ != nullptr) {
    text += fmt::format("\nArguments:\n  {:<{}}  {}\n", positional_usage, width, positional_help_);
  }
  text += "\nOptions:\n";
  for (const auto& [left, right] : rows) {
    text += fmt::format("  {:<{}}  {}\n", left, width, right);
  }
  return text;
}

}  // namespace takt::driver
