"""`ties import google`: Google Contacts' CSV export, with its current and its legacy columns."""

from __future__ import annotations

import csv
import io
import json

import pytest

from site_builder.cli import main
from site_builder.importers.contacts import SourceError
from site_builder.importers.google import parse_google_contacts

DAY = ["--today", "2026-11-26"]
CURRENT = ("First Name,Middle Name,Last Name,Phonetic First Name,Phonetic Middle Name,Phonetic Last Name,"
           "Name Prefix,Name Suffix,Nickname,File As,Organization Name,Organization Title,Organization Department,"
           "Birthday,Notes,Photo,Labels,E-mail 1 - Label,E-mail 1 - Value,E-mail 2 - Label,E-mail 2 - Value,"
           "Phone 1 - Label,Phone 1 - Value,Address 1 - Label,Address 1 - Formatted,Address 1 - Street,"
           "Address 1 - City,Address 1 - PO Box,Address 1 - Region,Address 1 - Postal Code,Address 1 - Country,"
           "Address 1 - Extended Address,Website 1 - Label,Website 1 - Value,Website 2 - Label,Website 2 - Value")
LEGACY = ("Name,Given Name,Additional Name,Family Name,Yomi Name,Given Name Yomi,Additional Name Yomi,"
          "Family Name Yomi,Name Prefix,Name Suffix,Initials,Nickname,Short Name,Maiden Name,Birthday,Gender,"
          "Location,Billing Information,Directory Server,Mileage,Occupation,Hobby,Sensitivity,Priority,Subject,"
          "Notes,Language,Photo,Group Membership,E-mail 1 - Type,E-mail 1 - Value,E-mail 2 - Type,E-mail 2 - Value,"
          "Phone 1 - Type,Phone 1 - Value,Phone 2 - Type,Phone 2 - Value,Organization 1 - Type,Organization 1 - Name,"
          "Organization 1 - Yomi Name,Organization 1 - Title,Organization 1 - Department,Organization 1 - Symbol,"
          "Organization 1 - Location,Organization 1 - Job Description,Website 1 - Type,Website 1 - Value")


def export(header: str, *rows: dict[str, str]) -> str:
    """A Google Contacts CSV: the header, then each row given as column -> value."""
    columns = header.split(",")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([row.get(column, "") for column in columns] for row in rows)
    return buffer.getvalue()


ADA_NOW = {"First Name": "Ada", "Middle Name": "King", "Last Name": "Lovelace",
           "Organization Name": "Analytical Engines, Ltd", "Organization Title": "Head of Programming",
           "Notes": "Met at the Royal Society.\nAsk about loops, and the Bernoulli numbers.",
           "Labels": "* myContacts ::: Mentors", "E-mail 1 - Label": "* Work",
           "E-mail 1 - Value": "ada@analytical.example ::: ada@home.example", "Phone 1 - Label": "Mobile",
           "Phone 1 - Value": "+44 20 7946 0000", "Address 1 - City": "London",
           "Address 1 - Country": "United Kingdom", "Website 1 - Label": "Profile",
           "Website 1 - Value": "linkedin.com/in/ada-lovelace", "Website 2 - Label": "Homepage",
           "Website 2 - Value": "https://ada.example.com"}
GRACE_THEN = {"Name": "Grace Hopper", "Given Name": "Grace", "Family Name": "Hopper", "Notes": "Navy, compilers.",
              "Group Membership": "* My Contacts", "E-mail 1 - Type": "* Work", "E-mail 1 - Value": "grace@navy.example",
              "Phone 1 - Type": "Mobile", "Phone 1 - Value": "+1 202-555-0143", "Phone 2 - Type": "Work",
              "Phone 2 - Value": "+1 202-555-0144", "Organization 1 - Name": "US Navy",
              "Organization 1 - Title": "Rear Admiral", "Website 1 - Type": "Profile",
              "Website 1 - Value": "https://www.linkedin.com/in/grace-hopper"}


def run(capsys, *arguments: str) -> tuple[int, str, str]:
    code = main(list(arguments))
    out, err = capsys.readouterr()
    return code, out, err


def import_google(capsys, root, text: str) -> tuple[int, str, str]:
    (root / "contacts.csv").write_text(text, encoding="utf-8")
    return run(capsys, "import", "google", str(root / "contacts.csv"), "--root", str(root), *DAY)


def test_the_current_columns_are_read():
    [ada] = parse_google_contacts(export(CURRENT, ADA_NOW)).contacts
    assert (ada.name, ada.company, ada.title, ada.location) == (
        "Ada King Lovelace", "Analytical Engines, Ltd", "Head of Programming", "London, United Kingdom")
    assert ada.note == "Met at the Royal Society.\nAsk about loops, and the Bernoulli numbers."


def test_values_sharing_a_label_are_split():
    [ada] = parse_google_contacts(export(CURRENT, ADA_NOW)).contacts
    assert ada.emails == ("ada@analytical.example", "ada@home.example")


def test_a_linkedin_website_becomes_the_linkedin_profile():
    [ada] = parse_google_contacts(export(CURRENT, ADA_NOW)).contacts
    assert (ada.linkedin, ada.links) == ("https://linkedin.com/in/ada-lovelace", ("https://ada.example.com",))


def test_the_legacy_columns_are_read():
    [grace] = parse_google_contacts(export(LEGACY, GRACE_THEN)).contacts
    assert (grace.name, grace.company, grace.title, grace.emails, grace.phones, grace.linkedin) == (
        "Grace Hopper", "US Navy", "Rear Admiral", ("grace@navy.example",), ("+1 202-555-0143", "+1 202-555-0144"),
        "https://www.linkedin.com/in/grace-hopper")


def test_a_row_without_a_name_organisation_or_email_fails_alone(network, capsys):
    root = network({})
    code, out, _ = import_google(capsys, root, export(CURRENT, ADA_NOW, {"Phone 1 - Value": "+1 555 0100"}))
    assert code == 1
    assert "contacts.csv row 4: no name, organisation or email address" in out
    assert [path.name for path in (root / "people").iterdir()] == ["ada-king-lovelace.md"]


def test_a_note_longer_than_the_csv_modules_limit_does_not_lose_the_row():
    note = "Met at the Royal Society. " * 8000
    [ada] = parse_google_contacts(export(CURRENT, {**ADA_NOW, "Notes": note})).contacts
    assert (ada.name, ada.note) == ("Ada King Lovelace", note.strip())


def test_imported_contacts_pass_check_without_errors_or_warnings(network, capsys):
    root = network({})
    import_google(capsys, root, export(CURRENT, ADA_NOW, {"First Name": "Grace", "Last Name": "Hopper"}))
    import_google(capsys, root, export(LEGACY, GRACE_THEN))
    code, out, _ = run(capsys, "check", "--root", str(root), *DAY, "--format", "json")
    assert (code, json.loads(out)) == (0, [])


def test_a_legacy_export_fills_in_a_person_imported_from_a_current_one(network, capsys):
    root = network({})
    import_google(capsys, root, export(CURRENT, {"First Name": "Grace", "Last Name": "Hopper"}))
    _, out, _ = import_google(capsys, root, export(LEGACY, GRACE_THEN))
    assert "row 2: Grace Hopper: matched people/grace-hopper.md by name; adds company, title, email, phone, " \
           "linkedin, notes" in out
    assert "phone: ['+1 202-555-0143', '+1 202-555-0144']\n" in (root / "people/grace-hopper.md").read_text()


def test_a_csv_that_is_not_from_google_contacts_is_refused():
    with pytest.raises(SourceError, match="no header row of Google Contacts"):
        parse_google_contacts("First Name,Last Name,URL,Connected On\nAda,Lovelace,,\n")
