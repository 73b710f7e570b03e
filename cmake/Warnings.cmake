# Warnings for our own code only (third-party headers are included as SYSTEM).
add_library(clivrt_warnings INTERFACE)
target_compile_options(clivrt_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
  -Woverloaded-virtual -Wformat=2 -Wimplicit-fallthrough)
# Not -Wnull-dereference: at -O2 GCC 12 reports it inside inlined nlohmann-json and libstdc++ code.
