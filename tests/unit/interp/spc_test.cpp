// Every SPC rule on hand-made sequences, at its boundaries: strict inequalities (a point exactly
// on a limit is within) and the k-point history a rule needs before it can fire.
#include <doctest/doctest.h>

#include <vector>

#include "compiler/interp/interp.h"

namespace takt::interp {

using model::SpcRule;

// Centre 0, sigma 1: values read directly in sigmas.
static auto Fires(SpcRule rule, const std::vector<double>& history) -> bool {
  return SpcRuleFires(rule, 0.0, 1.0, history);
}

TEST_CASE("we1 and n1: one point beyond 3 sigma, strictly") {
  for (SpcRule rule : {SpcRule::We1, SpcRule::N1}) {
    CHECK(Fires(rule, {3.01}));
    CHECK(Fires(rule, {-3.01}));
    CHECK_FALSE(Fires(rule, {3.0}));
    CHECK_FALSE(Fires(rule, {-3.0}));
    CHECK(Fires(rule, {0, 0, 3.5}));
    CHECK_FALSE(Fires(rule, {3.5, 0}));
  }
  CHECK(SpcRuleFires(SpcRule::We1, 8.0, 0.012, std::vector<double>{8.037}));
  CHECK_FALSE(SpcRuleFires(SpcRule::We1, 8.0, 0.012, std::vector<double>{8.035}));
}

TEST_CASE("we2 and n5: the point beyond 2 sigma and 2 of the last 3 on that side") {
  for (SpcRule rule : {SpcRule::We2, SpcRule::N5}) {
    CHECK(Fires(rule, {2.1, 0, 2.1}));
    CHECK(Fires(rule, {0, 2.1, 2.1}));
    CHECK(Fires(rule, {-2.1, -2.5, 0}) == false);  // the current point is within
    CHECK_FALSE(Fires(rule, {2.1, 0, -2.1}));       // opposite sides
    CHECK_FALSE(Fires(rule, {2.0, 0, 2.1}));        // exactly 2 sigma is within
    CHECK_FALSE(Fires(rule, {2.1, 2.1}));           // needs 3 points of history
    CHECK_FALSE(Fires(rule, {2.1, 0, 0, 2.1}));     // the earlier one left the window
  }
}

TEST_CASE("we3 and n6: the point beyond 1 sigma and 4 of the last 5 on that side") {
  for (SpcRule rule : {SpcRule::We3, SpcRule::N6}) {
    CHECK(Fires(rule, {1.1, 1.1, 0, 1.1, 1.1}));
    CHECK(Fires(rule, {-1.1, -1.1, -1.1, -1.1, -1.1}));
    CHECK_FALSE(Fires(rule, {1.1, 1.1, 1.1, 1.1, 0}));
    CHECK_FALSE(Fires(rule, {1.1, 1.0, 0, 1.1, 1.1}));
    CHECK_FALSE(Fires(rule, {1.1, 1.1, 1.1, 1.1}));
    CHECK_FALSE(Fires(rule, {-1.1, 1.1, 0, 1.1, 1.1}));
  }
}

TEST_CASE("we4: the last 8 all above or all below the centre") {
  CHECK(Fires(SpcRule::We4, {0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1}));
  CHECK(Fires(SpcRule::We4, {5, -0.1, -0.1, -0.1, -0.1, -0.1, -0.1, -0.1, -0.1}));
  CHECK_FALSE(Fires(SpcRule::We4, {0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1}));
  CHECK_FALSE(Fires(SpcRule::We4, {0.1, 0.1, 0.1, 0.0, 0.1, 0.1, 0.1, 0.1}));
}

TEST_CASE("n2: 9 in a row on one side") {
  const std::vector<double> eight(8, 0.5);
  CHECK_FALSE(Fires(SpcRule::N2, eight));
  std::vector<double> nine(9, 0.5);
  CHECK(Fires(SpcRule::N2, nine));
  nine[0] = -0.5;
  CHECK_FALSE(Fires(SpcRule::N2, nine));
}

TEST_CASE("n3: 6 in a row strictly increasing or decreasing") {
  CHECK(Fires(SpcRule::N3, {0, 0.1, 0.2, 0.3, 0.4, 0.5}));
  CHECK(Fires(SpcRule::N3, {9, 0.5, 0.4, 0.3, 0.2, 0.1, 0}));
  CHECK_FALSE(Fires(SpcRule::N3, {0.1, 0.2, 0.3, 0.4, 0.5}));
  CHECK_FALSE(Fires(SpcRule::N3, {0, 0.1, 0.2, 0.2, 0.4, 0.5}));
}

TEST_CASE("n4: 14 in a row alternating up and down") {
  std::vector<double> zigzag;
  for (int i = 0; i < 14; ++i) {
    zigzag.push_back(i % 2 == 0 ? 0.1 : -0.1);
  }
  CHECK(Fires(SpcRule::N4, zigzag));
  CHECK_FALSE(Fires(SpcRule::N4, std::vector<double>(zigzag.begin() + 1, zigzag.end())));
  zigzag[7] = zigzag[6];
  CHECK_FALSE(Fires(SpcRule::N4, zigzag));
}

TEST_CASE("n7: 15 in a row within 1 sigma, strictly") {
  std::vector<double> calm(15, 0.9);
  calm[3] = -0.9;
  CHECK(Fires(SpcRule::N7, calm));
  CHECK_FALSE(Fires(SpcRule::N7, std::vector<double>(14, 0.0)));
  calm[14] = 1.0;
  CHECK_FALSE(Fires(SpcRule::N7, calm));
}

TEST_CASE("n8: 8 in a row beyond 1 sigma, either side, none within") {
  CHECK(Fires(SpcRule::N8, {1.1, -1.1, 1.1, -1.1, 1.1, -1.1, 1.1, -1.1}));
  CHECK_FALSE(Fires(SpcRule::N8, {1.1, -1.1, 1.1, -1.1, 1.0, -1.1, 1.1, -1.1}));
  CHECK_FALSE(Fires(SpcRule::N8, {1.1, -1.1, 1.1, -1.1, 1.1, -1.1, 1.1}));
}

TEST_CASE("the lowest firing rule names the signal") {
  const std::vector<SpcRule> western = {SpcRule::We1, SpcRule::We2, SpcRule::We3, SpcRule::We4};
  CHECK(FirstSpcSignal(western, 0, 1, std::vector<double>{2.5, 0, 3.5}) == SpcRule::We1);
  CHECK(FirstSpcSignal(western, 0, 1, std::vector<double>{2.5, 0, 2.5}) == SpcRule::We2);
  CHECK(FirstSpcSignal(western, 0, 1, std::vector<double>{0.5, 0.5, 0.5, 0.5, 0.5}) == std::nullopt);
  const std::vector<SpcRule> only_n = {SpcRule::N5};
  CHECK(FirstSpcSignal(only_n, 0, 1, std::vector<double>{2.5, 0, 3.5}) == SpcRule::N5);
}

}  // namespace takt::interp
