#include "callbacks/py_format.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace keras::callbacks {

std::string py_repr(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  // Shortest round-trip digits come from to_chars; Python's repr then picks the notation by the
  // decimal exponent alone (float_repr_style 'short'), which to_chars' own choice does not match.
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
  std::string sci(buf, r.ptr);
  std::size_t epos = sci.find('e');
  int exp = std::atoi(sci.c_str() + epos + 1);
  std::string sign = sci[0] == '-' ? "-" : "";
  std::string digits;
  for (std::size_t i = sign.size(); i < epos; ++i) {
    if (sci[i] != '.') digits += sci[i];
  }
  if (exp < -4 || exp >= 16) {
    std::string mant = digits.substr(0, 1);
    if (digits.size() > 1) mant.append(".").append(digits, 1);
    std::string e = std::to_string(std::abs(exp));
    if (e.size() < 2) e = "0" + e;
    return sign + mant + (exp < 0 ? "e-" : "e+") + e;
  }
  if (exp < 0) return sign + "0." + std::string(static_cast<std::size_t>(-exp - 1), '0') + digits;
  auto int_len = static_cast<std::size_t>(exp + 1);
  if (digits.size() <= int_len) return sign + digits + std::string(int_len - digits.size(), '0') + ".0";
  return sign + digits.substr(0, int_len) + "." + digits.substr(int_len);
}

namespace {

std::string str_of(const FormatValue& v) {
  if (const auto* i = std::get_if<long long>(&v)) return std::to_string(*i);
  return py_repr(std::get<double>(v));
}

// One `{name:spec}` replacement. Python pads numbers on the left, and a leading 0 pads with
// zeros after the sign, which is what printf's 0 flag does too.
std::string format_spec(const std::string& name, const FormatValue& v, const std::string& spec) {
  if (spec.empty()) return str_of(v);
  std::size_t i = 0;
  bool zero = false;
  if (spec[i] == '0') {
    zero = true;
    ++i;
  }
  int width = 0;
  while (i < spec.size() && std::isdigit(static_cast<unsigned char>(spec[i]))) width = width * 10 + (spec[i++] - '0');
  int precision = -1;
  if (i < spec.size() && spec[i] == '.') {
    ++i;
    if (i == spec.size() || !std::isdigit(static_cast<unsigned char>(spec[i]))) {
      throw ValueError("Format specifier missing precision");
    }
    precision = 0;
    while (i < spec.size() && std::isdigit(static_cast<unsigned char>(spec[i]))) {
      precision = precision * 10 + (spec[i++] - '0');
    }
  }
  char type = i < spec.size() ? spec[i++] : '\0';
  if (i != spec.size()) throw ValueError("Invalid format specifier '" + spec + "' for field '" + name + "'");
  const bool is_int = std::holds_alternative<long long>(v);
  const double as_double = is_int ? static_cast<double>(std::get<long long>(v)) : std::get<double>(v);
  std::string flags = zero ? "0" : "";
  std::string w = width > 0 ? std::to_string(width) : "";
  char buf[512];
  if (type == 'd') {
    if (!is_int) throw ValueError("Unknown format code 'd' for object of type 'float'");
    if (precision >= 0) throw ValueError("Precision not allowed in integer format specifier");
    std::snprintf(buf, sizeof buf, ("%" + flags + w + "lld").c_str(), std::get<long long>(v));
    return buf;
  }
  if (type == '\0') {
    if (precision < 0 && is_int) type = 'd';
    if (precision < 0) {
      std::string s = str_of(v);
      if (static_cast<int>(s.size()) >= width) return s;
      std::string pad(static_cast<std::size_t>(width) - s.size(), zero ? '0' : ' ');
      bool neg = zero && s[0] == '-';
      return neg ? "-" + pad + s.substr(1) : pad + s;
    }
    type = 'g';  // close to Python's general format with a precision
  }
  // Built with append: GCC 12 flags `"." + std::string` with a spurious -Wrestrict.
  std::string p;
  if (precision >= 0) p.append(".").append(std::to_string(precision));
  switch (type) {
    case 'f': case 'F': case 'e': case 'E': case 'g': case 'G':
      std::snprintf(buf, sizeof buf, ("%" + flags + w + p + type).c_str(), as_double);
      return buf;
    case '%': {
      std::string body = "%" + flags + (width > 1 ? std::to_string(width - 1) : "") + (precision >= 0 ? p : ".6") + "f";
      std::snprintf(buf, sizeof buf, body.c_str(), as_double * 100.0);
      return std::string(buf) + "%";
    }
    default:
      throw ValueError(std::string("Unknown format code '") + type + "' for object of type '" +
                       (is_int ? "int" : "float") + "'");
  }
}

}  // namespace

std::string py_format(const std::string& pattern, const std::map<std::string, FormatValue>& values) {
  std::string out;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '}') {
      if (i + 1 < pattern.size() && pattern[i + 1] == '}') {
        out += '}';
        ++i;
        continue;
      }
      throw ValueError("Single '}' encountered in format string");
    }
    if (c != '{') {
      out += c;
      continue;
    }
    if (i + 1 < pattern.size() && pattern[i + 1] == '{') {
      out += '{';
      ++i;
      continue;
    }
    std::size_t close = pattern.find('}', i);
    if (close == std::string::npos) throw ValueError("Single '{' encountered in format string");
    std::string field = pattern.substr(i + 1, close - i - 1);
    std::size_t colon = field.find(':');
    std::string name = field.substr(0, colon);
    std::string spec = colon == std::string::npos ? "" : field.substr(colon + 1);
    auto it = values.find(name);
    if (it == values.end()) throw FormatKeyError("'" + name + "'");
    out += format_spec(name, it->second, spec);
    i = close;
  }
  return out;
}

}  // namespace keras::callbacks
