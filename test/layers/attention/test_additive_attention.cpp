// AdditiveAttention: the layer contract, values against attention computed by hand (with and
// without the learned scale, with masks and the causal mask), the Keras config, and errors.

#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>

#include "layers/attention/additive_attention.h"
#include "libkeras/utils/error.h"
#include "test/layers/attention/multi_input_harness.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

namespace {

// sum_c scale[c] * tanh(q[i, c] + k[j, c]), masked (value mask, causal) by -1e9, softmax over j,
// times value; rows of a masked query are zero.
std::vector<double> naive_additive(const Tensor& q, const Tensor& v, const Tensor& k, const std::vector<double>& scale,
                                   const std::vector<double>& vmask, const std::vector<double>& qmask, bool causal) {
  const std::int64_t b = q.dim(0), tq = q.dim(1), tv = v.dim(1), d = q.dim(2), dv = v.dim(2);
  std::vector<double> xq = q.to_vector<double>(), xv = v.to_vector<double>(), xk = k.to_vector<double>();
  std::vector<double> out(static_cast<std::size_t>(b * tq * dv));
  for (std::int64_t bi = 0; bi < b; ++bi) {
    for (std::int64_t i = 0; i < tq; ++i) {
      std::vector<double> s(static_cast<std::size_t>(tv));
      for (std::int64_t j = 0; j < tv; ++j) {
        double acc = 0;
        for (std::int64_t c = 0; c < d; ++c) {
          acc += (scale.empty() ? 1.0 : scale[static_cast<std::size_t>(c)]) *
                 std::tanh(xq[static_cast<std::size_t>((bi * tq + i) * d + c)] +
                           xk[static_cast<std::size_t>((bi * tv + j) * d + c)]);
        }
        const bool kept = (vmask.empty() || vmask[static_cast<std::size_t>(bi * tv + j)] != 0) && (!causal || i >= j);
        // Keras subtracts 1e9 in float32: masked scores all round to -1e9 (ulp 64).
        s[static_cast<std::size_t>(j)] = kept ? acc : static_cast<float>(static_cast<float>(acc) - 1e9f);
      }
      double mx = -1e300, sum = 0;
      for (double x : s) mx = std::max(mx, x);
      for (double x : s) sum += std::exp(x - mx);
      const double qm = qmask.empty() ? 1.0 : qmask[static_cast<std::size_t>(bi * tq + i)];
      for (std::int64_t j = 0; j < tv; ++j) {
        const double p = std::exp(s[static_cast<std::size_t>(j)] - mx) / sum;
        for (std::int64_t c = 0; c < dv; ++c) {
          out[static_cast<std::size_t>((bi * tq + i) * dv + c)] +=
              qm * p * xv[static_cast<std::size_t>((bi * tv + j) * dv + c)];
        }
      }
    }
  }
  return out;
}

}  // namespace

TEST_CASE("AdditiveAttention satisfies the layer contract", "[layers][attention][additive_attention]") {
  run_multi_input_layer_test({.make = [] { return std::make_shared<AdditiveAttention>(); },
                              .input_shapes = {{2, 3, 4}, {2, 5, 4}},
                              .expected_output_shapes = {{2, 3, 4}},
                              .weight_names = {"scale"}});
  run_multi_input_layer_test({.make =
                                  [] {
                                    return std::make_shared<AdditiveAttention>(AdditiveAttention::Options{
                                        .use_scale = false, .return_attention_scores = true});
                                  },
                              .input_shapes = {{1, 2, 3}, {1, 4, 2}, {1, 4, 3}},
                              .expected_output_shapes = {{1, 2, 2}, {1, 2, 4}},
                              .weight_names = {}});
}

TEST_CASE("AdditiveAttention matches attention computed by hand", "[layers][attention][additive_attention]") {
  Tensor q = random_tensor({2, 3, 4}, -1, 1, 10), v = random_tensor({2, 4, 3}, -1, 1, 11);
  Tensor k = random_tensor({2, 4, 4}, -1, 1, 12);
  Tensor vmask = tensor({1, 1, 0, 1, 0, 1, 1, 0}, {2, 4}), qmask = tensor({0, 1, 1, 1, 1, 0}, {2, 3});
  for (bool masked : {false, true}) {
    for (bool causal : {false, true}) {
      INFO("masked " << masked << " causal " << causal);
      AdditiveAttention att(AdditiveAttention::Options{.use_causal_mask = causal});
      att.maybe_build(std::vector<Shape>{q.shape(), v.shape(), k.shape()});
      Tensor scale = random_tensor({4}, -1, 1, 13);
      att.set_weights({scale});
      Tensor qi = q.clone(), vi = v.clone();
      if (masked) {
        qi.set_mask(qmask);
        vi.set_mask(vmask);
      }
      check_close(
          forward_multi(att, {qi, vi, k})[0],
          naive_additive(q, v, k, scale.to_vector<double>(), masked ? vmask.to_vector<double>() : std::vector<double>(),
                         masked ? qmask.to_vector<double>() : std::vector<double>(), causal),
          1e-5, 1e-4);
    }
  }
  AdditiveAttention unscaled(AdditiveAttention::Options{.use_scale = false});
  check_close(forward_multi(unscaled, {q, v, k})[0], naive_additive(q, v, k, {}, {}, {}, false), 1e-5, 1e-4);
}

TEST_CASE("AdditiveAttention writes Keras' config", "[layers][attention][additive_attention]") {
  AdditiveAttention att;
  Json c = att.get_config();
  std::vector<std::string> keys;
  for (const auto& [k, v] : c.items()) keys.push_back(k);
  CHECK(keys == std::vector<std::string>{"name", "trainable", "dtype", "use_scale", "dropout", "seed"});
  CHECK(c["use_scale"] == true);
  CHECK(AdditiveAttention::from_config(Json{{"name", "a"}})->get_config()["use_scale"] == true);
}

TEST_CASE("AdditiveAttention rejects bad inputs naming the layer", "[layers][attention][additive_attention][errors]") {
  AdditiveAttention att(AdditiveAttention::Options{.name = "add_att"});
  REQUIRE_THROWS_WITH(att(std::vector<Tensor>{Tensor::zeros({2, 3, 4}), Tensor::zeros({2, 3, 5})}),
                      Catch::Contains("\"add_att\"") && Catch::Contains("feature size"));
  REQUIRE_THROWS_WITH(att(std::vector<Tensor>{Tensor::zeros({2, 3, 4}), Tensor::zeros({2, 3, 4}),
                                              Tensor::zeros({2, 3, 4}), Tensor::zeros({2, 3, 4})}),
                      Catch::Contains("\"add_att\"") && Catch::Contains("length: 4"));
  REQUIRE_THROWS_WITH(AdditiveAttention::from_config(Json{{"name", "a"}, {"dropout", "x"}}),
                      Catch::Contains("AdditiveAttention layer \"a\"") && Catch::Contains("'dropout'"));
}
