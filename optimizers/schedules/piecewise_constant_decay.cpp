#include "optimizers/schedules/piecewise_constant_decay.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "libkeras/serialization/config_reader.h"
#include "libkeras/utils/error.h"

namespace keras::optimizers::schedules {

namespace {

// A Python list as Keras' messages print it; boundaries are step counts, values rates.
std::string list_text(const std::vector<double>& values, bool steps) {
  std::string out;
  for (double v : values) out += (out.empty() ? "" : ", ") + detail::number_text(v, steps);
  return "[" + out + "]";
}

std::vector<double> number_list(const ConfigReader& c, const std::string& key) {
  const Json& list = c.raw(key);
  if (!list.is_array()) c.fail(key, "must be a list of numbers");
  std::vector<double> out;
  for (const Json& v : list) {
    if (!v.is_number()) c.fail(key, "must be a list of numbers");
    out.push_back(v.get<double>());
  }
  return out;
}

}  // namespace

PiecewiseConstantDecay::PiecewiseConstantDecay(std::vector<double> boundaries, std::vector<double> values,
                                               Options options)
    : boundaries_(std::move(boundaries)), values_(std::move(values)), options_(std::move(options)) {
  if (boundaries_.size() + 1 != values_.size()) {
    throw ValueError("The length of boundaries should be 1 less than the length of values. Received: boundaries=" +
                     list_text(boundaries_, true) + " of length " + std::to_string(boundaries_.size()) +
                     ", and values=" + list_text(values_, false) + " of length " + std::to_string(values_.size()) + ".");
  }
  // Keras indexes boundaries[0] when called; an empty list only fails mid-training there.
  if (boundaries_.empty()) {
    throw ValueError("PiecewiseConstantDecay: `boundaries` must not be empty. Received: boundaries=[]");
  }
  for (double b : boundaries_) {
    // 2^63 is exact as a double: anything in [-2^63, 2^63) truncates to a valid int64.
    if (!(b >= -9223372036854775808.0 && b < 9223372036854775808.0)) {
      throw ValueError("PiecewiseConstantDecay: `boundaries` must be finite step counts within the int64 range. "
                       "Received: boundaries=" + list_text(boundaries_, true));
    }
    step_boundaries_.push_back(static_cast<std::int64_t>(b));
  }
}

std::shared_ptr<LearningRateSchedule> PiecewiseConstantDecay::from_config(const Json& config) {
  ConfigReader c(config, "PiecewiseConstantDecay schedule");
  Options o;
  o.name = c.string("name", o.name);
  return std::make_shared<PiecewiseConstantDecay>(number_list(c, "boundaries"), number_list(c, "values"), o);
}

float PiecewiseConstantDecay::operator()(std::int64_t step) const {
  // Keras' sum of indicator * value over every range, so overlapping (unsorted) boundaries
  // add up exactly as they do there.
  const std::vector<std::int64_t>& b = step_boundaries_;
  const auto value = [this](std::size_t i) { return static_cast<float>(values_[i]); };
  float result = 0.0f;
  result += static_cast<float>(step <= b.front()) * value(0);
  result += static_cast<float>(step > b.back()) * value(values_.size() - 1);
  for (std::size_t i = 0; i + 1 < b.size(); ++i) {
    result += static_cast<float>(step > b[i] && step <= b[i + 1]) * value(i + 1);
  }
  return result;
}

Json PiecewiseConstantDecay::get_config() const {
  Json boundaries = Json::array(), values = Json::array();
  for (double v : boundaries_) boundaries.push_back(detail::step_count_json(v));
  for (double v : values_) values.push_back(v);
  return {{"boundaries", boundaries}, {"values", values}, {"name", options_.name}};
}

}  // namespace keras::optimizers::schedules
