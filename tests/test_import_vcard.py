"""`ties import vcard` and the vCard export: the cards Apple, Google and Android write, and a
round trip back to the same people."""

from __future__ import annotations

import hashlib
import json
from datetime import date

import pytest

from site_builder.cli import main
from site_builder.exports.vcard import write_vcards
from site_builder.importers.contacts import SourceError
from site_builder.importers.vcard import parse_vcards
from site_builder.site import Site

DAY = ["--today", "2026-11-26"]
TODAY = date(2026, 11, 26)


def crlf(*lines: str) -> str:
    return "".join(line + "\r\n" for line in lines)


# Apple Contacts (3.0): itemN. groups with X-ABLabel, escaped `:` in URLs, a folded note, a photo.
APPLE = crlf(
    "BEGIN:VCARD", "VERSION:3.0", "PRODID:-//Apple Inc.//macOS 14.5//EN", "N:Lovelace;Ada;;;", "FN:Ada Lovelace",
    "ORG:Analytical Engines\\, Ltd;Programming", "TITLE:Head of Programming",
    "EMAIL;type=INTERNET;type=WORK;type=pref:ada@analytical.example", "EMAIL;type=INTERNET;type=HOME:ada@home.example",
    "TEL;type=CELL;type=VOICE;type=pref:+44 20 7946 0000", "TEL;type=WORK;type=VOICE:+44 20 7946 0001",
    "item1.URL;type=pref:https\\://www.linkedin.com/in/ada-lovelace", "item1.X-ABLabel:LinkedIn",
    "item2.URL:https\\://ada.example.com", "item2.X-ABLabel:_$!<HomePage>!$_",
    "item3.ADR;type=HOME;type=pref:;;12 St James's Square;London;;SW1Y 4JH;United Kingdom", "item3.X-ABADR:gb",
    "NOTE:Met at the Royal Society\\, 1843.\\nAsk about the Bernoulli numbers\\; she",
    "  has notes.",
    "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkS",
    " Ew8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/",
    "END:VCARD")
# Google Contacts (3.0).
GOOGLE = crlf(
    "BEGIN:VCARD", "VERSION:3.0", "FN:Grace Hopper", "N:Hopper;Grace;;;",
    "EMAIL;TYPE=INTERNET;TYPE=WORK:grace@navy.example", "TEL;TYPE=CELL:+1 202-555-0143", "ORG:US Navy",
    "TITLE:Rear Admiral", "item1.URL:https\\://www.linkedin.com/in/grace-hopper", "item1.X-ABLabel:LinkedIn",
    "CATEGORIES:myContacts", "END:VCARD")
# vCard 4.0: a tel: URI, a quoted parameter list and a data: URI photo.
VERSION_4 = crlf(
    "BEGIN:VCARD", "VERSION:4.0", "FN:Katherine Johnson", "N:Johnson;Katherine;;;",
    "EMAIL;TYPE=work;PREF=1:katherine@nasa.example", 'TEL;VALUE=uri;TYPE="voice,cell":tel:+1-757-555-0199',
    "PHOTO:data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
    "URL:https://www.linkedin.com/in/katherine-johnson", "ORG:NASA;Flight Research", "END:VCARD")
# Android's export (2.1): quoted-printable UTF-8 with a soft line break, bare parameters, unescaped commas.
ANDROID = crlf(
    "BEGIN:VCARD", "VERSION:2.1",
    "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=91=C3=BA=C3=B1ez-=C5=81ukasiewicz;Zo=C3=AB;;;",
    "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Zo=C3=AB =C3=91=C3=BA=C3=B1ez-=C5=81ukasiewicz",
    "TEL;CELL:+34 600 111 222", "TEL;WORK:+34 910 000 000", "EMAIL;HOME:zoe@example.es", "ORG:Acme, S.L.",
    "NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Conocida en la conferencia de Madrid, muy amable y =",
    "simp=C3=A1tica.",
    "END:VCARD")
BROKEN = crlf("BEGIN:VCARD", "VERSION:3.0", "FN:Broken Person", "this line has no colon", "END:VCARD")


def run(capsys, *arguments: str) -> tuple[int, str, str]:
    code = main(list(arguments))
    out, err = capsys.readouterr()
    return code, out, err


def import_cards(capsys, root, text: str, *extra: str) -> tuple[int, str, str]:
    (root / "contacts.vcf").write_bytes(text.encode("utf-8"))
    return run(capsys, "import", "vcard", str(root / "contacts.vcf"), "--root", str(root), *DAY, *extra)


def only(text: str):
    found = parse_vcards(text)
    assert found.problems == []
    [contact] = found.contacts
    return contact


def test_an_apple_card_reads_labelled_groups_folded_lines_and_escapes():
    ada = only(APPLE)
    assert (ada.name, ada.company, ada.title) == ("Ada Lovelace", "Analytical Engines, Ltd", "Head of Programming")
    assert ada.linkedin == "https://www.linkedin.com/in/ada-lovelace"
    assert ada.links == ("https://ada.example.com",)
    assert ada.note == "Met at the Royal Society, 1843.\nAsk about the Bernoulli numbers; she has notes."
    assert ada.location == "London, United Kingdom"


def test_several_emails_and_phones_are_all_kept_in_order():
    ada = only(APPLE)
    assert ada.emails == ("ada@analytical.example", "ada@home.example")
    assert ada.phones == ("+44 20 7946 0000", "+44 20 7946 0001")


def test_a_google_card_is_read():
    grace = only(GOOGLE)
    assert (grace.name, grace.emails, grace.phones, grace.company, grace.title, grace.linkedin) == (
        "Grace Hopper", ("grace@navy.example",), ("+1 202-555-0143",), "US Navy", "Rear Admiral",
        "https://www.linkedin.com/in/grace-hopper")


def test_a_version_4_card_reads_tel_uris_and_ignores_the_photo():
    katherine = only(VERSION_4)
    assert katherine.phones == ("+1-757-555-0199",)
    assert katherine.company == "NASA"
    assert katherine.linkedin == "https://www.linkedin.com/in/katherine-johnson"
    assert katherine.links == () and katherine.note is None


def test_an_android_card_decodes_quoted_printable_across_soft_line_breaks():
    zoe = only(ANDROID)
    assert zoe.name == "Zoë Ñúñez-Łukasiewicz"
    assert zoe.note == "Conocida en la conferencia de Madrid, muy amable y simpática."
    assert zoe.company == "Acme, S.L."
    assert zoe.phones == ("+34 600 111 222", "+34 910 000 000")


def test_a_card_with_no_name_falls_back_to_its_organisation():
    assert only(crlf("BEGIN:VCARD", "VERSION:3.0", "ORG:Bletchley Park", "END:VCARD")).name == "Bletchley Park"


def test_a_card_never_ended_is_reported():
    found = parse_vcards(GOOGLE + crlf("BEGIN:VCARD", "VERSION:3.0", "FN:Cut Off"))
    assert [(p.where, p.message) for p in found.problems] == [("card 2 (line 13)", "no END:VCARD after line 13")]


def test_a_file_without_cards_is_refused():
    with pytest.raises(SourceError, match="holds no vCard"):
        parse_vcards("First Name,Last Name\nAda,Lovelace\n")


def test_a_line_that_cannot_be_read_is_left_out_of_its_card_alone(network, capsys):
    root = network({})
    code, out, _ = import_cards(capsys, root, GOOGLE + BROKEN + ANDROID)
    assert code == 0
    assert "contacts.vcf card 2 (line 13): Broken Person: new, people/broken-person.md\n" \
           "    left out line 16: 'this line has no colon' is not a vCard line (NAME:value)\n" in out
    assert sorted(path.name for path in (root / "people").iterdir()) == [
        "broken-person.md", "grace-hopper.md", "zoe-nunez-lukasiewicz.md"]
    assert "contacts.vcf: 3 created, 0 updated, 0 skipped, 0 failed (done)." in out


def test_a_note_that_cannot_be_decoded_is_left_out_of_its_card_alone():
    found = parse_vcards(crlf("BEGIN:VCARD", "VERSION:2.1", "FN:Ada Lovelace", "EMAIL:ada@example.com",
                              "NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:caf=E9", "END:VCARD"))
    [ada] = found.contacts
    assert (ada.name, ada.emails, ada.note) == ("Ada Lovelace", ("ada@example.com",), None)
    assert ada.left_out == ("line 5: NOTE cannot be decoded as quoted-printable UTF-8",)


def test_a_card_with_no_name_organisation_or_email_is_reported():
    found = parse_vcards(crlf("BEGIN:VCARD", "VERSION:3.0", "TEL:+1 555 0100", "END:VCARD"))
    assert [(p.where, p.message) for p in found.problems] == [
        ("card 1 (line 1)", "no name (FN or N), organisation or email address")]


def test_a_card_never_ended_does_not_swallow_the_cards_after_it():
    found = parse_vcards(crlf("BEGIN:VCARD", "VERSION:3.0", "FN:Cut Off") + GOOGLE)
    assert [(p.where, p.message) for p in found.problems] == [
        ("card 1 (line 1)", "no END:VCARD before the next card (line 4)")]
    assert [contact.name for contact in found.contacts] == ["Grace Hopper"]


def test_a_card_embedded_as_a_version_2_1_agent_is_not_a_contact_of_its_own():
    found = parse_vcards(crlf("BEGIN:VCARD", "VERSION:2.1", "FN:Ada Lovelace", "AGENT:", "BEGIN:VCARD",
                              "VERSION:2.1", "FN:Her Secretary", "END:VCARD", "END:VCARD"))
    assert ([contact.name for contact in found.contacts], found.problems) == (["Ada Lovelace"], [])


def test_imported_cards_pass_check_without_errors_or_warnings(network, capsys):
    root = network({})
    code, _, _ = import_cards(capsys, root, APPLE + GOOGLE + VERSION_4 + ANDROID)
    assert code == 0
    code, out, _ = run(capsys, "check", "--root", str(root), *DAY, "--format", "json")
    assert (code, json.loads(out)) == (0, [])


def test_the_note_becomes_the_body_and_the_photo_is_left_out(network, capsys):
    root = network({})
    import_cards(capsys, root, APPLE)
    text = (root / "people/ada-lovelace.md").read_text(encoding="utf-8")
    assert text.endswith("---\nMet at the Royal Society, 1843.\nAsk about the Bernoulli numbers; she has notes.\n")
    assert "PHOTO" not in text and "/9j/" not in text


def test_a_note_goes_into_an_empty_body_of_a_matched_person(network, capsys):
    root = network({"people/ada.md": "---\nname: Ada Lovelace\nemail: ada@home.example\n---\n"})
    _, out, _ = import_cards(capsys, root, APPLE)
    assert (root / "people/ada.md").read_text().endswith("---\nMet at the Royal Society, 1843.\n"
                                                         "Ask about the Bernoulli numbers; she has notes.\n")
    assert "matched people/ada.md by email" in out


def test_a_note_never_replaces_notes_already_there(network, capsys):
    root = network({"people/ada.md": "---\nname: Ada Lovelace\n---\nMy own notes.\n"})
    _, out, _ = import_cards(capsys, root, APPLE)
    assert (root / "people/ada.md").read_text().endswith("---\nMy own notes.\n")
    assert "kept the notes (the file has notes already; the import's are not added)" in out


def test_importing_the_same_cards_again_changes_nothing(network, capsys):
    root = network({})
    cards = APPLE + GOOGLE + VERSION_4 + ANDROID
    import_cards(capsys, root, cards)
    before = {p.name: hashlib.sha256(p.read_bytes()).digest() for p in (root / "people").iterdir()}
    code, out, _ = import_cards(capsys, root, cards)
    assert {p.name: hashlib.sha256(p.read_bytes()).digest() for p in (root / "people").iterdir()} == before
    assert (code, out.splitlines()[-1]) == (0, "contacts.vcf: 0 created, 0 updated, 4 skipped, 0 failed (done).")


NETWORK = {
    "people/ada.md": """
        ---
        name: Ada Lovelace, PhD
        company: Analytical Engines; Ltd
        title: Head of Programming
        location: London, UK
        email: [ada@analytical.example, ada@home.example]
        phone: "+44 20 7946 0000"
        linkedin: https://www.linkedin.com/in/ada-lovelace
        links: [https://ada.example.com, https://github.com/ada]
        ---
        """,
    "people/zoe.md": "---\nname: Zoë Ñúñez-Łukasiewicz the Longest Named Person Anyone Has Met in Madrid\n---\n",
    "people/grace-hopper.md": "---\nname: Grace Hopper\nphone: ['+1 202-555-0143', '+1 202-555-0144']\n---\n",
}


def people_of(root) -> dict:
    people = Site(root, TODAY).check().network.people.values()
    return {person.name: (person.company, person.title, person.location, person.emails, person.phones,
                          person.linkedin, person.links) for person in people}


def test_exported_cards_import_back_to_the_same_people(network, capsys, tmp_path):
    root = network(NETWORK)
    code, _, _ = run(capsys, "export", "vcard", "-o", str(tmp_path / "all.vcf"), "--root", str(root), *DAY)
    assert code == 0
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _, _ = run(capsys, "import", "vcard", str(tmp_path / "all.vcf"), "--root", str(empty), *DAY)
    assert code == 0
    assert people_of(empty) == people_of(root)


def test_written_cards_are_version_3_with_the_slug_as_uid_and_folded_at_75_octets(check, network):
    people = list(check(NETWORK).network.people.values())
    text = write_vcards(people)
    lines = text.split("\r\n")
    assert lines[:4] == ["BEGIN:VCARD", "VERSION:3.0", "PRODID:-//weakties//ties//EN", "UID:ada"]
    assert "ORG:Analytical Engines\\; Ltd" in lines
    assert max(len(line.encode("utf-8")) for line in lines) <= 75
    assert any(line.startswith(" ") for line in lines)
