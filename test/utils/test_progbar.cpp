// The progress bar against the raw bytes Keras 3.15 writes (KERAS-FEATURES §2.1, verified by
// running keras/src/utils/progbar.py), driven by a fake clock.

#include <catch2/catch.hpp>
#include <sstream>

#include "libkeras/utils/progbar.h"

using keras::utils::Progbar;

namespace {

const std::string kBar = "\xe2\x94\x81";

std::string bars(int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s += kBar;
  return s;
}

}  // namespace

TEST_CASE("verbose=1 redraws exactly as Keras: counter, bar, ETA, per-step time, metrics", "[utils][progbar]") {
  std::ostringstream out;
  double now = 0.0;
  Progbar bar(1875, {}, &out, [&] { return now; });
  std::vector<std::pair<std::string, double>> logs{{"accuracy", 0.9123}, {"loss", 0.2899}};
  now = 0.5022;
  bar.update(1, logs);
  now = 0.5044;  // within 50 ms of the last redraw: throttled away
  bar.update(2, logs);
  now = 0.5022 + 937 * 0.0022;
  bar.update(938, logs);
  now = 5.0;
  bar.update(1875, {{"accuracy", 0.9123}, {"loss", 0.2899}, {"val_accuracy", 0.97}, {"val_loss", 1.234e-4}});

  // Built with append(): GCC 12 warns falsely (-Wrestrict, bug 105651) on chained operator+ here.
  std::string expected;
  expected.append("\r\x1b[1m   1/1875\x1b[0m \x1b[37m").append(bars(20));
  expected.append("\x1b[0m \x1b[1m15:41\x1b[0m 502ms/step - accuracy: 0.9123 - loss: 0.2899");
  expected.append(81, '\b').append("\r\x1b[1m 938/1875\x1b[0m \x1b[32m").append(bars(10));
  expected.append("\x1b[0m\x1b[37m").append(bars(10));
  expected.append("\x1b[0m \x1b[1m2s\x1b[0m 2ms/step - accuracy: 0.9123 - loss: 0.2899").append(5, ' ');
  expected.append(76, '\b').append("\r\x1b[1m1875/1875\x1b[0m \x1b[32m").append(bars(20));
  expected.append("\x1b[0m\x1b[37m\x1b[0m \x1b[1m5s\x1b[0m 2ms/step - accuracy: 0.9123 - loss: 0.2899 - val_accuracy: ");
  expected.append("0.9700 - val_loss: 1.2340e-04\n");
  CHECK(out.str() == expected);
}

TEST_CASE("verbose=2 prints one line when finalizing", "[utils][progbar]") {
  std::ostringstream out;
  double now = 0.0;
  Progbar bar(422, {.verbose = 2}, &out, [&] { return now; });
  now = 0.05;
  bar.update(1, {{"accuracy", 0.5}, {"loss", 1.0}});
  now = 0.05 + 421 * 0.01055;  // 4.49 s elapsed, 10.55 ms/step
  bar.update(422, {{"accuracy", 0.8845}, {"loss", 0.3815}, {"val_accuracy", 0.9783}, {"val_loss", 0.0810}});
  CHECK(out.str() == "422/422 - 4s - 11ms/step - accuracy: 0.8845 - loss: 0.3815 - val_accuracy: 0.9783 - val_loss: 0.0810\n");
}

TEST_CASE("verbose=2 keeps Keras' sign quirk: negative values in e-notation", "[utils][progbar]") {
  std::ostringstream out;
  double now = 0.0;
  Progbar bar(1, {.verbose = 2}, &out, [&] { return now; });
  now = 2.0;
  bar.update(1, {{"loss", -0.5}});
  CHECK(out.str() == "1/1 - 2s - 2s/step - loss: -5.0000e-01\n");
}

TEST_CASE("ETA formats and unknown targets", "[utils][progbar]") {
  std::ostringstream out;
  double now = 0.0;
  Progbar hours(10000, {}, &out, [&] { return now; });
  now = 2.0;
  hours.update(1);  // 2 s/step x 9999 steps
  CHECK(out.str().find("\x1b[1m5:33:18\x1b[0m 2s/step") != std::string::npos);

  std::ostringstream out2;
  now = 0.0;
  Progbar minutes(100, {}, &out2, [&] { return now; });
  now = 1.5;
  minutes.update(1);  // 1.5 s x 99 = 148.5 s
  CHECK(out2.str().find("\x1b[1m2:28\x1b[0m 2s/step") != std::string::npos);

  std::ostringstream out3;
  now = 0.0;
  Progbar unknown(std::nullopt, {}, &out3, [&] { return now; });
  now = 0.0000005;
  unknown.update(3);
  CHECK(out3.str() == "\r      3/Unknown \x1b[1m0s\x1b[0m 0us/step");
}
