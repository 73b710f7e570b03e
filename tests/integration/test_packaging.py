"""The Debian packages (issue 15): built with CPack from this build, inspected with dpkg-deb
and lintian, their programs run from an extracted tree, the systemd unit verified, every man
page rendered by man(1) and held against --help, and the completions driven in real bash, zsh
(through tmux) and fish.

The packages come from the build under test (the sanitizer build in CI), so lintian's tags that
only a Debug build earns are allowed and listed below; scripts/package.sh builds the Release
packages, where they do not occur (docs/packaging.md).
"""
from __future__ import annotations

import os
import re
import subprocess
import urllib.request
from pathlib import Path

import pytest

from clivrt_testlib import BUILD_DIR, DEFAULT_TIMEOUT, isolated_env
from client_testlib import TmuxSession

VERSION = re.search(r"project\(clivrt VERSION ([0-9.]+)",
                    (Path(__file__).resolve().parents[2] / "CMakeLists.txt").read_text()).group(1)

# Tags of a Debug/sanitizer build only: no _FORTIFY_SOURCE at -O0, and CPack's plain strip.
DEBUG_BUILD_TAGS = {"hardening-no-fortify-functions", "binary-has-unneeded-section"}


def run(*argv, env=None, check=True, timeout=120) -> subprocess.CompletedProcess:
    result = subprocess.run([str(a) for a in argv], capture_output=True, text=True, env=env, timeout=timeout)
    if check and result.returncode != 0:
        raise AssertionError(f"{argv} exited {result.returncode}:\n{result.stdout}\n{result.stderr}")
    return result


@pytest.fixture(scope="module")
def packages(tmp_path_factory) -> dict[str, Path]:
    """clivrt and clivrt-server .debs made by cpack from the build (gzip: xz of a sanitizer
    build's binaries takes minutes)."""
    out = tmp_path_factory.mktemp("debs")
    run("cpack", "-G", "DEB", "-B", out, "-D", "CPACK_DEBIAN_COMPRESSION_TYPE=gzip",
        "--config", BUILD_DIR / "CPackConfig.cmake", timeout=400)
    debs = {p.name.split("_")[0]: p for p in out.glob("*.deb")}
    assert set(debs) == {"clivrt", "clivrt-server"}, debs
    return debs


@pytest.fixture(scope="module")
def root(packages, tmp_path_factory) -> Path:
    """Both packages unpacked into one throw-away tree, as dpkg would lay them out."""
    tree = tmp_path_factory.mktemp("root")
    for deb in packages.values():
        run("dpkg-deb", "-x", deb, tree)
    return tree


def field(deb: Path, name: str) -> str:
    return run("dpkg-deb", "-f", deb, name).stdout.strip()


def contents(deb: Path) -> dict[str, tuple[str, str]]:
    """path -> (mode string, owner) from dpkg-deb -c."""
    listing = {}
    for line in run("dpkg-deb", "-c", deb).stdout.splitlines():
        parts = line.split()
        listing[parts[5].lstrip(".")] = (parts[0], parts[1])
    return listing


def test_control_fields_and_computed_dependencies(packages):
    client, server = packages["clivrt"], packages["clivrt-server"]
    assert field(client, "Package") == "clivrt" and field(client, "Version") == VERSION
    assert field(server, "Package") == "clivrt-server" and field(server, "Version") == VERSION
    client_depends = field(client, "Depends")
    # dpkg-shlibdeps found the libraries the programs link; the plugins are named by hand.
    for library in ("libgstreamer1.0-0", "libgstreamer-plugins-bad1.0-0", "libssl3", "libreadline8", "libc6"):
        assert library in client_depends, client_depends
    assert "gstreamer1.0-nice" in client_depends
    server_depends = field(server, "Depends")
    assert "libssl3" in server_depends and "adduser" in server_depends, server_depends
    assert "gstreamer" not in server_depends, "the server has no media code"
    assert field(server, "Section") == "net"
    description = field(client, "Description").splitlines()
    assert description[0] and all(line.startswith(" ") and not line.startswith("  ") for line in description[1:])


def test_files_and_permissions(packages):
    client = contents(packages["clivrt"])
    expected_client = {
        "/usr/bin/clivrt": "-rwxr-xr-x",
        "/usr/share/man/man1/clivrt.1.gz": "-rw-r--r--",
        "/usr/share/man/man5/clivrt.conf.5.gz": "-rw-r--r--",
        "/usr/share/bash-completion/completions/clivrt": "-rw-r--r--",
        "/usr/share/zsh/vendor-completions/_clivrt": "-rw-r--r--",
        "/usr/share/fish/vendor_completions.d/clivrt.fish": "-rw-r--r--",
        "/usr/share/doc/clivrt/copyright": "-rw-r--r--",
        "/usr/share/doc/clivrt/changelog.gz": "-rw-r--r--",
        "/usr/share/doc/clivrt/examples/clivrt.conf": "-rw-r--r--",
    }
    server = contents(packages["clivrt-server"])
    expected_server = {
        "/usr/sbin/clivrt-server": "-rwxr-xr-x",
        "/usr/share/man/man8/clivrt-server.8.gz": "-rw-r--r--",
        "/lib/systemd/system/clivrt-server.service": "-rw-r--r--",
        "/etc/clivrt/clivrt-server.conf": "-rw-r--r--",
        "/usr/share/clivrt/web/index.html": "-rw-r--r--",
        "/usr/share/clivrt/web/app.js": "-rw-r--r--",
        "/usr/share/bash-completion/completions/clivrt-server": "-rw-r--r--",
        "/usr/share/zsh/vendor-completions/_clivrt-server": "-rw-r--r--",
        "/usr/share/fish/vendor_completions.d/clivrt-server.fish": "-rw-r--r--",
        "/usr/share/doc/clivrt-server/copyright": "-rw-r--r--",
        "/usr/share/lintian/overrides/clivrt-server": "-rw-r--r--",
    }
    for listing, expected in ((client, expected_client), (server, expected_server)):
        for path, mode in expected.items():
            assert path in listing, f"{path} missing from the package"
            assert listing[path] == (mode, "root/root"), (path, listing[path])
        assert all(owner == "root/root" for _, owner in listing.values())
    assert not set(client) & {p for p in server if not p.endswith("/")}, "a file in both packages"


def test_maintainer_scripts_and_conffiles(packages, tmp_path):
    control = tmp_path / "control"
    run("dpkg-deb", "-e", packages["clivrt-server"], control)
    assert (control / "conffiles").read_text().split() == ["/etc/clivrt/clivrt-server.conf"]
    for script in ("postinst", "prerm", "postrm"):
        path = control / script
        assert os.stat(path).st_mode & 0o777 == 0o755, script
        run("sh", "-n", path)  # parses as POSIX sh
        assert "set -e" in path.read_text()
    postinst = (control / "postinst").read_text()
    assert "adduser --system" in postinst and "deb-systemd-helper" in postinst


def test_lintian_finds_nothing_but_the_debug_build_tags(packages):
    result = run("lintian", "--allow-root", "-I", "--pedantic", *packages.values(), check=False, timeout=300)
    tags = [line for line in result.stdout.splitlines() if re.match(r"^[EWIPX]: ", line)]
    unexpected = [line for line in tags if line.split()[2] not in DEBUG_BUILD_TAGS]
    assert not unexpected, "\n".join(unexpected)
    assert not [line for line in tags if line.startswith(("E:", "W:"))]


def test_the_unpacked_programs_run(root, tmp_path):
    env = isolated_env(tmp_path)
    version = run(root / "usr/bin/clivrt", "--version", env=env).stdout
    assert version.startswith(f"clivrt {VERSION}\n") and "GStreamer 1." in version and "OpenSSL" in version
    server_version = run(root / "usr/sbin/clivrt-server", "--version", env=env).stdout
    assert server_version.startswith(f"clivrt-server {VERSION}\n") and "OpenSSL" in server_version
    server_help = run(root / "usr/sbin/clivrt-server", "--help", env=env).stdout
    assert "--config FILE" in server_help and "--turn-secret-file" in server_help


def test_the_shipped_server_config_parses_and_the_server_serves_its_web_client(root, tmp_path):
    """Every flag in /etc/clivrt/clivrt-server.conf uncommented at its default is accepted, and
    the installed server finds the installed web client by itself."""
    shipped = (root / "etc/clivrt/clivrt-server.conf").read_text()
    settings = re.findall(r"^;([a-z-]+) = (.+)$", shipped, re.M)
    assert len(settings) >= 15, shipped
    conf = tmp_path / "clivrt-server.conf"
    conf.write_text("".join(f"{key} = {value}\n" for key, value in settings))
    # --host and --port on the command line win over the file's.
    argv = [root / "usr/sbin/clivrt-server", "--config", conf, "--host", "127.0.0.1", "--port", "0"]
    proc = subprocess.Popen([str(a) for a in argv], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=isolated_env(tmp_path))
    try:
        line = proc.stdout.readline().decode()
        assert line.startswith("clivrt-server listening on ws://127.0.0.1:"), (line, proc.stderr.read1(4096))
        port = int(line.rsplit(":", 1)[1])
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=DEFAULT_TIMEOUT) as response:
            page = response.read().decode()
        assert page == (root / "usr/share/clivrt/web/index.html").read_text()
    finally:
        proc.terminate()
        proc.wait(DEFAULT_TIMEOUT)


def test_the_systemd_unit_verifies_and_is_hardened(root, tmp_path):
    unit = (root / "lib/systemd/system/clivrt-server.service").read_text()
    for setting in ("User=clivrt", "ProtectSystem=strict", "NoNewPrivileges=yes", "StateDirectory=clivrt",
                    "ExecStart=/usr/sbin/clivrt-server --config /etc/clivrt/clivrt-server.conf"):
        assert setting in unit.splitlines(), setting
    # systemd-analyze checks that ExecStart exists on this machine: point it at the unpacked one.
    local = tmp_path / "clivrt-server.service"
    local.write_text(unit.replace("ExecStart=/usr/sbin/", f"ExecStart={root}/usr/sbin/"))
    verify = run("systemd-analyze", "verify", "--man=no", local, check=False)
    assert verify.returncode == 0 and verify.stderr.strip() == "", verify.stderr
    security = run("systemd-analyze", "security", "--offline=yes", local, check=False).stdout
    exposure = float(re.search(r"Overall exposure level for \S+: ([0-9.]+)", security).group(1))
    assert exposure <= 2.0, security  # systemd's scale: 0 = fully locked down, 10 = exposed


def render_man(page: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, LANG="C.UTF-8", MANWIDTH="250", MANROFFOPT="-rHY=0", MAN_KEEP_FORMATTING="")
    return run("man", "--warnings", "-l", page, env=env, check=False)


def plain(text: str) -> str:
    """Rendered text with groff's typographic characters as ASCII and spaces collapsed."""
    for fancy, ascii_ in (("\u2010", "-"), ("\u2212", "-"), ("\u2019", "'"), ("\u2018", "'")):
        text = text.replace(fancy, ascii_)
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize("page", ["man1/clivrt.1.gz", "man5/clivrt.conf.5.gz", "man8/clivrt-server.8.gz"])
def test_every_man_page_renders_without_warnings(root, page):
    result = render_man(root / "usr/share/man" / page)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    assert "NAME" in result.stdout and "SEE ALSO" in result.stdout


def help_entries(help_text: str) -> list[tuple[str, str]]:
    """(--flag, summary) for every option CLI11's --help lists (summaries may wrap below)."""
    entries, lines = [], help_text.splitlines()
    for i, line in enumerate(lines):
        match = re.match(r"^  ((?:-[a-z],)?(--[a-z-]+)(?:[ =].*?)?)(?: {2,}(.*))?$", line)
        if not match:
            continue
        summary = match.group(3) or lines[i + 1].strip()
        entries.append((match.group(2), summary))
    return entries


@pytest.mark.parametrize("program,page", [("usr/bin/clivrt", "man1/clivrt.1.gz"),
                                          ("usr/sbin/clivrt-server", "man8/clivrt-server.8.gz")])
def test_the_man_page_options_are_the_help_options(root, tmp_path, program, page):
    help_text = run(root / program, "--help", env=isolated_env(tmp_path)).stdout
    entries = help_entries(help_text)
    assert len(entries) >= 15, help_text
    rendered = plain(render_man(root / "usr/share/man" / page).stdout)
    options = rendered[rendered.index(" OPTIONS "):]
    options = options[:re.search(r" (COMMANDS|FILES) ", options).start()]
    for flag, summary in entries:
        assert f" {flag} " in options or f" {flag}," in options or f"{flag}\n" in options, flag
        assert plain(summary) in options, (flag, summary)
    man_flags = set(re.findall(r"(?<![\w-])(--[a-z][a-z-]+)", options))
    help_flags = {flag for flag, _ in entries}
    assert help_flags <= man_flags


def test_the_config_page_lists_every_key_the_example_has(root):
    rendered = plain(render_man(root / "usr/share/man/man5/clivrt.conf.5.gz").stdout)
    keys = re.findall(r"^;([a-z_]+) =", (root / "usr/share/doc/clivrt/examples/clivrt.conf").read_text(), re.M)
    assert {"videostyle", "signalinghosturl", "autoanswer", "framerate", "video_size"} <= set(keys)
    for key in keys:
        assert f" {key} " in rendered, key


# --- completions: the real shells --------------------------------------------------------------

def completion_session(tmp_path, root) -> TmuxSession:
    session = TmuxSession(tmp_path, columns=160, rows=40)
    session.type(f"export PATH={root}/usr/bin:{root}/usr/sbin:$PATH; clear")
    return session


def test_bash_completes_flags_values_and_settings(root, tmp_path):
    with completion_session(tmp_path, root) as tmux:
        tmux.type(f"source /usr/share/bash-completion/bash_completion; "
                  f"for f in {root}/usr/share/bash-completion/completions/*; do source $f; done; clear")
        tmux.wait_screen(lambda s: s.startswith("$"), what="the prompt")
        tmux.type("clivrt --videostyle ", enter=False)
        tmux.keys("Tab", "Tab")
        tmux.wait_screen(lambda s: "just-ascii" in s and "filled-ascii" in s, what="the video styles")
        tmux.keys("C-c")
        tmux.type("clear; clivrt --vid", enter=False)
        tmux.keys("Tab")
        tmux.wait_screen("clivrt --videostyle")
        tmux.keys("C-c")
        tmux.type("clear; clivrt -o videost", enter=False)
        tmux.keys("Tab")
        tmux.wait_screen(lambda s: "-o videostyle=" in s and "-o videostyle= " not in s, what="'videostyle='")
        tmux.type("ha", enter=False)
        tmux.keys("Tab")
        tmux.wait_screen("-o videostyle=half-block")
        tmux.keys("C-c")
        tmux.type("clear; clivrt-server --log-l", enter=False)
        tmux.keys("Tab")
        tmux.wait_screen("clivrt-server --log-level")
        tmux.keys("Tab", "Tab")
        tmux.wait_screen(lambda s: "critical" in s and "debug" in s, what="the server's log levels")


def test_zsh_completes_flags_values_and_settings(root, tmp_path):
    with completion_session(tmp_path, root) as tmux:
        tmux.type("exec zsh -f")
        tmux.type(f"fpath=({root}/usr/share/zsh/vendor-completions $fpath); autoload -Uz compinit; "
                  f"compinit -u -D; PS1='%% '; clear")
        tmux.wait_screen(lambda s: s.startswith("%"), what="the zsh prompt")
        tmux.type("clivrt --videostyle ", enter=False)
        tmux.keys("Tab")
        tmux.wait_screen(lambda s: "just-ascii" in s and "filled-ascii" in s, what="the video styles")
        tmux.keys("C-c")
        tmux.type("clear; clivrt -o videost", enter=False)
        tmux.keys("Tab")
        tmux.wait_screen("-o videostyle=")
        tmux.keys("Tab")
        tmux.wait_screen(lambda s: "half-block" in s and "ascii-color" in s, what="the styles after 'videostyle='")
        tmux.keys("C-c")
        tmux.type("clear; clivrt-server --turn-t", enter=False)
        tmux.keys("Tab")
        tmux.wait_screen("clivrt-server --turn-ttl")


def fish_complete(root, tmp_path, line: str) -> list[str]:
    """What fish's own completion engine offers for `line`, with the packaged script loaded."""
    scripts = " ".join(f"source {p};" for p in (root / "usr/share/fish/vendor_completions.d").glob("*.fish"))
    env = isolated_env(tmp_path)
    result = run("fish", "--no-config", "-c", f"{scripts} complete -C{line!r}", env=env)
    return [entry.split("\t")[0] for entry in result.stdout.splitlines()]


def test_fish_completes_flags_values_and_settings(root, tmp_path):
    assert {"half-block", "just-ascii", "ascii-color", "filled-ascii"} <= set(
        fish_complete(root, tmp_path, "clivrt --videostyle "))
    assert "--videostyle" in fish_complete(root, tmp_path, "clivrt --vid")
    assert "videostyle=" in fish_complete(root, tmp_path, "clivrt -o videost")
    assert "videostyle=just-ascii" in fish_complete(root, tmp_path, "clivrt -o videostyle=")
    assert "--log-level" in fish_complete(root, tmp_path, "clivrt-server --log-l")
    assert "critical" in fish_complete(root, tmp_path, "clivrt-server --log-level ")


def test_a_plain_install_stays_under_its_prefix(tmp_path):
    """`cmake --install` (no package) puts everything under the prefix; the unit and /etc/clivrt
    belong to the package and are left out."""
    env = dict(os.environ, DESTDIR=str(tmp_path / "dest"))
    run("cmake", "--install", BUILD_DIR, "--prefix", "/opt/clivrt", env=env, timeout=300)
    top = {p.name for p in (tmp_path / "dest").iterdir()}
    assert top == {"opt"}, top
    prefix = tmp_path / "dest/opt/clivrt"
    for path in ("bin/clivrt", "sbin/clivrt-server", "share/man/man1/clivrt.1.gz",
                 "share/clivrt/web/index.html", "share/bash-completion/completions/clivrt"):
        assert (prefix / path).is_file(), path
