"""The prep sheet: one printable page per scheduled interview."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from site_builder.render.prep import METHOD_QUESTIONS, section_items
from site_builder.site import Site

TODAY = date(2026, 11, 26)
NETWORK = {
    "people/ada.md": "---\nname: Ada Lovelace\ntie: strong\n---\n",
    "people/bo.md": "---\nname: Bo Brown\ncompany: Engines\ntitle: CTO\nintroduced_by: ada\nphone: \"+44 1\"\n"
                    "how_we_met: Ada's colleague\ntopics: [compilers]\n---\nLikes [[ada|Ada's]] puzzles.\n",
    "interviews/2026-11-02-bo.md": "---\nperson: bo\ndate: 2026-11-02\n---\n## Summary\nA warm talk.\n\n"
                                   "## Questions for next time\n- How do [[ada]] and Bo ship?\n- [ ] Send the paper\n"
                                   "1. Which teams hire?\n",
    "interviews/2026-12-01-bo.md": "---\nperson: bo\ndate: 2026-12-01\ntime: \"10:00\"\nchannel: video\n---\n"
                                   "Bring up the benchmark.\n",
    "interviews/2026-11-20-ada.md": "---\nperson: ada\ndate: 2026-11-20\nstatus: scheduled\n---\n",
}
PREP = "interviews/2026-12-01-bo/prep/index.html"


def build(network, tmp_path: Path, files=NETWORK) -> Path:
    out = tmp_path / "site"
    assert Site(network(files), TODAY).build(out).built
    return out


def test_a_scheduled_interview_has_a_prep_sheet_linked_from_its_page_and_its_queue_item(network, tmp_path):
    out = build(network, tmp_path)
    assert (out / PREP).is_file()
    assert 'href="prep/index.html"' in (out / "interviews" / "2026-12-01-bo" / "index.html").read_text()
    for page, link in (("queue/index.html", "../" + PREP), ("index.html", PREP), ("people/bo/index.html", "../../" + PREP)):
        assert f'<a class="prep-link" href="{link}">prep sheet</a>' in (out / page).read_text(), page


def test_only_interviews_still_to_come_have_a_prep_sheet(network, tmp_path):
    out = build(network, tmp_path)
    assert not (out / "interviews" / "2026-11-02-bo" / "prep").exists()  # done
    assert not (out / "interviews" / "2026-11-20-ada" / "prep").exists()  # scheduled, but its day has passed


def test_the_prep_sheet_says_who_they_are_how_you_are_connected_and_what_to_ask(network, tmp_path):
    sheet = (build(network, tmp_path) / PREP).read_text()
    assert "Prep: Bo Brown" in sheet and "CTO" in sheet and "Engines" in sheet and 'href="tel:+441"' in sheet
    chain = sheet[sheet.index('<ol class="chain">'):]
    assert chain.index("Ada Lovelace") < chain.index("Bo Brown")
    assert "mention them when you start" in sheet and "Ada&#39;s colleague" in sheet
    questions = sheet[sheet.index("Questions to ask"):sheet.index("</ol>", sheet.index("Questions to ask"))]
    assert "How do Ada Lovelace and Bo ship?" not in questions  # plain text, with the link's own words
    assert "How do ada and Bo ship?" in questions and "Which teams hire?" in questions
    assert "Send the paper" not in questions
    for question in METHOD_QUESTIONS:
        assert question.replace("'", "&#39;") in questions


def test_the_prep_sheet_has_the_notes_for_this_interview_and_the_past_ones(network, tmp_path):
    sheet = (build(network, tmp_path) / PREP).read_text()
    assert "Bring up the benchmark." in sheet
    assert 'href="../../../people/ada/index.html" title="Ada Lovelace" rel="noopener noreferrer">Ada\'s</a> puzzles' in sheet
    assert "A warm talk." in sheet and 'href="../../2026-11-02-bo/index.html"' in sheet


def test_section_items_reads_the_list_under_a_heading_but_not_tasks_or_code():
    body = ("## Questions for next time\n- One?\n* Two?\n3) Three?\n- [ ] a task\n```\n- code\n```\n"
            "## Other\n- Four?\n")
    assert section_items(body, "questions for next time") == ("One?", "Two?", "Three?")


def test_a_prep_sheet_rebuilt_in_place_follows_edits_to_past_interviews(network, tmp_path):
    root = network(NETWORK)
    live, out = Site(root, TODAY), tmp_path / "live"
    assert live.build(out, in_place=True).built
    (root / "interviews" / "2026-11-02-bo.md").write_text(
        NETWORK["interviews/2026-11-02-bo.md"].replace("Which teams hire?", "Who decides on hiring?"))
    assert live.build(out, in_place=True).changed == ["interviews/2026-11-02-bo/index.html", PREP, "review/index.html"]
    assert "Who decides on hiring?" in (out / PREP).read_text()


def test_the_prep_sheet_has_a_timer_of_the_interviews_duration_shown_by_its_own_script(network, tmp_path):
    files = {**NETWORK, "interviews/2026-12-01-bo.md": NETWORK["interviews/2026-12-01-bo.md"].replace(
        "channel: video\n", "channel: video\nduration: 10\n")}
    out = build(network, tmp_path, files)
    sheet = (out / PREP).read_text()
    assert '<section class="prep-timer" data-timer data-minutes="10" aria-labelledby="prep-timer-heading" hidden>' in sheet
    assert "Take only 10 minutes" in sheet and '<span role="timer" aria-label="Time left" data-timer-clock>10:00' in sheet
    assert '<p class="timer-said" data-timer-said aria-live="polite"></p>' in sheet
    assert '<script src="../../../assets/timer.js" defer></script>' in sheet and " onclick" not in sheet
    assert (out / "assets" / "timer.js").is_file()
    assert "timer.js" not in (out / "interviews" / "2026-12-01-bo" / "index.html").read_text()  # the prep sheet's only
    default = (build(network, tmp_path / "default") / PREP).read_text()
    assert 'data-minutes="15"' in default and "Take only 15 minutes" in default
