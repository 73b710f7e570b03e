#pragma once
// A minimal app loop for the media tests, tools and benchmarks (the app itself uses asio): any
// thread posts, one thread runs the tasks and the delayed tasks when they are due. The queue
// outlives the loop object, so a late post from a GStreamer or reader thread is harmless.
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>

#include "clivrt/media/call_session.hpp"

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

  /// What a CallSession needs of this loop.
  EventLoop access() {
    return {poster(), [queue = queue_](std::chrono::milliseconds delay, std::function<void()> task) {
              std::lock_guard lock(queue->mutex);
              queue->timers.emplace(Clock::now() + delay, std::move(task));
              queue->ready.notify_one();
            }};
  }

  /// Runs tasks until `done()` holds (true) or `limit` passes (then returns `done()`).
  bool run_until(const std::function<bool()>& done, std::chrono::milliseconds limit) {
    const auto deadline = Clock::now() + limit;
    while (!done()) {
      std::function<void()> task = next(deadline);
      if (!task) return done();
      task();
    }
    return true;
  }

  void run_for(std::chrono::milliseconds duration) {
    run_until([] { return false; }, duration);
  }

 private:
  using Clock = std::chrono::steady_clock;

  /// The next task to run (a due delayed one first), waiting for it until `deadline`; empty then.
  std::function<void()> next(Clock::time_point deadline) {
    std::unique_lock lock(queue_->mutex);
    for (;;) {
      const auto now = Clock::now();
      auto& timers = queue_->timers;
      if (!timers.empty() && timers.begin()->first <= now) {
        auto task = std::move(timers.begin()->second);
        timers.erase(timers.begin());
        return task;
      }
      if (!queue_->tasks.empty()) {
        auto task = std::move(queue_->tasks.front());
        queue_->tasks.pop_front();
        return task;
      }
      if (now >= deadline) return {};
      queue_->ready.wait_until(lock, timers.empty() ? deadline : std::min(deadline, timers.begin()->first));
    }
  }

  struct Queue {
    std::mutex mutex;
    std::condition_variable ready;
    std::deque<std::function<void()>> tasks;
    std::multimap<Clock::time_point, std::function<void()>> timers;
  };
  std::shared_ptr<Queue> queue_ = std::make_shared<Queue>();
};

}  // namespace clivrt::media
