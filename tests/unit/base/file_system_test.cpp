#include "compiler/base/file_system.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

namespace takt::base {
namespace {

TEST_CASE("InMemoryFileSystem reads what was added and reports what is missing") {
  InMemoryFileSystem fs;
  fs.Add("plant.takt", "plant p");
  std::string error;
  CHECK(fs.ReadFile("plant.takt", error) == "plant p");
  CHECK(fs.ReadFile("./plant.takt", error) == "plant p");
  CHECK_FALSE(fs.ReadFile("missing.takt", error).has_value());
  CHECK(error == "no such file or directory");
}

TEST_CASE("InMemoryFileSystem treats prefixes of files as directories") {
  InMemoryFileSystem fs;
  fs.Add("lib/acme/presses.takt", "module acme.presses");
  fs.Add("lib/readme.md", "");
  fs.Add("plant.takt", "plant p");
  CHECK(fs.IsDirectory("lib"));
  CHECK(fs.IsDirectory("lib/"));
  CHECK(fs.IsDirectory("lib/acme"));
  CHECK(fs.IsDirectory("."));
  CHECK_FALSE(fs.IsDirectory("li"));
  CHECK_FALSE(fs.IsDirectory("plant.takt"));
  CHECK(fs.Exists("lib"));
  CHECK(fs.Exists("plant.takt"));
  CHECK_FALSE(fs.Exists("nope"));
  std::string error;
  CHECK_FALSE(fs.ReadFile("lib", error).has_value());
  CHECK(error == "is a directory");
}

TEST_CASE("InMemoryFileSystem lists .takt files recursively and sorted") {
  InMemoryFileSystem fs;
  fs.Add("b.takt", "");
  fs.Add("a/z.takt", "");
  fs.Add("a/notes.txt", "");
  fs.Add("a.takt", "");
  CHECK(fs.ListTaktFiles(".") == std::vector<std::string>{"a.takt", "a/z.takt", "b.takt"});
  CHECK(fs.ListTaktFiles("a") == std::vector<std::string>{"a/z.takt"});
  CHECK(fs.ListTaktFiles("missing").empty());
}

TEST_CASE("InMemoryFileSystem writes files") {
  InMemoryFileSystem fs;
  std::string error;
  CHECK(fs.WriteFile("out/x.takt", "x", error));
  CHECK(fs.files().at("out/x.takt") == "x");
  CHECK_FALSE(fs.WriteFile("out", "y", error));
}

TEST_CASE("RealFileSystem lists, reads and writes on disk") {
  namespace stdfs = std::filesystem;
  stdfs::path root = stdfs::temp_directory_path() /
                     ("takt_fs_test_" + std::to_string(reinterpret_cast<uintptr_t>(&root)));
  stdfs::remove_all(root);
  stdfs::create_directories(root / "sub" / "deeper");
  RealFileSystem fs;
  std::string error;
  REQUIRE(fs.WriteFile((root / "b.takt").string(), "b", error));
  REQUIRE(fs.WriteFile((root / "sub" / "deeper" / "a.takt").string(), "a", error));
  REQUIRE(fs.WriteFile((root / "sub" / "notes.md").string(), "", error));
  std::vector<std::string> listed = fs.ListTaktFiles(root.string());
  REQUIRE(listed.size() == 2);
  CHECK(listed[0] == (root / "b.takt").generic_string());
  CHECK(listed[1] == (root / "sub" / "deeper" / "a.takt").generic_string());
  CHECK(fs.ReadFile(listed[1], error) == "a");
  CHECK(fs.IsDirectory((root / "sub").string()));
  CHECK_FALSE(fs.IsDirectory((root / "b.takt").string()));
  CHECK(fs.Exists((root / "b.takt").string()));
  CHECK_FALSE(fs.ReadFile((root / "missing.takt").string(), error).has_value());
  CHECK(error == "no such file or directory");
  CHECK_FALSE(fs.ReadFile((root / "sub").string(), error).has_value());
  CHECK(error == "is a directory");
  stdfs::remove_all(root);
}

}  // namespace
}  // namespace takt::base
