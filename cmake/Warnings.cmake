# Warnings for our own code only (third-party headers are included as SYSTEM).
add_library(clivrt_warnings INTERFACE)
target_compile_options(clivrt_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
  -Woverloaded-virtual -Wnull-dereference -Wformat=2 -Wimplicit-fallthrough)
