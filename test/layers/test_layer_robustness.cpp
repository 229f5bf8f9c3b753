// Every registered layer, given minimal, out-of-range or mistyped configs and called on inputs of
// every rank from 1 to 5, either works or throws a keras::Error: never another exception, a
// crash or a hang. Run over the registry, so a new layer is covered as soon as it registers.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "layers/layer_registry.h"
#include "libkeras/utils/error.h"
#include "libkeras/utils/random.h"

using namespace keras;

namespace {

std::vector<Json> probe_configs() {
  const Json dense2 = {{"class_name", "Dense"}, {"config", {{"units", 2}}}};
  const Json cell2 = {{"class_name", "SimpleRNNCell"}, {"config", {{"units", 2}}}};
  return {
      Json::object(),
      // Small valid values for every family's required arguments.
      {{"units", 3}, {"filters", 2}, {"kernel_size", 1}, {"pool_size", 1}, {"rate", 0.5}, {"n", 2},
       {"target_shape", {2}}, {"dims", {1}}, {"input_dim", 5}, {"output_dim", 2}, {"num_heads", 1},
       {"key_dim", 2}, {"layer", dense2}, {"cell", cell2}, {"cells", Json::array({cell2})}, {"axes", 1},
       {"stddev", 0.1}, {"cropping", 0}, {"padding", 0}, {"size", 1}, {"groups", 1}},
      // Out of range.
      {{"units", -1}, {"filters", 0}, {"kernel_size", -3}, {"pool_size", 0}, {"rate", 7}, {"n", -2},
       {"target_shape", {-5}}, {"dims", {9}}, {"input_dim", 0}, {"output_dim", -1}, {"num_heads", 0},
       {"key_dim", 0}, {"axis", 99}, {"groups", 0}, {"size", 0}, {"cropping", -1}, {"padding", -1}},
      // Wrong types.
      {{"units", "x"}, {"kernel_size", "y"}, {"layer", 5}, {"cell", "z"}, {"cells", 3}, {"axis", "q"},
       {"name", 7}, {"dtype", {1, 2}}},
  };
}

}  // namespace

TEST_CASE("Every layer rejects bad configs and inputs with a keras::Error", "[layers][registry][errors]") {
  int calls = 0;
  for (const auto& name : layers::registry().names()) {
    for (const Json& config : probe_configs()) {
      std::shared_ptr<Layer> layer;
      try {
        layer = layers::deserialize(Json{{"class_name", name}, {"config", config}});
      } catch (const Error&) {
        continue;
      } catch (const std::exception& e) {
        FAIL(name << " from " << config.dump() << " threw a non-keras exception: " << e.what());
      }
      for (int rank = 1; rank <= 5; ++rank) {
        std::vector<std::int64_t> dims(static_cast<std::size_t>(rank), 3);
        dims[0] = 2;
        const Tensor x = random::uniform(Shape(dims), 0, 2, 1);
        for (bool training : {false, true}) {
          try {
            (*layer)(x, training);
            ++calls;
          } catch (const Error&) {
          } catch (const std::exception& e) {
            FAIL(name << " from " << config.dump() << " on rank " << rank << " threw a non-keras exception: "
                      << e.what());
          }
        }
      }
    }
  }
  CHECK(calls > 500);  // most layers do run on some of the inputs
}
