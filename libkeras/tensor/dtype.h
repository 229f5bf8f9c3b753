#pragma once
// Element types of tensors. Computation is float32; the integer types carry labels and raw data.

#include <cstddef>
#include <cstdint>
#include <string>

namespace keras {

enum class DType : std::uint8_t { float32, float64, int32, int64, uint8 };

inline constexpr DType float32 = DType::float32;
inline constexpr DType float64 = DType::float64;
inline constexpr DType int32 = DType::int32;
inline constexpr DType int64 = DType::int64;
inline constexpr DType uint8 = DType::uint8;

/// Bytes per element.
std::size_t dtype_size(DType dtype);

/// Keras/numpy spelling: "float32", "uint8", ...
std::string dtype_name(DType dtype);

/// Parses a Keras/numpy dtype name; throws ValueError listing the valid names.
DType dtype_from_name(const std::string& name);

template <class T>
constexpr DType dtype_of();
template <>
constexpr DType dtype_of<float>() { return DType::float32; }
template <>
constexpr DType dtype_of<double>() { return DType::float64; }
template <>
constexpr DType dtype_of<std::int32_t>() { return DType::int32; }
template <>
constexpr DType dtype_of<std::int64_t>() { return DType::int64; }
template <>
constexpr DType dtype_of<std::uint8_t>() { return DType::uint8; }

}  // namespace keras
