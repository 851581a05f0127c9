"""The prep sheet in a real browser (issue 23): its timer, run on Playwright's clock, from a
server, from file:// and in the encrypted site; and its headings, never larger than their
parents, on screen and in print. Every page is watched for console and script errors and for
requests to another host, as in tests/test_browser.py."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from test_browser import PAGES, _axe, encrypted, sample, watched  # noqa: F401 (fixtures)
from test_browser_encrypted import PASSPHRASE

from site_builder.content.new_files import interview_template
from site_builder.site import Site

pytestmark = pytest.mark.slow  # a real browser: seconds a test

TODAY = date(2026, 11, 26)
PREP = PAGES["prep-sheet"]  # Sofia Marquez's, of 15 minutes (the default)
CLOCK = "[data-timer-clock]"
SAID = "[data-timer-said]"
MINUTE = 60_000


def timer_state(page) -> tuple[str, list[str], str]:
    """The clock, the timer's state classes and what it last said."""
    classes = page.get_attribute(".prep-timer", "class").split()
    return page.inner_text(CLOCK), sorted(c for c in classes if c.startswith("timer-")), page.inner_text(SAID)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_timer_starts_pauses_resumes_and_signals_two_minutes_before_the_end_and_at_it(watched, sample, scheme):
    _, address = sample
    page = watched(color_scheme=scheme)
    page.clock.install()
    page.goto(address + PREP)
    assert page.is_visible(".prep-timer") and page.inner_text(".prep-timer h2") == "Take only 15 minutes"
    assert timer_state(page) == ("15:00", [], "")
    page.check("[data-timer-chime]")  # a soft chime too, made after the click
    page.click("[data-timer-start]")
    assert timer_state(page) == ("15:00", ["timer-running"], "Timer started: 15:00.")
    page.clock.run_for(5 * MINUTE)
    assert page.inner_text(CLOCK) == "10:00" and page.title() == "10:00 · Prep: Sofia Marquez, 2026-12-02 · Sam's job search"

    page.click("[data-timer-pause]")
    page.clock.run_for(10 * MINUTE)  # paused: no time passes on the timer
    assert timer_state(page) == ("10:00", [], "Paused with 10:00 left.")
    assert page.inner_text("[data-timer-start]") == "Resume" and page.is_disabled("[data-timer-pause]")
    page.click("[data-timer-start]")
    assert page.inner_text(SAID) == "Timer resumed."

    page.clock.run_for(8 * MINUTE - 1_000)
    assert timer_state(page) == ("2:01", ["timer-running"], "Timer resumed.")
    page.clock.run_for(2_000)
    clock, classes, said = timer_state(page)
    assert (clock, classes) == ("1:59", ["timer-running", "timer-warning"])
    assert said == "Two minutes left: ask who else you should speak to, and whether you may follow up."
    assert _axe(page) == []  # its colours keep their contrast

    page.clock.run_for(2 * MINUTE)
    assert timer_state(page) == ("0:00", ["timer-ended"], "Time is up: thank them for their time.")
    assert page.is_disabled("[data-timer-start]") and page.is_disabled("[data-timer-pause]")
    assert page.title().startswith("0:00 · Prep: Sofia Marquez, 2026-12-02")
    assert _axe(page) == []
    page.click("[data-timer-reset]")
    assert timer_state(page) == ("15:00", [], "") and page.title() == "Prep: Sofia Marquez, 2026-12-02 · Sam's job search"


def test_the_timer_works_from_a_file_url_and_is_of_the_interviews_duration(watched, network, tmp_path):
    root = network({"people/ada.md": "---\nname: Ada\n---\n",
                    "interviews/2026-12-01-ada.md": "---\nperson: ada\ndate: 2026-12-01\nduration: 10\n---\n"})
    assert Site(root, TODAY).build(tmp_path / "site").built
    page = watched()
    page.clock.install()
    page.goto((tmp_path / "site" / "interviews" / "2026-12-01-ada" / "prep" / "index.html").as_uri())
    assert page.inner_text(".prep-timer h2") == "Take only 10 minutes" and page.inner_text(CLOCK) == "10:00"
    page.click("[data-timer-start]")
    page.clock.run_for(8 * MINUTE + 1_000)
    assert timer_state(page)[:2] == ("1:59", ["timer-running", "timer-warning"])


def test_the_timer_is_hidden_in_print_and_without_its_script(watched, sample, browser):
    _, address = sample
    page = watched()
    page.goto(address + PREP)
    assert page.is_visible(".prep-timer")
    page.emulate_media(media="print")
    assert not page.is_visible(".prep-timer")
    context = browser.new_context(java_script_enabled=False)
    try:
        still = context.new_page()
        still.goto(address + PREP)
        assert not still.is_visible(".prep-timer")  # no controls that would do nothing
    finally:
        context.close()


def test_the_timer_works_in_the_encrypted_site_each_time_its_page_is_shown(watched, encrypted):
    _, address = encrypted
    page = watched()
    page.goto(address)
    page.wait_for_selector("#unlock-passphrase:enabled")
    page.fill("#unlock-passphrase", PASSPHRASE)
    page.click("#unlock-button")
    page.wait_for_selector("h1:has-text('Sam')")
    for _ in range(2):  # (the lock page runs a page's scripts again each time it shows it)
        page.click("li.kind-prepare >> text=prep sheet")
        page.wait_for_selector("h1:has-text('Prep: Sofia Marquez')")
        page.click("[data-timer-start]")
        page.wait_for_selector("[data-timer-clock]:text-is('14:59')")  # (its CSP allows no eval)
        assert page.inner_text(SAID) == "Timer started: 15:00."
        page.click(".site-header nav >> text=Dashboard")
        page.wait_for_selector("h1:has-text('Sam')")
        page.wait_for_timeout(600)  # a tick of the timer left behind: it stops, and leaves the title alone
        assert page.title() == "Dashboard · Sam's job search"


HEADING_SIZES = """() => {
  const shown = Array.from(document.querySelectorAll("main :is(h1, h2, h3, h4, h5, h6)"))
    .filter((heading) => heading.getClientRects().length);
  const open = [], larger = [];
  for (const heading of shown) {
    const level = Number(heading.tagName[1]), size = parseFloat(getComputedStyle(heading).fontSize);
    while (open.length && open[open.length - 1].level >= level) open.pop();
    const parent = open[open.length - 1];
    if (parent && size > parent.size + 0.01)
      larger.push(`${heading.textContent} (${size}px) under ${parent.text} (${parent.size}px)`);
    open.push({level, size, text: heading.textContent});
  }
  return [shown.length, larger];
}"""


@pytest.mark.parametrize("media", ["screen", "print"])
def test_on_a_prep_sheet_no_heading_is_larger_than_the_one_it_is_under(watched, network, tmp_path, serve, media):
    notes = interview_template("ada", date(2026, 12, 1)).split("---\n", 2)[2]
    root = network({"people/ada.md": "---\nname: Ada\n---\n# About Ada\nShe builds engines.\n## Log\n### Older\n- met\n",
                    "interviews/2026-12-01-ada.md": "---\nperson: ada\ndate: 2026-12-01\n---\n"
                    + notes.replace("### A typical day\n", "### A typical day\n#### Mornings\n##### Early\n")})
    assert Site(root, TODAY).build(tmp_path / "site").built
    page = watched()
    page.goto(serve(tmp_path / "site") + "interviews/2026-12-01-ada/prep/index.html")
    page.emulate_media(media=media)
    count, larger = page.evaluate(HEADING_SIZES)
    assert count > 20 and larger == []
