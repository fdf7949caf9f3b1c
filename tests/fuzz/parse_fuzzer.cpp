// Feeds arbitrary bytes to the front end: parse, and check when the parse is clean. Any crash,
// hang, leak or sanitizer report is a bug; the input then joins corpus/parse/.
#include <cstddef>
#include <cstdint>
#include <string>

#include "compiler/base/file_system.h"
#include "compiler/check/check.h"
#include "compiler/syntax/parse.h"

extern "C" auto LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) -> int {
  takt::source::SourceManager sources;
  takt::diagnostics::Diagnostics diagnostics;
  std::string text(reinterpret_cast<const char*>(data), size);
  takt::source::FileId file = sources.AddFile("fuzz.takt", std::move(text));
  std::vector<takt::ast::File> parsed;
  parsed.push_back(takt::syntax::Parse(sources, file, diagnostics));
  (void)takt::syntax::Comments(sources, file);
  if (!diagnostics.has_errors()) {
    takt::base::InMemoryFileSystem file_system;
    (void)takt::check::CheckPlant(sources, file_system, parsed, {}, diagnostics);
  }
  return 0;
}
