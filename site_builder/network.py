"""The model stage: people and interviews joined into a network, with the cross-file checks.

`build_network` resolves every person reference, collects the referral edges and reports
duplicates, dangling references and referral cycles. It is a pure function of its input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Callable

from anyascii import anyascii

from .diagnostics import ERROR, WARNING, Diagnostic
from .documents import PERSON, ContentFile, Document
from .fields import read_interview, read_person
from .model import DONE, Interview, Person, Referral
from .references import FOUND, MISSING, Resolver


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


def read_record(document: Document, today: date) -> tuple[Person | Interview | None, list[Diagnostic]]:
    """The person or interview a document describes, and the problems with its fields."""
    return (read_person if document.kind == PERSON else read_interview)(document, today)


def build_network(files: list[ContentFile], today: date,
                  read: Callable[[ContentFile, date], tuple]) -> tuple[Network, list[Diagnostic]]:
    """Join the content files into a network. `read` gives a file's record and the problems with
    it (`read_record` of its document; the site remembers those of unchanged files)."""
    diagnostics: list[Diagnostic] = []
    people, interviews = _read_all(files, today, read, diagnostics)
    resolver = Resolver({slug: person.name for slug, person in people.items()})
    interviews = _resolve_interviews(interviews, resolver, diagnostics)
    referrals = _referral_edges(people, interviews, resolver, diagnostics)
    by_person: dict[str, list[Interview]] = {}
    for interview in interviews:
        if interview.person:
            by_person.setdefault(interview.person, []).append(interview)
    introducers = {r.referred: r for r in referrals if r.interview is None}
    done = {slug: [i for i in held if i.status == DONE] for slug, held in by_person.items()}
    network = Network(people, interviews, referrals, by_person, introducers=introducers, resolver=resolver,
                      done_by_person=done, last_interactions=_last_interactions(people, done))
    network.mentions = _mentions(people, interviews, resolver, diagnostics)
    diagnostics.extend(_referral_cycles(people, referrals))
    diagnostics.extend(_likely_duplicates(people))
    return network, diagnostics


def with_notes(network: Network, records: list[Person | Interview]) -> Network:
    """The network with the notes (`body`) of these records in place of its own. For records
    read again whose other fields are all equal to the network's: nothing else changes."""
    notes = {record.file: record.body for record in records}

    def swap(record):
        return replace(record, body=notes[record.file]) if record.file in notes else record

    interviews = [swap(old) for old in network.interviews]
    now = {id(old): new for old, new in zip(network.interviews, interviews)}
    by_person = {slug: [now[id(old)] for old in held] for slug, held in network.interviews_by_person.items()}
    done = {slug: [now[id(old)] for old in held] for slug, held in network.done_by_person.items()}
    return replace(network, people={slug: swap(person) for slug, person in network.people.items()},
                   interviews=interviews, interviews_by_person=by_person, done_by_person=done)


def _last_interactions(people: dict[str, Person], done: dict[str, list[Interview]]) -> dict[str, date]:
    last = {}
    for slug, person in people.items():
        dates = [d for d in (person.contacted, person.last_contact) if d]
        dates.extend(interview.date for interview in done.get(slug, ()))
        if dates:
            last[slug] = max(dates)
    return last


def _read_all(files, today, read, diagnostics):
    people: dict[str, Person] = {}
    interviews: dict[str, Interview] = {}
    first_file: dict[tuple[str, str], str] = {}
    for file in files:
        key = (file.kind, file.slug)
        if key in first_file:
            diagnostics.extend(read(file, today)[1])
            diagnostics.append(Diagnostic(file.path, None, ERROR,
                                          f"two files with one slug '{file.slug}': this one and {first_file[key]}"))
            continue
        first_file[key] = file.path
        record, problems = read(file, today)
        if isinstance(record, Person):
            people[record.slug] = record
        elif record is not None:
            interviews[record.name] = record
        diagnostics.extend(problems)
    ordered = sorted(interviews.values(), key=lambda i: (i.date, i.time or "", i.name))
    return dict(sorted(people.items())), ordered


def _resolve_interviews(interviews, resolver, diagnostics):
    resolved = []
    for interview in interviews:
        reference = interview.person_reference
        resolution = resolver.resolve(reference.text)
        if not resolution.found:
            diagnostics.append(Diagnostic(interview.file, reference.line, ERROR,
                                          f"person: {resolver.describe(resolution)}"))
        resolved.append(replace(interview, person=resolution.slug))
    return resolved


def _referral_edges(people, interviews, resolver, diagnostics) -> list[Referral]:
    edges = []
    for person in people.values():
        reference = person.introduced_by
        if reference is None:
            continue
        resolution = _resolve_or_report(resolver, reference, person.file, "introduced_by", diagnostics)
        if resolution is None:
            continue
        referrer = people.get(resolution.slug)
        edges.append(Referral(resolution.slug, referrer.name if referrer else resolution.name,
                              person.slug, person.name, person.file, reference.line, None, person.added))
    for interview in interviews:
        if not interview.referrals or not interview.person:
            continue
        referrer = people[interview.person]
        for reference in interview.referrals:
            resolution = _resolve_or_report(resolver, reference, interview.file, "referrals", diagnostics)
            if resolution is None:
                continue
            referred = people.get(resolution.slug)
            edges.append(Referral(referrer.slug, referrer.name, resolution.slug,
                                  referred.name if referred else resolution.name,
                                  interview.file, reference.line, interview.name, interview.date))
    return edges


def _resolve_or_report(resolver, reference, file, key, diagnostics):
    """The resolution of a referral-style reference; None (and an error) when ambiguous."""
    resolution = resolver.resolve(reference.text)
    if resolution.outcome == MISSING:
        diagnostics.append(Diagnostic(file, reference.line, WARNING,
                                      f"{key}: {resolver.describe(resolution)} yet "
                                      f"(add it with: ties new person \"{resolution.name}\")"))
    elif resolution.outcome != FOUND:
        diagnostics.append(Diagnostic(file, reference.line, ERROR, f"{key}: {resolver.describe(resolution)}"))
        return None
    return resolution


def _mentions(people, interviews, resolver, diagnostics) -> dict[str, list[str]]:
    mentions: dict[str, list[str]] = {}
    for record in (*people.values(), *interviews):
        for link in record.wiki_links:
            resolution = resolver.resolve(link.target)
            if resolution.found:
                files = mentions.setdefault(resolution.slug, [])
                if record.file not in files and getattr(record, "slug", None) != resolution.slug:
                    files.append(record.file)
            elif resolution.outcome == MISSING:
                diagnostics.append(Diagnostic(record.file, link.line, WARNING,
                                              f"link [[{link.target}]]: {resolver.describe(resolution)}"))
            else:
                diagnostics.append(Diagnostic(record.file, link.line, ERROR,
                                              f"link [[{link.target}]]: {resolver.describe(resolution)}"))
    return mentions


def _referral_cycles(people, referrals) -> list[Diagnostic]:
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


def _likely_duplicates(people) -> list[Diagnostic]:
    diagnostics = []
    seen: dict[tuple[str, str], Person] = {}
    for person in people.values():
        keys = [("email", email.lower()) for email in person.emails]
        if person.linkedin:
            keys.append(("LinkedIn URL", normalized_linkedin(person.linkedin)))
        keys.append(("name", _name_key(person.name)))
        for key in dict.fromkeys(keys):
            other = seen.setdefault(key, person)
            if other is person:
                continue
            what = "a near-identical name" if key[0] == "name" else f"the {key[0]} {key[1]}"
            line = person.lines.get({"email": "email", "LinkedIn URL": "linkedin", "name": "name"}[key[0]])
            diagnostics.append(Diagnostic(person.file, line, WARNING,
                                          f"likely duplicate: shares {what} with {other.file}"))
    return diagnostics


def normalized_linkedin(address: str) -> str:
    """A LinkedIn profile URL reduced to compare equal however it was copied."""
    address = re.sub(r"^https?://(www\.|[a-z]{2}\.)?", "", address.strip().lower())
    return address.split("?")[0].rstrip("/")


def _name_key(name: str) -> str:
    """Names that differ only in case, accents, punctuation or word order share a key."""
    words = re.findall(r"[a-z0-9]+", anyascii(name).lower())
    return " ".join(sorted(words))
