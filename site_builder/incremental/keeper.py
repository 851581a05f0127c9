"""The one door to everything that only makes a build faster: what a `Site` keeps between its
builds (in memory) and between runs (in the cache folder).

A `Keeper` holds the parsed files, the records made of them, the notes converted to HTML, what
each output file was made from (the output cache, with its digests), the record of the last
build (to find a site already up to date), and what the last check and build in this process
made (`InProcess`: the last check's model, the memo, what the last build in place showed); and
it plans which of the watcher's quick paths a build takes. `KeepNothing` keeps none of it:
every file is read and parsed, every record made, every note converted and every page
rendered again, a new site is written whole each time, and no quick path is taken.

The rule it holds: with `KeepNothing`, every build gives the same site, byte for byte, only
slower (tests/test_keep_nothing.py builds both ways and compares).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Callable

from ..checked import Report
from ..content.documents import ContentFile
from ..content.markup import summary_of
from ..diagnostics import Diagnostic
from ..network.assemble import Network, read_record
from ..network.model import Interview, same_but_notes
from ..exports.pieces import Parts
from . import builds, kept_exports
from .cache import NotesCache, PersistentDict, cache_folder, key_digester, save_together
from .documents import DocumentCache
from .in_process import InProcess, LastCheck, LastUpdate
from .memo import KeptMemo, Memo
from .outputs import OutputCache
from .planner import Plan, plan


class Keeper:
    """Keeps what it may, in memory and in the cache folder of `root` (deleting that folder is
    always safe)."""

    # The theme makes the frame of its pages once for all the pages it fits (`render.frames`).
    shares_frames = True

    def __init__(self, root: Path):
        self.root = Path(root)
        self.folder: Path | None = cache_folder(self.root)
        self.documents = DocumentCache(self.folder)
        # path -> (digest of the file, today, its record and problems)
        self.records: PersistentDict = PersistentDict(self.folder, "records")
        self._notes: NotesCache | None = None
        self.in_process = InProcess()
        self.stand_ins: dict[int, tuple] = {}  # what stands for each record in the keys digested (`key_digester`)

    @property
    def notes(self) -> NotesCache:
        """Note HTML by the note and where its links lead (read only if a note is converted)."""
        if self._notes is None:
            self._notes = NotesCache(self.folder)
        return self._notes

    @property
    def memo(self) -> Memo:
        """The memo of this build: what it makes of the model, from what the last made."""
        return self.in_process.memo

    @property
    def outputs(self) -> OutputCache:
        """What each output file of the folder the last build wrote was made from."""
        return self.in_process.outputs

    def starting(self) -> None:
        """A check starts: everything kept stands, and the records it reads again are told apart."""
        self.in_process.replaced = {}

    def last_check(self) -> LastCheck | None:
        """What the last check in this process found, for this one to start from."""
        return self.in_process.check

    def checked(self, found: LastCheck) -> None:
        """What a check found, for the next to start from."""
        self.in_process.check, self.in_process.read_again = found, {}

    def read_again_since(self) -> dict[str, ContentFile]:
        """The files whose record was made again since the last check."""
        return self.in_process.read_again

    def network(self, files: list[ContentFile], today: date,
                changed: set[str] | None) -> tuple[Network, list[Diagnostic], dict[str, bytes | None]]:
        """`build_network` of the files, each read by `record`, with its problems and the digest
        of each file it is made from; what this check found is the next one's to start from. The
        memo brings the last check's network up to date if it may: from the files the watcher
        saw change (`changed`) and any whose record was made again since, when the last check
        was made from the same files on the same day."""
        last = self.last_check()
        read_again = None
        if last is not None and files is last.files and today == last.today and changed is not None:
            since = self.read_again_since()
            read_again = [file for file in files if file.path in changed or file.path in since]
        network, problems = self.memo.network(files, today, self.record, last and last.network, read_again)
        digest = self.documents.digest
        made_from = ({**last.made_from, **{file.path: digest(file.path) for file in read_again}}
                     if read_again is not None else {file.path: digest(file.path) for file in files})
        self.checked(LastCheck(files, network, today, made_from))
        return network, problems, made_from

    def record(self, file: ContentFile, today: date):
        """`read_record` of the file's document, remembered while its bytes and today are the same."""
        digest = self.documents.digest(file.path)
        cached = self.records.get(file.path)
        if digest is not None and cached is not None and cached[0] == digest and cached[1] == today:
            return cached[2]
        result = read_record(self.documents.document(file.path), today)
        self.in_process.read_again[file.path] = file
        if cached is not None:
            self.in_process.replaced.setdefault(file.path, cached)
        self.records[file.path] = (digest, today, result)
        return result

    def save_records(self) -> None:
        """Save the files read again and the records made again, for the next run; or, in the
        watcher's build whose pages are waiting to be reloaded, leave it to the build after."""
        kept = self.in_process
        kept.unsaved = kept.save_later
        if not kept.save_later:
            save_together([self.records, *self.documents.kept])

    def records_if_notes_only(self, made_from: dict[str, bytes | None], paths: list[str], today: date) -> list | None:
        """The records of the content files at `paths`, read again since a build `made_from`
        others, if each differs from the one that build read in its notes only; else None."""
        records = []
        for path in paths:
            before, now = self.in_process.replaced.get(path), self.records.get(path)
            if not (before and now and before[:2] == (made_from[path], today) and _notes_only_differ(before[2], now[2])):
                return None
            records.append(now[2][0])
        return records

    def summaries_changed(self, paths: set[str]) -> bool:
        """Whether the summary of an interview read again at one of `paths` (all that the exports
        show of notes) differs from the one in its record before."""
        replaced, records = self.in_process.replaced, self.records
        return any(summary_of(replaced[path][2][0].body) != summary_of(records[path][2][0].body)
                   for path in paths if isinstance(records[path][2][0], Interview))

    def new_outputs(self, makers: str, run: str) -> OutputCache:
        """A new output cache for this build and those after it, knowing nothing yet of the
        folder it will be opened on."""
        front_matter_digest, stand_ins = self.documents.front_matter_digest, self.stand_ins
        self.in_process.outputs = OutputCache(self.folder, lambda: key_digester(front_matter_digest, stand_ins),
                                              makers=makers, run=run)
        return self.in_process.outputs

    def export(self, path: str, inputs: object, parts: Callable[[], Parts]) -> tuple[object, Callable[[], bytes]]:
        """An export's key and what makes its bytes, from its `parts` (made when needed). In a
        new run's build whose output cache keeps digests, the key is a digest of the pieces'
        arguments, and the pieces made from the same as those of the export the output folder
        holds are taken from it (`kept_exports`); else the key is the `inputs` the parts are
        made from (quick to compare in memory, as the watcher does before each reload), and the
        pieces made from the same as those of the export made last in this process are taken
        from it."""
        outputs = self.in_process.outputs
        if (not self.in_process.export_pieces or outputs is None or outputs.digest is None or outputs.folder is None
                or outputs.out is None):
            return kept_exports.remembered(inputs, parts, self.in_process.export_texts.setdefault(path, []))
        return kept_exports.joined(parts(), outputs.digest.each, outputs.folder, outputs.out, path, outputs.makers)

    def plan(self, mode: str, in_place: bool, pages_first: bool) -> Plan:
        """Which quick paths a build publishing in `mode` may take (`planner.plan`)."""
        return plan(True, mode, in_place, pages_first)

    def start_build(self, plan: Plan, new_outputs: Callable[[], OutputCache]) -> LastUpdate | None:
        """A build starts, as `plan`ned: what the last build made is used only if the plan
        reuses it (else `new_outputs` makes this build's output cache), and the memo of a build
        in place that does is the last one's (a new one for the first). What the last build in
        place showed, for this build only."""
        kept = self.in_process
        keeps_memo = plan.in_place and plan.reuse
        kept.memo = (kept.memo if isinstance(kept.memo, KeptMemo) else KeptMemo()) if keeps_memo else Memo()
        kept.unsaved, kept.check_inputs, kept.export_pieces = False, None, plan.export_pieces
        if not plan.reuse:
            new_outputs()
            kept.paths, kept.update = frozenset(), None
        update, kept.update = kept.update, None
        return update

    def inputs(self, out: Path, today: date, mode: str, theme_folders: list[Path]) -> str | None:
        """A digest of everything a build into `out` reads (None: unknown, build); and, from the
        same look at the files, of what a check of them reads, for `checked_by_build`."""
        stamps = builds.content_stamps(self.root)
        self.in_process.check_inputs = builds.check_inputs(self.root, today, stamps)
        return builds.inputs_digest(self.root, out, today, mode, theme_folders, stamps)

    def checked_by_build(self, report: Report) -> None:
        """What the check of this build found, for `ties check` to give while nothing that
        check read changes since `inputs` looked at the files (if this build looked)."""
        inputs, self.in_process.check_inputs = self.in_process.check_inputs, None
        if inputs:
            self.remember_report(inputs, report)

    def last_build(self, out: Path, inputs: str | None) -> dict | None:
        """The record of the last build into `out`, if it read exactly `inputs` and its site stands."""
        return builds.last_build(self.root, out, inputs)

    def remember(self, out: Path, inputs: str, mark: str, result) -> None:
        builds.remember(self.root, out, builds.as_built(inputs, mark), result)

    def check_inputs(self, today: date) -> str | None:
        """A digest of everything a check reads (None: unknown, check)."""
        return builds.check_inputs(self.root, today)

    def last_report(self, inputs: str) -> Report | None:
        """The report of the last check, if it read exactly `inputs`."""
        return builds.last_report(self.root, inputs)

    def remember_report(self, inputs: str, report: Report) -> None:
        builds.remember_report(self.root, inputs, report)


class KeepNothing(Keeper):
    """Keeps nothing from one build to the next: each starts as the first run ever would."""

    shares_frames = False  # each page rendered whole

    def __init__(self, root: Path):
        self.root = Path(root)
        self.folder = None
        self.in_process = InProcess()
        self.starting()

    def starting(self) -> None:
        super().starting()
        self.documents = DocumentCache(None)
        self.records = PersistentDict(None, "records")
        self._notes = NotesCache(None)

    def last_check(self) -> LastCheck | None:
        return None

    def new_outputs(self, makers: str, run: str) -> OutputCache:
        self.in_process.outputs = OutputCache(None, None, makers=makers, run=run)
        return self.in_process.outputs

    def export(self, path: str, inputs: object, parts: Callable[[], Parts]) -> tuple[object, Callable[[], bytes]]:
        return kept_exports.plain(inputs, parts)

    def plan(self, mode: str, in_place: bool, pages_first: bool) -> Plan:
        return plan(False, mode, in_place, pages_first)

    def start_build(self, plan: Plan, new_outputs: Callable[[], OutputCache]) -> LastUpdate | None:
        self.in_process = InProcess()
        return super().start_build(plan, new_outputs)

    def inputs(self, out: Path, today: date, mode: str, theme_folders: list[Path]) -> str | None:
        return None

    def last_build(self, out: Path, inputs: str | None) -> dict | None:
        return None

    def check_inputs(self, today: date) -> str | None:
        return None

    def remember(self, out: Path, inputs: str, mark: str, result) -> None:
        pass


def _notes_only_differ(old: tuple, new: tuple) -> bool:
    """Whether two (record, problems) read from a file differ at most in the record's notes."""
    (old_record, old_problems), (new_record, new_problems) = old, new
    return (old_record is not None and new_record is not None and old_problems == new_problems
            and same_but_notes(old_record, new_record))
