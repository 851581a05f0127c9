"""The one door to everything that only makes a build faster: what a `Site` keeps between its
builds (in memory) and between runs (in the cache folder).

A `Keeper` holds the parsed files, the records made of them, the notes converted to HTML, what
each output file was made from (the output cache, with its digests), the memos of the last
build in place, and the record of the last build (to find a site already up to date); and it
says whether the watcher's quick paths may be taken. `KeepNothing` keeps none of it: every
file is read and parsed, every record made, every note converted and every page rendered
again, a new site is written whole each time, and no quick path is taken.

The rule it holds: with `KeepNothing`, every build gives the same site, byte for byte, only
slower (tests/test_keep_nothing.py builds both ways and compares).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Callable

from . import builds
from .cache import NotesCache, PersistentDict, cache_folder, key_digester
from .documents import DocumentCache
from .memo import KeptMemo, Memo
from .outputs import OutputCache
from .planner import Plan, plan


class Keeper:
    """Keeps what it may, in memory and in the cache folder of `root` (deleting that folder is
    always safe)."""

    quick = True  # whether a build may reuse what the last one in this process made (memos, quick paths)

    def __init__(self, root: Path):
        self.root = Path(root)
        self.folder: Path | None = cache_folder(self.root)
        self.documents = DocumentCache(self.folder)
        # path -> (digest of the file, today, its record and problems)
        self.records: PersistentDict = PersistentDict(self.folder, "records")
        self._notes: NotesCache | None = None

    @property
    def notes(self) -> NotesCache:
        """Note HTML by the note and where its links lead (read only if a note is converted)."""
        if self._notes is None:
            self._notes = NotesCache(self.folder)
        return self._notes

    def starting(self) -> None:
        """A check or build starts: everything kept stands."""

    def output_cache(self, front_matter_digest: Callable[[str], bytes | None], makers: str, run: str) -> OutputCache:
        """An output cache, knowing nothing yet of the folder it will be opened on."""
        return OutputCache(self.folder, lambda: key_digester(front_matter_digest), makers=makers, run=run)

    def plan(self, mode: str, in_place: bool, pages_first: bool) -> Plan:
        """Which quick paths a build publishing in `mode` may take (`planner.plan`)."""
        return plan(self.quick, mode, in_place, pages_first)

    def memo(self, in_place: bool, last: Memo) -> Memo:
        """The memo for a build: the last one's, for the builds in place after the first."""
        if not in_place:
            return Memo()
        return last if isinstance(last, KeptMemo) else KeptMemo()

    def inputs(self, out: Path, today: date, mode: str, theme_folders: list[Path]) -> str | None:
        """A digest of everything a build into `out` reads (None: unknown, build)."""
        return builds.inputs_digest(self.root, out, today, mode, theme_folders)

    def last_build(self, out: Path, inputs: str | None) -> dict | None:
        """The record of the last build into `out`, if it read exactly `inputs` and its site stands."""
        return builds.last_build(self.root, out, inputs)

    def remember(self, out: Path, inputs: str, mark: str, result) -> None:
        builds.remember(self.root, out, builds.as_built(inputs, mark), result)


class KeepNothing(Keeper):
    """Keeps nothing from one build to the next: each starts as the first run ever would."""

    quick = False

    def __init__(self, root: Path):
        self.root = Path(root)
        self.folder = None
        self.starting()

    def starting(self) -> None:
        self.documents = DocumentCache(None)
        self.records = PersistentDict(None, "records")
        self._notes = NotesCache(None)

    def output_cache(self, front_matter_digest: Callable[[str], bytes | None], makers: str, run: str) -> OutputCache:
        return OutputCache(None, None, makers=makers, run=run)

    def memo(self, in_place: bool, last: Memo) -> Memo:
        return Memo()

    def inputs(self, out: Path, today: date, mode: str, theme_folders: list[Path]) -> str | None:
        return None

    def last_build(self, out: Path, inputs: str | None) -> dict | None:
        return None

    def remember(self, out: Path, inputs: str, mark: str, result) -> None:
        pass
