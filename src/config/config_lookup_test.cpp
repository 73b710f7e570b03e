#include "clivrt/config/config_lookup.hpp"

#include <gtest/gtest.h>

using namespace clivrt::config;

TEST(ConfigLookup, CandidatesInDocumentedOrder) {
  LookupPlaces places{"/work", "/opt/clivrt/bin", "/xdg", "/home/me"};
  EXPECT_EQ(config_candidates(places),
            (std::vector<std::string>{"/work/.clivrt", "/opt/clivrt/bin/.clivrt", "/xdg/clivrt/config"}));
  places.xdg_config_home.clear();
  EXPECT_EQ(config_candidates(places).back(), "/home/me/.config/clivrt/config");
}

TEST(ConfigLookup, NothingFoundIsNotAnError) {
  LookupPlaces places{"/nonexistent-a", "/nonexistent-b", "/nonexistent-c", ""};
  EXPECT_EQ(find_config_file(places), std::nullopt);
}
