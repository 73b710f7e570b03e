# Environment of every test: LeakSanitizer ignores GLib/GStreamer's process-lifetime allocations.
set(CLIVRT_TEST_ENVIRONMENT
  "LSAN_OPTIONS=suppressions=${PROJECT_SOURCE_DIR}/tests/lsan.supp:print_suppressions=0"
  "ASAN_OPTIONS=detect_stack_use_after_return=0:abort_on_error=0")

# clivrt_library(NAME SOURCES... DEPS...) — a static library for src/<module>. Its public headers
# are include/clivrt/<module>/*.hpp ("clivrt/<module>/x.hpp" for everyone who links it); the
# private ones sit beside the .cpp files and are visible to the module's own targets only.
function(clivrt_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/include)
    target_include_directories(${name} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/include)
  endif()
  target_include_directories(${name} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
  target_link_libraries(${name} PUBLIC ${ARG_DEPS} PRIVATE clivrt_warnings)
endfunction()

# clivrt_module_program(NAME) — a program or test binary of the module in this folder: it sees
# the module's private headers (and its testing/ support), as the module's own code does.
function(clivrt_module_program name)
  target_include_directories(${name} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
endfunction()

# clivrt_unit_test(NAME SOURCES... DEPS...) — a GoogleTest binary of the module in this folder
# (white-box: it sees the private headers), registered with CTest.
function(clivrt_unit_test name)
  if(NOT CLIVRT_TESTS)
    return()
  endif()
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  clivrt_module_program(${name})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gtest_main clivrt_warnings)
  include(GoogleTest)
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 PROPERTIES LABELS unit
    ENVIRONMENT "${CLIVRT_TEST_ENVIRONMENT}")
endfunction()
