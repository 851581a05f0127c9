"""The orchestrator: one `Site` runs the stages load -> check -> model -> render -> publish -> write.

Each stage is a small function of the previous stage's output and is timed, so the watcher can
re-run what changed and the benchmark can tell where time goes.
"""

from __future__ import annotations

import functools
import hashlib
import os
import secrets
import shutil
import threading
import time
from collections.abc import Mapping
from contextlib import closing, contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from .checked import Checked, Report
from .config import CONFIG_FILE, Config, load_config
from .content.documents import CONTENT_FOLDERS, ContentFile, find_content, stamp_of, wrong_folder
from .content.markup import summary_of
from .diagnostics import WARNING, Diagnostic, sort_key
from .exports import tables, vcard
from .incremental import builds
from .incremental.cache import NotesCache, held
from .incremental.collector import cycles_collected
from .incremental.documents import DocumentCache
from .incremental.in_process import LastUpdate
from .incremental.keeper import Keeper
from .incremental.memo import Memo
from .incremental.outputs import OutputCache, render_pages
from .incremental.planner import Plan
from .network.assemble import with_notes
from .output import search
from .output.folder import ON_DISK, NewSite, SiteUpdate, check_output_folder, remove_leftovers, write_files
from .parallel import Progress
from .publish import modes
from .render import urls, webapp
from .render.pages import SiteContent, pages_showing_notes
from .render.theme_files import template_problem, theme_folders

if TYPE_CHECKING:  # Jinja, Markdown and the cipher load only for the builds that use them: a check needs none
    from .publish.encryption import SiteKey
    from .render.theme import Theme


@dataclass
class BuildResult:
    checked: Checked | None  # None when the site was already up to date
    out: Path
    files: int = 0
    built: bool = False
    changed: list[str] = field(default_factory=list)  # output files written or removed
    timings: dict[str, float] = field(default_factory=dict)
    up_to_date: bool = False  # nothing the site is built from changed since the last build
    diagnostics: list[Diagnostic] = field(default_factory=list)  # of the last build, when up to date
    counts: tuple[int, int] = (0, 0)  # people and interviews, when up to date
    search_stale: bool = False  # built in place: `Site.index_search` brings its search up to date
    # Exports, kept digests or parsed files left unsaved: a build with nothing changed (`changed=set()`) sees to them.
    finish_later: bool = False


class Exports(Mapping):
    """Export files, path -> (what it is made from, a function making its bytes), each found
    when first asked for by the function given for it."""

    def __init__(self, finders: dict[str, Callable[[], tuple]]):
        self._finders, self._found = finders, {}

    def __getitem__(self, path: str) -> tuple:
        if path not in self._found:
            self._found[path] = self._finders[path]()
        return self._found[path]

    def __iter__(self):
        return iter(self._finders)

    def __len__(self) -> int:
        return len(self._finders)


@dataclass
class Made:
    """A site made, to be written: its files, and what writing and remembering them needs."""

    files: dict[str, object]
    content: SiteContent
    later: set[str]  # exports left as the folder holds them, for the build right after
    notes_only: bool  # only the pages showing notes were made; the folder's other files stand
    encrypted: bool
    mark: str  # `_mark_of_site`
    marked: dict[str, bool] = field(default_factory=dict)  # pages written as made: does the search index take each?


class Site:
    """A folder with `people/` and `interviews/`, and what is built from it."""

    def __init__(self, root: Path | str = ".", today: date | None = None, publish: str | None = None,
                 keep: Callable[[Path], Keeper] = Keeper):
        self.root = Path(root)
        self.fixed_today = today
        self.publish_mode = publish  # one of modes.MODES; None: the configuration's
        self.timings: dict[str, float] = {}
        # What only makes builds faster, and what the last check and build in this process
        # made (`keep.in_process`): `KeepNothing` gives the same sites, slower.
        self.keep = keep(self.root)
        self._theme: Theme | None = None
        self._run = secrets.token_hex(8)  # names this run in the marker of a folder it is changing
        # The configuration and theme files as the last check saw them (None: no check yet), for
        # the watcher to find the changes it was not told of, whatever is kept.
        self._settings_seen: dict[str, tuple | None] | None = None
        self._new_outputs()
        # Told the output folder when another run of ties is writing it, and a build waits for it.
        self.on_wait: Callable[[Path], None] | None = None
        self.on_progress: Progress | None = None  # told how the long parts of a build go

    @property
    def today(self) -> date:
        return self.fixed_today or date.today()

    @property
    def theme(self) -> Theme:
        if self._theme is None:
            from .render.theme import Theme
            self._theme = Theme(self.root, share_frames=self.keep.shares_frames)
        return self._theme

    @property
    def documents(self) -> DocumentCache:
        return self.keep.documents

    @property
    def notes(self) -> NotesCache:
        return self.keep.notes

    @property
    def _memo(self) -> Memo:
        return self.keep.memo

    @property
    def _outputs(self) -> OutputCache:
        return self.keep.outputs

    def reload_theme(self) -> None:
        """Forget the compiled templates and what they rendered (after `theme/` changed)."""
        self._theme = None
        self._new_outputs()
        self.keep.in_process.update = None

    def _new_outputs(self) -> OutputCache:
        """A new output cache, for the templates and code that make the site now."""
        folders = self._theme.folders if self._theme else theme_folders(self.root)
        return self.keep.new_outputs(builds.makers_digest(folders), self._run)

    @contextmanager
    def _stage(self, name: str):
        started = time.perf_counter()
        try:
            yield
        finally:
            self.timings[name] = time.perf_counter() - started

    def load(self, changed: set[str] | None = None) -> list[ContentFile]:
        """Every content file, read again if it changed. Given the files that `changed` since
        the last check (the watcher's), when they all were and still are content files, only
        those are looked at."""
        last = self.keep.last_check() if changed is not None else None
        if last is not None:
            files = last.files
            known = {file.path: file for file in files}
            if changed <= known.keys() and all((self.root / path).is_file() for path in changed):
                self.documents.read(self.root, [(path, known[path].kind) for path in sorted(changed)])
                return files
        found = find_content(self.root)
        for gone in self.keep.records.keys() - {path for path, _ in found}:
            del self.keep.records[gone]
        return self.documents.read_all(self.root, found)

    def changed_unseen(self) -> set[str]:
        """The content files added, removed or changed since the last check read them, and the
        configuration and theme files changed since it, found by looking at every one: what the
        watcher may not have been told of (a `git checkout` of thousands of files can overflow
        the system's queue of file events)."""
        if self._settings_seen is None:
            return set()
        seen, now = self._settings_seen, self._settings_stamps()
        settings = {path for path in seen.keys() | now.keys() if seen.get(path) != now.get(path)}
        return self.documents.changed_on_disk(self.root, find_content(self.root)) | settings

    def _settings_stamps(self) -> dict[str, tuple | None]:
        """The configuration file and each file of the root's `theme/`: path -> `stamp_of` it."""
        theme = self.root / "theme"
        paths = [self.root / CONFIG_FILE, *(path for path in sorted(theme.rglob("*")) if path.is_file())]
        return {path.relative_to(self.root).as_posix(): stamp_of(path) for path in paths}

    def check(self, changed: set[str] | None = None, queue: bool = True) -> Checked:
        """Load and model the network; collect every problem. The watcher tells which files
        `changed` since the last check. Without `queue`, the follow-up queue (which finds no
        problem) is not made: `ties check` needs only the problems."""
        today = self.today
        self.keep.starting()
        with self._stage("config"):
            self._settings_seen = self._settings_stamps()
            config, diagnostics = load_config(self.root)
            if self.publish_mode:
                config = replace(config, publish=self.publish_mode)
            diagnostics += wrong_folder(self.root)
        with self._stage("load"):
            files = self.load(changed)
        with self._stage("model"):
            network, problems, made_from = self.keep.network(files, today, changed)
            self.keep.save_records()
            follow_ups = self._memo.queue(network, today, config.cadence) if queue else None
        diagnostics = sorted([*diagnostics, *problems], key=sort_key)
        return Checked(config, network, follow_ups, diagnostics, today, made_from)

    def report(self) -> Report:
        """What a check finds, without the model: every problem, and how many people and
        interviews there are. The keeper gives the last check's report, reading no file, when
        nothing that check read has changed since."""
        inputs = self.keep.check_inputs(self.today)
        kept = self.keep.last_report(inputs) if inputs else None
        if kept is not None:
            return kept
        checked = self.check(queue=False)
        report = Report(checked.diagnostics, len(checked.network.people), len(checked.network.interviews))
        if inputs:
            self.keep.remember_report(inputs, report)
        return report

    def default_out(self, config: Config) -> Path:
        return self.root / config.out

    def build(self, out: Path | None = None, in_place: bool = False, changed: set[str] | None = None,
              pages_first: bool = False) -> BuildResult:
        """Check, then render and write the site; with errors, write nothing.

        By default the new site replaces the output folder whole. `in_place` (for the watcher)
        rewrites only the files whose bytes changed and removes the ones no longer built. The
        watcher also tells which files (paths from the root) `changed` since its last build,
        and asks for its `pages_first`: the exports whose inputs changed, and the digests kept
        for the next run, are left to a build right after with nothing changed. Another run of
        ties building into the same folder waits until this one is done. Which quick paths
        are taken is the keeper's plan; each gives the site the plain steps would.
        """
        self.timings = {}
        with self._stage("plan"):
            config, _ = self._config()
            out = out or self.default_out(config)
            plan = self.keep.plan(config.publish, in_place, pages_first)
            last = self.keep.start_build(plan, self._new_outputs)  # what the last build in place showed
        with self._holding(out, plan):
            if plan.notes_only and last and (done := self._notes_only(out, changed, plan, last)):
                return done
            inputs, done = self._up_to_date(out, config) if plan.up_to_date else (None, None)
            if done:
                return done
            checked = self.check(changed)  # config, load, model
            if inputs is not None:  # (what `ties check` would say of the files, until one changes)
                self.keep.checked_by_build(Report(list(checked.diagnostics), len(checked.network.people),
                                                  len(checked.network.interviews)))
            if not in_place:
                self.documents.release()  # its records are made: no later build in this process needs it
            result = BuildResult(checked, out, timings=self.timings, finish_later=self.keep.in_process.unsaved)
            if not checked.ok:
                return result
            check_output_folder(out, self.root, [self.root / folder for folder in (*CONTENT_FOLDERS, "theme")])
            publishing = modes.publishing(checked.config.publish, os.environ)
            writer = self._writer(out, publishing.mode == modes.ENCRYPTED, plan.in_place, plan.pages_first)
            try:
                made = self._make(checked, publishing, writer, plan)  # redact, render, encrypt
                if made is None:  # a template error, reported
                    self._abandon(writer)
                    return result
                with self._stage("write"):
                    result.changed = write_files(made.files, writer)
                    if not made.encrypted:
                        self._outputs.written(out, made.files, made.mark, sources=_sources(checked, made.later),
                                              as_is=made.files if made.notes_only else (),
                                              folders=writer.folders if isinstance(writer, SiteUpdate) else None)
            except BaseException:
                self._abandon(writer)
                raise
            self._remember(out, checked, made, plan, isinstance(writer, SiteUpdate))
            left = bool(made.later) or self._outputs.digests_pending
            result.files, result.built, result.finish_later = len(made.files), True, result.finish_later or left
            with closing(writer):
                self._search(out, checked, made, plan, result, isinstance(writer, SiteUpdate))
            self._complete(out, made, plan, left)
            if inputs:
                self.keep.remember(out, inputs, made.mark, result)
            return result

    @contextmanager
    def _holding(self, out: Path, plan: Plan):
        """Hold the output folder for a build (another run of ties building into it waits), its
        leftovers removed."""
        with held(self.root, str(out.resolve()), self._waiting(out)):
            remove_leftovers(out)
            self.keep.in_process.save_later = plan.save_later
            try:
                yield
            finally:
                self.keep.in_process.save_later = False

    def _waiting(self, out: Path) -> Callable[[], None] | None:
        """What to call if a build into `out` has to wait for another run: tell `on_wait`."""
        return functools.partial(self.on_wait, out) if self.on_wait else None

    def _config(self) -> tuple[Config, list[Diagnostic]]:
        """The configuration and its problems, publishing as this site was asked to, if it was."""
        config, diagnostics = load_config(self.root)
        return (replace(config, publish=self.publish_mode) if self.publish_mode else config), diagnostics

    def _make(self, checked: Checked, publishing: modes.Publishing, writer: NewSite | SiteUpdate,
              plan: Plan) -> Made | None:
        """The site's files, as `publishing` shows them, for `writer`: a new site is handed each
        page as it is rendered (an encrypted one in its published form, except in the watcher,
        whose next rebuild encrypts every file again). None after a template error (reported)."""
        import jinja2  # (loaded with the theme)
        encrypted, update, out = publishing.mode == modes.ENCRYPTED, isinstance(writer, SiteUpdate), writer.out
        may_wait = writer.previous if update and plan.pages_first else ()  # exports as they are
        # Only notes changed since the build the folder holds (by another run): the pages showing them are made.
        notes_changed = self._changed_in_notes_only(checked) if update and plan.notes_since_folder else None
        shown = checked
        if publishing.mode == modes.REDACTED:
            with self._stage("redact"):
                network, queue = modes.redact(checked.network, checked.queue)
                shown = replace(checked, network=network, queue=queue)
        write = None if update or (encrypted and plan.in_place) else writer.add
        if encrypted:
            from .publish import encryption  # (the cipher loads only for an encrypted site)
            key = self._site_key(publishing, out)
            clear = [*self.theme.static_files(), ".nojekyll", *webapp.FILES]
            write = write and encryption.encrypting(write, key, clear)
        marked: dict[str, bool] = {}
        write = write and search.noting_marked(write, marked)
        with self._stage("render"):
            try:
                content = self.content(shown)
                exported = self.exports(shown, content)
                later = self._exports_later(exported, may_wait)
                if notes_changed is not None:
                    remade = tables.SHOWING_SUMMARIES if self.keep.summaries_changed(notes_changed) else ()
                    files = self._remake_notes_pages(content, notes_changed, dict.fromkeys(writer.previous, ON_DISK),
                                                     exported, [path for path in remade if path in content.exports])
                else:
                    files = self.render(shown, content, write, later, exported)
            except jinja2.TemplateError as error:
                checked.diagnostics.append(template_problem(error, self.root))
                return None
        if encrypted:
            with self._stage("encrypt"):
                files = encryption.encrypt_site(files, key, clear, checked.config.base_url)
        return Made(files, content, later, notes_changed is not None, encrypted,
                    _mark_of_site(checked, self._outputs.makers), marked)

    def _remember(self, out: Path, checked: Checked, made: Made, plan: Plan, update: bool) -> None:
        """Keep what the next build in this process starts from."""
        self.keep.in_process.paths = frozenset(made.files)
        self.notes.save(prune=not update)  # after a whole build, every note still shown was used
        if plan.remember_for_notes:
            self.keep.in_process.update = LastUpdate(out, checked, made.content, dict.fromkeys(made.files, ON_DISK))

    def _search(self, out: Path, checked: Checked, made: Made, plan: Plan, result: BuildResult, update: bool) -> None:
        """Index the pages for full-text search now, if the plan says so; else the result tells
        that the index is stale (the watcher serves the pages first and has them indexed once
        the saves pause)."""
        if plan.index_search and result.changed:
            with self._stage("search"):
                problem = self.index_search(out, result.changed if update else None, known=made.marked)
            if problem:  # an index left as it was would answer with the pages' old text
                shutil.rmtree(out / search.FOLDER, ignore_errors=True)
                checked.diagnostics.append(problem)
        result.search_stale = plan.in_place and bool(result.changed) and not made.encrypted

    def _complete(self, out: Path, made: Made, plan: Plan, left: bool) -> None:
        """Mark the folder as holding the whole site, search index included; in the watcher's
        builds in place, `mark_complete` does, once the index holds their pages and none
        `left` work to the build after."""
        if plan.in_place:
            self.keep.in_process.left_for_later = left
        if not plan.in_place or (made.encrypted and not left):
            self._outputs.complete(out, made.mark)

    def mark_complete(self, out: Path) -> None:
        """Mark the output folder as complete, for the watcher: once the search index holds the
        pages of its rebuilds in place, and none of them left work to the build after. Until
        then another run finding the folder makes it whole again."""
        with held(self.root, str(out.resolve())):
            if not self.keep.in_process.left_for_later:
                self._outputs.complete(out)

    def _notes_only(self, out: Path, changed: set[str] | None, plan: Plan, last: LastUpdate) -> BuildResult | None:
        """The quick rebuild in place when only notes changed since the last one. If the files
        read again give records equal to the model's in all but their notes (same fields, tasks,
        links and problems), the model stands with the new notes swapped in, and only the pages
        showing them, and the exports, are made again. None when anything else changed (or the
        last build was not in place): then the whole build runs."""
        import jinja2  # (loaded with the theme)
        with self._stage("config"):
            config, _ = self._config()
        if ((config, self.today, out) != (last.checked.config, last.checked.today, last.out) or not out.is_dir()
                or not self._outputs.wrote_last(out)):
            return None
        with self._stage("load"):
            records = self._records_with_new_notes(last.checked.made_from, changed)
        if records is None:
            return None
        network = with_notes(last.checked.network, records)
        made_from = {**last.checked.made_from, **{record.file: self.documents.digest(record.file) for record in records}}
        checked = replace(last.checked, network=network, made_from=made_from)
        content = replace(last.content, network=network)
        result = BuildResult(checked, out, timings=self.timings)
        writer = self._writer(out, encrypted=False, in_place=True, pages_first=plan.pages_first)
        try:
            with self._stage("render"):
                exported = self.exports(checked, content)
                later = self._exports_later(exported, content.exports if plan.pages_first else ())
                files = self._remake_notes_pages(content, {record.file for record in records}, last.files, exported,
                                                 [path for path in content.exports if path not in later])
            with self._stage("write"):
                result.changed = write_files(files, writer)
                self._outputs.written(out, files, _mark_of_site(checked, self._outputs.makers),
                                      sources=_sources(checked, later), folders=writer.folders)
        except jinja2.TemplateError:  # the whole build reports it
            self._abandon(writer)
            return None
        except BaseException:
            self._abandon(writer)
            raise
        if not plan.save_later:  # (else the pages wait to be reloaded: the build after saves it, as the records)
            self.notes.save()
        kept = self.keep.in_process
        kept.update = replace(last, checked=checked, content=content)
        result.files, result.built, result.search_stale = len(files), True, bool(result.changed)
        kept.left_for_later = bool(later) or self._outputs.digests_pending
        result.finish_later = kept.left_for_later or kept.unsaved
        return result

    def _exports_later(self, exported: Exports, may_wait) -> set[str]:
        """The exports to leave as they are for now, among those that `may_wait`: the ones whose
        inputs changed since they were made."""
        return {path for path in exported if path in may_wait and not self._outputs.holds(path, exported[path][0])}

    def _records_with_new_notes(self, made_from: dict[str, bytes | None], changed: set[str] | None) -> list | None:
        """The records of the content files changed since the model was `made_from` them (the
        ones the watcher saw change, else all there are), if they changed in their notes only."""
        self.keep.starting()  # (the records read again are told from those they replace)
        if changed is not None and changed <= made_from.keys():
            files = self.documents.read(self.root, [(path, CONTENT_FOLDERS[path.split("/")[0]]) for path in changed])
        else:
            files = self.load()
            if {file.path for file in files} != made_from.keys():
                return None
        changed = [file for file in files if self.documents.digest(file.path) != made_from[file.path]]
        for file in changed:
            self.keep.record(file, self.today)
        self.keep.save_records()
        return self.keep.records_if_notes_only(made_from, [file.path for file in changed], self.today)

    def _changed_in_notes_only(self, checked: Checked) -> set[str] | None:
        """The content files changed since the build that the output folder holds (as the output
        cache says, from any run), if their notes are all that changed; else None."""
        sources = self._outputs.sources
        if not sources or sources[0] != (checked.config, checked.today):
            return None
        then = sources[1]
        if then.keys() != checked.made_from.keys():
            return None
        changed = [path for path, digest in checked.made_from.items() if digest != then[path]]
        return set(changed) if self.keep.records_if_notes_only(then, changed, checked.today) is not None else None

    def _remake_notes_pages(self, content: SiteContent, changed: set[str], files: dict[str, object],
                            exported: Exports, remade) -> dict[str, object]:
        """The site's `files` (as the last build left them, all `ON_DISK`) with the pages showing
        the notes of the `changed` content files made again, and the exports `remade` (if their
        inputs changed)."""
        files = dict(files)
        files.update(render_pages(self.theme, pages_showing_notes(content, changed), content, self._outputs,
                                  self.notes))
        files.update(self._outputs.get_all({path: exported[path] for path in remade}))
        return files

    def _abandon(self, writer: NewSite | SiteUpdate) -> None:
        """Stop a build that is writing: its output cache may think files are written that are not."""
        writer.abandon()
        self._run = secrets.token_hex(8)  # what this run knew of the folder it marked no longer holds
        self._new_outputs()

    def _writer(self, out: Path, encrypted: bool, in_place: bool, pages_first: bool = False) -> NewSite | SiteUpdate:
        """How this build writes: an output folder still holding what the last build wrote is
        updated in place (and only the pages whose inputs changed are made again); else a new
        site replaces it whole, its pages written as they are made (not all held in memory)."""
        cache, paths = self._outputs, self.keep.in_process.paths
        if encrypted and cache.is_open:  # it may answer ON_DISK; encrypting needs every file's bytes
            cache = self._new_outputs()
        kept = cache.open(out, keep=not encrypted)
        # A folder another run was changing when it was stopped is made whole again, trusting nothing.
        if out.is_dir() and not cache.left_unfinished(out) and (kept or (in_place and paths)):
            cache.digest_later = pages_first
            # A new run (or the watcher's first build) removes any file the site does not hold.
            sweep = not (in_place and paths)
            previous = paths if cache.kept_paths <= paths else {*cache.kept_paths, *paths}  # (the same, as a rule)
            return SiteUpdate(out, previous, cache.updating, sweep, apart=[search.FOLDER], folders=cache.kept_folders)
        # A new site holds nothing yet: no file of it may be taken as already written.
        cache = self._new_outputs()
        cache.open(out, keep=not encrypted)
        return NewSite(out, cache.updating)

    def index_search(self, out: Path, changed: list[str] | None = None, stop: threading.Event | None = None,
                     known: Mapping[str, bool] | None = None) -> Diagnostic | None:
        """Bring the full-text index of the site in `out` up to date: all of it, or (given the
        site paths `changed` since the last index) the parts holding those pages. A warning if
        Pagefind cannot run (the site is complete without it: its search falls back to people's
        names and details). It only reads the pages, so the watcher runs it beside rebuilds, and
        sets `stop` to have it stop at once (the index then stays as it was). Whether a page is
        `known` to be marked for the index (as it was written) is not read again."""
        try:
            with held(self.root, f"{out.resolve()} search", self._waiting(out)):
                search.index_site(out, changed, stop, self.on_progress, known)
        except search.SearchUnavailable as error:
            return Diagnostic(search.FOLDER, None, WARNING,
                              f"no full-text search: {error}; the site searches names, companies, "
                              "titles, places, topics and tags only")
        return None

    def _up_to_date(self, out: Path, config: Config) -> tuple[str | None, BuildResult | None]:
        """The digest of everything this build would read, and the result of the last build
        when it read the same (then the output is already what this build would write)."""
        with self._stage("up to date?"):
            inputs = self.keep.inputs(out, self.today, config.publish, self.theme.folders)
            previous = self.keep.last_build(out, inputs)
        if previous:
            return inputs, BuildResult(None, out, files=previous["files"], up_to_date=True, timings=self.timings,
                                       diagnostics=previous["diagnostics"], counts=previous["counts"])
        return inputs, None

    def _site_key(self, publishing: modes.Publishing, out: Path) -> SiteKey:
        """The keys of an encrypted build. The salt is `TIES_SALT`, else the previous build's in
        `out`, else a new one: keeping it keeps working the keys that browsers remember."""
        from .publish import encryption
        previous = out / encryption.KEYINFO
        salt = publishing.salt or (encryption.salt_of_keyinfo(previous.read_bytes()) if previous.is_file() else None)
        return encryption.derive_key(publishing.passphrase, salt or encryption.new_salt())

    def content(self, checked: Checked) -> SiteContent:
        referrals = self._memo.referral_index(checked.network)
        return self._memo.content(checked.network, checked.queue, referrals, checked.today, checked.config)

    def exports(self, checked: Checked, content: SiteContent | None = None) -> Exports:
        """Each export file as path -> (what it is made from, a function making its bytes): the
        site's downloads and what `ties export` prints are the same bytes. The two tables, the
        address book and `data.json` are made of a piece per record, which the keeper may
        take from the last export the output folder holds (`Keeper.export`: finding what they
        are made from then digests each piece's, so each is found only when asked for)."""
        content = content or self.content(checked)
        network, queue, config, today = checked.network, checked.queue, checked.config, checked.today
        people, interviews = list(network.people.values()), network.interviews
        summaries = [summary_of(interview.body) for interview in interviews]  # all they show of notes
        names = network.resolver.names if network.resolver else {  # all the calendar shows of people
            slug: person.name for slug, person in network.people.items()}
        return Exports({
            "followups.ics": lambda: ((config.title, today, names, queue),
                                      lambda: _followups_ics(queue, network, today, config.title)),
            "data.json": lambda: self.keep.export(
                "data.json", (config, today, people, interviews, summaries, queue, network.referrals),
                lambda: tables.data_json_parts(network, queue, today, config.title, summaries)),
            # (each person's next item, of their items: found when the table is made)
            "contacts.csv": lambda: self.keep.export(
                "contacts.csv", (people, content.items_by_person, network.introducers),
                lambda: tables.contacts_csv_parts(network, content.next_items())),
            "interviews.csv": lambda: self.keep.export("interviews.csv", (interviews, summaries, people),
                                                       lambda: tables.interviews_csv_parts(network, summaries)),
            "contacts.vcf": lambda: self.keep.export("contacts.vcf", (people,), lambda: vcard.vcard_parts(people)),
        })

    def render(self, checked: Checked, content: SiteContent | None = None, write=None,
               later=(), exported: Exports | None = None) -> dict[str, bytes | object]:
        """Every output file of the site: pages, exports (as `exports` gives them, if not given)
        and static assets. Given `write`, each page made is handed to it at once, and stands as
        `ON_DISK` in what is returned. The exports in `later` stand as `ON_DISK` too, left as
        they are."""
        content = content or self.content(checked)
        config = checked.config
        cache, theme = self._outputs, self.theme
        pages = self._memo.pages(content)
        rows = content.people_rows
        name = webapp.NEUTRAL_NAME if config.publish == modes.ENCRYPTED else config.title
        exported = exported or self.exports(checked, content)
        others = {  # path -> (what it is made from, a function making its bytes)
            "404.html": (config, lambda: theme.render_template("404.html", {"site": config})),
            urls.PEOPLE_INDEX: self._memo.people_index(rows, self.keep.export),
            webapp.MANIFEST: (name, lambda: webapp.manifest(name))}
        to_export = {path: made for path, made in exported.items() if path in content.exports and path not in later}
        cache.prepare([(page.path, page.key) for page in pages]
                      + [(path, key) for path, (key, _) in (*others.items(), *to_export.items())])
        files = theme.static_files()
        with cycles_collected():
            files.update(render_pages(theme, pages, content, cache, self.notes, write, self.on_progress))
        files.update(cache.get_all({**others, **to_export}, write))
        files.update({path: ON_DISK for path in content.exports if path in later})
        files[webapp.SERVICE_WORKER] = webapp.service_worker()
        files[".nojekyll"] = b""
        cache.keep_only(files)
        return files


def _followups_ics(*arguments) -> bytes:
    from .exports.calendar import followups_ics  # (icalendar loads only for a build making the calendar)
    return followups_ics(*arguments)


def _sources(checked: Checked, later=()) -> tuple | None:
    """What a site is made from, as the output cache keeps it: the settings, and the digest of
    each content file. None if exports were left `later` (not made from them)."""
    return None if later else ((checked.config, checked.today), checked.made_from)


def _mark_of_site(checked: Checked, makers: str) -> str:
    """The mark of the site made from what `checked` read, with the templates and code `makers`
    digests: the same for the same files, so that two builds of them are byte-identical, marker
    and all; another as soon as anything the site is made from differs. (The files are summed
    as a set, each by its own digest, which the watcher's next build finds again for all but the
    few files changed.)"""
    files = sum(map(_file_mark, checked.made_from.items())) % 2 ** 128
    return hashlib.blake2b(repr((makers, checked.config, checked.today, len(checked.made_from), files)).encode(),
                           digest_size=8).hexdigest()


@functools.lru_cache(maxsize=1 << 17)
def _file_mark(item: tuple[str, bytes | None]) -> int:
    """A content file's part of the mark of a site: a number made from its (path, digest)."""
    return int.from_bytes(hashlib.blake2b(repr(item).encode(), digest_size=16).digest(), "big")
