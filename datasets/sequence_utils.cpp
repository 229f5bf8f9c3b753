#include "datasets/sequence_utils.h"

#include <algorithm>
#include <limits>
#include <nlohmann/json.hpp>
#include <utility>

#include "datasets/cache.h"
#include "libkeras/serialization/file_io.h"
#include "libkeras/utils/error.h"

namespace keras::datasets {

Rows take(Sequences& xs, std::vector<std::int64_t> indices) {
  Rows r;
  r.x.reserve(indices.size());
  for (std::int64_t i : indices) r.x.push_back(std::move(xs[static_cast<std::size_t>(i)]));
  r.rows = std::move(indices);
  return r;
}

void add_start_and_offset(Rows& r, const VocabularyArgs& args) {
  for (auto& x : r.x) {
    for (auto& w : x) w += args.index_from;
    if (args.start_char) x.insert(x.begin(), *args.start_char);
  }
}

void remove_long_seq(std::int64_t maxlen, Rows& r) {
  std::size_t kept = 0;
  for (std::size_t i = 0; i < r.x.size(); ++i) {
    if (static_cast<std::int64_t>(r.x[i].size()) >= maxlen) continue;
    if (kept != i) {
      r.x[kept] = std::move(r.x[i]);
      r.rows[kept] = r.rows[i];
    }
    ++kept;
  }
  r.x.resize(kept);
  r.rows.resize(kept);
}

void limit_vocabulary(const std::vector<Rows*>& parts, const VocabularyArgs& args) {
  std::int64_t num_words = args.num_words.value_or(0);
  if (num_words == 0) {
    bool any = false;
    num_words = std::numeric_limits<std::int64_t>::min();
    for (const Rows* p : parts) {
      for (const auto& x : p->x) {
        for (std::int64_t w : x) num_words = std::max(num_words, w), any = true;
      }
    }
    if (!any) throw ValueError("max() arg is an empty sequence: no words are left to size the vocabulary");
  }
  for (Rows* p : parts) {
    for (auto& x : p->x) {
      if (args.oov_char) {
        for (auto& w : x) {
          if (w < args.skip_top || w >= num_words) w = *args.oov_char;
        }
      } else {
        std::erase_if(x, [&](std::int64_t w) { return w < args.skip_top || w >= num_words; });
      }
    }
  }
}

std::map<std::string, std::int64_t> read_word_index(const std::string& fname, const std::string& dataset,
                                                    const std::string& origin_name) {
  const std::string path = find_keras_file(fname, dataset, origin_name);
  const std::vector<char> bytes = io::read_file(path);
  nlohmann::json j = nlohmann::json::parse(bytes.begin(), bytes.end(), nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) throw IoError("'" + path + "' is not a JSON object of word -> index (corrupt or truncated?)");
  std::map<std::string, std::int64_t> index;
  for (const auto& [word, rank] : j.items()) {
    if (!rank.is_number_integer()) throw IoError("'" + path + "': the index of '" + word + "' is not an integer");
    index[word] = rank.get<std::int64_t>();
  }
  return index;
}

}  // namespace keras::datasets
