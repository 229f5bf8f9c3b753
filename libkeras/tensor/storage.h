#pragma once
// A block of device memory shared by a tensor and its views.

#include <cstddef>

#include "libkeras/tensor/device.h"

namespace keras {

class Backend;

class Storage {
 public:
  Storage(std::size_t bytes, Device device);
  ~Storage();
  Storage(const Storage&) = delete;
  Storage& operator=(const Storage&) = delete;

  void* data() const { return data_; }
  std::size_t bytes() const { return bytes_; }
  Device device() const { return device_; }
  Backend& backend() const { return *backend_; }

 private:
  Backend* backend_;
  void* data_;
  std::size_t bytes_;
  Device device_;
};

}  // namespace keras
