"""`search/people.js`: every person's name, company, title, place, topics and tags, for the
search page and the people table's filter. It is loaded with a plain `<script src>`, which works
from `file://` and in an encrypted site, where Pagefind's index cannot be (`output.search`)."""


from __future__ import annotations

import json
from datetime import date

from ..network.model import FollowUp, Person, Referral
from ..exports.pieces import Parts, Pieces
from . import urls

PeopleRow = tuple[Person, date | None, FollowUp | None, Referral | None]  # as the people table has them
_HEAD, _TAIL = "window.weaktiesPeople = [", "];\n"  # around the entries, each a JSON object, between commas


def people_index_parts(rows: list[PeopleRow]) -> Parts:
    """`search/people.js` as parts (exports/pieces.py): a script defining `weaktiesPeople`, one
    entry per person, in the people table's order, with what the table shows and what its
    filter searches, each made from its row only."""
    return [_HEAD, Pieces(_entry, rows, ","), _TAIL]


def people_json(rows: list[PeopleRow]) -> str:
    """The entries of `search/people.js` as a JSON list (site-relative page paths)."""
    return f"[{b','.join(people_index_entry(row) for row in rows).decode('utf-8')}]"


def people_index_entry(row: PeopleRow) -> bytes:
    """A row's entry in `search/people.js`, as UTF-8: made from the row only."""
    return _entry(*row).encode("utf-8")


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
