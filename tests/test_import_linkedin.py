"""`ties import linkedin`: LinkedIn's Connections.csv, matching, filling only what is empty, and
never writing twice."""

from __future__ import annotations

import hashlib
import json
from datetime import date

import frontmatter
import pytest
import yaml

from site_builder.cli import main
from site_builder.importers.contacts import Contact, ContactList, SourceError
from site_builder.importers.linkedin import connection_date, parse_connections
from site_builder.importers.plan import run_import

DAY = ["--today", "2026-11-26"]

# As LinkedIn writes it: a preamble, CRLF line ends, a quoted last name with a comma, blank
# emails and companies, an all-empty row, (row 8) a date that does not exist and (row 10) a
# row with no name.
CONNECTIONS = (
    "Notes:\r\n"
    '"When exporting your connection data, you may notice that some of the email addresses are missing. '
    'You will only see email addresses for connections who have allowed their connections to see or '
    'download their email address using this setting https://www.linkedin.com/psettings/privacy/email. '
    'You can learn more here https://www.linkedin.com/help/linkedin/answer/261"\r\n'
    "\r\n"
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
    'Ada,"Lovelace, PhD",https://www.linkedin.com/in/ada-lovelace,,Analytical Engines,Head of Programming,15 Mar 2024\r\n'
    "Grace,Hopper,https://www.linkedin.com/in/grace-hopper,grace@navy.example,,,3 Feb 2021\r\n"
    ",,,,,,\r\n"
    "Alan,Turing,https://www.linkedin.com/in/alan-turing,,Bletchley Park,,31 Feb 2021\r\n"
    "Zoë,Ñúñez-Łukasiewicz,https://uk.linkedin.com/in/zoe-nunez,,,Engineer,1 Dec 2025\r\n"
    ",,https://www.linkedin.com/in/nameless,,Acme,,1 Jan 2020\r\n"
).encode("utf-8")


def run(capsys, *arguments: str) -> tuple[int, str, str]:
    code = main(list(arguments))
    out, err = capsys.readouterr()
    return code, out, err


def import_connections(capsys, root, data: bytes = CONNECTIONS, *extra: str) -> tuple[int, str, str]:
    (root / "Connections.csv").write_bytes(data)
    return run(capsys, "import", "linkedin", str(root / "Connections.csv"), "--root", str(root), *DAY, *extra)


def front_matter(path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])


def snapshot(folder) -> dict[str, str]:
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def test_the_header_is_found_after_the_preamble():
    found = parse_connections(CONNECTIONS.decode())
    assert [contact.name for contact in found.contacts] == ["Ada Lovelace, PhD", "Grace Hopper", "Alan Turing",
                                                            "Zoë Ñúñez-Łukasiewicz"]


def test_the_header_is_found_whatever_the_preamble_says_and_with_plain_newlines():
    text = "Notes:\nSomething else entirely, this year.\n\nFirst Name,Last Name,URL,Email Address,Company," \
           "Position,Connected On\nAda,Lovelace,https://www.linkedin.com/in/ada,,,,15 Mar 2024\n"
    assert [contact.where for contact in parse_connections(text).contacts] == ["row 5"]


def test_a_quoted_name_with_a_comma_stays_one_person():
    ada = parse_connections(CONNECTIONS.decode()).contacts[0]
    assert (ada.name, ada.company, ada.title) == ("Ada Lovelace, PhD", "Analytical Engines", "Head of Programming")


def test_connection_dates_are_read_as_linkedin_writes_them():
    assert connection_date("15 Mar 2024") == date(2024, 3, 15)
    assert connection_date("3 Feb 2021") == date(2021, 2, 3)


def test_a_connection_date_with_a_two_digit_year_is_read_as_this_century():
    assert connection_date("7-Feb-22") == date(2022, 2, 7)
    assert connection_date("15-Mar-2024") == date(2024, 3, 15)


def test_all_empty_rows_are_skipped_silently():
    found = parse_connections(CONNECTIONS.decode())
    assert [problem.where for problem in found.problems] == ["row 10"]


def test_a_row_with_no_name_is_the_only_one_not_imported_and_is_reported(network, capsys):
    root = network({})
    code, out, _ = import_connections(capsys, root)
    assert code == 1
    assert "Connections.csv row 10: no First Name or Last Name\n" in out
    assert sorted(path.name for path in (root / "people").iterdir()) == [
        "ada-lovelace-phd.md", "alan-turing.md", "grace-hopper.md", "zoe-nunez-lukasiewicz.md"]
    assert "Connections.csv: 4 created, 0 updated, 0 skipped, 1 failed (done)." in out


def test_an_impossible_connection_date_imports_the_person_without_it_and_says_so(network, capsys):
    root = network({})
    code, out, _ = import_connections(capsys, root, connections(
        "Alan,Turing,https://www.linkedin.com/in/alan-turing,,Bletchley Park,,31 Feb 2024"))
    assert code == 0
    assert out.splitlines()[:2] == [
        "Connections.csv row 2: Alan Turing: new, people/alan-turing.md",
        "    left out Connected On: '31 Feb 2024' is not a date like '15 Mar 2024'"]
    assert front_matter(root / "people/alan-turing.md") == {
        "name": "Alan Turing", "company": "Bletchley Park", "linkedin": "https://www.linkedin.com/in/alan-turing",
        "added": date(2026, 11, 26)}


def test_a_connection_date_with_a_two_digit_year_is_imported(network, capsys):
    root = network({})
    import_connections(capsys, root, connections("Alan,Turing,https://www.linkedin.com/in/alan-turing,,,,7-Feb-22"))
    assert front_matter(root / "people/alan-turing.md")["linkedin_connected"] == date(2022, 2, 7)


def test_the_connection_date_sets_linkedin_connected_and_added(network, capsys):
    root = network({})
    import_connections(capsys, root)
    ada = front_matter(root / "people/ada-lovelace-phd.md")
    assert ada == {"name": "Ada Lovelace, PhD", "company": "Analytical Engines", "title": "Head of Programming",
                   "linkedin": "https://www.linkedin.com/in/ada-lovelace", "added": date(2024, 3, 15),
                   "linkedin_connected": date(2024, 3, 15)}


def test_blank_email_and_company_are_left_out(network, capsys):
    root = network({})
    import_connections(capsys, root)
    assert "email" not in front_matter(root / "people/ada-lovelace-phd.md")
    assert "company" not in front_matter(root / "people/grace-hopper.md")


def test_imported_files_pass_check_without_errors_or_warnings(network, capsys):
    root = network({})
    import_connections(capsys, root)
    code, out, _ = run(capsys, "check", "--root", str(root), *DAY, "--format", "json")
    assert (code, json.loads(out)) == (0, [])


def test_importing_again_changes_nothing_and_reports_every_row_skipped(network, capsys):
    root = network({})
    import_connections(capsys, root)
    before = snapshot(root / "people")
    code, out, _ = import_connections(capsys, root)
    assert snapshot(root / "people") == before
    assert "Connections.csv: 0 created, 0 updated, 4 skipped, 1 failed (done)." in out
    assert "Connections.csv row 6: Grace Hopper: matched people/grace-hopper.md by LinkedIn URL; nothing new" in out


def test_a_dry_run_writes_nothing_and_shows_each_file(network, capsys):
    root = network({"people/grace.md": "---\nname: Grace Hopper\n---\n"})
    code, out, _ = import_connections(capsys, root, CONNECTIONS, "--dry-run")
    assert sorted(path.name for path in (root / "people").iterdir()) == ["grace.md"]
    assert (root / "people/grace.md").read_text() == "---\nname: Grace Hopper\n---\n"
    assert "would create people/ada-lovelace-phd.md:\n    ---\n    name: Ada Lovelace, PhD\n" in out
    assert "would add to people/grace.md:\n    + email: grace@navy.example\n" in out
    assert "(dry run, nothing written)" in out


def test_a_new_file_reads_back_through_python_frontmatter_with_exactly_the_values_planned(network):
    root = network({"people/no.md": "---\nname: Someone else\n---\n"})
    found = ContactList([
        Contact("row 2", "No", emails=("no@example.com", "yes@example.com"), phones=("0123", "+44 20 7946 0000"),
                company="Update #2", title="Lead: Platform", location="Zoë's, Łódź", linkedin="https://linkedin.com/in/no",
                links=("https://no.example/?a=1#b",), note="Met at PyCon.\n\n- [ ] write", connected_on=date(2024, 3, 15)),
        Contact("row 3", "12:30", phones=("555 0100",), title="on"),
    ])
    result = run_import(root, found, date(2026, 11, 26))
    new = [change for change in result.plan.changes if change.new]
    assert [change.file for change in new] == ["people/no-2.md", "people/12-30.md"]
    for change in new:
        post = frontmatter.load(root / change.file)
        assert (post.metadata, post.content) == (change.fields, change.note or "")
        assert list(post.metadata) == list(change.fields)


def test_a_matched_person_keeps_their_values_and_the_skipped_ones_are_reported(network, capsys):
    original = ("---\n"
                "# My own notes on Ada\n"
                "name: 'Ada Lovelace, PhD'\n"
                "company: Analytical Engines Ltd   # since 1843\n"
                "---\n"
                "Met at the Royal Society.\n")
    root = network({"people/ada.md": original})
    code, out, _ = import_connections(capsys, root)
    text = (root / "people/ada.md").read_text()
    assert text == original.replace("1843\n---", "1843\ntitle: Head of Programming\n"
                                                 "linkedin: https://www.linkedin.com/in/ada-lovelace\n"
                                                 "linkedin_connected: 2024-03-15\n---")
    assert "row 5: Ada Lovelace, PhD: matched people/ada.md by name; adds title, linkedin, linkedin_connected" in out
    assert "    kept company 'Analytical Engines Ltd' (the import has 'Analytical Engines')" in out
    assert "1 updated" in out


def test_a_person_is_matched_by_linkedin_url_however_it_was_copied(network, capsys):
    root = network({"people/ada.md": "---\nname: Ada King\nlinkedin: http://linkedin.com/in/Ada-Lovelace/\n---\n"})
    _, out, _ = import_connections(capsys, root)
    assert "matched people/ada.md by LinkedIn URL" in out
    assert "    kept name 'Ada King' (the import has 'Ada Lovelace, PhD')" in out
    assert not (root / "people/ada-lovelace-phd.md").exists()


def test_a_person_is_matched_by_email_in_any_case(network, capsys):
    root = network({"people/gh.md": "---\nname: Amazing Grace\nemail: [Grace@Navy.example]\n---\n"})
    _, out, _ = import_connections(capsys, root)
    assert "row 6: Grace Hopper: matched people/gh.md by email" in out
    assert not (root / "people/grace-hopper.md").exists()


def test_a_key_left_empty_is_filled_on_its_own_line(network, capsys):
    root = network({"people/grace.md": "---\nname: Grace Hopper\nemail:              # work address\n"
                                       "linkedin: ''\n---\n"})
    import_connections(capsys, root)
    assert (root / "people/grace.md").read_text() == (
        "---\nname: Grace Hopper\nemail: grace@navy.example  # work address\n"
        "linkedin: https://www.linkedin.com/in/grace-hopper\nlinkedin_connected: 2021-02-03\n---\n")


def test_an_existing_list_gets_no_new_items_and_they_are_reported(network, capsys):
    root = network({"people/grace.md": "---\nname: Grace Hopper\nemail: grace@home.example\n"
                                       "linkedin: https://www.linkedin.com/in/grace-hopper\n---\n"})
    _, out, _ = import_connections(capsys, root)
    assert "email: grace@home.example\n" in (root / "people/grace.md").read_text()
    assert "    kept email 'grace@home.example' (the import also has 'grace@navy.example')" in out


def test_a_taken_slug_gets_a_number(network, capsys):
    root = network({"people/grace-hopper.md": "---\nname: Grace Brewster\n---\n"})
    import_connections(capsys, root)
    assert front_matter(root / "people/grace-hopper-2.md")["name"] == "Grace Hopper"
    assert front_matter(root / "people/grace-hopper.md") == {"name": "Grace Brewster"}


def test_two_rows_for_one_person_make_one_file(network, capsys):
    twice = CONNECTIONS + b"Grace,Hopper,https://www.linkedin.com/in/grace-hopper/,,US Navy,Rear Admiral,3 Feb 2021\r\n"
    root = network({})
    _, out, _ = import_connections(capsys, root, twice)
    grace = front_matter(root / "people/grace-hopper.md")
    assert (grace["email"], grace["company"], grace["title"]) == ("grace@navy.example", "US Navy", "Rear Admiral")
    assert "row 11: Grace Hopper: matched people/grace-hopper.md by LinkedIn URL (row 6); adds company, title" in out
    assert "4 created" in out


def test_a_name_shared_by_two_people_is_not_guessed(network, capsys):
    root = network({"people/grace-a.md": "---\nname: Grace Hopper\n---\n",
                    "people/grace-b.md": "---\nname: grace hopper\n---\n"})
    code, out, _ = import_connections(capsys, root)
    assert code == 1
    assert "row 6: Grace Hopper matches several people by name (people/grace-a.md, people/grace-b.md)" in out
    assert not (root / "people/grace-hopper.md").exists()


def test_a_file_without_the_header_is_refused_with_a_clear_message(network, capsys):
    root = network({})
    code, out, err = import_connections(capsys, root, b"Name,Mail\nAda,ada@example.com\n")
    assert (code, out) == (1, "")
    assert "Connections.csv has no header row with the columns First Name, Last Name" in err
    assert not (root / "people").exists()


def test_a_missing_file_is_reported_without_a_traceback(network, capsys):
    root = network({})
    code, _, err = run(capsys, "import", "linkedin", str(root / "nowhere.csv"), "--root", str(root), *DAY)
    assert code == 1
    assert err.startswith("ties: cannot read ") and "nowhere.csv" in err


def test_a_file_that_is_not_utf8_is_read_as_windows_1252_and_says_so(network, capsys):
    root = network({})
    data = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n" \
           "Zoë,Martín,https://www.linkedin.com/in/zoe,,,,1 Dec 2025\r\n"
    code, out, _ = import_connections(capsys, root, data.encode("cp1252"))
    assert code == 0
    assert "note: Connections.csv is not UTF-8 (byte 72): read it as Windows-1252" in out
    assert front_matter(root / "people/zoe-martin.md")["name"] == "Zoë Martín"


def test_parse_refuses_text_without_a_header():
    with pytest.raises(SourceError, match="is it the Connections.csv of LinkedIn's data export"):
        parse_connections("just,some\ncells,here\n")


def test_a_file_with_crlf_line_ends_keeps_them_when_filled(network, capsys):
    root = network({"people/ada.md": b"---\r\nname: Ada Lovelace, PhD\r\ncompany:\r\n---\r\nNotes.\r\n"})
    import_connections(capsys, root)
    assert (root / "people/ada.md").read_bytes() == (
        b"---\r\nname: Ada Lovelace, PhD\r\ncompany: Analytical Engines\r\ntitle: Head of Programming\r\n"
        b"linkedin: https://www.linkedin.com/in/ada-lovelace\r\nlinkedin_connected: 2024-03-15\r\n---\r\nNotes.\r\n")


HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"


def connections(*rows: str) -> bytes:
    """A Connections.csv of the header (line 1) and these rows (row 2 on)."""
    return (HEADER + "".join(row + "\r\n" for row in rows)).encode("utf-8")


CHEN = "---\nname: Chen Fischer\nlinkedin: https://www.linkedin.com/in/chen-fischer\ncompany: Siemens\n---\nMet in Munich.\n"


def test_two_rows_with_one_name_and_different_linkedin_urls_make_two_files_and_a_duplicate_notice(network, capsys):
    root = network({})
    code, out, _ = import_connections(capsys, root, connections(
        "Chen,Fischer,https://www.linkedin.com/in/chen-fischer,,Siemens,,1 Mar 2020",
        "Chen,Fischer,https://www.linkedin.com/in/chen-fischer-a1b2,,Bosch,,2 Apr 2021"))
    assert code == 0
    assert front_matter(root / "people/chen-fischer.md")["company"] == "Siemens"
    assert front_matter(root / "people/chen-fischer-2.md")["company"] == "Bosch"
    assert "row 3: Chen Fischer: new, people/chen-fischer-2.md; possible duplicate of people/chen-fischer.md " \
           "(same name, different LinkedIn URL)" in out
    assert "2 created, 0 updated" in out


def test_two_rows_with_one_name_and_different_emails_make_two_files(network, capsys):
    root = network({})
    _, out, _ = import_connections(capsys, root, connections("Chen,Fischer,,chen@siemens.example,,,",
                                                              "Chen,Fischer,,chen@bosch.example,,,"))
    assert front_matter(root / "people/chen-fischer-2.md")["email"] == "chen@bosch.example"
    assert "possible duplicate of people/chen-fischer.md (same name, different email)" in out


def test_a_row_matched_by_name_to_a_person_with_another_linkedin_url_gets_a_new_file(network, capsys):
    root = network({"people/chen-fischer.md": CHEN})
    before = (root / "people/chen-fischer.md").read_bytes()
    _, out, _ = import_connections(capsys, root, connections(
        "Chen,Fischer,https://www.linkedin.com/in/chen-fischer-a1b2,chen@bosch.example,Bosch,,2 Apr 2021"))
    assert (root / "people/chen-fischer.md").read_bytes() == before
    assert front_matter(root / "people/chen-fischer-2.md")["email"] == "chen@bosch.example"
    assert "possible duplicate of people/chen-fischer.md (same name, different LinkedIn URL)" in out


def test_a_row_matched_by_name_to_a_person_with_other_emails_gets_a_new_file(network, capsys):
    original = "---\nname: Chen Fischer\nemail: [chen@siemens.example, chen@home.example]\n---\n"
    root = network({"people/chen.md": original})
    _, out, _ = import_connections(capsys, root, connections(
        "Chen,Fischer,https://www.linkedin.com/in/chen-fischer-a1b2,chen@bosch.example,Bosch,,2 Apr 2021"))
    assert (root / "people/chen.md").read_text() == original
    assert front_matter(root / "people/chen-fischer.md")["company"] == "Bosch"
    assert "possible duplicate of people/chen.md (same name, different email)" in out


def test_a_linkedin_url_match_beats_a_name_match(network, capsys):
    root = network({"people/chen-fischer.md": CHEN,
                    "people/chen-b.md": "---\nname: Chen Fischer\nlinkedin: https://www.linkedin.com/in/chen-b\n---\n"})
    before = (root / "people/chen-fischer.md").read_bytes()
    _, out, _ = import_connections(capsys, root, connections(
        "Chen,Fischer,https://www.linkedin.com/in/chen-b,chen@bosch.example,Bosch,,"))
    assert "row 2: Chen Fischer: matched people/chen-b.md by LinkedIn URL; adds company, email" in out
    assert (root / "people/chen-fischer.md").read_bytes() == before


def test_an_email_match_is_not_taken_when_the_linkedin_urls_differ(network, capsys):
    original = "---\nname: Chen Fischer\nemail: chen@example.com\nlinkedin: https://www.linkedin.com/in/chen-a\n---\n"
    root = network({"people/chen.md": original})
    _, out, _ = import_connections(capsys, root, connections(
        "Chen,Fischer,https://www.linkedin.com/in/chen-b,chen@example.com,Bosch,,"))
    assert (root / "people/chen.md").read_text() == original
    assert "row 2: Chen Fischer: new, people/chen-fischer.md; possible duplicate of people/chen.md " \
           "(same email, different LinkedIn URL)" in out


def test_a_name_match_that_nothing_contradicts_is_taken_and_a_different_company_is_kept(network, capsys):
    root = network({"people/chen-fischer.md": CHEN})
    _, out, _ = import_connections(capsys, root, connections("Chen,Fischer,,chen@bosch.example,Bosch,,"))
    assert "row 2: Chen Fischer: matched people/chen-fischer.md by name; adds email" in out
    assert "    kept company 'Siemens' (the import has 'Bosch')" in out


def test_of_several_people_with_the_name_the_one_not_ruled_out_is_matched(network, capsys):
    root = network({"people/chen-fischer.md": CHEN, "people/chen-b.md": "---\nname: Chen Fischer\n---\n"})
    _, out, _ = import_connections(capsys, root, connections("Chen,Fischer,https://www.linkedin.com/in/chen-b,,,,"))
    assert "row 2: Chen Fischer: matched people/chen-b.md by name; adds linkedin" in out


def test_a_row_whose_name_several_people_share_and_nothing_picks_one_is_not_written(network, capsys):
    root = network({})
    code, out, _ = import_connections(capsys, root, connections(
        "Chen,Fischer,https://www.linkedin.com/in/chen-a,,,,", "Chen,Fischer,https://www.linkedin.com/in/chen-b,,,,",
        "Chen,Fischer,,,Bosch,,"))
    assert code == 1
    assert "row 4: Chen Fischer matches several people by name (people/chen-fischer.md, people/chen-fischer-2.md)" \
        in out
    assert sorted(path.name for path in (root / "people").iterdir()) == ["chen-fischer-2.md", "chen-fischer.md"]


def test_importing_people_who_share_a_name_again_changes_nothing(network, capsys):
    rows = connections("Chen,Fischer,https://www.linkedin.com/in/chen-a,,Siemens,,1 Mar 2020",
                       "Chen,Fischer,,chen@bosch.example,Bosch,,2 Apr 2021",
                       "Chen,Fischer,https://www.linkedin.com/in/chen-c,chen@home.example,,,7-Feb-22",
                       "Chen,Fischer,https://www.linkedin.com/in/chen-d,,,,")
    root = network({"people/chen.md": "---\nname: Chen Fischer\nemail: chen@old.example\n---\n"})
    import_connections(capsys, root, rows)
    before = snapshot(root / "people")
    assert sorted(before) == ["chen-fischer-2.md", "chen-fischer.md", "chen.md"]
    _, out, _ = import_connections(capsys, root, rows)
    assert snapshot(root / "people") == before
    assert "0 created, 0 updated, 4 skipped, 0 failed" in out
