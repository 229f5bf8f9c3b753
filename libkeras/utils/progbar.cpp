#include "libkeras/utils/progbar.h"

#include <chrono>
#include <cmath>
#include <iostream>

#include "libkeras/utils/format.h"

namespace keras::utils {

namespace {

std::string repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

const std::string kBarChar = "\xe2\x94\x81";  // U+2501 '━'

// "%{digits}d/%d" with Keras' digits = int(log10(target)) + 1.
std::string counter(std::int64_t current, std::int64_t target) {
  int digits = static_cast<int>(std::log10(static_cast<double>(target))) + 1;
  std::string c = std::to_string(current);
  if (static_cast<int>(c.size()) < digits) c = std::string(static_cast<std::size_t>(digits) - c.size(), ' ') + c;
  return c + "/" + std::to_string(target);
}

}  // namespace

double monotonic_seconds() {
  using namespace std::chrono;
  return duration<double>(steady_clock::now().time_since_epoch()).count();
}

Progbar::Progbar(std::optional<std::int64_t> target, Options options, std::ostream* out, Clock clock)
    : target_(target), options_(std::move(options)), out_(out ? out : &std::cout),
      clock_(clock ? std::move(clock) : Clock(monotonic_seconds)), start_(clock_()) {}

double Progbar::estimate_step_duration(std::int64_t current, double now) {
  if (current == 0) return 0.0;
  double per_unit;
  // The first step (graph tracing, allocation) is not representative: leave it out.
  if (time_after_first_step_ && current > 1) {
    per_unit = (now - *time_after_first_step_) / static_cast<double>(current - 1);
  } else {
    per_unit = (now - start_) / static_cast<double>(current);
  }
  if (current == 1) time_after_first_step_ = now;
  return per_unit;
}

std::string Progbar::format_time(double t) const {
  // Built with append(): GCC 12 warns falsely (-Wrestrict, bug 105651) on "literal" + string&&.
  std::string s(" ");
  if (t >= 1 || t == 0) {
    s.append(format::fixed(t, 0)).append("s/");
  } else if (t >= 1e-3) {
    s.append(format::fixed(t * 1000.0, 0)).append("ms/");
  } else {
    s.append(format::fixed(t * 1000000.0, 0)).append("us/");
  }
  return s.append(options_.unit_name);
}

void Progbar::update(std::int64_t current, const std::vector<std::pair<std::string, double>>& values,
                     std::optional<bool> finalize_in) {
  bool finalize = finalize_in.value_or(target_ && current >= *target_);
  for (const auto& [k, v] : values) {
    std::size_t i = 0;
    while (i < order_.size() && order_[i] != k) ++i;
    if (i == order_.size()) {
      order_.push_back(k);
      values_.push_back(v);
    } else {
      values_[i] = v;
    }
  }
  double now = clock_();
  double time_per_unit = estimate_step_duration(current, now);
  const bool known = target_ && *target_ > 0;

  if (options_.verbose == 1) {
    if (now - last_update_ < options_.interval && !finalize) return;
    std::string message(prev_total_width_, '\b');
    message += "\r";
    std::string bar, info;
    std::size_t special = 0;
    if (known) {
      bar = "\x1b[1m" + counter(current, *target_) + "\x1b[0m ";
      special += 8;
      int prog_width = static_cast<int>(options_.width * (static_cast<double>(current) / static_cast<double>(*target_)));
      if (prog_width > 0) {
        bar += "\x1b[32m" + repeat(kBarChar, prog_width) + "\x1b[0m";
        special += 9;
      }
      bar += "\x1b[37m" + repeat(kBarChar, options_.width - prog_width) + "\x1b[0m";
      special += 9;
    } else {
      std::string c = std::to_string(current);
      bar = std::string(c.size() < 7 ? 7 - c.size() : 0, ' ') + c + "/Unknown";
    }
    message += bar;
    if (known && !finalize) {
      double eta = time_per_unit * static_cast<double>(*target_ - current);
      char buf[64];
      if (eta > 3600) {
        std::snprintf(buf, sizeof buf, "%d:%02d:%02d", static_cast<int>(eta / 3600),
                      static_cast<int>(std::fmod(eta, 3600) / 60), static_cast<int>(std::fmod(eta, 60)));
      } else if (eta > 60) {
        std::snprintf(buf, sizeof buf, "%d:%02d", static_cast<int>(eta / 60), static_cast<int>(std::fmod(eta, 60)));
      } else {
        std::snprintf(buf, sizeof buf, "%ds", static_cast<int>(eta));
      }
      info = std::string(" \x1b[1m") + buf + "\x1b[0m";
    } else {
      info = " \x1b[1m" + format::fixed(now - start_, 0) + "s\x1b[0m";
    }
    special += 8;
    info += format_time(time_per_unit);
    for (std::size_t i = 0; i < order_.size(); ++i) info += " - " + order_[i] + ": " + format::metric_value(values_[i]);
    message += info;
    std::size_t total_width = format::display_width(bar) + format::display_width(info) - special;
    if (prev_total_width_ > total_width) message += std::string(prev_total_width_ - total_width, ' ');
    if (finalize) message += "\n";
    *out_ << message << std::flush;
    prev_total_width_ = total_width;
  } else if (options_.verbose == 2) {
    if (finalize && known) {
      std::string info = counter(current, *target_) + " - " + format::fixed(now - start_, 0) + "s -" +
                         format_time(time_per_unit);
      for (std::size_t i = 0; i < order_.size(); ++i) {
        // verbose=2 compares without abs(): negative values print in e-notation (a Keras quirk).
        double v = values_[i];
        info += " - " + order_[i] + ": " + (v > 1e-3 ? format::fixed(v, 4) : format::scientific(v, 4));
      }
      *out_ << info << "\n" << std::flush;
    }
  }
  last_update_ = now;
}

}  // namespace keras::utils
