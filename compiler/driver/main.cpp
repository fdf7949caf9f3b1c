// The `takt` executable: builds the real environment (disk, standard streams, colour when
// stderr is a terminal and NO_COLOR is unset) and hands the arguments to the driver.
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <string_view>
#include <vector>

#include "compiler/base/fd_stream.h"
#include "compiler/base/file_system.h"
#include "compiler/driver/driver.h"

auto main(int argc, char** argv) -> int {
  std::ios::sync_with_stdio(false);
  std::vector<std::string_view> args(argv + 1, argv + argc);
  takt::base::RealFileSystem file_system;
  // Not std::cout: a failed write to stdout must be reported with its reason (driver/outputs.h).
  takt::base::FdStreamBuf stdout_buffer(STDOUT_FILENO);
  std::ostream out(&stdout_buffer);
  const char* no_color = std::getenv("NO_COLOR");
  bool color = isatty(STDERR_FILENO) != 0 && (no_color == nullptr || no_color[0] == '\0');
  takt::driver::DriverEnv env{.file_system = file_system,
                              .out = out,
                              .err = std::cerr,
                              .in = std::cin,
                              .color = color};
  int exit_code = takt::driver::RunDriver(args, env);
  std::cerr.flush();
  return exit_code;
}
