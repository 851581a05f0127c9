"""The site in a real browser: Debian's chromium, driven by Playwright, on a local HTTP server.

A user's path by clicking, search, the people filter, phones and laptops, axe-core's
accessibility rules, the keyboard, printing and offline reading. Every page of every test is
watched for console errors, script errors and requests to any other host. Screenshots at 360
and 1280 px, light and dark, go to test-artifacts/.

Locally these tests are skipped, with the reason, when chromium or Playwright is missing; in CI
(where `CI` is set) they fail instead, so that they never pass by not running. Playwright
downloads no browser: it drives the installed chromium (or the one named by $CHROMIUM).
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from site_builder.output import search
from site_builder.site import Site

pytestmark = pytest.mark.slow  # a real browser: seconds a test

REPO = Path(__file__).parent.parent
TODAY = date(2026, 11, 26)
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"  # axe-core 4.14.1, MPL-2.0
ARTIFACTS = REPO / "test-artifacts"
AXE_RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
PAGES = {
    "dashboard": "index.html",
    "queue": "queue/index.html",
    "people": "people/index.html",
    "person": "people/sofia-marquez/index.html",
    "interviews": "interviews/index.html",
    "interview": "interviews/2026-09-22-daniel-osei/index.html",
    "prep-sheet": "interviews/2026-12-02-sofia-marquez/prep/index.html",
    "review": "review/index.html",
    "referrals": "referrals/index.html",
    "topics": "topics/index.html",
    "companies": "companies/index.html",
    "search": "search/index.html?q=change+control",
}


@pytest.fixture(scope="module")
def sample(tmp_path_factory, serve):
    """The sample network, built with its search index: (folder, address)."""
    out = tmp_path_factory.mktemp("browser") / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "PAGES_PER_SHARD", 1)  # as many parts as a large site has: the page merges them
        result = Site(REPO, today=TODAY).build(out)
    assert result.built and len(search_bundles(out)) > 1
    return out, serve(out)


def search_bundles(out: Path) -> list[str]:
    """The bundles of the shards of the full-text index that hold pages; the first one's UI searches all."""
    return json.loads((out / "pagefind" / "shards.json").read_text())["bundles"]


class Watched:
    """A browser context whose pages are watched for errors and for requests to other hosts."""

    def __init__(self, browser, **options):
        self.context = browser.new_context(**options)
        self.problems: list[str] = []
        self.context.on("request", self._request)
        self.context.on("console", lambda message: message.type == "error" and self.problems.append(
            f"console error: {message.text} at {message.location.get('url')}"))
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))

    def _request(self, request):
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.hostname != "127.0.0.1":
            self.problems.append(f"request to another host: {request.url}")

    def close(self):
        self.context.close()
        assert self.problems == []


@pytest.fixture
def watched(browser):
    """watched(**context options) -> a page; at the end, no console error, script error or
    request to another host may have happened on it."""
    opened = []

    def open_page(**options):
        opened.append(Watched(browser, **{"viewport": {"width": 1280, "height": 900}, **options}))
        return opened[-1].page
    yield open_page
    for context in opened:
        context.close()


def heading(page) -> str:
    return page.inner_text("main h1")


def test_a_users_path_from_the_dashboard_to_an_interview_by_clicking(watched, sample):
    _, address = sample
    page = watched()
    page.goto(address + "index.html")
    assert heading(page) == "Sam's job search"
    page.click(".site-header nav >> text=Follow-ups")
    assert heading(page) == "Follow-ups"
    page.click("li.kind-prepare .what >> text=Sofia Marquez")
    assert heading(page) == "Sofia Marquez"
    page.click("ol.chain >> text=Marcus Bell")  # up her referral chain
    assert heading(page) == "Marcus Bell"
    page.click("ul.interviews >> text=Tue 14 Jul 2026")
    assert heading(page) == "Interview with Marcus Bell"
    page.click("main >> text=Sofia Marquez")  # a referral she was given
    page.click("svg.pic text:has-text('Marcus Bell')")  # and back, through the picture of her chain
    assert heading(page) == "Marcus Bell"


def test_the_queue_leads_to_the_prep_sheet_of_a_scheduled_interview(watched, sample):
    _, address = sample
    page = watched()
    page.goto(address + "queue/index.html")
    page.click("li.kind-prepare >> text=prep sheet")
    assert heading(page) == "Prep: Sofia Marquez"
    assert page.is_visible("text=Introduced by")
    page.wait_for_selector("button[data-print]", state="visible")  # shown by site.js once it has run


def test_search_finds_a_phrase_from_a_note_in_any_shard_of_the_index(watched, sample):
    out, address = sample
    assert f"{search.shard_of('interviews/2026-03-10-oliver-brandt/index.html')}/" != search_bundles(out)[0]
    page = watched()
    page.goto(address + "people/index.html")
    page.fill("#site-search", "change control")
    page.press("#site-search", "Enter")
    page.wait_for_selector(".pagefind-ui__result-link")
    assert page.inner_text(".pagefind-ui__result-link >> nth=0") == "Interview with Oliver Brandt"
    assert "change control" in page.inner_text(".pagefind-ui__result-excerpt >> nth=0")
    assert "q=change" in page.url
    page.click(".pagefind-ui__result-link >> nth=0")
    assert heading(page) == "Interview with Oliver Brandt"


# As `ties import linkedin` writes them: no notes, so their pages are not in Pagefind's index.
IMPORTED = {f"people/{slug}.md": f"---\nname: {name}\ncompany: {company}\ntitle: Analyst\n"
            f"linkedin: https://www.linkedin.com/in/{slug}\nadded: 2025-03-15\nlinkedin_connected: 2025-03-15\n---\n"
            for slug, name, company in [("zed-quinn", "Zed Quinn", "Quarry Works"),
                                        *((f"lumen-{n}", f"Lumen Person {n}", "Lumen Labs") for n in range(11))]}


@pytest.fixture
def imported(network, tmp_path, serve):
    """A network of people imported from LinkedIn and one with notes, built and served: (folder, address)."""
    root = network({**IMPORTED, "people/ada.md": "---\nname: Ada Lovelace\ncompany: Engines\n---\n"
                                                 "Ada keeps a brass calculator on her desk.\n"})
    out = tmp_path / "site"
    assert Site(root, TODAY).build(out).built
    assert {fragment["url"] for bundle in search_bundles(out) for fragment in fragments(out / "pagefind" / bundle)} == {
        "/people/ada/index.html"}
    return out, serve(out)


def fragments(bundle: Path) -> list[dict]:
    import gzip
    return [json.loads(gzip.decompress(f.read_bytes()).removeprefix(b"pagefind_dcd"))
            for f in (bundle / "fragment").iterdir()]


def test_the_search_page_finds_people_without_notes_by_the_people_index_and_notes_by_pagefind(watched, imported):
    _, address = imported
    page = watched()
    page.goto(address + "search/index.html?q=zed+quinn")
    page.wait_for_selector(".search-results >> text=Zed Quinn")  # by name
    assert page.inner_text("[data-search-count]") == "1 person"
    assert page.is_visible("#search-query") and page.is_hidden(".pagefind-ui__search-input")  # one box for both
    page.wait_for_selector(".pagefind-ui__message >> text=In notes and interviews: no result for zed quinn")
    page.fill("#search-query", "quarry")  # by company
    page.wait_for_selector(".search-results >> text=Zed Quinn")
    page.fill("#search-query", "calculator")  # a word of someone's notes: Pagefind's
    page.wait_for_selector(".pagefind-ui__result-link >> text=Ada Lovelace")
    assert page.inner_text(".pagefind-ui__message") == "In notes and interviews: 1 result for calculator"
    assert page.locator(".search-results li").count() == 0 and page.inner_text("[data-search-count]") == ""
    assert "q=calculator" in page.url
    assert _axe(page) == []
    page.fill("#search-query", "lumen")  # the first few people, and the rest in the people table
    page.wait_for_selector("text=all of them in the people table")
    assert page.locator(".search-results li").count() == 10
    assert page.inner_text("[data-search-count]") == "11 people, the first 10 shown: all of them in the people table"
    page.click("text=all of them in the people table")
    assert heading(page).startswith("People") and page.input_value("#people-filter") == "lumen"
    page.wait_for_selector("#people-table >> text=Lumen Person 10")
    assert page.locator("#people-table tbody tr:visible").count() == 11
    page.go_back()
    page.fill("#search-query", "quarry")
    page.click(".search-results >> text=Zed Quinn")
    assert heading(page) == "Zed Quinn"


def test_a_served_site_with_no_notes_yet_searches_its_people(watched, network, tmp_path, serve):
    out = tmp_path / "site"
    assert Site(network(IMPORTED), TODAY).build(out).built
    assert search_bundles(out) == []
    page = watched()
    page.goto(serve(out) + "search/index.html?q=quarry")
    page.wait_for_selector(".search-results >> text=Zed Quinn")
    assert "No notes or interviews are written yet." in page.inner_text("[data-search-note]")


def test_the_people_filter_narrows_the_table(watched, sample):
    _, address = sample
    page = watched()
    page.goto(address + "people/index.html")
    rows = "#people-table tbody tr:visible"
    assert page.locator(rows).count() == 13
    page.fill("#people-filter", "lumen")
    assert page.locator(rows).all_inner_texts()[0].startswith("Grace Adeyemi")
    assert page.locator(rows).count() == 2
    page.fill("#people-filter", "germany streaming")  # a place and a topic: Lena only
    assert page.locator(rows).count() == 1
    assert page.inner_text("[data-filter-count]") == "1 of 13"
    page.press("#people-filter", "Escape")
    assert page.locator(rows).count() == 13


@pytest.fixture(scope="module")
def paginated(tmp_path_factory, serve):
    """The sample network with five people per page of the people table."""
    from site_builder.render import pages

    out = tmp_path_factory.mktemp("paginated") / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pages, "PEOPLE_PER_PAGE", 5)
        assert Site(REPO, today=TODAY).build(out).built
    return out, serve(out)


def test_the_filter_of_a_table_split_over_pages_finds_everyone(watched, paginated):
    _, address = paginated
    page = watched()
    page.goto(address + "people/index.html")
    rows = "#people-table tbody tr:visible"
    assert page.locator(rows).count() == 5 and page.is_visible("nav.pager")
    page.fill("#people-filter", "istanbul")  # Yusuf Demir, on the third page
    page.wait_for_selector("#people-table >> text=Yusuf Demir")
    assert page.locator(rows).count() == 1 and not page.is_visible("nav.pager")
    assert page.inner_text("[data-filter-count]") == "1 of 13 people"
    page.click("#people-table >> text=Yusuf Demir")
    assert heading(page) == "Yusuf Demir"
    page.go_back()
    page.wait_for_selector("#people-table >> text=Yusuf Demir")  # ?q= brought the filter back
    page.fill("#people-filter", "")
    assert page.locator(rows).count() == 5 and page.is_visible("nav.pager")


def test_opened_from_a_file_search_falls_back_to_people_and_the_filter_still_works(watched, paginated):
    out, _ = paginated
    page = watched()
    page.goto((out / "search" / "index.html").as_uri() + "?q=fablehouse")
    page.wait_for_selector(".search-results li")
    assert page.locator(".search-results li").all_inner_texts()[0].startswith("Sofia Marquez")
    assert "Opened from a file" in page.inner_text("[data-search-note]")
    page.click(".search-results >> text=Sofia Marquez")
    assert heading(page) == "Sofia Marquez"
    page.goto((out / "people" / "index.html").as_uri())
    page.fill("#people-filter", "germany")
    page.wait_for_selector("#people-table >> text=Oliver Brandt")
    assert page.locator("#people-table tbody tr:visible").count() == 2
    page.goto((out / "index.html").as_uri())
    page.fill("#site-search", "quarry")
    page.press("#site-search", "Enter")
    page.wait_for_selector(".search-results >> text=Daniel Osei")


def test_a_built_page_offers_each_command_to_copy_and_no_button_that_edits(watched, sample):
    out, address = sample
    for opened in ((out / "queue" / "index.html").as_uri(), address + "queue/index.html"):
        page = watched()
        page.context.grant_permissions(["clipboard-read", "clipboard-write"])
        page.goto(opened)
        commands = page.locator("li.queue-item .close code.command")
        assert commands.count() == page.locator("li.queue-item[data-command]").count() > 0
        assert page.locator("li.queue-item .close button.copy").count() == commands.count()
        assert page.locator(".ties-actions, li.queue-item button:not(.copy)").count() == 0
        page.locator("li.queue-item .close button.copy").first.click()
        page.wait_for_selector("li.queue-item .close button.copy:text-matches('Copied|Select and copy')")
        if opened.startswith("http"):  # (a file's page may be given no clipboard)
            assert page.evaluate("navigator.clipboard.readText()") == commands.first.inner_text()


def _axe(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("rules => axe.run(document, {runOnly: {type: 'tag', values: rules}})", AXE_RULES)
    return [f"{v['impact']} {v['id']}: {v['help']} ({', '.join(n['target'][0] for n in v['nodes'][:3])})"
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [360, 1280])
def test_every_kind_of_page_fits_the_screen_and_passes_axe(watched, sample, width, scheme):
    _, address = sample
    page = watched(viewport={"width": width, "height": 800}, color_scheme=scheme)
    folder = ARTIFACTS / "screenshots" / f"{width}-{scheme}"
    folder.mkdir(parents=True, exist_ok=True)
    problems = []
    for name, path in PAGES.items():
        page.goto(address + path)
        if name == "search":
            page.wait_for_selector(".pagefind-ui__result-link")
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if overflow > 0:
            problems.append(f"{name}: {overflow} px wider than the screen")
        page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
        problems += [f"{name}: {violation}" for violation in _axe(page)]
    assert problems == [], "\n".join(problems)


def test_on_a_phone_the_queue_comes_first_and_tap_targets_are_large(watched, sample):
    _, address = sample
    page = watched(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page.goto(address + "index.html")
    queue = page.locator("section.group-overdue").bounding_box()
    numbers = page.locator("section.numbers").bounding_box()
    assert queue["y"] < numbers["y"] and queue["y"] < 740
    small = page.evaluate("""() => Array.from(document.querySelectorAll(
        '.site-header a, .site-header input, nav.jump a, th button, .pager a, p.filter input'))
        .map(e => e.getBoundingClientRect()).filter(r => r.width && r.height < 44).length""")
    assert small == 0


def test_the_keyboard_reaches_the_content_and_the_search_box(watched, sample):
    _, address = sample
    page = watched()
    page.goto(address + "index.html")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "site-search"
    page.keyboard.type("parental leave")
    page.keyboard.press("Enter")
    page.wait_for_selector(".pagefind-ui__result-link >> text=Lena Fischer")


def test_dark_mode_follows_the_system_setting(watched, sample):
    _, address = sample
    colours = {}
    for scheme in ("light", "dark"):
        page = watched(color_scheme=scheme)
        page.goto(address + "index.html")
        colours[scheme] = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert colours == {"light": "rgb(247, 246, 243)", "dark": "rgb(20, 23, 28)"}


def test_the_prep_sheet_prints_on_one_page(watched, sample):
    _, address = sample
    page = watched()
    page.goto(address + PAGES["prep-sheet"])
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4")
    (ARTIFACTS / "prep-sheet.pdf").parent.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "prep-sheet.pdf").write_bytes(pdf)
    assert len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf)) == 1


def test_pages_opened_once_can_be_read_offline(watched, sample):
    _, address = sample
    page = watched()
    page.goto(address + "index.html")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()  # now controlled by the service worker
    page.click(".site-header nav >> text=People")
    assert heading(page).startswith("People")
    page.context.set_offline(True)
    page.reload()
    assert heading(page).startswith("People")
    page.goto(address + "topics/index.html")  # never opened
    assert heading(page) == "Offline"
    page.context.set_offline(False)


@pytest.fixture(scope="module")
def encrypted(tmp_path_factory, serve):
    """The sample network, encrypted: (folder, address)."""
    out = tmp_path_factory.mktemp("encrypted") / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TIES_PASSPHRASE", "correct horse battery staple")
        assert Site(REPO, today=TODAY, publish="encrypted").build(out).built
    return out, serve(out)


def test_an_encrypted_site_searches_people_from_its_encrypted_list(watched, encrypted):
    _, address = encrypted
    page = watched()
    page.goto(address)
    page.wait_for_selector("#unlock-passphrase:enabled")
    page.fill("#unlock-passphrase", "correct horse battery staple")
    page.click("#unlock-button")
    page.wait_for_selector("h1:has-text('Sam')")
    page.fill("#site-search", "fablehouse")
    page.press("#site-search", "Enter")
    page.wait_for_selector(".search-results >> text=Sofia Marquez")
    assert "Notes are not searched on an encrypted site" in page.inner_text("[data-search-note]")
    page.click(".search-results >> text=Sofia Marquez")
    page.wait_for_selector("h1:has-text('Sofia Marquez')")
    page.click("svg.pic text:has-text('Marcus Bell')")  # the picture's links open through the lock too
    page.wait_for_selector("h1:has-text('Marcus Bell')")
