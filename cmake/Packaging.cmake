# install() rules and CPack's Debian packages: clivrt (the client) and clivrt-server (the server,
# the web client it serves, its systemd unit and /etc/clivrt/). scripts/package.sh builds them;
# docs/packaging.md explains the choices and the lintian tags that remain.
include(GNUInstallDirs)
set(generated ${CLIVRT_GENERATED_DIR})
set(pkg ${PROJECT_SOURCE_DIR}/packaging)

# Debian policy: /usr/share/doc/<package>/ holds the copyright and a compressed changelog.
configure_file(${pkg}/changelog.in ${generated}/changelog @ONLY)
add_custom_command(OUTPUT ${generated}/changelog.gz
  COMMAND gzip -9nkf ${generated}/changelog
  DEPENDS ${pkg}/changelog.in VERBATIM)
add_custom_target(clivrt_changelog ALL DEPENDS ${generated}/changelog.gz)

# --- clivrt: the client ------------------------------------------------------------------------
install(TARGETS clivrt RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT clivrt)
install(FILES ${generated}/man/man1/clivrt.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT clivrt)
install(FILES ${generated}/man/man5/clivrt.conf.5.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man5 COMPONENT clivrt)
install(FILES ${generated}/config/clivrt.conf DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples COMPONENT clivrt)

# --- clivrt-server: a daemon, so sbin and section 8 ---------------------------------------------
install(TARGETS clivrt-server RUNTIME DESTINATION ${CMAKE_INSTALL_SBINDIR} COMPONENT clivrt-server)
install(FILES ${generated}/man/man8/clivrt-server.8.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man8
        COMPONENT clivrt-server)
# The server finds the web client at <its folder>/../share/clivrt/web (static_files.cpp).
install(DIRECTORY ${PROJECT_SOURCE_DIR}/web/ DESTINATION ${CMAKE_INSTALL_DATADIR}/clivrt/web
        COMPONENT clivrt-server FILES_MATCHING PATTERN "*.html" PATTERN "*.js" PATTERN "*.css")
# System paths outside the prefix: the unit where systemd looks for packaged units, the config
# where the unit reads it. Absolute, so that CPack puts them at /lib and /etc; EXCLUDE_FROM_ALL,
# so that a plain `cmake --install` (to /usr/local) leaves /etc and /lib alone: they belong to the
# package, whose unit starts /usr/sbin/clivrt-server.
set(CLIVRT_SYSTEMD_UNIT_DIR "/lib/systemd/system" CACHE PATH "Where clivrt-server.service is installed")
set(CLIVRT_SERVER_CONFIG_DIR "/etc/clivrt" CACHE PATH "Where clivrt-server.conf is installed")
configure_file(${pkg}/clivrt-server.service.in ${generated}/clivrt-server.service @ONLY)
install(FILES ${generated}/clivrt-server.service DESTINATION ${CLIVRT_SYSTEMD_UNIT_DIR}
        COMPONENT clivrt-server EXCLUDE_FROM_ALL)
install(FILES ${generated}/config/clivrt-server.conf DESTINATION ${CLIVRT_SERVER_CONFIG_DIR}
        COMPONENT clivrt-server EXCLUDE_FROM_ALL)

install(FILES ${pkg}/lintian/clivrt-server DESTINATION ${CMAKE_INSTALL_DATADIR}/lintian/overrides
        COMPONENT clivrt-server EXCLUDE_FROM_ALL)

# --- both: completions, copyright, changelog ------------------------------------------------------
foreach(program clivrt clivrt-server)
  install(FILES ${generated}/bash-completion/completions/${program}
          DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions COMPONENT ${program})
  install(FILES ${generated}/zsh/vendor-completions/_${program}
          DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions COMPONENT ${program})
  install(FILES ${generated}/fish/vendor_completions.d/${program}.fish
          DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d COMPONENT ${program})
  install(FILES ${pkg}/copyright ${generated}/changelog.gz
          DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/${program} COMPONENT ${program})
endforeach()

# --- CPack: one .deb per component --------------------------------------------------------------
set(CPACK_GENERATOR DEB)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL clivrt clivrt-server)
set(CPACK_PACKAGE_NAME clivrt)
set(CPACK_PACKAGE_VENDOR "clivrt")
set(CPACK_PACKAGE_CONTACT "clivrt maintainers <maintainers@users.noreply.r-seed-7d4d1222.example>")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)  # library dependencies from dpkg-shlibdeps, never by hand
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)
set(CPACK_PACKAGE_FILE_NAME "clivrt-${PROJECT_VERSION}")  # staging folder name only

# The extended descriptions: CPack indents every line after the first by one space itself.
set(CPACK_DEBIAN_CLIVRT_PACKAGE_NAME clivrt)
set(CPACK_DEBIAN_CLIVRT_DESCRIPTION "video calls with friends, drawn in your terminal
clivrt makes peer-to-peer WebRTC calls (VP8 video, Opus sound, DTLS-SRTP)
whose video is drawn as ANSI art in the terminal, in tmux and over ssh.
It logs in to a clivrt-server to see who is online, chat and place calls,
and talks to browsers and other WebRTC programs.")
# GStreamer's elements are plugins loaded at run time, which dpkg-shlibdeps cannot see: these
# name the plugin packages holding webrtcbin, nice, vp8, opus, webrtcdsp, v4l2 and pulse/alsa.
set(CPACK_DEBIAN_CLIVRT_PACKAGE_DEPENDS
    "gstreamer1.0-plugins-base, gstreamer1.0-plugins-good, gstreamer1.0-plugins-bad, gstreamer1.0-nice")
set(CPACK_DEBIAN_CLIVRT_PACKAGE_RECOMMENDS "gstreamer1.0-alsa | gstreamer1.0-pulseaudio, gstreamer1.0-libav")
set(CPACK_DEBIAN_CLIVRT_PACKAGE_SUGGESTS "clivrt-server, tmux")

set(CPACK_DEBIAN_CLIVRT-SERVER_PACKAGE_NAME clivrt-server)
set(CPACK_DEBIAN_CLIVRT-SERVER_DESCRIPTION "signaling server for clivrt video calls
clivrt-server lets clivrt clients and browsers find each other over
WebSockets (ws:// or wss://): presence, chat, and the offers, answers and
ICE candidates of their calls. Sound and video never pass through it.
It serves the browser client and hands out TURN credentials for coturn.
A systemd unit runs it as the unprivileged user clivrt.")
set(CPACK_DEBIAN_CLIVRT-SERVER_PACKAGE_DEPENDS "adduser")
set(CPACK_DEBIAN_CLIVRT-SERVER_PACKAGE_SUGGESTS "coturn")
set(CPACK_DEBIAN_CLIVRT-SERVER_PACKAGE_CONTROL_EXTRA
    "${pkg}/clivrt-server/conffiles;${pkg}/clivrt-server/postinst;${pkg}/clivrt-server/prerm;${pkg}/clivrt-server/postrm")
set(CPACK_DEBIAN_CLIVRT-SERVER_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
