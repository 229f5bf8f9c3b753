// summary() against Keras' own text: the keras.io / KERAS-FEATURES §2.3 table, and tables
// rendered by the real `rich` library through tools/summary_oracle.py (widths, expansion,
// wrapping, ellipsis).

#include <catch2/catch.hpp>

#include "layers/layers.h"
#include "libkeras/model/sequential.h"
#include "libkeras/model/summary_table.h"
#include "libkeras/utils/naming.h"

using namespace keras;
using namespace keras::layers;

namespace {

std::string capture_summary(const Model& model, SummaryOptions options = {}) {
  std::string text;
  options.print_fn = [&](const std::string& s) { text += s; };
  model.summary(options);
  return text;
}

}  // namespace

TEST_CASE("summary() matches Keras 3 for the MNIST convnet at 80 columns", "[model][summary]") {
  backend::clear_session();
  Sequential model{Input({28, 28, 1}), Conv2D(32, {3, 3}, "relu"), MaxPooling2D({2, 2}), Conv2D(64, {3, 3}, "relu"),
                   MaxPooling2D({2, 2}), Flatten(), Dropout(0.5), Dense(10, "softmax")};
  const std::string expected =
      "Model: \"sequential\"\n"
      "┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓\n"
      "┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃\n"
      "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩\n"
      "│ conv2d (Conv2D)                 │ (None, 26, 26, 32)     │           320 │\n"
      "├─────────────────────────────────┼────────────────────────┼───────────────┤\n"
      "│ max_pooling2d (MaxPooling2D)    │ (None, 13, 13, 32)     │             0 │\n"
      "├─────────────────────────────────┼────────────────────────┼───────────────┤\n"
      "│ conv2d_1 (Conv2D)               │ (None, 11, 11, 64)     │        18,496 │\n"
      "├─────────────────────────────────┼────────────────────────┼───────────────┤\n"
      "│ max_pooling2d_1 (MaxPooling2D)  │ (None, 5, 5, 64)       │             0 │\n"
      "├─────────────────────────────────┼────────────────────────┼───────────────┤\n"
      "│ flatten (Flatten)               │ (None, 1600)           │             0 │\n"
      "├─────────────────────────────────┼────────────────────────┼───────────────┤\n"
      "│ dropout (Dropout)               │ (None, 1600)           │             0 │\n"
      "├─────────────────────────────────┼────────────────────────┼───────────────┤\n"
      "│ dense (Dense)                   │ (None, 10)             │        16,010 │\n"
      "└─────────────────────────────────┴────────────────────────┴───────────────┘\n"
      " Total params: 34,826 (136.04 KB)\n"
      " Trainable params: 34,826 (136.04 KB)\n"
      " Non-trainable params: 0 (0.00 B)\n";
  CHECK(capture_summary(model, {.line_length = 76}) == expected);
}

TEST_CASE("summary() shows unbuilt layers and the optimizer once built", "[model][summary]") {
  backend::clear_session();
  Sequential model{Dense(4, "relu"), Dense(2)};
  std::string unbuilt = capture_summary(model, {.line_length = 76});
  CHECK(unbuilt.find("│ dense (Dense)                   │ ?                      │   0 (unbuilt) │") !=
        std::string::npos);
  model.compile({.optimizer = "adam", .loss = "mse"});
  model.fit(Tensor::ones({8, 3}), Tensor::zeros({8, 2}), {.verbose = 0});
  std::string built = capture_summary(model, {.line_length = 76});
  // 3*4+4 + 4*2+2 = 26 weights; Adam: iterations (int64) + learning_rate + 2 slots per weight.
  CHECK(built.find(" Total params: 80 (324.00 B)\n") != std::string::npos);
  CHECK(built.find(" Trainable params: 26 (104.00 B)\n") != std::string::npos);
  CHECK(built.find(" Optimizer params: 54 (220.00 B)\n") != std::string::npos);
}

TEST_CASE("The summary table expands, wraps and truncates cells as rich does", "[model][summary]") {
  using detail::Justify;
  // tools/summary_oracle.py 100 '[0.3,0.6,0.8]' '[["a_really_long_layer_name_that_wraps (Dense)", "(None, 10)", "7,850"]]'
  std::string wide = detail::render_table(
      {{"Layer (type)", 30, Justify::left}, {"Output Shape", 30, Justify::left}, {"Param #", 20, Justify::right}},
      {{"a_really_long_layer_name_that_wraps (Dense)", "(None, 10)", "7,850"}}, 100);
  CHECK(wide ==
        "┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┓\n"
        "┃ Layer (type)                       ┃ Output Shape                       ┃                Param # ┃\n"
        "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━┩\n"
        "│ a_really_long_layer_name_that_wra… │ (None, 10)                         │                  7,850 │\n"
        "│ (Dense)                            │                                    │                        │\n"
        "└────────────────────────────────────┴────────────────────────────────────┴────────────────────────┘\n");
  // tools/summary_oracle.py 60 '[0.45,0.8,1.0]' with a long name, a long shape and "0 (unbuilt)"
  std::string narrow = detail::render_table(
      {{"Layer (type)", 27, Justify::left}, {"Output Shape", 21, Justify::left}, {"Param #", 12, Justify::right}},
      {{"supercalifragilisticexpialidocious_layer (Dense)", "(None, 100, 100, 100, 3)", "1,234,567"},
       {"dense (Dense)", "(None, 10)", "0 (unbuilt)"}},
      60);
  CHECK(narrow ==
        "┏━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━┓\n"
        "┃ Layer (type)             ┃ Output Shape      ┃   Param # ┃\n"
        "┡━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━┩\n"
        "│ supercalifragilisticexp… │ (None, 100, 100,  │ 1,234,567 │\n"
        "│ (Dense)                  │ 100, 3)           │           │\n"
        "├──────────────────────────┼───────────────────┼───────────┤\n"
        "│ dense (Dense)            │ (None, 10)        │         0 │\n"
        "│                          │                   │ (unbuilt) │\n"
        "└──────────────────────────┴───────────────────┴───────────┘\n");
}

TEST_CASE("summary() rejects widths too small for its columns", "[model][summary][errors]") {
  Sequential model{Input({3}), Dense(2)};
  REQUIRE_THROWS_WITH(capture_summary(model, {.line_length = 8}), Catch::Contains("Insufficient console width"));
}
