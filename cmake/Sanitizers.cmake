# ASan + UBSan for the test build (CLIVRT_SANITIZE=ON), applied to every target.
if(CLIVRT_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

# libFuzzer builds (CLIVRT_FUZZ=ON, clang): every library gets the fuzzer's coverage
# instrumentation and ASan/UBSan; the fuzz targets link the fuzzer itself (fuzz/).
if(CLIVRT_FUZZ)
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
