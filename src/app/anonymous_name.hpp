#pragma once
#include <string>

namespace clivrt::app {
/// A random anonymous username such as "AnonQuietOtter42", as the original client chose one.
std::string anonymous_name();
}  // namespace clivrt::app
