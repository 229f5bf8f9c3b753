// keras.constraints: MaxNorm, NonNeg, UnitNorm and MinMaxNorm projections (values by hand, with
// Keras' epsilon), axes including None, names, serialized form and errors.

#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>

#include "constraints/constraints.h"
#include "libkeras/serialization/config_reader.h"
#include "libkeras/utils/error.h"
#include "test/support/check.h"

using namespace keras;
using namespace keras::constraints;
using namespace keras::testing;

namespace {

// Columns (3, 4) and (0, 1): norms 5 and 1 along axis 0.
Tensor kernel() { return tensor({3, 0, 4, 1}, {2, 2}); }

constexpr double kEps = 1e-7;

}  // namespace

TEST_CASE("MaxNorm rescales columns whose norm exceeds max_value", "[constraints]") {
  // Column 0: 3 * 2 / (5 + eps); column 1 is within bounds: scaled by 1 / (1 + eps).
  double s0 = 2.0 / (5.0 + kEps), s1 = 1.0 / (1.0 + kEps);
  check_close(MaxNorm(2.0)(kernel()), {3 * s0, 0, 4 * s0, 1 * s1}, 1e-6, 1e-6);
  // axis 1 takes row norms: (3, 0) -> 3 and (4, 1) -> sqrt(17).
  double r0 = 2.0 / 3.0, r1 = 2.0 / std::sqrt(17.0);
  check_close(MaxNorm(2.0, {1})(kernel()), {3 * r0, 0, 4 * r1, 1 * r1}, 1e-6, 1e-6);
  // An empty axis list (Keras axis=None) takes the norm of the whole tensor, sqrt(26).
  double t = 2.0 / std::sqrt(26.0);
  check_close(MaxNorm(2.0, {})(kernel()), {3 * t, 0, 4 * t, t}, 1e-6, 1e-6);
  check_close(MaxNorm(2.0, {0, 1})(kernel()), {3 * t, 0, 4 * t, t}, 1e-6, 1e-6);
}

TEST_CASE("NonNeg, UnitNorm and MinMaxNorm", "[constraints]") {
  check_close(NonNeg()(tensor({-1, 0, 2, -0.5f}, {4})), {0, 0, 2, 0}, 0, 0);
  check_close(UnitNorm()(kernel()), {3 / (5 + kEps), 0, 4 / (5 + kEps), 1 / (1 + kEps)}, 1e-6, 1e-6);
  // Norms 5 and 1 clipped to [2, 3]: 3 and 2.
  check_close(MinMaxNorm(2.0, 3.0)(kernel()), {3 * 0.6, 0, 4 * 0.6, 2}, 1e-6, 1e-6);
  // rate 0.5 moves halfway: 0.5 * 3 + 0.5 * 5 = 4 and 0.5 * 2 + 0.5 * 1 = 1.5.
  check_close(MinMaxNorm(2.0, 3.0, 0.5)(kernel()), {3 * 0.8, 0, 4 * 0.8, 1.5}, 1e-6, 1e-6);
}

TEST_CASE("Constraints resolve names and serialize in Keras 3's form", "[constraints]") {
  CHECK(get("max_norm")->get_config() == Json{{"max_value", 2.0}, {"axis", 0}});
  CHECK(get("MaxNorm")->class_name() == "MaxNorm");
  CHECK(get("non_neg")->class_name() == "NonNeg");
  CHECK(get("unit_norm")->get_config() == Json{{"axis", 0}});
  CHECK(get("min_max_norm")->get_config() ==
        Json{{"min_value", 0.0}, {"max_value", 1.0}, {"rate", 1.0}, {"axis", 0}});
  REQUIRE_THROWS_WITH(get("positive"), Catch::Contains("Unknown constraint 'positive'") && Catch::Contains("NonNeg"));

  MaxNorm m(3.0, {0, 1, 2});
  Json s = serialize(&m);
  CHECK(s.dump() == R"({"module":"keras.constraints","class_name":"MaxNorm","config":{"max_value":3.0,"axis":[0,1,2]},)"
                    R"("registered_name":null})");
  CHECK(serialize(nullptr).is_null());
  for (const std::shared_ptr<Constraint>& c : std::vector<std::shared_ptr<Constraint>>{
           std::make_shared<MaxNorm>(1.5, std::vector<int>{1}), std::make_shared<NonNeg>(),
           std::make_shared<UnitNorm>(std::vector<int>{}), std::make_shared<MinMaxNorm>(0.5, 2.0, 0.3)}) {
    Json j = serialize(c.get());
    CHECK(serialize(deserialize(Json::parse(j.dump())).get()) == j);
  }
  // axis null is Keras' None: the whole tensor.
  CHECK(deserialize(Json{{"class_name", "UnitNorm"}, {"config", {{"axis", nullptr}}}})->get_config()["axis"].is_null());
  CHECK(deserialize(nullptr) == nullptr);
  CHECK(deserialize("non_neg")->class_name() == "NonNeg");
  // ConstraintArg accepts nothing, a name or an object.
  CHECK_FALSE(ConstraintArg());
  CHECK(ConstraintArg("unit_norm").get()->class_name() == "UnitNorm");
  CHECK(ConstraintArg(MaxNorm(4.0)).get()->get_config()["max_value"] == 4.0);
}

TEST_CASE("Constraint config errors name the field", "[constraints][errors]") {
  REQUIRE_THROWS_WITH(deserialize(Json{{"class_name", "MaxNorm"}, {"config", {{"axis", "rows"}}}}),
                      Catch::Contains("MaxNorm constraint") && Catch::Contains("'axis'"));
  REQUIRE_THROWS_WITH(deserialize(Json{{"class_name", "MinMaxNorm"}, {"config", {{"rate", "fast"}}}}),
                      Catch::Contains("'rate'"));
  REQUIRE_THROWS_WITH(deserialize(Json::array({1})), Catch::Contains("class_name"));
  Json layer = {{"name", "d"}, {"kernel_constraint", {{"class_name", "Positive"}}}};
  REQUIRE_THROWS_WITH(deserialize_field(ConfigReader(layer, "Dense layer"), "kernel_constraint"),
                      Catch::Contains("Dense layer \"d\"") && Catch::Contains("'kernel_constraint'") &&
                          Catch::Contains("Positive"));
}
