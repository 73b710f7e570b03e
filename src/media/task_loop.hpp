#pragma once
// A minimal app loop for the media tests, tools and benchmarks (the app itself uses asio): any
// thread posts, one thread runs the tasks. The queue outlives the loop object, so a late post
// from a GStreamer or reader thread is harmless.
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>

#include "media/call_session.hpp"

namespace clivrt::media {

class TaskLoop {
 public:
  Poster poster() {
    return [queue = queue_](std::function<void()> task) {
      std::lock_guard lock(queue->mutex);
      queue->tasks.push_back(std::move(task));
      queue->ready.notify_one();
    };
  }

  /// Runs tasks until `done()` holds (true) or `limit` passes (then returns `done()`).
  bool run_until(const std::function<bool()>& done, std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done()) {
      std::function<void()> task;
      {
        std::unique_lock lock(queue_->mutex);
        if (!queue_->ready.wait_until(lock, deadline, [&] { return !queue_->tasks.empty(); })) return done();
        task = std::move(queue_->tasks.front());
        queue_->tasks.pop_front();
      }
      task();
    }
    return true;
  }

  void run_for(std::chrono::milliseconds duration) {
    run_until([] { return false; }, duration);
  }

 private:
  struct Queue {
    std::mutex mutex;
    std::condition_variable ready;
    std::deque<std::function<void()>> tasks;
  };
  std::shared_ptr<Queue> queue_ = std::make_shared<Queue>();
};

}  // namespace clivrt::media
