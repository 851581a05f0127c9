"""The encrypted site in a real browser: Debian's chromium, driven by Playwright, on a local
HTTP server (WebCrypto needs a secure context, which localhost is).

Locally these tests are skipped, with the reason, when chromium or Playwright is missing; in CI
(where `CI` is set) they fail instead, so that they never pass by not running.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from site_builder.site import Site

pytestmark = pytest.mark.slow  # a real browser: seconds a test

REPO = Path(__file__).parent.parent
PASSPHRASE = "correct horse battery staple"
DASHBOARD = """h1:has-text("Sam's job search")"""
OPAQUE_ADDRESS = re.compile(r"^http://127\.0\.0\.1:\d+/(#[0-9a-f]{32})?$")


@pytest.fixture(scope="module")
def site_url(tmp_path_factory, serve):
    """The sample network, encrypted, served on 127.0.0.1."""
    out = tmp_path_factory.mktemp("encrypted") / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TIES_PASSPHRASE", PASSPHRASE)
        patch.setenv("TIES_CACHE_DIR", str(out.parent / "cache"))
        assert Site(REPO, today=date(2026, 11, 26), publish="encrypted").build(out).built
    return serve(out)


@pytest.fixture
def page(browser):
    context = browser.new_context(accept_downloads=True)
    context.set_default_timeout(10_000)
    opened = context.new_page()
    errors = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    yield opened
    context.close()
    assert errors == []


def locked(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("#unlock-passphrase:enabled")


def unlock(page, passphrase: str = PASSPHRASE, remember: bool = False) -> None:
    page.fill("#unlock-passphrase", passphrase)
    if remember:
        page.check("#unlock-remember")
    page.click("#unlock-button")


def test_before_the_passphrase_the_page_shows_nothing_readable(page, site_url):
    locked(page, site_url)
    text = page.content().casefold()
    for private in ("carmen", "ruiz", "ferncastle", "example.com", "555", "sam's job search", "dashboard"):
        assert private not in text
    assert page.title() == "Locked"
    assert page.is_visible("text=This site is encrypted")


def test_a_wrong_passphrase_gets_a_clear_message_and_another_try(page, site_url):
    locked(page, site_url)
    unlock(page, "correct horse battery stable")
    page.wait_for_selector(".unlock-message.problem")
    assert page.inner_text("#unlock-message") == "Wrong passphrase: it does not open this site. Check it and try again."
    assert page.is_enabled("#unlock-passphrase")
    unlock(page)
    page.wait_for_selector(DASHBOARD)


def test_the_passphrase_shows_the_real_page_and_links_open_without_asking_again(page, site_url):
    locked(page, site_url)
    unlock(page)
    page.wait_for_selector(DASHBOARD)
    assert page.title() == "Dashboard · Sam's job search"
    page.click(".site-header nav >> text=People")
    page.wait_for_selector("h1:has-text('People')")
    page.click("table a:text-is('Carmen Ruiz')")
    page.wait_for_selector("h1:has-text('Carmen Ruiz')")
    assert page.is_visible("a[href='mailto:carmen.ruiz@example.com']")
    assert page.query_selector("#unlock-passphrase") is None
    assert OPAQUE_ADDRESS.match(page.url), page.url
    page.click("main a:text-is('Ravi Menon')")
    page.wait_for_selector("h1:has-text('Ravi Menon')")
    assert page.query_selector("#unlock-passphrase") is None
    page.go_back()
    page.wait_for_selector("h1:has-text('Carmen Ruiz')")
    page.go_back()
    page.wait_for_selector("h1:has-text('People')")


def test_the_theme_stylesheet_and_script_work_on_decrypted_pages(page, site_url):
    locked(page, site_url)
    unlock(page)
    page.wait_for_selector(DASHBOARD)
    page.click(".site-header nav >> text=People")
    page.wait_for_selector("th.sortable-th")  # added by the theme's site.js
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") != "rgba(0, 0, 0, 0)"


def test_a_page_address_opens_that_page_after_the_passphrase(browser, page, site_url):
    locked(page, site_url)
    unlock(page)
    page.wait_for_selector(DASHBOARD)
    page.click(".site-header nav >> text=Referrals")
    page.wait_for_selector("h1:has-text('Referrals')")
    address = page.url
    other = browser.new_context().new_page()
    locked(other, address)
    unlock(other)
    other.wait_for_selector("h1:has-text('Referrals')")
    other.context.close()


def test_an_export_link_downloads_the_decrypted_file(page, site_url):
    locked(page, site_url)
    unlock(page)
    page.wait_for_selector(DASHBOARD)
    with page.expect_download() as download:
        page.click("footer >> text=contacts.csv")
    assert download.value.suggested_filename == "contacts.csv"
    assert "carmen.ruiz@example.com" in Path(download.value.path()).read_text(encoding="utf-8-sig")


def test_remember_me_survives_a_reload_until_forget_this_device(page, site_url):
    locked(page, site_url)
    unlock(page, remember=True)
    page.wait_for_selector(DASHBOARD)
    page.reload()
    page.wait_for_selector(DASHBOARD)
    assert page.query_selector("#unlock-passphrase") is None
    page.click("text=Forget this device")
    page.wait_for_selector("#unlock-passphrase:enabled")
    assert page.inner_text("#unlock-message") == "This device no longer remembers the key."
    page.reload()
    page.wait_for_selector("#unlock-passphrase:enabled")


def test_without_remember_me_a_reload_asks_again_and_lock_locks(page, site_url):
    locked(page, site_url)
    unlock(page)
    page.wait_for_selector(DASHBOARD)
    page.click("#lock-button")
    page.wait_for_selector("#unlock-passphrase:enabled")
    unlock(page)
    page.wait_for_selector(DASHBOARD)
    page.reload()
    page.wait_for_selector("#unlock-passphrase:enabled")
