"""The one planner of a build: which of its quick paths a build may take.

Every build may end as the plain one does (check, render, write a new site). The quick paths
only make it faster, and each is taken only where it gives the same site: a site already up
to date is left as it is; the watcher's rebuild when only notes changed makes only the pages
showing them; a folder still holding the last build is updated in place.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..publish.modes import ENCRYPTED, LOCAL, PUBLIC


@dataclass(frozen=True)
class Plan:
    """How one build goes, decided before it reads anything."""

    in_place: bool  # the watcher's: rewrite only the files whose bytes changed, keep the memos
    reuse: bool  # use what the last build in this process made (its output cache, memos and model)
    up_to_date: bool  # first look whether nothing the site is built from changed since the last build
    notes_only: bool  # first try the watcher's quick rebuild, if only notes changed since its last
    # Updating a folder another run built: if only notes changed since, make only the pages showing them.
    notes_since_folder: bool
    remember_for_notes: bool  # keep this build's model and pages for the watcher's quick rebuild after
    pages_first: bool  # leave the exports whose inputs changed, and the digests to keep, to the build right after
    save_later: bool  # leave the parsed files and records to the build right after, too
    index_search: bool  # index the pages now (the watcher has them indexed once the saves pause)
    # Join the exports from the pieces of those the folder holds (`kept_exports`): a new run. (The
    # watcher's exports are looked up by their inputs in memory, before the reload: no digests then.)
    export_pieces: bool


def plan(quick: bool, mode: str, in_place: bool, pages_first: bool) -> Plan:
    """The plan of a build publishing in `mode`, `in_place` for the watcher (which asks for its
    `pages_first`), by a keeper that may (`quick`) or may not reuse what the last build made."""
    # Only where notes show in clear are their pages all they change: redacted shows none, and
    # encrypted is made whole (new IVs each time, so it is never up to date either).
    notes_pages = mode in (LOCAL, PUBLIC)
    return Plan(in_place=in_place, reuse=quick,
                up_to_date=not in_place and mode != ENCRYPTED,
                notes_only=in_place and quick,
                notes_since_folder=not in_place and quick and notes_pages,
                remember_for_notes=in_place and quick and notes_pages,
                pages_first=in_place and pages_first and notes_pages,
                save_later=in_place and pages_first,
                index_search=not in_place and mode != ENCRYPTED,
                export_pieces=not in_place and quick)
