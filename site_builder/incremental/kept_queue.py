"""The watcher's follow-up queue: the last queue, brought up to date after a save by making
again only the items of the people whose items are made from something else.

It gives the queue `network.followups.build_queue` makes, item for item, in the same order.
"""

from __future__ import annotations

import bisect
import operator
from dataclasses import dataclass, field
from datetime import date

from ..network.assemble import Network
from ..network.followups import (Referrers, add_contact_items, build_queue, items_by_person, person_items, queue_order,
                                 referrers_by_person)
from ..network.model import FollowUp
from .maps import changed, replaced

_order = operator.itemgetter(0)  # of (`queue_order` of an item, the item)
_FEW = 64  # up to this many items are placed (or taken out) one by one, by bisection; more: sorted again


@dataclass
class KeptQueue:
    """The last queue, with what it was made from: the next is brought up to date from it."""

    network: Network | None = None
    settings: tuple = ()  # today and the default cadence
    referrers: Referrers | None = None
    ordered: list[tuple[tuple, FollowUp]] = field(default_factory=list)  # each item after its `queue_order`
    made: list[FollowUp] | None = None  # the queue made
    by_person: dict[str, list[FollowUp]] = field(default_factory=dict)  # slug -> their items, in order

    def queue(self, network: Network, today: date, default_cadence: int) -> list[FollowUp]:
        """`build_queue`'s queue: the items of the people whose items are made from the same as
        last time (their record, interviews, who referred them and when) stand."""
        settings = (today, default_cadence)
        if self.network is None or self.settings != settings:
            queue = build_queue(network, today, default_cadence)
            referrers, ordered = referrers_by_person(network), [(queue_order(item), item) for item in queue]
            by_person = items_by_person(queue)
        else:
            referrers, ordered, by_person = self._brought_up_to_date(network, today, default_cadence)
            queue = [item for _, item in ordered]
        self.network, self.settings, self.referrers = network, settings, referrers
        self.ordered, self.made, self.by_person = ordered, queue, by_person
        return queue

    def items_by_person(self, queue: list[FollowUp]) -> dict[str, list[FollowUp]]:
        """`followups.items_by_person` of a queue: kept, if it is the one made last."""
        return self.by_person if queue is self.made else items_by_person(queue)

    def _brought_up_to_date(self, network: Network, today: date, default_cadence: int):
        """The referrers, the ordered items and each person's items of the last queue, with the
        items made again of each person whose items are made from something else, and of the
        people without a file."""
        before = self.network
        same_edges = network.referrals is before.referrals and network.interviews is before.interviews
        referrers = self.referrers if same_edges else referrers_by_person(network)
        again = replaced(before.people, network.people) | changed(before.interviews_by_person,
                                                                  network.interviews_by_person)
        if referrers is not self.referrers:
            again |= changed(self.referrers.names, referrers.names) | changed(self.referrers.dates, referrers.dates)
        gone = [item for slug in again for item in self.by_person.get(slug, ())]
        if not same_edges:
            gone.extend(item for item in self.made if not item.known)
        ordered = _without(self.ordered, gone)
        fresh = [(queue_order(item), item) for slug in again if slug in network.people
                 and not network.people[slug].archived
                 for item in person_items(network, network.people[slug], today, referrers, default_cadence)]
        theirs = {slug: [] for slug in again}
        for pair in sorted(fresh, key=_order):
            theirs[pair[1].person].append(pair[1])
        by_person = {**self.by_person, **theirs}
        for slug in again:
            if not theirs[slug]:
                del by_person[slug]
        if not same_edges:
            fresh.extend((queue_order(item), item) for item in add_contact_items(network))
        if len(fresh) < _FEW:
            for pair in fresh:
                bisect.insort(ordered, pair, key=_order)
        else:
            ordered.extend(fresh)
            ordered.sort(key=_order)
        return referrers, ordered, by_person


def _without(ordered: list[tuple[tuple, FollowUp]], gone: list[FollowUp]) -> list[tuple[tuple, FollowUp]]:
    """The ordered items but those `gone`: a few are found by bisection."""
    if len(gone) <= _FEW:
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
