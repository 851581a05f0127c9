"""`check`: one test per error and warning of FORMAT.md's "Checks" list, with exact positions.

Lines are 1-based and count the opening `---`, so the first key is on line 2.
"""

from __future__ import annotations

import json
import os
from datetime import date

import pytest

from site_builder.incremental import memo
from site_builder.cli import main
from site_builder.site import Site

ERROR, WARNING = "error", "warning"
ADA = "---\nname: Ada\n---\n"


def problems(found, file=None):
    """(file, line, severity) of each diagnostic, optionally of one file only."""
    return [(f, line, severity) for f, line, severity, _ in found if file is None or f == file]


def the_one(found):
    [diagnostic] = found
    return diagnostic


# Errors

def test_error_non_utf8_file(diagnostics):
    file, line, severity, message = the_one(diagnostics({"people/ada.md": b"---\nname: Ada\n---\nCaf\xe9\n"}))
    assert (file, line, severity) == ("people/ada.md", 4, ERROR)
    assert "UTF-8" in message


def test_error_unreadable_file(diagnostics, network):
    root = network({})
    (root / "people").mkdir()
    os.symlink(root / "nowhere.md", root / "people" / "ada.md")
    file, line, severity, message = the_one(diagnostics({}))
    assert (file, severity) == ("people/ada.md", ERROR)
    assert "cannot read" in message


@pytest.mark.parametrize("text, line, hint", [
    ("---\nname: Ada: Lovelace\n---\n", 2, "must be quoted"),
    ("---\nname: Ada\ntopics: [maths, engines\n\n---\n", 3, ""),
    ('---\nname: Ada\ncompany: "Analytical\n---\n', 3, ""),
    ("---\nname: Ada\n\tcompany: Acme\n---\n", 3, "tabs"),
    ("---\ntopics:\n\t- maths\n---\n", 3, "tabs"),
], ids=["colon in a value", "unclosed bracket", "unclosed quote", "tab", "tab in a list"])
def test_error_broken_yaml(diagnostics, text, line, hint):
    file, found_line, severity, message = the_one(diagnostics({"people/ada.md": text}))
    assert (file, found_line, severity) == ("people/ada.md", line, ERROR)
    assert message.startswith("broken YAML") and hint in message


def test_error_front_matter_not_a_mapping(diagnostics):
    file, line, severity, message = the_one(diagnostics({"people/ada.md": "---\n- Ada\n- Lovelace\n---\n"}))
    assert (file, line, severity) == ("people/ada.md", 2, ERROR)
    assert "not a mapping" in message


def test_error_missing_front_matter(diagnostics):
    assert problems(diagnostics({"people/ada.md": "Just notes, no front matter.\n"})) == [
        ("people/ada.md", 1, ERROR)]


def test_front_matter_is_closed_by_a_line_of_three_dashes_or_three_dots(check):
    checked = check({"people/ada.md": "---\nname: Ada\n...\nNotes.\n\n---\n\n- [ ] call Bo\n",
                     "people/bo.md": "---  \r\nname: Bo\r\n---\t\r\nNotes.\r\n"})
    assert checked.diagnostics == []
    ada, bo = checked.network.people["ada"], checked.network.people["bo"]
    assert (ada.name, ada.body, [task.line for task in ada.tasks]) == ("Ada", "Notes.\n\n---\n\n- [ ] call Bo\n", [8])
    assert (bo.name, bo.body) == ("Bo", "Notes.\r\n")


def test_a_longer_line_of_dashes_does_not_close_the_front_matter(diagnostics):
    file, line, severity, message = the_one(diagnostics({"people/ada.md": "---\nname: Ada\n-----\nNotes.\n"}))
    assert (file, line, severity) == ("people/ada.md", 1, ERROR)
    assert "never closed" in message


def test_blank_lines_around_the_delimiters_keep_every_line_where_it_is(check):
    checked = check({"people/ada.md": "---\n\n\nname: Ada\ntitle: Update #2\n---\n\n\n- [ ] call due:2026-12-40\n"})
    assert [(d.line, d.severity) for d in checked.diagnostics] == [(5, WARNING), (9, WARNING)]
    assert checked.network.people["ada"].body == "\n\n- [ ] call due:2026-12-40\n"


@pytest.mark.parametrize("path, text, key", [
    ("people/ada.md", "---\ncompany: Acme\n---\n", "name"),
    ("interviews/2026-11-01-ada.md", "---\nperson: ada\n---\n", "date"),
    ("interviews/2026-11-01-ada.md", "---\ndate: 2026-11-01\n---\n", "person"),
])
def test_error_missing_required_key(diagnostics, path, text, key):
    found = diagnostics({"people/ada.md": ADA, path: text})
    file, line, severity, message = the_one(found)
    assert (file, line, severity) == (path, 1, ERROR)
    assert f"missing required key '{key}'" in message


@pytest.mark.parametrize("path, text, line, hint", [
    ("people/bo.md", "---\nname: Bo\ntie: medium\n---\n", 3, "weak, strong"),
    ("people/bo.md", "---\nname: Bo\ncompany: Acme\nphone: 5550100\n---\n", 4, '"5550100"'),
    ("people/bo.md", "---\nname: Bo\nemail:\n  - bo@example.com\n  - not-an-email\n---\n", 5, "not-an-email"),
    ("people/bo.md", "---\nname: [Bo, Bob]\n---\n", 2, "text"),
    ("people/bo.md", "---\nname: Bo\ncadence: often\n---\n", 3, "cadence"),
    ("people/bo.md", "---\nname: Bo\nlinkedin: linkedin.com/in/bo\n---\n", 3, "https://"),
    ("interviews/2026-11-01-bo.md", "---\nperson: bo\ndate: 2026-11-01\nstatus: finished\n---\n", 4, "done"),
    ("interviews/2026-11-01-bo.md", "---\nperson: bo\ndate: 2026-11-01\nchannel: zoom\n---\n", 4, "video"),
    ("interviews/2026-11-01-bo.md", "---\nperson: bo\ndate: 2026-11-01\nduration: long\n---\n", 4, "minutes"),
    ("interviews/2026-11-01-bo.md", "---\nperson: bo\ndate: 2026-11-01\ntime: 12:30\n---\n", 4, '"12:30"'),
    ("interviews/2026-11-01-bo.md", "---\nperson: [[bo]]\ndate: 2026-11-01\n---\n", 2, '"[[bo]]"'),
    ("interviews/2026-11-01-bo.md", "---\nperson: bo\ndate: 2026-11-01\nreferrals: [[Cy Young]]\n---\n", 4,
     '"[[Cy Young]]"'),
    ("interviews/2026-11-01-bo.md", "---\nperson: bo\ndate: 2026-11-01\nreferrals:\n  - cy\n  - [[Di]]\n---\n", 6,
     '"[[Di]]"'),
    ("people/cy.md", "---\nname: Cy\nintroduced_by: [[bo]]\n---\n", 3, '"[[bo]]"'),
], ids=["tie medium", "unquoted phone", "email item", "name list", "cadence", "linkedin", "status", "channel",
        "duration long", "unquoted time", "unquoted wiki link", "unquoted wiki link as the list",
        "unquoted wiki link in a list", "unquoted wiki link introducing"])
def test_error_wrong_type(diagnostics, path, text, line, hint):
    found = diagnostics({"people/bo.md": "---\nname: Bo\n---\n", path: text})
    file, found_line, severity, message = the_one(found)
    assert (file, found_line, severity) == (path, line, ERROR)
    assert hint in message


def test_error_invalid_date(diagnostics):
    found = diagnostics({
        "people/ada.md": ADA,
        "interviews/2024-02-30-ada.md": "---\nperson: ada\ndate: 2024-02-30\n---\n",
    })
    file, line, severity, message = the_one(found)
    assert (file, line, severity) == ("interviews/2024-02-30-ada.md", 3, ERROR)
    assert "2024-02-30" in message


def test_error_interview_person_resolves_to_nobody(diagnostics):
    file, line, severity, message = the_one(diagnostics({
        "people/ada.md": ADA,
        "interviews/2026-11-01-bo.md": "---\ndate: 2026-11-01\nperson: Bo\n---\n",
    }))
    assert (file, line, severity) == ("interviews/2026-11-01-bo.md", 3, ERROR)
    assert "'Bo'" in message


def test_error_ambiguous_reference(diagnostics):
    found = diagnostics({
        "people/sam-lee.md": "---\nname: Sam Lee\n---\n",
        "people/sam-lee-2.md": "---\nname: Sam Lee\n---\n",
        "interviews/2026-11-01-sam.md": "---\nperson: Sam Lee\ndate: 2026-11-01\n---\n",
    })
    assert ("interviews/2026-11-01-sam.md", 2, ERROR) in problems(found)
    [message] = [m for f, _, _, m in found if f.startswith("interviews/")]
    assert "ambiguous" in message and "sam-lee" in message and "sam-lee-2" in message


def test_error_two_files_with_one_slug(diagnostics):
    found = diagnostics({"people/Ada Lovelace.md": "---\nname: Ada Lovelace\n---\n",
                         "people/ada-lovelace.md": "---\nname: Ada King\n---\n"})
    file, line, severity, message = the_one(found)
    assert (file, line, severity) == ("people/ada-lovelace.md", None, ERROR)
    assert "people/Ada Lovelace.md" in message


def test_error_referral_cycle_through_introduced_by(diagnostics):
    found = diagnostics({
        "people/ada.md": "---\nname: Ada\nintroduced_by: cy\n---\n",
        "people/bo.md": "---\nname: Bo\nintroduced_by: ada\n---\n",
        "people/cy.md": "---\nname: Cy\nintroduced_by: bo\n---\n",
        "people/dee.md": "---\nname: Dee\nintroduced_by: ada\n---\n",
        "people/eve.md": "---\nname: Eve\ntitle: Spy\nintroduced_by: eve\n---\n",
    })
    assert problems(found) == [("people/ada.md", 3, ERROR), ("people/eve.md", 4, ERROR)]
    assert "ada -> cy -> bo -> ada" in found[0][3]


def test_referrals_in_interviews_may_loop_back(diagnostics):
    assert diagnostics({
        "people/ada.md": "---\nname: Ada\n---\n",
        "people/bo.md": "---\nname: Bo\nintroduced_by: ada\ncontacted: 2026-10-01\n---\n",
        "interviews/2026-10-05-bo.md": "---\nperson: bo\ndate: 2026-10-05\nreferrals: [ada]\n---\n",
    }) == []


def test_error_thanked_before_the_interview(diagnostics):
    found = diagnostics({
        "people/ada.md": ADA,
        "interviews/2026-11-01-ada.md": "---\nperson: ada\ndate: 2026-11-01\nthanked: 2026-10-31\n---\n",
    })
    assert problems(found) == [("interviews/2026-11-01-ada.md", 4, ERROR)]


def test_a_setting_with_a_problem_is_pointed_at_by_its_line(diagnostics):
    settings = ('[project]\nname = "mine"\ntitle = 5\n\n[tool.site_builder]  # weakties\n'
                'title = 5\n"owner" = "Me"\ncadence = { weak = "x" }\nfoo = 1\n\n[tool.other]\nbar = 2\n')
    found = diagnostics({"pyproject.toml": settings, "people/ada.md": ADA})
    assert problems(found) == [("pyproject.toml", 6, ERROR), ("pyproject.toml", 8, ERROR), ("pyproject.toml", 9, WARNING)]


# Warnings

def test_warning_a_folder_without_people_or_interviews_is_likely_not_a_network(diagnostics):
    file, line, severity, message = the_one(diagnostics({"notes.md": ADA}))
    assert (file, line, severity) == ("people/", None, WARNING)
    assert "no people/ or interviews/ folder" in message and "--root" in message
    assert diagnostics({"interviews/.keep": ""}) == []


def test_warning_unknown_key_with_did_you_mean(diagnostics):
    file, line, severity, message = the_one(diagnostics({"people/ada.md": "---\nname: Ada\ncompnay: Acme\n---\n"}))
    assert (file, line, severity) == ("people/ada.md", 3, WARNING)
    assert "did you mean 'company'" in message


@pytest.mark.parametrize("written", ["on", "no", "1", "~", "2026-11-26"])
def test_warning_unknown_key_names_the_key_as_written_not_as_yaml_reads_it(diagnostics, written):
    file, line, severity, message = the_one(diagnostics({"people/ada.md": f"---\nname: Ada\n{written}: x\n---\n"}))
    assert (file, line, severity, message) == ("people/ada.md", 3, WARNING, f"unknown key '{written}'")


def test_warning_introduced_by_naming_nobody(diagnostics):
    found = diagnostics({"people/ada.md": "---\nname: Ada\nintroduced_by: Zoe Park\n---\n"})
    assert problems(found) == [("people/ada.md", 3, WARNING)]


def test_warning_referral_naming_nobody(diagnostics):
    found = diagnostics({
        "people/ada.md": ADA,
        "interviews/2026-11-01-ada.md": """
            ---
            person: ada
            date: 2026-11-01
            thanked: 2026-11-02
            referrals:
              - ada
              - Zoe Park
            ---
        """,
    })
    file, line, severity, message = the_one(found)
    assert (file, line, severity) == ("interviews/2026-11-01-ada.md", 7, WARNING)
    assert "Zoe Park" in message


def test_warning_wiki_link_to_nobody(diagnostics):
    found = diagnostics({"people/ada.md": "---\nname: Ada\n---\nFirst line.\n\nMet [[Zoe Park]] there.\n"})
    assert problems(found) == [("people/ada.md", 6, WARNING)]


@pytest.mark.parametrize("day", ["1850-01-01", "2040-01-01"])
def test_warning_date_far_in_the_future_or_before_1900(diagnostics, day):
    found = diagnostics({"people/ada.md": f"---\nname: Ada\nadded: {day}\n---\n"})
    assert problems(found) == [("people/ada.md", 3, WARNING)]


def test_warning_duration_over_15_minutes(diagnostics):
    found = diagnostics({
        "people/ada.md": ADA,
        "interviews/2026-12-01-ada.md": "---\nperson: ada\ndate: 2026-12-01\nduration: 30\n---\n",
        "interviews/2026-12-02-ada.md": "---\nperson: ada\ndate: 2026-12-02\nduration: 15\n---\n",
    })
    assert problems(found) == [("interviews/2026-12-01-ada.md", 4, WARNING)]


def test_warning_done_interview_dated_in_the_future(diagnostics):
    found = diagnostics({
        "people/ada.md": ADA,
        "interviews/2026-12-01-ada.md": "---\nperson: ada\ndate: 2026-12-01\nstatus: done\n---\n",
    })
    assert problems(found) == [("interviews/2026-12-01-ada.md", 4, WARNING)]


def test_warning_duplicate_email(diagnostics):
    found = diagnostics({
        "people/ada.md": "---\nname: Ada\nemail: ada@example.com\n---\n",
        "people/countess.md": "---\nname: Countess\ntitle: Countess\nemail: [ADA@example.com]\n---\n",
    })
    file, line, severity, message = the_one(found)
    assert (file, line, severity) == ("people/countess.md", 4, WARNING)
    assert "people/ada.md" in message


def test_warning_duplicate_linkedin_url(diagnostics):
    found = diagnostics({
        "people/ada.md": "---\nname: Ada\nlinkedin: https://www.linkedin.com/in/ada/\n---\n",
        "people/countess.md": "---\nname: Countess\nlinkedin: https://linkedin.com/in/ada?trk=x\n---\n",
    })
    assert problems(found) == [("people/countess.md", 3, WARNING)]


def test_warning_near_identical_name(diagnostics):
    found = diagnostics({
        "people/ada.md": "---\nname: Ada Lovelace\n---\n",
        "people/lovelace.md": "---\ncompany: Analytical Engines\nname: lovelace, Ada\n---\n",
    })
    file, line, severity, message = the_one(found)
    assert (file, line, severity) == ("people/lovelace.md", 3, WARNING)
    assert "people/ada.md" in message


# Reporting

def test_check_reports_every_problem_at_once(diagnostics):
    found = diagnostics({
        "people/ada.md": "---\nname: Ada\ntie: medium\narchived: maybe\n---\n",
        "people/bo.md": "---\nname: Bo: B\n---\n",
        "people/cy.md": "---\ncompany: Acme\n---\n",
        "interviews/2026-11-01-ada.md": "---\nperson: ada\ndate: 2026-11-01\nthanked: 2026-10-01\n---\n",
        "interviews/2026-11-02-zed.md": "---\nperson: zed\ndate: 2026-11-02\n---\n",
    })
    assert problems(found) == [
        ("interviews/2026-11-01-ada.md", 4, ERROR), ("interviews/2026-11-02-zed.md", 2, ERROR),
        ("people/ada.md", 3, ERROR), ("people/ada.md", 4, ERROR), ("people/bo.md", 2, ERROR),
        ("people/cy.md", 1, ERROR)]


def test_ties_check_finds_every_problem_without_making_the_queue(network, monkeypatch, capsys):
    root = network({"people/ada.md": "---\nname: Ada\ncompnay: Acme\nfollow_up: 2026-11-01\n---\n",
                    "interviews/2026-11-02-zed.md": "---\nperson: zed\ndate: 2026-11-02\n---\n"})
    full = Site(root, date(2026, 11, 26)).check()
    assert full.queue and len(full.diagnostics) == 2
    made = []
    monkeypatch.setattr(memo, "build_queue", lambda *arguments: made.append(arguments) or [])
    checked = Site(root, date(2026, 11, 26)).check(queue=False)
    assert checked.queue is None and checked.diagnostics == full.diagnostics
    assert main(["check", "--root", str(root), "--today", "2026-11-26"]) == 1
    assert made == [] and "1 error, 1 warning" in capsys.readouterr().out


def test_check_json_is_a_list_of_severity_file_line_message(network, capsys):
    root = network({
        "people/ada.md": "---\nname: Ada\ncompnay: Acme\n---\n",
        "people/team/bo.md": "---\nname: Bo\ntie: medium\n---\n",
    })
    assert main(["check", "--root", str(root), "--today", "2026-11-26", "--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out) == [
        {"severity": "warning", "file": "people/ada.md", "line": 3,
         "message": "unknown key 'compnay' (did you mean 'company'?)"},
        {"severity": "error", "file": "people/team/bo.md", "line": 3,
         "message": "tie: 'medium' is not one of: weak, strong"},
    ]


def test_check_github_format_prints_annotations(network, capsys):
    root = network({
        "people/ada.md": "---\nname: Ada\ncompnay: Acme\n---\n",
        "people/bo.md": "---\nname: Bo\ntie: medium\n---\n",
    })
    assert main(["check", "--root", str(root), "--today", "2026-11-26", "--format", "github"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "::warning file=people/ada.md,line=3::unknown key 'compnay' (did you mean 'company'?)",
        "::error file=people/bo.md,line=3::tie: 'medium' is not one of: weak, strong",
    ]


def test_check_exits_0_with_only_warnings_and_1_with_errors(network, capsys):
    root = network({"people/ada.md": "---\nname: Ada\ncompnay: Acme\n---\n"})
    assert main(["check", "--root", str(root), "--today", "2026-11-26"]) == 0
    network({"people/bo.md": "---\nname: Bo\ntie: medium\n---\n"})
    assert main(["check", "--root", str(root), "--today", "2026-11-26"]) == 1
    assert "1 error, 1 warning" in capsys.readouterr().out


@pytest.mark.parametrize("content", [
    b"", b"---", b"---\n", b"---\n---\n", b"---\n...\n", b"\xef\xbb\xbf---\nname: Ada\n---\n", b"\x00\x01\x02",
    b"---\n\tname: Ada\n---\n", b"---\nname: &a [*a]\n---\n", b"---\n? [a, b]\n: c\n---\n",
    b"---\nname: !!python/object:os.system ls\n---\n", b"---\n42\n---\n", b"---\nname: Ada\nname: Bo\n---\n",
    b"---\nname: Ada\nadded: 2026-13-45\ncontacted: yesterday\ncadence: often\n---\n",
    b"---\nname: Ada\n---\n- [ ] due:2026-02-30\n[[]] [[|x]] [[a|]]\n",
], ids=lambda content: repr(content)[:30])
def test_check_never_raises_on_bad_input(network, capsys, content):
    root = network({"people/ada.md": content, "interviews/x.md": content})
    code = main(["check", "--root", str(root), "--today", "2026-11-26"])
    out, err = capsys.readouterr()
    assert code in (0, 1)
    assert "Traceback" not in out + err


# References and leniency

@pytest.mark.parametrize("reference", [
    "ada-lovelace", '"[[ada-lovelace]]"', '"[[Ada Lovelace]]"', '"[[Ada Lovelace|Ada]]"', "ada lovelace",
    "ADA LOVELACE"])
def test_reference_by_slug_wiki_link_or_exact_name(check, reference):
    checked = check({
        "people/ada-lovelace.md": "---\nname: Ada Lovelace\n---\n",
        "people/bo.md": f"---\nname: Bo\nintroduced_by: {reference}\n---\n",
        "interviews/2026-11-01-ada.md": f"---\nperson: {reference}\ndate: 2026-11-01\n---\n",
    })
    assert checked.diagnostics == []
    assert [interview.person for interview in checked.network.interviews] == ["ada-lovelace"]
    assert [(r.referrer, r.referred) for r in checked.network.referrals] == [("ada-lovelace", "bo")]


def test_reference_by_name_resolves_a_name_unlike_the_slug(check):
    checked = check({
        "people/countess.md": "---\nname: Ada Lovelace\n---\n",
        "interviews/2026-11-01-ada.md": "---\nperson: ada lovelace\ndate: 2026-11-01\n---\nMet [[Ada Lovelace]].\n",
    })
    assert checked.diagnostics == []
    assert checked.network.interviews[0].person == "countess"
    assert checked.network.mentions == {"countess": ["interviews/2026-11-01-ada.md"]}


def test_lenient_single_string_for_a_list(check):
    checked = check({
        "people/ada.md": "---\nname: Ada\ntopics: compilers\nemail: ada@example.com\ntags: friend\n---\n",
        "people/bo.md": "---\nname: Bo\n---\n",
        "interviews/2026-11-01-ada.md": "---\nperson: ada\ndate: 2026-11-01\nreferrals: bo\ntopics: math\n---\n",
    })
    assert checked.diagnostics == []
    ada = checked.network.people["ada"]
    assert (ada.topics, ada.emails, ada.tags) == (("compilers",), ("ada@example.com",), ("friend",))
    assert [r.referred for r in checked.network.referrals] == ["bo"]
    assert checked.network.interviews[0].topics == ("math",)


def test_editor_temp_backup_and_hidden_files_are_ignored(check):
    broken = "---\nname: [broken\n"
    checked = check({
        "people/ada.md": ADA,
        **{f"people/{name}": broken for name in
           (".#ada.md", "ada.md~", "#ada.md#", ".ada.md.swp", "ada.md___jb_tmp___", ".hidden.md")},
        "people/.obsidian/ada.md": broken,
        "notes/bo.md": broken,
        "README.md": broken,
    })
    assert checked.diagnostics == []
    assert list(checked.network.people) == ["ada"]


def test_subfolders_count(check):
    checked = check({
        "people/work/acme/ada.md": ADA,
        "interviews/2026/11/2026-11-01-ada.md": "---\nperson: ada\ndate: 2026-11-01\n---\n",
    })
    assert checked.diagnostics == []
    assert checked.network.people["ada"].file == "people/work/acme/ada.md"
    assert [i.person for i in checked.network.interviews] == ["ada"]


@pytest.mark.parametrize("written, line, message", [
    ("title: Update #2", 3, "title: YAML reads '#2' as a comment, so this is 'Update': "
                            'if it belongs to the value, quote it: title: "Update #2"'),
    ("company: Lead   # platform", 3, "company: YAML reads '# platform' as a comment, so this is 'Lead': "
                                      'if it belongs to the value, quote it: company: "Lead # platform"'),
    ("topics:\n  - maths\n  - C # and C++", 5, "topics: YAML reads '# and C++' as a comment, so this is 'C': "
                                               'if it belongs to the value, quote it: - "C # and C++"'),
], ids=["scalar", "spaced", "list item"])
def test_warning_a_comment_cuts_short_a_value_that_takes_text(diagnostics, written, line, message):
    found = diagnostics({"people/ada.md": f"---\nname: Ada\n{written}\n---\n"})
    assert found == [("people/ada.md", line, WARNING, message)]


@pytest.mark.parametrize("breaks", ["\x85\x85", "\u2028\u2028", "\r\r", "\u2029\n\x85"],
                         ids=["NEL", "line separator", "lone CR", "mixed"])
def test_a_line_break_only_yaml_counts_hides_no_comment_and_raises_nothing(diagnostics, breaks):
    found = diagnostics({"people/ada.md": f"---\nname: Ada{breaks}title: Update #2\n---\n".encode()})
    assert [(file, severity, message.split(":")[0]) for file, _, severity, message in found] == [
        ("people/ada.md", WARNING, "title")]


def test_a_tab_after_a_line_break_only_yaml_counts_still_gets_the_hint(diagnostics):
    [(file, _, severity, message)] = diagnostics({"people/ada.md": "---\nname: Ada\x85\tcompany: Acme\n---\n".encode()})
    assert (file, severity) == ("people/ada.md", ERROR)
    assert message.endswith("(YAML does not allow tabs for indentation: use spaces)")


@pytest.mark.parametrize("written", [
    'title: "Update #2"', 'title: "Lead" # platform', "title: Update#2", "title: Lead\n# a comment line", "tie: weak # for now",
    "cadence: 30 # days", "introduced_by: name # at PyCon", "title:  # none yet",
], ids=["quoted", "quoted, then a comment", "no space", "own line", "a choice", "a number", "a reference", "empty"])
def test_a_comment_after_what_is_not_text_or_on_its_own_line_is_fine(diagnostics, written):
    found = diagnostics({"people/ada.md": f"---\nname: Ada\n{written}\n---\n", "people/name.md": "---\nname: N\n---\n"})
    assert found == []


@pytest.mark.parametrize("task, day", [("- [ ] call due:2026-12-40", "2026-12-40"),
                                       ("- [ ] x 📅 2026-02-30", "2026-02-30")], ids=["due:", "📅"])
def test_warning_a_due_date_that_does_not_exist(check, task, day):
    checked = check({"people/ada.md": f"---\nname: Ada\n---\nNotes.\n{task}\n"})
    assert [(d.file, d.line, d.severity) for d in checked.diagnostics] == [("people/ada.md", 5, WARNING)]
    assert checked.diagnostics[0].message.startswith(f"due date '{day}' does not exist")
    assert [task.due for task in checked.network.people["ada"].tasks] == [None]


def test_warning_a_reference_close_to_someones_name_asks_did_you_mean_them(diagnostics):
    found = diagnostics({
        "people/dr-ngozi-okonkwo.md": "---\nname: Dr. Ngozi Okonkwo\n---\n",
        "people/ada.md": "---\nname: Ada\nintroduced_by: Ngozi Okonkwo\n---\n",
        "interviews/2026-11-01-ada.md": "---\nperson: ada\ndate: 2026-11-01\nreferrals: [ngozi-okonkwo]\n---\n",
    })
    did_you_mean = "'{}' has no file in people/: did you mean 'dr-ngozi-okonkwo' (Dr. Ngozi Okonkwo)?"
    assert found == [
        ("interviews/2026-11-01-ada.md", 4, WARNING, "referrals: " + did_you_mean.format("ngozi-okonkwo")),
        ("people/ada.md", 3, WARNING, "introduced_by: " + did_you_mean.format("Ngozi Okonkwo")),
    ]


def test_a_reference_to_nobody_close_says_how_to_add_them(diagnostics):
    found = diagnostics({"people/ngozi.md": "---\nname: Ngozi Okonkwo\n---\n",
                         "people/ada.md": "---\nname: Ada\nintroduced_by: Ngozi Adeyemi\n---\n"})
    assert found == [("people/ada.md", 3, WARNING, "introduced_by: 'Ngozi Adeyemi' has no file in people/ yet "
                                                   '(add it with: ties new person "Ngozi Adeyemi")')]


def test_an_interviews_person_or_a_link_close_to_someones_name_asks_did_you_mean_them(diagnostics):
    found = diagnostics({
        "people/dr-ngozi-okonkwo.md": "---\nname: Dr. Ngozi Okonkwo\n---\n",
        "interviews/2026-11-01-ngozi.md": "---\nperson: Ngozi Okonkwo\ndate: 2026-11-01\n---\nSee [[Ngozi Okonkwo]].\n",
    })
    assert [(line, severity, message.endswith("did you mean 'dr-ngozi-okonkwo' (Dr. Ngozi Okonkwo)?"))
            for _, line, severity, message in found] == [(2, ERROR, True), (5, WARNING, True)]
