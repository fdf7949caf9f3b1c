// The plant an editor works on: the `.takt` files below the workspace root as the compiler
// reads them, except that a document open in the editor is read from the editor's text (saved
// or not). Each analysis runs the pipeline `takt check` runs (parse every file, check the plant
// when no file has a syntax error) over that view, so the diagnostics are `takt check`'s, and
// keeps the ASTs, the model and the name index for the requests that follow.
#ifndef TAKT_COMPILER_LSP_WORKSPACE_H_
#define TAKT_COMPILER_LSP_WORKSPACE_H_

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compiler/base/file_system.h"
#include "compiler/diagnostics/diagnostic.h"
#include "compiler/lsp/index.h"
#include "compiler/lsp/position.h"
#include "compiler/model/model.h"
#include "compiler/source/source_manager.h"
#include "compiler/syntax/ast.h"

namespace takt::lsp {

struct Document {
  std::string text;
  int64_t version = 0;
};

// The disk with the open documents laid over it. Writing is refused: the server never writes.
class OverlayFileSystem final : public base::FileSystem {
 public:
  OverlayFileSystem(base::FileSystem& disk, const std::map<std::string, Document>& documents)
      : disk_(disk), documents_(documents) {}
  auto ReadFile(const std::string& path, std::string& error) -> std::optional<std::string> override;
  auto OpenOutput(const std::string& path, std::string& error) -> std::unique_ptr<base::OutputFile> override;
  auto IsSameFile(const std::string& output, const std::string& input) -> bool override;
  auto IsDirectory(const std::string& path) -> bool override;
  auto Exists(const std::string& path) -> bool override;
  // The disk's files below `dir` and the open documents below it, sorted, each once.
  auto ListTaktFiles(const std::string& dir, std::vector<base::PathError>& unreadable)
      -> std::vector<std::string> override;

 private:
  base::FileSystem& disk_;
  const std::map<std::string, Document>& documents_;
};

// One run of the pipeline. Immutable once built; requests read it.
struct Analysis {
  source::SourceManager sources;
  std::vector<ast::File> files;  // The workspace's files, in the order check reads them.
  diagnostics::Diagnostics diagnostics;
  std::unique_ptr<const model::Plant> plant;  // Null while the plant has errors.
  std::unique_ptr<Index> index;
  std::map<std::string, source::FileId> file_ids;  // By path.

  auto FileOf(const std::string& path) const -> std::optional<source::FileId>;
  // The line index of a file, built on first use: every range of a response goes through one.
  auto LinesOf(source::FileId file) const -> const LineIndex&;

 private:
  mutable std::vector<std::unique_ptr<LineIndex>> lines_;
};

class Workspace {
 public:
  Workspace(base::FileSystem& disk, std::vector<std::string> include_dirs)
      : disk_(disk), include_dirs_(std::move(include_dirs)) {}

  // The directory whose files make the plant; set by `initialize`.
  void SetRoot(std::string root);
  auto root() const -> const std::string& { return root_; }

  void Open(const std::string& path, std::string text, int64_t version);
  // Nullptr when `path` is not open.
  auto Find(const std::string& path) -> Document*;
  void Close(const std::string& path);
  // Marks the analysis stale: the next Current() runs the pipeline again.
  void Invalidate() { analysis_.reset(); }

  // The analysis of the plant as it is now.
  auto Current() -> const Analysis&;
  // Every reason path of the last plant that checked clean, the stdlib's included: completion
  // still offers them while the plant has an error.
  auto known_reasons() const -> const std::vector<std::string>& { return known_reasons_; }

 private:
  auto Analyze() -> std::unique_ptr<Analysis>;

  base::FileSystem& disk_;
  std::vector<std::string> include_dirs_;
  std::string root_;
  std::map<std::string, Document> documents_;
  std::unique_ptr<Analysis> analysis_;
  std::vector<std::string> known_reasons_;
};

}  // namespace takt::lsp

#endif  // TAKT_COMPILER_LSP_WORKSPACE_H_
