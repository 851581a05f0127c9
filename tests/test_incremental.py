"""Rebuilding in place after edits gives exactly the site a fresh build gives.

The watcher re-reads only changed files and re-renders only pages whose inputs changed; these
tests make sure no edit leaves a stale page behind.
"""

from __future__ import annotations

import importlib.util
import os
import random
import re
import shutil
import time
from datetime import date
from pathlib import Path

import pytest

from site_builder.diagnostics import sort_key
from site_builder.incremental.cache import cache_folder
from site_builder.incremental.keeper import KeepNothing
from site_builder.output.folder import MARKER, SiteUpdate
from site_builder.render.theme import Theme
from site_builder.site import Site

TODAY = date(2026, 11, 26)

NETWORK = {
    "people/ada.md": "---\nname: Ada Lovelace\ncompany: Engines\ntopics: [compilers]\n---\nKnows [[grace]].\n",
    "people/grace.md": "---\nname: Grace Hopper\nintroduced_by: ada\ncontacted: 2026-11-01\n---\nNotes on Grace.\n",
    "people/alan.md": "---\nname: Alan Turing\nintroduced_by: grace\n---\nMentions [[Linus]] who has no file.\n",
    "interviews/2026-11-10-grace.md": "---\nperson: grace\ndate: 2026-11-10\nreferrals: [alan, Linus]\n---\n"
                                      "## Summary\nGood talk.\n\n- [ ] Send [[alan]] the paper due:2026-11-30\n",
}

EDITS = [
    ("a note changes", "people/grace.md", "---\nname: Grace Hopper\nintroduced_by: ada\ncontacted: 2026-11-01\n---\nNew notes.\n"),
    ("a company changes", "people/ada.md", "---\nname: Ada Lovelace\ncompany: Analytical\ntopics: [compilers]\n---\nKnows [[grace]].\n"),
    ("a person is renamed", "people/grace.md", "---\nname: Grace B. Hopper\nintroduced_by: ada\ncontacted: 2026-11-01\n---\nNew notes.\n"),
    ("a link target appears", "people/linus.md", "---\nname: Linus\n---\n"),
    ("an interview is thanked", "interviews/2026-11-10-grace.md",
     "---\nperson: grace\ndate: 2026-11-10\nthanked: 2026-11-11\nreferrals: [alan, Linus]\n---\n## Summary\nGreat.\n"),
    ("a person is removed", "people/alan.md", None),
    ("a new interview is scheduled", "interviews/2026-12-01-ada.md", "---\nperson: ada\ndate: 2026-12-01\n---\n"),
]


def write(root: Path, files: dict[str, str | None]) -> None:
    for path, text in files.items():
        target = root / path
        if text is None:
            target.unlink()
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every output file, but the search index (the watcher brings it up to date apart from
    rebuilds, once the saves pause: tests/test_search.py checks that it then matches) and the
    marker naming the build that wrote the folder."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.relative_to(folder).parts[0] not in ("pagefind", MARKER)}


def assert_as_built_fresh(network: Path, out: Path, fresh: Path, what: str = "") -> None:
    """`out` holds exactly what a fresh build of the network into `fresh` gives."""
    assert Site(network, TODAY).build(fresh).built, what
    expected, actual = snapshot(fresh), snapshot(out)
    assert actual.keys() == expected.keys(), what
    stale = [name for name in expected if actual[name] != expected[name]]
    assert stale == [], f"after {what}: {stale}"


@pytest.fixture
def network(tmp_path):
    root = tmp_path / "network"
    write(root, NETWORK)
    return root


@pytest.mark.slow
def test_every_edit_rebuilt_in_place_matches_a_fresh_build(network, tmp_path):
    live = Site(network, TODAY)
    out = tmp_path / "live"
    assert live.build(out, in_place=True).built
    for number, (what, path, text) in enumerate(EDITS):
        write(network, {path: text})
        assert live.build(out, in_place=True, changed={path} if number % 2 else None).built, what
        assert_as_built_fresh(network, out, tmp_path / f"fresh-{number}", what)


def test_an_output_folder_deleted_under_the_watcher_is_written_whole_again(network, tmp_path):
    site = Site(network, TODAY)
    out = tmp_path / "site"
    site.build(out, in_place=True)
    shutil.rmtree(out)
    write(network, {"people/ada.md": NETWORK["people/ada.md"].replace("Knows", "Really knows")})
    assert site.build(out, in_place=True).built
    assert_as_built_fresh(network, out, tmp_path / "fresh")


def test_an_unchanged_rebuild_writes_nothing(network, tmp_path):
    site = Site(network, TODAY)
    out = tmp_path / "site"
    site.build(out, in_place=True)
    assert site.build(out, in_place=True).changed == []


def test_a_note_edit_rewrites_only_that_persons_page(network, tmp_path):
    site = Site(network, TODAY)
    out = tmp_path / "site"
    site.build(out, in_place=True)
    write(network, {"people/ada.md": NETWORK["people/ada.md"].replace("Knows", "Really knows")})
    assert site.build(out, in_place=True).changed == ["people/ada/index.html"]


# Edits that change notes only: the watcher keeps its model and swaps the notes in.
GRACE_INTERVIEW = "---\nperson: grace\ndate: 2026-11-10\nreferrals: [alan, Linus]\n---\n"
TASK = "- [ ] Send [[alan]] the paper due:2026-11-30\n"
NOTE_EDITS = [
    ("a person's notes", "people/grace.md",
     "---\nname: Grace Hopper\nintroduced_by: ada\ncontacted: 2026-11-01\n---\nShe is on her prep sheet.\n", True),
    ("a summary, shown by the exports and the next prep sheet", "interviews/2026-11-10-grace.md",
     GRACE_INTERVIEW + "## Summary\nA better talk.\n\n" + TASK, True),
    ("a question for next time, on the prep sheet", "interviews/2026-11-10-grace.md",
     GRACE_INTERVIEW + "## Summary\nA better talk.\n\n" + TASK + "\n## Questions for next time\n- Which team?\n", True),
    ("notes under the summary only", "interviews/2026-11-10-grace.md",
     GRACE_INTERVIEW + "## Summary\nA better talk.\n\n" + TASK + "\n## Questions for next time\n- Which team?\n\nMore.\n",
     True),
    ("a task added to the notes", "people/grace.md",
     "---\nname: Grace Hopper\nintroduced_by: ada\ncontacted: 2026-11-01\n---\nShe is here.\n- [ ] Call her\n", False),
    ("a link added to the notes", "people/ada.md",
     "---\nname: Ada Lovelace\ncompany: Engines\ntopics: [compilers]\n---\nKnows [[grace]] and [[alan]].\n", False),
    ("notes moving a task to another line", "interviews/2026-11-10-grace.md",
     GRACE_INTERVIEW + "## Summary\nA better talk.\n\nOne more line.\n" + TASK + "\n## Questions for next time\n- Which team?\n",
     False),
]


def test_a_field_moved_to_another_line_is_more_than_a_notes_edit(network, tmp_path):
    """A record's `==` leaves out the line each field is on, yet the follow-ups link to it."""
    write(network, {"pyproject.toml": '[tool.site_builder]\nedit_url = "https://github.com/me/net/edit/main/{path}"\n'})
    write(network, {"people/grace.md": "---\nname: Grace Hopper\nfollow_up: 2026-11-20\n---\nNotes on Grace.\n"})
    live, out = Site(network, TODAY), tmp_path / "live"
    assert live.build(out, in_place=True).built
    write(network, {"people/grace.md": "---\nfollow_up: 2026-11-20\nname: Grace Hopper\n---\nNotes on Grace.\n"})
    assert live.build(out, in_place=True, changed={"people/grace.md"}).built
    assert_as_built_fresh(network, out, tmp_path / "fresh", "a field moved to another line")


@pytest.mark.slow
def test_a_notes_only_edit_keeps_the_model_and_matches_a_fresh_build(network, tmp_path):
    write(network, {"interviews/2026-12-03-grace.md": "---\nperson: grace\ndate: 2026-12-03\n---\n"})  # a prep sheet
    live = Site(network, TODAY)
    out = tmp_path / "live"
    assert live.build(out, in_place=True).built
    for number, (what, path, text, notes_only) in enumerate(NOTE_EDITS):
        write(network, {path: text})
        result = live.build(out, in_place=True, changed={path} if number % 2 else None)  # as the watcher tells
        assert result.built and result.changed, what
        assert ("model" not in result.timings) == notes_only, what  # (a build that makes the model times it)
        assert_as_built_fresh(network, out, tmp_path / f"fresh-{number}", what)
    assert "Which team?" in (out / "interviews" / "2026-12-03-grace" / "prep" / "index.html").read_text()
    assert "A better talk." in (out / "interviews.csv").read_text(encoding="utf-8-sig")


def test_a_notes_only_edit_outside_the_summary_leaves_the_exports_alone(network, tmp_path):
    site = Site(network, TODAY)
    out = tmp_path / "site"
    site.build(out, in_place=True)
    write(network, {"interviews/2026-11-10-grace.md": NETWORK["interviews/2026-11-10-grace.md"] + "\n## Later\nMore.\n"})
    assert site.build(out, in_place=True).changed == ["interviews/2026-11-10-grace/index.html"]


def built_with_exports_left(network: Path, out: Path) -> Site:
    """A watcher's site after a change to a field, its exports left for later."""
    site = Site(network, TODAY)
    site.build(out, in_place=True)
    exports_before = (out / "contacts.csv").read_bytes()
    write(network, {"people/ada.md": NETWORK["people/ada.md"].replace("Engines", "Analytical")})
    result = site.build(out, in_place=True, changed={"people/ada.md"}, pages_first=True)
    assert result.finish_later and "contacts.csv" not in result.changed
    assert (out / "contacts.csv").read_bytes() == exports_before  # as it was, whole
    assert "Analytical" in (out / "people" / "ada" / "index.html").read_text()
    return site


def test_the_watcher_can_leave_the_exports_to_a_build_right_after(network, tmp_path):
    out = tmp_path / "site"
    site = built_with_exports_left(network, out)
    result = site.build(out, in_place=True, changed=set())  # what the watcher does next
    assert not result.finish_later and "contacts.csv" in result.changed
    assert_as_built_fresh(network, out, tmp_path / "fresh")


def test_the_watcher_saves_the_files_it_read_again_in_the_build_after_the_reload(network, tmp_path, monkeypatch):
    site, out, path = Site(network, TODAY), tmp_path / "site", "people/ada.md"
    site.build(out, in_place=True)
    write(network, {path: NETWORK[path].replace("Engines", "Analytical")})
    os.utime(network / path, (1_700_000_000, 1_700_000_000))  # (a file saved this very second is read again)
    records = cache_folder(network) / "records"
    saved = snapshot(records)
    result = site.build(out, in_place=True, changed={path}, pages_first=True)
    assert result.finish_later and "people/ada/index.html" in result.changed
    assert snapshot(records) == saved  # the pages are reloaded without waiting for it
    assert not site.build(out, in_place=True, changed=set()).finish_later
    assert snapshot(records) != saved
    import site_builder.content.documents
    monkeypatch.setattr(site_builder.content.documents, "decode_document", None)  # parsing again would fail
    assert Site(network, TODAY).check().network.people["ada"].company == "Analytical"


def test_after_a_notes_edit_too_the_build_after_the_reload_saves_the_file_read_again(network, tmp_path, monkeypatch):
    site, out, path = Site(network, TODAY), tmp_path / "site", "people/grace.md"
    site.build(out, in_place=True)
    write(network, {path: NETWORK[path].replace("Notes on Grace.", "Met her again.")})
    os.utime(network / path, (1_700_000_000, 1_700_000_000))
    result = site.build(out, in_place=True, changed={path}, pages_first=True)
    assert result.changed == ["people/grace/index.html"] and result.finish_later  # (no export shows it)
    assert site.build(out, in_place=True, changed=set()).changed == []
    import site_builder.content.documents
    monkeypatch.setattr(site_builder.content.documents, "decode_document", None)
    assert Site(network, TODAY).check().network.people["grace"].body == "Met her again.\n"


def test_a_changed_summary_leaves_the_exports_to_the_build_right_after_too(network, tmp_path):
    site = Site(network, TODAY)
    out = tmp_path / "site"
    site.build(out, in_place=True)
    path = "interviews/2026-11-10-grace.md"
    write(network, {path: NETWORK[path].replace("Good talk.", "A great talk.")})
    result = site.build(out, in_place=True, changed={path}, pages_first=True)
    assert result.finish_later and result.changed == ["interviews/2026-11-10-grace/index.html"]
    result = site.build(out, in_place=True, changed=set())
    assert result.changed == ["data.json", "interviews.csv"] and not result.finish_later
    assert_as_built_fresh(network, out, tmp_path / "fresh")


def test_exports_left_for_later_are_made_by_a_new_run(network, tmp_path):
    out = tmp_path / "site"
    built_with_exports_left(network, out)
    assert "contacts.csv" in Site(network, TODAY).build(out).changed
    assert_as_built_fresh(network, out, tmp_path / "fresh")


def field_edited_pages_first(network: Path, out: Path, rendered: list[str]) -> Site:
    """A watcher's site after a field edit, built pages first: the digests of the pages it
    rendered again are left to the build after."""
    site = Site(network, TODAY)
    site.build(out, in_place=True)
    write(network, {"people/ada.md": NETWORK["people/ada.md"].replace("Engines", "Analytical")})
    rendered.clear()
    result = site.build(out, in_place=True, changed={"people/ada.md"}, pages_first=True)
    assert result.finish_later and "people/ada/index.html" in rendered
    return site


def test_a_folder_the_watcher_left_digests_to_make_in_is_not_marked_complete_and_a_new_run_makes_it_whole(
        network, tmp_path, monkeypatch):
    out = tmp_path / "site"
    rendered = rendered_pages(monkeypatch)
    site = field_edited_pages_first(network, out, rendered)
    site.mark_complete(out)  # as the watcher does once the index is made: not with work left to do
    assert "updating" in (out / MARKER).read_text()
    rendered.clear()
    result = Site(network, TODAY).build(out)
    assert result.built and "people/grace/index.html" in rendered and "index.html" in rendered
    assert "build" in (out / MARKER).read_text().splitlines()[-1]
    assert_as_built_fresh(network, out, tmp_path / "fresh")


def test_the_build_after_the_reload_keeps_the_digests_left(network, tmp_path, monkeypatch):
    out = tmp_path / "site"
    rendered = rendered_pages(monkeypatch)
    site = field_edited_pages_first(network, out, rendered)
    assert not site.build(out, in_place=True, changed=set()).finish_later
    site.mark_complete(out)  # (the watcher's, once the search index holds its pages)
    rendered.clear()
    assert Site(network, TODAY).build(out).changed == []
    assert rendered == []


def test_the_digests_left_to_the_build_after_are_saved_by_it_alone(network, tmp_path, monkeypatch):
    from site_builder.incremental import outputs
    out = tmp_path / "site"
    saved, save_data = [], outputs.save_data
    monkeypatch.setattr(outputs, "save_data", lambda path, data: saved.append(path) or save_data(path, data))
    site = Site(network, TODAY)
    site.build(out, in_place=True)
    write(network, {"people/ada.md": NETWORK["people/ada.md"].replace("Engines", "Analytical")})
    saved.clear()
    assert site.build(out, in_place=True, changed={"people/ada.md"}, pages_first=True).finish_later
    assert "outputs" not in [path.parent.name for path in saved]  # it waits for the digests of its pages
    assert not site.build(out, in_place=True, changed=set()).finish_later
    assert "outputs" in [path.parent.name for path in saved]


def test_a_notes_edit_leaves_its_digests_to_the_build_after_the_reload_too(network, tmp_path, monkeypatch):
    site = Site(network, TODAY)
    out = tmp_path / "site"
    site.build(out, in_place=True)
    write(network, {"people/ada.md": NETWORK["people/ada.md"].replace("Knows", "Really knows")})
    result = site.build(out, in_place=True, changed={"people/ada.md"}, pages_first=True)
    assert result.changed == ["people/ada/index.html"] and result.finish_later
    site.mark_complete(out)  # (what the watcher does once the search index holds its pages: not yet)
    assert "updating" in (out / MARKER).read_text()
    assert not site.build(out, in_place=True, changed=set()).finish_later
    site.mark_complete(out)
    # a new run (after a field edit elsewhere) finds the edited page's digest kept
    alan = NETWORK["people/alan.md"].replace("name: Alan Turing", "name: Alan Turing\ntie: strong")
    write(network, {"people/alan.md": alan})
    rendered, render_page = [], Theme.render_page
    monkeypatch.setattr(Theme, "render_page", lambda self, page, *more: rendered.append(page.path) or render_page(
        self, page, *more))
    assert Site(network, TODAY).build(out).built
    assert "people/alan/index.html" in rendered and "people/ada/index.html" not in rendered


def test_a_notes_edit_leaves_the_notes_html_to_the_build_after_the_reload_which_keeps_it(network, tmp_path,
                                                                                          monkeypatch):
    from site_builder.incremental.cache import NotesCache
    from site_builder.render.notes_html import Renderer
    site = Site(network, TODAY)
    out = tmp_path / "site"
    site.build(out, in_place=True)
    write(network, {"people/ada.md": NETWORK["people/ada.md"].replace("Knows", "Really knows")})
    saved, save = [], NotesCache.save
    monkeypatch.setattr(NotesCache, "save", lambda self, prune=False: saved.append(prune) or save(self, prune))
    assert site.build(out, in_place=True, changed={"people/ada.md"}, pages_first=True).finish_later
    assert saved == []
    assert not site.build(out, in_place=True, changed=set()).finish_later and saved == [False]
    converted, render = [], Renderer.render
    monkeypatch.setattr(Renderer, "render", lambda self, body, *more: converted.append(body) or render(self, body, *more))
    assert Site(network, TODAY).build(tmp_path / "new").built  # every page made, each note taken from the cache
    assert converted == []


def test_the_contacts_tables_next_items_are_found_only_when_it_is_made_again(network, tmp_path, monkeypatch):
    from site_builder.render.pages import SiteContent
    site = Site(network, TODAY)
    out = tmp_path / "site"
    site.build(out, in_place=True)
    found, next_items = [], SiteContent.next_items
    monkeypatch.setattr(SiteContent, "next_items", lambda self: found.append(1) or next_items(self))
    write(network, {"people/ada.md": NETWORK["people/ada.md"].replace("Knows", "Really knows")})
    assert site.build(out, in_place=True, changed={"people/ada.md"}).changed == ["people/ada/index.html"]
    assert found == []
    alan = NETWORK["people/alan.md"].replace("name: Alan Turing", "name: Alan Turing\ncompany: Bletchley")
    write(network, {"people/alan.md": alan})
    assert "contacts.csv" in site.build(out, in_place=True, changed={"people/alan.md"}).changed and found


def test_the_theme_changing_renders_every_page_again(network, tmp_path):
    site = Site(network, TODAY)
    out = tmp_path / "site"
    site.build(out, in_place=True)
    base = Path(__file__).resolve().parent.parent / "theme" / "templates" / "base.html"
    override = network / "theme" / "templates" / "base.html"
    override.parent.mkdir(parents=True)
    override.write_text(base.read_text().replace("<main id=\"main\">", "<main id=\"main\" class=\"custom\">"))
    site.reload_theme()
    changed = site.build(out, in_place=True).changed
    assert "people/ada/index.html" in changed and "index.html" in changed
    assert 'class="custom"' in (out / "people" / "ada" / "index.html").read_text()


def age(root: Path, seconds: int = 60) -> None:
    """Make every file look saved a while ago (a file saved this very second is never trusted)."""
    past = time.time() - seconds
    for path in root.rglob("*"):
        os.utime(path, (past, past))


def test_a_second_build_with_nothing_changed_is_up_to_date_and_writes_nothing(network, tmp_path):
    out = tmp_path / "site"
    age(network)
    assert Site(network, TODAY).build(out).built
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*")}
    again = Site(network, TODAY).build(out)
    assert again.up_to_date and not again.built
    assert again.counts == (3, 1) and any("Linus" in d.message for d in again.diagnostics)
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*")} == before


@pytest.mark.parametrize("change", ["edit a person", "add a person", "change the configuration", "another day",
                                    "a file saved just now", "output folder gone"])
def test_any_change_to_what_a_build_reads_builds_again(network, tmp_path, change):
    out = tmp_path / "site"
    age(network)
    assert Site(network, TODAY).build(out).built
    today = TODAY
    if change == "edit a person":
        (network / "people" / "ada.md").write_text(NETWORK["people/ada.md"] + "More.\n")
        age(network)
    elif change == "add a person":
        (network / "people" / "linus.md").write_text("---\nname: Linus\n---\n")
        age(network)
    elif change == "change the configuration":
        (network / "pyproject.toml").write_text('[tool.site_builder]\ntitle = "Mine"\n')
        age(network)
    elif change == "another day":
        today = date(2026, 11, 27)
    elif change == "a file saved just now":
        os.utime(network / "people" / "ada.md")
    else:
        shutil.rmtree(out)
    result = Site(network, today).build(out)
    assert result.built and not result.up_to_date


# A new run of `ties build` (a new `Site`, with the same cache folder) into the folder the last
# build wrote renders only the pages whose inputs changed and updates the folder in place.

def rendered_pages(monkeypatch) -> list[str]:
    """The paths of the pages rendered from now on."""
    from site_builder.render.theme import Theme
    rendered, render_page = [], Theme.render_page

    def counting(self, page, *arguments):
        rendered.append(page.path)
        return render_page(self, page, *arguments)
    monkeypatch.setattr(Theme, "render_page", counting)
    return rendered


@pytest.mark.slow
def test_every_edit_built_by_a_new_run_matches_a_fresh_build(network, tmp_path):
    out = tmp_path / "site"
    assert Site(network, TODAY).build(out).built
    for number, (what, path, text) in enumerate(EDITS):
        write(network, {path: text})
        assert Site(network, TODAY).build(out).built, what
        assert_as_built_fresh(network, out, tmp_path / f"fresh-{number}", what)


def test_a_new_run_after_a_note_edit_renders_and_writes_only_that_persons_page(network, tmp_path, monkeypatch):
    out = tmp_path / "site"
    Site(network, TODAY).build(out)
    untouched = (out / "people" / "grace" / "index.html").stat().st_mtime_ns
    write(network, {"people/ada.md": NETWORK["people/ada.md"].replace("Knows", "Really knows")})
    rendered = rendered_pages(monkeypatch)
    result = Site(network, TODAY).build(out)
    assert rendered == ["people/ada/index.html"]
    assert result.changed == ["people/ada/index.html"]
    assert "Really knows" in (out / "people" / "ada" / "index.html").read_text()
    assert (out / "people" / "grace" / "index.html").stat().st_mtime_ns == untouched


def pages_planned(monkeypatch) -> list[int]:
    """One entry for each time the pages of a whole site are planned from now on (by a build not in place)."""
    from site_builder.incremental import memo
    planned, plan_pages = [], memo.plan_pages
    monkeypatch.setattr(memo, "plan_pages", lambda *args: planned.append(1) or plan_pages(*args))
    return planned


@pytest.mark.slow
def test_notes_only_edits_built_by_new_runs_make_only_the_pages_showing_notes(network, tmp_path, monkeypatch):
    write(network, {"interviews/2026-12-03-grace.md": "---\nperson: grace\ndate: 2026-12-03\n---\n"})  # a prep sheet
    out = tmp_path / "site"
    assert Site(network, TODAY).build(out).built
    planned = pages_planned(monkeypatch)
    for number, (what, path, text, notes_only) in enumerate(NOTE_EDITS):
        planned.clear()
        write(network, {path: text})
        result = Site(network, TODAY).build(out)
        assert result.built and result.changed, what
        assert (planned == []) == notes_only, what
        assert_as_built_fresh(network, out, tmp_path / f"fresh-{number}", what)


def test_a_new_run_remakes_the_exports_only_for_a_changed_summary(network, tmp_path, monkeypatch):
    out = tmp_path / "site"
    Site(network, TODAY).build(out)
    path = "interviews/2026-11-10-grace.md"
    write(network, {path: NETWORK[path] + "\n## Later\nMore.\n"})
    assert Site(network, TODAY).build(out).changed == ["interviews/2026-11-10-grace/index.html"]
    write(network, {path: NETWORK[path].replace("Good talk.", "A great talk.")})
    assert Site(network, TODAY).build(out).changed == ["data.json", "interviews.csv",
                                                      "interviews/2026-11-10-grace/index.html"]
    assert_as_built_fresh(network, out, tmp_path / "fresh")


def test_a_check_between_two_builds_leaves_the_next_one_whole_and_right(network, tmp_path, monkeypatch):
    out = tmp_path / "site"
    Site(network, TODAY).build(out)
    write(network, {"people/grace.md": NETWORK["people/grace.md"].replace("Notes on", "More notes on")})
    Site(network, TODAY).check()  # it reads the new notes: the record the folder was built from is gone
    planned = pages_planned(monkeypatch)
    assert Site(network, TODAY).build(out).changed == ["people/grace/index.html"]
    assert planned == [1]
    assert_as_built_fresh(network, out, tmp_path / "fresh")


def test_a_notes_only_build_keeps_the_digests_of_the_pages_it_left(network, tmp_path, monkeypatch):
    out = tmp_path / "site"
    Site(network, TODAY).build(out)
    write(network, {"people/ada.md": NETWORK["people/ada.md"].replace("Knows", "Really knows")})
    Site(network, TODAY).build(out)
    write(network, {"people/alan.md": NETWORK["people/alan.md"].replace("introduced_by", "company: Bletchley\nintroduced_by")})
    rendered = rendered_pages(monkeypatch)
    Site(network, TODAY).build(out)
    assert "people/alan/index.html" in rendered and "companies/bletchley/index.html" in rendered
    # Made by the notes-only build, and left by it: neither shows Alan's company.
    assert "people/ada/index.html" not in rendered and "interviews/2026-11-10-grace/index.html" not in rendered
    assert_as_built_fresh(network, out, tmp_path / "fresh")


def test_a_folder_written_since_by_another_build_is_built_whole(network, tmp_path, monkeypatch):
    out = tmp_path / "site"
    Site(network, TODAY).build(out)
    monkeypatch.setenv("TIES_CACHE_DIR", str(tmp_path / "another-cache"))
    write(network, {"people/ada.md": NETWORK["people/ada.md"].replace("Knows", "Really knows")})
    Site(network, TODAY).build(out)
    monkeypatch.undo()
    write(network, {"people/ada.md": NETWORK["people/ada.md"]})
    rendered = rendered_pages(monkeypatch)
    Site(network, TODAY).build(out)
    assert "people/grace/index.html" in rendered and "index.html" in rendered
    assert "Really knows" not in (out / "people" / "ada" / "index.html").read_text()


def test_a_theme_changed_between_runs_renders_every_page_again(network, tmp_path, monkeypatch):
    out = tmp_path / "site"
    Site(network, TODAY).build(out)
    base = Path(__file__).resolve().parent.parent / "theme" / "templates" / "base.html"
    override = network / "theme" / "templates" / "base.html"
    override.parent.mkdir(parents=True)
    override.write_text(base.read_text().replace("<main id=\"main\">", "<main id=\"main\" class=\"custom\">"))
    rendered = rendered_pages(monkeypatch)
    Site(network, TODAY).build(out)
    assert "people/grace/index.html" in rendered and "index.html" in rendered
    assert 'class="custom"' in (out / "people" / "grace" / "index.html").read_text()


@pytest.mark.parametrize("edit", ["notes", "a field"])
def test_the_watcher_trusts_nothing_it_made_once_another_run_wrote_its_folder(network, tmp_path, edit):
    out = tmp_path / "site"
    live = Site(network, TODAY)
    assert live.build(out, in_place=True).built
    assert Site(network, TODAY, publish="redacted").build(out).built  # say, `ties build --publish redacted`
    if edit == "notes":
        write(network, {"people/ada.md": NETWORK["people/ada.md"].replace("Knows", "Really knows")})
    else:
        write(network, {"people/ada.md": NETWORK["people/ada.md"].replace("Engines", "Analytical")})
    assert live.build(out, in_place=True, changed={"people/ada.md"}).built
    assert_as_built_fresh(network, out, tmp_path / "fresh", edit)


@pytest.mark.slow
def test_a_second_run_into_the_same_folder_waits_for_the_first(network, tmp_path):
    import threading

    from site_builder.incremental.cache import held

    out = tmp_path / "site"
    results, told = [], []
    site = Site(network, TODAY)
    site.on_wait = told.append
    with held(network, str(out.resolve())):  # as another run building into it holds it
        waiting = threading.Thread(target=lambda: results.append(site.build(out)))
        waiting.start()
        waiting.join(timeout=1.0)
        assert waiting.is_alive() and not out.exists()
        assert told == [out]
    waiting.join(timeout=30)
    assert results and results[0].built and told == [out]  # its search index did not wait


def test_a_build_stopped_while_writing_is_not_trusted_by_the_next(network, tmp_path, monkeypatch):
    out = tmp_path / "site"
    Site(network, TODAY).build(out)
    write(network, {"people/ada.md": NETWORK["people/ada.md"].replace("Knows", "Really knows")})

    def stopped(*arguments):
        (out / "people" / "grace" / "index.html").write_text("half-written")
        raise KeyboardInterrupt
    monkeypatch.setattr(SiteUpdate, "add", stopped)
    with pytest.raises(KeyboardInterrupt):
        Site(network, TODAY).build(out)
    monkeypatch.undo()
    assert Site(network, TODAY).build(out).built
    assert "Grace Hopper" in (out / "people" / "grace" / "index.html").read_text()


def generated_network(folder: Path, people: int, interviews: int) -> Path:
    """A network from the benchmarks' generator: every field, referral trees, tasks and links."""
    spec = importlib.util.spec_from_file_location("generate", Path(__file__).parents[1] / "benchmarks" / "generate.py")
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    generator.generate(folder, people, interviews, seed=7)
    return folder


def field_edits(root: Path, count: int, seed: int = 3):
    """`count` saves of one file each, changing its fields the way a user would: a field takes a
    value it has in another file of the same kind, is removed, or is added. Yields (what, path,
    the file's text before)."""
    rng = random.Random(seed)
    files = sorted(p.relative_to(root).as_posix() for p in root.glob("*/*.md"))
    values: dict[tuple[str, str], list[str]] = {}
    for path in files:
        for line in (root / path).read_text().split("---\n")[1].splitlines():
            key, _, value = line.partition(": ")
            values.setdefault((path.split("/")[0], key), []).append(value)
    for _ in range(count):
        path = rng.choice(files)
        before = (root / path).read_text()
        head, front, body = before.split("---\n", 2)
        lines = front.splitlines()
        kind = path.split("/")[0]
        keys = [key for (folder, key) in values if folder == kind]
        key = rng.choice(keys)
        at = next((number for number, line in enumerate(lines) if line.startswith(f"{key}: ")), None)
        if at is not None and rng.random() < 0.25:
            del lines[at]
            what = f"{path}: {key} removed"
        else:
            line = f"{key}: {rng.choice(values[(kind, key)])}"
            lines[at if at is not None else len(lines):at + 1 if at is not None else len(lines)] = [line]
            what = f"{path}: {line}"
        (root / path).write_text(f"{head}---\n" + "\n".join(lines) + f"\n---\n{body}")
        yield what, path, before


@pytest.mark.slow
def test_field_edits_in_the_watcher_keep_matching_a_fresh_build(tmp_path):
    """What the watcher keeps from build to build (each record's joined parts, each person's
    follow-ups and page) is used again only where it is made from the same: after any field
    edit, the site is what a fresh build makes."""
    root = generated_network(tmp_path / "network", people=40, interviews=14)
    live = Site(root, TODAY)
    out = tmp_path / "live"
    assert live.build(out, in_place=True).built
    for number, (what, path, before) in enumerate(field_edits(root, 30)):
        result = live.build(out, in_place=True, changed={path}, pages_first=True)
        if not result.built:  # the edit made an error (a fresh build refuses too): it is undone
            assert not Site(root, TODAY).build(tmp_path / f"refused-{number}").built, what
            (root / path).write_text(before)
            what += ", then undone"
            result = live.build(out, in_place=True, changed={path}, pages_first=True)
        if result.finish_later:
            live.build(out, in_place=True, changed=set())
        assert_as_built_fresh(root, out, tmp_path / f"fresh-{number}", what)


@pytest.mark.slow
def test_the_watcher_brings_the_model_up_to_date_from_the_files_read_again(tmp_path):
    """After a save, the watcher reads only the files it saw change (and any read again since the
    last check, by a notes-only rebuild) and brings the last network, queue and what the pages
    show up to date from them: after any field edit they are what a fresh check makes, in the
    same order, with the same problems."""
    updated = []  # for each save: whether its build brought the last model up to date (not made anew)
    root = generated_network(tmp_path / "network", people=40, interviews=14)
    live = Site(root, TODAY)
    out = tmp_path / "live"
    assert live.build(out, in_place=True).built

    def saved(path: str, text: str, what: str) -> None:
        before = (root / path).read_text()
        # A model brought up to date keeps the parts no file read again changed; one made anew makes all.
        interviews = live.check(set()).network.interviews
        (root / path).write_text(text)
        built = live.build(out, in_place=True, changed={path}).built
        fresh_site = Site(root, TODAY)
        fresh = fresh_site.check()
        if built:  # and what the pages show was brought up to date with them
            content, made = live.keep.memo.kept_pages.shown, fresh_site.content(fresh)
            for part in ("items_by_person", "pages_of_files", "prep_pages"):
                assert getattr(content, part) == getattr(made, part), f"{part} after {what}"
            assert content.referrals.outcomes == made.referrals.outcomes, what
        checked = live.check(set())  # what the next save's build starts from
        updated.append(checked.network.interviews is interviews)
        assert_same_network(checked.network, fresh.network, what)
        assert checked.diagnostics == fresh.diagnostics, what
        assert checked.queue == fresh.queue, what
        assert list(checked.made_from.items()) == list(fresh.made_from.items()), what
        if not built:  # an error: undone
            saved(path, before, f"{what}, undone")

    rng = random.Random(2)
    people = sorted(path.relative_to(root).as_posix() for path in (root / "people").glob("*.md"))
    interviews = sorted(path.relative_to(root).as_posix() for path in (root / "interviews").glob("*.md"))
    dates = [f"2026-{month:02}-{day:02}" for month in range(1, 13) for day in (3, 17)]
    for number, (what, path, before) in enumerate(field_edits(root, 80, seed=17)):
        edited = (root / path).read_text()
        (root / path).write_text(before)
        if number % 4 == 0:  # and another's notes, made by the quick rebuild, with the model kept as it was
            noted = rng.choice(people)
            (root / noted).write_text((root / noted).read_text() + f"\nNoted ({number}).\n")
            live.build(out, in_place=True, changed={noted})
            what += f", after notes of {noted}"
        saved(path, edited, what)
        if number % 5 == 0:  # an interview moved: the interviews, edges and mentions are in a new order
            moved = rng.choice([path for path in interviews if "referrals: []" not in (root / path).read_text()])
            text = re.sub(r"^date: .*$", f"date: {rng.choice(dates)}", (root / moved).read_text(), count=1, flags=re.M)
            saved(moved, text, f"{moved} moved")
    # A likely duplicate whose line moves: the warning moves with it.
    first, second = (root / people[3]).read_text(), (root / people[30]).read_text()
    email = re.search(r"^email: .*$", first, flags=re.M).group(0)
    saved(people[30], re.sub(r"^email: .*$", email, second, count=1, flags=re.M), "an email shared")
    saved(people[30], (root / people[30]).read_text().replace("---\n", "---\nlocation: Lyon\n", 1), "a line added")
    # Someone referred who has no file yet (an add-contact item), then that interview canceled:
    # nothing but its status changes, and the items made from the interviews done change with it.
    referring = next(path for path in interviews if "referrals: [person" in (root / path).read_text()
                     and "status:" not in (root / path).read_text())
    text = re.sub(r"^date: .*$", "date: 2025-06-03", (root / referring).read_text(), count=1, flags=re.M)
    saved(referring, text.replace("referrals: [", "referrals: [Zed Example, "), "a referral without a file")
    saved(referring, (root / referring).read_text().replace("\n---\n", "\nstatus: canceled\n---\n", 1), "canceled")
    assert any(item.kind == "add-contact" for item in live.check(set()).queue)
    # An interview added (it has a prep sheet), moved to the past (it has none), then removed.
    added = "interviews/2026-12-20-added.md"
    (root / added).write_text(f"---\nperson: {Path(people[5]).stem}\ndate: 2026-12-20\n---\n")
    saved(added, (root / added).read_text(), "an interview added")
    saved(added, (root / added).read_text().replace("2026-12-20", "2026-03-03"), "moved to the past")
    (root / added).unlink()
    assert live.build(out, in_place=True, changed={added}).built
    saved(people[5], (root / people[5]).read_text(), "and removed")
    assert sum(updated) > 50  # (67: the saves of person files, which move no interview)


def assert_same_network(network, fresh, what: str) -> None:
    """Two networks hold equal parts, their maps in the same order (the latest interactions and
    the problems aside, which are only looked up, and sorted)."""
    assert network.resolver.names == fresh.resolver.names, what
    for part in ("people", "interviews_by_person", "mentions", "introducers", "done_by_person", "joined"):
        assert list(getattr(network, part).items()) == list(getattr(fresh, part).items()), f"{part} after {what}"
    assert (network.interviews, network.referrals) == (fresh.interviews, fresh.referrals), what
    # (notes are no part of a record's equality)
    assert [record.body for record in (*network.people.values(), *network.interviews)] == [
        record.body for record in (*fresh.people.values(), *fresh.interviews)], what
    assert network.last_interactions == fresh.last_interactions, what
    assert sorted(network.problems.all(), key=sort_key) == sorted(fresh.problems.all(), key=sort_key), what


@pytest.mark.slow
def test_the_watcher_makes_again_the_page_key_of_everyone_whose_page_is_made_from_something_else(
        tmp_path, monkeypatch):
    """The watcher makes a person's page key (and their interviews', their row of the people
    table, their place in topics and companies) again only if the maps it is made from changed
    for them: after any field edit, or a link added to notes, its site is the one made keeping
    nothing, though it rendered only some of the pages."""
    root = generated_network(tmp_path / "network", people=40, interviews=14)
    live = Site(root, TODAY)
    out = tmp_path / "live"
    assert live.build(out, in_place=True).built
    rng = random.Random(5)
    slugs = sorted(path.stem for path in (root / "people").glob("*.md"))
    partly = 0  # edits after which only some keys were made again
    for number, (what, path, before) in enumerate(field_edits(root, 80, seed=11)):
        if number % 3 == 0:  # and a link to someone in its notes
            linked = rng.choice(slugs)
            (root / path).write_text((root / path).read_text() + f"\nMet [[{linked}]] there.\n")
            what += f", and a link to {linked}"
        rendered = rendered_pages(monkeypatch)
        if not live.build(out, in_place=True, changed={path}).built:
            (root / path).write_text(before)
            del rendered[:]
            assert live.build(out, in_place=True, changed={path}).built, what
        partly += 0 < len(rendered) < len(list(out.rglob("*.html")))
        assert_as_built_keeping_nothing(root, out, tmp_path / f"nothing-{number}", what)
    assert partly > 40


def test_a_referring_interview_moved_makes_again_the_key_of_whom_it_referred(tmp_path):
    """Alan's reach-out is due a week after the interview referring him: his page shows it,
    though nothing else of his page (his chain, outcome, notes) changes."""
    root = tmp_path / "network"
    interview = "---\nperson: ada\ndate: 2026-11-10\nreferrals: [alan]\n---\n"
    write(root, {"people/ada.md": "---\nname: Ada Lovelace\n---\n",
                 "people/grace.md": "---\nname: Grace Hopper\nintroduced_by: ada\n---\n",
                 "people/alan.md": "---\nname: Alan Turing\nintroduced_by: grace\n---\n",
                 "interviews/2026-11-10-ada.md": interview})
    live = Site(root, TODAY)
    assert live.build(tmp_path / "live", in_place=True).built
    write(root, {"interviews/2026-11-10-ada.md": interview.replace("date: 2026-11-10", "date: 2026-11-12")})
    assert live.build(tmp_path / "live", in_place=True, changed={"interviews/2026-11-10-ada.md"}).built
    assert "2026-11-19" in (tmp_path / "live" / "people" / "alan" / "index.html").read_text()
    assert_as_built_keeping_nothing(root, tmp_path / "live", tmp_path / "nothing")


@pytest.mark.parametrize("path, old, new", [("people/ada.md", "Knows", "Fixed, knows"),
                                            ("interviews/2026-11-10-grace.md", "Good talk", "Fixed, good talk")])
def test_notes_changed_while_the_model_is_made_again_make_the_key_again(network, tmp_path, path, old, new):
    """A save that fixes an error is built whole: the notes it changes are in the key made again."""
    live = Site(network, TODAY)
    assert live.build(tmp_path / "live", in_place=True).built
    write(network, {path: NETWORK[path].replace("---\n", "---\ntie: [unclosed\n", 1)})
    assert not live.build(tmp_path / "live", in_place=True, changed={path}).built
    write(network, {path: NETWORK[path].replace(old, new)})
    assert live.build(tmp_path / "live", in_place=True, changed={path}).built
    assert_as_built_keeping_nothing(network, tmp_path / "live", tmp_path / "nothing")
    assert_as_built_fresh(network, tmp_path / "live", tmp_path / "fresh")


def assert_as_built_keeping_nothing(network: Path, out: Path, fresh: Path, what: str = "") -> None:
    """`out` holds exactly what a build keeping nothing (no page key, memo or cache) gives: each
    page whose key the watcher kept shows what it would if made afresh."""
    assert Site(network, TODAY, keep=KeepNothing).build(fresh).built, what
    expected, actual = snapshot(fresh), snapshot(out)
    assert actual.keys() == expected.keys(), what
    assert [name for name in expected if actual[name] != expected[name]] == [], what

def test_an_interview_changing_what_became_of_someone_updates_the_pages_down_their_chain(network, tmp_path):
    live = Site(network, TODAY)
    out = tmp_path / "live"
    assert live.build(out, in_place=True).built
    alan = (out / "people" / "alan" / "index.html").read_text()
    write(network, {"interviews/2026-11-20-ada.md": "---\nperson: ada\ndate: 2026-11-20\n---\n"})
    assert live.build(out, in_place=True, changed={"interviews/2026-11-20-ada.md"}).built
    assert (out / "people" / "alan" / "index.html").read_text() != alan  # Ada, up his chain, is interviewed now
    assert_as_built_fresh(network, out, tmp_path / "fresh")


def test_a_tie_changed_in_the_watcher_redraws_the_referral_index(network, tmp_path):
    """The referral trees show each person's tie: a page of them is drawn again when one changes."""
    live = Site(network, TODAY)
    out = tmp_path / "live"
    assert live.build(out, in_place=True).built
    page = out / "referrals" / "index.html"
    assert re.search(r'<title>Grace Hopper: weak tie[^<]*</title><circle class="[^"]*pic-weak"', page.read_text())
    write(network, {"people/grace.md": NETWORK["people/grace.md"].replace("---\n", "---\ntie: strong\n", 1)})
    assert live.build(out, in_place=True, changed={"people/grace.md"}).built
    assert re.search(r'<title>Grace Hopper: strong tie[^<]*</title><circle class="[^"]*pic-strong"', page.read_text())
    assert_as_built_fresh(network, out, tmp_path / "fresh")
