#pragma once
// Exceptions thrown by libkeras. Every message names the layer, field or file at fault.

#include <stdexcept>
#include <string>

namespace keras {

/// Base of all libkeras errors.
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
};

/// An input or weight shape does not fit what a layer or op expects (Keras: ValueError).
class ShapeError : public Error {
 public:
  using Error::Error;
};

/// A bad argument, an unknown name, or a malformed configuration (Keras: ValueError).
class ValueError : public Error {
 public:
  using Error::Error;
};

/// A file is missing, unreadable, truncated or of the wrong kind.
class IoError : public Error {
 public:
  using Error::Error;
};

/// An operation is not available on the tensor's device.
class BackendError : public Error {
 public:
  using Error::Error;
};

}  // namespace keras
