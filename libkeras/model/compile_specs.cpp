#include "libkeras/model/compile_specs.h"

#include <algorithm>

#include "libkeras/utils/error.h"

namespace keras {

namespace {

std::string join(const std::vector<std::string>& names) {
  std::string s;
  for (const auto& n : names) s += (s.empty() ? "" : ", ") + n;
  return s;
}

template <class T>
void check_keys(const std::map<std::string, T>& named, const std::vector<std::string>& names, const std::string& what) {
  for (const auto& [key, value] : named) {
    if (std::find(names.begin(), names.end(), key) == names.end()) {
      throw ValueError("In the dict argument `" + what + "`, key '" + key +
                       "' does not correspond to any model output or input. Known names: " + join(names));
    }
  }
}

}  // namespace

std::vector<Tensor> Data::resolve(const std::vector<std::string>& names, const std::string& what) const {
  if (is_named_) {
    check_keys(named_, names, what);
    std::vector<Tensor> out;
    for (const auto& n : names) {
      auto it = named_.find(n);
      if (it == named_.end()) throw ValueError("`" + what + "` has no entry for '" + n + "'. Expected keys: " + join(names));
      out.push_back(it->second);
    }
    return out;
  }
  if (list_.size() != names.size()) {
    throw ValueError("`" + what + "` holds " + std::to_string(list_.size()) + " arrays, but the model has " +
                     std::to_string(names.size()) + " (" + join(names) + ")");
  }
  return list_;
}

std::vector<Tensor> SampleWeights::resolve(const std::vector<std::string>& names, const std::string& what) const {
  if (is_named_) {
    check_keys(named_, names, what);
    std::vector<Tensor> out;
    for (const auto& n : names) {
      auto it = named_.find(n);
      if (it == named_.end()) {
        throw ValueError("`" + what + "` has no entry for output '" + n +
                         "'. You should provide one `sample_weight` array per output in `y`; expected keys: " +
                         join(names));
      }
      out.push_back(it->second);
    }
    return out;
  }
  if (is_list_) {
    if (list_.size() != names.size()) {
      throw ValueError("`" + what + "` holds " + std::to_string(list_.size()) + " arrays, but the model has " +
                       std::to_string(names.size()) + " outputs (" + join(names) +
                       "). You should provide one `sample_weight` array per output in `y`.");
    }
    return list_;
  }
  // keras ArrayDataAdapter: one array is replicated on every output, which only makes sense
  // for one weight per sample.
  bool samplewise = single_.defined() && (single_.rank() == 1 || (single_.rank() == 2 && single_.dim(1) == 1));
  if (names.size() > 1 && single_.defined() && !samplewise) {
    throw ValueError("For a model with multiple outputs, when providing a single `" + what +
                     "` array, it should only have one scalar score per sample (i.e. shape `(num_samples,)`), "
                     "received shape " + single_.shape().to_string() +
                     ". If you want to use non-scalar sample weights, pass a `sample_weight` argument with one array "
                     "per model output.");
  }
  return std::vector<Tensor>(names.size(), single_);
}

std::vector<LossArg> LossSpec::resolve(const std::vector<std::string>& names) const {
  if (is_named_) {
    check_keys(named_, names, "loss");
    std::vector<LossArg> out;
    for (const auto& n : names) {
      auto it = named_.find(n);
      out.push_back(it == named_.end() ? LossArg() : it->second);
    }
    return out;
  }
  if (is_list_) {
    if (list_.size() != names.size()) {
      throw ValueError("`loss` is a list of " + std::to_string(list_.size()) + " losses, but the model has " +
                       std::to_string(names.size()) + " outputs (" + join(names) + ")");
    }
    return list_;
  }
  return std::vector<LossArg>(names.size(), single_);
}

std::vector<double> LossWeights::resolve(const std::vector<std::string>& names) const {
  if (!set_) return std::vector<double>(names.size(), 1.0);
  if (is_named_) {
    check_keys(named_, names, "loss_weights");
    std::vector<double> out;
    for (const auto& n : names) out.push_back(named_.count(n) ? named_.at(n) : 1.0);
    return out;
  }
  if (list_.size() != names.size()) {
    throw ValueError("`loss_weights` has " + std::to_string(list_.size()) + " entries, but the model has " +
                     std::to_string(names.size()) + " outputs (" + join(names) + ")");
  }
  return list_;
}

std::vector<std::vector<MetricArg>> MetricsSpec::resolve(const std::vector<std::string>& names,
                                                         const std::string& argument) const {
  if (is_named_) {
    check_keys(named_, names, argument);
    std::vector<std::vector<MetricArg>> out;
    for (const auto& n : names) out.push_back(named_.count(n) ? named_.at(n) : std::vector<MetricArg>{});
    return out;
  }
  if (is_nested_) {
    if (nested_.size() != names.size()) {
      throw ValueError("For a model with multiple outputs, when providing the `" + argument +
                       "` argument as a list, it should have as many entries as the model has outputs. Received " +
                       std::to_string(nested_.size()) + " entries for " + std::to_string(names.size()) + " outputs");
    }
    return nested_;
  }
  if (names.size() == 1) return {flat_};
  if (flat_.empty()) return std::vector<std::vector<MetricArg>>(names.size());
  if (flat_.size() != names.size()) {
    throw ValueError("For a model with multiple outputs, when providing the `" + argument +
                     "` argument as a list, it should have as many entries as the model has outputs. Received " +
                     std::to_string(flat_.size()) + " entries for " + std::to_string(names.size()) + " outputs");
  }
  std::vector<std::vector<MetricArg>> out;
  for (const auto& m : flat_) out.push_back({m});
  return out;
}

}  // namespace keras
