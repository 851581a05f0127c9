"""`ties check` with nothing changed since the last check gives that check's report again, read
from the cache, without reading a record; it is always the report a check keeping nothing
gives (`KeepNothing`), whatever changed in between."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

from site_builder import cli
from site_builder.incremental import builds
from site_builder.incremental.cache import cache_folder
from site_builder.incremental.keeper import KeepNothing
from site_builder.site import Site

TODAY = date(2026, 11, 26)

NETWORK = {
    "people/ada.md": "---\nname: Ada Lovelace\ncompany: Engines\nfavourite: tea\n---\nKnows [[grace]].\n",
    "people/grace.md": "---\nname: Grace Hopper\nintroduced_by: ada\ncontacted: 2026-11-01\n---\nNotes.\n",
    "people/alan.md": "---\nname: Alan Turing\nintroduced_by: nobody\n---\n",
    "interviews/2026-11-10-grace.md": "---\nperson: grace\ndate: 2026-11-10\nthanked: 2026-11-01\n---\n",
    "interviews/2026-12-20-ada.md": "---\nperson: ada\ndate: 2026-12-20\nstatus: done\n---\n",  # in the future
    "pyproject.toml": '[tool.site_builder]\nseeking = ["compilers"]\n',
}

CHANGES = [  # (what, {path: text, or None to remove it}, the day)
    ("an edit", {"people/alan.md": NETWORK["people/alan.md"].replace("nobody", "grace")}, TODAY),
    ("a rename", {"people/ada.md": None, "people/ada-lovelace.md": NETWORK["people/ada.md"]}, TODAY),
    ("a deleted file", {"interviews/2026-11-10-grace.md": None}, TODAY),
    ("a changed configuration", {"pyproject.toml": '[tool.site_builder]\nseekin = ["compilers"]\n'}, TODAY),
    ("a new day", {}, TODAY + timedelta(days=40)),
    ("a new file", {"people/linus.md": "---\nname: Linus\nbirthday: 30\n---\n"}, TODAY + timedelta(days=40)),
]

CLEAN = ("people/ada.md", "people/grace.md", "people/alan.md", "pyproject.toml")  # warnings only

_seconds = iter(range(10**6))


def _write(root: Path, files: dict[str, str | None]) -> None:
    """Write (or remove) the files, each dated a minute ago or more and later than any before:
    older than the two seconds in which a file is not trusted unchanged."""
    for relative, text in files.items():
        path = root / relative
        if text is None:
            path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        stamp = time.time() - 3600 + next(_seconds)
        os.utime(path, (stamp, stamp))


def _as_printed(report) -> tuple:
    return [d.as_dict() for d in report.diagnostics], report.people, report.interviews


@pytest.fixture
def checks(monkeypatch):
    """Counts the checks that read the files (not answered from the last report)."""
    counted = []
    check = Site.check
    monkeypatch.setattr(Site, "check", lambda site, *a, **k: counted.append(1) or check(site, *a, **k))
    return counted


def test_a_check_with_nothing_changed_gives_the_last_report_without_reading_a_file(tmp_path, checks):
    _write(tmp_path, NETWORK)
    first = Site(tmp_path, TODAY).report()
    again = Site(tmp_path, TODAY).report()  # as a new run of ties would
    assert len(checks) == 1
    assert again is not first
    assert _as_printed(again) == _as_printed(first) == _as_printed(Site(tmp_path, TODAY, keep=KeepNothing).report())
    assert {d.severity for d in first.diagnostics} == {"error", "warning"}


@pytest.mark.parametrize("what, files, today", CHANGES, ids=[what for what, _, _ in CHANGES])
def test_after_a_change_the_report_is_the_one_a_check_keeping_nothing_gives(tmp_path, checks, what, files, today):
    _write(tmp_path, NETWORK)
    before = Site(tmp_path, TODAY).report()
    _write(tmp_path, files)
    after = Site(tmp_path, today).report()
    assert len(checks) == 2  # the change was seen: the files were read again
    assert _as_printed(Site(tmp_path, today).report()) == _as_printed(after)
    assert len(checks) == 2  # and the report of the new files kept
    assert _as_printed(after) == _as_printed(Site(tmp_path, today, keep=KeepNothing).report())
    assert _as_printed(after) != _as_printed(before)


def test_a_file_saved_in_the_last_two_seconds_is_read(tmp_path, checks):
    _write(tmp_path, NETWORK)
    (tmp_path / "people/alan.md").write_text(NETWORK["people/alan.md"], encoding="utf-8")  # dated now
    Site(tmp_path, TODAY).report()
    Site(tmp_path, TODAY).report()  # its next change could keep its size and time: not trusted
    assert len(checks) == 2


def test_a_damaged_report_reads_as_missing(tmp_path, checks):
    _write(tmp_path, NETWORK)
    first = Site(tmp_path, TODAY).report()
    kept = next(cache_folder(tmp_path).glob("checks.*"))
    kept.write_bytes(kept.read_bytes().replace(b"nobody", b"someone"))
    assert _as_printed(Site(tmp_path, TODAY).report()) == _as_printed(first)
    assert len(checks) == 2


def test_the_inputs_of_a_check_are_unknown_for_a_folder_named_like_a_content_file(tmp_path):
    _write(tmp_path, NETWORK)
    assert builds.check_inputs(tmp_path, TODAY) is not None
    (tmp_path / "people/folder.md").mkdir()
    os.utime(tmp_path / "people/folder.md", (time.time() - 60, time.time() - 60))  # not too recent to tell
    assert builds.check_inputs(tmp_path, TODAY) is None


def test_ties_check_prints_the_same_from_the_last_report(tmp_path, checks, capsys):
    _write(tmp_path, NETWORK)
    printed = []
    for _ in range(2):
        status = cli.main(["check", "--root", str(tmp_path), "--today", TODAY.isoformat()])
        printed.append((status, capsys.readouterr().out))
    assert len(checks) == 1
    assert printed[0] == printed[1]
    assert printed[0][0] == 1 and "Checked 3 people and 2 interviews: 1 error, 3 warnings." in printed[0][1]


@pytest.mark.parametrize("errors", [True, False], ids=["with errors", "without"])
def test_a_build_leaves_its_check_for_ties_check_to_give(tmp_path, checks, monkeypatch, errors):
    monkeypatch.setenv("TIES_CACHE_DIR", str(tmp_path / "cache"))
    network = tmp_path / "network"
    _write(network, NETWORK if errors else {path: NETWORK[path] for path in CLEAN})
    assert Site(network, TODAY).build(tmp_path / "out").built is not errors
    report = Site(network, TODAY).report()
    assert len(checks) == 1  # the build's
    assert _as_printed(report) == _as_printed(Site(network, TODAY, keep=KeepNothing).report())
    _write(network, CHANGES[0][1])
    assert _as_printed(Site(network, TODAY).report()) == _as_printed(Site(network, TODAY, keep=KeepNothing).report())
    assert len(checks) == 4


def test_a_build_up_to_date_leaves_the_report_of_the_build_before(tmp_path, checks, monkeypatch):
    monkeypatch.setenv("TIES_CACHE_DIR", str(tmp_path / "cache"))
    _write(tmp_path / "network", {path: NETWORK[path] for path in CLEAN})
    for _ in range(2):
        Site(tmp_path / "network", TODAY).build(tmp_path / "out")
    assert Site(tmp_path / "network", TODAY).build(tmp_path / "out").up_to_date
    Site(tmp_path / "network", TODAY).report()
    assert len(checks) == 1


RENDERING_LIBRARIES = ("jinja2", "markdown", "nh3", "icalendar", "cryptography")


def test_a_check_loads_no_library_that_only_a_build_uses(tmp_path):
    """`ties check` (and `ties check` again, answered from the cache) starts no sooner than the
    libraries it imports allow: it loads neither the templates' Jinja nor Markdown and nh3 (a
    check reads notes as text), nor the calendar's or the encryption's libraries."""
    for path, text in NETWORK.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text)
    program = ("import sys; from site_builder import cli; status = cli.main(['check', '--root', sys.argv[1]]);"
               f"print(sorted({{name.split('.')[0] for name in sys.modules}} & set({RENDERING_LIBRARIES!r})))")
    environment = {**os.environ, "TIES_CACHE_DIR": str(tmp_path / "cache")}
    for _ in range(2):
        done = subprocess.run([sys.executable, "-c", program, str(tmp_path)], capture_output=True, text=True,
                              env=environment, timeout=60)
        assert done.stdout.splitlines()[-1] == "[]", done.stdout + done.stderr
    built = subprocess.run([sys.executable, "-c", program.replace("'check'", "'build'"), str(tmp_path)],
                           capture_output=True, text=True, env=environment, timeout=60)
    assert "jinja2" in built.stdout.splitlines()[-1]  # (the test sees what is loaded)
