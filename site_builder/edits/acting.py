"""Acting on a checked network, the one way for `ties done`, `ties snooze` and `ties log` and for
a click on a page of `ties serve`: the item a page showed found again, a snooze's day read, the
edit made in its file (the check's errors refusing the files they are in, and, for a page, a
file changed since the page was built), and what changed, said for the user. An interview's
notes are read, and written one section at a time, for the note areas of its prep sheet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..checked import Checked
from ..content.documents import content_digest
from ..network.model import FollowUp, Interview, Person
from .actions import Action, carry_out, snooze_action, snooze_date
from .edited import EditRefused, Stale
from .files import FileChange, edit_file, read_file
from .sections import Section, replace_section, sections_of

STALE_PAGE = "changed since this page was built: reload"


@dataclass(frozen=True)
class Acted:
    """An action made (or, in a dry run, not made but shown): the change, and what the action
    does not do that the user may expect (`Action.note`)."""

    change: FileChange
    note: str | None = None

    @property
    def changed(self) -> bool:
        return self.change.before != self.change.after

    def said(self) -> list[str]:
        """What changed, each line as `file:line: text`, or that the file needed no change."""
        if not self.changed:
            return [f"{self.change.file}: nothing to change, it says so already"]
        return self.change.changed_lines()


def snooze_until(person: Person, until: str, day: date) -> Action:
    """Snoozing `person` until `until` (a date, or a time such as `2w` counted from `day`)."""
    return snooze_action(person, snooze_date(until, day))


def shown_item(queue: list[FollowUp], kind: str, person: str, file: str, line: int | None, text: str) -> FollowUp:
    """The open item of `queue` that a page showed as these (its kind, its person's slug or a new
    contact's name, the file and line it comes from, its text). Raises Stale when none is."""
    for item in queue:
        if (item.kind, item.person, item.file, item.line, item.text) == (kind, person, file, line, text):
            return item
    raise Stale("this item is no longer open: reload")


def act(root: Path, checked: Checked, action: Action, *, shown: dict[str, bytes] | None = None,
        item_file: str | None = None, dry_run: bool = False) -> Acted:
    """Make `action` in the network `checked` found at `root` (see `edit_file` for the refusals,
    each an EditRefused), and return what changed; a dry run writes nothing.

    `shown` is for an action asked from a page: the digest (`content_digest`) of each file as
    the page was built from it. The file written, and the file the page's item comes from
    (`item_file`), must each be there with the digest of the file the check read, or the action
    is refused (Stale); the file written is compared again just before it is replaced."""
    if shown is not None:
        for file in dict.fromkeys(name for name in (action.file, item_file) if name):
            if shown.get(file) is None or shown[file] != checked.made_from.get(file):
                raise Stale(STALE_PAGE, file=file)
    problems = [diagnostic for diagnostic in checked.diagnostics if diagnostic.is_error]
    digest = shown.get(action.file) if shown is not None and action.file else None
    try:
        change = carry_out(root, action, checked.today, problems=problems, digest=digest, dry_run=dry_run)
    except OSError as error:
        raise EditRefused(f"cannot write {action.file or 'the file'}: {error.strerror or error}") from None
    return Acted(change, action.note)


NOTES_CHANGED = "changed in your editor since this page read it"


@dataclass(frozen=True)
class InterviewNotes:
    """An interview's notes as read for a page: its sections, and the digest (`content_digest`)
    of the file's bytes they were read from, which a save of one of them must carry."""

    file: str
    digest: bytes
    sections: tuple[Section, ...]


def interview_named(checked: Checked, file: str) -> Interview:
    """The interview of the network `checked` whose file is `file`; raises EditRefused if none is."""
    for interview in checked.network.interviews:
        if interview.file == file:
            return interview
    raise EditRefused("not an interview of your network", file=file)


def read_notes(root: Path, checked: Checked, file: str) -> InterviewNotes:
    """The sections of the notes of the interview `file` (relative to `root`) as it is now."""
    interview_named(checked, file)
    raw = read_file(root, file)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise EditRefused("not UTF-8 text: run ties check", file=file) from None
    try:
        sections = sections_of(text)
    except EditRefused as refusal:
        raise refusal.in_file(file) from None
    return InterviewNotes(file, content_digest(raw), tuple(sections))


def save_notes(root: Path, checked: Checked, file: str, heading: str, text: str, digest: bytes) -> tuple[FileChange, bytes]:
    """Write `text` under `heading` in the notes of the interview `file`, read as having the
    digest `digest` (else Stale: changed in the user's editor since), as `replace_section` does
    and `edit_file` writes; the change and the digest of the file now."""
    interview_named(checked, file)
    problems = [diagnostic for diagnostic in checked.diagnostics if diagnostic.is_error]
    try:
        change = edit_file(root, file, lambda notes: replace_section(notes, heading, text), checked.today,
                           problems=problems, digest=digest, changed_since=NOTES_CHANGED)
    except OSError as error:
        raise EditRefused(f"cannot write {file}: {error.strerror or error}") from None
    return change, content_digest(change.after.encode("utf-8"))
