"""Everything that only makes a build faster keeps nothing that shows: built with `KeepNothing`
(every file read and parsed, every record made, every note converted, every page rendered, a
new site written whole, no quick path, no memo), every build case gives the same site, byte
for byte, search index and marker included, as the kept way does.

The encrypted mode is left out: each build encrypts with new random IVs, so no two of its
sites are byte-identical, however they are made (tests/test_publish.py decrypts them).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from site_builder.incremental.keeper import Keeper, KeepNothing
from site_builder.incremental.memo import KeptMemo
from site_builder.live.watch import Changes, Rebuilder
from site_builder.output.folder import MARKER
from site_builder.output.search import FOLDER as SEARCH
from site_builder.site import Site

pytestmark = pytest.mark.slow  # each case builds its site twice or more, Pagefind included

TODAY = date(2026, 11, 26)
REPO = Path(__file__).parent.parent

NETWORK = {
    # (Grace's questions for next time are on the review and on her next prep sheet; Ada's
    # interview of 2026-11-12 is not written up yet)
    "interviews/2026-10-20-grace.md": "---\nperson: grace\ndate: 2026-10-20\nthanked: 2026-10-21\n---\n"
                                      "## Summary\nA first call.\n\n## Questions for next time\n- Which teams hire?\n",
    "interviews/2026-12-03-grace.md": "---\nperson: grace\ndate: 2026-12-03\n---\n",
    "interviews/2026-11-12-ada.md": "---\nperson: ada\ndate: 2026-11-12\n---\n## What I learned\n<!-- hint -->\n\n"
                                    "## Questions for next time\n- [ ]\n",
    "people/ada.md": "---\nname: Ada Lovelace\ncompany: Engines\ntopics: [compilers]\n---\nKnows [[grace]].\n",
    "people/grace.md": "---\nname: Grace Hopper\nintroduced_by: ada\ncontacted: 2026-11-01\n---\nNotes on Grace.\n",
    "people/alan.md": "---\nname: Alan Turing\nintroduced_by: grace\n---\nMentions [[Linus]] who has no file.\n",
    "interviews/2026-11-10-grace.md": "---\nperson: grace\ndate: 2026-11-10\nreferrals: [alan, Linus]\n---\n"
                                      "## Summary\nGood talk.\n\n- [ ] Send [[alan]] the paper due:2026-11-30\n\n"
                                      "## What I learned\nTests matter.\n",
    "pyproject.toml": '[tool.site_builder]\nseeking = ["compilers", "testing"]\n',
}
# (Alan's request, Grace's thank-you card and her circle-back have drafts: see tests/test_drafts.py)

EDITS = [  # (what, {path: text, or None to remove it})
    ("a question for next time", {"interviews/2026-10-20-grace.md": NETWORK["interviews/2026-10-20-grace.md"].replace(
        "Which teams hire?", "Who decides on hiring?")}),
    ("notes written up", {"interviews/2026-11-12-ada.md": NETWORK["interviews/2026-11-12-ada.md"].replace(
        "<!-- hint -->", "Engines need care.")}),
    ("a note", {"people/grace.md": NETWORK["people/grace.md"].replace("Notes on", "New notes on")}),
    ("a summary", {"interviews/2026-11-10-grace.md": NETWORK["interviews/2026-11-10-grace.md"].replace(
        "Good talk", "A better talk")}),
    ("a field", {"people/ada.md": NETWORK["people/ada.md"].replace("Engines", "Analytical")}),
    ("a name", {"people/grace.md": NETWORK["people/grace.md"].replace("Grace Hopper", "Grace B. Hopper")}),
    ("a file renamed", {"people/alan.md": None, "people/alan-turing.md": NETWORK["people/alan.md"]}),
    ("a new file", {"people/linus.md": "---\nname: Linus\ncompany: Kernel\n---\nWrites kernels.\n"}),
    ("a file removed", {"people/linus.md": None}),
    ("a task", {"people/ada.md": NETWORK["people/ada.md"] + "- [ ] Call her due:2026-12-01\n"}),
    ("what you learned", {"interviews/2026-11-10-grace.md": NETWORK["interviews/2026-11-10-grace.md"].replace(
        "Tests matter", "Tests matter most")}),
    ("what you seek", {"pyproject.toml": NETWORK["pyproject.toml"].replace('"compilers", ', "")}),
    ("their topics", {"people/alan.md": NETWORK["people/alan.md"].replace("name: Alan Turing\n",
                                                                         "name: Alan Turing\ntopics: [testing]\n")}),
]


def write(root: Path, files: dict[str, str | None]) -> Path:
    for path, text in files.items():
        target = root / path
        if text is None:
            target.unlink()
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    return root


def tree(out: Path, search: bool = True) -> dict[str, bytes]:
    """Every file of the site in `out`, marker included; without `search`, but the search index
    and the marker (the watcher brings the index up to date apart from its rebuilds, and marks
    the folder complete only once it has)."""
    return {path.relative_to(out).as_posix(): path.read_bytes() for path in sorted(out.rglob("*"))
            if path.is_file() and (search or path.relative_to(out).parts[0] not in (SEARCH, MARKER))}


def without_search(files: dict[str, bytes]) -> dict[str, bytes]:
    return {path: data for path, data in files.items() if path.split("/")[0] not in (SEARCH, MARKER)}


def built_keeping_nothing(root: Path, out: Path, publish: str | None = None) -> dict[str, bytes]:
    result = Site(root, TODAY, publish, keep=KeepNothing).build(out)
    assert result.built and not result.up_to_date
    return tree(out)


def assert_same(kept: dict[str, bytes], fresh: dict[str, bytes], what: str = "") -> None:
    assert kept.keys() == fresh.keys(), what
    assert [path for path in fresh if kept[path] != fresh[path]] == [], what


@pytest.fixture
def network(tmp_path):
    return write(tmp_path / "network", NETWORK)


@pytest.mark.parametrize("publish", ["local", "public", "redacted"])
def test_the_sample_network_is_the_same_site_built_keeping_nothing(tmp_path, publish):
    fresh = built_keeping_nothing(REPO, tmp_path / "nothing", publish)
    assert any(path.startswith(f"{SEARCH}/") for path in fresh)
    assert any("/drafts/" in path for path in fresh)
    assert Site(REPO, TODAY, publish).build(tmp_path / "kept").built
    assert_same(tree(tmp_path / "kept"), fresh, "a first run")
    again = Site(REPO, TODAY, publish)  # a second run, finding what the first kept
    result = again.build(tmp_path / "kept")
    assert result.built or result.up_to_date
    assert_same(tree(tmp_path / "kept"), fresh, "a second run into the same folder")
    assert again.build(tmp_path / "kept-elsewhere").built
    assert_same(tree(tmp_path / "kept-elsewhere"), fresh, "a second run into another folder")


def test_a_network_edited_between_runs_is_the_same_site_built_keeping_nothing(network, tmp_path):
    out = tmp_path / "kept"
    assert Site(network, TODAY).build(out).built
    for number, (what, files) in enumerate(EDITS):
        write(network, files)
        assert Site(network, TODAY).build(out).built, what  # each a new run of `ties build`
        assert_same(tree(out), built_keeping_nothing(network, tmp_path / f"nothing-{number}"), what)


def test_a_network_edited_between_builds_of_one_site_is_the_same_site_built_keeping_nothing(network, tmp_path):
    site, out = Site(network, TODAY), tmp_path / "kept"
    assert site.build(out).built
    for number, (what, files) in enumerate(EDITS):
        write(network, files)
        assert site.build(out).built, what
        assert_same(tree(out), built_keeping_nothing(network, tmp_path / f"nothing-{number}"), what)


def test_the_watchers_rebuilds_in_place_are_the_same_site_built_keeping_nothing(network, tmp_path):
    """As `ties serve` rebuilds: in place, told what changed, its pages first and the rest right
    after. (Its search index is brought up to date apart, once the saves pause.)"""
    kept = Rebuilder(Site(network, TODAY), tmp_path / "kept", log=lambda message: None, search_pause=3600)
    nothing = Rebuilder(Site(network, TODAY, keep=KeepNothing), tmp_path / "nothing", log=lambda message: None,
                        search_pause=3600)
    try:
        for rebuilder in (kept, nothing):
            assert rebuilder.build().built
        for number, (what, files) in enumerate(EDITS):
            write(network, files)
            told = Changes(set(files)) if number % 2 else None  # told what changed, or not
            for rebuilder in (kept, nothing):
                assert rebuilder.build(told).built, what
            assert_same(tree(kept.out, search=False), tree(nothing.out, search=False), what)
            fresh = built_keeping_nothing(network, tmp_path / f"fresh-{number}")
            assert_same(tree(kept.out, search=False), without_search(fresh), what)
    finally:
        kept.close()
        nothing.close()


def test_a_notes_only_edit_is_the_same_site_built_keeping_nothing(network, tmp_path):
    """The quick paths for notes: a new run finding only notes changed since the build its folder
    holds, and the watcher swapping the new notes into its model."""
    run, live = tmp_path / "run", tmp_path / "live"
    assert Site(network, TODAY).build(run).built
    watcher = Site(network, TODAY)
    assert watcher.build(live, in_place=True).built
    interview = "interviews/2026-11-10-grace.md"
    for number, (path, text) in enumerate([
            ("people/ada.md", NETWORK["people/ada.md"].replace("Knows [[grace]].\n", "Knows [[grace]] well.\n")),
            ("people/ada.md", NETWORK["people/ada.md"].replace("Knows [[grace]].\n", "Knows [[grace]] well.\n\nMore.\n")),
            (interview, NETWORK[interview].replace("Tests matter.", "Tests matter a lot.")),  # (on her card)
    ]):
        write(network, {path: text})
        assert Site(network, TODAY).build(run).built
        assert watcher.build(live, in_place=True, changed={path}).built
        fresh = built_keeping_nothing(network, tmp_path / f"nothing-{number}")
        assert_same(tree(run), fresh, "a new run")
        assert_same(tree(live, search=False), without_search(fresh), "in place")


def test_a_notes_edit_to_the_review_or_a_write_up_is_the_same_site_built_keeping_nothing(network, tmp_path):
    """Notes shown on the review and carried onto a prep sheet (a notes-only edit), and notes
    written up at last (no longer only that: the queue's write-up goes)."""
    run, live = tmp_path / "run", tmp_path / "live"
    assert Site(network, TODAY).build(run).built
    watcher = Site(network, TODAY)
    assert watcher.build(live, in_place=True).built
    for number, (path, old, new) in enumerate([
            ("interviews/2026-10-20-grace.md", "Which teams hire?", "Who decides on hiring?"),
            ("interviews/2026-11-12-ada.md", "<!-- hint -->", "<!-- hint -->\nEngines need care."),
            ("interviews/2026-11-12-ada.md", "<!-- hint -->", "<!-- hint -->\nEngines need care, and oil.")]):
        write(network, {path: NETWORK[path].replace(old, new)})
        assert Site(network, TODAY).build(run).built
        assert watcher.build(live, in_place=True, changed={path}).built
        fresh = built_keeping_nothing(network, tmp_path / f"nothing-{number}")
        assert_same(tree(run), fresh, "a new run")
        assert_same(tree(live, search=False), without_search(fresh), "in place")


def test_keeping_nothing_keeps_nothing_between_builds(network, tmp_path):
    site = Site(network, TODAY, keep=KeepNothing)
    assert site.build(tmp_path / "site").built
    again = site.build(tmp_path / "site")
    assert again.built and not again.up_to_date
    assert again.changed == sorted(tree(tmp_path / "site", search=False))
    assert isinstance(Site(network, TODAY).keep, Keeper)


def test_keeping_nothing_the_watchers_builds_in_place_start_from_nothing(network, tmp_path):
    """No model, memo or written folder carries over: each build reads, makes and writes it all."""
    site, out = Site(network, TODAY, keep=KeepNothing), tmp_path / "site"
    assert site.build(out, in_place=True).built
    before = site.check(set())
    again = site.build(out, in_place=True, changed=set())
    assert again.built and again.changed == sorted(tree(out, search=False))
    assert site.keep.last_check() is None and not isinstance(site.keep.memo, KeptMemo)
    assert site.check(set()).network.people["ada"] is not before.network.people["ada"]  # read and made again
