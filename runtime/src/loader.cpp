#include "takt/loader.h"

#include <dlfcn.h>
#include <elf.h>
#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>

#include "takt/session.h"

namespace takt::runtime {

namespace {

// Why `file` (of `size` bytes) cannot be handed to dlopen, if it cannot. glibc maps the segments
// a shared library's program headers describe without checking them against the file's size,
// so a truncated executor (a partial copy, a full disk) would stop the process with SIGBUS
// instead of an error. Only the ELF header and the program headers are read.
auto ElfProblem(std::ifstream& file, uint64_t size) -> std::optional<std::string> {
  Elf64_Ehdr header;
  if (!file.read(reinterpret_cast<char*>(&header), sizeof header) ||
      std::memcmp(header.e_ident, ELFMAG, SELFMAG) != 0) {
    return "not an ELF shared library";
  }
  if (header.e_ident[EI_CLASS] != ELFCLASS64 || header.e_ident[EI_DATA] != ELFDATA2LSB) {
    return "not a 64-bit little-endian ELF file";
  }
  if (header.e_type != ET_DYN) {
    return "an ELF file, but not a shared library";
  }
  if (header.e_phentsize != sizeof(Elf64_Phdr) || header.e_phoff > size ||
      uint64_t{header.e_phnum} * sizeof(Elf64_Phdr) > size - header.e_phoff) {
    return fmt::format("truncated: its program headers end past the file's {} bytes", size);
  }
  file.seekg(static_cast<std::streamoff>(header.e_phoff));
  for (uint16_t i = 0; i < header.e_phnum; ++i) {
    Elf64_Phdr segment;
    if (!file.read(reinterpret_cast<char*>(&segment), sizeof segment)) {
      return "its program headers cannot be read";
    }
    if (segment.p_type == PT_LOAD && (segment.p_offset > size || segment.p_filesz > size - segment.p_offset)) {
      return fmt::format("truncated: segment {} ends at byte {}, the file has {} bytes", i,
                         segment.p_offset + segment.p_filesz, size);
    }
  }
  return std::nullopt;
}

}  // namespace

LoadedExecutor::~LoadedExecutor() { dlclose(handle_); }

auto LoadedExecutor::Load(const std::string& path, std::string& error) -> std::unique_ptr<LoadedExecutor> {
  // dlopen searches the library path for names without a slash; an executor is always a file.
  const std::string file = path.find('/') == std::string::npos ? "./" + path : path;
  std::ifstream stream(file, std::ios::binary);
  if (!stream.is_open()) {
    error = fmt::format("cannot load executor `{}`: {}", path, std::strerror(errno));
    return nullptr;
  }
  std::error_code ignored;
  const uint64_t size = std::filesystem::file_size(file, ignored);
  if (const auto problem = ElfProblem(stream, size)) {
    error = fmt::format("cannot load executor `{}`: {}", path, *problem);
    return nullptr;
  }
  void* handle = dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* reason = dlerror();
    error = fmt::format("cannot load executor `{}`: {}", path, reason != nullptr ? reason : "unknown error");
    return nullptr;
  }
  const auto* descriptor = static_cast<const takt_executor*>(dlsym(handle, TAKT_EXECUTOR_SYMBOL));
  if (descriptor == nullptr) {
    error = fmt::format("`{}` is not a Takt executor: it has no `{}` symbol", path, TAKT_EXECUTOR_SYMBOL);
    dlclose(handle);
    return nullptr;
  }
  std::string reason;
  if (!ValidateExecutor(*descriptor, reason)) {
    error = fmt::format("cannot use executor `{}`: {}", path, reason);
    dlclose(handle);
    return nullptr;
  }
  return std::unique_ptr<LoadedExecutor>(new LoadedExecutor(handle, descriptor));
}

}  // namespace takt::runtime
