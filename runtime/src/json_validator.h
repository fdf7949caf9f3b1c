// A strict RFC 8259 checker for one JSON text, for the parts of an event line the decoder does
// not read itself. simdjson's On-Demand parser validates only what it visits: the value of a
// key the runtime ignores is skipped by bracket counting, so `"x":[1 2]` or `"x":01` would pass.
// The decoder runs this over a line only when the line has such a key, so well-formed streams
// pay nothing. UTF-8 is checked beforehand (simdjson validates the whole line); this checks the
// grammar, escapes and surrogate pairs. Iterative: nesting depth is bounded only by the line.
#ifndef TAKT_RUNTIME_SRC_JSON_VALIDATOR_H_
#define TAKT_RUNTIME_SRC_JSON_VALIDATOR_H_

#include <string>
#include <string_view>

namespace takt::runtime {

// True when `text` is one JSON value with optional surrounding whitespace; otherwise `error`
// says what is wrong and where (`invalid JSON: … at byte N`).
auto ValidateJson(std::string_view text, std::string& error) -> bool;

// What a number token is: RFC 8259 number grammar, and whether it has a fraction or exponent.
enum class NumberSyntax { Invalid, Integer, Real };
auto ClassifyNumber(std::string_view token) -> NumberSyntax;

}  // namespace takt::runtime

#endif  // TAKT_RUNTIME_SRC_JSON_VALIDATOR_H_
