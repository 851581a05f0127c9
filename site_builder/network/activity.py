"""How the search has gone, month by month, and how well the queue has been kept.

Plain numbers for the dashboard's charts: interviews and new contacts in each of the last
twelve months, the share of thank-you notes sent within two days of the interview, and the
share of referrals you reached out to. Nothing here reads files or the clock.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from operator import attrgetter

from .assemble import Network
from .model import DONE
from .referrals import CONTACTED, INTERVIEWED, ReferralIndex

MONTHS = 12
THANK_YOU_DAYS = 2  # a handwritten note within two days still feels like a prompt thank-you


@dataclass(frozen=True)
class Month:
    first_day: date
    interviews: int  # done interviews dated in the month
    contacts: int  # people whose `added` falls in the month

    @property
    def short(self) -> str:
        return f"{self.first_day:%b}"

    @property
    def long(self) -> str:
        return f"{self.first_day:%B %Y}"


@dataclass(frozen=True)
class Rate:
    """`done` of `total`, e.g. thank-you notes sent on time of those that were due."""

    done: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


@dataclass(frozen=True)
class Activity:
    months: tuple[Month, ...]  # oldest first, ending with today's month
    thanked_on_time: Rate  # done interviews whose note went out within THANK_YOU_DAYS
    referrals_reached: Rate  # referrals you contacted or interviewed


def last_months(today: date, count: int = MONTHS) -> list[date]:
    """The first days of the `count` months ending with today's, oldest first."""
    year, month = today.year, today.month
    firsts = []
    for _ in range(count):
        firsts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return firsts[::-1]


def activity(network: Network, referrals: ReferralIndex, today: date) -> Activity:
    firsts = last_months(today)
    index = {(first.year, first.month): position for position, first in enumerate(firsts)}
    interviews, contacts = [0] * len(firsts), [0] * len(firsts)
    for interview in network.interviews:
        position = index.get((interview.date.year, interview.date.month))
        if interview.status == DONE and position is not None:
            interviews[position] += 1
    # each day someone was added, once (a few hundred days for thousands of people)
    for added, count in Counter(map(attrgetter("added"), network.people.values())).items():
        position = index.get((added.year, added.month)) if added else None
        if position is not None:
            contacts[position] += count
    months = tuple(Month(first, interviews[i], contacts[i]) for i, first in enumerate(firsts))
    return Activity(months, _thank_yous(network, today), _referrals_reached(referrals))


def _thank_yous(network: Network, today: date) -> Rate:
    """Counted over the interviews whose two days have passed, or that were thanked already."""
    window = timedelta(days=THANK_YOU_DAYS)
    due = [i for i in network.interviews if i.status == DONE and (i.thanked or i.date + window < today)]
    on_time = sum(1 for i in due if i.thanked and i.thanked - i.date <= window)
    return Rate(on_time, len(due))


def _referrals_reached(referrals: ReferralIndex) -> Rate:
    given = referrals.given
    return Rate(given[CONTACTED] + given[INTERVIEWED], given.total())
