#include "clivrt/media/capture_hooks.hpp"

namespace clivrt::media {

namespace {
CaptureHooks hooks;  // written before any session exists, read by streaming threads afterwards
}

void set_capture_hooks(CaptureHooks value) { hooks = std::move(value); }
const CaptureHooks& capture_hooks() { return hooks; }

}  // namespace clivrt::media
