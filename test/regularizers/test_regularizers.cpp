// keras.regularizers: L1, L2, L1L2 and OrthogonalRegularizer penalties (values by hand,
// gradients), names and defaults as Keras 3 resolves them, serialized form, argument errors.

#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>

#include "libkeras/autograd/tape.h"
#include "libkeras/ops/ops.h"
#include "libkeras/serialization/config_reader.h"
#include "libkeras/utils/error.h"
#include "regularizers/regularizers.h"
#include "test/support/check.h"
#include "test/support/gradcheck.h"

using namespace keras;
using namespace keras::regularizers;
using namespace keras::testing;

TEST_CASE("L1, L2 and L1L2 penalties", "[regularizers]") {
  Tensor w = tensor({1, -2, 3, -4}, {2, 2});
  // sum |w| = 10, sum w^2 = 30.
  CHECK(L1(0.1)(w).item() == Approx(1.0));
  CHECK(L2(0.1)(w).item() == Approx(3.0));
  CHECK(L1L2(0.1, 0.01)(w).item() == Approx(1.3));
  CHECK(L1()(w).item() == Approx(0.1));   // default l1 = 0.01
  CHECK(L2()(w).item() == Approx(0.3));   // default l2 = 0.01
  CHECK(L1L2()(w).item() == 0.0);          // defaults l1 = l2 = 0
  CHECK(L2(0.5)(w).rank() == 0);
}

TEST_CASE("Regularizer penalties are differentiable", "[regularizers]") {
  Tensor w = tensor({0.5f, -1.5f, 2, -0.25f}, {4});
  Tensor grad;
  {
    autograd::GradientTape tape;
    tape.watch(w);
    grad = tape.gradient(L1L2(0.1, 0.2)(w), {w})[0];
  }
  // d/dw = l1 * sign(w) + 2 * l2 * w
  check_close(grad, {0.1 + 0.2, -0.1 - 0.6, 0.1 + 0.8, -0.1 - 0.1}, 1e-6, 1e-6);
  OrthogonalRegularizer orth(0.3);
  check_gradients([&](const std::vector<Tensor>& in) { return orth(in[0]); }, {random_tensor({3, 4}, 0.2f, 1.0f)});
}

TEST_CASE("OrthogonalRegularizer penalises non-orthogonal rows or columns", "[regularizers]") {
  Tensor w = tensor({1, 0, 1, 1, 0, 2}, {3, 2});
  // Rows (1,0), (1,1)/sqrt2, (0,1): |dots| 1/sqrt2, 0, 1/sqrt2 over 3 pairs, times factor / 2.
  CHECK(OrthogonalRegularizer()(w).item() == Approx(0.01 * 0.5 * 2 * std::sqrt(2.0) / 3).epsilon(1e-5));
  // Columns (1,1,0)/sqrt2 and (0,1,2)/sqrt5: one pair with dot 1/sqrt10.
  CHECK(OrthogonalRegularizer(0.01, "columns")(w).item() == Approx(0.01 * 0.5 * 2 / std::sqrt(10.0)).epsilon(1e-5));
  // Orthogonal rows cost nothing; zero rows stay finite.
  CHECK(OrthogonalRegularizer(1.0)(tensor({2, 0, 0, 0, 0, 3}, {3, 2})).item() == Approx(0.0).margin(1e-7));
  CHECK(OrthogonalRegularizer().get_config() == Json{{"factor", 0.01}, {"mode", "rows"}});
  REQUIRE_THROWS_WITH(OrthogonalRegularizer()(Tensor::ones({2, 2, 2})), Catch::Contains("rank 2"));
  REQUIRE_THROWS_WITH(OrthogonalRegularizer(0.01, "diagonal"), Catch::Contains("mode=diagonal"));
}

TEST_CASE("Regularizers resolve Keras 3 names with their defaults", "[regularizers]") {
  Tensor w = tensor({1, -2}, {2});
  CHECK(get("l1")->class_name() == "L1");
  CHECK(get("L1")->get_config() == Json{{"l1", 0.01}});
  CHECK(get("l2")->get_config() == Json{{"l2", 0.01}});
  CHECK(get("L1L2")->get_config() == Json{{"l1", 0.0}, {"l2", 0.0}});
  CHECK(get("l1l2")->get_config() == Json{{"l1", 0.0}, {"l2", 0.0}});  // Keras' to_snake_case("L1L2")
  // keras.regularizers.l1_l2() defaults to 0.01 each.
  CHECK(get("l1_l2")->get_config() == Json{{"l1", 0.01}, {"l2", 0.01}});
  CHECK(get("orthogonal_regularizer")->class_name() == "OrthogonalRegularizer");
  REQUIRE_THROWS_WITH(get("l3"), Catch::Contains("Unknown regularizer 'l3'") && Catch::Contains("L2"));
  // RegularizerArg accepts nothing, a name or an object.
  CHECK_FALSE(RegularizerArg());
  CHECK_FALSE(RegularizerArg(nullptr));
  CHECK(RegularizerArg("l2").get()->class_name() == "L2");
  CHECK(RegularizerArg(L1(0.5)).get()->get_config() == Json{{"l1", 0.5}});
}

TEST_CASE("Regularizers serialize in Keras 3's form and back", "[regularizers]") {
  L1L2 reg(0.001, 0.002);
  Json s = serialize(&reg);
  CHECK(s.dump() == R"({"module":"keras.regularizers","class_name":"L1L2","config":{"l1":0.001,"l2":0.002},)"
                    R"("registered_name":null})");
  CHECK(serialize(nullptr).is_null());
  for (const std::shared_ptr<Regularizer>& r : std::vector<std::shared_ptr<Regularizer>>{
           std::make_shared<L1>(0.3), std::make_shared<L2>(0.4), std::make_shared<L1L2>(0.1, 0.2),
           std::make_shared<OrthogonalRegularizer>(0.5, "columns")}) {
    Json j = serialize(r.get());
    std::shared_ptr<Regularizer> back = deserialize(Json::parse(j.dump()));
    CHECK(back->class_name() == r->class_name());
    CHECK(serialize(back.get()) == j);
  }
  CHECK(deserialize(nullptr) == nullptr);
  CHECK(deserialize("l2")->get_config() == Json{{"l2", 0.01}});
  // A config without "config" uses the class defaults.
  CHECK(deserialize(Json{{"class_name", "L1"}})->get_config() == Json{{"l1", 0.01}});
  REQUIRE_THROWS_WITH(deserialize(Json{{"config", {{"l1", 1}}}}), Catch::Contains("class_name"));
  REQUIRE_THROWS_WITH(deserialize(Json{{"class_name", "L2"}, {"config", {{"l2", "big"}}}}),
                      Catch::Contains("L2 regularizer") && Catch::Contains("'l2'"));
}

TEST_CASE("Regularizer factors must be finite and non-negative", "[regularizers][errors]") {
  REQUIRE_THROWS_WITH(L1(-0.1), Catch::Contains("l1") && Catch::Contains("non-negative"));
  REQUIRE_THROWS_WITH(L2(NAN), Catch::Contains("l2"));
  REQUIRE_THROWS_WITH(L1L2(0.0, INFINITY), Catch::Contains("l2"));
  REQUIRE_THROWS_WITH(OrthogonalRegularizer(-1), Catch::Contains("factor"));
  // A layer config field that is not a regularizer names the layer and the field.
  Json layer = {{"name", "dense_9"}, {"kernel_regularizer", "l7"}};
  REQUIRE_THROWS_WITH(deserialize_field(ConfigReader(layer, "Dense layer"), "kernel_regularizer"),
                      Catch::Contains("Dense layer \"dense_9\"") && Catch::Contains("'kernel_regularizer'") &&
                          Catch::Contains("l7"));
  CHECK(deserialize_field(ConfigReader(layer, "Dense layer"), "bias_regularizer") == nullptr);
}
