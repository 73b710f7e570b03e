#pragma once
// The app's asio loop as a CallSession's EventLoop: posts and one steady_timer per delayed task
// (a session keeps one pending at a time, its tick), so calls need no thread of their own.
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>

#include "clivrt/media/call_session.hpp"

namespace clivrt::app {

inline media::EventLoop media_event_loop(boost::asio::io_context& io) {
  return {[&io](std::function<void()> task) { boost::asio::post(io, std::move(task)); },
          [&io](std::chrono::milliseconds delay, std::function<void()> task) {
            auto timer = std::make_shared<boost::asio::steady_timer>(io, delay);
            timer->async_wait([timer, task = std::move(task)](const boost::system::error_code& error) {
              if (!error) task();
            });
          }};
}

}  // namespace clivrt::app
