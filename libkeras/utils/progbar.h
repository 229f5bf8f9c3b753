#pragma once
// keras.utils.Progbar, byte for byte (Keras 3.15+ rules): the verbose=1 bar with "\b...\r"
// redraws throttled to `interval`, and the verbose=2 one-line-per-epoch form.

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace keras::utils {

struct ProgbarOptions {
  int width = 20;
  int verbose = 1;
  double interval = 0.05;
  std::string unit_name = "step";
};

class Progbar {
 public:
  using Clock = std::function<double()>;  // seconds
  using Options = ProgbarOptions;

  /// `target`: total steps, or nullopt when unknown. Output goes to `out` (default stdout).
  explicit Progbar(std::optional<std::int64_t> target, Options options = {}, std::ostream* out = nullptr,
                   Clock clock = {});

  /// Shows progress at step `current`; values are displayed as given, in first-seen order.
  /// finalize defaults to current >= target.
  void update(std::int64_t current, const std::vector<std::pair<std::string, double>>& values = {},
              std::optional<bool> finalize = std::nullopt);
  void set_target(std::int64_t target) { target_ = target; }

 private:
  double estimate_step_duration(std::int64_t current, double now);
  std::string format_time(double time_per_unit) const;

  std::optional<std::int64_t> target_;
  Options options_;
  std::ostream* out_;
  Clock clock_;
  std::vector<std::string> order_;
  std::vector<double> values_;
  double start_;
  // Keras starts from 0 against time.time(), so the first update is never throttled.
  double last_update_ = -1e300;
  std::optional<double> time_after_first_step_;
  std::size_t prev_total_width_ = 0;
};

/// Seconds on a monotonic clock.
double monotonic_seconds();

}  // namespace keras::utils
