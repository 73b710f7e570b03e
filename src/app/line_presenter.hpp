#pragma once
// Line mode (stdin not a terminal, or --headless): one event per output line, plain or JSON,
// so clivrt can be scripted and tested. Video is drawn off-screen so `stats` reports real figures.
#include <cstdio>

#include "presenter.hpp"
#include "video_view.hpp"

namespace clivrt::app {

class LinePresenter final : public Presenter {
 public:
  LinePresenter(std::FILE* out, bool json, const VideoSettings& video);
  void show(const Event& event) override;
  void status(const StatusModel& status) override;
  void video(std::shared_ptr<const media::VideoFrame> remote, std::shared_ptr<const media::VideoFrame> self) override;
  void video_ended() override;
  void video_settings(const VideoSettings& settings) override;
  RenderStats render_stats() const override { return video_.stats(); }

 private:
  void write_line(const std::string& line);
  std::FILE* out_;
  bool json_;
  VideoView video_;
  bool announced_first_frame_ = false;
};

}  // namespace clivrt::app
