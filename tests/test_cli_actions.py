"""`ties done`, `ties snooze` and `ties log`: each kind closed from the terminal gives the queue of
the same files edited by hand; what they print, and when they write nothing."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from site_builder.cli import main
from site_builder.edits import Action, EditRefused, carry_out
from site_builder.edits.files import create_person_file
from site_builder.site import Site
from conftest import TODAY

DAY = ["--today", TODAY.isoformat()]
ADA = """\
---
name: Ada Lovelace   # met at PyCon
company: Analytical Engines
---
Notes.

- [ ] Send Ada the paper due:2026-12-01
- [ ] Ask Ada about Babbage
"""
INTERVIEW = """\
---
person: ada
date: 2026-11-20
referrals: ["Alan Turing"]
---
## Summary
A good talk.
"""
NETWORK = {
    "people/ada.md": ADA,
    "interviews/2026-11-20-ada.md": INTERVIEW,
    "interviews/2026-12-02-ada.md": "---\nperson: ada\ndate: 2026-12-02\n---\n",
    "people/bo.md": "---\nname: Bo Brandt\nintroduced_by: ada\n---\n",
    "people/cy.md": "---\r\nname: Cy Chen\r\ncontacted: 2026-11-10\r\n---\r\nNo answer yet.\r\n",
    "people/di.md": "\ufeff---\nname: Di Dumas\nlast_contact: 2026-09-01\nfollow_up: 2026-11-20\ncadence: 30d\n---\n",
}


def _write(root: Path, files: dict[str, str]) -> Path:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode())
    return root


@pytest.fixture
def folders(tmp_path):
    """`folders(name, files)` writes a network in its own folder; returns its root."""
    def make(name: str, files: dict[str, str]) -> Path:
        return _write(tmp_path / name, files)
    return make


def run(capsys, *arguments: str) -> tuple[int, str, str]:
    code = main(list(arguments))
    out, err = capsys.readouterr()
    return code, out, err


def queue_of(root: Path) -> list[dict]:
    return [item.as_dict() for item in Site(root, TODAY).check().queue]


def kinds_of(root: Path, person: str) -> list[str]:
    return [item["kind"] for item in queue_of(root) if item["person"] == person]


CASES = {
    "thank-you": (["done", "ada", "thank-you"], "interviews/2026-11-20-ada.md",
                  ("---\nperson: ada\ndate: 2026-11-20\nreferrals: [\"Alan Turing\"]\nthanked: 2026-11-26\n---\n"
                   "## Summary\nA good talk.\n"),
                  ["interviews/2026-11-20-ada.md:5: thanked: 2026-11-26"]),
    "connect": (["done", "Ada Lovelace", "connect"], "people/ada.md",
                ADA.replace("company: Analytical Engines\n", "company: Analytical Engines\nlinkedin_connected: 2026-11-26\n"),
                ["people/ada.md:4: linkedin_connected: 2026-11-26"]),
    "reach-out": (["done", "[[bo]]"], "people/bo.md", "---\nname: Bo Brandt\nintroduced_by: ada\ncontacted: 2026-11-26\n---\n",
                  ["people/bo.md:4: contacted: 2026-11-26"]),
    "nudge": (["done", "cy", "nudge"], "people/cy.md",
              "---\r\nname: Cy Chen\r\ncontacted: 2026-11-10\r\nsnoozed_until: 2026-12-03\r\n---\r\nNo answer yet.\r\n",
              ["people/cy.md:4: snoozed_until: 2026-12-03"]),
    "follow-up": (["done", "di", "follow-up"], "people/di.md",
                  "\ufeff---\nname: Di Dumas\nlast_contact: 2026-11-26\nfollow_up: 2026-11-20\ncadence: 30d\n---\n",
                  ["people/di.md:3: last_contact: 2026-11-26"]),
    "circle-back": (["done", "di", "circle-back", "--on", "2026-11-25"], "people/di.md",
                    "\ufeff---\nname: Di Dumas\nlast_contact: 2026-11-25\nfollow_up: 2026-11-20\ncadence: 30d\n---\n",
                    ["people/di.md:3: last_contact: 2026-11-25"]),
    "task": (["done", "ada", "task", "--task", "babbage"], "people/ada.md",
             ADA.replace("- [ ] Ask Ada", "- [x] Ask Ada"), ["people/ada.md:8: - [x] Ask Ada about Babbage"]),
    "add-contact": (["done", "alan turing"], "people/alan-turing.md",
                    textwrap.dedent("""\
                        ---
                        name: Alan Turing
                        company:
                        title:
                        location:
                        email:                  # one address, or a list: [a@example.com, b@example.com]
                        phone:                  # always quoted: "+44 20 7946 0000"
                        linkedin:               # https://www.linkedin.com/in/...
                        introduced_by: ada      # who suggested you contact them (a slug)
                        how_we_met:
                        topics:                 # what they can speak to: [hiring, compilers]
                        tags:
                        added: 2026-11-26
                        contacted:              # the day you first reach out
                        ---
                        """),
                    ["people/alan-turing.md:2: name: Alan Turing",
                     "people/alan-turing.md:9: introduced_by: ada      # who suggested you contact them (a slug)"]),
}
GONE = {"thank-you": ("ada", "thank-you"), "connect": ("ada", "connect"), "reach-out": ("bo", "reach-out"),
        "follow-up": ("di", "follow-up"), "add-contact": ("Alan Turing", "add-contact")}


@pytest.mark.parametrize("kind", list(CASES))
def test_marking_each_kind_done_gives_the_queue_of_the_file_edited_by_hand(kind, folders, capsys):
    arguments, file, by_hand, printed = CASES[kind]
    root = folders("network", NETWORK)
    before = {path: (root / path).read_bytes() for path in NETWORK}
    code, out, err = run(capsys, *arguments, "--root", str(root), *DAY)
    assert (code, err) == (0, "")
    assert out.splitlines() == printed
    assert (root / file).read_bytes() == by_hand.encode()
    assert {path: (root / path).read_bytes() for path in NETWORK if path != file} == \
        {path: data for path, data in before.items() if path != file}
    edited_by_hand = folders("by-hand", {**NETWORK, file: by_hand})
    assert queue_of(root) == queue_of(edited_by_hand)
    if kind in GONE:
        person, gone = GONE[kind]
        assert gone not in kinds_of(root, person)


def test_the_queue_shows_under_each_item_the_command_that_closes_it(folders, capsys):
    code, out, _ = run(capsys, "queue", "--root", str(folders("network", NETWORK)), *DAY)
    assert code == 0
    lines = out.splitlines()

    def under(text: str) -> str:
        return lines[next(n for n, line in enumerate(lines) if text in line) + 1].strip()
    assert under("thank-you note") == "ties done ada thank-you"
    assert under("Add Alan Turing") == "ties done 'Alan Turing' add-contact"
    assert under("Send Ada the paper") == "ties done ada task --task 'Send Ada the paper'"
    assert under("No answer from Cy Chen") == "ties done cy nudge"
    prepare = next(n for n, line in enumerate(lines) if "prepare" in line)
    assert "ties done" not in lines[prepare + 1]


def test_each_command_the_queue_shows_closes_its_item(folders, capsys):
    _, out, _ = run(capsys, "queue", "--root", str(folders("network", NETWORK)), *DAY)
    lines = out.splitlines()
    shown = {lines[n - 1]: shlex.split(line.strip())[2:] for n, line in enumerate(lines) if "ties done" in line}
    assert len(shown) == len(queue_of(folders("copy", NETWORK))) - 1  # all but prepare's
    for number, (item_line, words) in enumerate(shown.items()):
        root = folders(f"network-{number}", NETWORK)
        before = queue_of(root)
        code, _, err = run(capsys, "done", *words, "--root", str(root), *DAY)
        assert (code, err) == (0, ""), words
        after = queue_of(root)
        closed = [item for item in before if item not in after]
        assert len(closed) >= 1 and any(item["text"] in item_line for item in closed), words
        if words[1] == "nudge":  # snoozed a week: it comes back then, if there is still no answer
            [again] = [item for item in after if (item["kind"], item["person"]) == ("nudge", words[0])]
            assert again["due"] == "2026-12-03"


def test_the_queue_as_json_is_unchanged(folders, capsys):
    root = folders("network", NETWORK)
    _, out, _ = run(capsys, "queue", "--root", str(root), *DAY, "--format", "json")
    assert json.loads(out) == queue_of(root)
    assert all(set(item) == {"kind", "person", "due", "text", "file", "line"} for item in json.loads(out))


def test_several_open_items_are_listed_and_nothing_is_written(folders, capsys):
    root = folders("network", NETWORK)
    code, out, err = run(capsys, "done", "ada", "--root", str(root), *DAY)
    assert (code, out) == (2, "")
    assert err.splitlines()[0] == "ties: Ada Lovelace has 6 open items: name the kind of one:"
    assert "  thank-you    2026-11-21  Send Ada Lovelace a handwritten thank-you note for the interview on 2026-11-20" in err
    assert "ties done ada connect" in err
    assert (root / "people" / "ada.md").read_text() == ADA


def test_several_open_tasks_want_task_and_an_ambiguous_one_is_listed(folders, capsys):
    root = folders("network", NETWORK)
    code, _, err = run(capsys, "done", "ada", "task", "--root", str(root), *DAY)
    assert code == 2
    assert "Ada Lovelace has 2 open tasks: pick one with --task TEXT" in err
    code, _, err = run(capsys, "done", "ada", "--task", "ada", "--root", str(root), *DAY)
    assert code == 2
    assert "2 open tasks holding that" in err
    code, _, err = run(capsys, "done", "ada", "--task", "nothing like it", "--root", str(root), *DAY)
    assert (code, err) == (1, "ties: no open task of Ada Lovelace holds 'nothing like it'\n")
    assert (root / "people" / "ada.md").read_text() == ADA


def test_one_open_item_needs_no_kind(folders, capsys):
    root = folders("network", {"people/bo.md": "---\nname: Bo\nintroduced_by: ada\n---\n"})
    code, out, _ = run(capsys, "done", "bo", "--root", str(root), *DAY)
    assert (code, out) == (0, "people/bo.md:4: contacted: 2026-11-26\n")


def test_dry_run_prints_the_diff_and_writes_nothing(folders, capsys):
    root = folders("network", NETWORK)
    code, out, err = run(capsys, "done", "ada", "thank-you", "--dry-run", "--root", str(root), *DAY)
    assert (code, err) == (0, "")
    assert out == ("--- a/interviews/2026-11-20-ada.md\n+++ b/interviews/2026-11-20-ada.md\n@@ -2,6 +2,7 @@\n"
                   " person: ada\n date: 2026-11-20\n referrals: [\"Alan Turing\"]\n+thanked: 2026-11-26\n ---\n"
                   " ## Summary\n A good talk.\n")
    assert (root / "interviews" / "2026-11-20-ada.md").read_text() == INTERVIEW


def test_dry_run_of_a_new_person_shows_the_file_and_creates_none(folders, capsys):
    root = folders("network", NETWORK)
    code, out, _ = run(capsys, "done", "Alan Turing", "--dry-run", "--root", str(root), *DAY)
    assert code == 0
    assert out.startswith("--- /dev/null\n+++ b/people/alan-turing.md\n")
    assert "+introduced_by: ada " in out
    assert not (root / "people" / "alan-turing.md").exists()


def test_a_new_person_never_replaces_a_file(folders):
    root = folders("network", {"people/ada.md": "---\nname: Ada\n---\n", "people/old/alan-turing.md": "---\nname: A\n---\n"})
    with pytest.raises(EditRefused, match="people/old/alan-turing.md already exists with the slug 'alan-turing'"):
        carry_out(root, Action(None, new_person=("Alan Turing", "ada", TODAY)), TODAY)
    (root / "people" / "alan-turing.md").write_text("Mine.\n")  # made after that check
    with pytest.raises(EditRefused, match="people/alan-turing.md exists already: edit it"):
        create_person_file(root, ("people/alan-turing.md", "---\nname: Alan Turing\n---\n"))
    assert (root / "people" / "alan-turing.md").read_text() == "Mine.\n"


@pytest.mark.parametrize(("arguments", "message"), [
    (["done", "sofia"], "'sofia' has no file in people/"),
    (["done", "ada", "prepare"], "interviews/2026-12-02-ada.md: preparing is not marked done"),
    (["done", "ada", "reach-out"], ("Ada Lovelace has no open reach-out item (open: connect, thank-you, task, "
                                    "prepare, circle-back)")),
    (["done", "ada", "connect", "--task", "paper"], "--task picks a task, not a connect item"),
])
def test_what_cannot_be_marked_done_says_why_and_writes_nothing(arguments, message, folders, capsys):
    root = folders("network", NETWORK)
    code, out, err = run(capsys, *arguments, "--root", str(root), *DAY)
    assert (code, out) == (1, "")
    assert err.startswith(f"ties: {message}")
    assert all((root / path).read_bytes() == text.encode() for path, text in NETWORK.items())


def test_a_file_with_an_error_is_refused_with_its_line(folders, capsys):
    broken = "---\nname: Bo\nintroduced_by: ada\nemail: not-an-address\n---\n"
    root = folders("network", {"people/bo.md": broken})
    code, _, err = run(capsys, "done", "bo", "reach-out", "--root", str(root), *DAY)
    assert code == 1
    assert err == "ties: people/bo.md:4: has an error: fix it first (email: 'not-an-address' is not an email address)\n"
    assert (root / "people" / "bo.md").read_text() == broken


def test_an_unsafe_value_is_refused_with_its_line(folders, capsys):
    text = "---\nname: Bo\nintroduced_by: ada\ncontacted: &first\n---\n"
    root = folders("network", {"people/bo.md": text})
    code, _, err = run(capsys, "done", "bo", "--root", str(root), *DAY)
    assert (code, err) == (1, ("ties: people/bo.md:4: contacted: the value has a YAML anchor or tag (&first): "
                               "remove it, then try again\n"))
    assert (root / "people" / "bo.md").read_text() == text


def test_a_follow_up_marked_done_before_its_day_says_it_stays(folders, capsys):
    root = folders("network", {"people/di.md": "---\nname: Di\nfollow_up: 2026-12-20\n---\n"})
    code, out, err = run(capsys, "done", "di", "--root", str(root), *DAY)
    assert (code, out) == (0, "people/di.md:4: last_contact: 2026-11-26\n")
    assert err == "note: the follow-up stays in the queue: it asks to be in touch on 2026-12-20 or later\n"


def test_done_on_a_day_given_writes_that_day(folders, capsys):
    root = folders("network", NETWORK)
    code, out, _ = run(capsys, "done", "bo", "--on", "2026-11-24", "--root", str(root), *DAY)
    assert (code, out) == (0, "people/bo.md:4: contacted: 2026-11-24\n")


# ties snooze

@pytest.mark.parametrize(("until", "day"), [("2w", "2026-12-10"), ("2027-01-04", "2027-01-04"), ("10d", "2026-12-06")])
def test_snooze_writes_snoozed_until(until, day, folders, capsys):
    root = folders("network", NETWORK)
    code, out, err = run(capsys, "snooze", "Bo Brandt", until, "--root", str(root), *DAY)
    assert (code, out, err) == (0, f"people/bo.md:4: snoozed_until: {day}\n", "")
    assert (root / "people" / "bo.md").read_text() == f"---\nname: Bo Brandt\nintroduced_by: ada\nsnoozed_until: {day}\n---\n"
    assert Site(root, TODAY).check().ok


def test_snooze_counts_from_the_day_given_and_replaces_a_snooze(folders, capsys):
    root = folders("network", {"people/bo.md": "---\nname: Bo\nsnoozed_until: 2027-03-01  # after the holidays\n---\n"})
    code, out, _ = run(capsys, "snooze", "bo", "1m", "--on", "2026-12-01", "--root", str(root), *DAY)
    assert (code, out) == (0, "people/bo.md:3: snoozed_until: 2026-12-31  # after the holidays\n")


@pytest.mark.parametrize(("until", "message"), [("soon", "'soon' is not a date or a duration"),
                                                ("2026-11-01", "2026-11-01 is before 2026-11-26")])
def test_snooze_refuses_what_is_no_day_to_come(until, message, folders, capsys):
    root = folders("network", NETWORK)
    code, _, err = run(capsys, "snooze", "bo", until, "--root", str(root), *DAY)
    assert code == 1 and err.startswith(f"ties: {message}: ")
    assert (root / "people" / "bo.md").read_text() == NETWORK["people/bo.md"]


def test_snooze_dry_run_writes_nothing(folders, capsys):
    root = folders("network", NETWORK)
    code, out, _ = run(capsys, "snooze", "bo", "2w", "--dry-run", "--root", str(root), *DAY)
    assert code == 0 and "+snoozed_until: 2026-12-10\n" in out
    assert (root / "people" / "bo.md").read_text() == NETWORK["people/bo.md"]


# ties log

def test_log_with_a_note_writes_last_contact_and_the_log_line(folders, capsys):
    root = folders("network", NETWORK)
    code, out, _ = run(capsys, "log", "cy", "Replied: free next week", "--root", str(root), *DAY)
    assert code == 0
    assert out.splitlines() == ["people/cy.md:4: last_contact: 2026-11-26", "people/cy.md:8: ## Log",
                                "people/cy.md:10: - 2026-11-26: Replied: free next week"]
    expected = ("---\r\nname: Cy Chen\r\ncontacted: 2026-11-10\r\nlast_contact: 2026-11-26\r\n---\r\nNo answer yet.\r\n"
                "\r\n## Log\r\n\r\n- 2026-11-26: Replied: free next week\r\n")
    assert (root / "people" / "cy.md").read_bytes() == expected.encode()
    assert "nudge" not in kinds_of(root, "cy")
    assert queue_of(root) == queue_of(folders("by-hand", {**NETWORK, "people/cy.md": expected}))


def test_log_without_a_note_and_a_later_last_contact_changes_nothing(folders, capsys):
    root = folders("network", NETWORK)
    code, out, _ = run(capsys, "log", "di", "--on", "2026-08-01", "--root", str(root), *DAY)
    assert (code, out) == (0, "people/di.md: nothing to change, it says so already\n")
    assert (root / "people" / "di.md").read_bytes() == NETWORK["people/di.md"].encode()


def test_log_of_nobody_is_refused(folders, capsys):
    code, _, err = run(capsys, "log", "zed", "hi", "--root", str(folders("network", NETWORK)), *DAY)
    assert (code, err) == (1, "ties: 'zed' has no file in people/\n")


def test_a_person_file_with_snoozed_until_checks_clean(folders, capsys):
    root = folders("network", {"people/bo.md": "---\nname: Bo\nsnoozed_until: 2026-12-10\n---\n",
                               "people/cy.md": "---\nname: Cy\nsnoozed_until: next week\n---\n"})
    checked = Site(root, TODAY).check()
    assert checked.network.people["bo"].snoozed_until.isoformat() == "2026-12-10"
    assert [(d.file, d.line, d.severity) for d in checked.diagnostics] == [("people/cy.md", 3, "error")]
    assert "snoozed_until: 'next week' is not a date" in checked.diagnostics[0].message


@pytest.mark.slow
def test_the_commands_run_as_a_program(folders):
    root = folders("network", NETWORK)
    mode = (root / "people" / "bo.md").stat().st_mode
    run = subprocess.run([sys.executable, "-m", "site_builder", "done", "bo", "--root", str(root), *DAY],
                         capture_output=True, text=True, timeout=60, env={**os.environ, "PYTHONPATH": os.getcwd()})
    assert (run.returncode, run.stdout, run.stderr) == (0, "people/bo.md:4: contacted: 2026-11-26\n", "")
    assert (root / "people" / "bo.md").stat().st_mode == mode


def test_an_error_in_another_file_does_not_stop_an_edit(folders, capsys):
    root = folders("network", {**NETWORK, "people/zed.md": "---\nname: [Zed\n---\n"})
    code, out, err = run(capsys, "done", "bo", "--root", str(root), *DAY)
    assert (code, out, err) == (0, "people/bo.md:4: contacted: 2026-11-26\n", "")
