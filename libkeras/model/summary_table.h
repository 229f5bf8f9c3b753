#pragma once
// A plain-text table drawn exactly as the `rich` library draws Keras' summary (box HEAVY_HEAD,
// show_lines, one space of padding, fixed column widths squeezed to the table width).

#include <string>
#include <vector>

namespace keras::detail {

enum class Justify { left, right };

struct TableColumn {
  std::string header;
  int width;  // requested content width (rich Column(width=...))
  Justify justify;
};

/// Renders the table `table_width` characters wide, one "\n"-terminated line per row of text.
std::string render_table(const std::vector<TableColumn>& columns, const std::vector<std::vector<std::string>>& rows,
                         int table_width);

/// rich's word wrap of a cell (overflow="ellipsis"): the lines of `text` within `width` cells.
std::vector<std::string> wrap_cell(const std::string& text, int width);

}  // namespace keras::detail
