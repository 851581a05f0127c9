"""A build stopped at any point never leaves a site that a later build takes as right, and two
builds of the same files are the same, byte for byte.

An output folder's marker says it is being updated from before anything in it changes until
its pages, exports and search index are all made; a run finding it so (another run was
stopped halfway) trusts nothing kept about it and makes the whole site again.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from site_builder.output import folder, search
from site_builder.output.folder import MARKER, NewSite, SiteUpdate
from site_builder.site import Site

TODAY = date(2026, 11, 26)

NETWORK = {
    "people/ada.md": "---\nname: Ada Lovelace\nemail: ada@example.com\ncompany: Engines\n---\nKnows [[grace]].\n",
    "people/grace.md": "---\nname: Grace Hopper\nintroduced_by: ada\n---\nGrace collects sextants.\n",
    "interviews/2026-11-10-grace.md": "---\nperson: grace\ndate: 2026-11-10\n---\n## Summary\nGood talk.\n",
}


def write(root: Path, files: dict[str, str | None]) -> None:
    for path, text in files.items():
        target = root / path
        if text is None:
            target.unlink(missing_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text)


def tree(folder: Path) -> dict[str, bytes]:
    """Every file in the folder, search index and marker included."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def root(tmp_path, monkeypatch):
    monkeypatch.setenv("TIES_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "network"
    write(root, NETWORK)
    return root


def fresh(root: Path, out: Path, monkeypatch) -> dict[str, bytes]:
    """What a fresh build of the network gives: into a folder of its own, with a cache of its own."""
    with monkeypatch.context() as apart:
        apart.setenv("TIES_CACHE_DIR", str(out.parent / f"{out.name}-cache"))
        assert Site(root, TODAY).build(out).built
    return tree(out)


@pytest.mark.slow
def test_two_fresh_builds_of_the_same_files_are_byte_identical_marker_and_search_index_included(
        root, tmp_path, monkeypatch):
    first = fresh(root, tmp_path / "first", monkeypatch)
    assert "pagefind/shards.json" in first and MARKER in first
    assert fresh(root, tmp_path / "second", monkeypatch) == first


@pytest.mark.slow
def test_the_mark_changes_with_what_the_site_is_made_from(root, tmp_path, monkeypatch):
    before = fresh(root, tmp_path / "before", monkeypatch)[MARKER]
    write(root, {"people/grace.md": NETWORK["people/grace.md"].replace("sextants", "astrolabes")})
    assert fresh(root, tmp_path / "after", monkeypatch)[MARKER] != before


@pytest.mark.slow
def test_a_folder_marked_as_being_updated_by_a_stopped_run_is_made_whole_search_index_included(
        root, tmp_path, monkeypatch):
    out = tmp_path / "site"
    assert Site(root, TODAY).build(out).built
    # A run stopped halfway: a page written, the index not made again, the marker saying so.
    (out / MARKER).write_text((out / MARKER).read_text().rsplit("build ", 1)[0] + "updating 0123\n")
    (out / "people" / "grace" / "index.html").write_text("half-written")
    shutil.rmtree(out / "people" / "ada")
    result = Site(root, TODAY).build(out)
    assert result.built and not result.up_to_date
    assert tree(out) == fresh(root, tmp_path / "fresh", monkeypatch)


@pytest.mark.slow
def test_the_up_to_date_record_is_not_trusted_for_a_folder_a_stopped_run_was_updating(root, tmp_path, monkeypatch):
    out = tmp_path / "site"
    for path in NETWORK:  # (a file saved in the last two seconds makes every build run in full)
        os.utime(root / path, (1_700_000_000, 1_700_000_000))
    assert Site(root, TODAY).build(out).built
    assert Site(root, TODAY).build(out).up_to_date
    (out / MARKER).write_text((out / MARKER).read_text().rsplit("build ", 1)[0] + "updating 0123\n")
    (out / "index.html").unlink()
    assert not Site(root, TODAY).build(out).up_to_date
    assert tree(out) == fresh(root, tmp_path / "fresh", monkeypatch)
    assert Site(root, TODAY).build(out).up_to_date


def test_an_update_in_place_marks_the_folder_as_being_updated_before_it_changes_anything(root, tmp_path, monkeypatch):
    out = tmp_path / "site"
    assert Site(root, TODAY).build(out).built
    write(root, {"people/grace.md": NETWORK["people/grace.md"].replace("sextants", "astrolabes")})
    markers = []
    add = SiteUpdate.add

    def telling(self, relative, data):
        add(self, relative, data)
        markers.append((out / MARKER).read_text().splitlines()[-1])  # once the file is written
    monkeypatch.setattr(SiteUpdate, "add", telling)
    assert Site(root, TODAY).build(out).changed
    assert markers and all(marker.startswith("updating ") for marker in markers)
    assert (out / MARKER).read_text().splitlines()[-1].startswith("build ")


def test_a_new_site_is_put_in_place_marked_as_being_updated_until_its_search_index_is_made(
        root, tmp_path, monkeypatch):
    out = tmp_path / "site"
    seen = []
    index_site = search.index_site

    def telling(folder, *arguments):
        seen.append((folder / MARKER).read_text().splitlines()[-1])
        return index_site(folder, *arguments)
    monkeypatch.setattr(search, "index_site", telling)
    assert Site(root, TODAY).build(out).built
    assert seen and seen[0].startswith("updating ")
    assert (out / MARKER).read_text().splitlines()[-1].startswith("build ")


def test_the_search_index_is_made_beside_the_output_never_in_it(root, tmp_path, monkeypatch):
    out = tmp_path / "site"
    inside = []
    index_shard = search._index_shard

    def telling(binary, folder, pages, bundle, stop):
        inside.extend(p.relative_to(out).as_posix() for p in out.rglob(".*") if p.name not in (MARKER, ".nojekyll"))
        assert not bundle.resolve().is_relative_to(out.resolve())
        return index_shard(binary, folder, pages, bundle, stop)
    monkeypatch.setattr(search, "_index_shard", telling)
    assert Site(root, TODAY).build(out).built
    write(root, {"people/grace.md": NETWORK["people/grace.md"].replace("sextants", "astrolabes")})
    assert Site(root, TODAY).build(out).built  # (one shard made again, in place)
    assert inside == []


@pytest.mark.slow
def test_what_a_stopped_index_left_in_or_beside_the_output_is_removed_by_the_next(root, tmp_path, monkeypatch):
    out = tmp_path / "site"
    assert Site(root, TODAY).build(out).built
    left = [out / ".pagefind-new-x1" / "fragment" / "en_1.pf_fragment", out / "pagefind" / ".0-new-x2" / "a.pf_meta",
            tmp_path / ".site.search-x3" / "0" / "pagefind-entry.json"]
    for path in left:
        path.parent.mkdir(parents=True)
        path.write_text("ada@example.com")
    write(root, {"people/grace.md": NETWORK["people/grace.md"].replace("sextants", "astrolabes")})
    assert Site(root, TODAY).build(out).built
    assert [path for path in left if path.parent.exists()] == []
    assert tree(out) == fresh(root, tmp_path / "fresh", monkeypatch)


def test_a_new_site_and_an_old_one_left_beside_the_output_by_a_stopped_build_are_removed_by_the_next(
        root, tmp_path, monkeypatch):
    out = tmp_path / "site"
    assert Site(root, TODAY).build(out).built
    for leftover in (".site.new-x1", ".site.old-x2/site"):
        (tmp_path / leftover).mkdir(parents=True)
        (tmp_path / leftover / "data.json").write_text("ada@example.com")
    write(root, {"people/grace.md": NETWORK["people/grace.md"].replace("sextants", "astrolabes")})
    assert Site(root, TODAY).build(out).built
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".site")) == []


def test_a_file_in_the_output_that_the_site_does_not_hold_is_removed(root, tmp_path, monkeypatch):
    out = tmp_path / "site"
    assert Site(root, TODAY).build(out).built
    strays = [out / "people" / "ada" / "old.html", out / ".index.html.tmp", out / "notes" / "copied.md"]
    for stray in strays:
        stray.parent.mkdir(parents=True, exist_ok=True)
        stray.write_text("ada@example.com")
    write(root, {"people/grace.md": NETWORK["people/grace.md"].replace("sextants", "astrolabes")})
    assert Site(root, TODAY).build(out).built
    assert [stray for stray in strays if stray.exists()] == [] and not (out / "notes").exists()


def _age_folders(out: Path) -> None:
    """Give every folder of `out` a time of last change well in the past, as a site built a while
    ago has (one changed in the last two seconds is always read again)."""
    past = time.time() - 60
    for folder in [out, *(path for path in out.rglob("*") if path.is_dir() and not path.is_symlink())]:
        os.utime(folder, (past, past))


def test_a_new_run_reads_only_the_folders_changed_since_the_last_and_still_removes_what_was_added(
        root, tmp_path, monkeypatch):
    out = tmp_path / "site"
    assert Site(root, TODAY).build(out).built
    _age_folders(out)
    write(root, {"people/grace.md": NETWORK["people/grace.md"].replace("sextants", "astrolabes")})
    with monkeypatch.context() as trusting:  # (the folders of a site just replaced whole are all read)
        trusting.setattr(folder, "RECENT_NS", 0)  # the folder it writes is trusted too: the test waits less
        assert Site(root, TODAY).build(out).built
    time.sleep(0.05)  # a tick of the clock of any file system
    strays = [out / "people" / "ada" / "old.html", out / ".index.html.tmp", out / "notes" / "deep" / "copied.md",
              out / "companies" / "engines" / "ada.vcf"]
    for stray in strays:
        stray.parent.mkdir(parents=True, exist_ok=True)
        stray.write_text("ada@example.com")
    (out / "link").symlink_to(root / "people")
    listed, sweeping, scandir, finish = [], [], os.scandir, SiteUpdate.finish

    def finishing(self, paths):  # the folders read while the files no longer built are found
        sweeping.append(True)
        try:
            return finish(self, paths)
        finally:
            sweeping.clear()
    monkeypatch.setattr(os, "scandir", lambda path=".": (sweeping and listed.append(path)) or scandir(path))
    monkeypatch.setattr(SiteUpdate, "finish", finishing)
    write(root, {"people/grace.md": NETWORK["people/grace.md"]})
    assert Site(root, TODAY).build(out).built
    monkeypatch.undo()
    assert [stray for stray in strays if stray.exists()] == [] and not (out / "notes").exists()
    assert not (out / "link").is_symlink() and (root / "people" / "ada.md").is_file()
    folders = [path for path in out.rglob("*") if path.is_dir()]
    read = {Path(path).relative_to(out).as_posix() for path in listed
            if isinstance(path, (str, Path)) and Path(path).is_relative_to(out)}
    assert read == {".", "people/ada", "people/grace", "companies/engines", "notes", "notes/deep"}
    assert len(folders) > 2 * len(read)
    assert tree(out) == fresh(root, tmp_path / "fresh", monkeypatch)


def test_a_folder_changed_just_before_the_last_build_read_it_is_read_again(root, tmp_path, monkeypatch):
    out = tmp_path / "site"
    assert Site(root, TODAY).build(out).built
    _age_folders(out)
    write(root, {"people/grace.md": NETWORK["people/grace.md"].replace("sextants", "astrolabes")})
    assert Site(root, TODAY).build(out).built  # which rewrote grace's page just now
    grace = out / "people" / "grace"
    then = grace.stat().st_mtime_ns
    (grace / "old.html").write_text("ada@example.com")
    os.utime(grace, ns=(then, then))  # as a file added in the same tick of a coarse clock leaves it
    write(root, {"people/ada.md": NETWORK["people/ada.md"] + "More.\n"})  # (grace's page stays as it is)
    assert (result := Site(root, TODAY).build(out)).built
    assert "people/grace/index.html" not in result.changed and not (grace / "old.html").exists()


@pytest.mark.slow
def test_the_watcher_marks_its_folder_complete_once_its_pages_are_indexed(root, tmp_path, monkeypatch):
    from site_builder.live.watch import Rebuilder

    out = tmp_path / "live"
    rebuilder = Rebuilder(Site(root, TODAY), out, log=lambda message: None, search_pause=3600)
    assert rebuilder.build().search_stale
    assert (out / MARKER).read_text().splitlines()[-1].startswith("updating ")
    rebuilder.index_search()
    assert (out / MARKER).read_text().splitlines()[-1].startswith("build ")
    write(root, {"people/grace.md": NETWORK["people/grace.md"].replace("sextants", "astrolabes")})
    rebuilder.build()
    assert (out / MARKER).read_text().splitlines()[-1].startswith("updating ")
    rebuilder.index_search()
    rebuilder.close()
    assert tree(out) == fresh(root, tmp_path / "fresh", monkeypatch)


@pytest.mark.slow
def test_the_watcher_makes_whole_a_folder_its_own_stopped_build_left_halfway(root, tmp_path, monkeypatch):
    out = tmp_path / "live"
    site = Site(root, TODAY)
    assert site.build(out, in_place=True).built
    write(root, {"people/grace.md": NETWORK["people/grace.md"].replace("sextants", "astrolabes")})

    def stopped(self, relative, data):
        (out / "people" / "ada" / "index.html").write_text("half-written")
        raise OSError("disk full")
    with monkeypatch.context() as failing:
        failing.setattr(SiteUpdate, "add", stopped)
        with pytest.raises(OSError):
            site.build(out, in_place=True, changed={"people/grace.md"})
    written = []
    add = NewSite.add
    monkeypatch.setattr(NewSite, "add", lambda self, relative, data: written.append(relative) or add(self, relative, data))
    assert site.build(out, in_place=True, changed=set()).built
    assert "people/ada/index.html" in written
    search.index_site(out)
    assert tree(out).keys() - {MARKER} == fresh(root, tmp_path / "fresh", monkeypatch).keys() - {MARKER}


def generated_network(folder: Path, people: int, interviews: int) -> Path:
    spec = importlib.util.spec_from_file_location("generate", Path(__file__).parents[1] / "benchmarks" / "generate.py")
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    generator.generate(folder, people, interviews, seed=11)
    return folder


def edited(root: Path) -> dict[str, str | None]:
    """The files of a second state of the network: a note and a field edited, someone removed,
    someone added."""
    first, second, third = sorted((root / "people").glob("*.md"))[:3]
    return {
        first.relative_to(root).as_posix(): first.read_text().replace("\n---\n", "\n---\nA new note.\n", 1),
        second.relative_to(root).as_posix(): second.read_text().replace("tie: weak", "tie: strong"),
        third.relative_to(root).as_posix(): None,
        "people/zed-newcomer.md": "---\nname: Zed Newcomer\nemail: zed@example.com\n---\nMet at a meetup.\n",
    }


@pytest.mark.slow
def test_a_build_killed_at_any_point_is_followed_by_one_that_gives_exactly_a_fresh_build(tmp_path, monkeypatch):
    root = generated_network(tmp_path / "network", 250, 80)
    states = [{path: (root / path).read_text() if (root / path).exists() else None for path in edited(root)}]
    states.append(edited(root))
    expected = []
    for number, state in enumerate(states):
        write(root, state)
        expected.append(fresh(root, tmp_path / f"fresh-{number}", monkeypatch))
    write(root, states[0])
    cache, out = tmp_path / "cache", tmp_path / "site"
    monkeypatch.setenv("TIES_CACHE_DIR", str(cache))
    command = [sys.executable, "-m", "site_builder", "build", "--root", str(root), "--today", TODAY.isoformat(),
               "--out", str(out)]

    def run(after: float | None = None) -> None:
        """A run of `ties build`, killed (with Pagefind and its workers) `after` seconds, if given."""
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   start_new_session=True)
        if after is None:
            assert process.wait(timeout=120) == 0
            return
        time.sleep(after)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    started = time.monotonic()
    run()
    duration = time.monotonic() - started
    assert tree(out) == expected[0]
    state, trials = 0, 8
    for trial in range(trials):
        first_build = trial % 4 == 3
        if first_build:
            shutil.rmtree(out)
        else:  # an update in place, after edits
            state = 1 - state
            write(root, states[state])
            for path in states[state]:  # (saved long enough ago for the up-to-date record to be used)
                if (root / path).exists():
                    os.utime(root / path, (1_700_000_000 + trial, 1_700_000_000 + trial))
        after = duration * (trial + 0.5) / trials
        run(after)
        run()
        assert tree(out) == expected[state], f"killed after {after:.2f} s of {duration:.2f} s"
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")] == []
