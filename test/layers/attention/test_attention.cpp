// Attention (dot and concat scores): the layer contract, values against attention computed by
// hand, Keras' masking (value mask as scores - 1e9, query mask zeroing rows, causal mask), the
// returned weights, dropout, the Keras config, and errors naming the layer.

#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>

#include "layers/attention/attention.h"
#include "libkeras/utils/error.h"
#include "test/layers/attention/multi_input_harness.h"

using namespace keras;
using namespace keras::layers;
using namespace keras::testing;

namespace {

struct Reference {
  std::vector<double> output, weights;
};

// q (B, Tq, d), v (B, Tv, dv), k (B, Tv, d); vmask (B, Tv) and qmask (B, Tq) empty or 0/1.
Reference naive_attention(const Tensor& q, const Tensor& v, const Tensor& k, bool concat, double scale, double cw,
                          const std::vector<double>& vmask, const std::vector<double>& qmask, bool causal) {
  const std::int64_t b = q.dim(0), tq = q.dim(1), tv = v.dim(1), d = q.dim(2), dv = v.dim(2);
  std::vector<double> xq = q.to_vector<double>(), xv = v.to_vector<double>(), xk = k.to_vector<double>();
  Reference ref;
  ref.output.assign(static_cast<std::size_t>(b * tq * dv), 0.0);
  for (std::int64_t bi = 0; bi < b; ++bi) {
    for (std::int64_t i = 0; i < tq; ++i) {
      std::vector<double> s(static_cast<std::size_t>(tv));
      for (std::int64_t j = 0; j < tv; ++j) {
        double acc = 0;
        for (std::int64_t c = 0; c < d; ++c) {
          const double a = xq[static_cast<std::size_t>((bi * tq + i) * d + c)];
          const double e = xk[static_cast<std::size_t>((bi * tv + j) * d + c)];
          acc += concat ? std::tanh(scale * (a + e)) : a * e;
        }
        s[static_cast<std::size_t>(j)] = concat ? cw * acc : scale * acc;
        const bool kept = (vmask.empty() || vmask[static_cast<std::size_t>(bi * tv + j)] != 0) && (!causal || i >= j);
        // Keras subtracts 1e9 in float32, which rounds every masked score to -1e9 (ulp 64): a
        // fully masked row then attends uniformly.
        if (!kept)
          s[static_cast<std::size_t>(j)] =
              static_cast<float>(static_cast<float>(s[static_cast<std::size_t>(j)]) - 1e9f);
      }
      double mx = -1e300, sum = 0;
      for (double x : s) mx = std::max(mx, x);
      for (double x : s) sum += std::exp(x - mx);
      const double qm = qmask.empty() ? 1.0 : qmask[static_cast<std::size_t>(bi * tq + i)];
      for (std::int64_t j = 0; j < tv; ++j) {
        const double p = std::exp(s[static_cast<std::size_t>(j)] - mx) / sum;
        ref.weights.push_back(p);
        for (std::int64_t c = 0; c < dv; ++c) {
          ref.output[static_cast<std::size_t>((bi * tq + i) * dv + c)] +=
              qm * p * xv[static_cast<std::size_t>((bi * tv + j) * dv + c)];
        }
      }
    }
  }
  return ref;
}

}  // namespace

TEST_CASE("Attention satisfies the layer contract", "[layers][attention][dot_attention]") {
  run_multi_input_layer_test({.make = [] { return std::make_shared<Attention>(); },
                              .input_shapes = {{2, 3, 4}, {2, 5, 4}},
                              .expected_output_shapes = {{2, 3, 4}},
                              .weight_names = {}});
  run_multi_input_layer_test({.make = [] { return std::make_shared<Attention>(Attention::Options{.use_scale = true}); },
                              .input_shapes = {{2, 3, 4}, {2, 5, 3}, {2, 5, 4}},
                              .expected_output_shapes = {{2, 3, 3}},
                              .weight_names = {"scale"}});
  run_multi_input_layer_test({.make =
                                  [] {
                                    return std::make_shared<Attention>(Attention::Options{
                                        .use_scale = true, .score_mode = "concat", .return_attention_scores = true});
                                  },
                              .input_shapes = {{1, 2, 3}, {1, 4, 2}, {1, 4, 3}},
                              .expected_output_shapes = {{1, 2, 2}, {1, 2, 4}},
                              .weight_names = {"scale", "concat_score_weight"}});
}

TEST_CASE("Attention matches attention computed by hand, with Keras' masks", "[layers][attention][dot_attention]") {
  Tensor q = random_tensor({2, 3, 4}, -1, 1, 20), v = random_tensor({2, 4, 2}, -1, 1, 21);
  Tensor k = random_tensor({2, 4, 4}, -1, 1, 22);
  Tensor vmask = tensor({1, 0, 1, 1, 0, 0, 1, 0}, {2, 4}), qmask = tensor({1, 0, 1, 1, 1, 0}, {2, 3});
  struct Case {
    std::string name;
    std::string mode;
    bool use_scale, masks, causal;
  };
  for (const Case& c : std::vector<Case>{{"dot", "dot", false, false, false},
                                         {"dot, scaled, masked", "dot", true, true, false},
                                         {"dot, causal", "dot", false, false, true},
                                         {"concat", "concat", false, false, false},
                                         {"concat, scaled, masked, causal", "concat", true, true, true}}) {
    INFO(c.name);
    Attention att(Attention::Options{
        .use_scale = c.use_scale, .score_mode = c.mode, .use_causal_mask = c.causal, .return_attention_scores = true});
    att.maybe_build(std::vector<Shape>{q.shape(), v.shape(), k.shape()});
    const double scale = 0.7, cw = 1.3;
    std::vector<Tensor> w;
    if (c.use_scale) w.push_back(Tensor::scalar(static_cast<float>(scale)));
    if (c.mode == "concat") w.push_back(Tensor::scalar(static_cast<float>(cw)));
    att.set_weights(w);
    Tensor qi = q.clone(), vi = v.clone();
    if (c.masks) {
      qi.set_mask(qmask);
      vi.set_mask(vmask);
    }
    std::vector<Tensor> out = forward_multi(att, {qi, vi, k});
    Reference ref = naive_attention(q, v, k, c.mode == "concat", c.use_scale ? scale : 1.0, cw,
                                    c.masks ? vmask.to_vector<double>() : std::vector<double>(),
                                    c.masks ? qmask.to_vector<double>() : std::vector<double>(), c.causal);
    check_close(out[0], ref.output, 1e-5, 1e-4);
    check_close(out[1], ref.weights, 1e-6, 1e-5);
    CHECK(out[0].mask().defined() == c.masks);  // the query's mask
  }
  // Key defaults to value.
  Attention att;
  Tensor v4 = random_tensor({2, 4, 4}, -1, 1, 23);
  check_close(forward_multi(att, {q, v4})[0], naive_attention(q, v4, v4, false, 1, 1, {}, {}, false).output, 1e-5,
              1e-4);
}

TEST_CASE("Attention drops attention weights only in training", "[layers][attention][dot_attention][dropout]") {
  Tensor q = random_tensor({2, 3, 4}, -1, 1, 30), v = random_tensor({2, 6, 4}, -1, 1, 31);
  Attention att(Attention::Options{.dropout = 0.5, .seed = 3, .return_attention_scores = true});
  std::vector<Tensor> inference = forward_multi(att, {q, v});
  Reference ref = naive_attention(q, v, v, false, 1, 1, {}, {}, false);
  check_close(inference[0], ref.output, 1e-5, 1e-4);
  std::vector<Tensor> training = forward_multi(att, {q, v}, true);
  // Keras returns the weights after dropout: each is 0 or twice its value.
  std::vector<float> got = training[1].to_vector<float>();
  bool dropped = false;
  for (std::size_t i = 0; i < got.size(); ++i) {
    const bool zero = got[i] == 0.0f;
    dropped = dropped || zero;
    if (!zero) CHECK(got[i] == Approx(2.0 * ref.weights[i]).epsilon(1e-4));
  }
  CHECK(dropped);
}

TEST_CASE("Attention writes Keras' config", "[layers][attention][dot_attention]") {
  Attention att(Attention::Options{.score_mode = "concat", .dropout = 0.25, .seed = 4});
  Json c = att.get_config();
  std::vector<std::string> keys;
  for (const auto& [k, v] : c.items()) keys.push_back(k);
  CHECK(keys == std::vector<std::string>{"name", "trainable", "dtype", "use_scale", "score_mode", "dropout", "seed"});
  CHECK(c["score_mode"] == "concat");
  CHECK(c["seed"] == 4);
  CHECK(Attention::from_config(c)->get_config().dump() == c.dump());
}

TEST_CASE("Attention rejects bad arguments and inputs naming the layer", "[layers][attention][dot_attention][errors]") {
  REQUIRE_THROWS_WITH(Attention(Attention::Options{.score_mode = "add", .name = "att_mode"}),
                      Catch::Contains("\"att_mode\"") && Catch::Contains("score_mode=add"));
  REQUIRE_THROWS_WITH(Attention(Attention::Options{.dropout = 1.0, .name = "att_drop"}),
                      Catch::Contains("\"att_drop\"") && Catch::Contains("dropout"));
  Attention att(Attention::Options{.name = "att_in"});
  Tensor x = Tensor::zeros({2, 3, 4});
  REQUIRE_THROWS_WITH(att(std::vector<Tensor>{x}), Catch::Contains("\"att_in\"") && Catch::Contains("length: 1"));
  REQUIRE_THROWS_WITH(att(std::vector<Tensor>{x, Tensor::zeros({2, 3, 5})}),
                      Catch::Contains("\"att_in\"") && Catch::Contains("feature size"));
  REQUIRE_THROWS_WITH(att(std::vector<Tensor>{x, x, Tensor::zeros({2, 2, 4})}),
                      Catch::Contains("\"att_in\"") && Catch::Contains("(2, 2, 4)"));
  REQUIRE_THROWS_WITH(att(std::vector<Tensor>{Tensor::zeros({3, 4}), Tensor::zeros({3, 4})}),
                      Catch::Contains("\"att_in\"") && Catch::Contains("(batch, steps, features)"));
  REQUIRE_THROWS_WITH(Attention::from_config(Json{{"name", "a"}, {"use_scale", 1}}),
                      Catch::Contains("Attention layer \"a\"") && Catch::Contains("'use_scale'"));
}
