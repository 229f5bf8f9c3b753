#pragma once
// CRC-32C (Castagnoli), the checksum of TFRecord framing. Debian 12 ships no C/C++ library
// for it, and a table-driven loop is all an event file needs.

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace keras::summary {

/// CRC-32C of `data` (reflected polynomial 0x82F63B78, initial and final xor 0xFFFFFFFF);
/// crc32c("123456789") == 0xE3069283.
std::uint32_t crc32c(std::string_view data);

/// TFRecord's masked form, ((crc >> 15) | (crc << 17)) + 0xA282EAD8: a record holding CRCs of
/// its own would otherwise checksum poorly (tensorflow/core/lib/hash/crc32c.h, Mask).
std::uint32_t masked_crc32c(std::string_view data);

}  // namespace keras::summary
