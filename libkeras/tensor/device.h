#pragma once
// Where a tensor's memory lives. Layers never look at this; ops route to the device's Backend.

#include <string>

namespace keras {

enum class DeviceType : unsigned char { cpu, cuda };

struct Device {
  DeviceType type = DeviceType::cpu;
  int index = 0;

  std::string to_string() const { return type == DeviceType::cpu ? "cpu" : "cuda:" + std::to_string(index); }
  friend bool operator==(const Device&, const Device&) = default;
};

inline constexpr Device kCpu{};

}  // namespace keras
