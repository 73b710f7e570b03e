#include "clivrt/manual/config_example.hpp"

#include <gtest/gtest.h>

namespace clivrt::manual {
namespace {

TEST(ConfigExample, EveryKeyCommentedOutWithItsSummaryAndDefault) {
  const std::vector<OptionDoc> keys = {
      {"--help", "-h", "", "Print this help message and exit", "", {}, false},
      {"--config", "", "FILE", "Read flags from this file", "", {}, false},
      {"--port", "", "PORT", "Port to listen on", "8080", {}, false},
      {"--allow-origin", "", "ORIGIN", "Browser origin allowed", "", {}, true},
  };
  const std::string text = example_config("; intro\n", "", keys);
  EXPECT_EQ(text,
            "; intro\n"
            "\n; Port to listen on\n;port = 8080\n"
            "\n; Browser origin allowed (several values: separated by spaces)\n;allow-origin =\n");
}

TEST(ConfigExample, ASectionHeaderWhenAsked) {
  const std::string text = example_config("", "DEFAULT", {{"videostyle", "", "STYLE", "how video is drawn", "", {}, false}});
  EXPECT_EQ(text, "\n[DEFAULT]\n\n; how video is drawn\n;videostyle =\n");
}

}  // namespace
}  // namespace clivrt::manual
