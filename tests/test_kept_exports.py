"""Exports (and `search/people.js`) joined from the pieces of the last one
(incremental/kept_exports.py): a build in a new run after one edit makes the rows, cards and
objects made from something else, takes the others from the export the output folder holds,
and gives the bytes a build keeping nothing gives; an export changed on disk, or kept by other
code, is not used."""

from __future__ import annotations

import os
from unittest import mock
from datetime import date
from pathlib import Path

import pytest

from site_builder.exports import tables, vcard
from site_builder.exports.pieces import Pieces, text_of
from site_builder.incremental import builds, kept_exports
from site_builder.incremental.keeper import KeepNothing
from site_builder.render import people_index, urls
from site_builder.site import Site

TODAY = date(2026, 11, 26)
EXPORTS = ("contacts.csv", "contacts.vcf", "data.json", "interviews.csv", urls.PEOPLE_INDEX)
PEOPLE = 12


def write_network(root: Path) -> Path:
    for number in range(PEOPLE):
        introducer = f"introduced_by: person-{number - 1:02d}\n" if number % 3 else ""
        write(root / "people" / f"person-{number:02d}.md",
              f"---\nname: Person Ñumber {number}\ncompany: Firm {number % 4}\ntitle: Engineer\n{introducer}---\n"
              f"Notes on {number}.\n")
    write(root / "interviews/2026-11-02-person-01.md",
          "---\nperson: person-01\ndate: 2026-11-02\nreferrals: [person-02]\n---\n## Summary\nA good talk.\n")
    return root


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    os.utime(path, (1_700_000_000, 1_700_000_000))  # long ago: trusted as unchanged by the next run


def build(root: Path, out: Path, keeper=None) -> dict[str, bytes]:
    site = Site(root, TODAY, keep=keeper) if keeper else Site(root, TODAY)
    result = site.build(out)
    assert result.built and result.checked.ok
    return {path: (out / path).read_bytes() for path in EXPORTS}


def fresh(root: Path, tmp_path: Path) -> dict[str, bytes]:
    return build(root, tmp_path / "fresh", KeepNothing)


@pytest.fixture
def network(tmp_path, monkeypatch):
    monkeypatch.setenv("TIES_CACHE_DIR", str(tmp_path / "cache"))
    root = write_network(tmp_path / "network")
    build(root, tmp_path / "out")
    return root, tmp_path / "out"


class Counting:
    """Counts the calls of a piece's function."""

    def __init__(self, monkeypatch, module, name):
        self.calls = 0
        function = getattr(module, name)

        def counted(*arguments):
            self.calls += 1
            return function(*arguments)
        monkeypatch.setattr(module, name, counted)


def edit_title(root: Path, number: int, title: str) -> None:
    path = root / "people" / f"person-{number:02d}.md"
    write(path, path.read_text(encoding="utf-8").replace("title: Engineer", f"title: {title}"))
    os.utime(path, (1_700_000_100, 1_700_000_100))


def test_after_one_edit_a_new_run_makes_only_that_persons_pieces_and_the_bytes_of_a_fresh_build(
        network, tmp_path, monkeypatch):
    root, out = network
    counted = [Counting(monkeypatch, tables, "_contact_row"), Counting(monkeypatch, vcard, "_card"),
               Counting(monkeypatch, tables, "_person_json"), Counting(monkeypatch, people_index, "_entry"),
               Counting(monkeypatch, tables, "_interview_row")]
    edit_title(root, 5, "Chief, \"quoted\" =SUM(A1)")
    exports = build(root, out)
    assert [count.calls for count in counted] == [1, 1, 1, 1, 0]  # (the interview's row shows none of it)
    assert exports == fresh(root, tmp_path)


def test_an_export_changed_on_disk_is_not_taken_from(network, tmp_path):
    root, out = network
    data = (out / "contacts.csv").read_bytes()
    (out / "contacts.csv").write_bytes(data.replace(b"Firm 3", b"Firm 9"))  # (the same size)
    edit_title(root, 5, "Chief")  # (so that the export is made again)
    assert build(root, out) == fresh(root, tmp_path)


def test_kept_pieces_of_other_code_are_not_used(network, tmp_path, monkeypatch):
    root, out = network
    edit_title(root, 5, "Chief")
    monkeypatch.setattr(builds, "makers_digest", lambda folders: "other code")
    site = Site(root, TODAY)
    objects = Counting(monkeypatch, tables, "_person_json")
    assert site.build(out).built
    assert objects.calls == PEOPLE
    assert {path: (out / path).read_bytes() for path in EXPORTS} == fresh(root, tmp_path)


def test_pieces_moved_in_the_export_are_taken_where_they_now_are(network, tmp_path, monkeypatch):
    root, out = network
    (root / "people/person-03.md").unlink()  # every later row moves up
    write(root / "people/person-00a.md", "---\nname: Newcomer\n---\n")
    objects = Counting(monkeypatch, tables, "_person_json")
    exports = build(root, out)
    assert objects.calls == 1  # the newcomer
    assert exports == fresh(root, tmp_path)


def test_the_parts_of_an_export_give_the_text_made_whole():
    parts = ["head:", Pieces(lambda a, b: f"{a}+{b}", [(1, 2), (3, 4)], ","), Pieces(str.upper, [("x",)]), ":tail"]
    assert text_of(parts) == "head:1+2,3+4X:tail"
    assert kept_exports.plain("its inputs", lambda: parts) == ("its inputs", mock.ANY)
    assert kept_exports.plain("its inputs", lambda: parts)[1]() == b"head:1+2,3+4X:tail"


def test_an_export_is_made_whole_when_a_piece_cannot_be_digested(network, tmp_path):
    root, out = network
    parts = ["[", Pieces(lambda value: str(value), [(1,), (object(),)], ","), "]"]

    def digest_each(each):
        return [None if type(arguments[0]) is object else bytes(16) for arguments in each]
    key, make = kept_exports.joined(parts, digest_each, tmp_path / "cache-folder", out, "numbers.json", "code")
    assert key is None and make().startswith(b"[1,<object object")


def test_the_watchers_builds_in_place_make_no_parts_before_the_reload(network, tmp_path, monkeypatch):
    root, out = network
    site = Site(root, TODAY)
    assert site.build(out, in_place=True).built  # its first, whole
    monkeypatch.setattr(kept_exports, "joined", lambda *arguments: pytest.fail("digested before the reload"))
    parts = tables.contacts_csv_parts
    monkeypatch.setattr(tables, "contacts_csv_parts", lambda *arguments: pytest.fail("made before the reload"))
    edit_title(root, 5, "Chief")
    assert site.build(out, in_place=True, changed={"people/person-05.md"}, pages_first=True).built
    monkeypatch.setattr(tables, "contacts_csv_parts", parts)
    assert site.build(out, in_place=True, changed=set()).built is not None  # the exports, after the reload
    assert {path: (out / path).read_bytes() for path in EXPORTS} == fresh(root, tmp_path)


def test_a_new_run_after_an_edit_to_notes_only_finds_no_export_it_does_not_make(network, tmp_path, monkeypatch):
    root, out = network
    path = root / "people/person-05.md"
    write(path, path.read_text(encoding="utf-8").replace("Notes on 5.", "New notes on 5."))
    os.utime(path, (1_700_000_100, 1_700_000_100))
    monkeypatch.setattr(kept_exports, "joined", lambda *arguments: pytest.fail("an export not made was looked up"))
    assert build(root, out) == fresh(root, tmp_path)


def watcher_builds(root: Path, out: Path, monkeypatch) -> tuple[Site, list[Counting]]:
    """A watcher's site, its first build done and its exports' pieces counted from then on."""
    site = Site(root, TODAY)
    counted = [Counting(monkeypatch, tables, "_contact_row"), Counting(monkeypatch, vcard, "_card"),
               Counting(monkeypatch, tables, "_person_json"), Counting(monkeypatch, people_index, "_entry"),
               Counting(monkeypatch, tables, "_interview_row")]
    assert site.build(out, in_place=True).built
    for count in counted:
        count.calls = 0
    return site, counted


def rebuild(site: Site, out: Path, changed: set[str]) -> dict[str, bytes]:
    assert site.build(out, in_place=True, changed=changed, pages_first=True).built  # the pages, then:
    assert site.build(out, in_place=True, changed=set()).built  # the exports
    return {path: (out / path).read_bytes() for path in EXPORTS}


def test_the_watcher_makes_again_only_the_pieces_of_the_person_edited(network, tmp_path, monkeypatch):
    root, out = network
    site, counted = watcher_builds(root, out, monkeypatch)
    edit_title(root, 5, "Chief, \"quoted\" =SUM(A1)")
    exports = rebuild(site, out, {"people/person-05.md"})
    assert [count.calls for count in counted] == [1, 1, 1, 1, 0]
    assert exports == fresh(root, tmp_path)
    for count in counted:  # (the fresh build made them all)
        count.calls = 0
    edit_title(root, 7, "Director")  # and again, from the pieces the last build made
    exports = rebuild(site, out, {"people/person-07.md"})
    assert [count.calls for count in counted] == [1, 1, 1, 1, 0]
    assert exports == fresh(root, tmp_path)


def test_the_watchers_pieces_moved_in_the_export_are_taken_where_they_now_are(network, tmp_path, monkeypatch):
    root, out = network
    site, counted = watcher_builds(root, out, monkeypatch)
    (root / "people/person-03.md").unlink()  # every later row moves up
    write(root / "people/person-00a.md", "---\nname: Newcomer\n---\n")
    exports = rebuild(site, out, {"people/person-03.md", "people/person-00a.md"})
    assert counted[1].calls == 1  # the newcomer's card (the others hold nothing that changed)
    assert exports == fresh(root, tmp_path)


def test_an_interviews_row_is_made_again_when_its_persons_company_changes(network, tmp_path, monkeypatch):
    root, out = network
    rows = Counting(monkeypatch, tables, "_interview_row")
    path = root / "people" / "person-01.md"  # the one with an interview
    write(path, path.read_text(encoding="utf-8").replace("company: Firm 1", "company: Firm 9"))
    os.utime(path, (1_700_000_100, 1_700_000_100))
    exports = build(root, out)
    assert rows.calls == 1 and b"Firm 9" in exports["interviews.csv"]
    assert exports == fresh(root, tmp_path)
