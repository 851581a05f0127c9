"""`build`: the site it writes, where it refuses to write, and that it never runs notes as code."""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import random
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from site_builder import parallel
from site_builder.cli import main
from site_builder.render.notes_html import Renderer, sanitize
from site_builder.incremental.outputs import OutputCache
from site_builder.network.followups import KINDS
from site_builder.output.folder import MARKER, ON_DISK
from site_builder.render import urls
from site_builder.render.theme import Theme
from site_builder.site import Site

TODAY = date(2026, 11, 26)
REPO = Path(__file__).parent.parent
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "poster", "data", "xlink:href"}


def build(root: Path, out: Path, *extra: str) -> int:
    return main(["build", "--root", str(root), "--today", "2026-11-26", "--out", str(out), *extra])


def snapshot(folder: Path, skip: str | None = None) -> dict[str, str]:
    """Every file below `folder` (relative path -> sha256), optionally leaving out one subfolder."""
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*"))
            if path.is_file() and not (skip and path.relative_to(folder).parts[0] == skip)}


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    handle_startendtag = handle_starttag


def tags_of(page: Path) -> list[tuple[str, list[tuple[str, str | None]]]]:
    parser = _Tags()
    parser.feed(page.read_text(encoding="utf-8"))
    parser.close()
    return parser.tags


def links_of(page: Path) -> list[str]:
    return [value for _, attrs in tags_of(page) for name, value in attrs
            if name in ("href", "src") and value is not None]


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory):
    """The sample network at the repository root, built once for the tests that only read it."""
    out = tmp_path_factory.mktemp("sample") / "site"
    result = Site(REPO, today=TODAY).build(out)
    return result, out


@pytest.mark.slow
def test_sample_network_builds_without_errors_and_its_queue_has_every_kind(sample_site):
    result, out = sample_site
    assert result.built
    assert [d for d in result.checked.diagnostics if d.is_error] == []
    assert {item.kind for item in result.checked.queue} == set(KINDS)
    assert len(KINDS) == 10


def broken_links(out: Path) -> list[tuple[str, str, str]]:
    """Internal links of every page that are absolute, name a folder or lead to no file."""
    broken = []
    for page in sorted(out.rglob("*.html")):
        page_path = page.relative_to(out).as_posix()
        for link in links_of(page):
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            if link.startswith("/"):
                if page_path != "404.html":
                    broken.append((page_path, link, "absolute"))
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(page_path), unquote(parts.path)))
            if parts.path.endswith("/") or (out / target).is_dir():
                broken.append((page_path, link, "a folder, not index.html"))
            elif target.startswith("..") or not (out / target).is_file():
                broken.append((page_path, link, "missing"))
    return broken


def test_every_internal_link_resolves_to_a_file_with_an_explicit_index_html(sample_site):
    _, out = sample_site
    assert len(list(out.rglob("*.html"))) > 20
    assert broken_links(out) == []


def test_links_resolve_for_file_names_with_spaces_accents_and_punctuation(network, tmp_path):
    root = network({
        "people/José Núñez.md": "---\nname: José Núñez\n---\nKnows [[Ana #1]] and [[ana-1|Ana]].\n",
        "people/Ana #1.md": '---\nname: "Ana #1?"\nintroduced_by: José Núñez\n---\n- [ ] Call\n',
        "interviews/2026-11-01 José.md":
            '---\nperson: "[[José Núñez]]"\ndate: 2026-11-01\nreferrals: ["[[Ana #1?]]"]\n---\n',
    })
    out = tmp_path / "site"
    assert build(root, out) == 0
    assert (out / "people" / "josé-núñez" / "index.html").is_file()
    assert broken_links(out) == []


def test_404_page_links_from_the_base_url(sample_site):
    _, out = sample_site
    assert set(links_of(out / "404.html")) == {"/assets/style.css", "/index.html"}


@pytest.mark.slow
def test_two_builds_on_the_same_day_are_byte_identical(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    assert build(REPO, first) == 0
    assert build(REPO, second) == 0
    files = sorted(p.relative_to(first).as_posix() for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second).as_posix() for p in second.rglob("*") if p.is_file())
    assert MARKER in files  # its mark too is made from what the site is made from
    assert [f for f in files if (first / f).read_bytes() != (second / f).read_bytes()] == []


@pytest.mark.slow
@pytest.mark.skipif(parallel.workers() < 2, reason="needs two cores to fork workers")
def test_a_build_on_both_cores_writes_the_same_site_as_one_in_a_single_process(tmp_path, monkeypatch):
    pids = tmp_path / "pids"
    render_page = Theme.render_page

    def render_and_tell(self, page, *more):
        with pids.open("a") as told:
            told.write(f"{os.getpid()}\n")
        return render_page(self, page, *more)
    monkeypatch.setattr(Theme, "render_page", render_and_tell)

    def built(out: Path, processes: int) -> set[int]:
        monkeypatch.setenv("TIES_CACHE_DIR", str(tmp_path / f"cache-{processes}"))  # (each converts every note)
        monkeypatch.setattr(parallel, "workers", lambda: processes)
        pids.write_text("")
        assert Site(REPO, today=TODAY).build(out).built
        return {int(pid) for pid in pids.read_text().split()}

    assert built(tmp_path / "alone", 1) == {os.getpid()}
    monkeypatch.setattr(parallel, "SMALL", 2)  # the sample's batches are small: every one goes to workers
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)  # other tests' idle threads: safe to fork
    assert os.getpid() not in built(tmp_path / "forked", 2)
    assert snapshot(tmp_path / "forked", skip=MARKER) == snapshot(tmp_path / "alone", skip=MARKER)


def test_the_exports_are_written_one_by_one_as_they_are_made_and_not_held(tmp_path):
    cache = OutputCache()
    cache.open(tmp_path, keep=False)  # as an encrypted build, which keeps no digests, opens it
    written = []
    files = {"contacts.csv": ("people", lambda: b"name\r\nAda\r\n"), "data.json": ("everything", lambda: b"{}")}
    made = cache.get_all(files, lambda path, data: written.append((path, data)))
    assert written == [("contacts.csv", b"name\r\nAda\r\n"), ("data.json", b"{}")]
    assert made == dict.fromkeys(files, ON_DISK)
    assert cache.lookup("contacts.csv", "people") is ON_DISK  # its bytes are not held


def test_a_build_with_errors_exits_1_and_leaves_the_previous_site_untouched(network, tmp_path, capsys):
    root = network({"people/ada.md": "---\nname: Ada\n---\n"})
    out = tmp_path / "site"
    assert build(root, out) == 0
    before = snapshot(out)
    network({"people/bo.md": "---\nname: Bo\ntie: medium\n---\n"})
    assert build(root, out) == 1
    assert snapshot(out) == before
    assert "people/bo.md:3: error" in capsys.readouterr().err


def test_a_build_with_errors_writes_nothing(network, tmp_path):
    root = network({"people/ada.md": "---\nname: [Ada\n---\n"})
    assert build(root, tmp_path / "site") == 1
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("out", [".", "..", "people", "interviews", "people/site"])
def test_build_refuses_an_out_folder_that_overlaps_the_root_or_content(network, capsys, out):
    root = network({"people/ada.md": "---\nname: Ada\n---\n",
                    "interviews/2026-11-01-ada.md": "---\nperson: ada\ndate: 2026-11-01\n---\n"})
    before = snapshot(root.parent)
    assert build(root, root / out) == 1
    assert snapshot(root.parent) == before
    assert "choose another output folder" in capsys.readouterr().err


def test_build_refuses_a_non_empty_folder_it_did_not_write(network, tmp_path, capsys):
    root = network({"people/ada.md": "---\nname: Ada\n---\n"})
    out = tmp_path / "mine"
    out.mkdir()
    (out / "keep.txt").write_text("precious")
    assert build(root, out) == 1
    assert sorted(p.name for p in out.iterdir()) == ["keep.txt"]
    assert (out / "keep.txt").read_text() == "precious"
    assert "did not write" in capsys.readouterr().err


def test_build_replaces_a_folder_it_wrote_itself(network, tmp_path):
    root = network({"people/ada.md": "---\nname: Ada\n---\n"})
    out = tmp_path / "site"
    assert build(root, out) == 0
    network({"people/bo.md": "---\nname: Bo\n---\n"})
    assert build(root, out) == 0
    assert (out / "people" / "bo" / "index.html").is_file()


def test_a_site_replaced_whole_leaves_no_temporary_folder_behind(network, tmp_path, monkeypatch):
    root = network({"people/ada.md": "---\nname: Ada\n---\n"})
    out = tmp_path / "site"
    assert build(root, out) == 0
    monkeypatch.setenv("TIES_CACHE_DIR", str(tmp_path / "a-new-cache"))  # nothing known of `out`: replaced whole
    network({"people/bo.md": "---\nname: Bo\n---\n"})
    assert build(root, out) == 0
    assert (out / "people" / "bo" / "index.html").is_file()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")] == []


def test_build_writes_the_exports_and_data_json(sample_site):
    result, out = sample_site
    for name in (".nojekyll", "404.html", "contacts.csv", "interviews.csv", "data.json", "index.html"):
        assert (out / name).is_file(), name
    data = json.loads((out / "data.json").read_text(encoding="utf-8"))
    network = result.checked.network
    assert [p["slug"] for p in data["people"]] == list(network.people)
    assert [i["name"] for i in data["interviews"]] == [i.name for i in network.interviews]
    assert data["queue"] == [item.as_dict() for item in result.checked.queue]
    assert len(data["referrals"]) == len(network.referrals) > 0
    contacts = (out / "contacts.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(contacts) == 1 + len(network.people)


def test_build_never_modifies_content_files(network):
    root = network({
        "pyproject.toml": "[tool.site_builder]\ntitle = \"Mine\"\n",
        "people/ada.md": "---\nname: Ada\n---\n- [ ] A task due:2026-11-01\n",
        "people/sub/bo.md": "---\nname: Bo\nintroduced_by: ada\n---\nMet [[ada]].\n",
        "interviews/2026-11-01-ada.md": "---\nperson: ada\ndate: 2026-11-01\nreferrals: [bo, Cy]\n---\nNotes.\n",
    })
    before = snapshot(root)
    assert build(root, root / "_site") == 0
    assert snapshot(root, skip="_site") == before


XSS = ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '<a href="javascript:alert(1)">x</a>',
       '"><svg onload=alert(1)>', '<iframe src="https://evil.example/"></iframe>']


def _yaml(text: str) -> str:
    return json.dumps(text)  # a JSON string is a valid YAML scalar


def test_no_payload_in_the_content_becomes_live_markup(network, tmp_path):
    body = "\n\n".join([*XSS, "[click](javascript:alert(1))", "[[<img src=x onerror=alert(1)>]]",
                        f"- [ ] {XSS[0]} due:2026-11-20", f"- [ ] {XSS[3]}"]) + "\n"
    root = network({
        "pyproject.toml": f"[tool.site_builder]\ntitle = {_yaml(XSS[0])}\nowner = {_yaml(XSS[3])}\n"
                          f"seeking = [{_yaml(XSS[1])}]\n",
        "people/eve.md": "---\n" + "\n".join([
            f"name: {_yaml(XSS[0])}", f"company: {_yaml(XSS[1])}", f"title: {_yaml(XSS[3])}",
            f"location: {_yaml(XSS[4])}", f"how_we_met: {_yaml(XSS[2])}",
            f"topics: [{', '.join(_yaml(x) for x in XSS)}]", f"tags: [{_yaml(XSS[1])}]",
            f"website: {_yaml(XSS[3])}", f"introduced_by: {_yaml(XSS[1])}",
            f"linkedin: {_yaml('https://example.com/' + XSS[3])}",
        ]) + "\n---\n" + body,
        "interviews/2026-11-01-eve.md": "---\n" + "\n".join([
            "person: eve", "date: 2026-11-01", f"topics: [{_yaml(XSS[2])}]",
            f"referrals: [{_yaml(XSS[0])}, {_yaml(XSS[4])}]", f"mood: {_yaml(XSS[1])}",
        ]) + "\n---\n" + body,
    })
    out = tmp_path / "site"
    assert build(root, out) == 0
    live = []
    for page in sorted(out.rglob("*.html")):
        name = page.relative_to(out).as_posix()
        scripts = 0
        for tag, attrs in tags_of(page):
            values = dict(attrs)
            if tag == "script":
                scripts += 1
                if not (values.get("src") or "").endswith(("assets/site.js", "assets/drafts.js")):
                    live.append((name, tag, attrs))
            # The builder draws its own pictures as inline SVG of class "pic"; any other is a payload.
            if tag in ("iframe", "object", "embed") or (tag == "svg" and "pic" not in (values.get("class") or "").split()):
                live.append((name, tag, attrs))
            for attribute, value in attrs:
                if attribute.startswith("on"):
                    live.append((name, tag, attribute))
                url = re.sub(r"[\s\x00-\x1f]", "", value or "").lower()
                if attribute in URL_ATTRIBUTES and url.startswith("javascript:"):
                    live.append((name, tag, attribute, value))
        assert page.read_text(encoding="utf-8").count("<script") == scripts, name
    assert live == []


def test_pages_show_people_interviews_referrals_topics_and_companies(network, tmp_path):
    root = network({
        "people/ann.md": "---\nname: Ann Archer\ncompany: Acme\ntitle: CTO\ntopics: compilers\npet: Turing\n---\n",
        "people/old.md": "---\nname: Olga Old\narchived: true\n---\n",
        "people/bob.md": "---\nname: Bob Baker\ncompany: Acme\nintroduced_by: ann\n---\n",
        "people/cat.md": "---\nname: Cat Cole\ncompany: Globex\nintroduced_by: Bob Baker\n---\n",
        "interviews/2026-11-01-bob.md": """
            ---
            person: bob
            date: 2026-11-01
            topics: [hiring]
            referrals: [cat, Dan Dunn]
            ---
            Bob works with [[Ann Archer]].
        """,
    })
    out = tmp_path / "site"
    assert build(root, out) == 0

    def page(path: str) -> str:
        return (out / path).read_text(encoding="utf-8")

    people = page("people/index.html")
    for slug, name in (("ann", "Ann Archer"), ("bob", "Bob Baker"), ("cat", "Cat Cole")):
        assert f'<a href="{slug}/index.html">{name}</a>' in people

    cat = page("people/cat/index.html")
    chain = cat[cat.index('<ol class="chain">'):cat.index("</ol>", cat.index('<ol class="chain">'))]
    positions = [chain.index(name) for name in ("Ann Archer", "Bob Baker", "Cat Cole")]
    assert positions == sorted(positions)
    assert '<a href="../bob/index.html">Bob Baker</a>' in cat

    assert "archived" in people[people.index("Olga Old"):]
    assert "archived" in page("people/old/index.html")

    ann = page("people/ann/index.html")
    assert "<dt>pet</dt> <dd>Turing</dd>" in ann
    assert "Mentioned in" in ann and '<a href="../../interviews/2026-11-01-bob/index.html">' in ann
    bob = page("people/bob/index.html")
    assert '<a href="../../interviews/2026-11-01-bob/index.html">' in bob
    assert "Dan Dunn" in bob and '<a href="../cat/index.html">Cat Cole</a>' in bob

    interview = page("interviews/2026-11-01-bob/index.html")
    assert '<a href="../../people/bob/index.html">Bob Baker</a>' in interview
    assert '<a href="../../people/cat/index.html">Cat Cole</a>' in interview
    assert "Dan Dunn" in interview
    assert 'href="../../people/ann/index.html"' in interview

    referrals = page("referrals/index.html")
    for name in ("Ann Archer", "Bob Baker", "Cat Cole", "Dan Dunn"):
        assert name in referrals

    topics = page("topics/index.html")
    compilers, hiring = topics.index(">compilers<"), topics.index(">hiring<")
    assert '<a href="../people/ann/index.html">Ann Archer</a>' in topics[compilers:]
    assert '<a href="../people/bob/index.html">Bob Baker</a>' in topics[hiring:]
    assert '<a href="../interviews/2026-11-01-bob/index.html">2026-11-01</a>' in topics[hiring:]

    companies = page("companies/index.html")
    acme, globex = companies.index(">Acme</a>"), companies.index(">Globex</a>")
    assert acme < globex
    assert "Ann Archer" in companies[acme:globex] and "Bob Baker" in companies[acme:globex]
    assert "Cat Cole" in companies[globex:]
    assert "Ann Archer" in page("companies/acme/index.html") and "Cat Cole" in page("companies/globex/index.html")
    assert "Ann Archer" in page("topics/compilers/index.html")
    every_referral = page("referrals/by-referrer/index.html")
    assert "Dan Dunn" in every_referral and "not contacted" in every_referral.replace("no file yet", "")


def test_queue_items_link_to_their_person_and_their_source_file(network, tmp_path):
    root = network({
        "people/ada.md": "---\nname: Ada\n---\n- [ ] Call Ada due:2026-12-01\n",
    })
    out = tmp_path / "site"
    assert Site(root, today=TODAY).build(out).built
    queue_page = (out / "queue" / "index.html").read_text()
    assert 'href="../people/ada/index.html">Ada</a>' in queue_page
    assert f'href="{(root / "people" / "ada.md").resolve().as_uri()}"' in queue_page


def test_edit_url_links_queue_items_to_the_file_and_line_on_github(network, tmp_path):
    root = network({
        "pyproject.toml": '[tool.site_builder]\nedit_url = "https://github.com/me/net/edit/main/{path}"\n',
        "people/ada lovelace.md": "---\nname: Ada\n---\n- [ ] Call Ada due:2026-12-01\n",
    })
    out = tmp_path / "site"
    assert Site(root, today=TODAY).build(out).built
    queue_page = (out / "queue" / "index.html").read_text()
    assert 'href="https://github.com/me/net/edit/main/people/ada%20lovelace.md#L4"' in queue_page


def test_long_lists_are_split_into_pages_that_link_to_each_other(network, tmp_path, monkeypatch):
    from site_builder.render import pages

    monkeypatch.setattr(pages, "PEOPLE_PER_PAGE", 2)
    monkeypatch.setattr(pages, "QUEUE_PREVIEW", 1)
    monkeypatch.setattr(pages, "QUEUE_PER_PAGE", 2)
    root = network({f"people/p{n}.md": f"---\nname: Person {n}\ncontacted: 2026-11-01\n---\n" for n in range(5)})
    out = tmp_path / "site"
    assert Site(root, today=TODAY).build(out).built
    first = (out / "people" / "index.html").read_text()
    last = (out / "people" / "_page-3" / "index.html").read_text()
    assert "Person 0" in first and "Person 1" in first and "Person 2" not in first
    assert "Person 4" in last and 'href="../_page-2/index.html"' in last and "Page 3 of 3" in last
    queue = (out / "queue" / "index.html").read_text()
    assert 'href="overdue/index.html">All 5 overdue' in queue
    assert "Person 4" in (out / "queue" / "overdue" / "_page-3" / "index.html").read_text()


def test_interviews_companies_and_topics_are_split_into_pages_too(network, tmp_path, monkeypatch):
    from site_builder.render import pages

    monkeypatch.setattr(pages, "INTERVIEWS_PER_PAGE", 2)
    monkeypatch.setattr(pages, "LIST_PER_PAGE", 2)
    monkeypatch.setattr(pages, "TOPIC_PREVIEW", 3)
    monkeypatch.setattr(pages, "COMPANIES_PER_PAGE", 1)
    files = {f"people/p{n}.md": f"---\nname: Person {n}\ncompany: Acme\ntopics: [rust]\n---\n" for n in range(5)}
    files.update({f"interviews/2026-11-0{n + 1}-p{n}.md":
                  f"---\nperson: p{n}\ndate: 2026-11-0{n + 1}\ntopics: [rust]\n---\n" for n in range(5)})
    files["people/zed.md"] = "---\nname: Zed\ncompany: Zenith\n---\n"
    out = tmp_path / "site"
    assert Site(network(files), today=TODAY).build(out).built

    def page(path: str) -> str:
        return (out / path).read_text()
    first, last = page("interviews/index.html"), page("interviews/_page-3/index.html")
    assert "2026-11-05" in first and "2026-11-04" in first and "2026-11-03" not in first  # newest first
    assert "1–2 of 5, newest first." in first and "5–5 of 5, newest first." in last and "Page 3 of 3" in last
    assert "Person 0" in last and 'href="../_page-2/index.html"' in last
    assert "Zenith" not in page("companies/index.html") and "Zenith" in page("companies/_page-2/index.html")
    company = page("companies/acme/_page-3/index.html")
    assert "Person 4" in company and "Person 3" not in company and "Page 3 of 3" in company
    topic = page("topics/rust/index.html")
    assert topic.count("· Acme</span></li>") == 3  # three of the five who can speak to it
    assert 'href="people/index.html">All 5 →' in topic and 'href="interviews/index.html">All 5 →' in topic
    everyone = page("topics/rust/people/_page-3/index.html")
    assert "Person 4" in everyone and 'href="../../index.html">rust</a>' in everyone
    assert "Person 0" in page("topics/rust/interviews/_page-3/index.html")


@pytest.mark.slow
def test_what_rendering_leaves_in_reference_cycles_is_freed_as_the_build_goes(tmp_path, monkeypatch):
    """Each template's macros and the module holding them refer to each other: with the cyclic
    collector paused for the whole build they would pile up, page after page, until it ended."""
    import contextlib
    import gc

    import jinja2.runtime

    from site_builder import site as site_module
    from site_builder.incremental.collector import collector_paused
    from site_builder.render.theme import Theme

    alive, render_pages = [], Theme.render_pages

    def counting(self, pages, *arguments, **options):
        rendered = list(render_pages(self, pages, *arguments, **options))
        alive.append((len(pages), sum(isinstance(thing, jinja2.runtime.Macro) for thing in gc.get_objects())))
        return iter(rendered)

    monkeypatch.setattr(Theme, "render_pages", counting)
    with collector_paused():  # as `ties build` runs it
        assert Site(REPO, today=TODAY).build(tmp_path / "site").built
    monkeypatch.setattr(site_module, "cycles_collected", contextlib.nullcontext)  # as if the collector stayed paused
    with collector_paused():
        assert Site(REPO, today=TODAY).build(tmp_path / "again").built
    [(pages, macros), (_, piled_up)] = alive
    # about ten a page pile up; collected as the build goes, a few pages' worth are left at the end
    assert pages > 50 and piled_up > 5 * pages and macros < piled_up / 3


@pytest.mark.slow
def test_a_build_leaves_the_garbage_collector_as_it_found_it(tmp_path):
    """Pausing the collector is the choice of the program running ties (`collector_paused`, as
    the `ties` command does), not a side effect: a program embedding `Site` keeps its own heap."""
    import gc

    gc.unfreeze()  # (what an earlier `ties` command in this process froze could be freed meanwhile)
    frozen = gc.get_freeze_count()
    assert gc.isenabled() and frozen == 0
    site = Site(REPO, today=TODAY)
    assert site.build(tmp_path / "site").built
    site.check()
    assert gc.isenabled() and gc.get_freeze_count() == frozen
    gc.disable()
    try:
        assert Site(REPO, today=TODAY).build(tmp_path / "other").built
        assert not gc.isenabled() and gc.get_freeze_count() == frozen
    finally:
        gc.enable()



def test_notes_of_nothing_but_blanks_are_no_html_without_converting_them(monkeypatch):
    renderer = Renderer()
    converted = []
    convert = renderer._markdown.convert
    monkeypatch.setattr(renderer._markdown, "convert", lambda body: converted.append(body) or convert(body))
    blanks = ["", "\n", "  \n\n\t\n", "\u00a0", "\u2003\n", "\x0c"]
    assert [renderer.render(body, lambda target: None) for body in blanks] == [""] * len(blanks)
    assert converted == [] and [sanitize(convert(body)) for body in blanks] == [""] * len(blanks)
    assert renderer.render("Notes.\n", lambda target: None) == "<p>Notes.</p>" and converted == ["Notes.\n"]


def test_a_link_between_two_pages_is_the_shortest_relative_path():
    folders, files = ["people", "ada", "queue", "interviews", "2026-11-10-ada", "assets"], ["index.html", "a.css"]
    trials = random.Random(7)
    for _ in range(20_000):
        target, page = ("/".join([*trials.choices(folders, k=trials.randint(0, 3)), trials.choice(files)])
                        for _ in range(2))
        assert urls.relative_url(target, page) == posixpath.relpath(target, posixpath.dirname(page) or "."), (target, page)
