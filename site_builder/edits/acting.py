"""Acting on a checked network, the one way for `ties done`, `ties snooze` and `ties log` and for
a click on a page of `ties serve`: the item a page showed found again, a snooze's day read, the
edit made in its file (the check's errors refusing the files they are in, and, for a page, a
file changed since the page was built), and what changed, said for the user.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..checked import Checked
from ..network.model import FollowUp, Person
from .actions import Action, carry_out, snooze_action, snooze_date
from .edited import EditRefused, Stale
from .files import FileChange

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
