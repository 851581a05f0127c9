"""Logging an interaction: `last_contact` set to its date (unless it holds a later one) and, with a
note, a line `- DATE: note` under the `## Log` heading of the person's notes.

Where the line goes: after the last line of the `## Log` section (up to the next heading of level
1 or 2, blank lines at its end left out), wherever the section is, so that the log reads in order
and stays one list; when the notes have no such heading, it is added at their end, after a blank
line, with the entry below it.
"""

from __future__ import annotations

import re
from datetime import date

from ..content.markup import outside_code
from .edited import Edited, line_ending, line_start, line_text
from .front_matter import advance_date
from .notes import notes_of

LOG_HEADING = "## Log"
_LOG_HEADING = re.compile(r"^ {0,3}##[ \t]+log[ \t]*#*[ \t]*$", re.IGNORECASE)
_SECTION_HEADING = re.compile(r"^ {0,3}#{1,2}(?:[ \t]|$)")


def log_interaction(text: str, day: date, note: str | None = None) -> Edited:
    """`text` (a person's whole file) with an interaction on `day` logged. Raises EditRefused."""
    edited = advance_date(text, "last_contact", day)
    note = " ".join((note or "").split())
    if not note:
        return edited
    logged = add_log_entry(edited.text, day, note)
    return Edited(logged.text, edited.lines + logged.lines)


def add_log_entry(text: str, day: date, note: str) -> Edited:
    """`text` (a whole file) with `- DATE: note` added to its `## Log` section (made if missing)."""
    entry = f"- {day.isoformat()}: {note}"
    body, body_line = notes_of(text)
    end = _end_of_log(body, body_line)
    if end is not None:
        return _with_lines(text, end, [entry])
    last = text.count("\n") + (0 if text.endswith("\n") else 1)
    apart = [""] if body.strip() and line_text(text, last).strip() else []
    return _with_lines(text, last, [*apart, LOG_HEADING, "", entry])


def _end_of_log(body: str, body_line: int) -> int | None:
    """The file line the `## Log` section ends on (its last line that is not blank, else its
    heading), or None when the notes have no such section. Headings in fenced code do not count."""
    outside = dict(outside_code(body, body_line))
    end = None
    for number, line in enumerate(body.split("\n"), start=body_line):
        heading = number in outside and line.removesuffix("\r")
        if end is None:
            if heading and _LOG_HEADING.match(heading):
                end = number
        elif heading and _SECTION_HEADING.match(heading):
            break
        elif line.strip():
            end = number
    return end


def _with_lines(text: str, after: int, lines: list[str]) -> Edited:
    """`text` with `lines` put after its line `after`, in the file's line ending; the last line
    of the file keeps ending as it did (with a line ending or without)."""
    ending = line_ending(text)
    at = line_start(text, after + 1)
    if at == len(text) and not text.endswith("\n"):
        added = "".join(ending + line for line in lines)
    else:
        added = "".join(line + ending for line in lines)
    numbers = tuple(after + 1 + offset for offset, line in enumerate(lines) if line)
    return Edited(text[:at] + added + text[at:], numbers)

