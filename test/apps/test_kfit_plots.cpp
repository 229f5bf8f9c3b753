// kfit plot-model, fit --plot and fit's callback flags, run as a program.

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "layers/layers.h"
#include "libkeras/model/model.h"
#include "libkeras/serialization/npy.h"
#include "libkeras/serialization/saving.h"
#include "test/support/check.h"
#include "test/support/files.h"
#include "test/support/keras_samples.h"

using namespace keras;
using namespace keras::testing;

namespace {

std::string kfit() { return build_root() + "/apps/kfit"; }

std::string read_text(const std::string& path) {
  std::vector<char> bytes = read_bytes(path);
  return {bytes.begin(), bytes.end()};
}

// Width and height from a PNG's IHDR chunk, after checking the signature.
std::pair<std::uint32_t, std::uint32_t> png_size(const std::string& path) {
  std::vector<char> b = read_bytes(path);
  REQUIRE(b.size() > 24);
  const std::string signature(b.begin(), b.begin() + 8);
  REQUIRE(signature == "\x89PNG\r\n\x1a\n");
  REQUIRE(std::string(b.begin() + 12, b.begin() + 16) == "IHDR");
  auto be32 = [&](std::size_t at) {
    std::uint32_t v = 0;
    for (std::size_t i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(b[at + i]);
    return v;
  };
  return {be32(16), be32(20)};
}

// Two inputs, one Dense shared by both, a merge, and two outputs (one fed by the shared layer's
// second call only).
void save_two_input_model(const std::string& path) {
  KerasTensor a = Input({4}, {.name = "input_a"});
  KerasTensor b = Input({4}, {.name = "input_b"});
  auto shared = std::make_shared<layers::Dense>(3, layers::Dense::Options{.activation = "relu", .name = "shared"});
  KerasTensor from_a = (*shared)(a);
  KerasTensor from_b = (*shared)(b);
  KerasTensor merged = layers::concatenate({from_a, from_b}, -1, {.name = "merge"});
  KerasTensor sum = layers::Dense(1, layers::Dense::Options{.name = "out_sum"})(merged);
  KerasTensor side = layers::Dense(2, layers::Dense::Options{.activation = "softmax", .name = "out_b"})(from_b);
  Model model({a, b}, {sum, side}, "two_inputs");
  save_model(model, path);
}

struct DotGraph {
  std::multiset<std::string> nodes;
  std::multiset<std::pair<std::string, std::string>> edges;
};

DotGraph parse_dot(const std::string& dot) {
  DotGraph g;
  const std::regex node(R"re(^  "([^"]+)" \[label=<)re"), edge(R"re(^  "([^"]+)" -> "([^"]+)" )re");
  std::istringstream lines(dot);
  for (std::string line; std::getline(lines, line);) {
    std::smatch m;
    if (std::regex_search(line, m, node)) g.nodes.insert(m[1]);
    if (std::regex_search(line, m, edge)) g.edges.insert({m[1], m[2]});
  }
  return g;
}

std::vector<double> report_history(const std::string& path, const std::string& key) {
  std::ifstream in(path);
  return nlohmann::json::parse(in)["history"][key].get<std::vector<double>>();
}

std::string two_decimals(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.2f", v);
  return buffer;
}

// 64 synthetic samples, 48 trained on and 16 validated; tiny and fast.
const std::string kSmallFit = " fit mlp --data synthetic --limit 64 --test-limit 16 --batch-size 16 --verbose 0 --seed 2"
                              " --validation-split 0.25";
// A learning rate far below the weights' float32 resolution leaves them unchanged bitwise, so
// every epoch's val_loss is the same: a plateau.
const std::string kPlateau = kSmallFit + " --optimizer sgd --learning-rate 1e-30";

}  // namespace

TEST_CASE("kfit plot-model writes the DOT graph of a Functional model with shared layers", "[apps][kfit][plot]") {
  TempDir dir;
  save_two_input_model(dir / "two.keras");
  auto r = run_command(kfit() + " plot-model " + (dir / "two.keras") + " " + (dir / "two.dot"));
  INFO(r.output);
  REQUIRE(r.status == 0);
  const std::string dot = read_text(dir / "two.dot");
  INFO(dot);
  DotGraph g = parse_dot(dot);
  // Keras' Functional plot lists the InputLayers; the shared layer is one box fed by both inputs,
  // and its two calls into `merge` are one edge.
  CHECK(g.nodes == std::multiset<std::string>{"input_a", "input_b", "shared", "merge", "out_sum", "out_b"});
  CHECK(g.edges == std::multiset<std::pair<std::string, std::string>>{{"input_a", "shared"},
                                                                       {"input_b", "shared"},
                                                                       {"shared", "merge"},
                                                                       {"merge", "out_sum"},
                                                                       {"shared", "out_b"}});
  CHECK(dot.starts_with("digraph G {\n  rankdir=TB;\n  concentrate=true;\n  dpi=200;\n  splines=ortho;\n"));
  // plot_model's default: class names only.
  CHECK(dot.find("<b>Dense</b>") != std::string::npos);
  CHECK(dot.find("<b>shared</b>") == std::string::npos);

  auto full = run_command(kfit() + " plot-model " + (dir / "two.keras") + " " + (dir / "full.dot") +
                          " --show-shapes --show-dtype --show-layer-names --show-layer-activations --rankdir LR");
  REQUIRE(full.status == 0);
  const std::string labels = read_text(dir / "full.dot");
  INFO(labels);
  CHECK(labels.find("  rankdir=LR;\n") != std::string::npos);
  CHECK(labels.find("<b>shared</b> (Dense)</font></td></tr><tr><td bgcolor=\"white\" colspan=\"3\"><font "
                    "point-size=\"14\">Activation: <b>relu</b></font></td></tr><tr><td bgcolor=\"white\"><font "
                    "point-size=\"14\">Input shape: <b>(None, 4)</b></font></td><td bgcolor=\"white\"><font "
                    "point-size=\"14\">Output shape: <b>(None, 3)</b></font></td><td bgcolor=\"white\"><font "
                    "point-size=\"14\">Output dtype: <b>float32</b></font></td></tr></table>>") != std::string::npos);
  // A merge shows the list of its input shapes and has no activation row; an input, no input shape.
  CHECK(labels.find("<b>merge</b> (Concatenate)</font></td></tr><tr><td bgcolor=\"white\"><font point-size=\"14\">"
                    "Input shape: <b>[(None, 3), (None, 3)]</b></font></td><td bgcolor=\"white\"><font "
                    "point-size=\"14\">Output shape: <b>(None, 6)</b>") != std::string::npos);
  CHECK(labels.find("<b>input_a</b> (InputLayer)</font></td></tr><tr><td bgcolor=\"white\"><font point-size=\"14\">"
                    "Output shape: <b>(None, 4)</b>") != std::string::npos);
  CHECK(labels.find("Activation: <b>linear</b>") != std::string::npos);  // out_sum: Dense's default

  // A Sequential model: its layers without the InputLayer, in a chain.
  auto seq = run_command(kfit() + " plot-model mnist_cnn " + (dir / "cnn.dot") + " --show-layer-names");
  REQUIRE(seq.status == 0);
  DotGraph chain = parse_dot(read_text(dir / "cnn.dot"));
  CHECK(chain.nodes.size() == 8);
  CHECK(chain.edges.size() == 7);
  CHECK(chain.nodes.count("input_layer") == 0);
}

TEST_CASE("kfit plot-model renders PNG and SVG with Graphviz; bad outputs fail clearly", "[apps][kfit][plot]") {
  TempDir dir;
  save_two_input_model(dir / "two.keras");
  auto svg = run_command(kfit() + " plot-model " + (dir / "two.keras") + " " + (dir / "two.svg") + " --show-layer-names");
  INFO(svg.output);
  REQUIRE(svg.status == 0);
  const std::string text = read_text(dir / "two.svg");
  CHECK(text.find("<svg") != std::string::npos);
  for (const char* name : {"input_a", "input_b", "shared", "merge", "out_sum", "out_b"}) {
    INFO(name);
    CHECK(text.find(std::string(">") + name + "</text>") != std::string::npos);
  }

  // Four layers stacked top to bottom are taller than wide, and side by side wider than tall;
  // half the dpi gives half the pixels.
  REQUIRE(run_command(kfit() + " plot-model mlp " + (dir / "tb.png")).status == 0);
  REQUIRE(run_command(kfit() + " plot-model mlp " + (dir / "lr.png") + " --rankdir LR").status == 0);
  REQUIRE(run_command(kfit() + " plot-model mlp " + (dir / "half.png") + " --dpi 100").status == 0);
  auto [tb_w, tb_h] = png_size(dir / "tb.png");
  auto [lr_w, lr_h] = png_size(dir / "lr.png");
  auto [half_w, half_h] = png_size(dir / "half.png");
  CHECK(tb_h > 2 * tb_w);
  CHECK(lr_w > 2 * lr_h);
  CHECK(std::abs(2.0 * half_w - tb_w) <= 3.0);
  CHECK(std::abs(2.0 * half_h - tb_h) <= 3.0);

  auto jpg = run_command(kfit() + " plot-model mlp " + (dir / "m.jpg"));
  CHECK(jpg.status == 2);
  CHECK(jpg.output.find("unknown extension '.jpg'; expected .png, .svg, .pdf or .dot") != std::string::npos);
  auto missing = run_command(kfit() + " plot-model mlp " + (dir / "no/such/folder/m.png"));
  CHECK(missing.status == 1);
  CHECK(missing.output.find("Cannot write '" + (dir / "no/such/folder/m.png") + "'") != std::string::npos);
  auto rankdir = run_command(kfit() + " plot-model mlp " + (dir / "m.png") + " --rankdir BT");
  CHECK(rankdir.status == 2);
  CHECK(rankdir.output.find("--rankdir") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir / "m.png"));
  CHECK_FALSE(std::filesystem::exists(dir / "m.jpg"));
}

TEST_CASE("kfit fit --plot draws the history as PNG, SVG or PDF", "[apps][kfit][plot]") {
  TempDir dir;
  // loss and accuracy with their val_ values: two panels of 440 x 330 under a 40-pixel title.
  auto r = run_command(kfit() + kSmallFit + " --epochs 2 --plot " + (dir / "history.png"));
  INFO(r.output);
  REQUIRE(r.status == 0);
  CHECK(png_size(dir / "history.png") == std::pair<std::uint32_t, std::uint32_t>{880, 370});
  // ReduceLROnPlateau logs learning_rate: a third panel.
  auto lr = run_command(kfit() + kSmallFit + " --epochs 1 --reduce-lr-on-plateau --plot " + (dir / "lr.png"));
  REQUIRE(lr.status == 0);
  CHECK(png_size(dir / "lr.png") == std::pair<std::uint32_t, std::uint32_t>{1320, 370});

  REQUIRE(run_command(kfit() + kSmallFit + " --epochs 2 --plot " + (dir / "history.svg")).status == 0);
  const std::string svg = read_text(dir / "history.svg");
  CHECK(svg.find("<svg") != std::string::npos);
  CHECK(svg.find("width=\"880pt\" height=\"370pt\"") != std::string::npos);
  REQUIRE(run_command(kfit() + kSmallFit + " --epochs 2 --plot " + (dir / "history.pdf")).status == 0);
  CHECK(read_text(dir / "history.pdf").starts_with("%PDF-"));

  // Bad outputs are refused before any training.
  auto jpg = run_command(kfit() + kSmallFit + " --epochs 1 --plot " + (dir / "history.jpg"));
  CHECK(jpg.status == 2);
  CHECK(jpg.output.find("--plot '" + (dir / "history.jpg") + "': unknown extension '.jpg'") != std::string::npos);
  CHECK(jpg.output.find("Test loss") == std::string::npos);
  auto missing = run_command(kfit() + kSmallFit + " --epochs 1 --plot " + (dir / "none/history.png"));
  CHECK(missing.status == 1);
  CHECK(missing.output.find("folder '" + (dir / "none") + "' does not exist") != std::string::npos);
  CHECK(missing.output.find("Test loss") == std::string::npos);
}

TEST_CASE("kfit fit --csv and --checkpoint write one row and one model per epoch", "[apps][kfit][callbacks]") {
  TempDir dir;
  auto r = run_command(kfit() + kSmallFit + " --epochs 3 --csv " + (dir / "log.csv") + " --checkpoint '" +
                       (dir / "ckpt/model-{epoch:02d}-{val_loss:.2f}.keras") + "' --report " + (dir / "r.json") +
                       " --save " + (dir / "final.keras"));
  INFO(r.output);
  REQUIRE(r.status == 0);
  const std::vector<double> loss = report_history(dir / "r.json", "loss");
  const std::vector<double> val_loss = report_history(dir / "r.json", "val_loss");
  REQUIRE(val_loss.size() == 3);

  // CSVLogger: the epoch (0-based), then the sorted keys; "\r\n" line ends as Python's csv.
  std::istringstream csv(read_text(dir / "log.csv"));
  std::string line;
  std::getline(csv, line);
  CHECK(line == "epoch,accuracy,loss,val_accuracy,val_loss\r");
  for (int epoch = 0; epoch < 3; ++epoch) {
    REQUIRE(std::getline(csv, line));
    std::vector<std::string> fields;
    std::istringstream row(line.substr(0, line.size() - 1));
    for (std::string f; std::getline(row, f, ',');) fields.push_back(f);
    REQUIRE(fields.size() == 5);
    CHECK(fields[0] == std::to_string(epoch));
    CHECK(std::stod(fields[2]) == loss[static_cast<std::size_t>(epoch)]);
    CHECK(std::stod(fields[4]) == val_loss[static_cast<std::size_t>(epoch)]);
  }
  CHECK_FALSE(std::getline(csv, line));

  // ModelCheckpoint: the template filled with the 1-based epoch and that epoch's val_loss.
  std::set<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir / "ckpt")) files.insert(entry.path().filename());
  std::set<std::string> expected;
  for (std::size_t i = 0; i < 3; ++i) {
    expected.insert("model-0" + std::to_string(i + 1) + "-" + two_decimals(val_loss[i]) + ".keras");
  }
  CHECK(files == expected);
  // The last checkpoint is the trained model.
  io::save_npy(dir / "x.npy", random_tensor({3, 28, 28}, 0, 255).astype(uint8));
  const std::string last = dir / ("ckpt/model-03-" + two_decimals(val_loss[2]) + ".keras");
  for (const std::string& model : {last, dir / "final.keras"}) {
    auto p = run_command(kfit() + " predict " + model + " --input " + (dir / "x.npy") + " --output " + model +
                         ".npy --verbose 0");
    REQUIRE(p.status == 0);
  }
  check_close(io::load_npy(last + ".npy"), io::load_npy(dir / "final.keras.npy").to_vector<double>(), 0, 0);
}

TEST_CASE("kfit fit's callbacks act on a plateau: early stopping, best-only saves, LR reduction",
          "[apps][kfit][callbacks]") {
  TempDir dir;
  auto stop = run_command(kfit() + kPlateau + " --epochs 8 --early-stopping 2 --report " + (dir / "stop.json") +
                          " --checkpoint '" + (dir / "best-{epoch:02d}.keras") + "' --save-best-only");
  INFO(stop.output);
  REQUIRE(stop.status == 0);
  const std::vector<double> val_loss = report_history(dir / "stop.json", "val_loss");
  REQUIRE(!val_loss.empty());
  for (double v : val_loss) REQUIRE(v == val_loss[0]);  // the plateau the case is built on
  // Epoch 1 sets the best; epochs 2 and 3 do not improve on it; patience 2 stops after epoch 3.
  CHECK(val_loss.size() == 3);
  // Only the first epoch improved on the (empty) best.
  CHECK(std::filesystem::exists(dir / "best-01.keras"));
  CHECK_FALSE(std::filesystem::exists(dir / "best-02.keras"));
  CHECK_FALSE(std::filesystem::exists(dir / "best-03.keras"));

  // --monitor reaches the callbacks: a quantity never logged saves nothing, with Keras' warning.
  auto unknown = run_command(kfit() + kPlateau + " --epochs 1 --monitor val_nope --checkpoint " + (dir / "nope.keras") +
                             " --save-best-only");
  CHECK(unknown.status == 0);
  CHECK(unknown.output.find("Can save best model only with val_nope available, skipping.") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir / "nope.keras"));
  // Without validation data the default is loss (Keras' val_loss would never be logged).
  auto no_val = run_command(kfit() + " fit mlp --data synthetic --limit 32 --test-limit 16 --verbose 0 --seed 2"
                            " --epochs 1 --checkpoint " + (dir / "loss.keras") + " --save-best-only");
  INFO(no_val.output);
  CHECK(no_val.status == 0);
  CHECK(std::filesystem::exists(dir / "loss.keras"));

  // ReduceLROnPlateau (patience 10): epochs 2..11 do not improve, so the rate is cut after epoch
  // 11 and epoch 12 runs with a tenth of it.
  auto reduce = run_command(kfit() + kPlateau + " --epochs 12 --reduce-lr-on-plateau --report " + (dir / "lr.json"));
  INFO(reduce.output);
  REQUIRE(reduce.status == 0);
  const std::vector<double> rate = report_history(dir / "lr.json", "learning_rate");
  REQUIRE(rate.size() == 12);
  CHECK(rate[0] == Approx(1e-30).epsilon(1e-6));
  CHECK(rate[10] == rate[0]);
  CHECK(rate[11] == Approx(rate[0] * 0.1).epsilon(1e-6));
}

TEST_CASE("kfit fit's callback flags: help and clear errors before training", "[apps][kfit][callbacks]") {
  auto help = run_command(kfit() + " fit --help");
  CHECK(help.status == 0);
  for (const char* flag : {"--checkpoint", "--save-best-only", "--monitor", "--early-stopping", "--reduce-lr-on-plateau",
                           "--csv", "--tensorboard", "--backup", "--plot", "restore_best_weights false"}) {
    INFO(flag);
    CHECK(help.output.find(flag) != std::string::npos);
  }
  TempDir dir;
  auto alone = run_command(kfit() + kSmallFit + " --save-best-only");
  CHECK(alone.status == 2);
  CHECK(alone.output.find("--save-best-only requires --checkpoint") != std::string::npos);
  auto patience = run_command(kfit() + kSmallFit + " --early-stopping 1.5");
  CHECK(patience.status == 2);
  CHECK(patience.output.find("--early-stopping: PATIENCE must be a whole number of epochs >= 0, got '1.5'") !=
        std::string::npos);
  auto format = run_command(kfit() + kSmallFit + " --checkpoint " + (dir / "model.txt"));
  CHECK(format.status == 2);
  CHECK(format.output.find("must end in `.keras`") != std::string::npos);
  auto csv = run_command(kfit() + kSmallFit + " --csv " + (dir / "none/log.csv"));
  CHECK(csv.status == 1);
  CHECK(csv.output.find("--csv '" + (dir / "none/log.csv") + "': folder '" + (dir / "none") + "' does not exist") !=
        std::string::npos);
  write_bytes(dir / "file", {'x'});
  auto under_file = run_command(kfit() + kSmallFit + " --checkpoint " + (dir / "file/ckpt.keras"));
  CHECK(under_file.status == 1);
  CHECK(under_file.output.find("'" + (dir / "file") + "' is not a folder") != std::string::npos);
  for (const auto* r : {&alone, &patience, &format, &csv, &under_file}) CHECK(r->output.find("Test loss") == std::string::npos);
}

TEST_CASE("kfit fit --tensorboard writes event files; --backup resumes an interrupted run", "[apps][kfit][callbacks]") {
  TempDir dir;
  auto tb = run_command(kfit() + kSmallFit + " --epochs 2 --tensorboard " + (dir / "tb"));
  INFO(tb.output);
  REQUIRE(tb.status == 0);
  for (const char* run : {"train", "validation"}) {
    INFO(run);
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(dir / ("tb/" + std::string(run)))) files.push_back(e.path());
    REQUIRE(files.size() == 1);
    CHECK(files[0].filename().string().starts_with("events.out.tfevents."));
    CHECK(files[0].filename().string().ends_with(".v2"));
    CHECK(std::filesystem::file_size(files[0]) > 100);
  }

  // A run that completes removes its backup.
  auto done = run_command(kfit() + kSmallFit + " --epochs 1 --backup " + (dir / "backup"));
  REQUIRE(done.status == 0);
  CHECK_FALSE(std::filesystem::exists(dir / "backup"));

  // What an interruption after epoch 1 leaves behind: the weights with the optimizer state, and
  // the epoch to resume at. The rerun trains epoch 2 only.
  REQUIRE(run_command(kfit() + kSmallFit + " --epochs 1 --save " + (dir / "m.keras")).status == 0);
  std::filesystem::create_directories(dir / "left");
  REQUIRE(run_command(kfit() + " convert " + (dir / "m.keras") + " " + (dir / "left/latest.weights.h5")).status == 0);
  write_bytes(dir / "left/training_metadata.json", {'{', '"', 'e', 'p', 'o', 'c', 'h', '"', ':', ' ', '1', '}'});
  auto resumed = run_command(kfit() + kSmallFit + " --epochs 2 --backup " + (dir / "left") + " --report " +
                             (dir / "r.json"));
  INFO(resumed.output);
  REQUIRE(resumed.status == 0);
  CHECK(report_history(dir / "r.json", "loss").size() == 1);
  CHECK_FALSE(std::filesystem::exists(dir / "left"));
}
