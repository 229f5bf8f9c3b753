#include "apps/kfit/history_plot.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <vector>

#include "apps/kfit/output_files.h"
#include "libkeras/serialization/file_io.h"
#include "libkeras/utils/error.h"

namespace kfit {

namespace {

struct Color {
  double r, g, b;
};
// matplotlib's first two colours, as in the tutorials' plots.
constexpr Color kTrainColor{0.122, 0.467, 0.706};
constexpr Color kValColor{1.0, 0.498, 0.055};
constexpr Color kGridColor{0.88, 0.88, 0.88};
constexpr Color kTextColor{0.1, 0.1, 0.1};

struct Series {
  std::string key;
  const std::vector<double>* values;
  bool validation;
};

struct Panel {
  std::string quantity;
  std::vector<Series> series;  // training first, then validation
};

std::vector<Panel> panels_of(const keras::callbacks::History& history) {
  std::vector<Panel> panels;
  auto panel_for = [&](const std::string& quantity) -> Panel& {
    for (Panel& p : panels) {
      if (p.quantity == quantity) return p;
    }
    return panels.emplace_back(Panel{quantity, {}});
  };
  for (const auto& [key, values] : history.history) {
    const bool validation = key.starts_with("val_");
    panel_for(validation ? key.substr(4) : key).series.push_back({key, &values, validation});
  }
  for (Panel& p : panels) {
    std::stable_sort(p.series.begin(), p.series.end(),
                     [](const Series& a, const Series& b) { return !a.validation && b.validation; });
  }
  // The map's name order, with the loss first.
  std::stable_partition(panels.begin(), panels.end(), [](const Panel& p) { return p.quantity == "loss"; });
  return panels;
}

struct Range {
  double lo, hi;
};

// 1, 2 or 5 times a power of ten, giving about `target` steps over `span`.
double nice_step(double span, int target) {
  const double raw = span / target;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  const double f = raw / magnitude;
  return (f <= 1.0 ? 1.0 : f <= 2.0 ? 2.0 : f <= 5.0 ? 5.0 : 10.0) * magnitude;
}

std::vector<double> ticks(Range r, double step) {
  std::vector<double> out;
  for (double t = std::ceil(r.lo / step) * step; t <= r.hi + step * 1e-9; t += step) {
    out.push_back(std::abs(t) < step * 1e-9 ? 0.0 : t);
  }
  return out;
}

// Enough significant digits to tell ticks `step` apart; %g turns tiny rates into 1e-05 form.
std::string tick_label(double value, Range r, double step) {
  const double largest = std::max(std::abs(r.lo), std::abs(r.hi));
  int digits = static_cast<int>(std::floor(std::log10(largest)) - std::floor(std::log10(step))) + 1;
  digits = std::clamp(digits, 1, 17);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*g", digits, value);
  return buffer;
}

Range padded(double lo, double hi) {
  if (lo == hi) {
    const double half = lo == 0.0 ? 1.0 : std::abs(lo) * 0.1;
    lo -= half;
    hi += half;
  }
  const double margin = (hi - lo) * 0.05;
  return {lo - margin, hi + margin};
}

enum class Align { left, center, right };

void set_color(cairo_t* cr, Color c) { cairo_set_source_rgb(cr, c.r, c.g, c.b); }

// `y` is the baseline.
void draw_text(cairo_t* cr, double x, double y, const std::string& text, Align align, double size, bool bold = false) {
  cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
                         bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, size);
  cairo_text_extents_t extents;
  cairo_text_extents(cr, text.c_str(), &extents);
  const double width = extents.x_advance;
  cairo_move_to(cr, align == Align::left ? x : align == Align::center ? x - width / 2 : x - width, y);
  cairo_show_text(cr, text.c_str());
}

void draw_series(cairo_t* cr, const Series& s, const std::vector<double>& epochs, auto&& to_x, auto&& to_y) {
  set_color(cr, s.validation ? kValColor : kTrainColor);
  cairo_set_line_width(cr, 2.0);
  const double dash[] = {6.0, 4.0};
  cairo_set_dash(cr, dash, s.validation ? 2 : 0, 0.0);
  bool pen_down = false;
  for (std::size_t i = 0; i < s.values->size(); ++i) {
    const double v = (*s.values)[i];
    if (!std::isfinite(v)) {
      pen_down = false;
      continue;
    }
    if (pen_down) {
      cairo_line_to(cr, to_x(epochs[i]), to_y(v));
    } else {
      cairo_move_to(cr, to_x(epochs[i]), to_y(v));
    }
    pen_down = true;
  }
  cairo_stroke(cr);
  cairo_set_dash(cr, nullptr, 0, 0.0);
  // A marker per epoch, so that a one-epoch run still shows its value.
  for (std::size_t i = 0; i < s.values->size(); ++i) {
    const double v = (*s.values)[i];
    if (!std::isfinite(v)) continue;
    cairo_new_sub_path(cr);
    cairo_arc(cr, to_x(epochs[i]), to_y(v), 3.0, 0.0, 2 * M_PI);
  }
  cairo_fill(cr);
}

struct Box {
  double left, top, right, bottom;
  bool contains(double x, double y) const { return x >= left && x <= right && y >= top && y <= bottom; }
};

// Like matplotlib's loc="best": the inside corner that hides the fewest of `points`.
void draw_legend(cairo_t* cr, const Panel& panel, const Box& plot, const std::vector<std::pair<double, double>>& points) {
  constexpr double kRow = 18.0, kSample = 26.0, kPad = 8.0, kInset = 8.0;
  cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, 11.0);
  double text_width = 0.0;
  for (const Series& s : panel.series) {
    cairo_text_extents_t extents;
    cairo_text_extents(cr, s.key.c_str(), &extents);
    text_width = std::max(text_width, extents.x_advance);
  }
  const double width = kPad * 3 + kSample + text_width;
  const double height = kPad * 2 + kRow * static_cast<double>(panel.series.size());
  Box best{};
  std::size_t fewest = points.size() + 1;
  for (bool at_top : {true, false}) {
    for (bool at_right : {true, false}) {
      const double x = at_right ? plot.right - kInset - width : plot.left + kInset;
      const double y = at_top ? plot.top + kInset : plot.bottom - kInset - height;
      const Box box{x, y, x + width, y + height};
      const auto hidden = static_cast<std::size_t>(
          std::count_if(points.begin(), points.end(), [&](const auto& p) { return box.contains(p.first, p.second); }));
      if (hidden < fewest) {
        fewest = hidden;
        best = box;
      }
    }
  }
  cairo_rectangle(cr, best.left, best.top, width, height);
  cairo_set_source_rgba(cr, 1.0, 1.0, 1.0, 0.85);
  cairo_fill_preserve(cr);
  set_color(cr, kGridColor);
  cairo_set_line_width(cr, 1.0);
  cairo_stroke(cr);
  for (std::size_t i = 0; i < panel.series.size(); ++i) {
    const Series& s = panel.series[i];
    const double y = best.top + kPad + kRow * (static_cast<double>(i) + 0.5);
    set_color(cr, s.validation ? kValColor : kTrainColor);
    cairo_set_line_width(cr, 2.0);
    const double dash[] = {6.0, 4.0};
    cairo_set_dash(cr, dash, s.validation ? 2 : 0, 0.0);
    cairo_move_to(cr, best.left + kPad, y);
    cairo_line_to(cr, best.left + kPad + kSample, y);
    cairo_stroke(cr);
    cairo_set_dash(cr, nullptr, 0, 0.0);
    set_color(cr, kTextColor);
    draw_text(cr, best.left + kPad * 2 + kSample, y + 4.0, s.key, Align::left, 11.0);
  }
}

double text_width(cairo_t* cr, const std::string& text, double size) {
  cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, size);
  cairo_text_extents_t extents;
  cairo_text_extents(cr, text.c_str(), &extents);
  return extents.x_advance;
}

void draw_panel(cairo_t* cr, const Panel& panel, const std::vector<double>& epochs, double px, double py) {
  double lo = INFINITY, hi = -INFINITY;
  for (const Series& s : panel.series) {
    for (double v : *s.values) {
      if (!std::isfinite(v)) continue;
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  }
  if (lo > hi) lo = hi = 0.0;  // nothing finite: an empty frame
  const Range yr = padded(lo, hi);
  const Range xr = padded(epochs.front(), epochs.back());
  const double ystep = nice_step(yr.hi - yr.lo, 5);
  const double xstep = std::max(1.0, nice_step(xr.hi - xr.lo, 6));
  const std::vector<double> yticks = ticks(yr, ystep), xticks = ticks(xr, xstep);

  // The plot area leaves room on the left for the widest tick label and the rotated axis label.
  double label_width = 0.0;
  for (double t : yticks) label_width = std::max(label_width, text_width(cr, tick_label(t, yr, ystep), 11));
  const Box plot{px + std::max(72.0, 38.0 + label_width), py + 36, px + kPanelWidth - 16.0,
                 py + kPanelHeight - 48.0};
  auto to_x = [&](double e) { return plot.left + (e - xr.lo) / (xr.hi - xr.lo) * (plot.right - plot.left); };
  auto to_y = [&](double v) { return plot.bottom - (v - yr.lo) / (yr.hi - yr.lo) * (plot.bottom - plot.top); };

  cairo_set_line_width(cr, 1.0);
  set_color(cr, kGridColor);
  for (double t : yticks) {
    cairo_move_to(cr, plot.left, to_y(t));
    cairo_line_to(cr, plot.right, to_y(t));
  }
  for (double t : xticks) {
    cairo_move_to(cr, to_x(t), plot.top);
    cairo_line_to(cr, to_x(t), plot.bottom);
  }
  cairo_stroke(cr);

  set_color(cr, kTextColor);
  for (double t : yticks) draw_text(cr, plot.left - 6, to_y(t) + 4, tick_label(t, yr, ystep), Align::right, 11);
  for (double t : xticks) draw_text(cr, to_x(t), plot.bottom + 16, tick_label(t, xr, xstep), Align::center, 11);
  const double middle = (plot.left + plot.right) / 2;
  draw_text(cr, middle, plot.bottom + 36, "epoch", Align::center, 12);
  draw_text(cr, middle, py + 24, panel.quantity, Align::center, 14, true);
  cairo_save(cr);
  cairo_translate(cr, plot.left - 18 - label_width, (plot.top + plot.bottom) / 2);
  cairo_rotate(cr, -M_PI / 2);
  draw_text(cr, 0, 0, panel.quantity, Align::center, 12);
  cairo_restore(cr);

  cairo_save(cr);
  cairo_rectangle(cr, plot.left, plot.top, plot.right - plot.left, plot.bottom - plot.top);
  cairo_clip(cr);
  for (const Series& s : panel.series) draw_series(cr, s, epochs, to_x, to_y);
  cairo_restore(cr);

  set_color(cr, kTextColor);
  cairo_set_line_width(cr, 1.0);
  cairo_rectangle(cr, plot.left, plot.top, plot.right - plot.left, plot.bottom - plot.top);
  cairo_stroke(cr);

  // The lines as points: each value and samples along each segment.
  std::vector<std::pair<double, double>> points;
  for (const Series& s : panel.series) {
    for (std::size_t i = 0; i < s.values->size(); ++i) {
      const double v = (*s.values)[i];
      if (!std::isfinite(v)) continue;
      points.emplace_back(to_x(epochs[i]), to_y(v));
      if (i + 1 == s.values->size() || !std::isfinite((*s.values)[i + 1])) continue;
      for (int k = 1; k < 16; ++k) {
        const double f = k / 16.0;
        points.emplace_back(to_x(epochs[i] + f * (epochs[i + 1] - epochs[i])), to_y(v + f * ((*s.values)[i + 1] - v)));
      }
    }
  }
  draw_legend(cr, panel, plot, points);
}

cairo_status_t append_bytes(void* closure, const unsigned char* data, unsigned int length) {
  auto* bytes = static_cast<std::vector<char>*>(closure);
  bytes->insert(bytes->end(), data, data + length);
  return CAIRO_STATUS_SUCCESS;
}

using SurfacePtr = std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)>;
using ContextPtr = std::unique_ptr<cairo_t, decltype(&cairo_destroy)>;

void check(cairo_status_t status, const std::string& path) {
  if (status != CAIRO_STATUS_SUCCESS) {
    throw keras::IoError("Cannot draw '" + path + "': cairo: " + cairo_status_to_string(status));
  }
}

}  // namespace

void check_plot_path(const std::string& path) {
  const std::string ext = extension_of(path);
  if (ext != "png" && ext != "svg" && ext != "pdf") {
    throw keras::ValueError("--plot '" + path + "': " + (ext.empty() ? "no extension" : "unknown extension '." + ext + "'") +
                            "; expected .png, .svg or .pdf");
  }
}

void plot_history(const keras::callbacks::History& history, const std::string& path, const std::string& title) {
  check_plot_path(path);
  const std::vector<Panel> panels = panels_of(history);
  std::size_t longest = 0;
  for (const auto& [key, values] : history.history) longest = std::max(longest, values.size());
  if (longest == 0) throw keras::ValueError("--plot '" + path + "': the history is empty (no epoch ran)");
  std::vector<double> epochs;
  for (std::size_t i = 0; i < longest; ++i) {
    epochs.push_back(i < history.epoch.size() ? history.epoch[i] + 1.0 : static_cast<double>(i) + 1.0);
  }

  const int n = static_cast<int>(panels.size());
  const int columns = std::min(n, kPanelsPerRow), rows = (n + kPanelsPerRow - 1) / kPanelsPerRow;
  const int width = columns * kPanelWidth, height = kTitleHeight + rows * kPanelHeight;
  const std::string ext = extension_of(path);
  std::vector<char> bytes;
  SurfacePtr surface(ext == "png"   ? cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, height)
                     : ext == "svg" ? cairo_svg_surface_create_for_stream(append_bytes, &bytes, width, height)
                                    : cairo_pdf_surface_create_for_stream(append_bytes, &bytes, width, height),
                     cairo_surface_destroy);
  check(cairo_surface_status(surface.get()), path);
  {
    ContextPtr cr(cairo_create(surface.get()), cairo_destroy);
    cairo_set_source_rgb(cr.get(), 1.0, 1.0, 1.0);
    cairo_paint(cr.get());
    set_color(cr.get(), kTextColor);
    draw_text(cr.get(), width / 2.0, 26, title, Align::center, 16, true);
    for (int i = 0; i < n; ++i) {
      draw_panel(cr.get(), panels[static_cast<std::size_t>(i)], epochs, (i % kPanelsPerRow) * kPanelWidth,
                 kTitleHeight + (i / kPanelsPerRow) * kPanelHeight);
    }
    check(cairo_status(cr.get()), path);
  }
  if (ext == "png") {
    check(cairo_surface_write_to_png_stream(surface.get(), append_bytes, &bytes), path);
  } else {
    cairo_surface_finish(surface.get());  // flushes the SVG or PDF into `bytes`
    check(cairo_surface_status(surface.get()), path);
  }
  keras::io::write_file_atomic(path, bytes);
}

}  // namespace kfit
