#pragma once
// (before, after) amounts per spatial axis, for ZeroPadding*D and Cropping*D: Keras accepts an
// int (every side), one int per axis (both sides) or one (before, after) pair per axis.
//   ZeroPadding2D(1), ZeroPadding2D({1, 2}), ZeroPadding2D({{1, 2}, {3, 4}}).

#include <string>
#include <utility>
#include <vector>

#include "libkeras/serialization/config_reader.h"

namespace keras::layers {

/// One axis: `1` (both sides) or `{before, after}`.
struct SidePair {
  SidePair(int both) : before(both), after(both) {}  // NOLINT: implicit, as Keras accepts an int
  SidePair(int b, int a) : before(b), after(a) {}
  int before, after;
};

/// Two spatial axes (height, width).
struct SidePairs2 {
  SidePairs2(int all) : axes{all, all} {}  // NOLINT
  SidePairs2(SidePair height, SidePair width) : axes{height, width} {}
  std::vector<SidePair> axes;
};

/// Three spatial axes (depth, height, width).
struct SidePairs3 {
  SidePairs3(int all) : axes{all, all, all} {}  // NOLINT
  SidePairs3(SidePair depth, SidePair height, SidePair width) : axes{depth, height, width} {}
  std::vector<SidePair> axes;
};

/// Throws ValueError naming `layer` and `arg` if an amount is negative.
void check_side_pairs(const std::vector<SidePair>& pairs, const std::string& arg, const std::string& layer);

/// Keras' config form: [before, after] for one axis, [[b, a], ...] for several.
Json side_pairs_json(const std::vector<SidePair>& pairs);

/// Reads `key` for `rank` axes: an int, a list of `rank` ints, or a list of `rank` pairs; a
/// single axis takes an int or one [before, after] pair. Absent or null gives `fallback`.
std::vector<SidePair> read_side_pairs(const ConfigReader& c, const std::string& key, int rank, int fallback);

/// "((1, 2), (3, 4))", as Keras prints the tuples in messages.
std::string side_pairs_string(const std::vector<SidePair>& pairs);

}  // namespace keras::layers
