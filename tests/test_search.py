"""Search: the Pagefind index built with the site, and the people index that works offline."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from site_builder.cli import main
from site_builder.live.watch import Rebuilder
from site_builder.output import search
from site_builder.site import Site

TODAY = date(2026, 11, 26)
NETWORK = {
    "people/ada.md": "---\nname: Ada Lovelace\ncompany: Engines\ntitle: CTO\nlocation: London\n"
                     "topics: [compilers]\ntags: [math]\ncontacted: 2026-11-01\n---\nAda keeps a brass calculator.\n",
    "people/bo.md": "---\nname: Bo Brown\nintroduced_by: ada\n---\n",
    "interviews/2026-11-10-ada.md": "---\nperson: ada\ndate: 2026-11-10\n---\nWe spoke about the difference engine.\n",
}


def people_of(out: Path) -> list[dict]:
    text = (out / "search" / "people.js").read_text(encoding="utf-8")
    assert text.startswith("window.weaktiesPeople = ") and text.endswith(";\n")
    return json.loads(text.removeprefix("window.weaktiesPeople = ").removesuffix(";\n"))


def indexed(messages: list[str]) -> bool:
    return any(message.startswith("Search index updated in") for message in messages)


def bundles(out: Path) -> list[str]:
    return json.loads((out / "pagefind" / "shards.json").read_text())["bundles"]


def pages_in(bundle: Path) -> int:
    entry = json.loads((bundle / "pagefind-entry.json").read_text())
    return sum(language["page_count"] for language in entry["languages"].values())


def pages_indexed(out: Path) -> int:
    return sum(pages_in(out / "pagefind" / bundle) for bundle in bundles(out))


def text_of(bundle: Path) -> str:
    """What the bundle's pages say (Pagefind's fragments: gzipped, after a signature)."""
    return "".join(gzip.decompress(f.read_bytes()).decode() for f in sorted((bundle / "fragment").iterdir()))


def fragments_of(bundle: Path) -> list[dict]:
    """What the bundle holds of each page: its URL, text, ..."""
    return [json.loads(gzip.decompress(f.read_bytes()).removeprefix(b"pagefind_dcd"))
            for f in (bundle / "fragment").iterdir()]


def urls_of(bundle: Path) -> set[str]:
    """The pages the bundle holds, by the URL it gives each."""
    return {fragment["url"] for fragment in fragments_of(bundle)}


def files_of(folder: Path) -> dict[str, tuple[int, int]]:
    """Each file in `folder`, with what changes when it is written again: inode and mtime."""
    return {p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in folder.rglob("*") if p.is_file()}


def shard_folders(out: Path) -> list[str]:
    return sorted((p.name for p in (out / "pagefind").iterdir() if p.is_dir()), key=int)


MANY = {f"people/{name.lower()}.md": f"---\nname: {name} Example\n---\n{name} keeps a {thing}.\n"
        for name, thing in [("Ada", "brass calculator"), ("Bo", "bonsai"), ("Cy", "sextant"), ("Di", "loom"),
                            ("Ed", "telescope"), ("Flo", "harpsichord"), ("Gus", "theodolite"), ("Hal", "kiln")]}


@pytest.fixture
def built(network, tmp_path):
    out = tmp_path / "site"
    result = Site(network(NETWORK), TODAY).build(out)
    assert result.built
    return result, out


@pytest.mark.slow
def test_the_people_index_has_everyone_with_what_the_filters_search(built):
    _, out = built
    people = people_of(out)
    assert [p["name"] for p in people] == ["Ada Lovelace", "Bo Brown"]
    ada, bo = people
    assert ada["url"] == "people/ada/index.html"
    assert (ada["company"], ada["title"], ada["location"], ada["topics"], ada["tags"]) == (
        "Engines", "CTO", "London", ["compilers"], ["math"])
    assert (bo["introducer"], bo["introducer_url"], bo["next"]) == ("Ada Lovelace", "people/ada/index.html", "reach-out")


def test_the_build_indexes_person_and_interview_pages_for_full_text_search(built):
    result, out = built
    assert "search" in result.timings
    for bundle in bundles(out):
        folder = out / "pagefind" / bundle
        assert (folder / "pagefind-ui.js").is_file() and (folder / "pagefind.js").is_file()
        assert not (folder / "pagefind-component-ui.js").exists()
    assert pages_indexed(out) == 2  # Ada and her interview; lists are not indexed twice, nor Bo, with no notes
    assert 'data-pagefind-body' in (out / "people" / "ada" / "index.html").read_text()
    assert 'data-pagefind-body' not in (out / "people" / "bo" / "index.html").read_text()
    assert 'data-pagefind-body' in (out / "interviews" / "2026-11-10-ada" / "index.html").read_text()
    for page in ("index.html", "people/index.html", "search/index.html", "referrals/index.html"):
        assert 'data-pagefind-body' not in (out / page).read_text(), page


def test_a_persons_page_is_indexed_for_what_is_written_about_them_not_the_lists_it_repeats(built):
    _, out = built
    fragments = [fragment for bundle in bundles(out) for fragment in fragments_of(out / "pagefind" / bundle)]
    ada = next(fragment["content"] for fragment in fragments if fragment["url"] == "/people/ada/index.html")
    assert all(words in ada for words in ("Ada Lovelace", "Engines", "London", "compilers", "brass calculator"))
    page = (out / "people" / "ada" / "index.html").read_text()
    for heading in ("Next steps", "Interviews", "How you are connected", "Referred you to"):
        assert heading in page and heading not in ada, heading
    assert "Bo Brown" in page and "Bo Brown" not in ada  # whom she referred: Bo's page is found by his name


IMPORTED = ("---\nname: Zed Quinn\ncompany: Quarry Works\ntitle: Analyst\nemail: zed@quarry.example\n"
            "linkedin: https://www.linkedin.com/in/zed-quinn\nadded: 2025-03-15\nlinkedin_connected: 2025-03-15\n---\n")


def all_urls(out: Path) -> set[str]:
    return {url for bundle in bundles(out) for url in urls_of(out / "pagefind" / bundle)}


def test_a_persons_page_with_nothing_to_search_beyond_the_people_index_is_left_out_of_pagefinds(network, tmp_path):
    # As imported from LinkedIn: name, company, title, email, LinkedIn, dates, and no notes.
    files = {**NETWORK, "people/zed.md": IMPORTED,
             "people/cy.md": "---\nname: Cy Chan\nhow_we_met: On the night train to Vienna\n---\n",
             "people/di.md": "---\nname: Di Dee\nschool: Conservatoire\n---\n",  # a field ties does not know
             "people/ed.md": "---\nname: Ed Eng\n---\n\n   \n"}
    out = tmp_path / "site"
    assert Site(network(files), TODAY).build(out).built
    assert all_urls(out) == {"/people/ada/index.html", "/people/cy/index.html", "/people/di/index.html",
                             "/interviews/2026-11-10-ada/index.html"}
    for person in ("zed", "bo", "ed"):
        assert 'data-pagefind-body' not in (out / "people" / person / "index.html").read_text(), person
    held = "".join(text_of(out / "pagefind" / bundle) for bundle in bundles(out))
    assert "night train" in held and "Conservatoire" in held
    # The people index has everyone, for the search page to find them by name, company, ...
    zed = next(person for person in people_of(out) if person["name"] == "Zed Quinn")
    assert (zed["company"], zed["title"], zed["url"]) == ("Quarry Works", "Analyst", "people/zed/index.html")
    assert {person["name"] for person in people_of(out)} == {
        "Ada Lovelace", "Bo Brown", "Cy Chan", "Di Dee", "Ed Eng", "Zed Quinn"}


def test_only_the_pages_that_mark_what_to_index_are_given_to_pagefind(tmp_path, monkeypatch):
    for page, body in (("people/marked/index.html", '<main data-pagefind-body>A marked page</main>'),
                       ("people/plain/index.html", "<main>A plain page</main>"),
                       ("interviews/plain/index.html", "<main>Another plain page</main>")):
        (tmp_path / page).parent.mkdir(parents=True)
        (tmp_path / page).write_text(f"<html><body>{body}</body></html>")
    given = []
    index_shard = search._index_shard
    monkeypatch.setattr(search, "_index_shard", lambda binary, out, pages, bundle, stop: given.append(
        sorted(pages)) or index_shard(binary, out, pages, bundle, stop))
    search.index_site(tmp_path)
    assert given == [["people/marked/index.html"]]
    assert search.is_marked(tmp_path, "people/marked/index.html")
    assert not search.is_marked(tmp_path, "people/plain/index.html") and not search.is_marked(tmp_path, "people/none")
    # Pagefind indexes a whole page when no page it reads is marked: none such is given to it.
    (tmp_path / "people" / "marked" / "index.html").write_text("<html><body><main>Not any more</main></body></html>")
    search.index_site(tmp_path, ["people/marked/index.html"])
    assert given[1:] == [[]] and bundles(tmp_path) == []


def test_the_watchers_index_takes_in_a_person_who_gains_notes_and_lets_go_one_who_loses_them(
        network, tmp_path, monkeypatch):
    monkeypatch.setattr(search, "SHARDS", 4)
    monkeypatch.setattr(search, "PAGES_PER_SHARD", 1)
    root = network({**MANY, "people/zed.md": IMPORTED})
    out = tmp_path / "live"
    rebuilder = Rebuilder(Site(root, TODAY), out, log=lambda message: None, search_pause=3600)
    rebuilder.build()
    rebuilder.index_search()
    assert "/people/zed/index.html" not in all_urls(out) and pages_indexed(out) == len(MANY)
    shard = str(search.shard_of("people/zed/index.html", 4))
    others = {bundle: files_of(out / "pagefind" / bundle) for bundle in bundles(out) if bundle != f"{shard}/"}
    (root / "people" / "zed.md").write_text(IMPORTED + "Zed restores an old funicular.\n")
    rebuilder.build()
    rebuilder.index_search()
    assert "/people/zed/index.html" in urls_of(out / "pagefind" / shard) and pages_indexed(out) == len(MANY) + 1
    assert "funicular" in text_of(out / "pagefind" / shard)
    assert {bundle: files_of(out / "pagefind" / bundle) for bundle in others} == others  # the other parts stand
    fresh = tmp_path / "fresh"
    assert Site(root, TODAY).build(fresh).built
    assert {b: urls_of(out / "pagefind" / b) for b in bundles(out)} == {
        b: urls_of(fresh / "pagefind" / b) for b in bundles(fresh)}
    (root / "people" / "zed.md").write_text(IMPORTED)
    rebuilder.build()
    rebuilder.index_search()
    assert "/people/zed/index.html" not in all_urls(out) and pages_indexed(out) == len(MANY)
    assert "funicular" not in "".join(text_of(out / "pagefind" / bundle) for bundle in bundles(out))
    rebuilder.close()


def test_a_part_made_again_reads_only_the_pages_it_held_and_those_changed(network, tmp_path, monkeypatch):
    imported = {f"people/zed-{number}.md": IMPORTED.replace("Zed Quinn", f"Zed Quinn {number}") for number in range(20)}
    root = network({**MANY, **imported})
    out = tmp_path / "site"
    site = Site(root, TODAY)
    assert site.build(out, in_place=True).built
    search.index_site(out)
    assert bundles(out) == ["0/"] and pages_indexed(out) == len(MANY)  # one part: every page is in it
    read = []
    is_marked = search.is_marked
    monkeypatch.setattr(search, "is_marked", lambda out, page: read.append(page) or is_marked(out, page))
    (root / "people" / "ada.md").write_text("---\nname: Ada Example\n---\nAda built an orrery.\n")
    (root / "people" / "zed-3.md").write_text(IMPORTED + "Zed restores an old funicular.\n")
    search.index_site(out, site.build(out, in_place=True).changed)
    assert sorted(read) == sorted([f"people/{Path(name).stem}/index.html" for name in MANY] + ["people/zed-3/index.html"])
    held = text_of(out / "pagefind" / "0")
    assert "orrery" in held and "funicular" in held and pages_indexed(out) == len(MANY) + 1
    # A URL held that is not one of the pages (as if written otherwise): every page is read.
    read.clear()
    monkeypatch.setattr(search, "_urls_in_bundle", lambda bundle: {"/people/%7A%65%64/index.html"})
    (root / "people" / "bo.md").write_text("---\nname: Bo Example\n---\nBo grows moss.\n")
    search.index_site(out, site.build(out, in_place=True).changed)
    assert len(read) == len(MANY) + len(imported) and pages_indexed(out) == len(MANY) + 1


def test_a_page_changed_that_is_not_indexed_and_was_not_leaves_the_index_as_it_is(network, tmp_path, monkeypatch):
    root = network({**MANY, "people/zed.md": IMPORTED})
    out = tmp_path / "site"
    site = Site(root, TODAY)
    assert site.build(out, in_place=True).built
    search.index_site(out)
    before = files_of(out / "pagefind")
    made = []
    index_shard = search._index_shard
    monkeypatch.setattr(search, "_index_shard", lambda binary, out, pages, bundle, stop: made.append(
        sorted(pages)) or index_shard(binary, out, pages, bundle, stop))
    (root / "people" / "zed.md").write_text(IMPORTED.replace("title: Analyst", "title: Chief Analyst"))
    changed = site.build(out, in_place=True).changed
    assert "people/zed/index.html" in changed
    search.index_site(out, changed)
    assert made == [] and files_of(out / "pagefind") == before
    (root / "people" / "ada.md").write_text("---\nname: Ada Example\n---\nAda built an orrery.\n")
    search.index_site(out, site.build(out, in_place=True).changed)
    assert len(made) == 1 and "people/ada/index.html" in made[0] and "orrery" in text_of(out / "pagefind" / "0")


def test_a_part_of_the_index_comes_with_its_first_page_with_notes_and_goes_with_its_last(network, tmp_path):
    root = network({"people/zed.md": IMPORTED})
    out = tmp_path / "live"
    rebuilder = Rebuilder(Site(root, TODAY), out, log=lambda message: None, search_pause=3600)
    rebuilder.build()
    rebuilder.index_search()
    assert bundles(out) == [] and shard_folders(out) == []  # nobody to search but by the people index
    (root / "people" / "zed.md").write_text(IMPORTED + "Zed restores an old funicular.\n")
    rebuilder.build()
    rebuilder.index_search()
    assert bundles(out) == ["0/"] and all_urls(out) == {"/people/zed/index.html"}
    (root / "people" / "zed.md").write_text(IMPORTED)
    rebuilder.build()
    rebuilder.index_search()
    assert bundles(out) == [] and shard_folders(out) == []
    rebuilder.close()


def test_a_site_has_one_shard_for_every_few_hundred_pages_and_sixteen_at_most():
    assert [search.shard_count(pages) for pages in (0, 1, 250, 251, 1_000, 4_000, 40_000)] == [1, 1, 1, 2, 4, 16, 16]


def test_a_small_site_is_indexed_in_one_shard(network, tmp_path):
    out = tmp_path / "site"
    assert Site(network(MANY), TODAY).build(out).built
    assert json.loads((out / "pagefind" / "shards.json").read_text()) == {"shards": 1, "bundles": ["0/"]}
    assert pages_indexed(out) == len(MANY)


@pytest.mark.slow
def test_a_page_belongs_to_the_same_shard_in_every_process():
    pages = ["people/ada/index.html", "people/bo/index.html", "interviews/2026-11-10-ada/index.html"]
    here = [search.shard_of(page) for page in pages]
    script = "import sys; from site_builder.output.search import shard_of; print([shard_of(page) for page in sys.argv[1:]])"
    for seed in ("1", "2"):
        there = subprocess.run([sys.executable, "-c", script, *pages], env={**os.environ, "PYTHONHASHSEED": seed},
                               capture_output=True, text=True, check=True)
        assert there.stdout.strip() == str(here)
    assert all(0 <= shard < search.SHARDS for shard in here)


def test_only_person_and_interview_pages_are_indexed():
    assert search.may_be_indexed("people/ada/index.html") and search.may_be_indexed("interviews/2026-11-10-ada/index.html")
    for page in ("people/index.html", "people/_page-2/index.html", "interviews/2026-11-10-ada/prep/index.html",
                 "people/ada/drafts/reach-out/index.html", "people/ada/photo.jpg", "topics/hiring/index.html",
                 "index.html"):
        assert not search.may_be_indexed(page), page



def test_a_shard_is_made_of_exactly_its_pages_whatever_their_names(tmp_path, monkeypatch):
    monkeypatch.setenv("PAGEFIND_GLOB", "**/*.html")  # a setting of Pagefind in the environment changes nothing
    # Whatever characters the names hold, the part holds those pages and no other.
    body = "<html><body><main data-pagefind-body><p>{}</p></main></body></html>"
    pages = ["people/a,b/index.html", "people/c[1]/index.html", "people/d{e}*/index.html", "people/f(g)<h>:$?/index.html",
             "people/back\\slash/index.html", "interviews/x/index.html"]
    others = ["people/a/index.html", "people/c1/index.html", "people/other/index.html", "people/fg/index.html",
              "people/f(g)<h>:$x/index.html", "people/de/index.html"]
    for number, page in enumerate(pages + others):
        (tmp_path / page).parent.mkdir(parents=True)
        (tmp_path / page).write_text(body.format(f"page number {number}"))
    bundle = tmp_path / "bundle"
    assert search._index_shard(search.pagefind_binary(), tmp_path, pages, bundle, None)
    assert pages_in(bundle) == len(pages)
    assert urls_of(bundle) == {f"/{page}" for page in pages}
    assert not search._index_shard(search.pagefind_binary(), tmp_path, [], tmp_path / "none", None)

@pytest.mark.slow
def test_the_full_index_is_split_into_shards_by_the_pages_paths(network, tmp_path, monkeypatch):
    monkeypatch.setattr(search, "SHARDS", 4)
    monkeypatch.setattr(search, "PAGES_PER_SHARD", 1)
    out = tmp_path / "site"
    assert Site(network(MANY), TODAY).build(out).built
    by_shard = {}
    for name in MANY:
        page = f"people/{Path(name).stem}/index.html"
        by_shard.setdefault(search.shard_of(page), []).append(page)
    assert len(by_shard) > 1
    assert json.loads((out / "pagefind" / "shards.json").read_text()) == {
        "shards": 4, "bundles": [f"{shard}/" for shard in sorted(by_shard)]}
    assert shard_folders(out) == [str(shard) for shard in sorted(by_shard)]
    for shard, pages in by_shard.items():
        assert pages_in(out / "pagefind" / str(shard)) == len(pages)
        held = text_of(out / "pagefind" / str(shard))
        assert all(f'"url":"/{page}"' in held for page in pages)  # --keep-index-url: works from a folder server


def test_a_build_tells_its_progress_page_by_page_and_part_by_part(network, tmp_path, monkeypatch):
    monkeypatch.setattr(search, "SHARDS", 4)
    monkeypatch.setattr(search, "PAGES_PER_SHARD", 1)
    site, told = Site(network(MANY), TODAY), []
    site.on_progress = lambda *report: told.append(report)
    result = site.build(tmp_path / "site")
    assert result.built
    pages = [report for report in told if report[0] == "Rendering pages"]
    assert pages == [("Rendering pages", number, len(pages)) for number in range(1, len(pages) + 1)]
    assert len(pages) > len(MANY)  # every page, the indexes too
    assert [report[0] for report in told] == sorted(  # notes, pages, then the index
        (report[0] for report in told), key=["Converting notes", "Rendering pages", "Indexing for search"].index)
    assert [report for report in told if report[0] == "Indexing for search"] == [
        ("Indexing for search", number, 4) for number in range(1, 5)]


def built_in_four_shards(network, tmp_path, monkeypatch) -> tuple[Site, Path, Path]:
    """MANY built in place (not yet indexed), with an index of four shards to come: (site, root, out)."""
    monkeypatch.setattr(search, "SHARDS", 4)
    monkeypatch.setattr(search, "PAGES_PER_SHARD", 1)
    root = network(MANY)
    out = tmp_path / "site"
    site = Site(root, TODAY)
    assert site.build(out, in_place=True).built
    return site, root, out


def test_a_rebuild_that_changed_one_page_has_only_its_shard_indexed_again(network, tmp_path, monkeypatch):
    site, root, out = built_in_four_shards(network, tmp_path, monkeypatch)
    search.index_site(out)
    ada = search.shard_of("people/ada/index.html")
    others = [bundle.rstrip("/") for bundle in bundles(out) if bundle != f"{ada}/"]
    assert others
    before = {shard: files_of(out / "pagefind" / shard) for shard in others}
    (root / "people" / "ada.md").write_text("---\nname: Ada Example\n---\nAda built an orrery.\n")
    result = site.build(out, in_place=True)
    assert [page for page in result.changed if search.may_be_indexed(page)] == ["people/ada/index.html"]
    search.index_site(out, result.changed)
    assert {shard: files_of(out / "pagefind" / shard) for shard in others} == before
    held = text_of(out / "pagefind" / str(ada))
    assert "orrery" in held and "brass calculator" not in held
    assert pages_indexed(out) == len(MANY)
    assert [p.name for p in out.iterdir() if p.name.startswith(".pagefind")] == []


@pytest.mark.slow
def test_a_shard_indexed_again_keeps_the_files_of_its_unchanged_pages_and_drops_the_old_ones(
        network, tmp_path, monkeypatch):
    site, root, out = built_in_four_shards(network, tmp_path, monkeypatch)
    search.index_site(out)
    bundle = out / "pagefind" / str(search.shard_of("people/ada/index.html"))
    assert pages_in(bundle) > 1  # ada shares her shard
    before = files_of(bundle / "fragment")
    (root / "people" / "ada.md").write_text("---\nname: Ada Example\n---\nAda built an orrery.\n")
    search.index_site(out, site.build(out, in_place=True).changed)
    after = files_of(bundle / "fragment")
    assert len(after) == pages_in(bundle) == len(before)
    kept = after.keys() & before.keys()
    assert len(kept) == len(before) - 1 and all(after[name] == before[name] for name in kept)  # not written again
    assert "orrery" in text_of(bundle) and "brass calculator" not in text_of(bundle)
    entry = json.loads((bundle / "pagefind-entry.json").read_text())
    assert [p.name for p in bundle.glob("*.pf_meta")] == [f"pagefind.{entry['languages']['en']['hash']}.pf_meta"]
    assert {p.parent.name for p in bundle.rglob("*.pf_*")} <= {bundle.name, "fragment", "index"}
    # A page removed from the shard takes its text with it.
    other = next(url for url in urls_of(bundle) if url != "/people/ada/index.html").split("/")[2]
    said = MANY[f"people/{other}.md"].rsplit("keeps a ", 1)[1].rstrip(".\n")
    assert said in text_of(bundle)
    (root / "people" / f"{other}.md").unlink()
    search.index_site(out, site.build(out, in_place=True).changed)
    assert said not in text_of(bundle) and len(list((bundle / "fragment").iterdir())) == pages_in(bundle)


@pytest.mark.slow
def test_a_shard_not_as_expected_after_reusing_its_files_is_made_from_nothing(network, tmp_path, monkeypatch):
    site, root, out = built_in_four_shards(network, tmp_path, monkeypatch)
    search.index_site(out)
    bundle = out / "pagefind" / str(search.shard_of("people/ada/index.html"))
    before = files_of(bundle)
    monkeypatch.setattr(search, "_drop_unused", lambda bundle: False)
    (root / "people" / "ada.md").write_text("---\nname: Ada Example\n---\nAda built an orrery.\n")
    search.index_site(out, site.build(out, in_place=True).changed)
    after = files_of(bundle)
    assert not any(after.get(name) == made for name, made in before.items())  # every file written anew
    assert "orrery" in text_of(bundle) and "brass calculator" not in text_of(bundle)
    assert len(list(bundle.glob("*.pf_meta"))) == 1


def test_a_removed_page_leaves_its_shard_and_an_emptied_shard_leaves_the_list(network, tmp_path, monkeypatch):
    monkeypatch.setattr(search, "PAGES_PER_SHARD", 1)  # a shard for each page: some alone in theirs
    root = network(MANY)
    out = tmp_path / "site"
    site = Site(root, TODAY)
    assert site.build(out, in_place=True).built
    search.index_site(out)
    count = json.loads((out / "pagefind" / "shards.json").read_text())["shards"]
    shards = {person: str(search.shard_of(f"people/{person}/index.html", count))
              for person in (Path(n).stem for n in MANY)}
    counts = Counter(shards.values())
    gone, shard = next((person, shard) for person, shard in shards.items() if counts[shard] == 1)
    assert f"{shard}/" in bundles(out)
    (root / "people" / f"{gone}.md").unlink()
    result = site.build(out, in_place=True)
    search.index_site(out, result.changed)
    assert f"{shard}/" not in bundles(out) and shard not in shard_folders(out)
    assert pages_indexed(out) == len(MANY) - 1
    assert [f"{name}/" for name in shard_folders(out)] == bundles(out)


def test_without_a_usable_index_every_shard_is_made(network, tmp_path, monkeypatch):
    _, _, out = built_in_four_shards(network, tmp_path, monkeypatch)
    search.index_site(out, changed=[])  # no index yet
    assert pages_indexed(out) == len(MANY) and json.loads((out / "pagefind" / "shards.json").read_text())["shards"] == 4
    monkeypatch.setattr(search, "SHARDS", 2)
    search.index_site(out, changed=[])  # the index there is in more shards than there may be
    assert json.loads((out / "pagefind" / "shards.json").read_text())["shards"] == 2
    assert set(shard_folders(out)) <= {"0", "1"} and pages_indexed(out) == len(MANY)


def test_without_pagefind_the_site_is_built_with_a_warning(network, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(search, "pagefind_binary", lambda: None)
    out = tmp_path / "site"
    root = network(NETWORK)
    assert main(["build", "--root", str(root), "--today", "2026-11-26", "--out", str(out)]) == 0
    assert (out / "index.html").is_file() and (out / "search" / "people.js").is_file()
    assert not (out / "pagefind").exists()
    assert ("pagefind: warning: no full-text search: the pagefind binary is not installed"
            in capsys.readouterr().err)


def test_a_failing_pagefind_leaves_the_site_and_says_why(network, tmp_path, monkeypatch):
    broken = tmp_path / "pagefind"
    broken.write_text("#!/bin/sh\necho 'Error: out of disk' >&2\nexit 3\n")
    broken.chmod(0o755)
    monkeypatch.setattr(search, "pagefind_binary", lambda: broken)
    out = tmp_path / "site"
    result = Site(network(NETWORK), TODAY).build(out)
    assert result.built and (out / "people" / "ada" / "index.html").is_file()
    assert [d.message for d in result.checked.diagnostics if d.file == "pagefind"] == [
        "no full-text search: pagefind failed: Error: out of disk; the site searches names, companies, "
        "titles, places, topics and tags only"]
    assert [p.name for p in out.iterdir() if "pagefind" in p.name] == []


def test_every_page_has_a_search_box_leading_to_the_search_page(built):
    _, out = built
    for page, action in (("index.html", "search/index.html"), ("people/ada/index.html", "../../search/index.html")):
        assert f'<form class="site-search" role="search" action="{action}" method="get">' in (out / page).read_text()
    found = (out / "search" / "index.html").read_text()
    assert 'data-people-index="people.js"' in found and 'data-pagefind="../pagefind/shards.json"' in found


@pytest.mark.slow
def test_the_people_filter_of_a_table_split_over_pages_searches_everyone(network, tmp_path, monkeypatch):
    from site_builder.render import pages

    out = tmp_path / "site"
    root = network(NETWORK)
    assert Site(root, TODAY).build(out).built
    assert "data-filter-all" not in (out / "people" / "index.html").read_text()
    monkeypatch.setattr(pages, "PEOPLE_PER_PAGE", 1)  # changed code makes a run build whole; a patch does not
    split = tmp_path / "split"
    assert Site(root, TODAY).build(split).built
    assert 'data-filter-all="../../search/people.js"' in (split / "people" / "_page-2" / "index.html").read_text()


def test_an_encrypted_site_has_no_readable_index_and_its_search_page_carries_the_people(network, tmp_path, monkeypatch):
    monkeypatch.setenv("TIES_PASSPHRASE", "correct horse battery staple")
    out = tmp_path / "site"
    result = Site(network(NETWORK), TODAY, publish="encrypted").build(out)
    assert result.built and "search" not in result.timings
    assert not (out / "pagefind").exists() and not (out / "search").exists()
    clear = json.loads((out / "keyinfo.json").read_text())["clear"]
    assert "search/people.js" not in clear and "search/index.html" not in clear
    for path in out.rglob("*"):
        if path.is_file():
            assert b"brass calculator" not in path.read_bytes() and b"Engines" not in path.read_bytes(), path


def test_an_encrypted_search_page_embeds_the_people_index(network, tmp_path):
    root = network({**NETWORK, "pyproject.toml": '[tool.site_builder]\npublish = "encrypted"\n'})
    site = Site(root, TODAY)
    files = site.render(site.check())
    page = files["search/index.html"].decode()
    assert 'data-people="[{&#34;name&#34;:&#34;Ada Lovelace&#34;' in page
    assert '<body data-search="encrypted">' in page and "data-filter-all" not in files["people/index.html"].decode()


@pytest.mark.slow
def test_rebuilds_in_place_leave_the_index_to_the_watcher_which_makes_it_after_a_pause(network, tmp_path):
    root = network(NETWORK)
    out = tmp_path / "live"
    messages = []
    rebuilder = Rebuilder(Site(root, TODAY), out, log=messages.append, search_pause=0.2)
    first = rebuilder.build()
    assert first.built and first.search_stale and not (out / "pagefind").exists()  # pages first
    rebuilder.index_search()
    assert pages_indexed(out) == 2  # Ada and her interview
    (root / "people" / "cy.md").write_text("---\nname: Cy Chan\n---\nCy collects sextants.\n")
    second = rebuilder.build()
    assert second.search_stale and not any(path.startswith("pagefind/") for path in second.changed)
    assert pages_indexed(out) == 2
    messages.clear()
    deadline = time.monotonic() + 20
    while not indexed(messages) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert indexed(messages)
    fresh = tmp_path / "fresh"
    assert Site(root, TODAY).build(fresh).built
    index = {p.relative_to(out).as_posix(): p.read_bytes() for p in (out / "pagefind").rglob("*") if p.is_file()}
    expected = {p.relative_to(fresh).as_posix(): p.read_bytes() for p in (fresh / "pagefind").rglob("*") if p.is_file()}
    assert index == expected
    assert [p.name for p in out.iterdir() if p.name.startswith(".pagefind")] == []


def watched_index(site: Site, monkeypatch) -> list[list[str]]:
    """What the watcher asks `site.index_search` to index, call by call."""
    asked = []
    index_search = site.index_search

    def index_and_tell(out, changed, stop=None):
        asked.append(changed)
        return index_search(out, changed, stop)
    monkeypatch.setattr(site, "index_search", index_and_tell)
    return asked


def test_the_watcher_indexes_the_pages_every_rebuild_since_the_last_index_changed(network, tmp_path, monkeypatch):
    root = network(MANY)
    out = tmp_path / "live"
    site = Site(root, TODAY)
    asked = watched_index(site, monkeypatch)
    rebuilder = Rebuilder(site, out, log=lambda message: None, search_pause=3600)
    rebuilder.build()
    rebuilder.index_search()
    assert "people/ada/index.html" in asked[-1] and pages_indexed(out) == len(MANY)
    (root / "people" / "ada.md").write_text("---\nname: Ada Example\n---\nAda built an orrery.\n")
    rebuilder.build()
    (root / "people" / "bo.md").write_text("---\nname: Bo Example\n---\nBo grows moss.\n")
    rebuilder.build()
    rebuilder.index_search()
    assert [page for page in asked[-1] if search.may_be_indexed(page)] == ["people/ada/index.html", "people/bo/index.html"]
    held = "".join(text_of(out / "pagefind" / bundle) for bundle in bundles(out))
    assert "orrery" in held and "moss" in held and "brass calculator" not in held
    rebuilder.index_search()
    assert asked[-1] == []
    rebuilder.close()


def test_the_pages_a_failed_index_missed_are_indexed_the_next_time(network, tmp_path, monkeypatch):
    root = network(MANY)
    out = tmp_path / "live"
    site = Site(root, TODAY)
    asked = watched_index(site, monkeypatch)
    messages = []
    rebuilder = Rebuilder(site, out, log=messages.append, search_pause=3600)
    rebuilder.build()
    rebuilder.index_search()
    (root / "people" / "ada.md").write_text("---\nname: Ada Example\n---\nAda built an orrery.\n")
    rebuilder.build()
    installed = search.pagefind_binary
    monkeypatch.setattr(search, "pagefind_binary", lambda: None)
    rebuilder.index_search()
    assert "no full-text search" in messages[-1]
    monkeypatch.setattr(search, "pagefind_binary", installed)
    (root / "people" / "cy.md").unlink()
    rebuilder.build()
    rebuilder.index_search()
    assert [page for page in asked[-1] if search.may_be_indexed(page)] == ["people/ada/index.html", "people/cy/index.html"]
    held = "".join(text_of(out / "pagefind" / bundle) for bundle in bundles(out))
    assert "orrery" in held and "sextant" not in held and pages_indexed(out) == len(MANY) - 1
    rebuilder.close()


@pytest.mark.slow
def test_closing_the_watcher_forgets_a_pending_index(network, tmp_path):
    root = network(NETWORK)
    messages = []
    rebuilder = Rebuilder(Site(root, TODAY), tmp_path / "live", log=messages.append, search_pause=0.2)
    rebuilder.build()
    (root / "people" / "cy.md").write_text("---\nname: Cy Chan\n---\n")
    assert rebuilder.build().search_stale
    rebuilder.close()
    time.sleep(0.5)
    assert not indexed(messages)


def test_a_new_site_is_indexed_without_reading_its_pages_again(network, tmp_path, monkeypatch):
    """A build writing a whole new site notes which pages hold a part to index as it writes them:
    its index reads none of them back, and holds what an index reading every page holds."""
    root = network({**MANY, "people/zed.md": IMPORTED})
    read = []
    is_marked = search.is_marked
    monkeypatch.setattr(search, "is_marked", lambda out, page: read.append(page) or is_marked(out, page))
    out = tmp_path / "site"
    assert Site(root, TODAY).build(out).built
    assert read == [] and pages_indexed(out) == len(MANY)
    indexed = {bundle: urls_of(out / "pagefind" / bundle) for bundle in bundles(out)}
    search.index_site(out)  # every page read
    assert len(read) == len(MANY) + 1
    assert {bundle: urls_of(out / "pagefind" / bundle) for bundle in bundles(out)} == indexed
