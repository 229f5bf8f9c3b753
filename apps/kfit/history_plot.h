#pragma once
// `kfit fit --plot`: the training history drawn as in the Keras tutorials, with cairo.

#include <string>

#include "callbacks/history.h"

namespace kfit {

/// The figure's layout: one panel per quantity, at most kPanelsPerRow in a row, under the title,
/// so a PNG of n quantities is min(n, 3) * 440 pixels wide and 40 + ceil(n / 3) * 330 high (SVG
/// and PDF: the same size in points).
inline constexpr int kPanelWidth = 440;
inline constexpr int kPanelHeight = 330;
inline constexpr int kPanelsPerRow = 3;
inline constexpr int kTitleHeight = 40;

/// Throws keras::ValueError unless `path` ends in .png, .svg or .pdf (checked before training).
void check_plot_path(const std::string& path);

/// Draws each quantity of `history` (loss first, then the others by name) against the 1-based
/// epoch: the training values solid, the val_ values dashed, with tick labels, a legend and
/// `title` above. Non-finite values are left out (the line breaks there). Writes the format of
/// `path`'s extension atomically; throws ValueError for an empty history, IoError when the
/// file cannot be written.
void plot_history(const keras::callbacks::History& history, const std::string& path, const std::string& title);

}  // namespace kfit
