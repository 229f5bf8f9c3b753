#include "libkeras/autograd/tape.h"

#include "libkeras/backend/backend.h"
#include "libkeras/utils/error.h"

namespace keras::autograd {

namespace {
thread_local GradientTape* t_active = nullptr;
thread_local bool t_paused = false;
}  // namespace

GradientTape::GradientTape() : previous_(t_active) { t_active = this; }

GradientTape::~GradientTape() {
  if (t_active == this) t_active = previous_;
}

GradientTape* GradientTape::active() { return t_paused ? nullptr : t_active; }

int GradientTape::slot_of(const Tensor& tensor) {
  auto [it, inserted] = slots_.emplace(tensor.id(), static_cast<int>(tracked_.size()));
  if (inserted) tracked_.push_back(tensor);
  return it->second;
}

void GradientTape::watch(const Tensor& tensor) {
  if (!tensor.defined()) throw ValueError("GradientTape::watch: undefined tensor");
  slot_of(tensor);
}

void GradientTape::record(const std::vector<Tensor>& inputs, const std::vector<Tensor>& outputs,
                          BackwardFn backward) {
  Entry e;
  bool any = false;
  e.input_slots.reserve(inputs.size());
  for (const Tensor& t : inputs) {
    auto it = t.defined() ? slots_.find(t.id()) : slots_.end();
    e.input_slots.push_back(it == slots_.end() ? -1 : it->second);
    any = any || it != slots_.end();
  }
  if (!any) return;
  for (const Tensor& t : outputs) e.output_slots.push_back(slot_of(t));
  e.backward = std::move(backward);
  entries_.push_back(std::move(e));
}

std::vector<Tensor> GradientTape::gradient(const Tensor& target, const std::vector<Tensor>& sources) {
  if (used_) throw ValueError("GradientTape::gradient can only be called once per tape");
  used_ = true;
  std::vector<Tensor> grads(tracked_.size());
  auto target_it = slots_.find(target.id());
  if (target_it != slots_.end()) {
    grads[static_cast<std::size_t>(target_it->second)] = Tensor::ones(target.shape(), float32, target.device());
  }
  // Recording stays off while gradients are computed: backward closures use ops too.
  NoGradGuard no_grad;
  for (auto it = entries_.rbegin(); it != entries_.rend(); ++it) {
    std::vector<Tensor> grad_outputs;
    bool any = false;
    for (int s : it->output_slots) {
      grad_outputs.push_back(grads[static_cast<std::size_t>(s)]);
      any = any || grads[static_cast<std::size_t>(s)].defined();
    }
    if (!any) continue;
    std::vector<bool> needs;
    for (int s : it->input_slots) needs.push_back(s >= 0);
    std::vector<Tensor> grad_inputs = it->backward(grad_outputs, needs);
    it->backward = nullptr;  // frees the tensors the closure kept alive
    for (int s : it->output_slots) {
      // An output's gradient is complete once its producer ran, unless it is a requested source.
      bool is_source = false;
      for (const Tensor& src : sources) is_source = is_source || (src.defined() && src.id() == tracked_[static_cast<std::size_t>(s)].id());
      if (!is_source) grads[static_cast<std::size_t>(s)] = Tensor();
    }
    for (std::size_t i = 0; i < it->input_slots.size(); ++i) {
      int s = it->input_slots[i];
      if (s < 0 || !grad_inputs[i].defined()) continue;
      Tensor& g = grads[static_cast<std::size_t>(s)];
      // Accumulate out of place: a backward may return a tensor it shares with another gradient.
      g = g.defined() ? g + grad_inputs[i] : grad_inputs[i];
    }
  }
  std::vector<Tensor> result;
  result.reserve(sources.size());
  for (const Tensor& src : sources) {
    auto it = src.defined() ? slots_.find(src.id()) : slots_.end();
    result.push_back(it == slots_.end() ? Tensor() : grads[static_cast<std::size_t>(it->second)]);
  }
  entries_.clear();
  return result;
}

NoGradGuard::NoGradGuard() : previous_(t_paused) { t_paused = true; }
NoGradGuard::~NoGradGuard() { t_paused = previous_; }

// Every active tape records, not only the innermost: an outer tape watching x must still see
// the ops on x that ran while an inner tape was active (tf.GradientTape semantics).
void record(const std::vector<Tensor>& inputs, const Tensor& output, BackwardFn backward) {
  for (GradientTape* tape = GradientTape::active(); tape; tape = tape->enclosing()) {
    tape->record(inputs, {output}, backward);
  }
}

bool should_record(const std::vector<Tensor>& inputs) {
  for (GradientTape* tape = GradientTape::active(); tape; tape = tape->enclosing()) {
    for (const Tensor& t : inputs) {
      if (t.defined() && tape->is_tracked(t)) return true;
    }
  }
  return false;
}

}  // namespace keras::autograd
