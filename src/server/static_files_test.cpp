#include "clivrt/server/static_files.hpp"

#include <gtest/gtest.h>

#include <fstream>

using namespace clivrt::server;
namespace fs = std::filesystem;

namespace {
class StaticFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = fs::temp_directory_path() / ("clivrt-static-" + std::to_string(::getpid()));
    root_ = base_ / "web";
    fs::create_directories(root_ / "img");
    std::ofstream(root_ / "index.html") << "<!doctype html>";
    std::ofstream(root_ / "app.js") << "1";
    std::ofstream(root_ / "img" / "a.png") << "png";
    std::ofstream(root_ / ".secret") << "x";
    std::ofstream(base_ / "outside.txt") << "no";
    fs::create_symlink(base_ / "outside.txt", root_ / "link.txt");
  }
  void TearDown() override { fs::remove_all(base_); }
  fs::path base_, root_;
};
}  // namespace

TEST_F(StaticFiles, RootIsIndexHtml) {
  const auto found = lookup_static(root_, "/");
  ASSERT_EQ(found.status, StaticStatus::ok);
  EXPECT_EQ(found.file, fs::canonical(root_ / "index.html"));
  EXPECT_EQ(found.content_type, "text/html; charset=utf-8");
}

TEST_F(StaticFiles, FilesByNameWithTheirTypes) {
  EXPECT_EQ(lookup_static(root_, "/app.js?v=3").content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(lookup_static(root_, "/img/a.png").content_type, "image/png");
  EXPECT_EQ(lookup_static(root_, "/%61pp.js").status, StaticStatus::ok);
  EXPECT_EQ(lookup_static(root_, "/missing.js").status, StaticStatus::not_found);
  EXPECT_EQ(lookup_static(root_, "/img").status, StaticStatus::not_found);  // a folder
}

TEST_F(StaticFiles, TraversalIsRefused) {
  for (const char* target :
       {"/../outside.txt", "/%2e%2e/outside.txt", "/img/../../outside.txt", "/img/%2E%2E/app.js", "/./app.js",
        "//etc/passwd", "/img//a.png", "/a%00.js", "/%5c..%5coutside.txt", "/.secret", "relative", "", "/bad%zz"}) {
    EXPECT_EQ(lookup_static(root_, target).status, StaticStatus::bad_request) << target;
  }
  // A symlink out of the root is not followed.
  EXPECT_EQ(lookup_static(root_, "/link.txt").status, StaticStatus::not_found);
  // A root that does not exist serves nothing.
  EXPECT_EQ(lookup_static(base_ / "nope", "/").status, StaticStatus::not_found);
}

TEST(ContentType, ByExtension) {
  EXPECT_EQ(content_type_for("style.CSS"), "text/css; charset=utf-8");
  EXPECT_EQ(content_type_for("x.svg"), "image/svg+xml");
  EXPECT_EQ(content_type_for("x.bin"), "application/octet-stream");
  EXPECT_EQ(content_type_for("Makefile"), "application/octet-stream");
}

TEST(DefaultWebRoot, FindsTheSourceTree) {
  const auto root = default_web_root("/nonexistent/bin/clivrt-server");
  ASSERT_FALSE(root.empty());
  EXPECT_TRUE(fs::is_regular_file(root / "index.html"));
}
