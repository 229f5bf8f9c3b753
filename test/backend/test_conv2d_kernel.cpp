// The CPU conv2d kernels called directly: forward and backward against a naive 7-loop
// convolution on odd sizes, the pointwise (1x1) fast path, and batches large enough to be
// split across threads and into several im2col chunks per thread.

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <string>

#include "libkeras/backend/backend.h"
#include "test/ops/reference.h"
#include "test/support/check.h"

using namespace keras;
using namespace keras::testing;

namespace {

Backend& cpu() { return backend_for(kCpu); }

Window2D window_of(const Shape& x, const ref::Conv& p) {
  ref::Axis ay = ref::window_axis(x[1], p.kh, p.sh, p.dh, p.same), ax = ref::window_axis(x[2], p.kw, p.sw, p.dw, p.same);
  Window2D w;
  w.kernel_h = p.kh;
  w.kernel_w = p.kw;
  w.stride_h = p.sh;
  w.stride_w = p.sw;
  w.dilation_h = p.dh;
  w.dilation_w = p.dw;
  w.pad_top = static_cast<int>(ay.pad_before);
  w.pad_left = static_cast<int>(ax.pad_before);
  w.out_h = static_cast<int>(ay.out);
  w.out_w = static_cast<int>(ax.out);
  return w;
}

Tensor nan_filled(const Shape& s) { return Tensor::full(s, std::numeric_limits<double>::quiet_NaN()); }

struct KernelCase {
  std::string name;
  Shape x;
  int kh, kw, filters;
  ref::Conv p;
};

// Batch 3 of 7x5x3 images, 4 filters, 3x2 kernels with strides (2, 1) and dilation 2; the
// pointwise path; and (8, 16, 16, 24) with 3x3 kernels: 2048 output rows of 216 columns, more
// than one im2col chunk (910 rows) per thread, with chunks crossing sample boundaries.
const std::vector<KernelCase> kCases = {
    {"3x2 strides (2, 1) dilation 2 valid", {3, 7, 5, 3}, 3, 2, 4, {.kh = 3, .kw = 2, .sh = 2, .sw = 1, .dh = 2, .dw = 2}},
    {"3x2 strides (2, 1) dilation 2 same", {3, 7, 5, 3}, 3, 2, 4,
     {.kh = 3, .kw = 2, .sh = 2, .sw = 1, .dh = 2, .dw = 2, .same = true}},
    {"3x2 strides (2, 1) same", {3, 7, 5, 3}, 3, 2, 4, {.kh = 3, .kw = 2, .sh = 2, .sw = 1, .same = true}},
    {"3x2 dilation (1, 2) valid", {3, 7, 5, 3}, 3, 2, 4, {.kh = 3, .kw = 2, .dh = 1, .dw = 2}},
    {"pointwise 1x1", {3, 7, 5, 3}, 1, 1, 4, {}},
    {"1x1 strides 2 (not pointwise)", {3, 7, 5, 3}, 1, 1, 4, {.sh = 2, .sw = 2}},
    {"large batch 3x3 same (threads and chunks)", {8, 16, 16, 24}, 3, 3, 5, {.kh = 3, .kw = 3, .same = true}},
    {"large batch 3x3 dilation 2 valid", {8, 16, 16, 24}, 3, 3, 5, {.kh = 3, .kw = 3, .dh = 2, .dw = 2}},
    {"large batch pointwise", {8, 16, 16, 24}, 1, 1, 5, {}},
};

}  // namespace

TEST_CASE("CPU conv2d forward matches a naive convolution", "[backend][cpu][conv2d]") {
  unsigned seed = 1;
  for (const auto& c : kCases) {
    for (bool with_bias : {true, false}) {
      INFO(c.name << (with_bias ? " with bias" : " without bias"));
      Tensor x = random_tensor(c.x, -1.0f, 1.0f, seed++);
      Tensor k = random_tensor({c.kh, c.kw, c.x[3], c.filters}, -1.0f, 1.0f, seed++);
      Tensor b = with_bias ? random_tensor({c.filters}, -1.0f, 1.0f, seed++) : Tensor();
      Window2D w = window_of(c.x, c.p);
      Shape out_shape;
      std::vector<double> expected = ref::conv2d(x, k, b, c.p, &out_shape);
      Tensor y = nan_filled(out_shape);
      cpu().conv2d(x, k, b, y, w);
      check_close(y, expected, 1e-4, 1e-5);
    }
  }
}

TEST_CASE("CPU conv2d backward matches naive gradients and overwrites its outputs", "[backend][cpu][conv2d]") {
  unsigned seed = 100;
  for (const auto& c : kCases) {
    INFO(c.name);
    Tensor x = random_tensor(c.x, -1.0f, 1.0f, seed++);
    Tensor k = random_tensor({c.kh, c.kw, c.x[3], c.filters}, -1.0f, 1.0f, seed++);
    Window2D w = window_of(c.x, c.p);
    Tensor dy = random_tensor({c.x[0], w.out_h, w.out_w, c.filters}, -1.0f, 1.0f, seed++);
    ref::ConvGrads expected = ref::conv2d_backward(x, k, dy, c.p);
    // NaN-filled outputs: any element the kernel forgets to write fails the comparison.
    Tensor dx = nan_filled(x.shape()), dk = nan_filled(k.shape()), db = nan_filled({c.filters});
    cpu().conv2d_backward(x, k, dy, dx, dk, db, w);
    {
      INFO("dx");
      check_close(dx, expected.dx, 1e-4, 1e-5);
    }
    {
      INFO("dkernel");
      check_close(dk, expected.dk, 2e-3, 1e-5);
    }
    {
      INFO("dbias");
      check_close(db, expected.db, 1e-3, 1e-5);
    }
  }
}

TEST_CASE("CPU conv2d backward computes only the requested gradients", "[backend][cpu][conv2d]") {
  const KernelCase& c = kCases[0];
  Tensor x = random_tensor(c.x, -1.0f, 1.0f, 7), k = random_tensor({c.kh, c.kw, c.x[3], c.filters}, -1.0f, 1.0f, 8);
  Window2D w = window_of(c.x, c.p);
  Tensor dy = random_tensor({c.x[0], w.out_h, w.out_w, c.filters}, -1.0f, 1.0f, 9);
  ref::ConvGrads expected = ref::conv2d_backward(x, k, dy, c.p);
  {
    Tensor dx = nan_filled(x.shape()), none_k, none_b;
    cpu().conv2d_backward(x, k, dy, dx, none_k, none_b, w);
    check_close(dx, expected.dx, 1e-4, 1e-5);
  }
  {
    Tensor none_x, dk = nan_filled(k.shape()), none_b;
    cpu().conv2d_backward(x, k, dy, none_x, dk, none_b, w);
    check_close(dk, expected.dk, 1e-4, 1e-5);
  }
  {
    Tensor none_x, none_k, db = nan_filled({c.filters});
    cpu().conv2d_backward(x, k, dy, none_x, none_k, db, w);
    check_close(db, expected.db, 1e-4, 1e-5);
  }
}

TEST_CASE("CPU conv2d gives the same result for every batch split", "[backend][cpu][conv2d]") {
  // Each sample's output must not depend on which thread or chunk computed it.
  const KernelCase& c = kCases[6];
  Tensor x = random_tensor(c.x, -1.0f, 1.0f, 11), k = random_tensor({c.kh, c.kw, c.x[3], c.filters}, -1.0f, 1.0f, 12);
  Window2D w = window_of(c.x, c.p);
  Tensor all({c.x[0], w.out_h, w.out_w, c.filters});
  cpu().conv2d(x, k, Tensor(), all, w);
  for (std::int64_t s : {0, 3, 7}) {
    INFO("sample " << s);
    Tensor one({1, w.out_h, w.out_w, c.filters});
    cpu().conv2d(x.slice(s, s + 1).clone(), k, Tensor(), one, w);
    check_close(all.slice(s, s + 1), one, 1e-5, 1e-5);
  }
}
