"""The follow-up queue, one test per rule of FORMAT.md's table (today is 2026-11-26)."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from site_builder.cli import main
from site_builder.content.new_files import interview_template
from site_builder.edits import closing_command
from site_builder.network.followups import grouped

TODAY = date(2026, 11, 26)


def due_of(items):
    return {item.person: item.due for item in items}


# prepare

def test_prepare_a_scheduled_interview_today_or_later_is_due_on_its_date(queue):
    items = queue({
        "people/ada.md": "---\nname: Ada\n---\n",
        "people/bob.md": "---\nname: Bob\n---\n",
        "interviews/2026-11-26-ada.md": "---\nperson: ada\ndate: 2026-11-26\nstatus: scheduled\n---\n",
        "interviews/2026-12-02-bob.md": "---\nperson: bob\ndate: 2026-12-02\n---\n",
    }, "prepare")
    assert due_of(items) == {"ada": date(2026, 11, 26), "bob": date(2026, 12, 2)}
    assert items[1].file == "interviews/2026-12-02-bob.md"


def test_prepare_nothing_for_a_scheduled_interview_whose_date_has_passed(queue):
    assert queue({
        "people/ada.md": "---\nname: Ada\n---\n",
        "interviews/2026-11-20-ada.md": "---\nperson: ada\ndate: 2026-11-20\nstatus: scheduled\n---\n",
    }, "prepare") == []


# thank-you

def test_thank_you_is_due_the_day_after_a_done_interview(queue):
    [item] = queue({
        "people/ada.md": "---\nname: Ada\n---\n",
        "interviews/2026-11-20-ada.md": "---\nperson: ada\ndate: 2026-11-20\n---\n",
    }, "thank-you")
    assert (item.person, item.due, item.file) == ("ada", date(2026, 11, 21), "interviews/2026-11-20-ada.md")


def test_thank_you_is_gone_once_thanked_is_set(queue):
    assert queue({
        "people/ada.md": "---\nname: Ada\n---\n",
        "interviews/2026-11-20-ada.md": "---\nperson: ada\ndate: 2026-11-20\nthanked: 2026-11-21\n---\n",
    }, "thank-you") == []


def test_thank_you_only_for_done_interviews(queue):
    assert queue({
        "people/ada.md": "---\nname: Ada\n---\n",
        "interviews/2026-11-20-ada.md": "---\nperson: ada\ndate: 2026-11-20\nstatus: canceled\n---\n",
        "interviews/2026-11-21-ada.md": "---\nperson: ada\ndate: 2026-11-21\nstatus: no-show\n---\n",
        "interviews/2026-12-01-ada.md": "---\nperson: ada\ndate: 2026-12-01\n---\n",
    }, "thank-you") == []


# connect

def test_connect_is_due_the_day_after_the_first_done_interview(queue):
    [item] = queue({
        "people/ada.md": "---\nname: Ada\n---\n",
        "interviews/2026-09-01-ada.md": "---\nperson: ada\ndate: 2026-09-01\n---\n",
        "interviews/2026-10-01-ada.md": "---\nperson: ada\ndate: 2026-10-01\n---\n",
    }, "connect")
    assert (item.person, item.due) == ("ada", date(2026, 9, 2))


@pytest.mark.parametrize("connected", ["true", "2026-10-05"])
def test_connect_is_gone_once_linkedin_connected_is_set(queue, connected):
    assert queue({
        "people/ada.md": f"---\nname: Ada\nlinkedin_connected: {connected}\n---\n",
        "interviews/2026-09-01-ada.md": "---\nperson: ada\ndate: 2026-09-01\n---\n",
    }, "connect") == []


def test_connect_needs_a_done_interview(queue):
    assert queue({
        "people/ada.md": "---\nname: Ada\ncontacted: 2026-11-01\n---\n",
        "interviews/2026-12-01-ada.md": "---\nperson: ada\ndate: 2026-12-01\n---\n",
    }, "connect") == []


# reach-out

def test_reach_out_is_due_a_week_after_the_earliest_referring_done_interview(queue):
    items = queue({
        "people/ada.md": "---\nname: Ada\n---\n",
        "people/bob.md": "---\nname: Bob\n---\n",
        "people/cy.md": "---\nname: Cy\nadded: 2026-01-01\n---\n",
        "interviews/2026-10-10-ada.md": "---\nperson: ada\ndate: 2026-10-10\nreferrals: [cy]\n---\n",
        "interviews/2026-10-01-bob.md": "---\nperson: bob\ndate: 2026-10-01\nreferrals: [cy]\n---\n",
    }, "reach-out")
    assert due_of(items) == {"cy": date(2026, 10, 8)}


def test_reach_out_for_introduced_by_is_due_when_added(queue):
    items = queue({
        "people/ada.md": "---\nname: Ada\n---\n",
        "people/cy.md": "---\nname: Cy\nintroduced_by: ada\nadded: 2026-11-10\n---\n",
    }, "reach-out")
    assert due_of(items) == {"cy": date(2026, 11, 10)}


def test_reach_out_without_added_is_due_today(queue):
    items = queue({
        "people/ada.md": "---\nname: Ada\n---\n",
        "people/cy.md": "---\nname: Cy\nintroduced_by: ada\n---\n",
    }, "reach-out")
    assert due_of(items) == {"cy": TODAY}


def test_reach_out_not_for_referrals_of_an_interview_not_yet_done(queue):
    assert queue({
        "people/ada.md": "---\nname: Ada\n---\n",
        "people/cy.md": "---\nname: Cy\n---\n",
        "interviews/2026-12-10-ada.md": "---\nperson: ada\ndate: 2026-12-10\nreferrals: [cy]\n---\n",
    }, "reach-out") == []


@pytest.mark.parametrize("touch", [
    {"people/cy.md": "---\nname: Cy\nintroduced_by: ada\ncontacted: 2026-11-01\n---\n"},
    {"people/cy.md": "---\nname: Cy\nintroduced_by: ada\nlast_contact: 2026-11-01\n---\n"},
    {"interviews/2026-11-01-cy.md": "---\nperson: cy\ndate: 2026-11-01\nstatus: canceled\n---\n"},
    {"interviews/2026-12-10-cy.md": "---\nperson: cy\ndate: 2026-12-10\n---\n"},
    {"interviews/2026-11-01-cy.md": "---\nperson: cy\ndate: 2026-11-01\n---\n"},
], ids=["contacted", "last_contact", "canceled interview", "scheduled interview", "done interview"])
def test_reach_out_is_gone_once_contacted_or_any_interview_exists(queue, touch):
    files = {"people/ada.md": "---\nname: Ada\n---\n",
             "people/cy.md": "---\nname: Cy\nintroduced_by: ada\n---\n", **touch}
    assert queue(files, "reach-out") == []


# nudge

def test_nudge_is_due_a_week_after_contacted(queue):
    [item] = queue({"people/ada.md": "---\nname: Ada\ncontacted: 2026-11-10\n---\n"}, "nudge")
    assert (item.person, item.due, item.file, item.line) == ("ada", date(2026, 11, 17), "people/ada.md", 3)


@pytest.mark.parametrize("answer", [
    {"people/ada.md": "---\nname: Ada\ncontacted: 2026-11-10\nlast_contact: 2026-11-10\n---\n"},
    {"interviews/2026-11-12-ada.md": "---\nperson: ada\ndate: 2026-11-12\n---\n"},
    {"interviews/2026-12-12-ada.md": "---\nperson: ada\ndate: 2026-12-12\n---\n"},
], ids=["last_contact on the day", "done interview after", "scheduled interview after"])
def test_nudge_is_gone_once_they_answer_or_an_interview_is_on_or_after_contacted(queue, answer):
    files = {"people/ada.md": "---\nname: Ada\ncontacted: 2026-11-10\n---\n", **answer}
    assert queue(files, "nudge") == []


@pytest.mark.parametrize("before", [
    {"people/ada.md": "---\nname: Ada\ncontacted: 2026-11-10\nlast_contact: 2026-11-01\n---\n"},
    {"interviews/2026-11-01-ada.md": "---\nperson: ada\ndate: 2026-11-01\n---\n"},
    {"interviews/2026-11-12-ada.md": "---\nperson: ada\ndate: 2026-11-12\nstatus: canceled\n---\n"},
], ids=["last_contact before", "done interview before", "canceled interview after"])
def test_nudge_stays_for_earlier_contact_or_a_canceled_interview(queue, before):
    files = {"people/ada.md": "---\nname: Ada\ncontacted: 2026-11-10\n---\n", **before}
    assert due_of(queue(files, "nudge")) == {"ada": date(2026, 11, 17)}


# follow-up

def test_follow_up_on_the_person_is_due_on_that_date(queue):
    [item] = queue({"people/ada.md": "---\nname: Ada\nfollow_up: 2026-12-15\n---\n"}, "follow-up")
    assert (item.person, item.due, item.file, item.line) == ("ada", date(2026, 12, 15), "people/ada.md", 3)


def test_follow_up_on_a_done_interview_is_due_on_that_date(queue):
    [item] = queue({
        "people/ada.md": "---\nname: Ada\n---\n",
        "interviews/2026-10-01-ada.md": "---\nperson: ada\ndate: 2026-10-01\nfollow_up: 2027-01-05\n---\n",
    }, "follow-up")
    assert (item.person, item.due, item.file, item.line) == (
        "ada", date(2027, 1, 5), "interviews/2026-10-01-ada.md", 4)


def test_follow_up_is_gone_with_an_interaction_on_or_after_it(queue):
    assert queue({
        "people/ada.md": "---\nname: Ada\nfollow_up: 2026-11-01\nlast_contact: 2026-11-01\n---\n",
        "people/bob.md": "---\nname: Bob\n---\n",
        "interviews/2026-09-01-bob.md": "---\nperson: bob\ndate: 2026-09-01\nfollow_up: 2026-10-01\n---\n",
        "interviews/2026-10-03-bob.md": "---\nperson: bob\ndate: 2026-10-03\n---\n",
    }, "follow-up") == []


def test_follow_up_only_from_done_interviews(queue):
    assert queue({
        "people/ada.md": "---\nname: Ada\n---\n",
        "interviews/2026-10-01-ada.md":
            "---\nperson: ada\ndate: 2026-10-01\nstatus: canceled\nfollow_up: 2026-12-01\n---\n",
        "interviews/2026-12-10-ada.md": "---\nperson: ada\ndate: 2026-12-10\nfollow_up: 2027-03-01\n---\n",
    }, "follow-up") == []


def test_follow_up_keeps_the_earliest_date(queue):
    items = queue({
        "people/ada.md": "---\nname: Ada\nfollow_up: 2027-01-10\n---\n",
        "interviews/2026-10-01-ada.md": "---\nperson: ada\ndate: 2026-10-01\nfollow_up: 2026-12-15\n---\n",
    }, "follow-up")
    assert [(item.due, item.file) for item in items] == [(date(2026, 12, 15), "interviews/2026-10-01-ada.md")]


# circle-back

def test_circle_back_is_due_90_days_after_the_last_interaction(queue):
    items = queue({
        "people/ada.md": "---\nname: Ada\n---\n",
        "interviews/2026-09-01-ada.md": "---\nperson: ada\ndate: 2026-09-01\n---\n",
    }, "circle-back")
    assert due_of(items) == {"ada": date(2026, 11, 30)}


@pytest.mark.parametrize("cadence, days", [('"6w"', 42), ('"3m"', 90), ('"1y"', 365), ('"30d"', 30), ("10", 10)])
def test_circle_back_follows_the_persons_cadence(queue, cadence, days):
    items = queue({"people/ada.md": f"---\nname: Ada\ncontacted: 2026-11-01\ncadence: {cadence}\n---\n"},
                  "circle-back")
    assert due_of(items) == {"ada": date(2026, 11, 1) + timedelta(days=days)}


def test_circle_back_needs_a_done_interview_or_a_cadence(queue):
    assert queue({"people/ada.md": "---\nname: Ada\ncontacted: 2026-11-01\nlast_contact: 2026-11-02\n---\n"},
                 "circle-back") == []


def test_circle_back_default_cadence_is_configurable(queue):
    items = queue({
        "pyproject.toml": "[tool.site_builder]\ncadence = 30\n",
        "people/ada.md": "---\nname: Ada\n---\n",
        "interviews/2026-09-01-ada.md": "---\nperson: ada\ndate: 2026-09-01\n---\n",
    }, "circle-back")
    assert due_of(items) == {"ada": date(2026, 10, 1)}


def test_circle_back_is_stopped_by_may_follow_up_false_on_the_latest_done_interview(queue):
    items = queue({
        "people/ada.md": "---\nname: Ada\n---\n",
        "interviews/2026-09-01-ada.md": "---\nperson: ada\ndate: 2026-09-01\n---\n",
        "interviews/2026-10-01-ada.md": "---\nperson: ada\ndate: 2026-10-01\nmay_follow_up: false\n---\n",
        "interviews/2026-12-20-ada.md": "---\nperson: ada\ndate: 2026-12-20\n---\n",
        "people/bob.md": "---\nname: Bob\n---\n",
        "interviews/2026-09-01-bob.md": "---\nperson: bob\ndate: 2026-09-01\nmay_follow_up: false\n---\n",
        "interviews/2026-10-01-bob.md": "---\nperson: bob\ndate: 2026-10-01\n---\n",
    }, "circle-back")
    assert due_of(items) == {"bob": date(2026, 12, 30)}


def test_circle_back_last_interaction_is_the_latest_of_contacted_last_contact_and_done_interviews(queue):
    items = queue({
        "people/ada.md": "---\nname: Ada\ncontacted: 2026-08-01\nlast_contact: 2026-08-15\n---\n",
        "interviews/2026-09-01-ada.md": "---\nperson: ada\ndate: 2026-09-01\n---\n",
        "interviews/2026-10-01-ada.md": "---\nperson: ada\ndate: 2026-10-01\nstatus: canceled\n---\n",
        "interviews/2026-11-01-ada.md": "---\nperson: ada\ndate: 2026-11-01\nstatus: no-show\n---\n",
        "interviews/2026-12-20-ada.md": "---\nperson: ada\ndate: 2026-12-20\n---\n",
        "people/bob.md": "---\nname: Bob\nlast_contact: 2026-10-10\n---\n",
        "interviews/2026-09-01-bob.md": "---\nperson: bob\ndate: 2026-09-01\n---\n",
    }, "circle-back")
    assert due_of(items) == {"ada": date(2026, 11, 30), "bob": date(2027, 1, 8)}


# task

def test_task_due_dates_come_from_due_or_the_calendar_emoji(queue):
    items = queue({"people/ada.md": """
        ---
        name: Ada
        ---
        - [ ] Send the article due:2026-12-01
        - [ ] Ask about the team 📅 2026-12-03
        - [ ] Read her book
    """}, "task")
    assert [(item.due, item.line) for item in items] == [(date(2026, 12, 1), 4), (date(2026, 12, 3), 5), (None, 6)]
    assert "Send the article" in items[0].text
    assert "Read her book" in items[2].text


def test_task_ticked_lines_give_nothing(queue):
    assert queue({"people/ada.md": "---\nname: Ada\n---\n- [x] Done\n- [X] Done too due:2026-12-01\n"},
                 "task") == []


def test_task_in_an_interview_belongs_to_its_person_with_the_exact_line(queue):
    items = queue({
        "people/ada.md": "---\nname: Ada\n---\n",
        "interviews/2026-11-20-ada.md": """
            ---
            person: ada
            date: 2026-11-20
            thanked: 2026-11-21
            ---
            ## Questions for next time

            ```
            - [ ] not a task inside a code block
            ```
            - [ ] Send the paper due:2026-12-04
        """,
    }, "task")
    assert [(item.person, item.file, item.line, item.due) for item in items] == [
        ("ada", "interviews/2026-11-20-ada.md", 11, date(2026, 12, 4))]


def test_task_one_item_per_open_task_line(queue):
    items = queue({"people/ada.md": "---\nname: Ada\n---\n- [ ] One due:2026-12-01\n- [ ] Two due:2026-12-01\n"},
                  "task")
    assert [item.line for item in items] == [4, 5]


# add-contact

def test_add_contact_names_the_person_as_written_without_brackets(queue):
    [item] = queue({
        "people/ada.md": "---\nname: Ada\n---\n",
        "interviews/2026-11-20-ada.md": '---\nperson: ada\ndate: 2026-11-20\nreferrals: ["[[Priya Raman]]"]\n---\n',
    }, "add-contact")
    assert (item.person, item.due, item.file, item.line) == (
        "Priya Raman", date(2026, 11, 20), "interviews/2026-11-20-ada.md", 4)


def test_add_contact_one_per_distinct_name_at_the_earliest_done_interview(queue):
    items = queue({
        "people/ada.md": "---\nname: Ada\n---\n",
        "people/bob.md": "---\nname: Bob\n---\n",
        "interviews/2026-11-20-ada.md": "---\nperson: ada\ndate: 2026-11-20\nreferrals: [Priya Raman, Tom]\n---\n",
        "interviews/2026-10-05-bob.md": "---\nperson: bob\ndate: 2026-10-05\nreferrals:\n  - Priya Raman\n---\n",
    }, "add-contact")
    assert due_of(items) == {"Priya Raman": date(2026, 10, 5), "Tom": date(2026, 11, 20)}


def test_add_contact_has_no_due_date_without_a_referring_done_interview(queue):
    items = queue({
        "people/ada.md": "---\nname: Ada\nintroduced_by: Zoe Park\n---\n",
        "people/bob.md": "---\nname: Bob\n---\n",
        "interviews/2026-12-10-bob.md": "---\nperson: bob\ndate: 2026-12-10\nreferrals: Tom\n---\n",
    }, "add-contact")
    assert due_of(items) == {"Zoe Park": None, "Tom": None}
    assert [item.file for item in items if item.person == "Zoe Park"] == ["people/ada.md"]


def test_add_contact_is_gone_once_a_file_exists(queue):
    assert queue({
        "people/ada.md": "---\nname: Ada\n---\n",
        "people/priya-raman.md": "---\nname: Priya Raman\n---\n",
        "interviews/2026-11-20-ada.md": "---\nperson: ada\ndate: 2026-11-20\nreferrals: [Priya Raman]\n---\n",
    }, "add-contact") == []


# write-up (FORMAT 1.1)

ADA = "---\nname: Ada Lovelace\n---\n"
TALK = "---\nperson: ada\ndate: 2026-11-20\n---\n"


def write_up(queue, notes: str, front: str = TALK, person: str = ADA):
    return queue({"people/ada.md": person, "interviews/2026-11-20-ada.md": front + notes}, "write-up")


def test_write_up_is_due_on_the_date_of_a_done_interview_without_notes(queue):
    [item] = write_up(queue, "")
    assert (item.person, item.due, item.file) == ("ada", date(2026, 11, 20), "interviews/2026-11-20-ada.md")
    assert item.line == 5  # where the notes start
    assert item.text == "Write up your notes of the interview with Ada Lovelace on 2026-11-20 while you remember it"


@pytest.mark.parametrize("heading", ["# Notes", "## Their work", "### Type of work", "###### Deep", "##",
                                     "## Closed ##", "   ## Indented"])
def test_write_up_headings_of_any_level_are_not_notes(queue, heading):
    assert len(write_up(queue, f"{heading}\n")) == 1


def test_write_up_blank_and_whitespace_only_lines_are_not_notes(queue):
    assert len(write_up(queue, "\n\n   \n\t\n## Summary\n  \n")) == 1


@pytest.mark.parametrize("comment", ["<!-- what they do -->", "<!--\nwhat they do,\n## and a heading\n-->",
                                     "<!-- one --> <!-- two -->", "<!-- left open\n\nto the end"])
def test_write_up_html_comments_are_not_notes_on_one_line_or_several(queue, comment):
    assert len(write_up(queue, f"## Summary\n{comment}\n")) == 1


@pytest.mark.parametrize("item", ["-", "- [ ]", "* ", "  -  ", "- [x]", "1."])
def test_write_up_empty_list_items_are_not_notes(queue, item):
    assert len(write_up(queue, f"## Questions for next time\n{item}\n")) == 1


def test_the_new_interview_template_is_due_a_write_up(queue):
    template = interview_template("ada", date(2026, 11, 20))
    front, _, notes = template.partition("---\n## ")
    assert len(write_up(queue, "## " + notes, front=front + "---\n")) == 1


@pytest.mark.parametrize("text", ["A word.", "## Summary\nA word.", "- one point", "- [ ] send the paper",
                                  "<!-- hint --> and text after it", "<!--\nhint\n--> text", "```\n```",
                                  "---", "[[ada]]", "#hiring", "> quoted"])
def test_write_up_is_gone_when_the_notes_hold_text_in_any_form(queue, text):
    assert write_up(queue, f"## Their work\n\n{text}\n") == []


@pytest.mark.parametrize("status", ["scheduled", "canceled", "no-show"])
def test_write_up_only_for_done_interviews(queue, status):
    assert write_up(queue, "", front=TALK.replace("---\n", f"---\nstatus: {status}\n", 1)) == []
    assert write_up(queue, "", front="---\nperson: ada\ndate: 2026-12-01\n---\n") == []  # scheduled by its date


def test_write_up_none_for_archived_people(queue):
    assert write_up(queue, "", person="---\nname: Ada Lovelace\narchived: true\n---\n") == []


def test_write_up_one_per_person_at_the_earliest_interview(queue):
    items = queue({"people/ada.md": ADA, "interviews/2026-11-20-ada.md": TALK,
                   "interviews/2026-11-02-ada.md": "---\nperson: ada\ndate: 2026-11-02\n---\n",
                   "interviews/2026-10-01-ada.md": "---\nperson: ada\ndate: 2026-10-01\n---\nWritten.\n"},
                  "write-up")
    assert [(item.due, item.file) for item in items] == [(date(2026, 11, 2), "interviews/2026-11-02-ada.md")]


def test_write_up_is_closed_by_no_command_and_moved_by_a_snooze(queue):
    [item] = write_up(queue, "", person="---\nname: Ada Lovelace\nsnoozed_until: 2026-12-01\n---\n")
    assert (item.due, item.snoozed, closing_command(item)) == (date(2026, 12, 1), True, None)


# archived people, one item per kind, order and groups

def test_archived_people_get_no_items(queue):
    items = queue({
        "people/ada.md": """
            ---
            name: Ada
            archived: true
            introduced_by: bob
            contacted: 2026-11-01
            follow_up: 2026-12-01
            cadence: 10
            ---
            - [ ] An open task
        """,
        "people/bob.md": "---\nname: Bob\nlinkedin_connected: true\n---\n",
        "interviews/2026-11-20-ada.md": "---\nperson: ada\ndate: 2026-11-20\n---\n- [ ] Another task\n",
        "interviews/2026-12-20-ada.md": "---\nperson: ada\ndate: 2026-12-20\n---\n",
    })
    assert [item for item in items if item.person == "ada"] == []


def test_one_item_per_person_and_kind_at_the_earliest_due_date(queue):
    items = queue({
        "people/ada.md": "---\nname: Ada\n---\n",
        "interviews/2026-11-01-ada.md": "---\nperson: ada\ndate: 2026-11-01\n---\n",
        "interviews/2026-11-20-ada.md": "---\nperson: ada\ndate: 2026-11-20\n---\n",
        "interviews/2026-12-01-ada.md": "---\nperson: ada\ndate: 2026-12-01\n---\n",
        "interviews/2026-12-05-ada.md": "---\nperson: ada\ndate: 2026-12-05\n---\n",
    })
    kinds = [item.kind for item in items]
    assert sorted(kinds) == sorted(set(kinds))
    assert due_of(item for item in items if item.kind == "thank-you") == {"ada": date(2026, 11, 2)}
    assert due_of(item for item in items if item.kind == "prepare") == {"ada": date(2026, 12, 1)}


def test_order_is_by_due_date_then_person_with_no_due_date_last(queue):
    items = queue({
        "people/ada.md": "---\nname: Ada\n---\n- [ ] Someday\n- [ ] Later due:2026-12-20\n",
        "people/bob.md": "---\nname: Bob\n---\n- [ ] Someday\n- [ ] Soon due:2026-12-01\n",
        "people/cy.md": "---\nname: Cy\n---\n- [ ] Soon due:2026-12-01\n- [ ] Past due:2026-11-01\n",
    })
    assert [(item.due, item.person) for item in items] == [
        (date(2026, 11, 1), "cy"), (date(2026, 12, 1), "bob"), (date(2026, 12, 1), "cy"),
        (date(2026, 12, 20), "ada"), (None, "ada"), (None, "bob")]


def test_groups_are_overdue_today_this_week_later_someday(queue):
    items = queue({"people/ada.md": """
        ---
        name: Ada
        ---
        - [ ] Overdue due:2026-11-25
        - [ ] Today due:2026-11-26
        - [ ] This week due:2026-11-29
        - [ ] Later due:2027-01-15
        - [ ] Someday
    """})
    groups = grouped(items, TODAY)
    assert list(groups) == ["overdue", "today", "this week", "later", "someday"]
    assert {group: [item.text for item in members] for group, members in groups.items()} == {
        "overdue": ["Overdue"], "today": ["Today"], "this week": ["This week"], "later": ["Later"],
        "someday": ["Someday"]}


def test_this_week_is_the_next_seven_days(queue):
    items = queue({"people/ada.md": """
        ---
        name: Ada
        ---
        - [ ] Tomorrow due:2026-11-27
        - [ ] In seven days due:2026-12-03
        - [ ] In eight days due:2026-12-04
    """})
    groups = grouped(items, TODAY)
    assert [item.text for item in groups["this week"]] == ["Tomorrow", "In seven days"]
    assert [item.text for item in groups["later"]] == ["In eight days"]


def test_queue_json_is_a_sorted_list_of_kind_person_due_text_file_line(network, capsys):
    root = network({
        "people/ada.md": "---\nname: Ada\n---\n- [ ] Someday\n",
        "people/team/bob.md": "---\nname: Bob\ncontacted: 2026-11-10\n---\n",
        "interviews/2026-11-20-bob.md": "---\nperson: Bob\ndate: 2026-11-10\nreferrals: [Zoe]\n---\n",
    })
    assert main(["queue", "--root", str(root), "--today", "2026-11-26", "--format", "json"]) == 0
    items = json.loads(capsys.readouterr().out)
    assert all(set(item) == {"kind", "person", "due", "text", "file", "line"} for item in items)
    assert {(i["kind"], i["person"], i["due"], i["file"]) for i in items} == {
        ("add-contact", "Zoe", "2026-11-10", "interviews/2026-11-20-bob.md"),
        ("connect", "bob", "2026-11-11", "people/team/bob.md"),
        ("thank-you", "bob", "2026-11-11", "interviews/2026-11-20-bob.md"),
        ("circle-back", "bob", "2027-02-08", "people/team/bob.md"),
        ("task", "ada", None, "people/ada.md"),
        ("write-up", "bob", "2026-11-10", "interviews/2026-11-20-bob.md"),
    }
    order = [(item["due"] is None, item["due"] or "", item["person"]) for item in items]
    assert order == sorted(order)
    assert [item["line"] for item in items if item["kind"] in ("task", "add-contact")] == [4, 4]
    assert all(isinstance(item["text"], str) and item["text"] for item in items)


# snooze (FORMAT 1.1)

SNOOZED = {
    "people/ada.md": "---\nname: Ada\ncontacted: 2026-11-01\nsnoozed_until: 2026-12-10\n---\n\n- [ ] send the deck due:2026-11-20\n"
                     "- [ ] read her paper\n- [ ] ask about Q1 due:2026-12-20\n",
    "people/bob.md": "---\nname: Bob\ncontacted: 2026-11-01\n---\n",
    "people/cy.md": "---\nname: Cy\nsnoozed_until: 2026-12-10\n---\n",
    "interviews/2026-11-28-cy.md": "---\nperson: cy\ndate: 2026-11-28\n---\n",
}


def test_snoozed_until_moves_each_item_due_before_it_to_that_day(queue):
    items = queue(SNOOZED)
    ada = {(item.kind, item.text): item for item in items if item.person == "ada"}
    nudge = next(item for kind, item in ada.items() if kind[0] == "nudge")
    assert (nudge.due, nudge.snoozed) == (date(2026, 12, 10), True)  # was due 2026-11-08
    assert ada[("task", "send the deck")].due == date(2026, 12, 10)
    bob = next(item for item in items if item.person == "bob")
    assert (bob.kind, bob.due, bob.snoozed) == ("nudge", date(2026, 11, 8), False)


def test_snooze_keeps_prepare_a_later_due_date_and_no_due_date(queue):
    items = [item for item in queue(SNOOZED) if item.person == "ada"]
    by_text = {item.text: item for item in items if item.kind == "task"}
    assert by_text["read her paper"].due is None
    assert (by_text["ask about Q1"].due, by_text["ask about Q1"].snoozed) == (date(2026, 12, 20), False)
    [prepare] = [item for item in queue(SNOOZED, "prepare")]
    assert (prepare.due, prepare.snoozed) == (date(2026, 11, 28), False)


def test_a_snoozed_item_stays_in_the_queue_later_and_a_past_snooze_changes_nothing(queue):
    files = dict(SNOOZED)
    later = [item.person for item in queue(files)]
    assert later.index("ada") > later.index("bob")  # Bob's nudge (Nov 8) now comes before Ada's
    files["people/ada.md"] = files["people/ada.md"].replace("snoozed_until: 2026-12-10", "snoozed_until: 2026-11-01")
    unsnoozed = queue(files)
    assert not any(item.snoozed for item in unsnoozed)
    assert next(item for item in unsnoozed if item.kind == "nudge" and item.person == "ada").due == date(2026, 11, 8)
