"""The referral index: who introduced whom, the chain from you to each person, and outcomes."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from ..content.references import slugify
from .assemble import Network
from .model import Person, Referral

NO_FILE, NOT_CONTACTED, CONTACTED, INTERVIEWED = "no file yet", "not contacted", "contacted", "interviewed"


@dataclass(frozen=True)
class ReferralOutcome:
    """One person a referrer pointed you to, and what became of it."""

    slug: str | None  # None when they have no file yet
    name: str
    outcome: str
    referral: Referral


@dataclass
class Referrer:
    slug: str | None
    name: str
    referred: list[ReferralOutcome] = field(default_factory=list)

    @property
    def followed_up(self) -> int:
        return sum(1 for r in self.referred if r.outcome in (CONTACTED, INTERVIEWED))


@dataclass
class ChainNode:
    """A node of the tree from you outward; `slug` is None for a name with no file."""

    slug: str | None
    name: str
    outcome: str
    children: list["ChainNode"] = field(default_factory=list)


@dataclass
class ReferralIndex:
    parent: dict[str, str]  # slug -> slug of the person who first referred them
    referrers: dict[str, Referrer]  # by slug (or by name for referrers with no file)
    tree: list[ChainNode]  # the people you reached directly, each with those they led to
    outcomes: dict[str, str] = field(default_factory=dict)  # slug -> what became of them

    def outcome(self, slug: str | None) -> str:
        return self.outcomes.get(slug, NO_FILE) if slug else NO_FILE

    def chain(self, slug: str) -> list[str]:
        """Slugs from the first person you knew to `slug`, inclusive."""
        chain = [slug]
        while chain[-1] in self.parent:
            chain.append(self.parent[chain[-1]])
        return chain[::-1]

    @cached_property
    def children(self) -> dict[str, list[str]]:
        """slug -> the people they first referred."""
        return _children(self.parent)

    @cached_property
    def referred_by(self) -> dict[str, list[str]]:
        """slug -> the people with a file who referred them."""
        referred_by: dict[str, list[str]] = {}
        for referrer in self.referrers.values():
            for referred in referrer.referred:
                if referred.slug and referrer.slug:
                    referred_by.setdefault(referred.slug, []).append(referrer.slug)
        return referred_by

    def below(self, slugs) -> set[str]:
        """These people, and everyone whose chain passes through one of them."""
        found, todo = set(), list(slugs)
        while todo:
            slug = todo.pop()
            if slug not in found:
                found.add(slug)
                todo.extend(self.children.get(slug, ()))
        return found

    @cached_property
    def tree_slugs(self) -> list[tuple[str, ...]]:
        """Everyone with a file in each tree of `tree`, in its order."""
        return [_slugs_in(root) for root in self.tree]

    @cached_property
    def given(self) -> Counter:
        """How many of the referrals given ended in each outcome (the index is made again only
        when they change, so each is counted once)."""
        return Counter(referred.outcome for referrer in self.referrers.values() for referred in referrer.referred)

    @cached_property
    def top_referrers(self) -> list[Referrer]:
        return sorted(self.referrers.values(),
                      key=lambda r: (-len(r.referred), -r.followed_up, r.name.casefold()))


def outcome_of(network: Network, person: Person) -> str:
    """What became of a person: interviewed (a done interview), contacted (`contacted`,
    `last_contact` or an interview to come), or not contacted."""
    slug = person.slug
    return (INTERVIEWED if network.done_by_person.get(slug) else
            CONTACTED if person.contacted or person.last_contact or network.interviews_by_person.get(slug)
            else NOT_CONTACTED)


def outcomes_of(network: Network) -> dict[str, str]:
    """slug -> what became of each person (`outcome_of`)."""
    return {slug: outcome_of(network, person) for slug, person in network.people.items()}


def build_referral_index(network: Network) -> ReferralIndex:
    """Who referred whom, and what became of it: made from `referral_index_inputs` and what
    became of each person (`outcomes_of`) only."""
    return referral_index_of(network, outcomes_of(network))


def referral_index_inputs(network: Network) -> tuple:
    """What the referral index is made from, besides what became of each person: the referral
    edges and everyone's name."""
    names = network.resolver.names if network.resolver else {slug: p.name for slug, p in network.people.items()}
    return network.referrals, names


def referral_index_of(network: Network, outcomes: dict[str, str]) -> ReferralIndex:
    """The referral index of the network, given what became of each person."""
    referrers: dict[str, Referrer] = {}
    parent: dict[str, str] = {}
    unfiled: dict[str, list[ReferralOutcome]] = {}
    for referral in sorted(network.referrals, key=lambda r: (r.interview is not None, r.date or date.min, r.file)):
        key = referral.referrer or f"name:{slugify(referral.referrer_name)}"
        referrer = referrers.setdefault(key, Referrer(referral.referrer, referral.referrer_name))
        target = referral.referred or f"name:{slugify(referral.name)}"
        if any((r.slug or f"name:{slugify(r.name)}") == target for r in referrer.referred):
            continue
        outcome = ReferralOutcome(referral.referred, referral.name, outcomes.get(referral.referred, NO_FILE), referral)
        referrer.referred.append(outcome)
        if referral.referrer is None:
            continue
        if referral.referred is None:
            unfiled.setdefault(referral.referrer, []).append(outcome)
        elif referral.referred not in parent and not _leads_to(parent, referral.referrer, referral.referred):
            parent[referral.referred] = referral.referrer
    return ReferralIndex(parent, referrers, _tree(network.people, parent, unfiled, outcomes), outcomes)


def _slugs_in(root: ChainNode) -> tuple[str, ...]:
    """Everyone with a file in the tree from `root`, each before those they led to."""
    found, todo = [], [root]
    while todo:  # (not recursive: a chain may be thousands long)
        node = todo.pop()
        if node.slug:
            found.append(node.slug)
        todo.extend(reversed(node.children))
    return tuple(found)


def _leads_to(parent: dict[str, str], start: str, target: str) -> bool:
    """Whether `target` is `start` or one of its ancestors (a new edge would close a loop)."""
    slug = start
    while slug is not None:
        if slug == target:
            return True
        slug = parent.get(slug)
    return False


def _children(parent: dict[str, str]) -> dict[str, list[str]]:
    children: dict[str, list[str]] = {}
    for child, slug in parent.items():
        children.setdefault(slug, []).append(child)
    return children


def _tree(people: dict[str, Person], parent, unfiled, outcomes) -> list[ChainNode]:
    children = _children(parent)

    def node(slug: str) -> ChainNode:
        kids = [node(child) for child in sorted(children.get(slug, []), key=lambda s: people[s].name.casefold())]
        kids += [ChainNode(None, o.name, NO_FILE) for o in unfiled.get(slug, [])]
        return ChainNode(slug, people[slug].name, outcomes[slug], kids)

    roots = [slug for slug in people if slug not in parent and (slug in children or slug in unfiled)]
    return [node(slug) for slug in sorted(roots, key=lambda s: people[s].name.casefold())]
