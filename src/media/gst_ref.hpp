#pragma once
// RAII for GLib/GStreamer references and signal handlers (private to src/media; includes GLib).
// Ownership is explicit: adopt() takes a reference we already own (e.g. a return value marked
// "transfer full"), retain() adds one. Floating references are sunk on adopt, so a freshly made
// element held here is owned by us until it is handed to a bin.
#include <glib-object.h>

#include <utility>

namespace clivrt::media {

template <typename T>
class GstRef {
 public:
  GstRef() = default;
  static GstRef adopt(T* object) {
    GstRef ref;
    if (object != nullptr && g_object_is_floating(object)) g_object_ref_sink(object);
    ref.object_ = object;
    return ref;
  }
  static GstRef retain(T* object) {
    GstRef ref;
    if (object != nullptr) ref.object_ = static_cast<T*>(g_object_ref_sink(object));
    return ref;
  }
  GstRef(const GstRef& other) : object_(other.object_) {
    if (object_ != nullptr) g_object_ref(object_);
  }
  GstRef(GstRef&& other) noexcept : object_(std::exchange(other.object_, nullptr)) {}
  GstRef& operator=(GstRef other) noexcept {
    std::swap(object_, other.object_);
    return *this;
  }
  ~GstRef() { reset(); }

  void reset() {
    if (auto* object = std::exchange(object_, nullptr)) g_object_unref(object);
  }
  T* get() const { return object_; }
  T* operator->() const { return object_; }
  explicit operator bool() const { return object_ != nullptr; }

 private:
  T* object_ = nullptr;
};

/// A connected signal handler, disconnected when this goes out of scope (if the instance lives).
class SignalConnection {
 public:
  SignalConnection() = default;
  SignalConnection(gpointer instance, gulong id) : instance_(instance), id_(id) {
    if (instance_ != nullptr) g_object_add_weak_pointer(G_OBJECT(instance_), &instance_);
  }
  SignalConnection(const SignalConnection&) = delete;
  SignalConnection& operator=(const SignalConnection&) = delete;
  SignalConnection(SignalConnection&& other) noexcept { *this = std::move(other); }
  SignalConnection& operator=(SignalConnection&& other) noexcept {
    if (this != &other) {
      disconnect();
      if (other.instance_ != nullptr) g_object_remove_weak_pointer(G_OBJECT(other.instance_), &other.instance_);
      instance_ = std::exchange(other.instance_, nullptr);
      id_ = std::exchange(other.id_, 0);
      if (instance_ != nullptr) g_object_add_weak_pointer(G_OBJECT(instance_), &instance_);
    }
    return *this;
  }
  ~SignalConnection() { disconnect(); }

  void disconnect() {
    if (instance_ != nullptr) {
      if (id_ != 0 && g_signal_handler_is_connected(instance_, id_)) g_signal_handler_disconnect(instance_, id_);
      g_object_remove_weak_pointer(G_OBJECT(instance_), &instance_);
    }
    instance_ = nullptr;
    id_ = 0;
  }

 private:
  gpointer instance_ = nullptr;
  gulong id_ = 0;
};

/// Heap-held copy of a value passed as GLib user data, freed by GLib's destroy notify.
template <typename T>
gpointer user_data(T value) {
  return new T(std::move(value));
}
template <typename T>
void free_user_data(gpointer data, GClosure* /*closure*/ = nullptr) {
  delete static_cast<T*>(data);
}
template <typename T>
void free_user_data_notify(gpointer data) {
  delete static_cast<T*>(data);
}

}  // namespace clivrt::media
