"""The draft pages in a real browser (issue 23): the checklist of theme/static/drafts.js, run on
every draft of the sample network and as the text is edited, the mail link following the edits,
Copy, the printed card, and the pages from file:// and on the encrypted site.

The checks themselves are written once, in drafts.js, from the checklist of
theme/templates/drafts/checklist.json: these tests run them where they run for a user.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest
from conftest import TODAY
from test_browser import _axe, sample, watched  # noqa: F401 (`sample` and `watched` are fixtures)
from test_browser_encrypted import PASSPHRASE
from test_drafts import decoded_mailto

from site_builder.site import Site

pytestmark = pytest.mark.slow  # a real browser: seconds a test

REPO = Path(__file__).parent.parent
REQUEST = "people/kenji-watanabe/drafts/reach-out/index.html"
CARD = "people/yusuf-demir/drafts/thank-you/index.html"
A6 = (298.08, 420.0)  # points: 105 x 148 mm


def drafts_in(out: Path) -> list[str]:
    return sorted(path.relative_to(out).as_posix() for path in out.glob("people/*/drafts/*/index.html"))


def checklist(page) -> dict[str, str]:
    """Each check of the page's checklist and its state: pass, fail or skip."""
    return dict(page.eval_on_selector_all(".checklist li[data-check]",
                                          "items => items.map(item => [item.dataset.check, item.dataset.state])"))


def colour(page, check: str) -> str:
    return page.eval_on_selector(f".checklist li[data-check='{check}']", "item => getComputedStyle(item).color")


def test_every_draft_of_the_sample_network_passes_its_own_checklist(watched, sample):
    out, address = sample
    page = watched()
    paths = drafts_in(out)
    assert len(paths) >= 5
    for path in paths:
        page.goto(address + path)
        states = checklist(page)
        assert states and set(states.values()) <= {"pass"}, (path, states)
        assert page.inner_text(".checklist-summary") == "Every check passes"


def type_at_end(page, text: str) -> None:
    page.click("#draft-body")
    page.keyboard.press("Control+End")
    page.keyboard.type(text)


def remove_typed(page, text: str) -> None:
    for _ in text:
        page.keyboard.press("Backspace")


def test_the_checklist_follows_the_text_as_it_is_edited(watched, sample):
    _, address = sample
    page = watched()
    page.goto(address + REQUEST)
    assert checklist(page)["no-words"] == "pass"
    green = colour(page, "no-words")
    typed = "\nP.S. Is there an opening on your team?"
    type_at_end(page, typed)
    states = checklist(page)
    assert states["no-words"] == "fail" and states["broad-interest"] == "fail"
    assert "found “opening”" in page.inner_text(".checklist li[data-check='no-words']")
    red = colour(page, "no-words")
    assert red != green and _redder(red) and not _redder(green)
    assert page.inner_text(".checklist-summary") == "2 checks to look at"
    remove_typed(page, typed)
    assert checklist(page)["no-words"] == "pass" and colour(page, "no-words") == green
    assert page.inner_text(".checklist-summary") == "Every check passes"


@pytest.mark.parametrize("edit, check", [
    ("Résumé attached.", "no-words"),
    ("Could we talk for 30 minutes?", "short-ask"),
    ("Would an hour work for you?", "short-ask"),
    ("Say hi to Lena Fisher.", "name-spelled"),
    ("Best, Kenjy", "name-spelled"),
    ("See you on [date].", "no-placeholder"),
    ("TODO: add the link", "no-placeholder"),
    (" word" * 50, "words"),
])
def test_each_rule_of_the_request_catches_what_it_is_for(watched, sample, edit, check):
    _, address = sample
    page = watched()
    page.goto(address + REQUEST)
    type_at_end(page, "\n" + edit)
    assert checklist(page)[check] == "fail"


def test_the_ask_must_be_a_question_and_the_connection_must_come_first(watched, sample):
    _, address = sample
    page = watched()
    page.goto(address + REQUEST)
    body = page.input_value("#draft-body")
    page.fill("#draft-body", body.replace("at a time that suits you?", "at a time that suits you."))
    assert checklist(page)["short-ask"] == "fail"
    page.fill("#draft-body", body.replace("Lena Fischer suggested I contact you", "I found you online")
              .replace("Lena thought", "I thought"))
    assert checklist(page)["connection-first"] == "fail"
    page.fill("#draft-body", body)
    assert set(checklist(page).values()) == {"pass"}


def test_the_mail_link_holds_the_exact_text_before_and_after_editing(watched, sample):
    _, address = sample
    page = watched()
    page.goto(address + REQUEST)

    def mail():
        return decoded_mailto(page.get_attribute("a.mail-app", "href"))
    subject, body = page.input_value("#draft-subject"), page.input_value("#draft-body")
    assert mail() == ("kenji.watanabe@example.com", {"subject": subject, "body": body.replace("\n", "\r\n")})
    page.fill("#draft-subject", "Lena’s suggestion & a question: 15 min? #1 + 100%")
    type_at_end(page, "\n\nP.S. Ça va? a=b&c")
    subject, body = page.input_value("#draft-subject"), page.input_value("#draft-body")
    assert body.endswith("P.S. Ça va? a=b&c")
    assert mail() == ("kenji.watanabe@example.com", {"subject": subject, "body": body.replace("\n", "\r\n")})


def test_copy_copies_the_text_as_edited(browser, sample):
    _, address = sample
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(address + REQUEST)
    type_at_end(page, " Thanks!")
    page.click("button.copy-draft")
    page.wait_for_selector(".draft-said:has-text('Copied.')")
    assert page.evaluate("navigator.clipboard.readText()") == page.input_value("#draft-body")
    context.close()


def printed(page) -> bytes:
    """The page printed to PDF with its own page size (Playwright's `pdf` does not ask for it)."""
    session = page.context.new_cdp_session(page)
    return base64.b64decode(session.send("Page.printToPDF", {"preferCSSPageSize": True})["data"])


def test_the_thank_you_card_prints_alone_on_one_card_sized_page(watched, sample):
    _, address = sample
    page = watched()
    page.goto(address + CARD)
    type_at_end(page, "\nP.S. Edited.")
    page.emulate_media(media="print")
    shown = page.evaluate("""() => [...document.body.querySelectorAll('*')]
        .filter(element => element.getClientRects().length && !element.closest('.card-text'))
        .map(element => element.tagName + '.' + element.className)""")
    assert {tag.split(".")[0] for tag in shown} <= {"MAIN", "ARTICLE"}, shown  # (the card's holders)
    assert page.inner_text(".card-text") == page.input_value("#draft-body")
    pdf = printed(page)
    (Path(__file__).parent.parent / "test-artifacts").mkdir(exist_ok=True)
    (Path(__file__).parent.parent / "test-artifacts" / "thank-you-card.pdf").write_bytes(pdf)
    assert len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf)) == 1
    [box] = re.findall(rb"/MediaBox\s*\[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    assert tuple(round(float(side), 1) for side in box) == tuple(round(side, 1) for side in A6)


def test_a_draft_page_works_from_file(watched, sample):
    out, _ = sample
    page = watched()
    page.goto((out / REQUEST).as_uri())
    assert set(checklist(page).values()) == {"pass"}
    type_at_end(page, " Any job?")
    assert checklist(page)["no-words"] == "fail"
    assert decoded_mailto(page.get_attribute("a.mail-app", "href"))[1]["body"].endswith("Any job?")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [360, 1280])
def test_the_draft_pages_fit_the_screen_and_pass_axe(watched, sample, width, scheme):
    _, address = sample
    page = watched(viewport={"width": width, "height": 800}, color_scheme=scheme)
    problems = []
    for path in (REQUEST, CARD):
        page.goto(address + path)
        type_at_end(page, " job")  # a failing check too, in its colour
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if overflow > 0:
            problems.append(f"{path}: {overflow} px wider than the screen")
        problems += [f"{path}: {violation}" for violation in _axe(page)]
    assert problems == [], "\n".join(problems)


def _redder(css_colour: str) -> bool:
    red, green, blue = (int(part) for part in re.findall(r"\d+", css_colour)[:3])
    return red > green and red > blue


@pytest.fixture(scope="module")
def encrypted_site(tmp_path_factory, serve):
    out = tmp_path_factory.mktemp("encrypted-drafts") / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TIES_PASSPHRASE", PASSPHRASE)
        assert Site(REPO, today=TODAY, publish="encrypted").build(out).built
    return serve(out)


def test_on_the_encrypted_site_a_draft_page_and_its_checklist_work(watched, encrypted_site):
    page = watched()
    page.goto(encrypted_site)
    page.wait_for_selector("#unlock-passphrase:enabled")
    page.fill("#unlock-passphrase", PASSPHRASE)
    page.click("#unlock-button")
    page.wait_for_selector("h1:has-text(\"Sam's job search\")")
    page.click(".site-header nav >> text=Follow-ups")
    page.click("li.kind-reach-out a.draft-link")
    page.wait_for_selector("h1:has-text('Request to Kenji Watanabe')")
    page.wait_for_selector(".checklist li[data-state]")  # drafts.js, loaded in clear, has run
    assert set(checklist(page).values()) == {"pass"}
    type_at_end(page, " Any vacancies?")
    assert checklist(page)["no-words"] == "fail"
    assert page.get_attribute("a.mail-app", "href").startswith("mailto:kenji.watanabe@example.com?subject=")
