#include "libkeras/tensor/storage.h"

#include "libkeras/backend/backend.h"

namespace keras {

Storage::Storage(std::size_t bytes, Device device)
    : backend_(&backend_for(device)), data_(backend_->allocate(bytes)), bytes_(bytes), device_(device) {}

Storage::~Storage() { backend_->deallocate(data_, bytes_); }

}  // namespace keras
