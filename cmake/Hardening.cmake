# What we ship is built with the hardening Debian's dpkg-buildflags gives its packages (lintian's
# hardening-* checks): fortified libc calls, stack protector, full RELRO. The sanitizer and fuzz
# builds go without the compiler's part: _FORTIFY_SOURCE needs optimisation and gets in ASan's
# way. Full RELRO costs nothing at run time, so every build links with it.
if(NOT CMAKE_BUILD_TYPE STREQUAL "Debug" AND NOT CLIVRT_SANITIZE AND NOT CLIVRT_FUZZ AND NOT CLIVRT_TSAN)
  add_compile_definitions(_FORTIFY_SOURCE=2)
  add_compile_options(-fstack-protector-strong -fstack-clash-protection)
endif()
add_link_options(-Wl,-z,relro,-z,now)
# PIE: Debian's gcc builds position-independent executables by default.
