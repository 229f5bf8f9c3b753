// IoU family. Expected values: confusion matrices counted by hand in the comments, checked with
// a numpy transcription of keras/src/metrics/iou_metrics.py (epsilon 1e-7).

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "libkeras/ops/ops.h"
#include "libkeras/utils/error.h"
#include "metrics/metrics.h"
#include "test/support/check.h"

using namespace keras;
using namespace keras::metrics;
using namespace keras::testing;

namespace {

Tensor row(const std::vector<float>& v) { return tensor(v, {static_cast<std::int64_t>(v.size())}); }

// Pairs (true, pred): (0,0) (1,2) (2,2) (2,1) (1,1) (0,0) (3,3) (2,0).
// IoU per class: 0: 2/(2+1+2-2)=2/3; 1: 1/3; 2: 1/4; 3: 1. Mean 0.5625.
Tensor truth() { return row({0, 1, 2, 2, 1, 0, 3, 2}); }
Tensor pred() { return row({0, 2, 2, 1, 1, 0, 3, 0}); }

}  // namespace

TEST_CASE("MeanIoU and IoU from sparse class ids", "[metrics][iou]") {
  MeanIoU mean(4);
  CHECK(mean.name().rfind("mean_io_u", 0) == 0);
  mean.update_state(truth(), pred());
  CHECK(mean.result() == Approx(0.5624999510416707));
  IoU some(4, {1, 2});
  some.update_state(truth(), pred());
  CHECK(some.result() == Approx((1.0 / 3 + 1.0 / 4) / 2).epsilon(1e-6));
  // ignore_class 2 drops the pairs whose true class is 2: classes 0 1, 1 1/2, 3 1 (class 2
  // keeps one predicted pixel, so its IoU is 0 and it counts).
  MeanIoU ignoring(4, {.ignore_class = 2});
  ignoring.update_state(truth(), pred());
  CHECK(ignoring.result() == Approx(0.624999940625005));
  // Batches accumulate, reset clears.
  MeanIoU twice(4);
  twice.update_state(ops::slice_axis(truth(), 0, 0, 3), ops::slice_axis(pred(), 0, 0, 3));
  twice.update_state(ops::slice_axis(truth(), 0, 3, 8), ops::slice_axis(pred(), 0, 3, 8));
  CHECK(twice.result() == Approx(mean.result()));
  twice.reset_state();
  CHECK(twice.result() == 0.0);
  // Ids out of [0, num_classes) are dropped.
  MeanIoU bounded(2);
  bounded.update_state(row({0, 1, 5, -1}), row({0, 1, 1, 0}));
  CHECK(bounded.result() == Approx(1.0).epsilon(1e-6));
}

TEST_CASE("IoU sample weights: truncated for Keras' int dtype, kept for float32", "[metrics][iou]") {
  Tensor w = row({0.5f, 1, 2, 1, 1, 0.25f, 1, 3});
  MeanIoU as_float(4, {.dtype = "float32"});
  as_float.update_state(truth(), pred(), w);
  CHECK(as_float.result() == Approx(0.4547618632613415));
  MeanIoU as_int(4);
  as_int.update_state(truth(), pred(), w);
  CHECK(as_int.result() == Approx(0.4047618658446748));
  REQUIRE_THROWS_WITH(as_int.update_state(truth(), pred(), row({1, 2})), Catch::Contains("sample_weight"));
}

TEST_CASE("One-hot IoU variants and BinaryIoU", "[metrics][iou]") {
  // One-hot targets / score predictions for classes (0, 1, 1, 0) vs argmax (0, 1, 0, 0).
  Tensor y = tensor({1, 0, 0, 1, 0, 1, 1, 0}, {4, 2});
  Tensor p = tensor({0.9f, 0.1f, 0.2f, 0.8f, 0.6f, 0.4f, 0.7f, 0.3f}, {4, 2});
  // Class 0: tp 2, fp 1 -> 2/3; class 1: tp 1, fn 1 -> 1/2.
  OneHotMeanIoU mean(2);
  mean.update_state(y, p);
  CHECK(mean.result() == Approx((2.0 / 3 + 0.5) / 2).epsilon(1e-6));
  OneHotIoU one(2, {1});
  one.update_state(y, p);
  CHECK(one.result() == Approx(0.5).epsilon(1e-6));
  // BinaryIoU: y_pred >= threshold is class 1 (0.5 counts as 1).
  BinaryIoU binary;
  binary.update_state(row({0, 1, 1, 0}), row({0.2f, 0.5f, 0.4f, 0.9f}));
  // (0,0) (1,1) (1,0) (0,1): class 0 IoU 1/3, class 1 IoU 1/3.
  CHECK(binary.result() == Approx(1.0 / 3).epsilon(1e-6));
  BinaryIoU high({.target_class_ids = {1}, .threshold = 0.95});
  high.update_state(row({0, 1, 1, 0}), row({0.2f, 0.5f, 0.4f, 0.9f}));
  CHECK(high.result() == Approx(0.0));
}

TEST_CASE("IoU arguments and configs", "[metrics][iou][config]") {
  REQUIRE_THROWS_WITH(IoU(3, {0, 3}), Catch::Contains("Target class id 3 is out of range, which is [0, 3)."));
  REQUIRE_THROWS_AS(MeanIoU(0), ValueError);
  REQUIRE_THROWS_AS(MeanIoU(3, {.dtype = "string"}), ValueError);
  MeanIoU m(3, {.name = "miou", .ignore_class = 0, .sparse_y_pred = false});
  Json config = m.get_config();
  CHECK(config == Json::parse(R"({"name": "miou", "dtype": "int32", "num_classes": 3, "ignore_class": 0,
                                  "sparse_y_true": true, "sparse_y_pred": false, "axis": -1})"));
  CHECK(deserialize({{"class_name", "MeanIoU"}, {"config", config}})->get_config() == config);
  IoU iou(3, {2, 0}, {.name = "iou", .dtype = "float32"});
  Json iou_config = iou.get_config();
  CHECK(iou_config["target_class_ids"] == Json::parse("[2, 0]"));
  CHECK(deserialize({{"class_name", "IoU"}, {"config", iou_config}})->get_config() == iou_config);
  Json binary = BinaryIoU({.threshold = 0.3, .name = "b"}).get_config();
  CHECK(binary == Json::parse(R"({"target_class_ids": [0, 1], "threshold": 0.3, "name": "b", "dtype": "int32"})"));
  CHECK(deserialize({{"class_name", "BinaryIoU"}, {"config", binary}})->get_config() == binary);
  Json onehot = OneHotIoU(3, {1}, {.name = "o"}).get_config();
  CHECK_FALSE(onehot.contains("sparse_y_true"));
  CHECK(deserialize({{"class_name", "OneHotIoU"}, {"config", onehot}})->get_config() == onehot);
  Json onehot_mean = OneHotMeanIoU(3, {.name = "om"}).get_config();
  CHECK(deserialize({{"class_name", "OneHotMeanIoU"}, {"config", onehot_mean}})->get_config() == onehot_mean);
  // A Keras 3 DTypePolicy object is accepted for dtype.
  auto policy = deserialize(Json::parse(R"({"class_name": "MeanIoU", "config": {"num_classes": 2,
      "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}}}})"));
  CHECK(policy->get_config()["dtype"] == "float32");
  REQUIRE_THROWS_WITH(deserialize(Json::parse(R"({"class_name": "MeanIoU", "config": {}})")),
                      Catch::Contains("'num_classes'"));
}
