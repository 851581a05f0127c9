"""The follow-up queue: what to do next, and when, following FORMAT.md's rules exactly.

Every rule is a small function from one person (and the network) to candidate items; the
queue keeps one item per person and kind, at the earliest due date (tasks: one per line).
"""

from __future__ import annotations

import bisect
import operator
from dataclasses import dataclass, field
from datetime import date, timedelta

from ..content.references import slugify
from ..incremental.maps import changed, replaced
from .assemble import Network
from .model import DONE, SCHEDULED, FollowUp

DAY = timedelta(days=1)
OVERDUE, TODAY, THIS_WEEK, LATER, SOMEDAY = "overdue", "today", "this week", "later", "someday"
GROUPS = (OVERDUE, TODAY, THIS_WEEK, LATER, SOMEDAY)
KINDS = ("prepare", "thank-you", "connect", "reach-out", "nudge", "follow-up", "circle-back", "task",
         "add-contact")
_order = operator.itemgetter(0)  # of (`queue_order` of an item, the item)


@dataclass
class KeptQueue:
    """The last queue, with what it was made from: the next is brought up to date from it."""

    network: Network | None = None
    settings: tuple = ()  # today and the default cadence
    referrers: _Referrers | None = None
    ordered: list[tuple[tuple, FollowUp]] = field(default_factory=list)  # each item after its `queue_order`
    queue: list[FollowUp] | None = None  # the queue made
    items_by_person: dict[str, list[FollowUp]] = field(default_factory=dict)  # slug -> their items, in order


def build_queue(network: Network, today: date, default_cadence: int = 90,
                kept: KeptQueue | None = None) -> list[FollowUp]:
    """Every open follow-up, sorted by due date (none last), then person.

    Given `kept`, the items of the people whose items are made from the same as last time (their
    record, interviews, who referred them and when) stand, and `kept` is brought up to date."""
    settings = (today, default_cadence)
    if kept is None or kept.network is None or kept.settings != settings:
        referrers = _referrers_by_person(network)
        ordered = [(queue_order(item), item) for person in network.people.values() if not person.archived
                   for item in _items_of(network, person, today, referrers, default_cadence)]
        ordered.extend((queue_order(item), item) for item in _add_contact(network))
        ordered.sort(key=_order)
        queue = [item for _, item in ordered]
        by_person = items_by_person(queue) if kept is not None else {}
    else:
        referrers, ordered, by_person = _brought_up_to_date(network, settings, kept)
        queue = [item for _, item in ordered]
    if kept is not None:
        kept.network, kept.settings, kept.referrers = network, settings, referrers
        kept.ordered, kept.queue, kept.items_by_person = ordered, queue, by_person
    return queue


def items_by_person(queue: list[FollowUp]) -> dict[str, list[FollowUp]]:
    """Each person's items (people with a file), in the queue's order."""
    by_person: dict[str, list[FollowUp]] = {}
    for item in queue:
        if item.known:
            by_person.setdefault(item.person, []).append(item)
    return by_person


def _brought_up_to_date(network: Network, settings: tuple, kept: KeptQueue):
    """The referrers, the ordered items and each person's items of the queue last `kept`, with
    the items made again of each person whose items are made from something else, and of the
    people without a file."""
    before, (today, default_cadence) = kept.network, settings
    same_edges = network.referrals is before.referrals and network.interviews is before.interviews
    referrers = kept.referrers if same_edges else _referrers_by_person(network)
    again = replaced(before.people, network.people) | changed(before.interviews_by_person, network.interviews_by_person)
    if referrers is not kept.referrers:
        again |= changed(kept.referrers.names, referrers.names) | changed(kept.referrers.dates, referrers.dates)
    gone = [item for slug in again for item in kept.items_by_person.get(slug, ())]
    if not same_edges:
        gone.extend(item for item in kept.queue if not item.known)
    ordered = _without(kept.ordered, gone)
    fresh = [(queue_order(item), item) for slug in again if slug in network.people
             and not network.people[slug].archived
             for item in _items_of(network, network.people[slug], today, referrers, default_cadence)]
    theirs = {slug: [] for slug in again}
    for pair in sorted(fresh, key=_order):
        theirs[pair[1].person].append(pair[1])
    by_person = {**kept.items_by_person, **theirs}
    for slug in again:
        if not theirs[slug]:
            del by_person[slug]
    if not same_edges:
        fresh.extend((queue_order(item), item) for item in _add_contact(network))
    if len(fresh) < 64:
        for pair in fresh:
            bisect.insort(ordered, pair, key=_order)
    else:
        ordered.extend(fresh)
        ordered.sort(key=_order)
    return referrers, ordered, by_person


def _without(ordered: list[tuple[tuple, FollowUp]], gone: list[FollowUp]) -> list[tuple[tuple, FollowUp]]:
    """The ordered items but those `gone`: a few are found by bisection."""
    if len(gone) <= 64:
        left = list(ordered)
        for item in gone:
            at = bisect.bisect_left(left, queue_order(item), key=_order)
            if at == len(left) or left[at][1] is not item:  # (no two items share a key, but should they)
                break
            del left[at]
        else:
            return left
    ids = {id(item) for item in gone}
    return [pair for pair in ordered if id(pair[1]) not in ids]


def _items_of(network: Network, person, today: date, referrers: _Referrers, default_cadence: int) -> list[FollowUp]:
    """A person's items: the earliest of each kind, and their open tasks. Made from the person,
    their interviews, who referred them and when, today and the default cadence only."""
    candidates = [
        *_prepare(network, person, today),
        *_thank_you(network, person),
        *_connect(network, person),
        *_reach_out(network, person, today, referrers),
        *_nudge(network, person),
        *_follow_up(network, person),
        *_circle_back(network, person, default_cadence),
    ]
    return [*_earliest_per_kind(candidates), *_tasks(network, person)]


def queue_order(item: FollowUp):
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
class _Referrers:
    names: dict[str, list[str]]  # slug -> names of the people who referred them
    dates: dict[str, list[date]]  # slug -> dates of the done interviews that referred them


def _referrers_by_person(network: Network) -> _Referrers:
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
    return _Referrers(names, dates)


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


def _reach_out(network, person, today, referrers: _Referrers):
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


def _tasks(network, person):
    sources = [person.tasks, *(interview.tasks for interview in network.interviews_of(person.slug))]
    for tasks in sources:
        for task in tasks:
            if not task.done:
                yield FollowUp("task", person.slug, task.due, task.text, task.file, task.line)


def _add_contact(network):
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

