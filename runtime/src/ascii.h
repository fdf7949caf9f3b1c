// Character classes of the ASCII formats the runtime reads (JSON, RFC 3339 timestamps), with no
// dependence on the C locale (std::isdigit has one, and is undefined for negative chars).
#ifndef TAKT_RUNTIME_SRC_ASCII_H_
#define TAKT_RUNTIME_SRC_ASCII_H_

namespace takt::runtime {

inline auto IsAsciiDigit(char c) -> bool { return c >= '0' && c <= '9'; }

}  // namespace takt::runtime

#endif  // TAKT_RUNTIME_SRC_ASCII_H_
