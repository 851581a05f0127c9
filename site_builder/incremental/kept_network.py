"""The watcher's network: the last check's network brought up to date from the files read
again after a save, and what it made of each record used again while everyone's names are the
same.

It gives the network `network.assemble.build_network` makes, part for part and in the same
order, with the same problems.
"""

from __future__ import annotations

from datetime import date
from typing import Callable

from ..content.documents import ContentFile
from ..content.references import Resolver
from ..diagnostics import Diagnostic
from ..network.assemble import (Joined, Network, Problems, interview_order, interviews_by_person, introducers_of, join,
                                last_interaction, likely_duplicates, mentions_of, names_of, network_of, read_all,
                                referral_cycles, referrals_of)
from ..network.model import Interview, Person


def brought_up_to_date(files: list[ContentFile], today: date, read: Callable[[ContentFile, date], tuple],
                       previous: Network | None,
                       read_again: list[ContentFile] | None) -> tuple[Network, list[Diagnostic]]:
    """`build_network` of the files, from the `previous` network. Given `read_again`, the files
    whose records may differ from `previous`'s (which was made from the same files on the same
    day), only those are read and `previous` is brought up to date, if they change no more than
    their own parts of it; else every file is read, and what `previous` made of a record (its
    `Joined`) is used again while the record read is the same object and everyone's names are
    the same (the references it resolved would resolve the same)."""
    if previous is not None and read_again is not None:
        updated = _updated(previous, read_again, today, read)
        if updated is not None:
            return updated, updated.problems.all()
    of_files: dict[str, tuple[Diagnostic, ...]] = {}
    people, interviews = read_all(files, today, read, of_files)
    names = names_of(people)
    same_names = previous is not None and previous.resolver is not None and previous.resolver.names == names
    resolver = previous.resolver if same_names else Resolver(names)  # with the references it resolved
    kept = previous.joined if same_names else {}
    joined = {}
    for record in (*people.values(), *interviews):
        known = kept.get(record.file)
        joined[record.file] = known if known and known.read is record else join(record, resolver)
    network = network_of(people, interviews, joined, resolver, of_files)
    return network, network.problems.all()


def _updated(previous: Network, read_again: list[ContentFile], today: date, read) -> Network | None:
    """`previous` with the records of the files `read_again`, or None when they change more than
    their own parts of it (a file no longer read, or one that was not; a name changed). Each part
    made of every record is made again only if a part of a record read again it is made from
    changed: the order of the interviews, the referral edges, the mentions, the latest contacts
    of the people read again and of those whose interviews changed, and the identities (or a
    likely duplicate's file, whose line may have moved)."""
    joined, of_files, people = dict(previous.joined), dict(previous.problems.of_files), dict(previous.people)
    before: dict[str, Joined] = {}  # file -> what its record made in `previous`
    for file in read_again:
        record, problems = read(file, today)
        known = previous.joined.get(file.path)
        if record is None or known is None or (isinstance(record, Person) and record.name != known.read.name):
            return None
        before[file.path] = known
        joined[file.path] = parts = known if known.read is record else join(record, previous.resolver)
        of_files.pop(file.path, None)
        if problems or parts.problems:
            of_files[file.path] = (*problems, *parts.problems)
        if isinstance(record, Person):
            people[record.slug] = record
    now = {file: joined[file] for file, known in before.items() if joined[file] is not known}  # (what changed)
    interviews, by_person, done = previous.interviews, previous.interviews_by_person, previous.done_by_person
    moved = {file: parts.record for file, parts in now.items() if isinstance(parts.record, Interview)}
    reordered = False
    if moved:
        interviews = [moved.get(interview.file, interview) for interview in interviews]
        if any(interview_order(record) != interview_order(before[file].record) for file, record in moved.items()):
            interviews.sort(key=interview_order)  # and the edges and mentions are listed as the interviews are
            joined = {record.file: joined[record.file] for record in (*people.values(), *interviews)}
            reordered = True
        by_person, done = interviews_by_person(interviews)
    referrals, introducers, cycles = previous.referrals, previous.introducers, previous.problems.cycles
    if reordered or any(parts.referrals != before[file].referrals for file, parts in now.items()):
        referrals = referrals_of(joined)
        introducers = introducers_of(referrals)
        cycles = tuple(referral_cycles(people, referrals))
    mentions = previous.mentions
    if reordered or any(parts.mentioned != before[file].mentioned for file, parts in now.items()):
        mentions = mentions_of(joined)
    # The latest contact of each person read again, and of each whose interviews changed.
    touched = {parts.record.slug for parts in now.values() if isinstance(parts.record, Person)}
    touched.update(slug for file, record in moved.items() for slug in (record.person, before[file].record.person))
    last = dict(previous.last_interactions)
    for slug in touched & people.keys():
        day = last_interaction(joined[people[slug].file], done.get(slug))
        if day:
            last[slug] = day
        else:
            last.pop(slug, None)
    duplicates = previous.problems.duplicates
    if any(parts.identities != before[file].identities for file, parts in now.items()) or any(
            problem.file in now for problem in duplicates):  # (a duplicate's line may have moved)
        duplicates = tuple(likely_duplicates(people, joined))
    return Network(people, interviews, referrals, by_person, mentions, introducers, done, last, previous.resolver,
                   joined, Problems(of_files, cycles, duplicates))
