#pragma once
// Reverse-mode autodiff with a tape, as tf.GradientTape: while a tape is active on this thread,
// every differentiable op whose inputs it tracks appends one entry (inputs, outputs, backward
// closure). Entries are recorded in execution order, which is already a topological order, so
// gradient() is one reverse loop: no recursion, no graph of shared pointers (deep RNN chains
// cannot overflow the stack).

#include <functional>
#include <unordered_map>
#include <vector>

#include "libkeras/tensor/tensor.h"

namespace keras::autograd {

/// Computes input gradients from output gradients. grad_outputs[i] may be undefined (no
/// gradient reached that output: treat as zero); return one tensor per input, undefined where
/// needs_input_grad[i] is false.
using BackwardFn =
    std::function<std::vector<Tensor>(const std::vector<Tensor>& grad_outputs, const std::vector<bool>& needs)>;

class GradientTape {
 public:
  /// Becomes the active tape of this thread until destroyed. Tapes nest: the enclosing tapes
  /// keep recording the ops whose inputs they track, as nested tf.GradientTapes do.
  GradientTape();
  ~GradientTape();
  GradientTape(const GradientTape&) = delete;
  GradientTape& operator=(const GradientTape&) = delete;

  /// Tracks a source tensor (e.g. a trainable variable's value).
  void watch(const Tensor& tensor);
  /// d(sum(target))/d(source) for each source; undefined where target does not depend on it.
  /// Consumes the tape: it can be called once.
  std::vector<Tensor> gradient(const Tensor& target, const std::vector<Tensor>& sources);

  /// The innermost active tape of this thread, or null (also null inside a NoGradGuard).
  static GradientTape* active();
  /// The tape that was innermost when this one was created, or null.
  GradientTape* enclosing() const { return previous_; }
  bool is_tracked(const Tensor& tensor) const { return slots_.count(tensor.id()) != 0; }
  /// Records an op if any input is tracked (ops:: calls this).
  void record(const std::vector<Tensor>& inputs, const std::vector<Tensor>& outputs, BackwardFn backward);

 private:
  struct Entry {
    std::vector<int> input_slots;  // -1 for untracked inputs
    std::vector<int> output_slots;
    BackwardFn backward;
  };
  int slot_of(const Tensor& tensor);
  std::unordered_map<const void*, int> slots_;
  std::vector<Tensor> tracked_;  // keeps every tracked tensor alive, so ids stay unique
  std::vector<Entry> entries_;
  GradientTape* previous_;
  bool used_ = false;
};

/// Suspends recording on this thread for its lifetime (metrics, inference).
class NoGradGuard {
 public:
  NoGradGuard();
  ~NoGradGuard();
  NoGradGuard(const NoGradGuard&) = delete;
  NoGradGuard& operator=(const NoGradGuard&) = delete;

 private:
  bool previous_;
};

/// Records a single-output op on the active tape when one of `inputs` is tracked.
void record(const std::vector<Tensor>& inputs, const Tensor& output, BackwardFn backward);

/// True when an op on `inputs` would be recorded (lets ops skip saving backward state).
bool should_record(const std::vector<Tensor>& inputs);

}  // namespace keras::autograd
