"""The sections of an interview's notes, and replacing the text under one heading: the whole file
compared before and after, for the first, a middle and the last section, CRLF, a BOM, headings in
fenced code, and each refusal."""

from __future__ import annotations

from datetime import date

import pytest

from site_builder.content.new_files import interview_template
from site_builder.edits import Edited, EditRefused
from site_builder.edits.sections import heading_of, notes_text, replace_section, sections_of

FRONT = "---\nperson: ada\ndate: 2026-12-02\n---\n"
TEMPLATE = interview_template("ada", date(2026, 12, 2))
TEMPLATE_BODY = TEMPLATE.split("---\n", 2)[2]


def replaced(text: str, heading: str, new_text: str) -> str:
    return replace_section(text, heading, new_text).text


# What the sections are

def test_the_sections_of_the_template_are_its_headings_each_empty():
    assert [(s.heading, s.level, s.text) for s in sections_of(TEMPLATE)] == [
        ("Their work", 2, ""), ("Type of work", 3, ""), ("A typical day", 3, ""), ("What they like best", 3, ""),
        ("What they like least", 3, ""), ("The challenging parts", 3, ""), ("Career advice", 2, ""),
        ("Critical skills", 3, ""), ("How hiring works", 3, ""), ("Who else should I speak to?", 3, ""),
        ("May I follow up later?", 3, ""), ("Summary", 2, ""), ("What I learned", 2, ""),
        ("Questions for next time", 2, "")]


def test_a_sections_text_is_every_line_up_to_the_next_heading_of_any_level_without_blank_lines_around():
    text = FRONT + "Above every heading.\n# One\n\n\nfirst\n\n  second  \n\n### Two ###\nthird\n## Three\n"
    assert [(s.heading, s.level, s.line, s.last, s.text) for s in sections_of(text)] == [
        ("One", 1, 6, 12, "first\n\n  second  "), ("Two", 3, 13, 14, "third"), ("Three", 2, 15, 15, "")]


def test_a_heading_in_fenced_code_is_in_the_text_of_its_section():
    text = FRONT + "## Code\n```\n## not a heading\n```\n~~~\n# nor this\n~~~\n## After\n"
    assert [(s.heading, s.text) for s in sections_of(text)] == [
        ("Code", "```\n## not a heading\n```\n~~~\n# nor this\n~~~"), ("After", "")]


@pytest.mark.parametrize(("line", "heading"), [
    ("## What I learned", (2, "What I learned")), ("   ## Indented", (2, "Indented")), ("## Closed ##", (2, "Closed")),
    ("##\tTabbed", (2, "Tabbed")), ("## C#", (2, "C#")), ("###### Six", (6, "Six")), ("##", (2, "")),
    ("####### Seven", None), ("#hashtag", None), ("    ## code", None), ("Text ## not", None)])
def test_a_heading_line_is_as_commonmark_writes_one(line, heading):
    assert heading_of(line) == heading


def test_a_file_without_front_matter_has_no_sections_to_speak_of():
    with pytest.raises(EditRefused, match="no front matter"):
        sections_of("## Notes\n")


# Replacing the text of one: every other byte as it was

def test_text_under_the_first_heading_is_written_with_a_blank_line_around_as_the_template_has():
    expected = TEMPLATE.replace("## Their work\n\n", "## Their work\n\nA data team of four.\n\n", 1)
    assert replace_section(TEMPLATE, "Their work", "A data team of four.") == Edited(expected, (15,))


def test_text_under_a_middle_heading_changes_only_its_lines():
    expected = TEMPLATE.replace("## What I learned\n\n", "## What I learned\n\nShip small.\n\nAsk early.\n\n")
    assert replace_section(TEMPLATE, "What I learned", "Ship small.\n\nAsk early.") == Edited(expected, (39, 41))


def test_text_under_the_last_heading_ends_the_file_as_it_ended():
    expected = TEMPLATE + "\n- Which team?\n"
    assert replaced(TEMPLATE, "Questions for next time", "- Which team?") == expected
    no_break = FRONT + "## Last"
    assert replaced(no_break, "Last", "a\nb") == FRONT + "## Last\n\na\nb"
    assert replaced(no_break + "\n\nold", "Last", "") == no_break


def test_text_already_there_is_replaced_keeping_the_blank_lines_the_section_had():
    before = FRONT + "## Their work\nOld text.\nMore.\n\n\n## Summary\nGood.\n"
    after = FRONT + "## Their work\nNew text.\n\n\n## Summary\nGood.\n"
    assert replaced(before, "Their work", "New text.") == after


def test_an_empty_section_takes_the_blank_lines_the_files_other_sections_have():
    before = FRONT + "## Their work\nData.\n\n## Summary\nGood.\n\n## What I learned\n\n## Questions\n"
    after = FRONT + "## Their work\nData.\n\n## Summary\nGood.\n\n## What I learned\nShip.\n\n## Questions\n"
    assert replaced(before, "What I learned", "Ship.") == after


def test_an_empty_text_leaves_the_section_as_the_template_has_it():
    filled = replaced(TEMPLATE, "What I learned", "Ship small.")
    assert replaced(filled, "What I learned", "") == TEMPLATE
    assert replaced(replaced(TEMPLATE, "Questions for next time", "- Which?"), "Questions for next time", "  \n\n") == TEMPLATE
    assert replaced(FRONT + "## A\ntext\n## B\n", "A", "") == FRONT + "## A\n\n## B\n"


def test_the_same_text_writes_nothing():
    text = FRONT + "## Their work\nData,\nmostly.\n\n## Summary\n"
    assert replace_section(text, "Their work", "\n\nData,\r\nmostly.\n\n") == Edited(text, ())
    assert replace_section(TEMPLATE, "Summary", "") == Edited(TEMPLATE, ())


def test_a_crlf_file_is_written_with_crlf_whatever_the_texts_line_breaks():
    crlf = TEMPLATE.replace("\n", "\r\n")
    expected = crlf.replace("## Summary\r\n\r\n", "## Summary\r\n\r\nOne.\r\nTwo.\r\nThree.\r\n\r\n")
    assert replaced(crlf, "Summary", "One.\nTwo.\r\nThree.\r") == expected
    last = replaced(crlf, "Questions for next time", "- Q?")
    assert last == crlf + "\r\n- Q?\r\n"


def test_a_file_with_a_bom_keeps_it():
    text = "\ufeff" + TEMPLATE
    assert replaced(text, "Summary", "Good.") == "\ufeff" + TEMPLATE.replace("## Summary\n\n", "## Summary\n\nGood.\n\n")


def test_a_heading_in_fenced_code_is_not_where_text_goes():
    text = FRONT + "## Code\n```\n## Summary\n```\n\n## Summary\nOld.\n"
    assert replaced(text, "Summary", "New.") == FRONT + "## Code\n```\n## Summary\n```\n\n## Summary\nNew.\n"


def test_the_front_matter_and_the_text_above_the_first_heading_stay():
    text = "---\nperson: ada  # the person\ndate: 2026-12-02\n---\nA line above.\n## Summary\n"
    assert replaced(text, "Summary", "Good.") == "---\nperson: ada  # the person\ndate: 2026-12-02\n---\nA line above.\n## Summary\n\nGood.\n"


def test_a_heading_in_front_matter_like_text_is_not_a_section():
    text = "---\nperson: ada\n# Summary\ndate: 2026-12-02\n---\n## Summary\n"
    assert [s.line for s in sections_of(text)] == [6]


# Refused, nothing changed

def test_a_heading_not_in_the_notes_is_refused():
    with pytest.raises(EditRefused, match="the notes have no heading 'What I Learned'"):
        replace_section(TEMPLATE, "What I Learned", "text")  # the heading is matched exactly


def test_a_heading_in_the_notes_twice_is_refused_naming_its_lines():
    text = FRONT + "## Notes\na\n## Notes\nb\n"
    with pytest.raises(EditRefused) as refusal:
        replace_section(text, "Notes", "c")
    assert (refusal.value.message, refusal.value.line) == (
        "the heading 'Notes' is in the notes 2 times (lines 5, 7): rename one of them to write under it", 5)


@pytest.mark.parametrize("text", ["## A heading of my own\ntext", "text\n### Sub", "```\nunclosed code", "~~~"])
def test_a_text_that_would_change_the_sections_is_refused(text):
    with pytest.raises(EditRefused, match="would change the notes' sections"):
        replace_section(TEMPLATE, "What I learned", text)


def test_a_heading_in_closed_fenced_code_in_the_text_is_text():
    text = "```\n## in code\n```"
    assert sections_of(replaced(TEMPLATE, "What I learned", text))[-2].text == text


def test_a_texts_line_breaks_are_read_as_the_page_sends_them():
    assert notes_text("\r\n\n a\r\nb\rc\n\n") == " a\nb\nc"
