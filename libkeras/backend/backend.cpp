#include "libkeras/backend/backend.h"

#include "libkeras/backend/cpu/cpu_backend.h"
#include "libkeras/utils/error.h"

namespace keras {

Backend& backend_for(Device device) {
  if (device.type == DeviceType::cpu) {
    static cpu::CpuBackend cpu_backend;
    return cpu_backend;
  }
  throw BackendError("Device " + device.to_string() + " is not available: this libkeras build has no CUDA backend");
}

void transfer(const Tensor& src, Tensor& dst) {
  if (src.shape() != dst.shape() || src.dtype() != dst.dtype()) {
    throw ShapeError("transfer: tensors differ in shape or dtype");
  }
  Device from = src.device(), to = dst.device();
  if (from == to) {
    backend_for(to).cast(src, dst);
  } else if (from.type == DeviceType::cpu) {
    backend_for(to).copy_host(dst.raw_data(), src.raw_data(), src.nbytes(), true);
  } else if (to.type == DeviceType::cpu) {
    backend_for(from).copy_host(src.raw_data(), dst.raw_data(), src.nbytes(), false);
  } else {
    Tensor host = src.to(kCpu);
    transfer(host, dst);
  }
}

}  // namespace keras
