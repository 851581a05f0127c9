"""`ties new person` and `ties new interview`: the files they start, and what they refuse."""

from __future__ import annotations

import sys

import yaml

from site_builder.cli import main
from site_builder.content.new_files import yaml_line

DAY = ["--today", "2026-11-26"]


def run(capsys, *arguments: str) -> tuple[int, str, str]:
    code = main(list(arguments))
    out, err = capsys.readouterr()
    return code, out, err


def check_messages(capsys, root) -> list[str]:
    code, out, _ = run(capsys, "check", "--root", str(root), *DAY, "--format", "json")
    assert code == 0
    return [d["message"] for d in yaml.safe_load(out)]


def test_new_person_names_the_file_after_the_person_and_prints_its_path(network, capsys):
    root = network({})
    code, out, _ = run(capsys, "new", "person", "Ada Lovelace", "--root", str(root), *DAY)
    assert code == 0
    assert out.strip() == str(root / "people" / "ada-lovelace.md")
    assert (root / "people/ada-lovelace.md").read_text().startswith("---\nname: Ada Lovelace\n")


def test_new_person_transliterates_non_ascii_names(network, capsys):
    root = network({})
    run(capsys, "new", "person", "Zoë Ñúñez-Łukasiewicz", "--root", str(root), *DAY)
    text = (root / "people/zoe-nunez-lukasiewicz.md").read_text(encoding="utf-8")
    assert "name: Zoë Ñúñez-Łukasiewicz\n" in text


def test_new_person_fills_company_title_and_introducer(network, capsys):
    root = network({"people/charles-babbage.md": "---\nname: Charles Babbage\n---\n"})
    run(capsys, "new", "person", "Ada Lovelace", "--company", "Analytical Engines: Ltd", "--title", "Head #1",
        "--introduced-by", "charles-babbage", "--root", str(root), *DAY)
    meta = yaml.safe_load((root / "people/ada-lovelace.md").read_text().split("---")[1])
    assert (meta["company"], meta["title"], meta["introduced_by"]) == ("Analytical Engines: Ltd", "Head #1",
                                                                       "charles-babbage")
    assert str(meta["added"]) == "2026-11-26"


def test_new_person_passes_check_without_a_warning(network, capsys):
    root = network({"people/charles-babbage.md": "---\nname: Charles Babbage\n---\n"})
    run(capsys, "new", "person", "Ada Lovelace", "--company", "Analytical Engines", "--introduced-by",
        "Charles Babbage", "--root", str(root), *DAY)
    assert check_messages(capsys, root) == []


def test_new_person_says_when_the_introducer_has_no_file_yet(network, capsys):
    root = network({})
    code, _, err = run(capsys, "new", "person", "Ada Lovelace", "--introduced-by", "grace", "--root", str(root), *DAY)
    assert code == 0
    assert "introduced_by: 'grace' has no file in people/" in err


def test_new_person_refuses_an_existing_slug_and_names_the_file(network, capsys):
    root = network({"people/team/Ada Lovelace.md": "---\nname: Ada\n---\nMy notes.\n"})
    code, out, err = run(capsys, "new", "person", "Ada Lovelace", "--root", str(root), *DAY)
    assert (code, out) == (1, "")
    assert "people/team/Ada Lovelace.md already exists" in err
    assert not (root / "people/ada-lovelace.md").exists()
    assert (root / "people/team/Ada Lovelace.md").read_text() == "---\nname: Ada\n---\nMy notes.\n"


def test_new_person_refuses_a_name_without_letters_or_digits(network, capsys):
    code, _, err = run(capsys, "new", "person", "???", "--root", str(network({})), *DAY)
    assert code == 1 and "cannot make a file name" in err


def test_new_person_edit_opens_the_file_in_editor(network, capsys, monkeypatch, tmp_path):
    opened = tmp_path / "opened.txt"
    script = tmp_path / "editor.py"
    script.write_text(f"import sys\nopen({str(opened)!r}, 'w').write(sys.argv[1])\n")
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    root = network({})
    code, _, _ = run(capsys, "new", "person", "Ada Lovelace", "--edit", "--root", str(root), *DAY)
    assert code == 0
    assert opened.read_text() == str(root / "people/ada-lovelace.md")


def test_new_interview_is_dated_and_named_after_the_person(network, capsys):
    root = network({"people/ada-lovelace.md": "---\nname: Ada Lovelace\n---\n"})
    code, out, _ = run(capsys, "new", "interview", "ada-lovelace", "--date", "2026-12-03", "--root", str(root), *DAY)
    assert code == 0
    assert out.strip() == str(root / "interviews/2026-12-03-ada-lovelace.md")


def test_new_interview_defaults_to_today_and_accepts_the_persons_name(network, capsys):
    root = network({"people/ada-lovelace.md": "---\nname: Ada Lovelace\n---\n"})
    run(capsys, "new", "interview", "Ada Lovelace", "--root", str(root), *DAY)
    assert (root / "interviews/2026-11-26-ada-lovelace.md").exists()


def test_new_interview_holds_the_informational_interview_questions(network, capsys):
    root = network({"people/ada.md": "---\nname: Ada\n---\n"})
    run(capsys, "new", "interview", "ada", "--root", str(root), *DAY)
    text = (root / "interviews/2026-11-26-ada.md").read_text()
    front, body = text.split("---\n")[1:3]
    assert {"person", "date", "referrals", "thanked", "follow_up", "may_follow_up"} <= set(yaml.safe_load(front))
    headings = ["## Their work", "### Type of work", "### A typical day", "### What they like best",
                "### What they like least", "### The challenging parts", "## Career advice",
                "### Critical skills", "### How hiring works", "### Who else should I speak to?",
                "### May I follow up later?", "## Summary", "## What I learned", "## Questions for next time"]
    assert [line for line in body.splitlines() if line.startswith("#")] == headings


def test_new_interview_passes_check_without_a_warning(network, capsys):
    root = network({"people/ada.md": "---\nname: Ada\nlinkedin_connected: true\n---\n"})
    run(capsys, "new", "interview", "ada", "--date", "2026-12-03", "--root", str(root), *DAY)
    assert check_messages(capsys, root) == []


def test_new_interview_refuses_a_person_without_a_file(network, capsys):
    root = network({})
    code, _, err = run(capsys, "new", "interview", "grace", "--root", str(root), *DAY)
    assert code == 1
    assert "'grace' has no file in people/: add them first with ties new person" in err
    assert not (root / "interviews").exists()


def test_new_interview_never_overwrites(network, capsys):
    root = network({"people/ada.md": "---\nname: Ada\n---\n",
                    "interviews/2026-11-26-ada.md": "---\nperson: ada\ndate: 2026-11-26\n---\nNotes.\n"})
    code, _, err = run(capsys, "new", "interview", "ada", "--root", str(root), *DAY)
    assert code == 1 and "interviews/2026-11-26-ada.md already exists" in err
    assert (root / "interviews/2026-11-26-ada.md").read_text().endswith("Notes.\n")


def test_yaml_line_quotes_what_yaml_would_change():
    for value in ("+44 20 7946 0000", "0123", "no", "12:30", "Update #2", "a: b", "'quoted'", [" spaced "]):
        assert yaml.safe_load(yaml_line("key", value)) == {"key": value}
