"""Drafts of the messages the method asks for (issue 23): the request (reach-out), the nudge,
the follow-up, the circle-back and the thank-you card, from the theme's templates, on a page of
their own and printed by `ties draft`. The checklist beside each draft runs in a browser
(tests/test_browser_drafts.py)."""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from site_builder.cli import main
from site_builder.network.referrals import build_referral_index
from site_builder.render import urls
from site_builder.render.draft_texts import DraftTexts
from site_builder.render.drafts import DRAFT_KINDS, Draft, draft_facts, has_draft, mailto_link, one_thing_learned, tidy
from site_builder.render.theme_files import theme_folders
from site_builder.site import Site
from conftest import TODAY
from test_queue_pages import items_of

REPO = Path(__file__).parent.parent
CONFIG = '[tool.site_builder]\nowner = "Sam"\nseeking = ["developer tools", "data engineering"]\n'
ADA = """
    ---
    name: Ada Lovelace
    email: [ada@example.com, ada@example.org]
    company: Engines
    topics: [data engineering]
    added: 2026-10-01
    ---
    """


def drafts(root: Path, today=TODAY) -> dict[tuple[str, str], tuple[dict, Draft]]:
    """(slug, kind) -> (the template's variables, the draft) for each item with a draft."""
    checked = Site(root, today=today).check()
    referrals, texts = build_referral_index(checked.network), DraftTexts(theme_folders(root))
    found = {}
    for item in checked.queue:
        if has_draft(item):
            facts = draft_facts(checked.network, referrals, item, checked.config, checked.today)
            found[(item.person, item.kind)] = (facts, texts.render(item.kind, facts))
    return found


def draft(root: Path, slug: str, kind: str, today=TODAY) -> tuple[dict, Draft]:
    return drafts(root, today)[(slug, kind)]


def paragraphs(text: Draft) -> list[str]:
    return text.body.split("\n\n")


def sentences(paragraph: str) -> list[str]:
    return re.split(r"(?<=[.!?])\s+", paragraph)


# ---------- reach-out ----------

def test_a_request_greets_by_first_name_names_who_suggested_asks_for_15_minutes_and_signs(network):
    root = network({"pyproject.toml": CONFIG, "people/ada.md": ADA, "people/bo.md": """
        ---
        name: Bo Chen
        introduced_by: ada
        topics: [developer tools, compilers]
        ---
        """})
    facts, text = draft(root, "bo", "reach-out")
    greeting, request, ask, signature = paragraphs(text)
    assert greeting == "Hi Bo,"
    assert sentences(request)[0].startswith("Ada Lovelace suggested I contact you")
    assert text.subject == "Ada Lovelace suggested I get in touch"
    # What you look for, in one sentence: `seeking` narrowed to the topics they can speak to.
    assert [s for s in sentences(request) if "learning" in s] == [
        "I am learning all I can about developer tools, and Ada thought you would be a great person to ask."]
    assert "data engineering" not in text.body
    assert ask == "Would you have 15 minutes for a short call in the coming weeks, at a time that suits you?"
    assert signature == "Thank you,\nSam"
    assert len(text.body.split()) < 100
    assert facts["introducer"] == "Ada Lovelace" and facts["seeking"] == ("developer tools",)


def test_a_request_to_someone_an_interview_referred_names_the_person_interviewed(network):
    root = network({"pyproject.toml": CONFIG, "people/ada.md": ADA, "people/bo.md": "---\nname: Bo Chen\n---\n",
                    "interviews/2026-11-10-ada.md": "---\nperson: ada\ndate: 2026-11-10\nreferrals: [bo]\n---\n"})
    facts, text = draft(root, "bo", "reach-out")
    assert facts["introducer"] == "Ada Lovelace"
    assert paragraphs(text)[1].startswith("Ada Lovelace suggested I contact you")


def test_a_request_without_topics_in_common_names_all_you_seek_and_without_seeking_their_field(network):
    files = {"people/ada.md": ADA, "people/bo.md": "---\nname: Bo Chen\nintroduced_by: ada\ntopics: [games]\n---\n"}
    _, text = draft(network({"pyproject.toml": CONFIG, **files}), "bo", "reach-out")
    assert "learning all I can about developer tools and data engineering," in text.body
    _, text = draft(network({"pyproject.toml": '[tool.site_builder]\nowner = "Sam"\n', **files}), "bo", "reach-out")
    assert "learning all I can about your field," in text.body


def test_a_request_to_someone_without_topics_names_all_you_seek(network):
    root = network({"pyproject.toml": CONFIG, "people/ada.md": ADA,
                    "people/bo.md": "---\nname: Bo Chen\nintroduced_by: ada\n---\n"})
    facts, text = draft(root, "bo", "reach-out")
    assert facts["topics"] == () and "about developer tools and data engineering," in text.body


def test_a_request_names_an_introducer_with_no_file_as_written(network):
    root = network({"pyproject.toml": CONFIG, "people/bo.md": "---\nname: Bo Chen\nintroduced_by: Cy Doe\n---\n"})
    facts, text = draft(root, "bo", "reach-out")
    assert facts["introducer"] == "Cy Doe" and facts["introducer_first_name"] == "Cy"
    assert paragraphs(text)[1].startswith("Cy Doe suggested I contact you") and ", and Cy thought" in text.body


def test_a_draft_knows_their_first_email_and_none_without_one(network):
    root = network({"pyproject.toml": CONFIG, "people/ada.md": ADA.replace("added", "contacted"),
                    "people/bo.md": "---\nname: Bo Chen\ncontacted: 2026-11-01\n---\n"})
    assert draft(root, "ada", "nudge")[0]["email"] == "ada@example.com"
    assert draft(root, "bo", "nudge")[0]["email"] is None


# ---------- nudge, follow-up, circle-back ----------

def test_a_nudge_is_short_friendly_and_recalls_the_first_messages_date(network):
    root = network({"pyproject.toml": CONFIG, "people/ada.md": ADA,
                    "people/bo.md": "---\nname: Bo Chen\nintroduced_by: ada\ncontacted: 2026-11-10\n---\n",
                    "people/cy.md": "---\nname: Cy Doe\ncontacted: 2025-12-30\n---\n"})
    _, text = draft(root, "bo", "nudge")
    assert text.subject == "Following up on my note of 10 November"
    assert paragraphs(text)[1].startswith("I wrote to you on 10 November at Ada's suggestion,")
    assert len(text.body.split()) < 75 and "no worries" in text.body
    _, text = draft(root, "cy", "nudge", today=TODAY)
    assert paragraphs(text)[1].startswith("I wrote to you on 30 December 2025, and")  # another year: said


def test_a_follow_up_recalls_that_they_said_you_may_get_back_in_touch_around_that_date(network):
    root = network({"pyproject.toml": CONFIG, "people/ada.md": ADA.replace("added: 2026-10-01", "follow_up: 2026-11-20"),
                    "people/bo.md": "---\nname: Bo Chen\n---\n",
                    "interviews/2026-09-01-bo.md": "---\nperson: bo\ndate: 2026-09-01\nfollow_up: 2026-11-15\n---\n"})
    _, text = draft(root, "ada", "follow-up")
    assert "you said I could get back in touch around 20 November" in text.body
    assert "When we last spoke," in text.body  # (no date of it in the notes)
    facts, text = draft(root, "bo", "follow-up")  # from the interview's follow_up
    assert facts["follow_up"].isoformat() == "2026-11-15"
    assert "When we last spoke on 1 September, you said I could get back in touch around 15 November" in text.body


def test_a_circle_back_tells_the_date_the_interviews_since_and_what_became_of_their_referrals(network):
    root = network({
        "pyproject.toml": CONFIG, "people/ada.md": ADA,
        "people/bo.md": "---\nname: Bo Chen\n---\n",
        "people/cy.md": "---\nname: Cy Doe\ncontacted: 2026-10-01\n---\n",
        "people/di.md": "---\nname: Di Eve\n---\n",
        "interviews/2026-09-01-ada.md": "---\nperson: ada\ndate: 2026-09-01\nthanked: 2026-09-02\n"
                                        "referrals: [bo, cy, di, Ed Fox]\n---\n",
        "interviews/2026-10-05-bo.md": "---\nperson: bo\ndate: 2026-10-05\nthanked: 2026-10-06\n---\n",
        "interviews/2026-08-01-cy.md": "---\nperson: cy\ndate: 2026-08-01\nthanked: 2026-08-02\n---\n",
    })
    facts, text = draft(root, "ada", "circle-back")
    assert text.subject == "An update since we spoke in September"
    update, referrals = paragraphs(text)[1:3]
    # (Cy's interview was before you last spoke with Ada: not since)
    assert update == ("I wanted to let you know how my search has gone since we spoke on 1 September. I have had "
                      "one more conversation with someone in the field, and I am learning a lot.")
    assert [(r.name, r.outcome) for r in facts["referrals"]] == [
        ("Bo Chen", "interviewed"), ("Cy Doe", "interviewed"), ("Di Eve", "not contacted"), ("Ed Fox", "no file yet")]
    assert referrals == "Thanks to you, I had a great conversation with Bo and Cy. I still plan to contact Di and Ed."
    (root / "interviews" / "2026-08-01-cy.md").unlink()
    _, text = draft(root, "ada", "circle-back")
    assert paragraphs(text)[2] == ("Thanks to you, I had a great conversation with Bo. I am in touch with Cy, as you "
                                   "suggested. I still plan to contact Di and Ed.")


def test_a_circle_back_without_referrals_or_interviews_since_says_only_the_date(network):
    root = network({"pyproject.toml": CONFIG, "people/ada.md": ADA.replace("added", "last_contact") + "",
                    "people/bo.md": "---\nname: Bo Chen\ncadence: 30d\nlast_contact: 2026-10-01\n---\n"})
    facts, text = draft(root, "bo", "circle-back")
    assert facts["interviews_since"] == 0 and facts["referrals"] == ()
    assert paragraphs(text)[1:] == ["I wanted to let you know how my search has gone since we spoke on 1 October.",
                                    "I would love to hear how you are doing too.", "Best wishes,\nSam"]


# ---------- thank-you ----------

INTERVIEW = """
    ---
    person: ada
    date: 2026-11-19
    referrals: ["[[bo]]", Ed Fox]
    ---
    ## Summary
    Good talk.

    ## What I learned
    Data teams value **tested** pipelines over fast ones,
    as [[bo|Bo]] said too. The rest was about hiring.

    ## Questions for next time
    - How do they test?
    """


def test_a_thank_you_card_thanks_for_the_date_names_one_thing_learned_and_the_people_referred(network):
    root = network({"pyproject.toml": CONFIG, "people/ada.md": ADA, "people/bo.md": "---\nname: Bo Chen\n---\n",
                    "interviews/2026-11-19-ada.md": INTERVIEW})
    facts, text = draft(root, "ada", "thank-you")
    assert text.subject is None and facts["email"] is None  # a card, written by hand
    assert text.body == ("Dear Ada,\n\nThank you for your time on 19 November. One thing I am taking away: Data teams "
                         "value tested pipelines over fast ones, as Bo said too. Thank you too for suggesting I speak "
                         "with Bo and Ed.\n\nWith thanks,\nSam")
    assert len(text.body.split()) < 80


def test_a_thank_you_card_without_anything_learned_or_referred_leaves_them_out(network):
    root = network({"pyproject.toml": CONFIG, "people/ada.md": ADA,
                    "interviews/2026-11-19-ada.md": "---\nperson: ada\ndate: 2026-11-19\n---\n## What I learned\n\n"
                                                    "## Questions for next time\n- Why?\n"})
    facts, text = draft(root, "ada", "thank-you")
    assert facts["learned"] is None and facts["referrals"] == ()
    assert paragraphs(text)[1] == "Thank you for your time on 19 November."


@pytest.mark.parametrize("notes, learned", [
    ("## What I learned\nOne.\nTwo.", "One."),
    ("### What I learned:\n- Referrals skip the screen\n- Another thing", "Referrals skip the screen."),
    ("## What I Learned\n\n<!-- write here -->\n\nIt is about *people*! Not tools.", "It is about people!"),
    ("## What I learned\n\n## Summary\nNot this.", None),
    ("## Summary\nNothing learned here.", None),
])
def test_the_thing_learned_is_the_first_sentence_under_what_i_learned(notes, learned):
    assert one_thing_learned(notes) == learned


# ---------- templates ----------

def test_a_subject_line_blank_lines_and_spaces_are_tidied():
    assert tidy("\n\nSubject:  Hello there \n\n\nHi  Ada,  \n\n\n\nText.\n\n") == Draft("Hello there", "Hi Ada,\n\nText.")
    assert tidy("Dear Ada,\n\nThanks.\n") == Draft(None, "Dear Ada,\n\nThanks.")


def test_a_users_theme_overrides_a_draft_template(network):
    root = network({"pyproject.toml": CONFIG, "people/bo.md": "---\nname: Bo Chen\nintroduced_by: Cy Doe\n---\n",
                    "theme/templates/drafts/reach-out.txt": "Subject: From {{ introducer_first_name }}\n\n"
                                                            "Hello {{ name }}, {{ owner }} here.\n"})
    assert draft(root, "bo", "reach-out")[1] == Draft("From Cy", "Hello Bo Chen, Sam here.")


def test_every_kind_has_a_template_and_a_checklist():
    texts = DraftTexts(theme_folders(REPO))
    for kind in DRAFT_KINDS:
        checks = texts.checklist(kind)["checks"]
        assert checks and all(check["label"] for check in checks), kind
        assert texts.environment.get_template(f"drafts/{kind}.txt")


def test_a_broken_draft_template_is_a_build_error_naming_its_file_and_line(network, tmp_path, capsys):
    root = network({"people/bo.md": "---\nname: Bo Chen\nintroduced_by: Cy Doe\n---\n",
                    "theme/templates/drafts/reach-out.txt": "Hi {{ first_name }},\n\n{{ no_such_thing }}\n"})
    result = Site(root, today=TODAY).build(tmp_path / "site")
    assert not result.built
    [problem] = [d for d in result.checked.diagnostics if d.is_error]
    assert (problem.file, problem.line) == ("theme/templates/drafts/reach-out.txt", 3)
    assert "no_such_thing" in problem.message
    assert main(["draft", "bo", "--root", str(root), "--today", TODAY.isoformat()]) == 1
    assert "theme/templates/drafts/reach-out.txt:3: error: template error:" in capsys.readouterr().err


def test_a_checklist_that_is_not_json_is_a_build_error_naming_its_file_and_line(network, tmp_path):
    root = network({"people/bo.md": "---\nname: Bo Chen\nintroduced_by: Cy Doe\n---\n",
                    "theme/templates/drafts/checklist.json": '{\n  "kinds": {\n    "reach-out": [,]\n  }\n}\n'})
    result = Site(root, today=TODAY).build(tmp_path / "site")
    [problem] = [d for d in result.checked.diagnostics if d.is_error]
    assert (problem.file, problem.line) == ("theme/templates/drafts/checklist.json", 3)
    assert "is not JSON" in problem.message


# ---------- mailto ----------

def decoded_mailto(link: str) -> tuple[str, dict[str, str]]:
    """A mailto: link's recipient and fields, each decoded as a mail app decodes it."""
    parts = urlsplit(link)
    assert parts.scheme == "mailto"
    fields = dict(field.split("=", 1) for field in parts.query.split("&")) if parts.query else {}
    return unquote(parts.path), {name: unquote(value) for name, value in fields.items()}


def test_a_mailto_link_decodes_to_the_exact_recipient_subject_and_body_with_crlf_line_breaks():
    text = Draft("Ça va? 50% & more #1 + a=b", "Hi Zoë,\n\nLine one; line two?\nA/B & C=D + 100% 🙂\n\nSam")
    address, fields = decoded_mailto(mailto_link("zoë+tag@example.com", text))
    assert address == "zoë+tag@example.com"
    assert fields == {"subject": text.subject, "body": text.body.replace("\n", "\r\n")}
    assert " " not in mailto_link("a@example.com", text) and "+" not in mailto_link("a@example.com", text)[7:]


def test_a_card_has_no_subject_in_its_link():
    assert mailto_link("a@example.com", Draft(None, "Hi")) == "mailto:a@example.com?body=Hi"


# ---------- pages ----------

def built(root: Path, out: Path, publish: str | None = None) -> dict[str, str]:
    assert Site(root, today=TODAY, publish=publish).build(out).built
    return {path.relative_to(out).as_posix(): path.read_text(encoding="utf-8") for path in out.rglob("*.html")}


def mail_link(page: str) -> str | None:
    found = re.search(r'<a class="button mail-app"[^>]* href="([^"]*)"', page)
    return html.unescape(found.group(1)) if found else None


def textarea(page: str) -> str:
    return html.unescape(re.search(r'<textarea id="draft-body"[^>]*>\n(.*?)</textarea>', page, re.DOTALL).group(1))


def test_each_item_with_a_draft_has_a_page_linked_from_the_queue_and_the_persons_page(tmp_path):
    pages = built(REPO, tmp_path / "site")
    checked = Site(REPO, today=TODAY).check()
    items = [item for item in checked.queue if has_draft(item)]
    assert {item.kind for item in items} == set(DRAFT_KINDS)  # the sample has one of each at least
    drafts_built = {path for path in pages if "/drafts/" in path}
    assert drafts_built == {urls.draft_page(item.person, item.kind) for item in items}
    for item in items:
        link = f'<a class="draft-link" href="../{item.person}/drafts/{item.kind}/index.html">draft</a>'
        assert link.replace("../", "../people/", 1) in pages["queue/index.html"]
        assert f'<a class="draft-link" href="drafts/{item.kind}/index.html">draft</a>' in \
            pages[urls.person_page(item.person)]
    shown = items_of(pages["queue/index.html"])
    assert len(shown) == len(checked.queue)
    for data, inner in shown:  # the others (add-contact, connect, task, ...) have no draft
        assert ('class="draft-link"' in inner) == (data["kind"] in DRAFT_KINDS), data


def test_a_draft_page_holds_the_text_in_a_spell_checked_box_with_its_checklist(tmp_path):
    pages = built(REPO, tmp_path / "site")
    page = pages["people/kenji-watanabe/drafts/reach-out/index.html"]
    facts, text = draft(REPO, "kenji-watanabe", "reach-out")
    assert textarea(page) == text.body
    assert re.search(r'<textarea id="draft-body"[^>]* spellcheck="true"', page)
    assert f'value="{html.escape(text.subject)}"' in page
    assert "Fewer than 100 words" in page and "No mention of a job" in page
    assert 'src="../../../../assets/drafts.js"' in page and 'href="../../../../assets/drafts.css"' in page
    address, fields = decoded_mailto(mail_link(page))
    assert (address, fields) == (facts["email"], {"subject": text.subject, "body": text.body.replace("\n", "\r\n")})
    card = pages["people/yusuf-demir/drafts/thank-you/index.html"]
    assert mail_link(card) is None and 'id="draft-subject"' not in card and "data-print" in card


def test_no_other_page_loads_the_draft_script(tmp_path):
    pages = built(REPO, tmp_path / "site")
    assert all(("drafts.js" in page) == ("/drafts/" in path) for path, page in pages.items())


def test_a_redacted_site_has_drafts_with_no_email_nor_notes_as_its_person_pages(tmp_path):
    pages = built(REPO, tmp_path / "site", publish="redacted")
    drafts_built = [path for path in pages if "/drafts/" in path]
    assert drafts_built and all("mailto:" not in pages[path] and "@example" not in pages[path] for path in drafts_built)
    assert "One thing I am taking away" not in pages["people/yusuf-demir/drafts/thank-you/index.html"]


def test_a_public_site_shows_the_email_where_its_person_page_does(tmp_path):
    pages = built(REPO, tmp_path / "site", publish="public")
    assert "mailto:kenji.watanabe@example.com" in pages["people/kenji-watanabe/index.html"]
    assert mail_link(pages["people/kenji-watanabe/drafts/reach-out/index.html"]).startswith(
        "mailto:kenji.watanabe@example.com?subject=")


# ---------- ties draft ----------

def run(capsys, *arguments: str) -> tuple[int, str, str]:
    status = main(["draft", *arguments, "--root", str(REPO), "--today", TODAY.isoformat()])
    out, err = capsys.readouterr()
    return status, out, err


def test_ties_draft_prints_the_subject_and_body_of_the_one_item_with_a_draft(capsys):
    status, out, _ = run(capsys, "kenji-watanabe")
    _, text = draft(REPO, "kenji-watanabe", "reach-out")
    assert (status, out) == (0, f"Subject: {text.subject}\n\n{text.body}\n")
    status, out, _ = run(capsys, "Yusuf Demir", "thank-you")  # a card: no subject
    assert status == 0 and out.startswith("Dear Yusuf,\n\nThank you for your time on 19 November.")


def test_ties_draft_lists_several_items_with_a_draft_and_exits_2(capsys):
    status, out, err = run(capsys, "daniel-osei")
    assert (status, out) == (2, "")
    assert "Daniel Osei has 2 open items: name the kind of one" in err
    assert "ties draft daniel-osei follow-up" in err and "ties draft daniel-osei circle-back" in err
    status, out, _ = run(capsys, "daniel-osei", "circle-back")
    assert status == 0 and out.startswith("Subject: An update since we spoke in September\n\nHi Daniel,")


def test_ties_draft_refuses_nobody_and_someone_with_no_item_with_a_draft(capsys):
    status, out, err = run(capsys, "nobody")
    assert (status, out) == (1, "") and "'nobody' has no file" in err
    status, out, err = run(capsys, "lena-fischer")
    assert (status, out) == (1, "") and "Lena Fischer has no open item with a draft (open: connect;" in err
    status, _, err = run(capsys, "kenji-watanabe", "nudge")
    assert status == 1 and "Kenji Watanabe has no open nudge item (open: reach-out)" in err


# ---------- the watcher ----------

def rebuilt(site: Site, out: Path) -> list[str]:
    return site.build(out, in_place=True).changed


def test_in_the_watcher_an_edit_to_seeking_or_their_topics_renders_their_draft_again(network, tmp_path):
    root = network({"pyproject.toml": CONFIG, "people/ada.md": ADA,
                    "people/bo.md": "---\nname: Bo Chen\nintroduced_by: ada\ntopics: [compilers]\n---\n"})
    site, out, page = Site(root, today=TODAY), tmp_path / "site", urls.draft_page("bo", "reach-out")
    assert site.build(out, in_place=True).built
    assert "developer tools and data engineering," in (out / page).read_text()
    (root / "people" / "bo.md").write_text("---\nname: Bo Chen\nintroduced_by: ada\ntopics: [developer tools]\n---\n")
    assert page in rebuilt(site, out)
    assert "about developer tools, and Ada thought" in (out / page).read_text()
    (root / "pyproject.toml").write_text(CONFIG.replace('"developer tools", ', ""))
    assert page in rebuilt(site, out)
    assert "about data engineering, and Ada thought" in (out / page).read_text()
    assert rebuilt(site, out) == []


def test_in_the_watcher_an_edit_to_what_you_learned_renders_the_card_again(network, tmp_path):
    root = network({"pyproject.toml": CONFIG, "people/ada.md": ADA, "people/bo.md": "---\nname: Bo Chen\n---\n",
                    "people/di.md": "---\nname: Di Eve\n---\n", "interviews/2026-11-19-ada.md": INTERVIEW})
    site, out, page = Site(root, today=TODAY), tmp_path / "site", urls.draft_page("ada", "thank-you")
    assert site.build(out, in_place=True).built
    interview = root / "interviews" / "2026-11-19-ada.md"
    interview.write_text(interview.read_text().replace("Data teams value", "Platform teams value"))
    assert page in rebuilt(site, out)  # (a notes-only edit)
    assert "One thing I am taking away: Platform teams value" in (out / page).read_text()
    (root / "people" / "di.md").write_text("---\nname: Di Eve\ntitle: Chef\n---\n")  # the whole plan, after
    assert site.build(out, in_place=True).built
    assert "One thing I am taking away: Platform teams value" in (out / page).read_text()


def test_the_watcher_plans_again_only_the_drafts_made_from_something_else(network, tmp_path):
    """A person's draft pages stand (the same objects) until their page key is made again, an
    interview of theirs is read again or the days of the done interviews change."""
    di = "---\nname: Di Eve\ncadence: 30d\nlast_contact: 2026-11-01\n---\n"
    root = network({"pyproject.toml": CONFIG, "people/ada.md": ADA, "people/bo.md": "---\nname: Bo Chen\n---\n",
                    "people/di.md": di, "interviews/2026-11-19-ada.md": INTERVIEW})
    site, out = Site(root, today=TODAY), tmp_path / "site"
    assert site.build(out, in_place=True).built
    kept = site.keep.memo.kept_pages

    def drafts_now() -> dict[str, list]:
        return {slug: list(pages) for slug, pages in kept.drafts.items() if pages}
    before = drafts_now()
    assert set(before) == {"ada", "bo", "di"}  # (Ada referred Bo: a request)
    (root / "people" / "di.md").write_text(di.replace("---\n", "---\ntitle: Chef\n", 1))
    assert site.build(out, in_place=True, changed={"people/di.md"}).built
    after = drafts_now()
    assert len(after["ada"]) == 2 and all(new is old for new, old in zip(after["ada"], before["ada"]))
    assert after["di"][0] is not before["di"][0]
    (root / "interviews" / "2026-11-10-bo.md").write_text("---\nperson: bo\ndate: 2026-11-10\n---\n")
    assert site.build(out, in_place=True, changed={"interviews/2026-11-10-bo.md"}).built
    assert drafts_now()["di"][0] is not after["di"][0]  # one more interview done since you spoke with Di
    assert "I have had two more conversations" in (out / urls.draft_page("di", "circle-back")).read_text()
