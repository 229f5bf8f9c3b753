#pragma once
// One registry per family (layers, losses, optimizers, activations, initializers, metrics)
// maps Keras names to factories. Each family fills its registry in one explicit function
// (register_builtin_*), never through static self-registration.

#include <algorithm>
#include <cctype>
#include <map>
#include <string>
#include <vector>

#include "libkeras/utils/error.h"

namespace keras {

template <class Factory>
class Registry {
 public:
  /// `family` names the kind of object in error messages ("layer", "optimizer", ...).
  explicit Registry(std::string family, bool case_insensitive = false)
      : family_(std::move(family)), case_insensitive_(case_insensitive) {}

  void add(const std::string& name, Factory factory) { entries_[key(name)] = {name, std::move(factory)}; }

  bool contains(const std::string& name) const { return entries_.count(key(name)) != 0; }

  /// The factory registered under `name`; throws ValueError listing every known name.
  const Factory& get(const std::string& name) const {
    auto it = entries_.find(key(name));
    if (it == entries_.end()) {
      std::string known;
      for (const auto& n : names()) known += (known.empty() ? "" : ", ") + n;
      throw ValueError("Unknown " + family_ + " '" + name + "'." + suggestions(name) + " Known " + family_ +
                       "s: " + known);
    }
    return it->second.factory;
  }

  /// Registered names as spelled when added, sorted.
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& [k, e] : entries_) out.push_back(e.name);
    std::sort(out.begin(), out.end());
    return out;
  }

 private:
  struct Entry {
    std::string name;
    Factory factory;
  };
  // With a hundred names registered, the closest few spellings help more than the list.
  std::string suggestions(const std::string& name) const {
    std::vector<std::pair<size_t, std::string>> scored;
    for (const auto& n : names()) scored.emplace_back(edit_distance(lower(name), lower(n)), n);
    std::stable_sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::string out;
    const size_t limit = std::max<size_t>(2, name.size() / 3);
    for (size_t i = 0; i < scored.size() && i < 3 && scored[i].first <= limit; ++i) {
      out += (out.empty() ? " Did you mean " : ", ") + ("'" + scored[i].second + "'");
    }
    return out.empty() ? out : out + "?";
  }
  static std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
  }
  static size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<size_t> row(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
      size_t diagonal = row[0];
      row[0] = i;
      for (size_t j = 1; j <= b.size(); ++j) {
        const size_t above = row[j];
        row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
        diagonal = above;
      }
    }
    return row[b.size()];
  }
  std::string key(const std::string& name) const {
    if (!case_insensitive_) return name;
    return lower(name);
  }
  std::string family_;
  bool case_insensitive_;
  std::map<std::string, Entry> entries_;
};

}  // namespace keras
