"""The follow-up queue: what to do next, and when, following FORMAT.md's rules exactly.

Every rule is a small function from one person (and the network) to candidate items; the
queue keeps one item per person and kind, at the earliest due date (tasks: one per line), and
moves the items of a person snoozed until a later day to that day.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, replace
from datetime import date, timedelta

from ..content.references import slugify
from .assemble import Network
from .model import DONE, SCHEDULED, FollowUp

DAY = timedelta(days=1)
OVERDUE, TODAY, THIS_WEEK, LATER, SOMEDAY = "overdue", "today", "this week", "later", "someday"
GROUPS = (OVERDUE, TODAY, THIS_WEEK, LATER, SOMEDAY)
KINDS = ("prepare", "thank-you", "connect", "reach-out", "nudge", "follow-up", "circle-back", "task",
         "add-contact", "write-up")


def build_queue(network: Network, today: date, default_cadence: int = 90) -> list[FollowUp]:
    """Every open follow-up, sorted by due date (none last), then person."""
    referrers = referrers_by_person(network)
    items = [item for person in network.people.values() if not person.archived
             for item in person_items(network, person, today, referrers, default_cadence)]
    items.extend(add_contact_items(network))
    return sorted(items, key=queue_order)


def items_by_person(queue: list[FollowUp]) -> dict[str, list[FollowUp]]:
    """Each person's items (people with a file), in the queue's order."""
    by_person: dict[str, list[FollowUp]] = {}
    for item in queue:
        if item.known:
            by_person.setdefault(item.person, []).append(item)
    return by_person


def person_items(network: Network, person, today: date, referrers: Referrers, default_cadence: int) -> list[FollowUp]:
    """A person's items: the earliest of each kind, and their open tasks, each snoozed if the
    person is (`snoozed`). Made from the person, their interviews, who referred them and when,
    today and the default cadence only."""
    candidates = [
        *_prepare(network, person, today),
        *_thank_you(network, person),
        *_connect(network, person),
        *_reach_out(network, person, today, referrers),
        *_nudge(network, person),
        *_follow_up(network, person),
        *_circle_back(network, person, default_cadence),
        *_write_up(network, person),
    ]
    return snoozed([*_earliest_per_kind(candidates), *_tasks(network, person)], person.snoozed_until)


def snoozed(items: list[FollowUp], until: date | None) -> list[FollowUp]:
    """The items of a person snoozed `until` a day (FORMAT 1.1): an item due before it is due on
    it instead, but a `prepare` (the interview is on its day) and an item with no due date."""
    if until is None:
        return items
    return [replace(item, due=until, snoozed=True) if item.kind != "prepare" and item.due and item.due < until
            else item for item in items]


def queue_order(item: FollowUp) -> tuple:
    """Where an item stands in the queue: by due date (none last), person, kind, file and line."""
    return (item.due is None, item.due or date.min, item.person, item.kind, item.file, item.line or 0)


def grouped(queue: list[FollowUp], today: date) -> dict[str, list[FollowUp]]:
    """The queue (in `queue_order`) split into overdue, today, this week (the next seven days),
    later, and someday (no due date)."""
    def due(item: FollowUp) -> tuple:
        return item.due is None, item.due or date.min

    starts = [bisect.bisect_left(queue, (False, day), key=due) for day in (today, today + DAY, today + 8 * DAY)]
    cuts = [0, *starts, bisect.bisect_left(queue, (True, date.min), key=due), len(queue)]
    return {group: queue[start:end] for group, start, end in zip(GROUPS, cuts, cuts[1:])}


@dataclass(frozen=True)
class Referrers:
    """Who referred each person, as their items need it."""

    names: dict[str, list[str]]  # slug -> names of the people who referred them
    dates: dict[str, list[date]]  # slug -> dates of the done interviews that referred them


def referrers_by_person(network: Network) -> Referrers:
    names: dict[str, list[str]] = {}
    dates: dict[str, list[date]] = {}
    done = {interview.name for interview in network.interviews if interview.status == DONE}
    for referral in network.referrals:
        if referral.referred is None:
            continue
        if referral.interview is None or referral.interview in done:
            names.setdefault(referral.referred, []).append(referral.referrer_name)
        if referral.interview in done:
            dates.setdefault(referral.referred, []).append(referral.date)
    return Referrers(names, dates)


def _prepare(network, person, today):
    for interview in network.interviews_of(person.slug):
        if interview.status == SCHEDULED and interview.date >= today:
            when = interview.date.isoformat() + (f" at {interview.time}" if interview.time else "")
            how = f"{interview.channel} " if interview.channel else ""
            yield FollowUp("prepare", person.slug, interview.date,
                           f"Prepare for the {how}interview with {person.name} on {when}", interview.file, 1)


def _thank_you(network, person):
    for interview in network.done_interviews_of(person.slug):
        if not interview.thanked:
            yield FollowUp("thank-you", person.slug, interview.date + DAY,
                           f"Send {person.name} a handwritten thank-you note for the interview on "
                           f"{interview.date.isoformat()}", interview.file, 1)


def _connect(network, person):
    done = network.done_interviews_of(person.slug)
    if done and not person.linkedin_connected:
        yield FollowUp("connect", person.slug, done[0].date + DAY, f"Connect with {person.name} on LinkedIn",
                       person.file, person.lines.get("linkedin_connected", 1))


def _reach_out(network, person, today, referrers: Referrers):
    referred = person.introduced_by is not None or person.slug in referrers.dates
    untouched = not (person.contacted or person.last_contact or network.interviews_of(person.slug))
    if referred and untouched:
        dates = referrers.dates.get(person.slug)
        due = min(dates) + 7 * DAY if dates else (person.added or today)
        by = referrers.names.get(person.slug) or [person.introduced_by.text]
        yield FollowUp("reach-out", person.slug, due,
                       f"Reach out to {person.name}, mentioning that {' and '.join(dict.fromkeys(by))} "
                       "suggested you ask for 15 minutes", person.file, 1)


def _nudge(network, person):
    contacted = person.contacted
    if not contacted:
        return
    replied = person.last_contact and person.last_contact >= contacted
    met = any(interview.date >= contacted and interview.status in (DONE, SCHEDULED)
              for interview in network.interviews_of(person.slug))
    if not replied and not met:
        yield FollowUp("nudge", person.slug, contacted + 7 * DAY,
                       f"No answer from {person.name} since {contacted.isoformat()}: send a short, friendly nudge",
                       person.file, person.lines.get("contacted"))


def _follow_up(network, person):
    last = network.last_interaction(person)
    sources = [(person.follow_up, person.file, person.lines.get("follow_up"))]
    sources += [(i.follow_up, i.file, i.lines.get("follow_up")) for i in network.done_interviews_of(person.slug)]
    for day, file, line in sources:
        if day and not (last and last >= day):
            yield FollowUp("follow-up", person.slug, day,
                           f"Follow up with {person.name}: they said you may get back in touch from "
                           f"{day.isoformat()}", file, line)


def _circle_back(network, person, default_cadence):
    last = network.last_interaction(person)
    done = network.done_interviews_of(person.slug)
    if not last or not (done or person.cadence):
        return
    if done and done[-1].may_follow_up is False:
        return
    days = person.cadence or default_cadence
    yield FollowUp("circle-back", person.slug, last + timedelta(days=days),
                   f"Circle back to {person.name} and tell them how your search is going "
                   f"(last in touch {last.isoformat()})", person.file, person.lines.get("cadence", 1))


def _write_up(network, person):
    for interview in network.done_interviews_of(person.slug):
        if not interview.written_up:
            yield FollowUp("write-up", person.slug, interview.date,
                           f"Write up your notes of the interview with {person.name} on {interview.date.isoformat()} "
                           "while you remember it", interview.file, interview.body_line)


def _tasks(network, person):
    sources = [person.tasks, *(interview.tasks for interview in network.interviews_of(person.slug))]
    for tasks in sources:
        for task in tasks:
            if not task.done:
                yield FollowUp("task", person.slug, task.due, task.text, task.file, task.line)


def add_contact_items(network: Network) -> list[FollowUp]:
    """One item per distinct name in `referrals` or `introduced_by` that has no file."""
    earliest: dict[str, FollowUp] = {}
    done = {interview.name: interview for interview in network.interviews if interview.status == DONE}
    for referral in network.referrals:
        if referral.referred is None:
            name, context = referral.name, f"referred by {referral.referrer_name}"
        elif referral.referrer is None:
            name, context = referral.referrer_name, f"who introduced you to {referral.name}"
        else:
            continue
        key = slugify(name)
        due = done[referral.interview].date if referral.interview in done else None
        item = FollowUp("add-contact", name, due,
                        f"Add {name} to your network ({context}): ties new person \"{name}\"",
                        referral.file, referral.line, known=False)
        current = earliest.get(key)
        if current is None or (due and (current.due is None or due < current.due)):
            earliest[key] = item
    return list(earliest.values())


def _earliest_per_kind(candidates: list[FollowUp]) -> list[FollowUp]:
    earliest: dict[str, FollowUp] = {}
    for item in candidates:
        current = earliest.get(item.kind)
        if current is None or item.due < current.due:
            earliest[item.kind] = item
    return list(earliest.values())

