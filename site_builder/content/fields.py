"""Interpreting front matter: each known key has a converter that checks its type.

`read_person` and `read_interview` turn a `Document` into a `Person` or `Interview` and the
diagnostics for its fields. Converters raise `FieldProblem`; nothing here touches the disk.
"""

from __future__ import annotations

import difflib
import re
from datetime import date, datetime, timedelta

from ..diagnostics import ERROR, WARNING, Diagnostic
from ..network.model import CHANNELS, DONE, SCHEDULED, STATUSES, STRONG, WEAK, Interview, Person, Reference
from .documents import Document
from .markup import holds_text

FAR_FUTURE = timedelta(days=3653)
_EMAIL = re.compile(r"^[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;.]+$")
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
_CADENCE = re.compile(r"^\s*(\d+)\s*([dwmy])\s*$", re.IGNORECASE)
_CADENCE_DAYS = {"d": 1, "w": 7, "m": 30, "y": 365}


class FieldProblem(Exception):
    """A value of the wrong type or form; `item` is its index in a list, if any."""

    def __init__(self, message: str, item: int | None = None):
        super().__init__(message)
        self.item = item


def text(value, written=None) -> str:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(written if written is not None else value)
    raise FieldProblem(f"expected text, found {_kind_of(value)}")


def reference(value, written=None) -> str:
    """A person reference: a slug, a name or a wiki link, which must be quoted."""
    inner = value[0] if isinstance(value, list) and len(value) == 1 else None
    if isinstance(inner, list) and len(inner) == 1:  # `person: [[ada]]` is a list in a list
        inner = inner[0]
    if isinstance(inner, str):
        raise FieldProblem(f'a wiki link must be quoted, or YAML reads it as a list: "[[{inner}]]"')
    return text(value, written)


def email(value, written=None) -> str:
    address = text(value, written)
    if not _EMAIL.match(address):
        raise FieldProblem(f"'{address}' is not an email address")
    return address


def phone(value, written=None) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        shown = written if written is not None else value
        raise FieldProblem(f"a phone number must be quoted, or YAML may change it: \"{shown}\"")
    return text(value)


def url(value, written=None) -> str:
    address = text(value)
    if not address.lower().startswith(("https://", "http://")):
        raise FieldProblem(f"'{address}' is not a URL: it should start with https://")
    return address


def a_date(value, written=None) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise FieldProblem(f"'{written if written is not None else value}' is not a date: write YYYY-MM-DD")


def flag(value, written=None) -> bool:
    if isinstance(value, bool):
        return value
    raise FieldProblem(f"expected true or false, found '{value}'")


def flag_or_date(value, written=None) -> bool | date:
    if isinstance(value, bool):
        return value
    try:
        return a_date(value, written)
    except FieldProblem:
        raise FieldProblem(f"expected true, false or a date, found '{value}'") from None


def clock_time(value, written=None) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        hours, minutes = divmod(value, 60)
        raise FieldProblem(f"a time must be quoted, or YAML reads it as a number: \"{hours}:{minutes:02d}\"")
    shown = text(value)
    if not _TIME.match(shown):
        raise FieldProblem(f"'{shown}' is not a time: write \"HH:MM\"")
    return shown


def minutes(value, written=None) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    raise FieldProblem(f"expected a number of minutes, found '{value}'")


def cadence(value, written=None) -> int:
    """Days between circle-backs: `45`, `"30d"`, `"6w"`, `"3m"` (30 days) or `"1y"` (365 days)."""
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    match = _CADENCE.match(value) if isinstance(value, str) else None
    if match and int(match.group(1)) > 0:
        return int(match.group(1)) * _CADENCE_DAYS[match.group(2).lower()]
    raise FieldProblem(f"'{value}' is not a cadence: write a number of days or \"30d\", \"6w\", \"3m\", \"1y\"")


def choice(*allowed: str):
    def convert(value, written=None) -> str:
        chosen = text(value).lower()
        if chosen not in allowed:
            raise FieldProblem(f"'{value}' is not one of: {', '.join(allowed)}")
        return chosen
    return convert


def list_of(convert):
    """A list of values; a single value is accepted as a list of one."""
    def convert_list(value, written=None) -> tuple:
        if not isinstance(value, list):
            return (convert(value, written),)
        items = []
        for index, item in enumerate(value):
            if item is None:
                continue
            try:
                items.append(convert(item))
            except FieldProblem as problem:
                raise FieldProblem(str(problem), index) from None
        return tuple(items)
    return convert_list


texts = list_of(text)
PERSON_FIELDS = {
    "name": text, "company": text, "title": text, "location": text,
    "email": list_of(email), "phone": list_of(phone), "linkedin": url, "links": list_of(url),
    "tie": choice(WEAK, STRONG), "introduced_by": reference, "how_we_met": text,
    "topics": texts, "tags": texts,
    "added": a_date, "contacted": a_date, "last_contact": a_date, "follow_up": a_date,
    "linkedin_connected": flag_or_date, "cadence": cadence, "archived": flag, "snoozed_until": a_date,
}
INTERVIEW_FIELDS = {
    "person": reference, "date": a_date, "time": clock_time, "duration": minutes,
    "channel": choice(*CHANNELS), "status": choice(*STATUSES), "topics": texts,
    "referrals": list_of(reference), "thanked": a_date, "follow_up": a_date, "may_follow_up": flag,
}
_PERSON_ATTRIBUTES = {"email": "emails", "phone": "phones"}


def read_person(document: Document, today: date) -> tuple[Person, list[Diagnostic]]:
    values, extra, diagnostics = _read_fields(document, PERSON_FIELDS, ("name",), today)
    if "introduced_by" in values:
        values["introduced_by"] = Reference(values["introduced_by"], document.lines.get("introduced_by"))
    attributes = {_PERSON_ATTRIBUTES.get(key, key): value for key, value in values.items()}
    attributes.setdefault("name", document.slug)
    person = Person(slug=document.slug, file=document.path, extra=extra, lines=document.lines,
                    **_body_parts(document), **attributes)
    return person, diagnostics


def read_interview(document: Document, today: date) -> tuple[Interview | None, list[Diagnostic]]:
    """The interview, or None when `person` or `date` is missing or unusable."""
    values, extra, diagnostics = _read_fields(document, INTERVIEW_FIELDS, ("person", "date"), today)
    if "person" not in values or "date" not in values:
        return None, diagnostics
    path, lines = document.path, document.lines
    values["person_reference"] = Reference(values.pop("person"), lines.get("person"))
    item_lines = document.item_lines.get("referrals") or [lines.get("referrals")] * len(values.get("referrals", ()))
    values["referrals"] = tuple(Reference(name, line) for name, line in zip(values.get("referrals", ()), item_lines))
    status_given = values.pop("status", None)
    held = values["date"]
    status = status_given or (SCHEDULED if held > today else DONE)
    if status_given == DONE and held > today:
        diagnostics.append(Diagnostic(path, lines.get("status"), WARNING,
                                      f"marked done but dated {held.isoformat()}, which is in the future"))
    thanked = values.get("thanked")
    if thanked and thanked < held:
        diagnostics.append(Diagnostic(path, lines.get("thanked"), ERROR,
                                      f"thanked on {thanked.isoformat()}, before the interview on {held.isoformat()}"))
    if values.get("duration", 15) > 15:
        diagnostics.append(Diagnostic(path, lines.get("duration"), WARNING,
                                      f"{values['duration']} minutes: you asked for 15, keep to it"))
    interview = Interview(name=document.slug, file=path, status=status, status_given=status_given,
                          extra=extra, lines=lines, written_up=holds_text(document.body), **_body_parts(document),
                          **values)
    return interview, diagnostics


def _read_fields(document: Document, fields: dict, required: tuple[str, ...], today: date):
    values, extra, diagnostics = {}, [], list(document.diagnostics)
    path = document.path
    for key, value in document.meta.items():
        line = document.lines.get(key)
        convert = fields.get(key)
        if convert is None:
            diagnostics.append(Diagnostic(path, line, WARNING, f"unknown key '{key}'{_did_you_mean(key, fields)}"))
            extra.append((key, _shown(value)))
            continue
        if value is None or value == [] or value == "":
            continue
        try:
            values[key] = convert(value, document.written.get(key))
        except FieldProblem as problem:
            if problem.item is not None and key in document.item_lines:
                line = document.item_lines[key][problem.item]
            diagnostics.append(Diagnostic(path, line, ERROR, f"{key}: {problem}"))
            continue
        if key in document.commented and convert in (text, texts):
            diagnostics.append(_cut_short(path, key, key in document.written, *document.commented[key]))
        for day in _dates_in(values[key]):
            if day.year < 1900 or day > today + FAR_FUTURE:
                diagnostics.append(Diagnostic(path, line, WARNING,
                                              f"{key}: {day.isoformat()} looks mistyped (before 1900 or over ten years ahead)"))
    if document.readable:
        for key in required:
            if key not in values and not any(d.line == document.lines.get(key) and d.is_error
                                             for d in diagnostics if key in document.lines):
                diagnostics.append(Diagnostic(path, 1, ERROR, f"missing required key '{key}'"))
    return values, tuple(extra), diagnostics


def _cut_short(path: str, key: str, alone: bool, line: int, value: str, comment: str) -> Diagnostic:
    """A warning for a value that YAML ends at a ' #' (a list item's, unless `alone`)."""
    quoted = '"' + f"{value} {comment}".replace('"', '\\"') + '"'
    return Diagnostic(path, line, WARNING, (f"{key}: YAML reads '{comment}' as a comment, so this is '{value}': "
                                            f"if it belongs to the value, quote it: {f'{key}: ' if alone else '- '}{quoted}"))


def _body_parts(document: Document) -> dict:
    return {"body": document.body, "body_line": document.body_line, "tasks": document.tasks,
            "wiki_links": document.wiki_links}


def _did_you_mean(key: str, fields: dict) -> str:
    close = difflib.get_close_matches(key.lower(), fields, n=1, cutoff=0.7)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _dates_in(value):
    if isinstance(value, date):
        yield value
    elif isinstance(value, tuple):
        yield from (item for item in value if isinstance(item, date))


def _shown(value) -> str:
    if isinstance(value, list):
        return ", ".join(_shown(item) for item in value)
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value)


def _kind_of(value) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (date, datetime)):
        return "a date"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__
