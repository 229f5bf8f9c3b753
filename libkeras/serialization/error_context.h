#pragma once
// Prefixing a libkeras error with where it happened (the file, the layer), keeping its type,
// so a layer's "field 'units' must be an integer" also names the file it came from.

#include <string>

#include "libkeras/utils/error.h"

namespace keras::detail {

/// Call inside a catch block: rethrows the current keras::Error as the same type with
/// `prefix` prepended; other exceptions are rethrown unchanged.
[[noreturn]] inline void rethrow_with_context(const std::string& prefix) {
  try {
    throw;
  } catch (const ShapeError& e) {
    throw ShapeError(prefix + e.what());
  } catch (const IoError& e) {
    throw IoError(prefix + e.what());
  } catch (const BackendError& e) {
    throw BackendError(prefix + e.what());
  } catch (const ValueError& e) {
    throw ValueError(prefix + e.what());
  } catch (const Error& e) {
    throw Error(prefix + e.what());
  }
}

}  // namespace keras::detail
