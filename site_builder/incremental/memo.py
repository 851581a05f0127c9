"""What a check and a build make of the files, made plainly or from what the last made: the
network, the follow-up queue, the referral index, what the pages show, the pages with their
keys, and `search/people.js`.

`Memo` makes each part by its stage's own function and keeps nothing. `KeptMemo`, the
watcher's for its builds in place, keeps each part with what it was made from (the network:
the last check's, which the keeper holds), and the next build makes again only what is made
from something else: it gives the same parts as `Memo`.
"""

from __future__ import annotations

from datetime import date
from typing import Callable

from ..config import Config
from ..content.documents import ContentFile
from ..diagnostics import Diagnostic
from ..exports.pieces import Parts
from ..network.assemble import Network, build_network
from ..network.followups import build_queue
from ..network.model import FollowUp
from ..network.referrals import ReferralIndex, build_referral_index
from ..render.pages import Page, SiteContent, collect_content, plan_pages
from ..render.people_index import PeopleRow, people_index_parts
from ..render.urls import PEOPLE_INDEX
from .kept_network import brought_up_to_date
from .kept_pages import KeptPages
from .kept_queue import KeptQueue
from .kept_referrals import KeptReferralIndex


class Memo:
    """Each part made afresh by its stage, nothing kept: for the builds not in place (nothing
    comes after them in this process, and keeping would only add to their peak memory), and
    for every build of `KeepNothing`."""

    def network(self, files: list[ContentFile], today: date, read: Callable[[ContentFile, date], tuple],
                previous: Network | None, read_again: list[ContentFile] | None) -> tuple[Network, list[Diagnostic]]:
        """`build_network` of the files; the last check's network (`previous`) and the files
        `read_again` since are what a kept memo brings up to date."""
        return build_network(files, today, read)

    def queue(self, network: Network, today: date, default_cadence: int) -> list[FollowUp]:
        return build_queue(network, today, default_cadence)

    def referral_index(self, network: Network) -> ReferralIndex:
        return build_referral_index(network)

    def content(self, network: Network, queue: list[FollowUp], referrals: ReferralIndex, today: date,
                config: Config) -> SiteContent:
        return collect_content(network, queue, referrals, today, config)

    def pages(self, content: SiteContent) -> list[Page]:
        return plan_pages(content)

    def people_index(self, rows: list[PeopleRow], export: Callable[[str, object, Callable[[], Parts]], tuple]
                     ) -> tuple:
        """`search/people.js` as (what it is made from, what makes its bytes): an entry per row,
        made as the keeper makes an export of `people_index_parts` (`export`)."""
        return export(PEOPLE_INDEX, rows, lambda: people_index_parts(rows))


class KeptMemo(Memo):
    """What the last build in place made, with what it was made from: each part is brought up
    to date from it."""

    def __init__(self):
        self.kept_queue = KeptQueue()
        self.kept_referrals = KeptReferralIndex()
        self.kept_pages = KeptPages()  # what the pages show, and their keys

    def network(self, files: list[ContentFile], today: date, read: Callable[[ContentFile, date], tuple],
                previous: Network | None, read_again: list[ContentFile] | None) -> tuple[Network, list[Diagnostic]]:
        return brought_up_to_date(files, today, read, previous, read_again)

    def queue(self, network: Network, today: date, default_cadence: int) -> list[FollowUp]:
        return self.kept_queue.queue(network, today, default_cadence)

    def referral_index(self, network: Network) -> ReferralIndex:
        return self.kept_referrals.referral_index(network)

    def content(self, network: Network, queue: list[FollowUp], referrals: ReferralIndex, today: date,
                config: Config) -> SiteContent:
        return self.kept_pages.content(network, queue, referrals, today, config,
                                       self.kept_queue.items_by_person(queue))

    def pages(self, content: SiteContent) -> list[Page]:
        return self.kept_pages.pages(content)

