// Hinge metrics. Expected values worked by hand from the Keras 3 formulas (0/1 targets become
// -1/1 for Hinge and SquaredHinge).

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "libkeras/utils/error.h"
#include "metrics/metrics.h"
#include "test/support/check.h"

using namespace keras;
using namespace keras::metrics;
using namespace keras::testing;

TEST_CASE("Hinge and SquaredHinge metrics average max(1 - y * p, 0) per sample", "[metrics][hinge]") {
  // Signs [-1, 1, 1] and [1, -1, -1]; margins 1 - y p: [1.3, 0.2, 1.4] and [0.4, -0.2, 1.5]
  // -> clipped means 2.9/3 and 1.9/3, overall 0.8; squared: (1.69+0.04+1.96)/3, (0.16+0+2.25)/3.
  Tensor y = tensor({0, 1, 1, 1, 0, 0}, {2, 3});
  Tensor p = tensor({0.3f, 0.8f, -0.4f, 0.6f, -1.2f, 0.5f}, {2, 3});
  Hinge hinge;
  CHECK(hinge.name() == "hinge");
  hinge.update_state(y, p);
  CHECK(hinge.result() == Approx(0.8));
  hinge.update_state(y, p, tensor({0, 2}, {2}));  // adds 2 x 1.9/3
  CHECK(hinge.result() == Approx((2.9 / 3 + 1.9 / 3 + 2 * 1.9 / 3) / 4));
  SquaredHinge squared;
  squared.update_state(y, p);
  CHECK(squared.result() == Approx(((1.69 + 0.04 + 1.96) / 3 + (0.16 + 2.25) / 3) / 2));
  REQUIRE_THROWS_AS(squared.update_state(Tensor::zeros({2, 2}), p), ShapeError);
}

TEST_CASE("CategoricalHinge metric: max(max_neg - pos + 1, 0)", "[metrics][hinge]") {
  // Row 0: pos 0.8, max negative 0.3 -> 0.5. Row 1: pos 0.6, max negative 0.5 -> 0.9.
  CategoricalHinge hinge;
  hinge.update_state(tensor({0, 1, 0, 1, 0, 0}, {2, 3}), tensor({0.3f, 0.8f, -0.4f, 0.6f, -1.2f, 0.5f}, {2, 3}));
  CHECK(hinge.result() == Approx(0.7));
  hinge.reset_state();
  CHECK(hinge.result() == 0.0);
  CHECK(get("categorical_hinge")->class_name() == "CategoricalHinge");
  CHECK(deserialize(Json::parse(R"({"class_name": "SquaredHinge", "config": {"name": "sh"}})"))->name() == "sh");
}
