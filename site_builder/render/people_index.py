"""`search/people.js`: every person's name, company, title, place, topics and tags, for the
search page and the people table's filter. It is loaded with a plain `<script src>`, which works
from `file://` and in an encrypted site, where Pagefind's index cannot be (`output.search`)."""


from __future__ import annotations

import json
from datetime import date

from ..network.model import FollowUp, Person, Referral
from . import urls

PeopleRow = tuple[Person, date | None, FollowUp | None, Referral | None]  # as the people table has them


class KeptEntries:
    """The entries of the last `search/people.js`, for the next to use again: its rows and
    their entries in order, and each person's row and entry by slug."""

    def __init__(self):
        self.rows: list[PeopleRow] = []
        self.entries: list[bytes] = []
        self.by_slug: dict[str, tuple[PeopleRow, bytes]] = {}


def people_index(rows: list[PeopleRow], kept: KeptEntries | None = None) -> bytes:
    """`search/people.js`: a script defining `weaktiesPeople`, one entry per person, in the
    people table's order, with what the table shows and what its filter searches."""
    return b"window.weaktiesPeople = [" + b",".join(_entries(rows, kept)) + b"];\n"


def people_json(rows: list[PeopleRow]) -> str:
    """The entries of `search/people.js` as a JSON list (site-relative page paths)."""
    return f"[{b','.join(_entries(rows)).decode('utf-8')}]"


def _entries(rows: list[PeopleRow], kept: KeptEntries | None = None) -> list[bytes]:
    """Each row's entry, as UTF-8. Given `kept`, an entry of the same row as last time is not
    made again, and `kept` is brought up to date."""
    if kept is None:
        return [_entry(*row).encode("utf-8") for row in rows]
    if len(rows) == len(kept.rows):  # after most saves: the same people in the same places, a few made again
        entries = [entry if row is before else _kept_entry(row, kept)
                   for row, before, entry in zip(rows, kept.rows, kept.entries)]
    else:
        entries = [_kept_entry(row, kept) for row in rows]
    if len(kept.by_slug) > len(rows):  # someone is gone
        for slug in kept.by_slug.keys() - {row[0].slug for row in rows}:
            del kept.by_slug[slug]
    kept.rows, kept.entries = rows, entries
    return entries


def _kept_entry(row: PeopleRow, kept: KeptEntries) -> bytes:
    known = kept.by_slug.get(row[0].slug)
    if known is None or not (known[0] is row or known[0] == row):
        known = kept.by_slug[row[0].slug] = (row, _entry(*row).encode("utf-8"))
    return known[1]


def _entry(person: Person, last: date | None, upcoming: FollowUp | None, introducer: Referral | None) -> str:
    entry = {"name": person.name, "url": urls.person_page(person.slug), "company": person.company or "",
             "title": person.title or "", "location": person.location or "", "tie": person.tie,
             "topics": list(person.topics), "tags": list(person.tags)}
    if person.archived:
        entry["archived"] = True
    if introducer:
        entry["introducer"] = introducer.referrer_name
        if introducer.referrer:
            entry["introducer_url"] = urls.person_page(introducer.referrer)
    if last:
        entry["last"] = last.isoformat()
    if upcoming:
        entry["next"] = upcoming.kind
        if upcoming.due:
            entry["next_due"] = upcoming.due.isoformat()
    return json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
