"""The pages stage: which pages the site has, and what each one shows.

`plan_pages` turns the model into a list of `Page` values (an output path, a template and its
context). Rendering them is the theme's job; nothing here touches the disk.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, partial
from operator import attrgetter
from typing import Callable, Iterable

from ..config import Config
from ..content.markup import without_empty_sections
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
from .drafts import CARD, done_dates, draft_facts, has_draft
from .people_index import people_json
from .prep import has_prep_sheet, prep_sheet
from .review import Reviewed, review

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
REVIEW_PER_PAGE = 100  # interviews per page of the review, each with two sections of its notes


@dataclass(slots=True)  # (not frozen: a plan makes 41,000 of them at 30,000 people, three times as fast)
class Page:
    """One page to render. Pages with equal `key`s render the same bytes, so a page whose key is
    unchanged since the last build is not rendered again; None means always render."""

    path: str
    template: str
    context: dict | Callable[[SiteContent], dict]  # a function of the content, made only if the page is rendered
    key: object = None
    notes_of: Person | Interview | None = None  # whose notes the page shows, as `notes`
    empty_sections: bool = True  # whether it shows the headings of the notes with nothing under them
    converts: tuple[str, ...] = ()  # other Markdown its template shows, by `markdown(...)`, as HTML

    def notes_markdown(self) -> str:
        """The notes the page shows (of `notes_of`), as Markdown."""
        body = self.notes_of.body
        return body if self.empty_sections else without_empty_sections(body)


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
    def reviewed(self) -> list[Reviewed]:
        """The review's entries (`review.review`)."""
        return review(self.network, self.prep_pages)

    @cached_property
    def people_rows(self) -> list[tuple]:
        """The people table: (person, last interaction, next item, introducer), by name."""
        return [self.people_row(person) for person in sorted(self.network.people.values(), key=people_order)]

    def people_row(self, person: Person) -> tuple:
        """A person's row of the people table."""
        slug = person.slug
        return person, self.network.last_interaction(person), self.next_item(slug), self.network.introducer_of(slug)

    def add_people_pages(self, people: Iterable[Person]) -> None:
        """Where each of these people's pages is, with its title (for the links to it)."""
        for person in people:
            self.pages_of_files[person.file] = (urls.person_page(person.slug), person.name)

    def add_interview_pages(self, interviews: Iterable[Interview]) -> None:
        """Where each of these interviews' pages is, with its title, and its prep sheet if it has
        one now (if not, none)."""
        for interview in interviews:
            person = self.network.person(interview.person)
            title = f"Interview with {person.name if person else interview.person_reference.text}, {interview.date}"
            self.pages_of_files[interview.file] = (urls.interview_page(interview.name), title)
            if has_prep_sheet(interview, self.today):
                self.prep_pages[interview.file] = urls.prep_page(interview.name)
            else:
                self.prep_pages.pop(interview.file, None)


def people_order(person: Person) -> tuple[str, str]:
    """Where a person stands in the people table: by name, then slug."""
    return person.name.casefold(), person.slug


def collect_content(network: Network, queue: list[FollowUp], referrals: ReferralIndex, today: date,
                    config: Config) -> SiteContent:
    """What the pages show."""
    content = SiteContent(network, queue, referrals, today, config, followups.items_by_person(queue))
    content.add_people_pages(network.people.values())
    content.add_interview_pages(network.interviews)
    return content


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


def plan_pages(content: SiteContent) -> list[Page]:
    """Every page of the site: the index pages, each person's, each interview's and its prep
    sheet, and the draft of each item that has one."""
    pages = index_pages(content, names_digest(content.network))
    pages.extend(person_page(content, person) for person in content.network.people.values())
    for interview in content.network.interviews:
        pages.extend(pages_of_interview(content, interview))
    pages.extend(draft_pages(content))
    return pages


def index_pages(content: SiteContent, names: bytes) -> list[Page]:
    """The pages listing people, interviews, the queue, topics, companies and referrals, the
    dashboard and the search page. They show names, so their keys hold everyone's (slug, name)
    as `names` (`names_digest` of the network: there are many such pages and many names): a
    rename renders them again."""
    network, today = content.network, content.today
    interviews_newest_first = list(reversed(network.interviews))
    upcoming = [i for i in network.interviews if i.status == SCHEDULED and i.date >= today]
    recent = [i for i in interviews_newest_first if i.status == DONE][:5]
    groups = content.groups
    settings = (content.config, today)
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
    return [*(Page(path, template, context, (settings, names, *context.values(), *more))
              for path, template, context, more in indexes), *review_pages(content, names)]


def review_pages(content: SiteContent, names: bytes) -> list[Page]:
    """The review (`review.review`), in pages. Its key holds the sections it shows, where they
    are carried to, the people whose interviews they are (shown with their work), and
    everyone's names as `names` (for the links in the notes)."""
    network = content.network
    entries = content.reviewed
    settings = (content.config, content.today)
    pages = []
    for path, chunk, pager in paginate(urls.REVIEW, entries, REVIEW_PER_PAGE):
        context = {"entries": chunk, "pager": pager, "total": len(entries)}
        people = [network.person(entry.interview.person) for entry in chunk]
        sections = tuple(text for entry in chunk for text in (entry.learned, entry.questions) if text)
        pages.append(Page(path, "review.html", context, (settings, names, *context.values(), people),
                          converts=sections))
    return pages


def names_digest(network: Network) -> bytes:
    """A digest of everyone's slug and name, in order."""
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
    their past interviews), and the review for an interview's notes. No other page shows notes
    (the exports aside)."""
    network = content.network
    # (Whose the files are, as their records were joined: notes change neither a slug nor whom
    # an interview is with. The interviews themselves are the network's, with their notes now.)
    records = [network.joined[path].record for path in sorted(files) if path in network.joined]
    slugs = sorted({record.slug if isinstance(record, Person) else record.person for record in records} - {None})
    pages = [person_page(content, network.people[slug]) for slug in slugs]
    interviews = [interview for slug in slugs for interview in network.interviews_of(slug)]
    if any(isinstance(record, Interview) and record.person is None for record in records):
        interviews += [interview for interview in network.interviews
                       if interview.person is None and interview.file in files]
    for interview in interviews:
        pages.extend(pages_of_interview(content, interview))
    if any(isinstance(record, Interview) for record in records):
        pages.extend(review_pages(content, names_digest(network)))
    pages.extend(draft_pages(content, [item for slug in slugs  # (a card names what you learned)
                                       for item in content.items_by_person.get(slug, ()) if item.kind == CARD]))
    return pages


# What a person's page is made from is one rule in two forms, side by side: `_person_key` reads
# it for one person, and `to_key_again` compares the same parts, map by map, between two
# builds' content to find whose key may differ. A part added to one is added to the other.
def to_key_again(old: SiteContent, new: SiteContent) -> set[str] | None:
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


def person_page(content: SiteContent, person: Person) -> Page:
    key = _person_key(content, person, (content.config, content.today))
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


def draft_pages(content: SiteContent, items: Iterable[FollowUp] | None = None) -> list[Page]:
    """The draft page of each item of the queue that has one (of these `items`, if given)."""
    if items is None:
        items = (item for person_items in content.items_by_person.values() for item in person_items)
    held = done_dates(content.network)
    return [draft_page(content, item, held) for item in items if has_draft(item)]


def draft_page(content: SiteContent, item: FollowUp, held: list[date] | None = None) -> Page:
    """The page of an item's draft: made from the item, its person and the draft's variables
    (`draft_facts`, given the network's `done_dates` as `held`), which hold all else it shows."""
    settings = (content.config, content.today)
    context = {"item": item, "person": content.network.people[item.person],
               "facts": draft_facts(content.network, content.referrals, item, content.config, content.today, held)}
    return Page(urls.draft_page(item.person, item.kind), "draft.html", context, (settings, *context.values()))


def pages_of_interview(content: SiteContent, interview: Interview) -> list[Page]:
    """The interview's page, and its prep sheet if it has one."""
    pages = [interview_page(content, interview)]
    if interview.file in content.prep_pages:
        pages.append(prep_page(content, interview))
    return pages


def interview_page(content: SiteContent, interview: Interview) -> Page:
    person = content.network.person(interview.person)
    return Page(urls.interview_page(interview.name), "interview.html", {"interview": interview, "person": person},
                _interview_key(content, interview, person, (content.config, content.today)), notes_of=interview,
                empty_sections=False)


def _interview_key(content: SiteContent, interview: Interview, person: Person | None, settings) -> tuple:
    """All that an interview's page shows is made from: the interview, its notes, its person,
    whom it referred (and their names), and where its links lead: the same while the interview
    (as an object, notes and all), its person and everyone's names are."""
    network = content.network
    referred = [network.resolver.resolve(reference.text) for reference in interview.referrals]
    referred_names = [network.people[r.slug].name for r in referred if r.found]
    return settings, interview, interview.body, person, referred, referred_names, _links_in(network, interview)


def prep_page(content: SiteContent, interview: Interview) -> Page:
    network, settings = content.network, (content.config, content.today)
    person = network.people[interview.person]
    context = {"interview": interview, "person": person,
               "sheet": prep_sheet(network, interview, content.config.seeking),
               "chain": content.referrals.chain(person.slug),
               "introducer": network.introducer_of(person.slug)}
    chain_names = [network.people[slug].name for slug in context["chain"]]
    key = (settings, interview.body, person.body, chain_names, _links_in(network, interview),
           _links_in(network, person), *context.values())
    return Page(content.prep_pages[interview.file], "prep.html", context, key, notes_of=interview,
                converts=(person.body,) if person.body.strip() else ())


def _links_in(network: Network, record) -> tuple:
    """Where each `[[link]]` in a body leads now, so that a page is rendered again when it changes."""
    joined = network.joined.get(record.file)
    return joined.links if joined is not None else links_of(record, network.resolver)
