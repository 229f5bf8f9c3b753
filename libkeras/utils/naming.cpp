#include "libkeras/utils/naming.h"

#include <cctype>
#include <map>
#include <mutex>
#include <regex>

namespace keras {

namespace {

struct NameCounters {
  std::mutex mutex;
  std::map<std::string, int> uids;
};

NameCounters& counters() {
  static NameCounters instance;
  return instance;
}

}  // namespace

std::string utils::to_snake_case(const std::string& name) {
  static const std::regex non_word(R"(\W+)");
  static const std::regex camel_word("(.)([A-Z][a-z]+)");
  static const std::regex lower_upper("([a-z])([A-Z])");
  std::string s = std::regex_replace(name, non_word, "");
  s = std::regex_replace(s, camel_word, "$1_$2");
  s = std::regex_replace(s, lower_upper, "$1_$2");
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string utils::uniquify(const std::string& prefix) {
  std::lock_guard<std::mutex> lock(counters().mutex);
  int& uid = counters().uids[prefix];
  std::string name = uid == 0 ? prefix : prefix + "_" + std::to_string(uid);
  ++uid;
  return name;
}

void backend::clear_session() {
  std::lock_guard<std::mutex> lock(counters().mutex);
  counters().uids.clear();
}

}  // namespace keras
