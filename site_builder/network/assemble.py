"""The model stage: people and interviews joined into a network, with the cross-file checks.

`build_network` resolves every person reference, collects the referral edges and reports
duplicates, dangling references and referral cycles. It is a pure function of its input.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Callable

from anyascii import anyascii

from ..content.documents import PERSON, ContentFile, Document
from ..content.fields import read_interview, read_person
from ..content.references import FOUND, MISSING, Resolver
from ..diagnostics import ERROR, WARNING, Diagnostic
from .model import DONE, Interview, Person, Referral


@dataclass
class Network:
    people: dict[str, Person]  # by slug, sorted by slug
    interviews: list[Interview]  # oldest first
    referrals: list[Referral]  # every edge, introduced_by first
    interviews_by_person: dict[str, list[Interview]] = field(default_factory=dict)
    mentions: dict[str, list[str]] = field(default_factory=dict)  # slug -> files linking to them
    introducers: dict[str, Referral] = field(default_factory=dict)  # slug -> its introduced_by edge
    done_by_person: dict[str, list[Interview]] = field(default_factory=dict)  # oldest first
    last_interactions: dict[str, date] = field(default_factory=dict)
    resolver: Resolver | None = None
    joined: dict[str, Joined] = field(default_factory=dict, repr=False)  # file -> what its record made
    problems: Problems = field(default_factory=lambda: Problems({}, (), ()), repr=False)

    def person(self, slug: str | None) -> Person | None:
        return self.people.get(slug) if slug else None

    def interviews_of(self, slug: str) -> list[Interview]:
        return self.interviews_by_person.get(slug, [])

    def done_interviews_of(self, slug: str) -> list[Interview]:
        return self.done_by_person.get(slug, [])

    def last_interaction(self, person: Person) -> date | None:
        """The latest of `contacted`, `last_contact` and the dates of their done interviews."""
        return self.last_interactions.get(person.slug)

    def introducer_of(self, slug: str) -> Referral | None:
        """The `introduced_by` edge that led to this person, if any."""
        return self.introducers.get(slug)


@dataclass(frozen=True)
class Problems:
    """Every problem the network found, by where it comes from."""

    of_files: dict[str, tuple[Diagnostic, ...]]  # each file's (with any): its fields, references and links
    cycles: tuple[Diagnostic, ...]  # referral cycles
    duplicates: tuple[Diagnostic, ...]  # likely duplicate people

    def all(self) -> list[Diagnostic]:
        return [*(problem for problems in self.of_files.values() for problem in problems), *self.cycles,
                *self.duplicates]


def read_record(document: Document, today: date) -> tuple[Person | Interview | None, list[Diagnostic]]:
    """The person or interview a document describes, and the problems with its fields."""
    if document.skipped:
        return None, list(document.diagnostics)
    return (read_person if document.kind == PERSON else read_interview)(document, today)


@dataclass(frozen=True)
class Joined:
    """What one file's record makes in the network, its references resolved (`join`)."""

    read: Person | Interview
    record: Person | Interview  # an interview with its `person` resolved
    referrals: tuple[Referral, ...]  # the referral edges it gives
    mentioned: tuple[str, ...]  # whom its [[links]] lead to (not itself), each once
    problems: tuple[Diagnostic, ...]  # with its references and links
    links: tuple[tuple[str, str | None, str | None], ...]  # each [[link]]: (target, slug, name) where it leads
    identities: tuple[tuple[str, str], ...] = ()  # a person's: what another file sharing it is likely a duplicate by
    latest_contact: date | None = None  # a person's latest `contacted` or `last_contact`


def build_network(files: list[ContentFile], today: date,
                  read: Callable[[ContentFile, date], tuple]) -> tuple[Network, list[Diagnostic]]:
    """Join the content files into a network, and every problem it finds. `read` gives a file's
    record and the problems with it (`read_record` of its document; the site remembers those of
    unchanged files)."""
    of_files: dict[str, tuple[Diagnostic, ...]] = {}
    people, interviews = read_all(files, today, read, of_files)
    resolver = Resolver(names_of(people))
    joined = {record.file: join(record, resolver) for record in (*people.values(), *interviews)}
    network = network_of(people, interviews, joined, resolver, of_files)
    return network, network.problems.all()


def names_of(people: dict[str, Person]) -> dict[str, str]:
    """Everyone's name, by slug: what references are resolved by."""
    return {slug: person.name for slug, person in people.items()}


def network_of(people: dict[str, Person], interviews: list[Interview], joined: dict[str, Joined],
               resolver: Resolver, of_files: dict[str, tuple[Diagnostic, ...]]) -> Network:
    """The network of the people (by slug, sorted) and interviews (in order) `read_all` gives,
    from what each record makes (`joined`, by file: the people's first, then the interviews', in
    that order) and the problems of reading each file (`of_files`)."""
    of_files = dict(of_files)
    for file, parts in joined.items():
        if parts.problems:
            of_files[file] = (*of_files.get(file, ()), *parts.problems)
    interviews = [joined[interview.file].record for interview in interviews]
    referrals = referrals_of(joined)
    introducers = introducers_of(referrals)
    by_person, done = interviews_by_person(interviews)
    return Network(people, interviews, referrals, by_person, mentions_of(joined), introducers, done,
                   _last_interactions(people, done, joined), resolver, joined,
                   Problems(of_files, tuple(referral_cycles(people, referrals)),
                            tuple(likely_duplicates(people, joined))))


def interview_order(interview: Interview) -> tuple:
    """What the network's interviews are sorted by: date, time, name."""
    return interview.date, interview.time or "", interview.name


def referrals_of(joined: dict[str, Joined]) -> list[Referral]:
    """Every referral edge, people's first, then interviews' (as `joined` lists them)."""
    return [referral for parts in joined.values() for referral in parts.referrals]


def introducers_of(referrals: list[Referral]) -> dict[str, Referral]:
    """Each person's `introduced_by` edge, by the slug of whom it introduced."""
    return {referral.referred: referral for referral in referrals if referral.interview is None}


def mentions_of(joined: dict[str, Joined]) -> dict[str, list[str]]:
    """The files linking to each person, by slug (as `joined` lists them)."""
    mentions: dict[str, list[str]] = {}
    for file, parts in joined.items():
        for slug in parts.mentioned:
            mentions.setdefault(slug, []).append(file)
    return mentions


def interviews_by_person(interviews: list[Interview]) -> tuple[dict[str, list[Interview]], dict[str, list[Interview]]]:
    """Each person's interviews, and their done ones, oldest first."""
    by_person: dict[str, list[Interview]] = {}
    for interview in interviews:
        if interview.person:
            by_person.setdefault(interview.person, []).append(interview)
    return by_person, {slug: [i for i in held if i.status == DONE] for slug, held in by_person.items()}


def with_notes(network: Network, records: list[Person | Interview]) -> Network:
    """The network with the notes (`body`) of these records in place of its own. For records
    read again that differ from the network's only in their notes (`same_but_notes`): nothing
    else changes."""
    notes = {record.file: record.body for record in records}

    def swap(record):
        return replace(record, body=notes[record.file]) if record.file in notes else record

    people = network.people
    theirs = [record.slug for record in records if isinstance(record, Person)]
    if all(slug in people and people[slug].file in notes for slug in theirs):  # (as ever: a file is one person)
        people = {**people, **{slug: swap(people[slug]) for slug in theirs}}
    else:
        people = {slug: swap(person) for slug, person in people.items()}
    if not any(isinstance(record, Interview) for record in records):
        return replace(network, people=people)
    interviews = [swap(old) for old in network.interviews]
    now = {id(old): new for old, new in zip(network.interviews, interviews)}
    by_person = {slug: [now[id(old)] for old in held] for slug, held in network.interviews_by_person.items()}
    done = {slug: [now[id(old)] for old in held] for slug, held in network.done_by_person.items()}
    return replace(network, people=people, interviews=interviews, interviews_by_person=by_person, done_by_person=done)


def _last_interactions(people: dict[str, Person], done: dict[str, list[Interview]],
                       joined: dict[str, Joined]) -> dict[str, date]:
    last = {slug: last_interaction(joined[person.file], done.get(slug)) for slug, person in people.items()}
    return {slug: day for slug, day in last.items() if day}


def last_interaction(parts: Joined, done: list[Interview] | None) -> date | None:
    """A person's latest contact or done interview (their `done` interviews are oldest first)."""
    latest = done[-1].date if done else None
    return max(parts.latest_contact, latest) if parts.latest_contact and latest else parts.latest_contact or latest


def read_all(files: list[ContentFile], today: date, read: Callable[[ContentFile, date], tuple],
             of_files: dict[str, tuple[Diagnostic, ...]]) -> tuple[dict[str, Person], list[Interview]]:
    """The people (by slug, sorted) and interviews (in order) the files hold; each file's
    problems go to `of_files`."""
    people: dict[str, Person] = {}
    interviews: dict[str, Interview] = {}
    first_file: dict[tuple[str, str], str] = {}
    for file in files:
        key = (file.kind, file.slug)
        record, problems = read(file, today)
        if key in first_file:
            message = f"two files with one slug '{file.slug}': this one and {first_file[key]}"
            of_files[file.path] = (*problems, Diagnostic(file.path, None, ERROR, message))
            continue
        first_file[key] = file.path
        if isinstance(record, Person):
            people[record.slug] = record
        elif record is not None:
            interviews[record.name] = record
        if problems:
            of_files[file.path] = tuple(problems)
    return dict(sorted(people.items())), sorted(interviews.values(), key=interview_order)


def join(record: Person | Interview, resolver: Resolver) -> Joined:
    """What the record makes in the network, its references resolved by `resolver`."""
    problems: list[Diagnostic] = []
    if isinstance(record, Interview):
        reference = record.person_reference
        resolution = resolver.resolve(reference.text)
        if not resolution.found:
            problems.append(Diagnostic(record.file, reference.line, ERROR, f"person: {resolver.describe(resolution)}"))
        record_read, record = record, replace(record, person=resolution.slug)
        identities, latest_contact = (), None
    else:
        record_read = record
        identities = _identities(record)
        latest_contact = max((day for day in (record.contacted, record.last_contact) if day), default=None)
    referrals = _referral_edges(record, resolver, problems)
    mentioned = tuple(_mentioned(record, resolver, problems))
    return Joined(record_read, record, tuple(referrals), mentioned, tuple(problems), links_of(record, resolver),
                  identities, latest_contact)


def links_of(record: Person | Interview, resolver: Resolver) -> tuple[tuple[str, str | None, str | None], ...]:
    """Where each [[link]] of the record leads: (target, slug, name), slug and name None when nowhere."""
    names, links = resolver.names, []
    for link in record.wiki_links:
        slug = resolver.resolve(link.target).slug
        links.append((link.target, slug, names[slug] if slug in names else None))
    return tuple(links)


def _referral_edges(record: Person | Interview, resolver: Resolver, problems: list[Diagnostic]) -> list[Referral]:
    """The edges of a person's `introduced_by`, or of an interview's `referrals`."""
    names, edges = resolver.names, []
    if isinstance(record, Person):
        reference = record.introduced_by
        resolution = reference and _resolve_or_report(resolver, reference, record.file, "introduced_by", problems)
        if resolution:
            edges.append(Referral(resolution.slug, names.get(resolution.slug, resolution.name), record.slug,
                                  record.name, record.file, reference.line, None, record.added))
        return edges
    if not record.person:
        return edges
    for reference in record.referrals:
        resolution = _resolve_or_report(resolver, reference, record.file, "referrals", problems)
        if resolution is not None:
            edges.append(Referral(record.person, names[record.person], resolution.slug,
                                  names.get(resolution.slug, resolution.name),
                                  record.file, reference.line, record.name, record.date))
    return edges


def _resolve_or_report(resolver, reference, file, key, problems):
    """The resolution of a referral-style reference; None (and an error) when ambiguous."""
    resolution = resolver.resolve(reference.text)
    if resolution.outcome == MISSING:
        # Someone close to the name is likely meant: adding a file for the name would make a duplicate.
        advice = "" if resolver.close_to(resolution.name) else f' yet (add it with: ties new person "{resolution.name}")'
        problems.append(Diagnostic(file, reference.line, WARNING, f"{key}: {resolver.describe(resolution)}{advice}"))
    elif resolution.outcome != FOUND:
        problems.append(Diagnostic(file, reference.line, ERROR, f"{key}: {resolver.describe(resolution)}"))
        return None
    return resolution


def _mentioned(record: Person | Interview, resolver: Resolver, problems: list[Diagnostic]) -> list[str]:
    """Whom the record's [[links]] lead to, each once (a person's links to themselves aside)."""
    mentioned = []
    for link in record.wiki_links:
        resolution = resolver.resolve(link.target)
        if resolution.found:
            if resolution.slug not in mentioned and getattr(record, "slug", None) != resolution.slug:
                mentioned.append(resolution.slug)
        else:
            severity = WARNING if resolution.outcome == MISSING else ERROR
            problems.append(Diagnostic(record.file, link.line, severity,
                                       f"link [[{link.target}]]: {resolver.describe(resolution)}"))
    return mentioned


def referral_cycles(people: dict[str, Person], referrals: list[Referral]) -> list[Diagnostic]:
    """Each loop of `introduced_by` (A introduced by B introduced by A), reported once."""
    introducer = {r.referred: r.referrer for r in referrals
                  if r.interview is None and r.referrer in people}
    diagnostics, settled = [], set()
    for start in introducer:
        path, seen = [], {}
        slug = start
        while slug in introducer and slug not in settled and slug not in seen:
            seen[slug] = len(path)
            path.append(slug)
            slug = introducer[slug]
        if slug in seen:
            loop = path[seen[slug]:]
            first = min(loop)
            loop = loop[loop.index(first):] + loop[: loop.index(first)]
            person = people[first]
            chain = " -> ".join([*loop, first])
            diagnostics.append(Diagnostic(person.file, person.introduced_by.line, ERROR,
                                          f"referral cycle through introduced_by: {chain}"))
        settled.update(path)
    return diagnostics


def _identities(person: Person) -> tuple[tuple[str, str], ...]:
    """What another person sharing it likely duplicates this one by: each email, the LinkedIn URL, the name."""
    keys = [("email", email.lower()) for email in person.emails]
    if person.linkedin:
        keys.append(("LinkedIn URL", normalized_linkedin(person.linkedin)))
    keys.append(("name", _name_key(person.name)))
    return tuple(dict.fromkeys(keys))


def likely_duplicates(people: dict[str, Person], joined: dict[str, Joined]) -> list[Diagnostic]:
    """A warning for each person sharing an email, LinkedIn URL or near-identical name with one before."""
    diagnostics = []
    seen: dict[tuple[str, str], Person] = {}
    for person in people.values():
        for key in joined[person.file].identities:
            other = seen.setdefault(key, person)
            if other is person:
                continue
            what = "a near-identical name" if key[0] == "name" else f"the {key[0]} {key[1]}"
            line = person.lines.get({"email": "email", "LinkedIn URL": "linkedin", "name": "name"}[key[0]])
            diagnostics.append(Diagnostic(person.file, line, WARNING,
                                          f"likely duplicate: shares {what} with {other.file}"))
    return diagnostics


@functools.lru_cache(maxsize=1 << 16)
def normalized_linkedin(address: str) -> str:
    """A LinkedIn profile URL reduced to compare equal however it was copied."""
    address = re.sub(r"^https?://(www\.|[a-z]{2}\.)?", "", address.strip().lower())
    return address.split("?")[0].rstrip("/")


@functools.lru_cache(maxsize=1 << 16)
def _name_key(name: str) -> str:
    """Names that differ only in case, accents, punctuation or word order share a key."""
    words = re.findall(r"[a-z0-9]+", anyascii(name).lower())
    return " ".join(sorted(words))
