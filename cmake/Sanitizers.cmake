# ASan + UBSan for the test build (CLIVRT_SANITIZE=ON), applied to every target.
if(CLIVRT_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

# ThreadSanitizer build (CLIVRT_TSAN=ON, scripts/tsan.sh): the unit tests and the loopback call
# tests, where GStreamer's streaming threads meet the loop thread (docs/architecture.md, threads).
option(CLIVRT_TSAN "Build with ThreadSanitizer" OFF)
if(CLIVRT_TSAN)
  if(CLIVRT_SANITIZE)
    message(FATAL_ERROR "CLIVRT_TSAN and CLIVRT_SANITIZE cannot be combined")
  endif()
  add_compile_options(-fsanitize=thread -fno-omit-frame-pointer)
  add_link_options(-fsanitize=thread)
endif()

# libFuzzer builds (CLIVRT_FUZZ=ON, clang): every library gets the fuzzer's coverage
# instrumentation and ASan/UBSan; the fuzz targets link the fuzzer itself (fuzz/).
if(CLIVRT_FUZZ)
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
