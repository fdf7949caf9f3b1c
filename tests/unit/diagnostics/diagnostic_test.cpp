#include "compiler/diagnostics/diagnostic.h"

#include <doctest/doctest.h>

#include <map>
#include <set>

namespace takt::diagnostics {
namespace {

TEST_CASE("EditDistance counts insertions, deletions and substitutions") {
  CHECK(EditDistance("", "") == 0);
  CHECK(EditDistance("abc", "") == 3);
  CHECK(EditDistance("", "abc") == 3);
  CHECK(EditDistance("quality_enginer", "quality_engineer") == 1);
  CHECK(EditDistance("kitten", "sitting") == 3);
  CHECK(EditDistance("flaw", "lawn") == 2);
}

TEST_CASE("ClosestMatch picks the nearest candidate within a third of the length") {
  std::vector<std::string_view> roles = {"quality_engineer", "process_engineer", "line_supervisor"};
  CHECK(ClosestMatch("quality_enginer", roles) == "quality_engineer");
  CHECK(ClosestMatch("proces_engineer", roles) == "process_engineer");
  CHECK_FALSE(ClosestMatch("plant_manager", roles).has_value());
  CHECK_FALSE(ClosestMatch("x", std::vector<std::string_view>{}).has_value());
  // Ties go to the alphabetically first candidate, so the suggestion is deterministic.
  std::vector<std::string_view> tied = {"abd", "abc"};
  CHECK(ClosestMatch("abx", tied) == "abc");
  // A name of one or two characters still accepts one edit.
  std::vector<std::string_view> short_names = {"op"};
  CHECK(ClosestMatch("on", short_names) == "op");
}

TEST_CASE("kind.def: codes are unique, well formed, and grouped by hundreds") {
  std::set<std::string_view> codes;
  std::set<std::string_view> names;
  std::map<Group, char> hundreds;
  for (const KindInfo& info : AllKinds()) {
    INFO("code " << info.code);
    CHECK(codes.insert(info.code).second);
    CHECK(names.insert(info.name).second);
    REQUIRE(info.code.size() == 5);
    CHECK(info.code[0] == 'T');
    for (char c : info.code.substr(1)) {
      CHECK((c >= '0' && c <= '9'));
    }
    // T0xyy: the group is the hundreds digit x (T01xx syntax, T02xx names, ...).
    char digit = info.code[2];
    auto [it, inserted] = hundreds.emplace(info.group, digit);
    CHECK_MESSAGE(it->second == digit, "group " << GroupName(info.group) << " spans T0" << it->second
                                                << "xx and T0" << digit << "xx");
    CHECK(FindKindByCode(info.code) == &info);
    CHECK(&GetKindInfo(info.kind) == &info);
    // Message style: lower-case start (an acronym such as `SPC` aside), no final period.
    REQUIRE(info.format.size() >= 2);
    CHECK_FALSE(info.format.back() == '.');
    auto is_upper = [](char c) { return c >= 'A' && c <= 'Z'; };
    CHECK_FALSE((is_upper(info.format[0]) && !is_upper(info.format[1])));
  }
  // A retired code is never reused: no live code repeats it, and it keeps its group's digit.
  for (const RetiredInfo& info : RetiredKinds()) {
    INFO("retired code " << info.code);
    CHECK(codes.insert(info.code).second);
    CHECK(names.insert(info.name).second);
    CHECK(FindKindByCode(info.code) == nullptr);
    REQUIRE(info.code.size() == 5);
    const auto it = hundreds.find(info.group);
    CHECK((it == hundreds.end() || it->second == info.code[2]));
  }
  std::set<char> digits;
  for (const auto& [group, digit] : hundreds) {
    CHECK_MESSAGE(digits.insert(digit).second, "two groups share T0" << digit << "xx");
  }
}

TEST_CASE("FindKindByCode is case-insensitive and rejects unknown codes") {
  CHECK(FindKindByCode("t0001") == FindKindByCode("T0001"));
  CHECK(FindKindByCode("T0001") != nullptr);
  CHECK(FindKindByCode("T9999") == nullptr);
  CHECK(FindKindByCode("") == nullptr);
}

TEST_CASE("Diagnostics sorts, counts and promotes warnings") {
  source::SourceManager sources;
  source::FileId file = sources.AddFile("a.takt", "abc\ndef\n");
  Diagnostics diagnostics;
  diagnostics.Emit(diag::NotUtf8, source::Span{file, 4, 5}, "second");
  diagnostics.Emit(diag::FileNotReadable, source::Span{file, 0, 1}, "first", "why");
  diagnostics.SortByLocation();
  CHECK(diagnostics.records()[0].message == "cannot read `first`: why");
  CHECK(diagnostics.error_count() == 2);
  CHECK(diagnostics.warning_count() == 0);
}

}  // namespace
}  // namespace takt::diagnostics
