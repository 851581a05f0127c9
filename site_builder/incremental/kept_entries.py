"""The watcher's `search/people.js`: an entry of the same row as last time is not made again.

It gives the bytes the parts `render.people_index.people_index_parts` make.
"""

from __future__ import annotations

from ..render.people_index import PeopleRow, people_index_entry, people_index_script


class KeptEntries:
    """The entries of the last `search/people.js`, for the next to use again: its rows and
    their entries in order, and each person's row and entry by slug."""

    def __init__(self):
        self.rows: list[PeopleRow] = []
        self.entries: list[bytes] = []
        self.by_slug: dict[str, tuple[PeopleRow, bytes]] = {}

    def people_index(self, rows: list[PeopleRow]) -> bytes:
        """`search/people.js` of the rows, each entry made again only if its row changed."""
        if len(rows) == len(self.rows):  # after most saves: the same people in the same places, a few made again
            entries = [entry if row is before else self._entry(row)
                       for row, before, entry in zip(rows, self.rows, self.entries)]
        else:
            entries = [self._entry(row) for row in rows]
        if len(self.by_slug) > len(rows):  # someone is gone
            for slug in self.by_slug.keys() - {row[0].slug for row in rows}:
                del self.by_slug[slug]
        self.rows, self.entries = rows, entries
        return people_index_script(entries)

    def _entry(self, row: PeopleRow) -> bytes:
        known = self.by_slug.get(row[0].slug)
        if known is None or not (known[0] is row or known[0] == row):
            known = self.by_slug[row[0].slug] = (row, people_index_entry(row))
        return known[1]
