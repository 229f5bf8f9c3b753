#include "libkeras/model/summary_table.h"

#include <cmath>
#include <numeric>

#include "libkeras/utils/format.h"

namespace keras::detail {

namespace {

// Python's round(): half to even.
long round_half_even(double v) { return std::lrint(v); }

// rich._ratio.ratio_reduce
std::vector<int> ratio_reduce(int total, std::vector<int> ratios, const std::vector<int>& maximums,
                              const std::vector<int>& values) {
  for (std::size_t i = 0; i < ratios.size(); ++i) ratios[i] = maximums[i] ? ratios[i] : 0;
  int total_ratio = std::accumulate(ratios.begin(), ratios.end(), 0);
  if (!total_ratio) return values;
  int remaining = total;
  std::vector<int> out;
  for (std::size_t i = 0; i < ratios.size(); ++i) {
    if (ratios[i] && total_ratio > 0) {
      int distributed = std::min(
          maximums[i], static_cast<int>(round_half_even(static_cast<double>(ratios[i]) * remaining / total_ratio)));
      out.push_back(values[i] - distributed);
      remaining -= distributed;
      total_ratio -= ratios[i];
    } else {
      out.push_back(values[i]);
    }
  }
  return out;
}

// rich._ratio.ratio_distribute (no minimums)
std::vector<int> ratio_distribute(int total, const std::vector<int>& ratios) {
  int total_ratio = std::accumulate(ratios.begin(), ratios.end(), 0);
  int remaining = total;
  std::vector<int> out;
  for (int ratio : ratios) {
    int distributed = total_ratio > 0 ? static_cast<int>(std::ceil(static_cast<double>(ratio) * remaining / total_ratio))
                                      : remaining;
    out.push_back(distributed);
    total_ratio -= ratio;
    remaining -= distributed;
  }
  return out;
}

std::string repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

std::string fit(const std::string& text, int width, Justify justify) {
  int pad = width - static_cast<int>(format::display_width(text));
  if (pad <= 0) return text;
  return justify == Justify::left ? text + std::string(static_cast<std::size_t>(pad), ' ')
                                  : std::string(static_cast<std::size_t>(pad), ' ') + text;
}

std::string rule(const std::vector<int>& widths, const char* left, const char* fill, const char* mid,
                 const char* right) {
  std::string line = left;
  for (std::size_t i = 0; i < widths.size(); ++i) {
    if (i) line += mid;
    line += repeat(fill, widths[i]);
  }
  return line + right + "\n";
}

std::string row_lines(const std::vector<int>& widths, const std::vector<TableColumn>& columns,
                      const std::vector<std::string>& cells_text, const char* vertical) {
  std::vector<std::vector<std::string>> wrapped;
  std::size_t height = 1;
  for (std::size_t i = 0; i < widths.size(); ++i) {
    wrapped.push_back(wrap_cell(i < cells_text.size() ? cells_text[i] : "", widths[i] - 2));
    height = std::max(height, wrapped.back().size());
  }
  std::string out;
  for (std::size_t line = 0; line < height; ++line) {
    out += vertical;
    for (std::size_t i = 0; i < widths.size(); ++i) {
      if (i) out += vertical;
      std::string text = line < wrapped[i].size() ? wrapped[i][line] : "";
      out.append(" ").append(fit(text, widths[i] - 2, columns[i].justify)).append(" ");
    }
    out += std::string(vertical) + "\n";
  }
  return out;
}

}  // namespace

std::vector<std::string> wrap_cell(const std::string& text, int width) {
  // rich splits into words with their trailing spaces (regex \s*\S+\s*) and breaks before a
  // word that does not fit; a word longer than the width stays on its own line, truncated "…".
  std::vector<std::string> words;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t start = i;
    while (i < text.size() && text[i] == ' ') ++i;
    while (i < text.size() && text[i] != ' ') ++i;
    while (i < text.size() && text[i] == ' ') ++i;
    words.push_back(text.substr(start, i - start));
  }
  std::vector<std::string> lines;
  std::string current;
  int offset = 0;
  for (const std::string& word : words) {
    std::string trimmed = word.substr(0, word.find_last_not_of(' ') + 1);
    int word_length = static_cast<int>(format::display_width(trimmed));
    if (width - offset >= word_length) {
      current += word;
      offset += static_cast<int>(format::display_width(word));
    } else {
      if (!current.empty() || offset) lines.push_back(current);
      current = word;
      offset = static_cast<int>(format::display_width(word));
    }
  }
  lines.push_back(current);
  for (std::string& line : lines) {
    line = line.substr(0, line.find_last_not_of(' ') + 1);
    if (static_cast<int>(format::display_width(line)) > width) {
      // Truncate to width - 1 code points and add an ellipsis.
      std::string cut;
      int n = 0;
      for (std::size_t k = 0; k < line.size() && n < width - 1; ++k) {
        cut += line[k];
        if ((static_cast<unsigned char>(line[k]) & 0xC0) != 0x80) {
          // Count a code point once its lead byte is copied; continuation bytes follow.
          ++n;
          while (k + 1 < line.size() && (static_cast<unsigned char>(line[k + 1]) & 0xC0) == 0x80) cut += line[++k];
        }
      }
      line = cut + "\xe2\x80\xa6";
    }
  }
  return lines;
}

std::string render_table(const std::vector<TableColumn>& columns, const std::vector<std::vector<std::string>>& rows,
                         int table_width) {
  const int n = static_cast<int>(columns.size());
  const int max_width = table_width - (n + 1);  // borders: left, right and one between columns
  std::vector<int> widths;
  for (const auto& c : columns) widths.push_back(std::min(c.width + 2, max_width));
  int total = std::accumulate(widths.begin(), widths.end(), 0);
  if (total > max_width) {
    widths = ratio_reduce(total - max_width, std::vector<int>(static_cast<std::size_t>(n), 1), widths, widths);
  } else if (total < max_width) {
    // Table(width=...) expands: spread the remainder in proportion to the widths.
    std::vector<int> pad = ratio_distribute(max_width - total, widths);
    for (int i = 0; i < n; ++i) widths[static_cast<std::size_t>(i)] += pad[static_cast<std::size_t>(i)];
  }
  std::vector<std::string> header;
  for (const auto& c : columns) header.push_back(c.header);
  std::string out = rule(widths, "┏", "━", "┳", "┓");
  out += row_lines(widths, columns, header, "┃");
  out += rule(widths, "┡", "━", "╇", "┩");
  for (std::size_t r = 0; r < rows.size(); ++r) {
    if (r) out += rule(widths, "├", "─", "┼", "┤");
    out += row_lines(widths, columns, rows[r], "│");
  }
  out += rule(widths, "└", "─", "┴", "┘");
  return out;
}

}  // namespace keras::detail
