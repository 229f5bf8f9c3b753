#pragma once
// The bits of Python formatting that callbacks write out: repr(float) for CSVLogger rows and
// str.format for ModelCheckpoint file paths ("model-{epoch:02d}-{val_loss:.2f}.keras").

#include <map>
#include <string>
#include <variant>

#include "libkeras/utils/error.h"

namespace keras::callbacks {

/// Python's repr(float): the shortest text that round-trips, in fixed notation for exponents
/// -4 <= e < 16 and as "1e-05" / "1.5e+16" otherwise; "nan", "inf", "-inf".
std::string py_repr(double value);

/// A value a format field may name: Python int (epoch, batch) or float (a log value).
using FormatValue = std::variant<long long, double>;

/// Python str.format(**values) for `{name}` and `{name:spec}` fields, with `{{`/`}}` escapes.
/// spec is [0][width][.precision][type], type one of d, f, F, e, E, g, G, % or none.
/// Throws FormatKeyError for a name not in `values`, ValueError for a bad spec.
std::string py_format(const std::string& pattern, const std::map<std::string, FormatValue>& values);

/// Python's KeyError from str.format: a field names a value that is not there. what() is
/// Python's str(KeyError), the quoted name ('val_acc').
class FormatKeyError : public ValueError {
 public:
  using ValueError::ValueError;
};

}  // namespace keras::callbacks
