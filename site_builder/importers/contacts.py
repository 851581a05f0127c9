"""Contacts as other apps export them: the record every reader returns, and what readers share.

A reader (`linkedin`, `vcard`, `google_contacts`) turns an exported file into `Contact`s and a
`RowProblem` for each row or card it cannot read; only a file that cannot be read at all raises
`SourceError`. A row is only lost when it has no name: a value the reader cannot read is left
out of its contact and said so in `left_out`. Readers never touch `people/`: `importing` decides what to do with the contacts.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable, Iterator

_LINKEDIN_PROFILE = re.compile(r"^(?:https?://)?(?:[a-z]{2,3}\.)?linkedin\.com/(?:in|pub)/", re.IGNORECASE)
_BARE_ADDRESS = re.compile(r"^(?:www\.)?[\w-]+(?:\.[\w-]+)+(?:[/?#]\S*)?$")


class SourceError(Exception):
    """The file cannot be read at all; the message names it and says why."""


@dataclass
class Contact:
    """One person as another app exported them. `where` locates them: "row 12", "card 3 (line 40)"."""

    where: str
    name: str
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    company: str | None = None
    title: str | None = None
    location: str | None = None
    linkedin: str | None = None
    links: tuple[str, ...] = ()
    note: str | None = None
    connected_on: date | None = None
    left_out: tuple[str, ...] = ()  # values the reader could not read, and why: "Connected On: '...' is not a date"


@dataclass(frozen=True)
class RowProblem:
    """A row or card that could not be read; the others are read regardless."""

    where: str
    message: str


@dataclass
class ContactList:
    """What a reader found: the contacts, the rows it could not read, and notes on the file."""

    contacts: list[Contact] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def read_text(path: Path) -> tuple[str, list[str]]:
    """The text of an exported file, and notices about how it was decoded.

    UTF-8 (with or without a byte-order mark) and UTF-16 with a mark are read as they are; other
    bytes are read as Windows-1252 (what Excel saves on Windows), with a notice saying so.
    """
    name = path.name
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise SourceError(f"cannot read {path}: {error.strerror or error}") from None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), []
        except UnicodeDecodeError:
            raise SourceError(f"{name} is not valid UTF-16 text: export it again") from None
    if b"\x00" in raw:
        raise SourceError(f"{name} is not a text file")
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError:
            raise SourceError(f"{name} is not UTF-8 text (byte {error.start}): "
                              "export it again, or save it as UTF-8") from None
        return text, [f"{name} is not UTF-8 (byte {error.start}): read it as Windows-1252; "
                      "check that accented names came through"]


def csv_records(text: str) -> Iterator[tuple[int, list[str] | None, str | None]]:
    """(line, cells, problem) for each CSV record; `line` is where the record starts.

    A record the csv module cannot parse gives cells None and a problem, and reading goes on.
    """
    # No cell is longer than the file; the csv module's default limit (128 KiB, one setting for
    # the whole process) would lose a row to one long note. Raising it never fails another reader.
    csv.field_size_limit(max(csv.field_size_limit(), len(text)))
    lines = io.StringIO(text, newline="")
    reader = csv.reader(lines)
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield start, None, f"cannot be read as CSV: {error}"
            continue
        yield start, cells, None


def find_header(records: Iterator[tuple[int, list[str] | None, str | None]],
                recognize: Callable[[set[str]], bool]) -> dict[str, int] | None:
    """Read records up to the header row: the first whose column names `recognize` accepts.

    Returns lowercased column name -> index (the first of repeated names), or None at the end.
    """
    for _, cells, _ in records:
        if not cells:
            continue
        names = [cell.strip().lower() for cell in cells]
        if recognize(set(names)):
            columns: dict[str, int] = {}
            for index, name in enumerate(names):
                columns.setdefault(name, index)
            return columns
    return None


def contacts_from_rows(records: Iterator[tuple[int, list[str] | None, str | None]],
                       make: Callable[[str, list[str]], Contact]) -> ContactList:
    """Each CSV row after the header as a `Contact` made by `make(where, cells)`; empty rows are
    skipped, and a row that cannot be read (or `make` refuses with ValueError) fails alone."""
    found = ContactList()
    for line, cells, problem in records:
        where = f"row {line}"
        if problem:
            found.problems.append(RowProblem(where, problem))
        elif cells and any(value.strip() for value in cells):
            try:
                found.contacts.append(make(where, cells))
            except ValueError as error:
                found.problems.append(RowProblem(where, str(error)))
    return found


def cell(cells: list[str], columns: dict[str, int], name: str) -> str:
    """The stripped value of a column (by lowercased name) in a row; empty when it is missing."""
    index = columns.get(name)
    return cells[index].strip() if index is not None and index < len(cells) else ""


def one_line(text: str | None) -> str | None:
    """A single-line field: runs of whitespace (newlines too) become one space; empty -> None."""
    if text is None:
        return None
    joined = " ".join(text.split())
    return joined or None


def web_address(text: str) -> str | None:
    """An http(s) URL, adding `https://` to a bare `example.com/...`; None if it is not one."""
    address = text.strip()
    if address.lower().startswith(("https://", "http://")):
        return address
    if _BARE_ADDRESS.match(address):
        return "https://" + address
    return None


def is_linkedin_profile(address: str) -> bool:
    return bool(_LINKEDIN_PROFILE.match(address.strip()))


def sort_addresses(addresses: list[str], labels: list[str] | None = None) -> tuple[str | None, tuple[str, ...]]:
    """Split web addresses into a LinkedIn profile (the first, or one labelled LinkedIn) and the rest."""
    labels = labels or [""] * len(addresses)
    linkedin = next((a for a, label in zip(addresses, labels) if label.strip().lower() == "linkedin"), None)
    linkedin = linkedin or next((a for a in addresses if is_linkedin_profile(a)), None)
    others = tuple(dict.fromkeys(a for a in addresses if a != linkedin))
    return linkedin, others


def unique(values) -> tuple[str, ...]:
    """Non-empty values in order, without repeats (compared case-insensitively)."""
    seen, kept = set(), []
    for value in values:
        value = (value or "").strip()
        if value and value.casefold() not in seen:
            seen.add(value.casefold())
            kept.append(value)
    return tuple(kept)
