"""The watcher's referral index: the last one stands while what it is made from is the same,
and what became of each person is made again only for the people whose records changed.

It gives the index `network.referrals.build_referral_index` makes.
"""

from __future__ import annotations

from ..network.assemble import Network
from ..network.referrals import ReferralIndex, outcome_of, outcomes_of, referral_index_inputs, referral_index_of
from .maps import replaced


class KeptReferralIndex:
    """The last referral index, with the network it was made of (its outcomes are that
    network's) and the `referral_index_inputs` it was made from."""

    def __init__(self):
        self.index: ReferralIndex | None = None
        self.network: Network | None = None
        self.inputs: tuple = ()

    def referral_index(self, network: Network) -> ReferralIndex:
        """`build_referral_index` of the network: the last index, if made from the same."""
        outcomes, inputs = self._outcomes(network), referral_index_inputs(network)
        if self.index is None or self.index.outcomes != outcomes or self.inputs != inputs:
            self.index, self.inputs = referral_index_of(network, outcomes), inputs
        self.network = network  # (the index's outcomes are this network's too)
        return self.index

    def _outcomes(self, network: Network) -> dict[str, str]:
        """`outcomes_of` the network: the last index's stand for the people whose records are the
        same objects, while everyone's interviews are the same."""
        before = self.network
        if before is None or (before.interviews_by_person, before.done_by_person) != (
                network.interviews_by_person, network.done_by_person):
            return outcomes_of(network)
        outcomes = dict(self.index.outcomes)
        for slug in replaced(before.people, network.people):
            if slug in network.people:
                outcomes[slug] = outcome_of(network, network.people[slug])
            else:
                del outcomes[slug]
        return outcomes
