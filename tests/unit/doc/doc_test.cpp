#include "compiler/doc/doc.h"

#include <doctest/doctest.h>

#include <sstream>

#include "compiler/doc/html.h"
#include "compiler/driver/driver.h"
#include "tests/unit/repo_files.h"

namespace takt::doc {
namespace {

// Runs `takt doc --graphs dot … -o site` over `file_system` and returns what it wrote below `site/`.
auto RunDoc(base::InMemoryFileSystem& file_system, std::vector<std::string_view> plant_paths, std::string& err)
    -> std::map<std::string, std::string> {
  std::vector<std::string_view> args = {"doc", "--graphs", "dot", "-o", "site"};
  args.insert(args.end(), plant_paths.begin(), plant_paths.end());
  std::ostringstream out;
  std::ostringstream err_stream;
  std::istringstream in;
  driver::DriverEnv env{.file_system = file_system, .out = out, .err = err_stream, .in = in, .color = false};
  const int exit_code = driver::RunDriver(args, env);
  err = err_stream.str();
  REQUIRE_MESSAGE(exit_code == 0, err);
  CHECK(out.str().empty());
  std::map<std::string, std::string> site;
  for (const auto& [path, text] : file_system.files()) {
    if (path.starts_with("site/")) {
      site[path.substr(5)] = text;
    }
  }
  return site;
}

TEST_CASE("Escape makes every special character of HTML a reference") {
  CHECK(Escape("<a href=\"x\">Tom & Jerry's</a>") ==
        "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
  CHECK(Escape("plain ± text") == "plain ± text");
}

TEST_CASE("doc comments become paragraphs with code spans, escaped") {
  CHECK(DocHtml("") == "");
  CHECK(DocHtml("One `x<y`\nline.\n\nTwo <b>.") ==
        "<div class=\"doc\"><p>One <code>x&lt;y</code> line.</p>\n<p>Two &lt;b&gt;.</p></div>\n");
}

// A title or doc comment that holds markup is shown as text on every page: no element of the
// plant's making ever reaches the browser.
TEST_CASE("takt doc keeps a <script> title as text") {
  base::InMemoryFileSystem file_system;
  file_system.Add("plant.takt",
                  "/// Doc with <script>alert(1)</script>.\n"
                  "plant tiny \"T <script>alert('x')</script>\"\n"
                  "role boss \"<script>evil()</script>\"\n"
                  "/// Held <img src=x onerror=alert(1)> lot.\n"
                  "case review \"Review </td><script>\" owner boss {\n"
                  "  decide within 30 min\n"
                  "  outcome ok \"OK <b>\"\n"
                  "  on timeout escalate to boss\n"
                  "}\n");
  std::string err;
  const std::map<std::string, std::string> site = RunDoc(file_system, {"plant.takt"}, err);
  REQUIRE(site.size() == 8);
  for (const auto& [name, html] : site) {
    INFO(name);
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("<img") == std::string::npos);
    CHECK(html.find("<title>") != std::string::npos);
    CHECK(html.find("T &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;") != std::string::npos);
  }
  CHECK(site.at("cases.html").find("Review &lt;/td&gt;&lt;script&gt;") != std::string::npos);
  CHECK(site.at("cases.html").find("Held &lt;img src=x onerror=alert(1)&gt; lot.") != std::string::npos);
}

TEST_CASE("takt doc of porto is deterministic and covers every section") {
  std::map<std::string, std::string> first;
  for (int run = 0; run < 2; ++run) {
    base::InMemoryFileSystem file_system;
    std::vector<std::string> names;
    for (const std::filesystem::path& path : testing::PlantFilesIn(testing::PortoDir())) {
      names.push_back("porto/" + path.filename().string());
      file_system.Add(names.back(), testing::ReadText(path));
    }
    std::string err;
    std::map<std::string, std::string> site = RunDoc(file_system, {"porto"}, err);
    if (run == 0) {
      first = std::move(site);
    } else {
      CHECK(site == first);
    }
  }
  const std::string& plan = first.at("control-plan.html");
  CHECK(plan.find("id=\"control-hole_diameter\"") != std::string::npos);
  CHECK(plan.find("<td class=\"class\">SC</td>") != std::string::npos);
  CHECK(plan.find("href=\"roles.html#role-quality_engineer\"") != std::string::npos);
  // The standard library's reasons are part of the tree.
  CHECK(first.at("reasons.html").find("id=\"reason-unplanned\"") != std::string::npos);
  CHECK(first.at("reasons.html").find("id=\"reason-unplanned.breakdown.press_jam\"") != std::string::npos);
  CHECK(first.at("cases.html").find("id=\"case-containment\"") != std::string::npos);
  CHECK(first.at("roles.html").find("id=\"role-plant_manager\"") != std::string::npos);
}

}  // namespace
}  // namespace takt::doc
