#include "anonymous_name.hpp"

#include <array>
#include <random>

namespace clivrt::app {

std::string anonymous_name() {
  static constexpr std::array<const char*, 12> kAdjectives = {"Quiet",  "Brave",  "Sunny", "Swift", "Calm",  "Lucky",
                                                              "Bright", "Gentle", "Bold",  "Merry", "Witty", "Keen"};
  static constexpr std::array<const char*, 12> kAnimals = {"Otter", "Falcon", "Badger", "Heron",  "Lynx", "Panda",
                                                           "Robin", "Koala",  "Fox",    "Marten", "Newt", "Wren"};
  std::random_device device;
  std::uniform_int_distribution<std::size_t> pick(0, 11);
  std::uniform_int_distribution<int> number(10, 99);
  return std::string("Anon") + kAdjectives[pick(device)] + kAnimals[pick(device)] + std::to_string(number(device));
}

}  // namespace clivrt::app
