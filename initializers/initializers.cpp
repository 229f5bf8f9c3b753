#include "initializers/initializers.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <functional>
#include <nlohmann/json.hpp>

#include "libkeras/serialization/config_reader.h"
#include "libkeras/serialization/registry.h"
#include "libkeras/utils/random.h"

extern "C" {
// LAPACK (provided by OpenBLAS; Debian ships no lapack.h for it).
void sgeqrf_(const int* m, const int* n, float* a, const int* lda, float* tau, float* work, const int* lwork,
             int* info);
void sorgqr_(const int* m, const int* n, const int* k, float* a, const int* lda, const float* tau, float* work,
             const int* lwork, int* info);
}

namespace keras::initializers {

Json Initializer::get_config() const { return Json::object(); }

Tensor Zeros::operator()(const Shape& shape) const { return Tensor::zeros(shape); }
Tensor Ones::operator()(const Shape& shape) const { return Tensor::ones(shape); }
Tensor Constant::operator()(const Shape& shape) const { return Tensor::full(shape, value_); }
Json Constant::get_config() const { return {{"value", value_}}; }

RandomInitializer::RandomInitializer(std::optional<std::uint64_t> seed)
    : seed_(seed ? *seed : random::next_seed()), user_seed_(seed) {}

Json RandomInitializer::get_config() const { return {{"seed", user_seed_ ? Json(*user_seed_) : Json(nullptr)}}; }

RandomUniform::RandomUniform(double minval, double maxval, std::optional<std::uint64_t> seed)
    : RandomInitializer(seed), minval_(minval), maxval_(maxval) {}
Tensor RandomUniform::operator()(const Shape& shape) const { return random::uniform(shape, minval_, maxval_, seed_); }
Json RandomUniform::get_config() const {
  Json c = RandomInitializer::get_config();
  c["minval"] = minval_;
  c["maxval"] = maxval_;
  return c;
}

RandomNormal::RandomNormal(double mean, double stddev, std::optional<std::uint64_t> seed)
    : RandomInitializer(seed), mean_(mean), stddev_(stddev) {}
Tensor RandomNormal::operator()(const Shape& shape) const { return random::normal(shape, mean_, stddev_, seed_); }
Json RandomNormal::get_config() const {
  Json c = RandomInitializer::get_config();
  c["mean"] = mean_;
  c["stddev"] = stddev_;
  return c;
}

TruncatedNormal::TruncatedNormal(double mean, double stddev, std::optional<std::uint64_t> seed)
    : RandomInitializer(seed), mean_(mean), stddev_(stddev) {}
Tensor TruncatedNormal::operator()(const Shape& shape) const {
  return random::truncated_normal(shape, mean_, stddev_, seed_);
}
Json TruncatedNormal::get_config() const {
  Json c = RandomInitializer::get_config();
  c["mean"] = mean_;
  c["stddev"] = stddev_;
  return c;
}

std::pair<double, double> compute_fans(const Shape& shape) {
  if (shape.rank() < 1) return {1.0, 1.0};
  if (shape.rank() == 1) return {static_cast<double>(shape[0]), static_cast<double>(shape[0])};
  if (shape.rank() == 2) return {static_cast<double>(shape[0]), static_cast<double>(shape[1])};
  double receptive = 1.0;
  for (int i = 0; i < shape.rank() - 2; ++i) receptive *= static_cast<double>(shape[i]);
  return {static_cast<double>(shape.dim(-2)) * receptive, static_cast<double>(shape.dim(-1)) * receptive};
}

VarianceScaling::VarianceScaling(double scale, std::string mode, std::string distribution,
                                 std::optional<std::uint64_t> seed)
    : RandomInitializer(seed), scale_(scale), mode_(std::move(mode)), distribution_(std::move(distribution)) {
  // As Keras 3: the distribution is case-insensitive and "normal" (written by Keras 2.0 - 2.2
  // for he_normal and friends) means truncated_normal.
  std::transform(distribution_.begin(), distribution_.end(), distribution_.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (distribution_ == "normal") distribution_ = "truncated_normal";
  if (scale_ <= 0.0) throw ValueError("VarianceScaling: 'scale' must be positive, received scale=" + std::to_string(scale_));
  if (mode_ != "fan_in" && mode_ != "fan_out" && mode_ != "fan_avg") {
    throw ValueError("VarianceScaling: invalid mode '" + mode_ + "'. Expected one of: fan_in, fan_out, fan_avg");
  }
  if (distribution_ != "truncated_normal" && distribution_ != "untruncated_normal" && distribution_ != "uniform") {
    throw ValueError("VarianceScaling: invalid distribution '" + distribution_ +
                     "'. Expected one of: truncated_normal, untruncated_normal, uniform");
  }
}

Tensor VarianceScaling::operator()(const Shape& shape) const {
  auto [fan_in, fan_out] = compute_fans(shape);
  double scale = scale_;
  if (mode_ == "fan_in") {
    scale /= std::max(1.0, fan_in);
  } else if (mode_ == "fan_out") {
    scale /= std::max(1.0, fan_out);
  } else {
    scale /= std::max(1.0, (fan_in + fan_out) / 2.0);
  }
  if (distribution_ == "truncated_normal") {
    // 0.8796... is the stddev of a unit normal truncated to [-2, 2].
    return random::truncated_normal(shape, 0.0, std::sqrt(scale) / 0.87962566103423978, seed_);
  }
  if (distribution_ == "untruncated_normal") return random::normal(shape, 0.0, std::sqrt(scale), seed_);
  double limit = std::sqrt(3.0 * scale);
  return random::uniform(shape, -limit, limit, seed_);
}

Json VarianceScaling::get_config() const {
  Json c = RandomInitializer::get_config();
  c["scale"] = scale_;
  c["mode"] = mode_;
  c["distribution"] = distribution_;
  return c;
}

#define KERAS_DEFINE_PRESET(Name, scale, mode, distribution)                                     \
  Name::Name(std::optional<std::uint64_t> seed) : VarianceScaling(scale, mode, distribution, seed) {} \
  Json Name::get_config() const { return RandomInitializer::get_config(); }
KERAS_DEFINE_PRESET(GlorotUniform, 1.0, "fan_avg", "uniform")
KERAS_DEFINE_PRESET(GlorotNormal, 1.0, "fan_avg", "truncated_normal")
KERAS_DEFINE_PRESET(HeUniform, 2.0, "fan_in", "uniform")
KERAS_DEFINE_PRESET(HeNormal, 2.0, "fan_in", "truncated_normal")
KERAS_DEFINE_PRESET(LecunUniform, 1.0, "fan_in", "uniform")
KERAS_DEFINE_PRESET(LecunNormal, 1.0, "fan_in", "truncated_normal")
#undef KERAS_DEFINE_PRESET

Orthogonal::Orthogonal(double gain, std::optional<std::uint64_t> seed) : RandomInitializer(seed), gain_(gain) {}

Tensor Orthogonal::operator()(const Shape& shape) const {
  if (shape.rank() < 2) {
    throw ValueError("Orthogonal initializer needs a shape of rank >= 2, received " + shape.to_string());
  }
  std::int64_t rows = 1;
  for (int i = 0; i < shape.rank() - 1; ++i) rows *= shape[i];
  std::int64_t cols = shape.dim(-1);
  int m = static_cast<int>(std::max(rows, cols)), n = static_cast<int>(std::min(rows, cols));
  Tensor a = random::normal(Shape{m, n}, 0.0, 1.0, seed_);
  // LAPACK is column-major: lay the row-major sample out column by column.
  std::vector<float> cm(static_cast<std::size_t>(m) * static_cast<std::size_t>(n));
  const float* pa = a.data<float>();
  for (int i = 0; i < m; ++i) {
    for (int j = 0; j < n; ++j) cm[static_cast<std::size_t>(i + j * m)] = pa[i * n + j];
  }
  std::vector<float> tau(static_cast<std::size_t>(n));
  int info = 0, lwork = -1;
  float query = 0.0f;
  sgeqrf_(&m, &n, cm.data(), &m, tau.data(), &query, &lwork, &info);
  lwork = std::max(1, static_cast<int>(query));
  std::vector<float> work(static_cast<std::size_t>(lwork));
  sgeqrf_(&m, &n, cm.data(), &m, tau.data(), work.data(), &lwork, &info);
  if (info != 0) throw Error("Orthogonal initializer: QR factorisation failed (info=" + std::to_string(info) + ")");
  std::vector<float> diag_sign(static_cast<std::size_t>(n));
  for (int j = 0; j < n; ++j) diag_sign[static_cast<std::size_t>(j)] = cm[static_cast<std::size_t>(j + j * m)] < 0 ? -1.0f : 1.0f;
  lwork = -1;
  sorgqr_(&m, &n, &n, cm.data(), &m, tau.data(), &query, &lwork, &info);
  lwork = std::max(1, static_cast<int>(query));
  work.resize(static_cast<std::size_t>(lwork));
  sorgqr_(&m, &n, &n, cm.data(), &m, tau.data(), work.data(), &lwork, &info);
  if (info != 0) throw Error("Orthogonal initializer: forming Q failed (info=" + std::to_string(info) + ")");
  // q (m x n) with columns scaled by sign(diag(r)); transposed when rows < cols.
  Tensor out(Shape{rows, cols});
  float* po = out.data<float>();
  for (int i = 0; i < m; ++i) {
    for (int j = 0; j < n; ++j) {
      float q = cm[static_cast<std::size_t>(i + j * m)] * diag_sign[static_cast<std::size_t>(j)] * static_cast<float>(gain_);
      if (rows >= cols) {
        po[i * n + j] = q;
      } else {
        po[j * m + i] = q;
      }
    }
  }
  return out.reshape(shape);
}

Json Orthogonal::get_config() const {
  Json c = RandomInitializer::get_config();
  c["gain"] = gain_;
  return c;
}

Tensor Identity::operator()(const Shape& shape) const {
  if (shape.rank() != 2) throw ValueError("Identity initializer needs a 2-D shape, received " + shape.to_string());
  Tensor t = Tensor::zeros(shape);
  float* p = t.data<float>();
  for (std::int64_t i = 0; i < std::min(shape[0], shape[1]); ++i) p[i * shape[1] + i] = static_cast<float>(gain_);
  return t;
}

Json Identity::get_config() const { return {{"gain", gain_}}; }

namespace {

using Factory = std::function<std::shared_ptr<Initializer>(const ConfigReader&)>;

// Fields are read through ConfigReader so that a malformed config raises a ValueError naming the
// initializer and the field, instead of escaping as a nlohmann type error.
std::optional<std::uint64_t> seed_of(const ConfigReader& c) {
  if (c.is_null("seed")) return std::nullopt;
  std::int64_t seed = c.integer("seed");
  if (seed < 0) c.fail("seed", "must be a non-negative integer");
  return static_cast<std::uint64_t>(seed);
}

void add(Registry<Factory>& r, const std::string& class_name, const Factory& f, std::vector<std::string> aliases) {
  r.add(class_name, f);
  for (const auto& a : aliases) r.add(a, f);
}

void register_builtin_initializers(Registry<Factory>& r) {
  add(r, "Zeros", [](const ConfigReader&) { return std::make_shared<Zeros>(); }, {"zeros", "zero"});
  add(r, "Ones", [](const ConfigReader&) { return std::make_shared<Ones>(); }, {"ones", "one"});
  add(r, "Constant", [](const ConfigReader& c) { return std::make_shared<Constant>(c.number("value", 0.0)); },
      {"constant"});
  add(r, "RandomUniform",
      [](const ConfigReader& c) {
        return std::make_shared<RandomUniform>(c.number("minval", -0.05), c.number("maxval", 0.05), seed_of(c));
      },
      {"random_uniform", "uniform"});
  add(r, "RandomNormal",
      [](const ConfigReader& c) {
        return std::make_shared<RandomNormal>(c.number("mean", 0.0), c.number("stddev", 0.05), seed_of(c));
      },
      {"random_normal", "normal"});
  add(r, "TruncatedNormal",
      [](const ConfigReader& c) {
        return std::make_shared<TruncatedNormal>(c.number("mean", 0.0), c.number("stddev", 0.05), seed_of(c));
      },
      {"truncated_normal"});
  add(r, "VarianceScaling",
      [](const ConfigReader& c) {
        return std::make_shared<VarianceScaling>(c.number("scale", 1.0), c.string("mode", "fan_in"),
                                                 c.string("distribution", "truncated_normal"), seed_of(c));
      },
      {"variance_scaling"});
  add(r, "GlorotUniform", [](const ConfigReader& c) { return std::make_shared<GlorotUniform>(seed_of(c)); },
      {"glorot_uniform"});
  add(r, "GlorotNormal", [](const ConfigReader& c) { return std::make_shared<GlorotNormal>(seed_of(c)); },
      {"glorot_normal"});
  add(r, "HeUniform", [](const ConfigReader& c) { return std::make_shared<HeUniform>(seed_of(c)); }, {"he_uniform"});
  add(r, "HeNormal", [](const ConfigReader& c) { return std::make_shared<HeNormal>(seed_of(c)); }, {"he_normal"});
  add(r, "LecunUniform", [](const ConfigReader& c) { return std::make_shared<LecunUniform>(seed_of(c)); },
      {"lecun_uniform"});
  add(r, "LecunNormal", [](const ConfigReader& c) { return std::make_shared<LecunNormal>(seed_of(c)); },
      {"lecun_normal"});
  add(r, "Orthogonal",
      [](const ConfigReader& c) { return std::make_shared<Orthogonal>(c.number("gain", 1.0), seed_of(c)); },
      {"orthogonal", "OrthogonalInitializer"});  // early Keras 3 releases wrote OrthogonalInitializer
  add(r, "Identity", [](const ConfigReader& c) { return std::make_shared<Identity>(c.number("gain", 1.0)); },
      {"identity"});
}

const Registry<Factory>& registry() {
  static const Registry<Factory> r = [] {
    Registry<Factory> reg("initializer");
    register_builtin_initializers(reg);
    return reg;
  }();
  return r;
}

}  // namespace

std::shared_ptr<Initializer> get(const std::string& name) {
  const Json empty = Json::object();
  return registry().get(name)(ConfigReader(empty, name + " initializer"));
}

std::shared_ptr<Initializer> deserialize(const Json& config) {
  if (config.is_string()) return get(config.get<std::string>());
  if (!config.is_object() || !config.contains("class_name") || !config["class_name"].is_string()) {
    throw ValueError("Invalid initializer config: expected a name or an object with 'class_name', received " +
                     config.dump());
  }
  const Json inner = config.contains("config") ? config["config"] : Json::object();
  const std::string class_name = config["class_name"].get<std::string>();
  return registry().get(class_name)(ConfigReader(inner, class_name + " initializer"));
}

Json serialize(const Initializer& initializer) {
  return {{"module", "keras.initializers"},
          {"class_name", initializer.class_name()},
          {"config", initializer.get_config()},
          {"registered_name", nullptr}};
}

std::vector<std::string> names() { return registry().names(); }

}  // namespace keras::initializers
