"""The edits of acting on the queue: the smallest change to a file's text, the whole file compared
before and after, and each refusal; then the same made to a file, safely."""

from __future__ import annotations

import os
import stat
from datetime import date

import pytest

from site_builder.content.documents import content_digest
from site_builder.edits import (EditRefused, Edited, add_log_entry, advance_date, edit_file, log_interaction, set_key,
                                snooze_date, tick_task)
from site_builder.site import Site

DAY = date(2026, 11, 26)
TODAY = DAY


# Setting a key: only its line changes, or one line is added at the end of the front matter.

def test_a_key_present_changes_only_its_value_keeping_its_comment():
    before = "---\nname: Ada\nlast_contact: 2024-01-01   # when we last spoke\ntie: weak\n---\nNotes.\n"
    assert set_key(before, "last_contact", DAY) == Edited(
        "---\nname: Ada\nlast_contact: 2026-11-26   # when we last spoke\ntie: weak\n---\nNotes.\n", (3,))


def test_a_key_first_in_the_front_matter_changes_in_place():
    before = "---\ncontacted: 2024-01-01\nname: Ada\n---\n"
    assert set_key(before, "contacted", DAY) == Edited("---\ncontacted: 2026-11-26\nname: Ada\n---\n", (2,))


def test_a_key_last_in_the_front_matter_changes_in_place():
    before = "---\nname: Ada\n# when:\ncontacted: 2024-01-01\n---\n- [ ] a task\n"
    assert set_key(before, "contacted", DAY) == Edited("---\nname: Ada\n# when:\ncontacted: 2026-11-26\n---\n- [ ] a task\n",
                                                       (4,))


def test_a_missing_key_is_one_line_added_before_the_closing_line():
    before = "---\n# Ada, met at PyCon\nname: Ada   # her full name\n\ntopics: [compilers]\n---\nNotes.\n"
    assert set_key(before, "linkedin_connected", DAY) == Edited(
        "---\n# Ada, met at PyCon\nname: Ada   # her full name\n\ntopics: [compilers]\nlinkedin_connected: 2026-11-26\n"
        "---\nNotes.\n", (6,))


def test_a_missing_key_is_added_after_a_list_that_ends_the_front_matter():
    before = "---\nname: Ada\ntopics:\n  - compilers\n  - hiring\n---\n"
    assert set_key(before, "contacted", DAY).text == "---\nname: Ada\ntopics:\n  - compilers\n  - hiring\ncontacted: 2026-11-26\n---\n"


def test_a_missing_key_is_indented_as_the_other_keys():
    before = "---\n  name: Ada\n  tie: weak\n---\n"
    assert set_key(before, "contacted", DAY).text == "---\n  name: Ada\n  tie: weak\n  contacted: 2026-11-26\n---\n"


def test_a_key_is_added_to_an_empty_front_matter():
    assert set_key("---\n---\nNotes.\n", "contacted", DAY) == Edited("---\ncontacted: 2026-11-26\n---\nNotes.\n", (2,))


def test_crlf_line_endings_stay_and_an_added_line_has_them_too():
    before = "---\r\nname: Ada\r\ncontacted: 2024-01-01\r\n---\r\nNotes.\r\n"
    assert set_key(before, "contacted", DAY).text == "---\r\nname: Ada\r\ncontacted: 2026-11-26\r\n---\r\nNotes.\r\n"
    assert set_key(before, "thanked", DAY).text == (
        "---\r\nname: Ada\r\ncontacted: 2024-01-01\r\nthanked: 2026-11-26\r\n---\r\nNotes.\r\n")


def test_a_bom_stays():
    before = "\ufeff---\nname: Ada\n---\nNotes.\n"
    assert set_key(before, "contacted", DAY) == Edited("\ufeff---\nname: Ada\ncontacted: 2026-11-26\n---\nNotes.\n", (3,))


@pytest.mark.parametrize("quote", ["'", '"'])
def test_a_date_in_quotes_is_replaced_in_the_same_quotes(quote):
    before = f"---\nname: Ada\nlast_contact: {quote}2024-01-01{quote}\n---\n"
    assert set_key(before, "last_contact", DAY).text == f"---\nname: Ada\nlast_contact: {quote}2026-11-26{quote}\n---\n"


def test_other_values_keep_their_quotes_and_spelling():
    before = "---\nname: 'Ada'\n\"contacted\" : 2024-01-01\nphone: \"+44 20\"\n---\n"
    assert set_key(before, "contacted", DAY).text == "---\nname: 'Ada'\n\"contacted\" : 2026-11-26\nphone: \"+44 20\"\n---\n"


def test_an_empty_value_of_a_template_is_filled_and_its_hint_stays_in_its_column():
    before = "---\nname: Ada\ncontacted:              # the day you first reach out\n---\n"
    assert set_key(before, "contacted", DAY) == Edited(
        "---\nname: Ada\ncontacted: 2026-11-26   # the day you first reach out\n---\n", (3,))


def test_a_longer_value_pushes_its_comment_along_by_no_less_than_a_space():
    before = "---\nname: Ada\nlinkedin_connected: no # not yet\n---\n"
    assert set_key(before, "linkedin_connected", DAY).text == "---\nname: Ada\nlinkedin_connected: 2026-11-26 # not yet\n---\n"


def test_true_is_written_plain():
    assert set_key("---\nname: Ada\narchived: false\n---\n", "archived", True).text == "---\nname: Ada\narchived: true\n---\n"


def test_a_front_matter_closed_by_three_dots_keeps_them():
    before = "---\nname: Ada\n...\nNotes.\n"
    assert set_key(before, "contacted", DAY).text == "---\nname: Ada\ncontacted: 2026-11-26\n...\nNotes.\n"


def test_a_file_without_a_newline_at_its_end_keeps_it_so():
    assert set_key("---\nname: Ada\n---", "contacted", DAY).text == "---\nname: Ada\ncontacted: 2026-11-26\n---"


@pytest.mark.parametrize(("written", "refusal"), [
    ("last_contact: |\n  2024-01-01\n", "over several lines"),
    ("last_contact: >\n  2024-01-01\n", "over several lines"),
    ("last_contact: '2024-01-01\n  '\n", "over several lines"),
    ("last_contact: [2024-01-01]\n", "[brackets] or {braces}"),
    ("last_contact: {on: 2024-01-01}\n", "[brackets] or {braces}"),
    ("last_contact:\n  - 2024-01-01\n", "list or mapping over several lines"),
    ("last_contact: &day 2024-01-01\n", "anchor or tag (&day)"),
    ("last_contact: !!str 2024-01-01\n", "anchor or tag (!!str)"),
    ("first: &day 2024-01-01\nlast_contact: *day\n", "alias (*day)"),
    ("last_contact:\n  2024-01-01\n", "not on the line of its key"),
    ("last_contact: 2024-01-01\nlast_contact: 2024-02-01\n", "given twice (lines 3 and 4)"),
    ("? last_contact\n: 2024-01-01\n", "not followed by ':'"),
])
def test_a_value_that_cannot_be_changed_safely_is_refused(written, refusal):
    with pytest.raises(EditRefused) as refused:
        set_key(f"---\nname: Ada\n{written}---\n", "last_contact", DAY)
    assert refusal in refused.value.message
    assert refused.value.line == 3 + ("given twice" in refusal or "alias" in refusal)


def test_a_front_matter_in_braces_is_refused():
    with pytest.raises(EditRefused, match="in braces"):
        set_key("---\n{name: Ada}\n---\n", "contacted", DAY)


def test_a_file_without_front_matter_is_refused():
    with pytest.raises(EditRefused, match="no front matter"):
        set_key("name: Ada\n", "contacted", DAY)


def test_advance_date_keeps_a_later_date_and_the_same_date():
    later = "---\nname: Ada\nlast_contact: 2027-01-01\n---\n"
    assert advance_date(later, "last_contact", DAY) == Edited(later, ())
    same = "---\nname: Ada\nlast_contact: '2026-11-26'\n---\n"
    assert advance_date(same, "last_contact", DAY) == Edited(same, ())
    assert advance_date("---\nname: Ada\nlast_contact: 2025-01-01\n---\n", "last_contact", DAY).lines == (3,)


# Ticking a task: the box of its line, nothing else.

def test_a_task_is_ticked_on_its_line_only():
    before = "---\nname: Ada\n---\n- [ ] Write to Ada due:2026-12-01\n- [ ] Call Bo\n"
    assert tick_task(before, 5, "Call Bo") == Edited("---\nname: Ada\n---\n- [ ] Write to Ada due:2026-12-01\n- [x] Call Bo\n", (5,))
    assert tick_task(before, 4, "Write to Ada").text == "---\nname: Ada\n---\n- [x] Write to Ada due:2026-12-01\n- [ ] Call Bo\n"


def test_a_task_in_a_numbered_or_starred_list_with_crlf_is_ticked():
    before = "---\r\nname: Ada\r\n---\r\n1. [ ] one\r\n  * [ ]  two  📅 2026-12-01\r\n"
    assert tick_task(before, 5, "two").text == "---\r\nname: Ada\r\n---\r\n1. [ ] one\r\n  * [x]  two  📅 2026-12-01\r\n"
    assert tick_task(before, 4, "one").text == "---\r\nname: Ada\r\n---\r\n1. [x] one\r\n  * [ ]  two  📅 2026-12-01\r\n"


def test_a_line_that_no_longer_holds_the_task_is_refused():
    before = "---\nname: Ada\n---\n- [ ] Call Bo\n- [ ] Write to Cy\n"
    with pytest.raises(EditRefused, match="no longer holds the task 'Call Bo'") as refused:
        tick_task(before, 5, "Call Bo")
    assert refused.value.line == 5


def test_a_ticked_task_is_refused():
    with pytest.raises(EditRefused, match="ticked already"):
        tick_task("---\nname: Ada\n---\n- [x] Call Bo\n", 4, "Call Bo")


def test_a_task_in_fenced_code_or_the_front_matter_is_not_ticked():
    with pytest.raises(EditRefused, match="no longer holds"):
        tick_task("---\nname: Ada\n---\n```\n- [ ] Call Bo\n```\n", 5, "Call Bo")
    with pytest.raises(EditRefused, match="no longer holds"):
        tick_task("---\nname: Ada\nnote: '- [ ] Call Bo'\n---\n", 3, "Call Bo")


# Logging: last_contact, and `- DATE: note` under `## Log`.

def test_logging_without_a_note_sets_last_contact_only():
    assert log_interaction("---\nname: Ada\n---\nNotes.\n", DAY) == Edited(
        "---\nname: Ada\nlast_contact: 2026-11-26\n---\nNotes.\n", (3,))


def test_logging_with_a_note_adds_a_log_heading_at_the_end_of_the_notes():
    before = "---\nname: Ada\nlast_contact: 2026-01-05\n---\nMet at PyCon.\n"
    assert log_interaction(before, DAY, "Coffee; she  may\nintroduce me to Bo") == Edited(
        "---\nname: Ada\nlast_contact: 2026-11-26\n---\nMet at PyCon.\n\n## Log\n\n"
        "- 2026-11-26: Coffee; she may introduce me to Bo\n", (3, 7, 9))


def test_a_log_heading_goes_right_below_an_empty_body_and_after_trailing_blank_lines():
    assert add_log_entry("---\nname: Ada\n---\n", DAY, "Call").text == "---\nname: Ada\n---\n## Log\n\n- 2026-11-26: Call\n"
    assert add_log_entry("---\nname: Ada\n---\nNotes.\n\n", DAY, "Call").text == (
        "---\nname: Ada\n---\nNotes.\n\n## Log\n\n- 2026-11-26: Call\n")


def test_a_log_entry_is_added_after_the_last_entry_of_a_log_section_at_the_end():
    before = "---\nname: Ada\n---\nNotes.\n\n## Log\n\n- 2026-01-05: Met at PyCon\n"
    assert add_log_entry(before, DAY, "Call") == Edited(before + "- 2026-11-26: Call\n", (9,))


def test_a_log_entry_is_added_under_a_log_section_that_is_not_the_last():
    before = "---\nname: Ada\n---\n## Log\n- 2026-01-05: Met\n\n## Questions\n- Who hires?\n"
    assert add_log_entry(before, DAY, "Call") == Edited(
        "---\nname: Ada\n---\n## Log\n- 2026-01-05: Met\n- 2026-11-26: Call\n\n## Questions\n- Who hires?\n", (6,))


def test_a_log_section_keeps_its_subheadings_and_code():
    before = "---\nname: Ada\n---\n## log\n### Spring\n- one\n```\n## not a heading\n```\n\n# Other\n"
    assert add_log_entry(before, DAY, "Call").text == (
        "---\nname: Ada\n---\n## log\n### Spring\n- one\n```\n## not a heading\n```\n- 2026-11-26: Call\n\n# Other\n")


def test_a_log_heading_in_fenced_code_does_not_count():
    before = "---\nname: Ada\n---\n```\n## Log\n```\n"
    assert add_log_entry(before, DAY, "Call").text == before + "\n## Log\n\n- 2026-11-26: Call\n"


def test_a_log_entry_keeps_crlf_and_a_missing_last_newline():
    assert add_log_entry("---\r\nname: Ada\r\n---\r\nNotes.", DAY, "Call").text == (
        "---\r\nname: Ada\r\n---\r\nNotes.\r\n\r\n## Log\r\n\r\n- 2026-11-26: Call")
    assert add_log_entry("---\nname: Ada\n---\n## Log\n- one", DAY, "Call").text == (
        "---\nname: Ada\n---\n## Log\n- one\n- 2026-11-26: Call")


def test_logging_keeps_a_later_last_contact():
    before = "---\nname: Ada\nlast_contact: 2027-01-02\n---\n"
    assert log_interaction(before, DAY, "Call") == Edited(before + "## Log\n\n- 2026-11-26: Call\n", (5, 7))


# Snoozing: until a date, or for a time as `cadence` takes it.

@pytest.mark.parametrize(("until", "day"), [("2026-12-24", date(2026, 12, 24)), ("10d", date(2026, 12, 6)),
                                            ("2w", date(2026, 12, 10)), ("1m", date(2026, 12, 26)),
                                            ("3", date(2026, 11, 29)), ("2026-11-26", DAY)])
def test_a_snooze_ends_on_a_date_or_after_a_time(until, day):
    assert snooze_date(until, DAY) == day


@pytest.mark.parametrize(("until", "refusal"), [("soon", "not a date or a duration"),
                                                ("2026-11-25", "before 2026-11-26"), ("0d", "not a date")])
def test_a_snooze_that_is_no_day_to_come_is_refused(until, refusal):
    with pytest.raises(EditRefused, match=refusal):
        snooze_date(until, DAY)


# Editing a file: checked first and after, written at once, keeping its mode, or not at all.

def _edit(key="contacted"):
    return lambda text: set_key(text, key, DAY)


PERSON = "---\nname: Ada  # met at PyCon\n---\nNotes.\n"


def test_a_file_is_edited_and_nothing_is_left_beside_it(network):
    root = network({"people/ada.md": PERSON})
    change = edit_file(root, "people/ada.md", _edit(), TODAY)
    assert (root / "people" / "ada.md").read_text() == "---\nname: Ada  # met at PyCon\ncontacted: 2026-11-26\n---\nNotes.\n"
    assert change.changed_lines() == ["people/ada.md:3: contacted: 2026-11-26"]
    assert sorted(os.listdir(root / "people")) == ["ada.md"]


def test_the_edit_keeps_the_files_mode(network):
    root = network({"people/ada.md": PERSON})
    path = root / "people" / "ada.md"
    path.chmod(0o640)
    edit_file(root, "people/ada.md", _edit(), TODAY)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    path.chmod(0o604)
    edit_file(root, "people/ada.md", _edit("last_contact"), TODAY)
    assert stat.S_IMODE(path.stat().st_mode) == 0o604


def test_a_dry_run_writes_nothing_and_gives_the_diff(network):
    root = network({"people/ada.md": PERSON})
    change = edit_file(root, "people/ada.md", _edit(), TODAY, dry_run=True)
    assert (root / "people" / "ada.md").read_text() == PERSON
    assert change.diff() == ("--- a/people/ada.md\n+++ b/people/ada.md\n@@ -1,4 +1,5 @@\n ---\n name: Ada  # met at PyCon\n"
                             "+contacted: 2026-11-26\n ---\n Notes.\n")


def test_a_symlinked_file_is_edited_where_it_is_and_the_link_stays(network, tmp_path):
    elsewhere = tmp_path / "vault" / "ada.md"
    elsewhere.parent.mkdir()
    elsewhere.write_text(PERSON)
    root = network({"people/bo.md": "---\nname: Bo\n---\n"})
    (root / "people" / "ada.md").symlink_to(elsewhere)
    edit_file(root, "people/ada.md", _edit(), TODAY)
    assert (root / "people" / "ada.md").is_symlink()
    assert "contacted: 2026-11-26" in elsewhere.read_text()


def _refused(root, file: str, edit, **options) -> EditRefused:
    path = root / file
    before = path.read_bytes()
    with pytest.raises(EditRefused) as refused:
        edit_file(root, file, edit, TODAY, **options)
    assert path.read_bytes() == before
    assert sorted(os.listdir(path.parent)) == sorted(p.name for p in path.parent.iterdir() if not p.name.startswith("."))
    return refused.value


def test_a_file_with_an_error_is_refused_and_left_as_it_is(network):
    root = network({"people/ada.md": "---\nname: Ada\narchived: maybe\n---\n"})
    refusal = _refused(root, "people/ada.md", _edit())
    assert str(refusal).startswith("people/ada.md:3: has an error: fix it first (archived: expected true or false")


def test_a_file_with_an_error_the_network_finds_is_refused(network):
    root = network({"interviews/2026-11-20-zed.md": "---\nperson: zed\ndate: 2026-11-20\n---\n"})
    checked = Site(root, TODAY).check()
    refusal = _refused(root, "interviews/2026-11-20-zed.md", _edit("thanked"), problems=checked.diagnostics)
    assert (refusal.file, refusal.line) == ("interviews/2026-11-20-zed.md", 2)
    assert "'zed' has no file in people/" in refusal.message


def test_an_edit_that_would_leave_an_error_is_refused(network):
    root = network({"people/ada.md": "---\nname: Ada\n---\n",
                    "interviews/2026-11-20-ada.md": "---\nperson: ada\ndate: 2026-11-20\n---\n"})
    refusal = _refused(root, "interviews/2026-11-20-ada.md", lambda text: set_key(text, "thanked", date(2026, 11, 1)))
    assert str(refusal) == ("interviews/2026-11-20-ada.md:4: the edit would leave an error: "
                            "thanked on 2026-11-01, before the interview on 2026-11-20")


def test_a_value_that_cannot_be_changed_safely_is_refused_naming_the_file(network):
    root = network({"people/ada.md": "---\nname: Ada\ncontacted: |\n  2024-01-01\n---\n"})  # valid, in two lines
    assert str(_refused(root, "people/ada.md", _edit())).startswith("people/ada.md:3: contacted: a value over several")


def test_a_file_changed_since_the_page_was_built_is_refused(network):
    root = network({"people/ada.md": PERSON})
    stale = content_digest(b"---\nname: Ada\n---\n")
    assert _refused(root, "people/ada.md", _edit(), digest=stale).message == "changed since this page was built: reload"
    edit_file(root, "people/ada.md", _edit(), TODAY, digest=content_digest(PERSON.encode()))
    assert "contacted" in (root / "people" / "ada.md").read_text()


def test_a_file_changed_between_reading_and_writing_is_refused_and_keeps_the_change(network):
    root = network({"people/ada.md": PERSON})
    path = root / "people" / "ada.md"
    meanwhile = "---\nname: Ada Lovelace\n---\nNotes, saved in the editor meanwhile.\n"

    def save_in_an_editor():
        path.write_text(meanwhile)

    with pytest.raises(EditRefused, match="changed while it was being edited"):
        edit_file(root, "people/ada.md", _edit(), TODAY, before_replace=save_in_an_editor)
    assert path.read_text() == meanwhile
    assert os.listdir(root / "people") == ["ada.md"]


def test_the_digest_is_the_one_a_check_keeps(network):
    root = network({"people/ada.md": PERSON})
    assert Site(root, TODAY).check().made_from["people/ada.md"] == content_digest(PERSON.encode())


def test_a_file_outside_people_and_interviews_is_refused(network):
    root = network({"notes/ada.md": PERSON, "people/bo.md": PERSON})
    for file in ("notes/ada.md", "people/../notes/ada.md", "/people/bo.md", "people/bo.txt"):
        with pytest.raises(EditRefused, match="not a content file"):
            edit_file(root, file, _edit(), TODAY)
    assert (root / "notes" / "ada.md").read_text() == PERSON


def test_an_edit_is_refused_if_any_other_value_would_read_differently():
    from site_builder.edits.front_matter import _check_only_key_changed

    text = "---\nname: Ada\ntie: weak\n---\n"
    _check_only_key_changed(text, 4, "name: Ada\ntie: weak\n", "name: Ada\ntie: weak\ncontacted: 2026-11-26\n",
                            "contacted", "2026-11-26")
    with pytest.raises(EditRefused, match="would change more than its value"):
        _check_only_key_changed(text, 4, "name: Ada\ntie: weak\n", "name: Ada\ntie: strong\ncontacted: 2026-11-26\n",
                                "contacted", "2026-11-26")
    with pytest.raises(EditRefused, match="would change more than its value"):
        _check_only_key_changed(text, 4, "name: Ada\ntie: weak\n", "name: Ada\ntie: weak\ncontacted: 2026-11-25\n",
                                "contacted", "2026-11-26")
