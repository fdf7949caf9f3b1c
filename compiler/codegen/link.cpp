// Links the object into a shared library with lld as a library, in-process: no external linker,
// no toolchain lookup, the same bytes every time (no build id, no input paths in the output).
#include <lld/Common/Driver.h>
#include <llvm/Support/raw_ostream.h>

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <mutex>

#include "compiler/codegen/codegen.h"

LLD_HAS_DRIVER(elf)

namespace takt::codegen {

auto LinkSharedObject(std::string_view object, const std::string& path, std::string& error) -> bool {
  // lld reads its inputs from files; the object goes next to the output, then away.
  const std::string object_path = path + ".o.tmp" + std::to_string(::getpid());
  {
    std::ofstream file(object_path, std::ios::binary | std::ios::trunc);
    file.write(object.data(), static_cast<std::streamsize>(object.size()));
    if (!file) {
      // The object sits beside the output: failing here means the output cannot be written.
      error = "cannot write `" + path + "`: " + std::strerror(errno);
      std::remove(object_path.c_str());
      return false;
    }
  }
  // lld keeps global state: one link at a time.
  static std::mutex mutex;
  std::string out_text;
  std::string err_text;
  int code = 0;
  {
    const std::lock_guard<std::mutex> lock(mutex);
    llvm::raw_string_ostream out(out_text);
    llvm::raw_string_ostream err(err_text);
    const char* args[] = {"ld.lld", "-shared", "--build-id=none", "--hash-style=gnu", "-z", "now",
                          "-z", "relro", "-o", path.c_str(), object_path.c_str()};
    const lld::Result result = lld::lldMain(args, out, err, {{lld::Gnu, &lld::elf::link}});
    code = result.retCode;
    out.flush();
    err.flush();
  }
  std::remove(object_path.c_str());
  if (code != 0) {
    error = "linking `" + path + "` failed: " + err_text;
    return false;
  }
  return true;
}

}  // namespace takt::codegen
