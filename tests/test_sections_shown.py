"""How pages show the sections of notes (issue 23): an interview's page leaves out the template's
empty sections, and on a prep sheet the notes' headings come below the sheet's own."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from site_builder.content.markup import headings_below, without_empty_sections
from site_builder.content.new_files import interview_template
from site_builder.site import Site

TODAY = date(2026, 11, 26)
TEMPLATE_NOTES = interview_template("ada", date(2026, 11, 20)).split("---\n", 2)[2]
PAGE = "interviews/2026-11-20-ada/index.html"


def interview_notes(network, tmp_path: Path, notes: str) -> str:
    """The notes section of the interview page of an interview whose notes are `notes`."""
    root = network({"people/ada.md": "---\nname: Ada\n---\n",
                    "interviews/2026-11-20-ada.md": "---\nperson: ada\ndate: 2026-11-20\n---\n" + notes})
    assert Site(root, TODAY).build(tmp_path / "site").built
    page = (tmp_path / "site" / PAGE).read_text()
    return page[page.index('<section class="notes">'):page.index("</section>", page.index('<section class="notes">'))]


def test_an_interview_page_leaves_out_the_templates_empty_sections(network, tmp_path):
    shown = interview_notes(network, tmp_path, TEMPLATE_NOTES)
    assert "<h2" not in shown and "<h3" not in shown and "No notes yet." in shown


def test_an_interview_page_shows_a_filled_section_under_its_parent_and_no_empty_sibling(network, tmp_path):
    notes = TEMPLATE_NOTES.replace("### A typical day\n", "### A typical day\nMeetings, then code.\n")
    shown = interview_notes(network, tmp_path, notes)
    assert re.findall(r"<h(\d)>(.*?)</h\1>", shown) == [("2", "Their work"), ("3", "A typical day")]
    assert "Meetings, then code." in shown


def test_a_section_with_only_comments_blank_lines_or_empty_items_is_empty(network, tmp_path):
    notes = ("## Summary\n<!-- a hint\nover two lines -->\n\n   \n- \n- [ ]\n## What I learned\nA lot.\n"
             "## Questions for next time\n")
    shown = interview_notes(network, tmp_path, notes)
    assert re.findall(r"<h2>(.*?)</h2>", shown) == ["What I learned"] and "<li" not in shown


def test_without_empty_sections_keeps_text_above_the_first_heading_and_code_as_it_is():
    body = "Intro.\n## Empty\n\n## Code\n```\n# not a heading\n```\n### Empty below code\n"
    assert without_empty_sections(body) == "Intro.\n## Code\n```\n# not a heading\n```"


def test_headings_below_moves_the_highest_heading_one_below_the_level_and_the_rest_with_it():
    html = "<h2>A</h2><p>x</p><h3 id='b'>B</h3><h5>C</h5>"
    assert headings_below(html, 2) == "<h3>A</h3><p>x</p><h4 id='b'>B</h4><h6>C</h6>"
    assert headings_below("<h1>A</h1><h6>F</h6>", 3) == "<h4>A</h4><h6>F</h6>"  # h6 at most
    assert headings_below("<h4>A</h4>", 2) == "<h4>A</h4>"  # already below: as it is
    assert headings_below("<p>&lt;h2&gt;</p>", 2) == "<p>&lt;h2&gt;</p>"


def test_on_a_prep_sheet_no_heading_of_the_notes_is_above_the_sheets_own(network, tmp_path):
    root = network({"people/ada.md": "---\nname: Ada\n---\n# About Ada\n## Log\n- met\n",
                    "interviews/2026-12-01-ada.md": "---\nperson: ada\ndate: 2026-12-01\n---\n" + TEMPLATE_NOTES
                    + "\nTo ask about engines.\n"})
    assert Site(root, TODAY).build(tmp_path / "site").built
    sheet = (tmp_path / "site" / "interviews/2026-12-01-ada/prep/index.html").read_text()
    levels = [(int(level), text) for level, text in re.findall(r"<h(\d)[^>]*>(.*?)</h\d>", sheet)]
    assert levels[0] == (1, "Prep: Ada")
    ours = {"Take only 15 minutes", "Who they are", "How you are connected", "Questions to ask",
            "Your notes for this interview", "Past notes"}
    assert {text for level, text in levels if level == 2} == ours
    notes = [(level, text) for level, text in levels if text not in ours and level > 1]
    assert (3, "Their work") in notes and (4, "Type of work") in notes and (3, "About Ada") in notes
    assert (4, "Log") in notes and all(level >= 3 for level, _ in notes)
