"""The spreadsheet-style exports (`contacts.csv`, `interviews.csv`) and `data.json`."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import stat
import tempfile
from datetime import date
from pathlib import Path

from ..content.documents import CONTENT_FOLDERS
from ..content.markup import summary_of
from ..network.assemble import Network
from ..network.model import FollowUp, Interview, Person, Referral

FILES = ("contacts.csv", "interviews.csv", "data.json", "contacts.vcf", "followups.ics")  # every export, linked from each page
SHOWING_SUMMARIES = ("interviews.csv", "data.json")  # all that any export shows of notes: interview summaries
CONTACT_COLUMNS = ("slug", "name", "company", "title", "location", "email", "phone", "linkedin", "tie",
                   "introduced_by", "how_we_met", "topics", "tags", "added", "contacted", "last_contact",
                   "last_interaction", "interviews", "linkedin_connected", "next_follow_up", "next_follow_up_due",
                   "snoozed_until", "archived", "file")
INTERVIEW_COLUMNS = ("interview", "date", "time", "person", "name", "company", "channel", "status", "duration",
                     "topics", "summary", "referrals", "thanked", "follow_up", "may_follow_up", "file")
_FORMULA = re.compile(r"^(?:[=@\t\r]|[+-](?![\d\s(]))")


def _cell(value) -> str:
    """A spreadsheet cell; text that a spreadsheet would run as a formula is prefixed with '."""
    if value is None or value is False:
        return "" if value is None else "false"
    if value is True:
        return "true"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return "; ".join(_cell(item) for item in value)
    text = str(value)
    return "'" + text if _FORMULA.match(text) else text


def _csv(columns, rows) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([_cell(value) for value in row] for row in rows)
    return buffer.getvalue()


def contacts_csv(network: Network, next_items: dict[str, FollowUp]) -> str:
    rows = []
    for person in network.people.values():
        introducer = network.introducer_of(person.slug)
        upcoming = next_items.get(person.slug)
        rows.append((person.slug, person.name, person.company, person.title, person.location, person.emails,
                     person.phones, person.linkedin, person.tie, introducer.referrer_name if introducer else None,
                     person.how_we_met, person.topics, person.tags, person.added, person.contacted,
                     person.last_contact, network.last_interaction(person), len(network.interviews_of(person.slug)),
                     person.linkedin_connected, upcoming.text if upcoming else None,
                     upcoming.due if upcoming else None, person.snoozed_until, person.archived, person.file))
    return _csv(CONTACT_COLUMNS, rows)


def interviews_csv(network: Network) -> str:
    rows = []
    for interview in reversed(network.interviews):
        person = network.person(interview.person)
        rows.append((interview.name, interview.date, interview.time, interview.person,
                     person.name if person else interview.person_reference.text, person.company if person else None,
                     interview.channel, interview.status, interview.duration, interview.topics,
                     summary_of(interview.body), [r.text for r in interview.referrals], interview.thanked,
                     interview.follow_up, interview.may_follow_up, interview.file))
    return _csv(INTERVIEW_COLUMNS, rows)


def _plain(value):
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    return value


def person_record(network: Network, person: Person) -> dict:
    return {
        "slug": person.slug, "name": person.name, "company": person.company, "title": person.title,
        "location": person.location, "email": list(person.emails), "phone": list(person.phones),
        "linkedin": person.linkedin, "links": list(person.links), "tie": person.tie,
        "introduced_by": person.introduced_by.text if person.introduced_by else None,
        "how_we_met": person.how_we_met, "topics": list(person.topics), "tags": list(person.tags),
        "added": _plain(person.added), "contacted": _plain(person.contacted),
        "last_contact": _plain(person.last_contact), "last_interaction": _plain(network.last_interaction(person)),
        "linkedin_connected": _plain(person.linkedin_connected), "cadence": person.cadence,
        "follow_up": _plain(person.follow_up), "snoozed_until": _plain(person.snoozed_until),
        "archived": person.archived,
        "extra": dict(person.extra), "file": person.file,
    }


def interview_record(interview: Interview) -> dict:
    return {
        "name": interview.name, "person": interview.person, "date": _plain(interview.date),
        "time": interview.time, "duration": interview.duration, "channel": interview.channel,
        "status": interview.status, "topics": list(interview.topics),
        "referrals": [r.text for r in interview.referrals], "thanked": _plain(interview.thanked),
        "follow_up": _plain(interview.follow_up), "may_follow_up": interview.may_follow_up,
        "summary": summary_of(interview.body), "extra": dict(interview.extra), "file": interview.file,
    }


def referral_record(referral: Referral) -> dict:
    return {"referrer": referral.referrer, "referrer_name": referral.referrer_name, "referred": referral.referred,
            "name": referral.name, "interview": referral.interview, "date": _plain(referral.date),
            "file": referral.file, "line": referral.line}


def data_json(network: Network, queue: list[FollowUp], today: date, title: str) -> str:
    data = {
        "title": title,
        "today": today.isoformat(),
        "people": [person_record(network, person) for person in network.people.values()],
        "interviews": [interview_record(interview) for interview in network.interviews],
        "queue": [item.as_dict() for item in queue],
        "referrals": [referral_record(referral) for referral in network.referrals],
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


class ExportRefused(Exception):
    """Why an export is not written where it was asked to be."""


def write_export(root: Path, target: Path, data: bytes, replace: bool = False) -> None:
    """Write an export of the network in `root` to `target`: a new file, or with `replace` in
    place of a regular file, at once (a temporary file beside it, renamed over it). Never among
    the notes (in `people/` or `interviews/`, however the path gets there), over what is not a
    regular file, or through a symbolic link: raises ExportRefused, and nothing is touched."""
    where = target.resolve()
    for folder in CONTENT_FOLDERS:
        notes = (root / folder).resolve()
        if where == notes or notes in where.parents:
            raise ExportRefused(f"{target} is in {folder}/, among your notes: write the export elsewhere")
    try:
        status = os.lstat(target)
    except FileNotFoundError:
        status = None
    if status is None:
        try:
            with open(target, "xb") as file:  # (which also refuses a symlink put there meanwhile)
                file.write(data)
        except FileExistsError:
            raise ExportRefused(f"{target} exists: add --force to replace it") from None
        return
    if stat.S_ISLNK(status.st_mode):
        raise ExportRefused(f"{target} is a symbolic link: ties does not write through one")
    if not stat.S_ISREG(status.st_mode):
        raise ExportRefused(f"{target} is not a regular file (a folder, a FIFO or a device): name a file")
    if not replace:
        raise ExportRefused(f"{target} exists: add --force to replace it")
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with open(handle, "wb") as file:
            file.write(data)
        os.chmod(temporary, stat.S_IMODE(status.st_mode))
        os.replace(temporary, target)
    except BaseException:
        os.unlink(temporary)
        raise
