"""The network as plain data: people, interviews, tasks, follow-ups and referrals.

Nothing here reads files, renders HTML or looks at the clock.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

WEAK, STRONG = "weak", "strong"
SCHEDULED, DONE, CANCELED, NO_SHOW = "scheduled", "done", "canceled", "no-show"
CHANNELS = ("phone", "video", "in-person", "email", "chat")
STATUSES = (SCHEDULED, DONE, CANCELED, NO_SHOW)


@dataclass(frozen=True)
class Task:
    """A `- [ ] text` line in a body; `due` comes from `due:YYYY-MM-DD` or `📅 YYYY-MM-DD`."""

    text: str
    done: bool
    due: date | None
    file: str
    line: int


@dataclass(frozen=True)
class WikiLink:
    """A `[[target]]` or `[[target|shown text]]` in a body."""

    target: str
    line: int


@dataclass(frozen=True)
class Reference:
    """A person reference as written in front matter, with the line it is on."""

    text: str
    line: int | None


@dataclass(frozen=True)
class Person:
    slug: str
    file: str
    name: str
    company: str | None = None
    title: str | None = None
    location: str | None = None
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    linkedin: str | None = None
    links: tuple[str, ...] = ()
    tie: str = WEAK
    introduced_by: Reference | None = None
    how_we_met: str | None = None
    topics: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    added: date | None = None
    contacted: date | None = None
    last_contact: date | None = None
    linkedin_connected: bool | date = False
    cadence: int | None = None
    follow_up: date | None = None
    archived: bool = False
    snoozed_until: date | None = None  # no reminder falls due before it
    extra: tuple[tuple[str, str], ...] = ()
    body: str = field(default="", compare=False)  # the notes: see `same_but_notes`
    body_line: int = 1
    tasks: tuple[Task, ...] = ()
    wiki_links: tuple[WikiLink, ...] = ()
    lines: dict[str, int] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Interview:
    """An informational interview. `person` is the resolved slug (None when it resolves to nobody)
    and `status` the effective one (`scheduled` after today, else `done`, unless given)."""

    name: str
    file: str
    person_reference: Reference
    date: date
    person: str | None = None
    status: str = DONE
    status_given: str | None = None
    time: str | None = None
    duration: int = 15
    channel: str | None = None
    topics: tuple[str, ...] = ()
    referrals: tuple[Reference, ...] = ()
    thanked: date | None = None
    follow_up: date | None = None
    may_follow_up: bool | None = None
    extra: tuple[tuple[str, str], ...] = ()
    written_up: bool = False  # its notes hold text (`content.markup.holds_text`): no write-up is due
    body: str = field(default="", compare=False)  # the notes: see `same_but_notes`
    body_line: int = 1
    tasks: tuple[Task, ...] = ()
    wiki_links: tuple[WikiLink, ...] = ()
    lines: dict[str, int] = field(default_factory=dict, compare=False)


def same_but_notes(old: Person | Interview, new: Person | Interview) -> bool:
    """Whether two records read from one file differ at most in their notes: then the watcher's
    quick rebuild swaps the new notes into the model and makes again only the pages showing
    them. A record's `==` leaves out its notes (`body`), which each page showing them has in its
    key on its own, and the line of each field (`lines`), which must be the same too (a
    follow-up links to the line it comes from)."""
    return old == new and old.lines == new.lines


@dataclass(frozen=True)
class Referral:
    """One referral edge: `referrer` pointed you to `referred`.

    `referrer` is a slug, or None when the introducer has no file. `referred` is a slug when the
    person has a file, else None and `name` holds the name as written. `interview` names the
    interview the referral was given in (None for `introduced_by`)."""

    referrer: str | None
    referrer_name: str
    referred: str | None
    name: str
    file: str
    line: int | None
    interview: str | None = None
    date: date | None = None


@dataclass(frozen=True)
class FollowUp:
    """One item of the follow-up queue."""

    kind: str
    person: str
    due: date | None
    text: str
    file: str
    line: int | None = None
    known: bool = True  # False for `add-contact`, whose person has no file yet
    snoozed: bool = False  # due on the person's `snoozed_until`, later than it would be

    def as_dict(self) -> dict:
        return {"kind": self.kind, "person": self.person,
                "due": self.due.isoformat() if self.due else None,
                "text": self.text, "file": self.file, "line": self.line}
