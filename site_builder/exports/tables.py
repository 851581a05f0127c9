"""The spreadsheet-style exports (`contacts.csv`, `interviews.csv`) and `data.json`."""

from __future__ import annotations

import csv
import json
import os
import re
import stat
import tempfile
from datetime import date
from pathlib import Path

from ..content.documents import CONTENT_FOLDERS
from ..network.assemble import Network
from ..network.model import FollowUp, Interview, Person, Referral
from .pieces import Parts, Pieces

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


class _Line:
    """A file for csv's writer whose `write` gives the text back: the writer's `writerow`
    returns what `write` does, so each row is one call, at C speed."""

    @staticmethod
    def write(text: str) -> str:
        return text


_ROWS = csv.writer(_Line(), lineterminator="\r\n")


def _csv_line(values) -> str:
    """One row of a table, as csv writes it (a spreadsheet's line end)."""
    return _ROWS.writerow([_cell(value) for value in values])


def contacts_csv_parts(network: Network, next_items: dict[str, FollowUp]) -> Parts:
    """`contacts.csv` (as a spreadsheet opens it: with a byte order mark) as parts: a row per
    person, made from the person and what the network says of them."""
    each = []
    for person in network.people.values():
        introducer = network.introducer_of(person.slug)
        upcoming = next_items.get(person.slug)
        each.append((person, introducer.referrer_name if introducer else None, network.last_interaction(person),
                     len(network.interviews_of(person.slug)), upcoming.text if upcoming else None,
                     upcoming.due if upcoming else None))
    return ["\ufeff" + _csv_line(CONTACT_COLUMNS), Pieces(_contact_row, each)]


def _contact_row(person: Person, introducer: str | None, last_interaction: date | None, interviews: int,
                 upcoming: str | None, due: date | None) -> str:
    return _csv_line((person.slug, person.name, person.company, person.title, person.location, person.emails,
                      person.phones, person.linkedin, person.tie, introducer, person.how_we_met, person.topics,
                      person.tags, person.added, person.contacted, person.last_contact, last_interaction,
                      interviews, person.linkedin_connected, upcoming, due, person.snoozed_until,
                      person.archived, person.file))


def interviews_csv_parts(network: Network, summaries: list[str]) -> Parts:
    """`interviews.csv` (with a byte order mark) as parts: a row per interview, newest first,
    made from the interview, its person's name and company, and the `summary` of its notes
    (`summaries`, in the network's order)."""
    each = []
    for interview, summary in zip(reversed(network.interviews), reversed(summaries)):
        person = network.person(interview.person)
        each.append((interview, person.name if person else interview.person_reference.text,
                     person.company if person else None, summary))
    return ["\ufeff" + _csv_line(INTERVIEW_COLUMNS), Pieces(_interview_row, each)]


def _interview_row(interview: Interview, name: str, company: str | None, summary: str) -> str:
    return _csv_line((interview.name, interview.date, interview.time, interview.person, name, company,
                      interview.channel, interview.status, interview.duration, interview.topics, summary,
                      [r.text for r in interview.referrals], interview.thanked, interview.follow_up,
                      interview.may_follow_up, interview.file))


def _plain(value):
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    return value


def person_record(person: Person, last_interaction: date | None) -> dict:
    return {
        "slug": person.slug, "name": person.name, "company": person.company, "title": person.title,
        "location": person.location, "email": list(person.emails), "phone": list(person.phones),
        "linkedin": person.linkedin, "links": list(person.links), "tie": person.tie,
        "introduced_by": person.introduced_by.text if person.introduced_by else None,
        "how_we_met": person.how_we_met, "topics": list(person.topics), "tags": list(person.tags),
        "added": _plain(person.added), "contacted": _plain(person.contacted),
        "last_contact": _plain(person.last_contact), "last_interaction": _plain(last_interaction),
        "linkedin_connected": _plain(person.linkedin_connected), "cadence": person.cadence,
        "follow_up": _plain(person.follow_up), "snoozed_until": _plain(person.snoozed_until),
        "archived": person.archived,
        "extra": dict(person.extra), "file": person.file,
    }


def interview_record(interview: Interview, summary: str) -> dict:
    """An interview as `data.json` holds it, with the `summary` of its notes."""
    return {
        "name": interview.name, "person": interview.person, "date": _plain(interview.date),
        "time": interview.time, "duration": interview.duration, "channel": interview.channel,
        "status": interview.status, "topics": list(interview.topics),
        "referrals": [r.text for r in interview.referrals], "thanked": _plain(interview.thanked),
        "follow_up": _plain(interview.follow_up), "may_follow_up": interview.may_follow_up,
        "summary": summary, "extra": dict(interview.extra), "file": interview.file,
    }


def referral_record(referral: Referral) -> dict:
    return {"referrer": referral.referrer, "referrer_name": referral.referrer_name, "referred": referral.referred,
            "name": referral.name, "interview": referral.interview, "date": _plain(referral.date),
            "file": referral.file, "line": referral.line}


def data_json_parts(network: Network, queue: list[FollowUp], today: date, title: str, summaries: list[str]) -> Parts:
    """`data.json` as parts: an object per person, interview (with its `summaries`, all the
    export shows of notes), queue item and referral. (JSON's text is the same made whole or
    in pieces.)"""
    return [f'{{"title":{_json(title)},"today":{_json(today.isoformat())},"people":[',
            Pieces(_person_json, [(person, network.last_interaction(person)) for person in network.people.values()],
                   ","),
            '],"interviews":[', Pieces(_interview_json, list(zip(network.interviews, summaries)), ","),
            '],"queue":[', Pieces(_item_json, [(item,) for item in queue], ","),
            '],"referrals":[', Pieces(_referral_json, [(referral,) for referral in network.referrals], ","),
            "]}"]


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _person_json(person: Person, last_interaction: date | None) -> str:
    return _json(person_record(person, last_interaction))


def _interview_json(interview: Interview, summary: str) -> str:
    return _json(interview_record(interview, summary))


def _item_json(item: FollowUp) -> str:
    return _json(item.as_dict())


def _referral_json(referral: Referral) -> str:
    return _json(referral_record(referral))


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
