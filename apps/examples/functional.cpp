// A Functional model: three inputs, two outputs, one layer shared by two branches, masks from
// padding (README "Functional API"; Keras' multi-input, multi-output guide, made small).
#include <libkeras/keras.h>

#include <iostream>

using namespace keras;
using namespace keras::layers;

int main() {
  utils::set_random_seed(1);
  // A support ticket's title and body (token ids, 0 = padding) and its tags predict its
  // priority (a score) and its department (one of 4).
  KerasTensor title = Input({10}, {.name = "title"});
  KerasTensor body = Input({50}, {.name = "body"});
  KerasTensor tags = Input({12}, {.name = "tags"});
  auto embedding = std::make_shared<Embedding>(1000, 16, Embedding::Options{.mask_zero = true});  // shared
  KerasTensor title_features = LSTM(32)((*embedding)(title));
  KerasTensor body_features = LSTM(16)((*embedding)(body));
  KerasTensor features = concatenate({title_features, body_features, tags});
  KerasTensor priority = Dense(1, Dense::Options{.name = "priority"})(features);
  KerasTensor department = Dense(4, Dense::Options{.activation = "softmax", .name = "department"})(features);
  Model model({title, body, tags}, {priority, department}, "ticket_classifier");
  model.summary();

  model.compile({.optimizer = "rmsprop",
                 .loss = {{"priority", "mse"}, {"department", "sparse_categorical_crossentropy"}},
                 .loss_weights = {{"priority", 1.0}, {"department", 0.2}},
                 .metrics = {{"department", {"accuracy"}}}});
  const std::int64_t n = 256;
  Tensor title_data = random::uniform({n, 10}, 0, 1000, 1).astype(int32);
  Tensor body_data = random::uniform({n, 50}, 0, 1000, 2).astype(int32);
  Tensor tags_data = random::uniform({n, 12}, 0, 2, 3).astype(int32).astype(float32);
  Tensor priority_targets = random::uniform({n, 1}, 0, 1, 4);
  Tensor department_targets = random::uniform({n}, 0, 4, 5).astype(int32);
  auto history = model.fit({{"title", title_data}, {"body", body_data}, {"tags", tags_data}},
                           {{"priority", priority_targets}, {"department", department_targets}},
                           {.batch_size = 32, .epochs = 2});
  std::cout << "department_accuracy: " << history.history["department_accuracy"].back() << "\n";
}
