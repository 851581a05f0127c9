"""What acting on the queue writes, as FORMAT.md's "Acting on the queue" table says: marking an
item of each kind done, snoozing a person and logging an interaction, and making that edit.

| kind | marking it done writes |
|---|---|
| thank-you | `thanked: DATE` on the interview the item comes from |
| connect | `linkedin_connected: DATE` on the person |
| reach-out | `contacted: DATE` on the person |
| nudge | `snoozed_until: DATE + 7 days` on the person (unless it holds a later date) |
| follow-up, circle-back | `last_contact: DATE` on the person (unless it holds a later date) |
| task | its line's `- [ ]` becomes `- [x]` |
| add-contact | a new `people/<slug>.md` for the name; from an interview's `referrals`, with `introduced_by` set to the person interviewed (a name in `introduced_by` is the introducer: their file has none) |
| prepare, write-up | nothing: refused, saying why |
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import Callable

from ..content.fields import FieldProblem, cadence
from ..content.new_files import AuthoringError, person_file
from ..diagnostics import Diagnostic
from ..network.assemble import Network
from ..network.model import FollowUp, Person
from .edited import EditRefused
from .files import Edit, FileChange, create_person_file, edit_file
from .front_matter import advance_date, set_key
from .log import log_interaction
from .tasks import tick_task

NOTHING_TO_WRITE = ("prepare", "write-up")
NUDGE_AGAIN = timedelta(days=7)


@dataclass(frozen=True)
class Action:
    """One edit to make: `edit` of the content `file`, or, for `new_person` (their name, the slug
    of who introduced them or None, the day they are added), a person's file to create."""

    file: str | None
    edit: Edit | None = None
    new_person: tuple[str, str | None, date] | None = None
    note: str | None = None  # for the user: what the edit does not do, which they may expect


def done_action(network: Network, item: FollowUp, day: date) -> Action:
    """What marking `item` (of the queue of `network`) done on `day` writes. Raises EditRefused
    for the kinds that go by themselves."""
    kind = item.kind
    if kind == "prepare":
        raise EditRefused("preparing is not marked done: the item goes once the interview's day has passed",
                          file=item.file)
    if kind == "write-up":
        raise EditRefused("a write-up is not marked done: the item goes once the interview's notes hold text; "
                          "write them in the file", file=item.file)
    if kind == "add-contact":
        return Action(None, new_person=(item.person, _referrer_of(network, item), day))
    if kind == "thank-you":
        return Action(item.file, partial(set_key, key="thanked", value=day))
    if kind == "task":
        return Action(item.file, partial(tick_task, line=item.line, task=item.text))
    person = network.people[item.person]
    if kind == "connect":
        return Action(person.file, partial(set_key, key="linkedin_connected", value=day))
    if kind == "reach-out":
        return Action(person.file, partial(set_key, key="contacted", value=day))
    if kind == "nudge":
        return Action(person.file, partial(advance_date, key="snoozed_until", day=day + NUDGE_AGAIN))
    if kind in ("follow-up", "circle-back"):
        early = kind == "follow-up" and day < item.due
        note = (f"the follow-up stays in the queue: it asks to be in touch on {item.due.isoformat()} or later"
                if early else None)
        return Action(person.file, partial(log_interaction, day=day), note=note)
    raise EditRefused(f"'{kind}' is not a kind of item ties can mark done", file=item.file)


def snooze_action(person: Person, until: date) -> Action:
    """Snoozing `person` until a day: no reminder for them falls due before it."""
    return Action(person.file, partial(set_key, key="snoozed_until", value=until))


def log_action(person: Person, day: date, note: str | None = None) -> Action:
    """Logging an interaction with `person` on `day`, with a note or none."""
    return Action(person.file, partial(log_interaction, day=day, note=note))


def snooze_date(until: str, today: date) -> date:
    """The day a snooze ends: `until` as a date (YYYY-MM-DD), or a duration as `cadence` takes it
    (`10d`, `2w`, `1m`, or days) counted from `today`. Raises EditRefused for a day before it."""
    try:
        day = date.fromisoformat(until.strip())
    except ValueError:
        try:
            day = today + timedelta(days=cadence(int(until) if until.strip().isdigit() else until))
        except FieldProblem:
            raise EditRefused(f"'{until}' is not a date or a duration: write YYYY-MM-DD, or 10d, 2w, 1m") from None
    if day < today:
        raise EditRefused(f"{day.isoformat()} is before {today.isoformat()}: snooze until a later day")
    return day


def carry_out(root: Path, action: Action, today: date, *, problems: list[Diagnostic] = (),
              digest: bytes | None = None, dry_run: bool = False,
              before_replace: Callable[[], None] | None = None) -> FileChange:
    """Make `action` in the network at `root` (see `edit_file` for the refusals; `today` is the
    day the files are checked as of), and return what changed; a dry run writes nothing."""
    if action.new_person is not None:
        return _create_person(root, *action.new_person, dry_run)
    return edit_file(root, action.file, action.edit, today, problems=problems, digest=digest, dry_run=dry_run,
                     before_replace=before_replace)


def _create_person(root: Path, name: str, introduced_by: str | None, day: date, dry_run: bool) -> FileChange:
    """A person's new file, as `ties new person` makes it; its lines shown are their name and
    who introduced them."""
    try:
        planned = person_file(root, name, day, introduced_by=introduced_by)
    except AuthoringError as error:
        raise EditRefused(str(error)) from None
    created = create_person_file(root, planned, dry_run)
    shown = ("name:", f"introduced_by: {introduced_by}") if introduced_by else ("name:",)
    lines = tuple(number for number, line in enumerate(created.after.split("\n"), start=1) if line.startswith(shown))
    return FileChange(created.file, None, created.after, lines)


def _referrer_of(network: Network, item: FollowUp) -> str | None:
    """Who referred the person of an `add-contact` item, as a slug: the person interviewed when
    the name is in an interview's `referrals`; None when it is in an `introduced_by`, as the
    person to add introduced someone else."""
    for referral in network.referrals:
        if (referral.file, referral.line, referral.referred, referral.name) == (item.file, item.line, None, item.person):
            return referral.referrer
    return None
