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
      throw ValueError("Unknown " + family_ + " '" + name + "'. Known " + family_ + "s: " + known);
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
  std::string key(const std::string& name) const {
    if (!case_insensitive_) return name;
    std::string k = name;
    std::transform(k.begin(), k.end(), k.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return k;
  }
  std::string family_;
  bool case_insensitive_;
  std::map<std::string, Entry> entries_;
};

}  // namespace keras
