#pragma once
// keras.callbacks.CSVLogger: one CSV row per epoch, "epoch" (0-based) then the sorted log keys,
// written with Python's csv module defaults (excel dialect: "\r\n" line ends, minimal quoting).

#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "callbacks/callback.h"

namespace keras::callbacks {

class CSVLogger : public Callback {
 public:
  /// `append`: keep the file's rows and add to them, writing the header only if it is empty.
  explicit CSVLogger(std::string filename, std::string separator = ",", bool append = false);

  void on_train_begin(const Logs& logs) override;
  void on_epoch_end(int epoch, const Logs& logs) override;
  void on_train_end(const Logs& logs) override;

 private:
  void write_row(const std::vector<std::string>& fields);
  std::string quoted(const std::string& field) const;

  std::string filename_, sep_;
  bool append_;
  bool append_header_ = true;
  std::ofstream file_;
  std::optional<std::vector<std::string>> keys_;
  bool header_done_ = false;
};

}  // namespace keras::callbacks
