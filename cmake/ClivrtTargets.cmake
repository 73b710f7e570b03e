# Environment of every test: LeakSanitizer ignores GLib/GStreamer's process-lifetime allocations.
set(CLIVRT_TEST_ENVIRONMENT
  "LSAN_OPTIONS=suppressions=${PROJECT_SOURCE_DIR}/tests/lsan.supp:print_suppressions=0"
  "ASAN_OPTIONS=detect_stack_use_after_return=0:abort_on_error=0")

# clivrt_library(NAME SOURCES... DEPS...) — a static library for src/<module>.
function(clivrt_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(${name} PUBLIC ${ARG_DEPS} PRIVATE clivrt_warnings)
endfunction()

# clivrt_unit_test(NAME SOURCES... DEPS...) — a GoogleTest binary registered with CTest.
function(clivrt_unit_test name)
  if(NOT CLIVRT_TESTS)
    return()
  endif()
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gtest_main clivrt_warnings)
  include(GoogleTest)
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 PROPERTIES LABELS unit
    ENVIRONMENT "${CLIVRT_TEST_ENVIRONMENT}")
endfunction()
