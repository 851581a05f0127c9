"""`ties serve` and `ties watch`: real watchdog observers on temporary folders, real renames,
a real HTTP server on a free port."""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import pytest

from site_builder.live.serve import PortInUse, make_server
from site_builder.live.watch import Changes, Rebuilder, Watcher, is_relevant
from site_builder.site import Site

TODAY = date(2026, 11, 26)


def person(name: str, note: str = "") -> str:
    return f"---\nname: {name}\n---\n{note}\n"


def wait_until(condition, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


class Live:
    """A watched network: every burst of changes rebuilds it in place and is recorded."""

    def __init__(self, root: Path):
        self.root = root
        self.out = root / "_site"
        # The search index has its own tests (test_search.py): here it would only add files.
        self.rebuilder = Rebuilder(Site(root, TODAY), self.out, log=lambda message: None, search_pause=3600)
        self.rebuilder.build()
        self.bursts: list[set[str]] = []
        self.watcher = Watcher(root, self._changed, quiet=0.1)

    def _changed(self, changes):
        self.bursts.append(changes.paths)
        self.rebuilder.build(changes)

    def stop(self) -> None:
        """Stop watching, and the search index's timer (no thread is left for the next test)."""
        self.watcher.stop()
        self.rebuilder.close()

    def page(self, slug: str) -> str:
        path = self.out / "people" / slug / "index.html"
        return path.read_text() if path.exists() else ""

    def settle(self, quiet: float = 0.4) -> None:
        """Wait until no burst has arrived for `quiet` seconds."""
        count = -1
        while count != len(self.bursts):
            count = len(self.bursts)
            time.sleep(quiet)


@pytest.fixture
def live(tmp_path):
    (tmp_path / "people").mkdir()
    (tmp_path / "interviews").mkdir()
    (tmp_path / "people" / "ada.md").write_text(person("Ada", "first version"))
    network = Live(tmp_path)
    network.watcher.start()
    time.sleep(0.1)
    yield network
    network.stop()


def test_a_save_in_place_rebuilds_the_page(live):
    (live.root / "people" / "ada.md").write_text(person("Ada", "second version"))
    assert wait_until(lambda: "second version" in live.page("ada"))


@pytest.mark.slow
def test_a_changed_field_reloads_the_pages_once_and_then_makes_the_exports(live):
    version = live.rebuilder.state.version
    (live.root / "people" / "ada.md").write_text("---\nname: Ada\ncompany: Engines\n---\nfirst version\n")
    assert wait_until(lambda: "Engines" in (live.out / "contacts.csv").read_text(encoding="utf-8-sig"))
    assert "Engines" in live.page("ada")
    live.settle()
    assert live.rebuilder.state.version == version + 1  # the exports are no page: no second reload


@pytest.mark.slow
def test_vscode_truncate_then_write_ends_with_the_whole_file(live):
    with open(live.root / "people" / "ada.md", "w") as file:
        file.write("---\nname: Ad")
        file.flush()
        os.fsync(file.fileno())
        time.sleep(0.05)
        file.write("a\n---\nwritten in two steps\n")
    assert wait_until(lambda: "written in two steps" in live.page("ada"))
    live.settle()
    assert live.rebuilder.state.ok


@pytest.mark.slow
def test_vim_backup_and_rename_is_seen_and_its_temporary_files_are_not(live):
    people = live.root / "people"
    probe = people / "4913"
    probe.write_text("")
    probe.unlink()
    swap = people / ".ada.md.swp"
    swap.write_text("swap")
    os.rename(people / "ada.md", people / "ada.md~")
    (people / "ada.md").write_text(person("Ada", "saved by vim"))
    (people / "ada.md~").unlink()
    assert wait_until(lambda: "saved by vim" in live.page("ada"))
    swap.unlink()
    live.settle()
    seen = set().union(*live.bursts)
    assert seen == {"people/ada.md"}
    assert not list(live.out.rglob("*4913*")) and not list(live.out.rglob("*~*"))


@pytest.mark.slow
def test_jetbrains_safe_write_rename_from_a_temporary_file_is_seen(live):
    people = live.root / "people"
    (people / "ada.md___jb_tmp___").write_text(person("Ada", "saved by JetBrains"))
    os.rename(people / "ada.md", people / "ada.md___jb_old___")
    os.rename(people / "ada.md___jb_tmp___", people / "ada.md")
    (people / "ada.md___jb_old___").unlink()
    assert wait_until(lambda: "saved by JetBrains" in live.page("ada"))
    live.settle()
    assert set().union(*live.bursts) == {"people/ada.md"}


@pytest.mark.slow
def test_emacs_lock_autosave_and_backup_files_never_trigger_a_build(live):
    people = live.root / "people"
    os.symlink("someone@host.1234:1700000000", people / ".#ada.md")
    (people / "#ada.md#").write_text(person("Ada", "autosave"))
    (people / "ada.md~").write_text(person("Ada", "backup"))
    time.sleep(0.6)
    assert live.bursts == []
    (people / "ada.md").write_text(person("Ada", "saved by emacs"))
    assert wait_until(lambda: "saved by emacs" in live.page("ada"))
    assert not list(live.out.rglob("*autosave*"))


@pytest.mark.slow
def test_a_burst_of_hundreds_of_files_gives_one_or_two_rebuilds(live):
    people = live.root / "people"
    for number in range(300):
        (people / f"person-{number:03d}.md").write_text(person(f"Person {number:03d}"))
    assert wait_until(lambda: (live.out / "people" / "person-299" / "index.html").exists())
    live.settle()
    assert 1 <= len(live.bursts) <= 2


@pytest.mark.slow
def test_folders_created_renamed_and_deleted_while_running(live):
    team = live.root / "people" / "team"
    team.mkdir()
    (team / "grace.md").write_text(person("Grace"))
    assert wait_until(lambda: "Grace" in live.page("grace"))
    os.rename(team, live.root / "people" / "colleagues")
    live.settle()
    assert "Grace" in live.page("grace")
    for file in (live.root / "people" / "colleagues").iterdir():
        file.unlink()
    (live.root / "people" / "colleagues").rmdir()
    assert wait_until(lambda: not (live.out / "people" / "grace").exists())


@pytest.mark.slow
def test_a_content_folder_created_after_the_start_is_watched(tmp_path):
    (tmp_path / "people").mkdir()
    (tmp_path / "people" / "ada.md").write_text(person("Ada"))
    network = Live(tmp_path)
    network.watcher.start()
    try:
        (tmp_path / "interviews").mkdir()
        network.settle()
        (tmp_path / "interviews" / "2026-11-01-ada.md").write_text("---\nperson: ada\ndate: 2026-11-01\n---\nnotes\n")
        assert wait_until(lambda: (network.out / "interviews" / "2026-11-01-ada" / "index.html").exists())
    finally:
        network.stop()


def test_changes_the_watcher_was_not_told_of_are_found_by_looking_at_every_file(tmp_path):
    people = tmp_path / "people"
    people.mkdir()
    for name in ("ada", "grace", "alan"):
        (people / f"{name}.md").write_text(person(name.title()))
    site = Site(tmp_path, TODAY)
    site.build(tmp_path / "_site", in_place=True)
    assert site.changed_unseen() == set()
    (people / "ada.md").write_text(person("Ada", "changed"))
    (people / "grace.md").unlink()
    (people / "linus.md").write_text(person("Linus"))
    assert site.changed_unseen() == {"people/ada.md", "people/grace.md", "people/linus.md"}
    site.build(tmp_path / "_site", in_place=True, changed={"people/ada.md"})  # told of one only
    assert site.changed_unseen() == {"people/grace.md", "people/linus.md"}
    site.build(tmp_path / "_site", in_place=True)
    (tmp_path / "pyproject.toml").write_text('[tool.site_builder]\ntitle = "Mine"\n')
    (tmp_path / "theme" / "static").mkdir(parents=True)
    (tmp_path / "theme" / "static" / "extra.css").write_text("body {}\n")
    assert site.changed_unseen() == {"pyproject.toml", "theme/static/extra.css"}


def test_the_exports_are_made_a_moment_after_the_pages_so_the_reloading_pages_are_served_first(tmp_path):
    (tmp_path / "people").mkdir()
    (tmp_path / "people" / "ada.md").write_text(person("Ada"))
    rebuilder = Rebuilder(Site(tmp_path, TODAY), tmp_path / "_site", log=lambda message: None, search_pause=3600,
                          finish_pause=0.5)
    rebuilder.build()
    (tmp_path / "people" / "ada.md").write_text(person("Ada").replace("name: Ada", "name: Ada\ncompany: Looms"))
    out, seen = tmp_path / "_site", []

    def reload():  # as an open page does, when told
        state = rebuilder.wait_for_change(rebuilder.state, 30)
        seen.append((state.version, time.monotonic(), (out / "people/ada/index.html").read_text(),
                     (out / "contacts.csv").read_text(encoding="utf-8-sig")))
    reloading = threading.Thread(target=reload)
    reloading.start()
    rebuilder.build(Changes({"people/ada.md"}))
    finished = time.monotonic()
    reloading.join()
    version, reloaded, page, contacts = seen[0]
    assert version == 2 and "Looms" in page and "Looms" not in contacts  # the page first, the exports not yet
    assert finished - reloaded >= 0.4
    assert "Looms" in (out / "contacts.csv").read_text(encoding="utf-8-sig")
    rebuilder.close()


def test_the_watcher_reports_an_error_once_per_save_and_says_when_a_save_fixes_it(tmp_path):
    (tmp_path / "people").mkdir()
    (tmp_path / "people" / "ada.md").write_text(person("Ada"))
    messages = []
    rebuilder = Rebuilder(Site(tmp_path, TODAY), tmp_path / "_site", log=messages.append, search_pause=3600)
    rebuilder.build()
    broken = tmp_path / "people" / "bo.md"
    broken.write_text("---\nname: Bo\nphone: 0123\n---\n")
    messages.clear()
    rebuilder.build(Changes({"people/bo.md"}))
    assert len(messages) == 2 and messages[0].startswith("people/bo.md:3: error: phone")
    assert messages[1] == "Not rebuilt: 1 error(s); still serving the last good site."
    assert not rebuilder.state.ok
    broken.unlink()  # the site it builds is the last good one: no file changes
    messages.clear()
    rebuilder.build(Changes({"people/bo.md"}))
    assert rebuilder.state.ok and rebuilder.state.diagnostics == []
    assert len(messages) == 1 and re.fullmatch(r"Built in \d+ ms: no file changed\.", messages[0])
    rebuilder.close()


def test_a_theme_change_the_watcher_was_not_told_of_reloads_the_theme(tmp_path):
    (tmp_path / "people").mkdir()
    (tmp_path / "people" / "ada.md").write_text(person("Ada"))
    rebuilder = Rebuilder(Site(tmp_path, TODAY), tmp_path / "_site", log=lambda message: None, search_pause=3600)
    rebuilder.build()
    style = tmp_path / "theme" / "static" / "style.css"
    style.parent.mkdir(parents=True)
    style.write_text("body { color: rebeccapurple; }\n")
    rebuilder.recheck()
    assert "rebeccapurple" in (tmp_path / "_site" / "assets" / "style.css").read_text()
    rebuilder.close()


@pytest.mark.slow
def test_once_the_saves_pause_the_watcher_rebuilds_for_changes_it_was_not_told_of(tmp_path):
    (tmp_path / "people").mkdir()
    (tmp_path / "people" / "ada.md").write_text(person("Ada", "first version"))
    network = Live(tmp_path)
    logged = []
    network.rebuilder.log = logged.append
    settled = threading.Event()

    def recheck():
        network.rebuilder.recheck()
        settled.set()
    network.watcher = Watcher(tmp_path, network._changed, quiet=0.1, on_settled=recheck, settle=0.3)
    network.watcher.start()
    try:
        # Written through a second name outside the watched folders, the change raises no event
        # for them: as if it were lost (the system's queue of events overflows past 16,384).
        outside = tmp_path / "elsewhere"
        outside.mkdir()
        os.link(tmp_path / "people" / "ada.md", outside / "ada.md")
        (tmp_path / "people" / "grace.md").write_text(person("Grace"))  # a save the watcher hears of
        assert wait_until(lambda: "Grace" in network.page("grace"))
        with open(outside / "ada.md", "w") as file:
            file.write(person("Ada", "changed unseen"))
        assert wait_until(lambda: "changed unseen" in network.page("ada"))
        assert all(burst <= {"people/grace.md"} for burst in network.bursts)
        assert any("1 file(s) changed without the watcher being told" in line for line in logged)
        assert wait_until(settled.is_set)  # the recheck ends after its rebuild is served
        network.rebuilder.recheck()  # nothing more to find: no rebuild
        assert sum("without the watcher being told" in line for line in logged) == 1
    finally:
        network.stop()


@pytest.mark.slow
def test_a_broken_file_keeps_the_last_good_site_and_the_fix_clears_it(live):
    version = live.rebuilder.state.version
    (live.root / "people" / "ada.md").write_text("---\nname: Ada\ntie: [unclosed\n---\nbroken\n")
    assert wait_until(lambda: not live.rebuilder.state.ok)
    errors = live.rebuilder.state.diagnostics
    assert errors and errors[0].file == "people/ada.md" and errors[0].line is not None
    assert "first version" in live.page("ada")
    (live.root / "people" / "ada.md").write_text(person("Ada", "fixed"))
    assert wait_until(lambda: live.rebuilder.state.ok and "fixed" in live.page("ada"))
    assert live.rebuilder.state.version > version


@pytest.mark.slow
def test_only_files_whose_bytes_changed_are_rewritten(live):
    before = {p: p.stat().st_mtime_ns for p in live.out.rglob("*") if p.is_file()}
    time.sleep(0.05)
    os.utime(live.root / "people" / "ada.md")  # touched, not changed
    (live.root / "people" / "ada.md").write_text(person("Ada", "first version"))
    live.settle()
    after = {p: p.stat().st_mtime_ns for p in live.out.rglob("*") if p.is_file()}
    assert after == before
    version = live.rebuilder.state.version
    (live.root / "people" / "ada.md").write_text(person("Ada", "a real change"))
    assert wait_until(lambda: live.rebuilder.state.version > version)
    changed = {p for p in after if p.stat().st_mtime_ns != after[p]}
    assert live.out / "people" / "ada" / "index.html" in changed
    assert live.out / "assets" / "style.css" not in changed


def test_relevance_of_paths(tmp_path):
    assert is_relevant(tmp_path, str(tmp_path / "people" / "a.md"))
    assert is_relevant(tmp_path, str(tmp_path / "interviews" / "sub" / "b.md"))
    assert is_relevant(tmp_path, str(tmp_path / "pyproject.toml"))
    assert is_relevant(tmp_path, str(tmp_path / "theme" / "templates" / "base.html"))
    for ignored in ("people/a.md~", "people/.a.md.swp", "people/#a.md#", "people/.#a.md", "people/4913",
                    "people/a.md___jb_tmp___", "_site/index.html", "notes.md", ".git/index"):
        assert not is_relevant(tmp_path, str(tmp_path / ignored)), ignored


def slow_pagefind(tmp_path: Path) -> tuple[Path, Path]:
    """A stand-in for Pagefind that writes its process id to a file, then runs for a minute."""
    started = tmp_path / "pagefind-started"
    binary = tmp_path / "slow-pagefind"
    binary.write_text(f"#!/bin/sh\necho $$ > {started}.part && mv {started}.part {started}\nexec sleep 60\n")
    binary.chmod(0o755)
    return binary, started


def is_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.slow
def test_closing_the_rebuilder_stops_an_index_under_way_and_removes_its_work(tmp_path, monkeypatch):
    binary, started = slow_pagefind(tmp_path)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(binary))
    (tmp_path / "people").mkdir()
    (tmp_path / "people" / "ada.md").write_text(person("Ada", "Notes, for the search index to hold."))
    messages = []
    rebuilder = Rebuilder(Site(tmp_path, TODAY), tmp_path / "_site", log=messages.append, search_pause=3600)
    rebuilder.build()
    indexing = threading.Thread(target=rebuilder.index_search)
    indexing.start()
    assert wait_until(started.exists)
    pid = int(started.read_text())
    rebuilder.close()
    indexing.join(timeout=5)
    assert not indexing.is_alive() and not is_running(pid)
    assert [p.name for p in (tmp_path / "_site").iterdir() if "pagefind" in p.name] == []
    assert messages == [m for m in messages if "search" not in m.lower()]  # stopping is no failure to report


@pytest.mark.slow
def test_a_terminated_watch_stops_as_on_ctrl_c_and_stops_pagefind(tmp_path):
    binary, started = slow_pagefind(tmp_path)
    (tmp_path / "people").mkdir()
    (tmp_path / "people" / "ada.md").write_text(person("Ada", "Notes, for the search index to hold."))
    out = tmp_path / "_site"
    command = [sys.executable, "-m", "site_builder", "watch", "--root", str(tmp_path), "--out", str(out)]
    watching = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                env={**os.environ, "PAGEFIND_BINARY_PATH": str(binary)})
    try:
        assert wait_until(started.exists, timeout=60)  # the first index, once the saves pause
        pid = int(started.read_text())
        watching.send_signal(signal.SIGTERM)
        said, _ = watching.communicate(timeout=20)
        assert watching.returncode == 0 and said.rstrip().endswith("Stopped."), said
        assert not is_running(pid)
        assert [p.name for p in out.iterdir() if "pagefind" in p.name] == []
    finally:
        watching.kill()
        if started.exists() and is_running(int(started.read_text())):
            os.kill(int(started.read_text()), signal.SIGKILL)


# The server


@pytest.fixture
def server(tmp_path):
    (tmp_path / "people").mkdir()
    (tmp_path / "people" / "ada.md").write_text(person("Ada", "served"))
    (tmp_path / "secret.txt").write_text("outside the site")
    network = Live(tmp_path)
    running = make_server(network.rebuilder, "127.0.0.1", 0)
    thread = threading.Thread(target=running.serve_forever, daemon=True)
    thread.start()
    yield network, running.server_address[1]
    running.shutdown()
    running.server_close()
    network.rebuilder.close()


def get(port: int, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    connection.request("GET", path)
    response = connection.getresponse()
    return response.status, response.read()


def raw_request(port: int, path: str) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
        connection.sendall(f"GET {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
        reply = b""
        while chunk := connection.recv(4096):
            reply += chunk
        return reply


@pytest.mark.slow
def test_the_server_serves_pages_with_the_live_reload_script(server):
    network, port = server
    status, body = get(port, "/people/ada/index.html")
    assert status == 200 and b"served" in body
    assert b'src="/__ties__/live.js"' in body
    assert b"/__ties__/" not in (network.out / "people" / "ada" / "index.html").read_bytes()
    status, script = get(port, "/__ties__/live.js")
    assert status == 200 and b"EventSource" in script


@pytest.mark.slow
def test_the_server_signals_a_reload_when_the_output_changed(server):
    network, port = server
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", "/__ties__/events")
    stream = connection.getresponse()
    first = stream.fp.readline()
    assert b'"version": 1' in first and b'"ok": true' in first
    (network.root / "people" / "ada.md").write_text(person("Ada", "changed"))
    network.rebuilder.build()
    stream.fp.readline()
    assert b'"version": 2' in stream.fp.readline()
    connection.close()


@pytest.mark.parametrize("path", ["/people/ada/index.html", "/people/ada/", "/people/ada", "/nowhere.html",
                                  "/__ties__/live.js", "/__ties__/events", "/../secret.txt"])
@pytest.mark.slow
def test_a_head_request_is_answered_as_a_get_without_its_body(server, path):
    _, port = server
    answers = []
    for method in ("GET", "HEAD"):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        connection.request(method, path)
        response = connection.getresponse()
        headers = {name: response.getheader(name) for name in ("Content-Type", "Content-Length", "Location")}
        answers.append((response.status, headers, response.read() if method == "HEAD" else b""))
        connection.close()
    assert answers[0] == answers[1]


@pytest.mark.parametrize("path", ["/../secret.txt", "/%2e%2e/secret.txt", "/people/..%2f..%2fsecret.txt",
                                  "/%2E%2E%5csecret.txt", "/..\\secret.txt"])
@pytest.mark.slow
def test_requests_outside_the_output_folder_are_refused(server, path):
    _, port = server
    reply = raw_request(port, path)
    assert reply.split()[1] == b"403"


@pytest.mark.slow
def test_a_taken_port_is_reported_with_a_free_one(server):
    network, port = server
    with pytest.raises(PortInUse) as taken:
        make_server(network.rebuilder, "127.0.0.1", port)
    assert taken.value.port == port and taken.value.suggestion not in (None, port)
