"""The pages stage: which pages the site has, and what each one shows.

`plan_pages` turns the model into a list of `Page` values (an output path, a template and its
context). Rendering them is the theme's job; nothing here touches the disk.
"""

from __future__ import annotations

import bisect
import hashlib
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property, partial
from operator import attrgetter
from typing import Callable

from ..config import Config
from ..content.references import slugify
from ..incremental.maps import changed, replaced
from ..network import followups
from ..network.activity import activity
from ..network.assemble import Network, links_of
from ..network.followups import GROUPS, OVERDUE, THIS_WEEK, TODAY, grouped
from ..network.model import DONE, SCHEDULED, FollowUp, Interview, Person
from ..network.referrals import NO_FILE, NOT_CONTACTED, ReferralIndex
from ..publish.modes import ENCRYPTED, exports_of
from . import pictures, urls
from .people_index import people_json
from .prep import has_prep_sheet, prep_sheet

DASHBOARD_ITEMS = 12  # queue items per group on the dashboard; the queue page has them all
PEOPLE_PER_PAGE = 250  # rows of the people table per page: a phone opens each in well under a second
INTERVIEWS_PER_PAGE = 250  # rows of the interviews table per page
COMPANIES_PER_PAGE = 100  # of the companies index, each with a few of the people there
LIST_PER_PAGE = 250  # people (or interviews) per page of a company and of a topic's whole lists
TOPIC_PREVIEW = 100  # of each list on a topic's page; a longer list has pages of its own
QUEUE_PREVIEW = 100  # items per group on the queue page; a longer group gets pages of its own
QUEUE_PER_PAGE = 250
ROOTS_PER_PAGE = 50  # referral trees per page of the referral index
REFERRERS_PER_PAGE = 100
PREVIEW = 12  # people shown per topic or company on their index pages


@dataclass(slots=True)  # (not frozen: a plan makes 41,000 of them at 30,000 people, three times as fast)
class Page:
    """One page to render. Pages with equal `key`s render the same bytes, so a page whose key is
    unchanged since the last build is not rendered again; None means always render."""

    path: str
    template: str
    context: dict | Callable[[SiteContent], dict]  # a function of the content, made only if the page is rendered
    key: object = None
    notes_of: Person | Interview | None = None  # whose notes the page shows, as `notes`


@dataclass(frozen=True)
class Pager:
    """Where a page stands in a list split over several pages."""

    number: int
    paths: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.paths)

    @property
    def previous(self) -> str | None:
        return self.paths[self.number - 2] if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return self.paths[self.number] if self.number < self.count else None


def paginate(first: str, items: list, size: int) -> list[tuple[str, list, Pager]]:
    """Split `items` into pages of `size`: (path, the page's items, its pager) for each."""
    chunks = [items[start:start + size] for start in range(0, len(items), size)] or [[]]
    paths = tuple(urls.numbered_page(first, number) for number in range(1, len(chunks) + 1))
    return [(path, chunk, Pager(number, paths)) for number, (path, chunk) in enumerate(zip(paths, chunks), 1)]


@dataclass
class Topic:
    name: str
    seeking: bool
    slug: str = ""
    people: list[Person] = field(default_factory=list)  # who can speak to it
    interviews: list[Interview] = field(default_factory=list)
    not_contacted: list[Person] = field(default_factory=list)


@dataclass
class Company:
    name: str
    slug: str = ""
    people: list[Person] = field(default_factory=list)


@dataclass
class SiteContent:
    """Everything the pages show, derived once from the network."""

    network: Network
    queue: list[FollowUp]
    referrals: ReferralIndex
    today: date
    config: Config
    items_by_person: dict[str, list[FollowUp]] = field(default_factory=dict)
    pages_of_files: dict[str, tuple[str, str]] = field(default_factory=dict)  # file -> (page, title)
    prep_pages: dict[str, str] = field(default_factory=dict)  # interview file -> its prep sheet
    _chains: dict[str, tuple] = field(default_factory=dict, init=False, repr=False)  # slug -> `chain`

    @cached_property
    def groups(self) -> dict[str, list[FollowUp]]:
        return grouped(self.queue, self.today)

    @property
    def exports(self) -> tuple[str, ...]:
        """The export files the site has (none when redacted), for the links to them."""
        return exports_of(self.config.publish)

    def next_item(self, slug: str) -> FollowUp | None:
        items = self.items_by_person.get(slug)
        return items[0] if items else None

    def next_items(self) -> dict[str, FollowUp]:
        return {slug: items[0] for slug, items in self.items_by_person.items()}

    @cached_property
    def topics(self) -> list[Topic]:
        """Every topic, those sought first (made when first asked for: a rebuild for notes needs none)."""
        return _topics(self.network, self.referrals, self.config)

    @cached_property
    def companies(self) -> list[Company]:
        return _companies(self.network)

    def chain(self, slug: str) -> tuple[tuple[Person, str], ...]:
        """A person's referral chain as their page shows it: each person on it, from the first
        you knew, with what became of them. A chain shares all but its end with its referrer's,
        and each is made once."""
        chains, parent = self._chains, self.referrals.parent
        up = []  # the slugs from `slug` up whose chains are not made yet
        while slug is not None and slug not in chains:
            up.append(slug)
            slug = parent.get(slug)
        above = chains[slug] if slug is not None else ()
        for slug in reversed(up):
            above = chains[slug] = (*above, (self.network.people[slug], self.referrals.outcome(slug)))
        return above

    @cached_property
    def people_rows(self) -> list[tuple]:
        """The people table: (person, last interaction, next item, introducer), by name."""
        by_name = sorted(self.network.people.values(), key=lambda p: (p.name.casefold(), p.slug))  # (`_by_name`)
        return [self._row(person) for person in by_name]

    def _row(self, person: Person) -> tuple:
        slug = person.slug
        return person, self.network.last_interaction(person), self.next_item(slug), self.network.introducer_of(slug)

    def reuse(self, old: SiteContent, again: set[str]) -> None:
        """Take the people table, topics and companies of the `old` content (the last build's,
        with the same settings and names) where they are made from the same. A row, and each
        person's place in topics and companies, show only what their page key is made from, so
        only the people whose key is made `again` may differ: the rest stand, and the topics and
        companies holding those people or an interview read again hold them as they are now."""
        people, before = self.network.people, old.network.people
        theirs_again = [slug for slug in again if slug in people]
        # Each is set where its cached property keeps it: the property then makes it no more.
        rows = self.__dict__["people_rows"] = list(old.people_rows)
        for slug in theirs_again:  # (the table is by name, then slug, and the names are the same)
            person = people[slug]
            at = bisect.bisect_left(rows, (person.name.casefold(), slug), key=_by_name)
            rows[at] = self._row(person)
        if all(before[slug].company == people[slug].company for slug in theirs_again):
            companies = {people[slug].company.casefold() for slug in theirs_again if people[slug].company}
            self.__dict__["companies"] = [_with_people_now(company, people, ("people",), theirs_again)
                                          if company.name.casefold() in companies else company
                                          for company in old.companies]
        interviews = _same_topics(old.network.interviews, self.network.interviews)
        if interviews is not None and all(before[slug].topics == people[slug].topics and
                                          old.referrals.outcome(slug) == self.referrals.outcome(slug)
                                          for slug in theirs_again):
            theirs = [*interviews.values(), *(i for slug in theirs_again for i in self.network.interviews_of(slug))]
            topics = {name.casefold() for slug in theirs_again for name in people[slug].topics}
            topics |= {name.casefold() for interview in theirs for name in interview.topics}
            self.__dict__["topics"] = [
                replace(_with_people_now(topic, people, ("people", "not_contacted"), theirs_again),
                        interviews=[interviews.get(id(i), i) for i in topic.interviews])
                if topic.name.casefold() in topics else topic for topic in old.topics]


def _with_people_now(entry: Topic | Company, people: dict[str, Person], lists: tuple[str, ...],
                     slugs: list[str]) -> Topic | Company:
    """A topic or company with these people in its `lists` (each by name) as they are now."""
    now = {}
    for part in lists:
        members = now[part] = list(getattr(entry, part))
        for slug in slugs:
            name = people[slug].name.casefold()  # (as it was: the names are the same)
            at = bisect.bisect_left(members, name, key=_name_key)
            while at < len(members) and members[at].name.casefold() == name and members[at].slug != slug:
                at += 1
            if at < len(members) and members[at].slug == slug:
                members[at] = people[slug]
    return replace(entry, **now)


def _name_key(person: Person) -> str:
    return person.name.casefold()


def _by_name(row: tuple) -> tuple[str, str]:
    return row[0].name.casefold(), row[0].slug


def _same_topics(old: list[Interview], new: list[Interview]) -> dict[int, Interview] | None:
    """If the interviews are in the same order, each with the same topics and person: the id
    of each old one read again -> the new one."""
    if len(old) != len(new) or not all(before is now or (before.name, before.topics, before.person) ==
                                       (now.name, now.topics, now.person) for before, now in zip(old, new)):
        return None
    return {id(before): now for before, now in zip(old, new) if before is not now}


def collect_content(network: Network, queue: list[FollowUp], referrals: ReferralIndex, today: date,
                    config: Config, items_by_person: dict[str, list[FollowUp]] | None = None,
                    previous: SiteContent | None = None) -> SiteContent:
    """What the pages show. Given each person's items of the queue (`followups.items_by_person`),
    they are not sorted out again; given the `previous` content, the pages of the files whose
    records are the same objects are taken from it."""
    content = SiteContent(network, queue, referrals, today, config,
                          items_by_person if items_by_person is not None else followups.items_by_person(queue))
    interviews = network.interviews
    read_again = _interviews_read_again(previous, network, today) if previous is not None else None
    if read_again is not None:  # (with the same names, people's pages are where and what they were)
        content.pages_of_files, content.prep_pages = dict(previous.pages_of_files), dict(previous.prep_pages)
        interviews = read_again
    else:
        for person in network.people.values():
            content.pages_of_files[person.file] = (urls.person_page(person.slug), person.name)
    for interview in interviews:
        person = network.person(interview.person)
        title = f"Interview with {person.name if person else interview.person_reference.text}, {interview.date}"
        content.pages_of_files[interview.file] = (urls.interview_page(interview.name), title)
        if has_prep_sheet(interview, today):
            content.prep_pages[interview.file] = urls.prep_page(interview.name)
        else:
            content.prep_pages.pop(interview.file, None)
    return content


def _interviews_read_again(previous: SiteContent, network: Network, today: date) -> list[Interview] | None:
    """The interviews not in the `previous` content's network, if they all replace one of its
    own and everyone's names and today are the same; else None."""
    before = previous.network
    if previous.today != today or len(before.interviews) != len(network.interviews) or (
            before.resolver.names != network.resolver.names):
        return None
    known = {id(interview) for interview in before.interviews}
    again = [interview for interview in network.interviews if id(interview) not in known]
    return again if all(interview.file in previous.pages_of_files for interview in again) else None


def _topics(network: Network, referrals: ReferralIndex, config: Config) -> list[Topic]:
    topics: dict[str, Topic] = {}

    def topic(name: str) -> Topic:
        key = name.casefold()
        found = topics.get(key)
        if found is None:
            found = topics[key] = Topic(name, False)
        return found

    for name in config.seeking:
        topic(name).seeking = True
    for person in network.people.values():
        for name in person.topics:
            topic(name).people.append(person)
    for interview in reversed(network.interviews):
        for name in interview.topics:
            entry = topic(name)
            entry.interviews.append(interview)
            person = network.person(interview.person)
            if person:
                entry.people.append(person)
    for entry in topics.values():
        entry.people = sorted({p.slug: p for p in entry.people}.values(), key=lambda p: p.name.casefold())
        entry.not_contacted = [p for p in entry.people if referrals.outcome(p.slug) == NOT_CONTACTED]
    ordered = sorted(topics.values(), key=lambda t: (not t.seeking, t.name.casefold()))
    _give_slugs(ordered)
    return ordered


def _give_slugs(entries) -> None:
    """A unique slug for each topic or company ("C" and "C++" both slugify to "c")."""
    taken: set[str] = set()
    for entry in sorted(entries, key=lambda e: e.name):
        slug = slugify(entry.name) or "untitled"
        candidate, number = slug, 1
        while candidate in taken:
            number += 1
            candidate = f"{slug}-{number}"
        taken.add(candidate)
        entry.slug = candidate


def _companies(network: Network) -> list[Company]:
    companies: dict[str, Company] = {}
    for person in network.people.values():
        if person.company:
            key = person.company.casefold()
            if key not in companies:
                companies[key] = Company(person.company)
            companies[key].people.append(person)
    for company in companies.values():
        company.people.sort(key=lambda p: p.name.casefold())
    ordered = sorted(companies.values(), key=lambda c: c.name.casefold())
    _give_slugs(ordered)
    return ordered


def dashboard_numbers(content: SiteContent) -> dict:
    network, given = content.network, content.referrals.given
    # counted by `Counter` itself, at C speed: the dashboard is planned again after every save
    ties = Counter(map(attrgetter("tie"), network.people.values()))
    statuses = Counter(map(attrgetter("status"), network.interviews))
    return {
        "people": len(network.people),
        "weak": ties["weak"],
        "strong": ties["strong"],
        "interviews": statuses[DONE],
        "scheduled": statuses[SCHEDULED],
        "referrals": given.total(),
        "followed_up": given.total() - given[NOT_CONTACTED] - given[NO_FILE],
    }


def plan_pages(content: SiteContent, kept: KeptKeys | None = None) -> list[Page]:
    """Every page of the site. Given the page keys `kept` from the last plan, the keys of people's
    and interviews' pages made from the same are not made again, and `kept` is brought up to date."""
    network, today = content.network, content.today
    again = _to_key_again(kept.content, content) if kept is not None and kept.content is not None else None
    interviews_newest_first = list(reversed(network.interviews))
    upcoming = [i for i in network.interviews if i.status == SCHEDULED and i.date >= today]
    recent = [i for i in interviews_newest_first if i.status == DONE][:5]
    groups = content.groups
    # Index pages show names, so their keys hold every (slug, name) (as a digest: there are many
    # such pages and many names): a rename renders them again.
    settings = (content.config, today)
    names = kept.names if again is not None else _names_digest(network)  # (`again` is None if a name changed)
    if again is not None:
        content.reuse(kept.content, again)
    rows = content.people_rows
    queue_preview = {group: items[:QUEUE_PREVIEW] for group, items in groups.items()}
    queue_counts = {group: len(items) for group, items in groups.items()}
    indexes = [
        (urls.DASHBOARD, "dashboard.html", {
            "overdue": groups[OVERDUE][:DASHBOARD_ITEMS], "soon": (groups[TODAY] + groups[THIS_WEEK])[:DASHBOARD_ITEMS],
            "counts": queue_counts, "upcoming": upcoming, "recent": recent, "numbers": dashboard_numbers(content),
            "activity": activity(network, content.referrals, today)},
         [[network.person(i.person) for i in (*upcoming, *recent)]]),  # shown with their companies
        (urls.QUEUE, "queue.html", {"groups": queue_preview, "counts": queue_counts, "group_names": GROUPS}, []),
        (urls.TOPICS, "topics.html", {"topics": [_topic_preview(t) for t in content.topics], "preview": PREVIEW}, []),
    ]
    for path, chunk, pager in paginate(urls.COMPANIES, content.companies, COMPANIES_PER_PAGE):
        shown = [{"name": c.name, "slug": c.slug, "people": c.people[:PREVIEW], "count": len(c.people)} for c in chunk]
        indexes.append((path, "companies.html", {"companies": shown, "preview": PREVIEW, "pager": pager,
                                                 "total": len(content.companies)}, []))
    for path, chunk, pager in paginate(urls.INTERVIEWS, interviews_newest_first, INTERVIEWS_PER_PAGE):
        context = {"interviews": chunk, "pager": pager, "total": len(interviews_newest_first),
                   "per_page": INTERVIEWS_PER_PAGE}
        indexes.append((path, "interviews.html", context, [[network.person(i.person) for i in chunk]]))
    for path, chunk, pager in paginate(urls.PEOPLE, rows, PEOPLE_PER_PAGE):
        indexes.append((path, "people.html", {"rows": chunk, "pager": pager, "total": len(rows)}, []))
    for group in GROUPS:
        if queue_counts[group] > QUEUE_PREVIEW:
            for path, chunk, pager in paginate(urls.queue_group_page(group), groups[group], QUEUE_PER_PAGE):
                indexes.append((path, "queue_group.html", {"group": group, "items": chunk, "pager": pager,
                                                           "total": queue_counts[group]}, []))
    top = content.referrals.top_referrers
    trees, people_in_trees = (paginate(urls.REFERRALS, part, ROOTS_PER_PAGE)
                              for part in (content.referrals.tree, content.referrals.tree_slugs))
    for (path, chunk, pager), (_, people_in, _) in zip(trees, people_in_trees):
        context = {"tree": chunk, "pager": pager, "top": top[:25] if pager.number == 1 else [],
                   "ties": pictures.ties_in(people_in, network.people)}
        indexes.append((path, "referrals.html", context, []))
    for path, chunk, pager in paginate(urls.REFERRERS, top, REFERRERS_PER_PAGE):
        indexes.append((path, "referrers.html", {"referrers": chunk, "pager": pager, "total": len(top)}, []))
    for topic in content.topics:
        indexes.extend(_topic_pages(topic, network))
    for company in content.companies:
        for path, chunk, pager in paginate(urls.company_page(company.slug), company.people, LIST_PER_PAGE):
            context = {"name": company.name, "people": chunk, "pager": pager, "total": len(company.people)}
            indexes.append((path, "company.html", context, []))
    # An encrypted site has no people.js in clear to load: its search page carries the people.
    embedded = people_json(rows) if content.config.publish == ENCRYPTED else None
    indexes.append((urls.SEARCH, "search.html", {"people": embedded}, []))
    pages = [Page(path, template, context, (settings, names, *context.values(), *more))
             for path, template, context, more in indexes]
    pages.extend(_person_pages(content, kept, again))
    pages.extend(_interview_pages(content, settings, kept, again))
    if kept is not None:
        kept.content, kept.names = content, names
    return pages


def _names_digest(network: Network) -> bytes:
    return hashlib.blake2b(repr([(slug, person.name) for slug, person in network.people.items()]).encode(),
                           digest_size=16).digest()


def _topic_preview(topic: Topic) -> dict:
    """What the topics index shows of a topic: the first `PREVIEW` of each list, and its length."""
    lists = {"people": topic.people, "not_contacted": topic.not_contacted, "interviews": topic.interviews}
    return {"name": topic.name, "slug": topic.slug, "seeking": topic.seeking,
            **{part: items[:PREVIEW] for part, items in lists.items()},
            "counts": {part: len(items) for part, items in lists.items()}}


# A topic's lists: (part, its heading on the topic's page, the title of its own pages)
TOPIC_LISTS = (("not-contacted", "Not yet contacted", "people not yet contacted"),
               ("people", "Who can speak to it", "everyone who can speak to it"),
               ("interviews", "Discussed in", "interviews that discussed it"))


def _topic_pages(topic: Topic, network: Network) -> list[tuple]:
    """A topic's page, with the first `TOPIC_PREVIEW` of each of its lists, and the pages of
    each longer list whole: (path, template, context, more inputs of the key) for each."""
    lists = {"not-contacted": topic.not_contacted, "people": topic.people, "interviews": topic.interviews}
    shown = {part: items[:TOPIC_PREVIEW] for part, items in lists.items()}
    people_of = [network.person(i.person) for i in shown["interviews"]]
    about = {"name": topic.name, "slug": topic.slug, "seeking": topic.seeking}
    pages = [(urls.topic_page(topic.slug), "topic.html",
              {"topic": about, "lists": TOPIC_LISTS, "shown": shown,
               "counts": {part: len(items) for part, items in lists.items()}}, [people_of])]
    for part, _, heading in TOPIC_LISTS:
        if len(lists[part]) <= TOPIC_PREVIEW:
            continue
        for path, chunk, pager in paginate(urls.topic_list_page(topic.slug, part), lists[part], LIST_PER_PAGE):
            context = {"topic": about, "part": part, "heading": heading, "items": chunk, "pager": pager,
                       "total": len(lists[part])}
            more = [[network.person(i.person) for i in chunk]] if part == "interviews" else []
            pages.append((path, "topic_list.html", context, more))
    return pages


def pages_showing_notes(content: SiteContent, files: set[str]) -> list[Page]:
    """The pages that show the notes of these files: a person's page, and the pages and prep
    sheets of their interviews (a prep sheet shows the person's notes and the summaries of
    their past interviews). No other page shows notes (the exports aside)."""
    network, settings = content.network, (content.config, content.today)
    slugs = {person.slug for person in network.people.values() if person.file in files}
    slugs |= {interview.person for interview in network.interviews if interview.file in files}
    pages = [_person_page(content, network.people[slug]) for slug in sorted(slugs - {None})]
    for interview in network.interviews:
        if interview.person in slugs or interview.file in files:
            pages.extend(_pages_of_interview(content, interview, settings))
    return pages


@dataclass
class KeptKeys:
    """The page keys the last plan made, and the content they were made from: the next plan
    makes again only the keys of pages made from something else (`_to_key_again`), and uses
    the same key objects for the others (the output cache compares them at a glance)."""

    people: dict[str, Page] = field(default_factory=dict)  # slug -> their page, with its key
    interviews: dict[str, tuple[Interview, Page]] = field(default_factory=dict)  # name -> (the interview, its page)
    content: SiteContent | None = None
    names: bytes = b""  # `_names_digest` of the content's network


def _person_pages(content: SiteContent, kept: KeptKeys | None, again: set[str] | None) -> list[Page]:
    """Each person's page. Given the pages `kept` and the people whose keys to make `again`
    (None: everyone), the others' pages stand as they were (a page's context is made from the
    content it is rendered with), and `kept` is brought up to date."""
    people = content.network.people
    if kept is None:
        return [_person_page(content, person) for person in people.values()]
    if again is None or len(kept.people) != len(people):  # (with `again`, the names and so the slugs are the same)
        pages = {slug: _person_page(content, person) for slug, person in people.items()}
    else:
        pages = dict(kept.people)
        pages.update((slug, _person_page(content, people[slug])) for slug in again if slug in people)
    kept.people = pages
    return list(pages.values())


def _interview_pages(content: SiteContent, settings, kept: KeptKeys | None, again: set[str] | None) -> list[Page]:
    """Each interview's page and prep sheet. Given the pages `kept` and the people whose keys to
    make `again` (None: everyone), the page of an interview read as before, whose person's key
    is not made again, stands as it was, and `kept` is brought up to date."""
    known_pages, now, pages = kept.interviews if kept is not None and again is not None else {}, {}, []
    for interview in content.network.interviews:
        known = known_pages.get(interview.name)
        if known and known[0] is interview and interview.person not in again:
            page = known[1]
        else:
            page = _interview_page(content, interview, settings)
        now[interview.name] = (interview, page)
        pages.append(page)
        if interview.file in content.prep_pages:
            pages.append(_prep_page(content, interview, settings))
    if kept is not None:
        kept.interviews = now
    return pages


# What a person's page is made from is one rule in two forms, side by side: `_person_key` reads
# it for one person, and `_to_key_again` compares the same parts, map by map, between two
# builds' content to find whose key may differ. A part added to one is added to the other.
def _to_key_again(old: SiteContent, new: SiteContent) -> set[str] | None:
    """The people whose page key made from the `new` content may differ from the one made from
    the `old` (most maps are equal as a whole, at a glance); None for everyone (the settings or
    a name changed)."""
    before, now = old.network, new.network
    if (old.config, old.today) != (new.config, new.today) or before.resolver.names != now.resolver.names:
        return None  # (with the same names, a record's links lead where they did: `Joined` is kept with it)
    people = replaced(before.people, now.people)  # (their notes are no part of their equality)
    again = people | changed(before.interviews_by_person, now.interviews_by_person)
    again |= changed(old.items_by_person, new.items_by_person) | changed(before.introducers, now.introducers)
    again |= changed(before.mentions, now.mentions)
    # A chain shows each person on it and what became of them: it changes below anyone whose
    # record, outcome or referrer changed.
    referrals = new.referrals
    again |= referrals.below(people | changed(old.referrals.outcomes, referrals.outcomes)
                             | changed(old.referrals.parent, referrals.parent))
    for file in changed(old.pages_of_files, new.pages_of_files):  # an interview's title: it mentions them
        again.update(*(network.joined[file].mentioned for network in (before, now) if file in network.joined))
    again |= changed(old.referrals.referrers, referrals.referrers)
    again.update(*(referrals.referred_by.get(slug, ()) for slug in people))  # they show whom they referred
    return again


def _person_key(content: SiteContent, person: Person, settings) -> tuple:
    """All that a person's page shows is made from: the person, their notes, interviews, items,
    introducer, where they are mentioned, their chain (its people and what became of each),
    whom they referred, and where their links lead. Most of it the same objects from build to
    build, so quick to compare and to digest."""
    network, slug = content.network, person.slug
    referrer, mentioned = content.referrals.referrers.get(slug), network.mentions.get(slug)
    return (settings, person, person.body, network.interviews_by_person.get(slug), content.items_by_person.get(slug),
            network.introducers.get(slug), mentioned and [content.pages_of_files[file] for file in mentioned],
            content.chain(slug),
            referrer and [(r, network.people[r.slug] if r.slug else None) for r in referrer.referred],
            _links_in(network, person))


def _person_page(content: SiteContent, person: Person, key: tuple | None = None) -> Page:
    key = key or _person_key(content, person, (content.config, content.today))
    return Page(urls.person_page(person.slug), "person.html", partial(_person_context, person=person), key,
                notes_of=person)


def _person_context(content: SiteContent, person: Person) -> dict:
    network = content.network
    return {
        "person": person,
        "interviews": list(reversed(network.interviews_of(person.slug))),
        "chain": content.referrals.chain(person.slug),
        "referrer": content.referrals.referrers.get(person.slug),
        "items": content.items_by_person.get(person.slug, []),
        "mentioned_in": [content.pages_of_files[f] for f in network.mentions.get(person.slug, [])],
        "introducer": network.introducer_of(person.slug),
        "lineage": pictures.lineage(network, content.referrals, person.slug)}


def _pages_of_interview(content: SiteContent, interview: Interview, settings) -> list[Page]:
    """The interview's page, and its prep sheet if it has one."""
    pages = [_interview_page(content, interview, settings)]
    if interview.file in content.prep_pages:
        pages.append(_prep_page(content, interview, settings))
    return pages


def _interview_page(content: SiteContent, interview: Interview, settings) -> Page:
    person = content.network.person(interview.person)
    return Page(urls.interview_page(interview.name), "interview.html", {"interview": interview, "person": person},
                _interview_key(content, interview, person, settings), notes_of=interview)


def _interview_key(content: SiteContent, interview: Interview, person: Person | None, settings) -> tuple:
    """All that an interview's page shows is made from: the interview, its notes, its person,
    whom it referred (and their names), and where its links lead. (`_interview_pages` keeps it
    while the interview, its person's key and everyone's names are as before.)"""
    network = content.network
    referred = [network.resolver.resolve(reference.text) for reference in interview.referrals]
    referred_names = [network.people[r.slug].name for r in referred if r.found]
    return settings, interview, interview.body, person, referred, referred_names, _links_in(network, interview)


def _prep_page(content: SiteContent, interview: Interview, settings) -> Page:
    network = content.network
    person = network.people[interview.person]
    context = {"interview": interview, "person": person,
               "sheet": prep_sheet(network, interview, content.config.seeking),
               "chain": content.referrals.chain(person.slug),
               "introducer": network.introducer_of(person.slug)}
    chain_names = [network.people[slug].name for slug in context["chain"]]
    key = (settings, interview.body, person.body, chain_names, _links_in(network, interview),
           _links_in(network, person), *context.values())
    return Page(content.prep_pages[interview.file], "prep.html", context, key, notes_of=interview)


def _links_in(network: Network, record) -> tuple:
    """Where each `[[link]]` in a body leads now, so that a page is rendered again when it changes."""
    joined = network.joined.get(record.file)
    return joined.links if joined is not None else links_of(record, network.resolver)
