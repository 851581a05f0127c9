"""Bringing contacts into `people/`: match each to a person, plan the changes, then write them.

`plan_import` is pure: from the contacts a reader found and the people already there it decides,
row by row, which file to create and which `key: value` lines to add to which existing file.
A contact is the person whose LinkedIn URL, then email, then exact name (unique, any case) it
shares, including people created by earlier rows of the same import, but never one whose
LinkedIn URL differs from the contact's, or whose emails share none with the contact's: two
people can have one name, so such a contact gets a file of its own, reported as a possible
duplicate for the user to decide. Only empty fields are filled, and what is left alone is
reported. `apply_import` writes the plan: new files are created exclusively, and an existing
file only gets new lines (before its closing `---`, or on a key left empty), written to a
temporary file and renamed, so the user's comments, order and quoting stay as they were.
Running the same import again changes nothing.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from ..content.documents import PERSON, find_content, read_document
from ..content.fields import FieldProblem, email, read_person, url
from ..content.new_files import create_file, new_file_text, slug_for_name, yaml_line
from ..network.assemble import normalized_linkedin
from .contacts import Contact, ContactList

CREATE, UPDATE, SKIP, FAIL = "create", "update", "skip", "fail"
FIELDS = ("name", "company", "title", "location", "email", "phone", "linkedin", "links", "added",
          "linkedin_connected")
LISTS = {"email", "phone", "links"}
_EMPTY = (None, "", [])


@dataclass
class KnownPerson:
    """A person already in `people/`, as far as an import needs: how to match them, what is filled."""

    slug: str
    file: str
    values: dict[str, object]  # the fields an import fills, as read (lists as tuples)
    filled: frozenset[str]  # keys written with a value (a value with an error counts as filled)
    body: str = ""
    readable: bool = True


@dataclass
class FileChange:
    """A file the import creates, or what it adds to an existing one."""

    file: str  # relative to the root
    new: bool
    fields: dict[str, object] = field(default_factory=dict)  # a new file: all; an existing one: the added keys
    note: str | None = None  # the body of a new file, or the text for an existing file's empty body

    def lines(self) -> list[str]:
        """The front-matter lines this change writes."""
        return [yaml_line(key, value) for key, value in self.fields.items()]

    def text(self) -> str:
        """The whole text of a new file."""
        return new_file_text(self.fields, self.note)


@dataclass
class RowOutcome:
    """What became of one contact. `kept` lists values left as they were (or not added)."""

    where: str
    name: str
    action: str  # CREATE, UPDATE, SKIP or FAIL
    file: str | None = None
    matched_by: str | None = None  # "LinkedIn URL", "email" or "name"; with " (row 5)" for an earlier row
    added: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)  # values that cannot go into a file, and why
    message: str | None = None  # why it failed
    possible_duplicates: list[str] = field(default_factory=list)  # "people/x.md (same name, different email)"

    def __str__(self) -> str:
        if self.action == FAIL:
            return f"{self.where}: {self.message}"
        if self.action == CREATE:
            duplicates = f"; possible duplicate of {', '.join(self.possible_duplicates)}" \
                if self.possible_duplicates else ""
            return f"{self.where}: {self.name}: new, {self.file}{duplicates}"
        matched = f"matched {self.file} by {self.matched_by}"
        if self.action == UPDATE:
            return f"{self.where}: {self.name}: {matched}; adds {', '.join(self.added)}"
        return f"{self.where}: {self.name}: {matched}; nothing new"


@dataclass
class Summary:
    created: int = 0
    updated: int = 0
    skipped: int = 0
    failed: int = 0

    def __str__(self) -> str:
        return f"{self.created} created, {self.updated} updated, {self.skipped} skipped, {self.failed} failed"


@dataclass
class ImportPlan:
    outcomes: list[RowOutcome]
    changes: list[FileChange]
    notices: list[str] = field(default_factory=list)


@dataclass
class ImportResult:
    plan: ImportPlan
    failures: list[tuple[str, str]]  # (file, why it could not be written)
    summary: Summary


class EditProblem(Exception):
    """An existing file cannot be added to safely; the message says why."""


def run_import(root: Path, found: ContactList, today: date, dry_run: bool = False) -> ImportResult:
    """Plan the import of `found` into `root` and, unless `dry_run`, write it."""
    people, notices = people_in(root, today)
    plan = plan_import(found, people, today)
    plan.notices[:0] = [*found.notices, *notices]
    failures = apply_import(plan, root, dry_run)
    failed_files = {file for file, _ in failures}
    changes = [change for change in plan.changes if change.file not in failed_files]
    summary = Summary(created=sum(change.new for change in changes), updated=sum(not change.new for change in changes),
                      skipped=sum(outcome.action == SKIP for outcome in plan.outcomes),
                      failed=sum(outcome.action == FAIL for outcome in plan.outcomes) + len(failures))
    return ImportResult(plan, failures, summary)


def people_in(root: Path, today: date) -> tuple[list[KnownPerson], list[str]]:
    """Everyone in `people/`, and notices about files an import cannot use."""
    known, notices = [], []
    for path, kind in find_content(root):
        if kind != PERSON:
            continue
        document = read_document(root, path, kind)
        person, _ = read_person(document, today)
        if not document.readable:
            notices.append(f"{path} cannot be read, so nothing is matched with it or added to it: run ties check")
        filled = frozenset(key for key in document.lines
                           if key not in document.meta or document.meta[key] not in _EMPTY)
        values = {"name": person.name, "company": person.company, "title": person.title, "location": person.location,
                  "email": person.emails, "phone": person.phones, "linkedin": person.linkedin, "links": person.links,
                  "added": person.added, "linkedin_connected": person.linkedin_connected or None}
        body = re.sub(r"\r\n?", "\n", document.body)
        known.append(KnownPerson(person.slug, path, values, filled, body, document.readable))
    return known, notices


class _Target:
    """A person rows are matched with: one already in `people/` or one this import creates."""

    def __init__(self, file: str, values: dict, fillable: set[str], change: FileChange, body: str = "",
                 first_row: str | None = None):
        self.file, self.values, self.fillable, self.change = file, values, fillable, change
        self.body = body
        self.first_row = first_row  # the row that created it, for a person new in this import
        self.ours: set[str] = set(fillable) if change.new else set()  # keys this import writes


class _Index:
    """The people rows can match: by normalized LinkedIn URL, by email, and by exact name."""

    def __init__(self):
        self.linkedin: dict[str, _Target] = {}
        self.email: dict[str, list[_Target]] = {}
        self.name: dict[str, list[_Target]] = {}

    def add(self, target: _Target, values: dict) -> None:
        if values.get("linkedin"):
            self.linkedin.setdefault(normalized_linkedin(values["linkedin"]), target)
        for address in _as_list(values.get("email")):
            _add_once(self.email.setdefault(address.casefold(), []), target)
        if values.get("name"):
            _add_once(self.name.setdefault(_name_key(values["name"]), []), target)

    def match(self, values: dict) -> tuple[list[_Target], str, dict[str, str]]:
        """The people `values` may be (by LinkedIn URL, else email, else name), how they were found,
        and the people sharing an email or the name whom the URL or emails rule out (file -> why)."""
        if values.get("linkedin") and (found := self.linkedin.get(normalized_linkedin(values["linkedin"]))):
            return [found], "LinkedIn URL", {}
        ruled_out: dict[str, str] = {}
        for address in _as_list(values.get("email")):
            for target in self.email.get(address.casefold(), ()):
                if why := _contradiction(target.values, values):
                    ruled_out.setdefault(target.file, f"same email, {why}")
                else:
                    return [target], "email", {}
        candidates = []
        for target in self.name.get(_name_key(values["name"]), ()):
            if why := _contradiction(target.values, values):
                ruled_out.setdefault(target.file, f"same name, {why}")
            else:
                candidates.append(target)
        return candidates, "name", ruled_out


def _add_once(targets: list[_Target], target: _Target) -> None:
    if target not in targets:
        targets.append(target)


def _contradiction(person: dict, row: dict) -> str | None:
    """Why a row cannot be this person, whatever else they share: another LinkedIn profile, or
    emails that share none. A different company never rules anyone out: people change jobs."""
    if person.get("linkedin") and row.get("linkedin") \
            and normalized_linkedin(person["linkedin"]) != normalized_linkedin(row["linkedin"]):
        return "different LinkedIn URL"
    theirs = {address.casefold() for address in _as_list(person.get("email"))}
    ours = {address.casefold() for address in _as_list(row.get("email"))}
    if theirs and ours and not theirs & ours:
        return "different email"
    return None


def _name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def plan_import(found: ContactList, people: list[KnownPerson], today: date) -> ImportPlan:
    """Decide, row by row, what the import creates and adds. Pure: reads and writes nothing."""
    index = _Index()
    taken = {person.slug for person in people}
    changes: dict[str, FileChange] = {}  # by file, in the order rows first touch them
    for person in people:
        if person.readable:
            fillable = {key for key in FIELDS if key not in person.filled}
            target = _Target(person.file, dict(person.values), fillable, FileChange(person.file, new=False),
                             person.body)
            index.add(target, person.values)
    outcomes = [RowOutcome(problem.where, "", FAIL, message=problem.message) for problem in found.problems]
    for contact in found.contacts:
        offered, left_out = _offered(contact)
        candidates, how, ruled_out = index.match(offered)
        if len(candidates) > 1:
            files = ", ".join(target.file for target in candidates)
            outcomes.append(RowOutcome(contact.where, contact.name, FAIL, left_out=left_out,
                                       message=f"{contact.name} matches several people by name ({files}): "
                                               "add the LinkedIn URL or an email to the right one, then import again"))
            continue
        if not candidates:
            slug = _free_slug(contact, taken)
            taken.add(slug)
            file = f"people/{slug}.md"
            target = _Target(file, {}, set(FIELDS), FileChange(file, new=True), first_row=contact.where)
            changes[file] = target.change
            _fill(target, {**offered, "added": contact.connected_on or today}, contact.note)
            outcome = RowOutcome(contact.where, contact.name, CREATE, file, left_out=left_out,
                                 possible_duplicates=[f"{other} ({why})" for other, why in ruled_out.items()])
        else:
            target = candidates[0]
            changes.setdefault(target.file, target.change)
            added, kept = _fill(target, offered, contact.note)
            matched_by = f"{how} ({target.first_row})" if target.first_row else how
            outcome = RowOutcome(contact.where, contact.name, UPDATE if added else SKIP, target.file, matched_by,
                                 added, kept, left_out)
        index.add(target, target.values)
        outcomes.append(outcome)
    outcomes.sort(key=lambda outcome: _row_order(outcome.where))
    return ImportPlan(outcomes, [change for change in changes.values() if change.new or change.fields or change.note])


def _row_order(where: str) -> tuple[int, str]:
    number = re.search(r"\d+", where)
    return (int(number.group()) if number else 0, where)


def _offered(contact: Contact) -> tuple[dict[str, object], list[str]]:
    """The front-matter values a contact brings, checked as `ties check` would; and what is left out."""
    left_out: list[str] = list(contact.left_out)

    def valid(convert, key: str, values) -> list[str]:
        kept = []
        for value in values:
            try:
                kept.append(convert(value))
            except FieldProblem as problem:
                left_out.append(f"{key}: {problem}")
        return kept

    offered: dict[str, object] = {"name": contact.name, "company": contact.company, "title": contact.title,
                                  "location": contact.location, "email": tuple(valid(email, "email", contact.emails)),
                                  "phone": tuple(contact.phones)}
    linkedin = valid(url, "linkedin", [contact.linkedin] if contact.linkedin else [])
    offered["linkedin"] = linkedin[0] if linkedin else None
    offered["links"] = tuple(valid(url, "links", contact.links))
    offered["linkedin_connected"] = contact.connected_on
    return {key: value for key, value in offered.items() if value not in (None, "", ())}, left_out


def _free_slug(contact: Contact, taken: set[str]) -> str:
    base = slug_for_name(contact.name) or slug_for_name(contact.emails[0].split("@")[0] if contact.emails else "")
    base = base or "person"
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def _fill(target: _Target, offered: dict[str, object], note: str | None) -> tuple[list[str], list[str]]:
    """Add what `offered` has to the empty fields of `target`; returns (keys added, values kept)."""
    added, kept = [], []
    for key in FIELDS:
        if key not in offered:
            continue
        value, current = offered[key], target.values.get(key)
        if key in target.fillable and current in _EMPTY + ((),):
            target.values[key] = target.change.fields[key] = _written(key, value)
            target.fillable.discard(key)
            target.ours.add(key)
            added.append(key)
        elif key in LISTS:
            missing = [item for item in value if not any(_same(key, item, old) for old in current or ())]
            if missing and key in target.ours:
                target.values[key] = target.change.fields[key] = _written(key, (*_as_list(current), *missing))
                added.append(key)
            elif missing:
                kept.append(f"{key} {_shown(current)} (the import also has {_shown(tuple(missing))})")
        elif not _same(key, value, current):
            kept.append(f"{key} {_shown(current)} (the import has {_shown(value)})")
    note = re.sub(r"\r\n?", "\n", note or "").strip()
    if note:
        if note in target.body:
            pass
        elif target.change.new or target.change.note or not target.body.strip():
            target.body = target.change.note = "\n\n".join(filter(None, (target.change.note, note)))
            added.append("notes")
        else:
            kept.append("the notes (the file has notes already; the import's are not added)")
    return added, kept


def _as_list(value) -> tuple:
    if value in _EMPTY + ((),):
        return ()
    return tuple(value) if isinstance(value, (list, tuple)) else (value,)


def _written(key: str, value):
    """A list of one is written as a single value (`email: a@example.com`)."""
    if key in LISTS:
        value = _as_list(value)
        return value[0] if len(value) == 1 else list(value)
    return value


def _same(key: str, new, old) -> bool:
    if old in _EMPTY + ((),):
        return False
    if key in LISTS:
        if isinstance(new, (list, tuple)):
            return all(any(_same(key, item, existing) for existing in _as_list(old)) for item in new)
        if isinstance(old, (list, tuple)):
            return any(_same(key, new, existing) for existing in old)
    if key == "phone":
        return re.sub(r"[^\d+]", "", str(new)) == re.sub(r"[^\d+]", "", str(old))
    if key == "linkedin":
        return normalized_linkedin(str(new)) == normalized_linkedin(str(old))
    if key == "linkedin_connected" and old is True:
        return True
    if isinstance(new, str) and isinstance(old, str):
        return " ".join(new.split()).rstrip("/").casefold() == " ".join(old.split()).rstrip("/").casefold()
    return new == old


def _shown(value) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(_shown(item) for item in value) if value else "(none)"
    if isinstance(value, date):
        return value.isoformat()
    return "(as written)" if value is None else f"'{value}'"


def apply_import(plan: ImportPlan, root: Path, dry_run: bool = False) -> list[tuple[str, str]]:
    """Write the plan (or, for a dry run, only try it); returns (file, problem) for each file not written."""
    failures = []
    for change in plan.changes:
        path = root / change.file
        try:
            if change.new:
                if dry_run:
                    if path.exists():
                        raise FileExistsError
                else:
                    create_file(path, change.text())
            else:
                text = _read_utf8(path)
                edited = filled_text(text, change.fields, change.note)
                if not dry_run:
                    _replace(path, edited)
        except FileExistsError:
            failures.append((change.file, "a file of that name appeared meanwhile; it is left as it is"))
        except EditProblem as problem:
            failures.append((change.file, str(problem)))
        except OSError as error:
            failures.append((change.file, f"cannot write it: {error.strerror or error}"))
    return failures


def _read_utf8(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise EditProblem("it is not UTF-8: fix it first (ties check)") from None


def filled_text(text: str, fields: dict[str, object], note: str | None = None) -> str:
    """`text` with `key: value` lines added for `fields` (each absent or empty in it) and `note` as
    its body (which must be empty). Every other line stays as it was. Raises EditProblem."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].removeprefix("\ufeff").rstrip() != "---":
        raise EditProblem("it has no front matter: fix it first (ties check)")
    newline = "\r\n" if lines[0].endswith("\r\n") else "\n"
    closing = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if closing is None:
        raise EditProblem("its front matter is never closed: fix it first (ties check)")
    front = lines[1:closing]
    for key, value in fields.items():
        _fill_line(front, key, yaml_line(key, value), newline)
    body, closer = "".join(lines[closing + 1:]), lines[closing]
    if note:
        if body.strip():
            raise EditProblem("its notes are not empty any more")
        closer = closer if closer.endswith(("\n", "\r")) else closer + newline
        body = note.replace("\n", newline) + newline
    _verify("".join(lines[1:closing]), "".join(front), fields)
    return lines[0] + "".join(front) + closer + body


def _fill_line(front: list[str], key: str, written: str, newline: str) -> None:
    """Put `written` on the line of `key` left empty (`key:`, `key: ""`, `key: []`), else add it."""
    same_key = re.compile(rf"^{re.escape(key)}[ \t]*:(?:[ \t]|$)")
    empty = re.compile(rf"^{re.escape(key)}[ \t]*:[ \t]*(?:\"\"|''|~|null|Null|NULL|\[\])?[ \t]*(?P<comment>#.*)?$")
    lines = [index for index, line in enumerate(front) if same_key.match(line.rstrip("\r\n"))]
    if not lines:
        front.append(written + newline)
        return
    index = lines[-1]
    match = empty.match(front[index].rstrip("\r\n"))
    follows = front[index + 1] if index + 1 < len(front) else ""
    if not match or follows[:1] in (" ", "\t", "-"):
        raise EditProblem(f"'{key}' is written in a way ties cannot fill safely: fill it by hand")
    ending = front[index][len(front[index].rstrip("\r\n")):] or newline
    comment = match.group("comment")
    front[index] = written + (f"  {comment}" if comment else "") + ending


def _verify(before: str, after: str, fields: dict[str, object]) -> None:
    """The edited front matter must read as the old one plus exactly the new values."""
    try:
        old, new = yaml.safe_load(before) or {}, yaml.safe_load(after) or {}
    except (yaml.YAMLError, ValueError):
        raise EditProblem("its front matter cannot be read: fix it first (ties check)") from None
    if not isinstance(old, dict) or new != {**old, **fields}:
        raise EditProblem("the new lines would not read back as written: add them by hand")


def _replace(path: Path, text: str) -> None:
    """Write `text` to `path` through a hidden temporary file and a rename: never half a file."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
            file.write(text)
        shutil.copymode(path, temporary)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
