#include "clivrt/manual/text_template.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace clivrt::manual {
namespace {

TEST(TextTemplate, ReplacesEveryPlaceholder) {
  EXPECT_EQ(fill_template("a @X@ b @Y@ @X@", {{"X", "1"}, {"Y", "2"}}), "a 1 b 2 1");
  EXPECT_EQ(fill_template("mail me@@example.org", {}), "mail me@example.org");
  EXPECT_EQ(fill_template("no placeholders", {{"UNUSED", "x"}}), "no placeholders");
}

TEST(TextTemplate, AMissingValueOrAnUnclosedPlaceholderIsAnError) {
  EXPECT_THROW(fill_template("@OPTOINS@", {{"OPTIONS", "x"}}), std::invalid_argument);
  EXPECT_THROW(fill_template("text @OPTIONS", {{"OPTIONS", "x"}}), std::invalid_argument);
}

}  // namespace
}  // namespace clivrt::manual
