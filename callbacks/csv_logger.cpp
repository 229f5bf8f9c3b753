#include "callbacks/csv_logger.h"

#include <filesystem>
#include <utility>

#include "callbacks/py_format.h"
#include "libkeras/utils/error.h"

namespace keras::callbacks {

CSVLogger::CSVLogger(std::string filename, std::string separator, bool append)
    : filename_(std::move(filename)), sep_(std::move(separator)), append_(append) {}

void CSVLogger::on_train_begin(const Logs&) {
  if (file_.is_open()) file_.close();
  append_header_ = true;
  if (append_ && std::filesystem::exists(filename_)) {
    // Keras reads the first line: a file that already has content already has its header.
    std::ifstream in(filename_);
    std::string first;
    std::getline(in, first);
    append_header_ = first.empty() && in.eof();
  }
  file_.open(filename_, std::ios::binary | (append_ ? std::ios::app : std::ios::trunc));
  if (!file_) throw IoError("CSVLogger: cannot open " + filename_ + " for writing");
  keys_.reset();
  header_done_ = false;
}

void CSVLogger::on_epoch_end(int epoch, const Logs& logs) {
  if (!keys_) {
    keys_.emplace();
    for (const auto& [k, v] : logs) keys_->push_back(k);  // Logs is a sorted map
    // With validation_freq > 1 the first epoch has no val_ keys; Keras adds a val_ column for
    // every key up front (they read "NA" until validation runs), even when there is no validation.
    bool has_val = false;
    for (const std::string& k : *keys_) has_val = has_val || k.starts_with("val_");
    if (!has_val) {
      const std::size_t n = keys_->size();
      for (std::size_t i = 0; i < n; ++i) keys_->push_back("val_" + (*keys_)[i]);
    }
  }
  if (!header_done_) {
    header_done_ = true;
    if (append_header_) {
      std::vector<std::string> header{"epoch"};
      header.insert(header.end(), keys_->begin(), keys_->end());
      write_row(header);
    }
  }
  std::vector<std::string> row{std::to_string(epoch)};
  for (const std::string& k : *keys_) {
    auto it = logs.find(k);
    row.push_back(it == logs.end() ? "NA" : py_repr(it->second));
  }
  write_row(row);
}

void CSVLogger::on_train_end(const Logs&) {
  if (file_.is_open()) file_.close();
  header_done_ = false;
}

void CSVLogger::write_row(const std::vector<std::string>& fields) {
  for (std::size_t i = 0; i < fields.size(); ++i) file_ << (i ? sep_ : "") << quoted(fields[i]);
  file_ << "\r\n";
  // Flushed every epoch, as Keras does, so the log is readable while training runs.
  file_.flush();
}

std::string CSVLogger::quoted(const std::string& field) const {
  // QUOTE_MINIMAL: quote fields holding the delimiter, a quote or a line break; double quotes.
  if (field.find(sep_) == std::string::npos && field.find_first_of("\"\r\n") == std::string::npos) return field;
  std::string out = "\"";
  for (char c : field) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace keras::callbacks
