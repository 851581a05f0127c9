"""`ties export` and the site's downloads: the same bytes, and a follow-up calendar that a
subscribed calendar app updates instead of duplicating."""

from __future__ import annotations

import csv
import io
import json
import os
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import icalendar

from site_builder.cli import main

DAY = ["--today", "2026-11-26"]
NETWORK = {
    "people/ada.md": "---\nname: Ada Lovelace\ncompany: Analytical Engines\nemail: ada@example.com\n"
                     "contacted: 2026-11-10\n---\n- [ ] Send the paper on loops due:2026-12-01\n"
                     "- [ ] Send the paper on loops due:2026-12-08\n- [ ] Read her notes\n",
    "people/grace.md": "---\nname: Grace Hopper\nlinkedin_connected: true\n---\n",
    "interviews/2026-11-20-grace.md": "---\nperson: grace\ndate: 2026-11-20\nreferrals: [Alan Turing]\n---\nNotes.\n",
}


def run(capsys, *arguments: str) -> tuple[int, str, str]:
    code = main(list(arguments))
    out, err = capsys.readouterr()
    return code, out, err


def exported(capsysbinary, root, what: str, today: str = "2026-11-26") -> bytes:
    """What `ties export` prints, and nothing printed before it."""
    capsysbinary.readouterr()
    code = main(["export", what, "--root", str(root), "--today", today])
    out, _ = capsysbinary.readouterr()
    assert code == 0
    return out


def build(root, out, today: str = "2026-11-26"):
    assert main(["build", "--root", str(root), "--today", today, "--out", str(out)]) == 0
    return out


def events(data: bytes) -> list:
    calendar = icalendar.Calendar.from_ical(data)
    return [component for component in calendar.subcomponents]


def test_export_csv_is_the_sites_contacts_csv(network, capsysbinary, tmp_path):
    root = network(NETWORK)
    site = build(root, tmp_path / "site")
    assert exported(capsysbinary, root, "csv") == (site / "contacts.csv").read_bytes()


def test_export_json_is_the_sites_data_json(network, capsysbinary, tmp_path):
    root = network(NETWORK)
    site = build(root, tmp_path / "site")
    assert exported(capsysbinary, root, "json") == (site / "data.json").read_bytes()


def test_a_persons_snooze_is_in_the_csv_and_the_json(network, capsysbinary):
    root = network({**NETWORK, "people/grace.md": "---\nname: Grace Hopper\nsnoozed_until: 2026-12-24\n---\n"})
    people = {person["slug"]: person for person in json.loads(exported(capsysbinary, root, "json"))["people"]}
    assert (people["grace"]["snoozed_until"], people["ada"]["snoozed_until"]) == ("2026-12-24", None)
    rows = {row["slug"]: row for row in csv.DictReader(io.StringIO(exported(capsysbinary, root, "csv").decode("utf-8-sig")))}
    assert (rows["grace"]["snoozed_until"], rows["ada"]["snoozed_until"]) == ("2026-12-24", "")


def test_export_vcard_and_ics_are_the_sites_contacts_vcf_and_followups_ics(network, capsysbinary, tmp_path):
    root = network(NETWORK)
    site = build(root, tmp_path / "site")
    assert exported(capsysbinary, root, "vcard") == (site / "contacts.vcf").read_bytes()
    assert exported(capsysbinary, root, "ics") == (site / "followups.ics").read_bytes()


def test_every_page_links_to_the_vcard_and_the_calendar(network, capsys, tmp_path):
    site = build(network(NETWORK), tmp_path / "site")
    page = (site / "people/ada/index.html").read_text()
    assert 'href="../../contacts.vcf"' in page and 'href="../../followups.ics"' in page


def test_export_writes_a_file_and_never_overwrites_one_unless_forced(network, capsys, tmp_path):
    root = network(NETWORK)
    target = tmp_path / "contacts.vcf"
    assert run(capsys, "export", "vcard", "-o", str(target), "--root", str(root), *DAY)[0] == 0
    assert target.read_bytes().startswith(b"BEGIN:VCARD\r\nVERSION:3.0\r\n")
    target.write_text("mine")
    code, _, err = run(capsys, "export", "vcard", "-o", str(target), "--root", str(root), *DAY)
    assert (code, target.read_text()) == (1, "mine")
    assert "exists: add --force to replace it" in err
    assert run(capsys, "export", "vcard", "-o", str(target), "--force", "--root", str(root), *DAY)[0] == 0
    assert target.read_bytes().startswith(b"BEGIN:VCARD")


def test_export_refuses_a_network_with_errors(network, capsys):
    root = network({**NETWORK, "people/bo.md": "---\nname: Bo\narchived: maybe\n---\n"})
    code, out, err = run(capsys, "export", "csv", "--root", str(root), *DAY)
    assert (code, out) == (1, "")
    assert "people/bo.md:3: error: archived:" in err and "Not exported: 1 error" in err


def test_the_calendar_has_an_all_day_event_for_each_dated_item_and_nothing_else(network, check, capsysbinary):
    root = network(NETWORK)
    dated = [item for item in check(NETWORK).queue if item.due]
    found = events(exported(capsysbinary, root, "ics"))
    assert {component.name for component in found} == {"VEVENT"}
    assert len(found) == len(dated)
    for event, item in zip(found, dated):
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert type(start) is date and start == item.due and end == item.due + timedelta(days=1)


def test_an_item_without_a_date_is_left_out_of_the_calendar(network, capsysbinary):
    found = events(exported(capsysbinary, network(NETWORK), "ics"))
    assert not any("Read her notes" in str(event["SUMMARY"]) for event in found)


def test_an_event_says_what_to_do_for_whom_and_where_it_comes_from(network, capsysbinary):
    found = events(exported(capsysbinary, network(NETWORK), "ics"))
    thanks = next(event for event in found if str(event["SUMMARY"]) == "Thank-you note: Grace Hopper")
    assert thanks.decoded("DTSTART") == date(2026, 11, 21)
    assert str(thanks["DESCRIPTION"]).endswith("\n\nFrom interviews/2026-11-20-grace.md:1")
    assert "Add contact: Alan Turing" in [str(event["SUMMARY"]) for event in found]


def test_event_uids_are_unique_and_stay_the_same_when_dates_and_lines_move(network, capsysbinary):
    root = network(NETWORK)

    def uids(today: str) -> list[tuple[str, str]]:
        return sorted((str(event["SUMMARY"]), str(event["UID"])) for event in
                      events(exported(capsysbinary, root, "ics", today)))

    first = uids("2026-11-26")
    text = (root / "people/ada.md").read_text()
    moved = text.replace("contacted: 2026-11-10", "contacted: 2026-11-12").replace("---\n- [ ]", "---\nHi.\n\n- [ ]")
    (root / "people/ada.md").write_text(moved)
    assert uids("2026-11-27") == first
    assert len({uid for _, uid in first}) == len(first)
    assert all(uid.endswith("@weakties") for _, uid in first)


def test_the_calendar_is_the_same_bytes_on_the_same_day_and_stamped_at_midnight_utc(network, capsysbinary):
    root = network(NETWORK)
    data = exported(capsysbinary, root, "ics")
    assert exported(capsysbinary, root, "ics") == data
    stamps = {event.decoded("DTSTAMP") for event in events(data)}
    assert stamps == {datetime(2026, 11, 26, tzinfo=timezone.utc)}
    assert b"PRODID:-//weakties//follow-ups//EN" in data and b"VTODO" not in data


def test_every_line_is_folded_under_75_octets_as_icalendar_writes_it(network, capsysbinary):
    long_task = "Send the paper on loops, the notes on Bernoulli numbers and the letters to Babbage — "
    root = network({**NETWORK, "people/ada.md": NETWORK["people/ada.md"].replace(
        "Read her notes", f"{long_task * 2}due:2026-12-03")})
    data = exported(capsysbinary, root, "ics")
    lines = data.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines)  # RFC 5545: 75 octets at most
    assert any(line.startswith(b" ") for line in lines)  # some were folded
    for event in events(data):  # each event's bytes are icalendar's own
        assert event.to_ical() in data
    assert any(long_task * 2 in str(event["SUMMARY"]) for event in events(data))


def test_a_line_is_folded_as_icalendar_folds_it_wherever_an_escape_falls(network, capsysbinary):
    # `;` and `,` are escaped with a backslash, which icalendar keeps on the line with them;
    # tasks of every length put an escape on every octet around the first and second fold.
    tasks = "".join(f"- [ ] {'x' * length} ;,\\\\ a^b; end due:2026-12-{1 + length % 28:02d}\n"
                    for length in range(40, 150))
    root = network({**NETWORK, "people/ada.md": NETWORK["people/ada.md"] + tasks})
    data = exported(capsysbinary, root, "ics")
    found = events(data)
    assert len(found) > 110
    for event in found:
        assert event.to_ical() in data
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))


def refused(capsys, root, target, *more: str) -> str:
    """What `ties export csv -o target --force` says when it refuses; it writes nothing."""
    code, out, err = run(capsys, "export", "csv", "-o", str(target), "--force", "--root", str(root), *more, *DAY)
    assert (code, out) == (1, "")
    return err


def test_export_never_writes_over_a_note(network, capsys):
    root = network(NETWORK)
    note = root / "people" / "ada.md"
    before = note.read_bytes()
    assert "is in people/, among your notes" in refused(capsys, root, note)
    assert note.read_bytes() == before


def test_export_never_writes_into_a_content_folder_however_the_path_gets_there(network, capsys, tmp_path, monkeypatch):
    root = network(NETWORK)
    os.symlink(root / "interviews", tmp_path / "linked")
    monkeypatch.chdir(root)
    for target in ("./people/../people/ada.md", "people/new.csv", tmp_path / "linked" / "2026-11-20-grace.md",
                   tmp_path / "linked" / "new.csv", "interviews"):
        assert "among your notes" in refused(capsys, Path("."), target)
    assert sorted(path.name for path in (root / "people").iterdir()) == ["ada.md", "grace.md"]
    assert sorted(path.name for path in (root / "interviews").iterdir()) == ["2026-11-20-grace.md"]
    assert (root / "interviews" / "2026-11-20-grace.md").read_text() == NETWORK["interviews/2026-11-20-grace.md"]


def test_export_never_writes_through_a_symlink(network, capsys, tmp_path):
    root = network(NETWORK)
    mine = tmp_path / "mine.txt"
    mine.write_text("mine")
    os.symlink(mine, tmp_path / "contacts.csv")
    assert "is a symbolic link: ties does not write through one" in refused(capsys, root, tmp_path / "contacts.csv")
    assert mine.read_text() == "mine" and (tmp_path / "contacts.csv").is_symlink()


def test_export_never_writes_over_what_is_not_a_regular_file(network, capsys, tmp_path):
    root = network(NETWORK)
    (tmp_path / "folder").mkdir()
    os.mkfifo(tmp_path / "fifo")
    for target in (tmp_path / "folder", tmp_path / "fifo", Path("/dev/null")):
        assert "is not a regular file" in refused(capsys, root, target)
    assert list((tmp_path / "folder").iterdir()) == []


def test_export_forced_replaces_the_file_at_once_keeping_its_permissions(network, capsys, tmp_path):
    root = network(NETWORK)
    target = tmp_path / "contacts.csv"
    target.write_text("old")
    target.chmod(0o640)
    inode = target.stat().st_ino
    assert run(capsys, "export", "csv", "-o", str(target), "--force", "--root", str(root), *DAY)[0] == 0
    assert target.read_bytes().startswith("\ufeffslug,name,".encode())
    assert target.stat().st_ino != inode  # a new file renamed over the old, never the old one cut short
    assert (target.stat().st_mode & 0o777, sorted(tmp_path.iterdir())) == (0o640, [target, root])


def test_a_write_up_is_in_the_calendar_and_the_json_on_the_interviews_date(network, capsysbinary):
    root = network({**NETWORK, "interviews/2026-11-20-grace.md": NETWORK["interviews/2026-11-20-grace.md"].replace(
        "Notes.\n", "## Summary\n\n## What I learned\n")})
    event = next(event for event in events(exported(capsysbinary, root, "ics"))
                 if str(event["SUMMARY"]) == "Write up the interview: Grace Hopper")
    assert event.decoded("DTSTART") == date(2026, 11, 20)
    assert str(event["DESCRIPTION"]).endswith("\n\nFrom interviews/2026-11-20-grace.md:6")
    queue = json.loads(exported(capsysbinary, root, "json"))["queue"]
    assert {"kind": "write-up", "person": "grace", "due": "2026-11-20", "file": "interviews/2026-11-20-grace.md",
            "line": 6, "text": "Write up your notes of the interview with Grace Hopper on 2026-11-20 while you "
                               "remember it"} in queue
