"""The watcher's pages: what the pages show, and each person's and interview's page key, made
again only where they are made from something else since the last build.

It gives the content `render.pages.collect_content` makes, and the pages `plan_pages` makes,
with the same keys; which people's keys may differ is `render.pages.to_key_again`'s rule.
"""

from __future__ import annotations

import bisect
import operator
from dataclasses import replace
from datetime import date
from typing import Callable

from ..config import Config
from ..network.assemble import Network
from ..network.model import FollowUp, Interview, Person
from ..network.referrals import ReferralIndex
from ..render.drafts import done_dates, has_draft
from ..render.review import review, reviewed_sections
from ..render.pages import (Company, Page, SiteContent, Topic, draft_page, index_pages, interview_page,
                            names_digest, people_order, person_page, prep_page, to_key_again)


class KeptPages:
    """The content the last plan was made from, and the page keys it made: the next plan makes
    again only the keys of pages made from something else, and uses the same key objects for
    the others (the output cache compares them at a glance)."""

    def __init__(self):
        self.shown: SiteContent | None = None  # the content the last plan was made from
        self.names = b""  # `names_digest` of its network
        self.people: dict[str, Page] = {}  # slug -> their page, with its key
        self.interviews: dict[str, tuple[Interview, Page]] = {}  # name -> (the interview, its page)
        self.drafts: dict[str, list[Page]] = {}  # slug -> the draft pages of their items
        self.held: list[date] | None = None  # the days of the done interviews the drafts count (`done_dates`)
        self.sections: dict[int, tuple] = {}  # id -> (an interview, its two sections on the review)

    def content(self, network: Network, queue: list[FollowUp], referrals: ReferralIndex, today: date,
                config: Config, items_by_person: dict[str, list[FollowUp]]) -> SiteContent:
        """`collect_content`, given each person's items of the queue: the pages of the files
        whose records are the same objects as in the last content are where they were."""
        content = SiteContent(network, queue, referrals, today, config, items_by_person)
        read_again = _interviews_read_again(self.shown, network, today) if self.shown is not None else None
        if read_again is None:
            content.add_people_pages(network.people.values())
            content.add_interview_pages(network.interviews)
        else:  # (with the same names, people's pages are where and what they were)
            content.pages_of_files, content.prep_pages = dict(self.shown.pages_of_files), dict(self.shown.prep_pages)
            content.add_interview_pages(read_again)
        return content

    def pages(self, content: SiteContent) -> list[Page]:
        """`plan_pages` of the content: the keys of people's and interviews' pages made from the
        same as last time stand, and so do the people table, topics and companies."""
        again = to_key_again(self.shown, content) if self.shown is not None else None
        if again is None:  # (`again` is None if a name changed)
            names = names_digest(content.network)
        else:
            names = self.names
            _reuse(content, self.shown, again)
        content.reviewed = self._reviewed(content)
        pages = index_pages(content, names)
        pages.extend(self._person_pages(content, again))
        read_again = {interview.person for interview in content.network.interviews
                      if self.interviews.get(interview.name, (None,))[0] is not interview}
        pages.extend(self._interview_pages(content, again))
        pages.extend(self._draft_pages(content, again, read_again))
        self.shown, self.names = content, names
        return pages

    def _reviewed(self, content: SiteContent) -> list:
        """The review's entries: the last plan's if the interviews are the same ones, in the same
        order, with the same prep sheets (all they are made from); else made again, their sections
        found again only in the interviews read again."""
        last = self.shown
        if (last is not None and "reviewed" in vars(last) and last.prep_pages == content.prep_pages
                and _same_objects(content.network.interviews, last.network.interviews)):
            return last.reviewed
        return review(content.network, content.prep_pages, self._sections())

    def _sections(self) -> Callable[[Interview], tuple[str, str]]:
        """`reviewed_sections`, made again only for the interviews read again since the last plan."""
        before, self.sections = self.sections, {}

        def sections(interview: Interview) -> tuple[str, str]:
            known = before.get(id(interview))
            if known is None or known[0] is not interview:
                known = (interview, reviewed_sections(interview))
            self.sections[id(interview)] = known
            return known[1]
        return sections

    def _person_pages(self, content: SiteContent, again: set[str] | None) -> list[Page]:
        """Each person's page: the pages of all but the people whose keys to make `again` (None:
        everyone) stand as they were (a page's context is made from the content it is rendered with)."""
        people = content.network.people
        if again is None or len(self.people) != len(people):  # (with `again`, the names and so the slugs are the same)
            pages = {slug: person_page(content, person) for slug, person in people.items()}
        else:
            pages = dict(self.people)
            pages.update((slug, person_page(content, people[slug])) for slug in again if slug in people)
        self.people = pages
        return list(pages.values())

    def _interview_pages(self, content: SiteContent, again: set[str] | None) -> list[Page]:
        """Each interview's page and prep sheet. The page of an interview read as before, whose
        person's key is not made `again` (None: everyone's is), stands as it was."""
        known_pages, now, pages = self.interviews if again is not None else {}, {}, []
        for interview in content.network.interviews:
            known = known_pages.get(interview.name)
            if known and known[0] is interview and interview.person not in again:
                page = known[1]
            else:
                page = interview_page(content, interview)
            now[interview.name] = (interview, page)
            pages.append(page)
            if interview.file in content.prep_pages:
                pages.append(prep_page(content, interview))
        self.interviews = now
        return pages

    def _draft_pages(self, content: SiteContent, again: set[str] | None, read_again: set[str]) -> list[Page]:
        """The draft page of each item that has one. A person's stand as they were unless their
        key is made `again` (None: everyone's is) or an interview of theirs was `read_again` (a
        card names what you learned), while the days of the done interviews are the same (a
        draft counts those since you last spoke)."""
        held = done_dates(content.network)
        known = self.drafts if again is not None and held == self.held else {}
        drafts = {}
        for slug, items in content.items_by_person.items():
            kept = known.get(slug)
            if kept is None or slug in again or slug in read_again:
                kept = [draft_page(content, item, held) for item in items if has_draft(item)]
            drafts[slug] = kept
        self.drafts, self.held = drafts, held
        return [page for pages in drafts.values() for page in pages]


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


def _reuse(content: SiteContent, old: SiteContent, again: set[str]) -> None:
    """Give the `content` the people table, topics and companies of the `old` content (the last
    build's, with the same settings and names) where they are made from the same. A row, and
    each person's place in topics and companies, show only what their page key is made from, so
    only the people whose key is made `again` may differ: the rest stand, and the topics and
    companies holding those people or an interview read again hold them as they are now."""
    people, before = content.network.people, old.network.people
    theirs_again = [slug for slug in again if slug in people]
    # Each is set where its cached property keeps it: the property then makes it no more.
    rows = content.people_rows = list(old.people_rows)
    for slug in theirs_again:  # (the table is in `people_order`, and the names are the same)
        person = people[slug]
        at = bisect.bisect_left(rows, people_order(person), key=_row_order)
        rows[at] = content.people_row(person)
    if all(before[slug].company == people[slug].company for slug in theirs_again):
        companies = {people[slug].company.casefold() for slug in theirs_again if people[slug].company}
        content.companies = [_with_people_now(company, people, ("people",), theirs_again)
                             if company.name.casefold() in companies else company for company in old.companies]
    interviews = _same_topics(old.network.interviews, content.network.interviews)
    if interviews is not None and all(before[slug].topics == people[slug].topics and
                                      old.referrals.outcome(slug) == content.referrals.outcome(slug)
                                      for slug in theirs_again):
        theirs = [*interviews.values(), *(i for slug in theirs_again for i in content.network.interviews_of(slug))]
        topics = {name.casefold() for slug in theirs_again for name in people[slug].topics}
        topics |= {name.casefold() for interview in theirs for name in interview.topics}
        content.topics = [replace(_with_people_now(topic, people, ("people", "not_contacted"), theirs_again),
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


def _row_order(row: tuple) -> tuple[str, str]:
    return people_order(row[0])


def _same_objects(new: list, old: list) -> bool:
    return len(new) == len(old) and all(map(operator.is_, new, old))


def _same_topics(old: list[Interview], new: list[Interview]) -> dict[int, Interview] | None:
    """If the interviews are in the same order, each with the same topics and person: the id
    of each old one read again -> the new one."""
    if len(old) != len(new) or not all(before is now or (before.name, before.topics, before.person) ==
                                       (now.name, now.topics, now.person) for before, now in zip(old, new)):
        return None
    return {id(before): now for before, now in zip(old, new) if before is not now}
