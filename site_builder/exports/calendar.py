"""`followups.ics`: the dated follow-up queue as a calendar to subscribe to.

Each dated item is an all-day VEVENT, because Google Calendar and iOS ignore VTODO in subscribed
calendars. Its UID is a hash of what the item is about (kind, person, source file, and a task's
text rather than its line), so a subscribed calendar moves an event whose date changed instead
of adding a second one; DTSTAMP is the build's today at midnight UTC, so the same network and
day give the same bytes.
"""

from __future__ import annotations

import functools
import hashlib
from datetime import date, datetime, time, timedelta, timezone

from icalendar import Calendar, Event, vDate, vDatetime, vText
from icalendar.parser import Contentline

from ..network.assemble import Network
from ..network.model import FollowUp
from ..parallel import parallel_map

PRODID = "-//weakties//follow-ups//EN"
FOLD_AT = 75  # octets: icalendar folds a line this long or longer (RFC 5545)
_LABELS = {
    "prepare": "Prepare the interview", "thank-you": "Thank-you note", "connect": "Connect on LinkedIn",
    "reach-out": "Reach out", "nudge": "Nudge", "follow-up": "Follow up", "circle-back": "Circle back",
    "add-contact": "Add contact", "write-up": "Write up the interview",
}


def event_uid(item: FollowUp, occurrence: int = 1) -> str:
    """The same for an item across builds, even when its due date or line moves. `occurrence`
    tells apart identical task lines in one file."""
    what = item.text if item.kind == "task" else ""
    parts = (item.kind, item.person, item.file, what) + ((str(occurrence),) if occurrence > 1 else ())
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return f"{digest[:32]}@weakties"


def summary_of(item: FollowUp, network: Network) -> str:
    person = network.person(item.person) if item.known else None
    name = person.name if person else item.person
    if item.kind == "task":
        return f"{item.text} ({name})"
    return f"{_LABELS.get(item.kind, item.kind.capitalize())}: {name}"


def followups_ics(queue: list[FollowUp], network: Network, today: date, title: str) -> bytes:
    """Every dated queue item as an all-day event."""
    stamp = datetime.combine(today, time(0, 0), tzinfo=timezone.utc)
    calendar = Calendar.new(prodid=PRODID, name=f"{title}: follow-ups", uid="followups@weakties")
    dated = [item for item in queue if item.due is not None]
    uids, seen = {}, {}
    for item in sorted(dated, key=lambda item: (item.file, item.line or 0, item.kind, item.person)):
        first = event_uid(item)
        seen[first] = seen.get(first, 0) + 1
        uids[id(item)] = event_uid(item, seen[first])
    order = _property_order()
    # icalendar's own content lines, without an Event between: a third of the time, at 75,000
    # events. Every event has the same stamp, and most days are the start or end of many.
    stamp_line = _line("DTSTAMP", vDatetime(stamp))
    day_line = functools.cache(lambda name, day: _line(name, vDate(day)))

    def event(item: FollowUp) -> bytes:
        where = f"{item.file}:{item.line}" if item.line else item.file
        lines = {"UID": _line("UID", vText(uids[id(item)])), "DTSTAMP": stamp_line,
                 "DTSTART": day_line("DTSTART", item.due), "DTEND": day_line("DTEND", item.due + timedelta(days=1)),
                 "SUMMARY": _line("SUMMARY", vText(summary_of(item, network))),
                 "DESCRIPTION": _line("DESCRIPTION", vText(f"{item.text}\n\nFrom {where}"))}
        return _BEGIN + b"".join(lines[name] for name in order) + _END

    # The events are written on every core and placed inside the calendar, where a component's lines go.
    events = b"".join(parallel_map(event, dated))
    empty = calendar.to_ical()
    end = empty.rindex(b"END:VCALENDAR")
    return empty[:end] + events + empty[end:]


_BEGIN, _END = b"BEGIN:VEVENT\r\n", b"END:VEVENT\r\n"


@functools.cache
def _property_order() -> tuple[str, ...]:
    """The order icalendar writes an event's properties in (its canonical order, then by name)."""
    return tuple(Event(UID="", DTSTAMP="", DTSTART="", DTEND="", SUMMARY="", DESCRIPTION="").sorted_keys())


def _line(name: str, value) -> bytes:
    """The property as icalendar writes it: its content line, folded, and its CRLF."""
    return _folded(Contentline.from_parts(name, value.params, value))


def _folded(line: Contentline) -> bytes:
    """One content line, folded as icalendar folds it (into parts of 74 octets, a backslash or
    caret kept with the character it escapes), and its CRLF. icalendar goes character by
    character, which was most of the calendar's time: a line of ASCII, one octet a character,
    is folded here by slicing it (a test compares events with icalendar's own)."""
    if not line.isascii():
        return line.to_ical() + b"\r\n"
    parts, start = [], 0
    while len(line) - start >= FOLD_AT:
        end = start + FOLD_AT - 1
        if line[end - 1] in "\\^":
            end -= 1
        parts.append(line[start:end])
        start = end
    parts.append(line[start:])
    return "\r\n ".join(parts).encode("ascii") + b"\r\n"
