#include "layers/reshaping/spatial_args.h"

#include <nlohmann/json.hpp>

#include "libkeras/utils/error.h"

namespace keras::layers {

void check_side_pairs(const std::vector<SidePair>& pairs, const std::string& arg, const std::string& layer) {
  for (const SidePair& p : pairs) {
    if (p.before < 0 || p.after < 0) {
      throw ValueError(layer + ": `" + arg + "` cannot be negative, received " + arg + "=" + side_pairs_string(pairs));
    }
  }
}

Json side_pairs_json(const std::vector<SidePair>& pairs) {
  if (pairs.size() == 1) return Json::array({pairs[0].before, pairs[0].after});
  Json j = Json::array();
  for (const SidePair& p : pairs) j.push_back(Json::array({p.before, p.after}));
  return j;
}

std::string side_pairs_string(const std::vector<SidePair>& pairs) {
  auto pair = [](const SidePair& p) {
    std::string s = "(";  // built in place: GCC 12 warns falsely (-Wrestrict) on "(" + std::string&&
    s += std::to_string(p.before);
    s += ", ";
    s += std::to_string(p.after);
    return s + ")";
  };
  if (pairs.size() == 1) return pair(pairs[0]);
  std::string s = "(";
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    if (i) s += ", ";
    s += pair(pairs[i]);
  }
  return s + ")";
}

std::vector<SidePair> read_side_pairs(const ConfigReader& c, const std::string& key, int rank, int fallback) {
  const auto n = static_cast<std::size_t>(rank);
  if (c.is_null(key)) return std::vector<SidePair>(n, SidePair(fallback));
  const Json& v = c.raw(key);
  const std::string expected = rank == 1
                                   ? "must be an integer or a list of 2 integers"
                                   : "must be an integer, a list of " + std::to_string(rank) +
                                         " integers or a list of " + std::to_string(rank) + " [before, after] pairs";
  auto is_int_pair = [](const Json& j) {
    return j.is_array() && j.size() == 2 && j[0].is_number_integer() && j[1].is_number_integer();
  };
  if (v.is_number_integer()) return std::vector<SidePair>(n, SidePair(v.get<int>()));
  if (rank == 1) {
    if (!is_int_pair(v)) c.fail(key, expected);
    return {SidePair(v[0].get<int>(), v[1].get<int>())};
  }
  if (!v.is_array() || v.size() != n) c.fail(key, expected);
  std::vector<SidePair> pairs;
  for (const Json& axis : v) {
    if (axis.is_number_integer()) {
      pairs.emplace_back(axis.get<int>());
    } else if (is_int_pair(axis)) {
      pairs.emplace_back(axis[0].get<int>(), axis[1].get<int>());
    } else {
      c.fail(key, expected);
    }
  }
  return pairs;
}

}  // namespace keras::layers
