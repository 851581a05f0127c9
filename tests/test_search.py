"""Search: the Pagefind index built with the site, and the people index that works offline."""

from __future__ import annotations

import json
import time
from datetime import date
from pathlib import Path

import pytest

from site_builder import search
from site_builder.cli import main
from site_builder.site import Site
from site_builder.watch import Rebuilder

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


def pages_indexed(out: Path) -> int:
    entry = json.loads((out / "pagefind" / "pagefind-entry.json").read_text())
    return sum(language["page_count"] for language in entry["languages"].values())


@pytest.fixture
def built(network, tmp_path):
    out = tmp_path / "site"
    result = Site(network(NETWORK), TODAY).build(out)
    assert result.built
    return result, out


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
    assert (out / "pagefind" / "pagefind-ui.js").is_file() and (out / "pagefind" / "pagefind.js").is_file()
    assert not (out / "pagefind" / "pagefind-component-ui.js").exists()
    assert pages_indexed(out) == 3  # two people and one interview; lists are not indexed twice
    assert 'data-pagefind-body' in (out / "people" / "ada" / "index.html").read_text()
    assert 'data-pagefind-body' in (out / "interviews" / "2026-11-10-ada" / "index.html").read_text()
    for page in ("index.html", "people/index.html", "search/index.html", "referrals/index.html"):
        assert 'data-pagefind-body' not in (out / page).read_text(), page


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
    assert 'data-people-index="people.js"' in found and 'data-pagefind="../pagefind/pagefind-ui.js"' in found


def test_the_people_filter_of_a_table_split_over_pages_searches_everyone(network, tmp_path, monkeypatch):
    from site_builder import pages

    out = tmp_path / "site"
    root = network(NETWORK)
    assert Site(root, TODAY).build(out).built
    assert "data-filter-all" not in (out / "people" / "index.html").read_text()
    monkeypatch.setattr(pages, "PEOPLE_PER_PAGE", 1)
    assert Site(root, TODAY).build(out).built
    assert 'data-filter-all="../../search/people.js"' in (out / "people" / "_page-2" / "index.html").read_text()


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


def test_rebuilds_in_place_leave_the_index_to_the_watcher_which_makes_it_after_a_pause(network, tmp_path):
    root = network(NETWORK)
    out = tmp_path / "live"
    messages = []
    rebuilder = Rebuilder(Site(root, TODAY), out, log=messages.append, search_pause=0.2)
    first = rebuilder.build()
    assert first.built and first.search_stale and not (out / "pagefind").exists()  # pages first
    rebuilder.index_search()
    assert pages_indexed(out) == 3
    (root / "people" / "cy.md").write_text("---\nname: Cy Chan\n---\nCy collects sextants.\n")
    second = rebuilder.build()
    assert second.search_stale and not any(path.startswith("pagefind/") for path in second.changed)
    assert pages_indexed(out) == 3
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
