// The line reader of `takt serve` (compiler/driver/serve_io.h): the batch it builds from what reads
// return, each line ended by `\n` whichever read ended it, the input offset after the last whole
// line, and over-long lines cut to what the session rejects.
#include "compiler/driver/serve_io.h"

#include <doctest/doctest.h>

#include <string>

namespace takt::driver {

TEST_CASE("line reader: lines across reads go to the batch whole; the offset counts only whole lines") {
  LineReader reader(100);
  std::string lines;
  reader.Add("a\nbb\nc", lines);
  CHECK(lines == "a\nbb\n");
  CHECK(reader.offset() == 105);
  reader.Add("cc", lines);
  CHECK(lines == "a\nbb\n");
  reader.Add("c\n\nd", lines);
  CHECK(lines == "a\nbb\ncccc\n\n");
  CHECK(reader.offset() == 111);
  // The end of the input ends a last line without `\n`: the batch gets one, the offset does not.
  reader.Finish(lines);
  CHECK(lines == "a\nbb\ncccc\n\nd\n");
  CHECK(reader.offset() == 112);
  reader.Finish(lines);
  CHECK(reader.offset() == 112);
}

TEST_CASE("line reader: a line over the limit stands as its first kMaxLineLength + 1 bytes") {
  LineReader reader(0);
  std::string lines;
  const std::string long_line(runtime::kMaxLineLength + 10, 'x');
  reader.Add("short\n" + long_line.substr(0, 7), lines);
  reader.Add(long_line.substr(7) + "\nnext\n", lines);
  CHECK(lines == "short\n" + std::string(runtime::kMaxLineLength + 1, 'x') + "\nnext\n");
  CHECK(reader.offset() == 6 + long_line.size() + 1 + 5);
  // Whole in one read, too.
  std::string again;
  LineReader whole(0);
  whole.Add(long_line + "\nnext\n", again);
  CHECK(again == std::string(runtime::kMaxLineLength + 1, 'x') + "\nnext\n");
  CHECK(whole.offset() == long_line.size() + 1 + 5);
}

}  // namespace takt::driver
