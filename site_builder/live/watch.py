"""Rebuild on save: watch the content, the theme and the configuration with watchdog.

Editors save in many ways (in place, write-and-rename, backup-and-rename), so the watcher
watches folders, not files, and decides what matters from each event's source and
destination. Events are gathered until the folders have been quiet for a moment, so a
`git checkout` touching hundreds of files gives one rebuild.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Callable

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from ..config import CONFIG_FILE
from ..content.documents import CONTENT_FOLDERS, content_digests, is_content_file
from ..diagnostics import Diagnostic
from ..output.folder import OutputError
from ..publish.modes import exports_of
from ..site import BuildResult, Site

THEME = "theme"
SEARCH_PAUSE = 5.0  # seconds without a rebuild before the full-text index is made again
# seconds between a rebuild's pages and the build making its exports: the pages reloading are
# served first, not while that build holds the interpreter
FINISH_PAUSE = 0.2
RECHECK_PAUSE = 2.0  # seconds without an event before every file built from is looked at for changes missed


def is_relevant(root: Path, path: str) -> bool:
    """Whether a change at `path` can change the site: content, theme files or the configuration.

    Folders inside the content folders count (a folder renamed or removed takes its files
    along); editors' temporary, swap and backup files never do.
    """
    try:
        relative = PurePosixPath(Path(path).relative_to(root).as_posix())
    except ValueError:
        return False
    parts = relative.parts
    if not parts or any(part.startswith(".") for part in parts):
        return False
    if parts == (CONFIG_FILE,):
        return True
    if parts[0] == THEME:
        return len(parts) > 1 and not _looks_temporary(parts[-1])
    if parts[0] in CONTENT_FOLDERS:
        name = parts[-1]
        return is_content_file(name) or ("." not in name and not _looks_temporary(name))
    return False


def _looks_temporary(name: str) -> bool:
    return (name.endswith(("~", ".swp", ".swx", ".tmp", "___jb_tmp___", "___jb_old___"))
            or name.startswith(("#", ".#")) or name == "4913")


@dataclass
class Changes:
    """The paths (relative to the root) that changed in one burst of events."""

    paths: set[str] = field(default_factory=set)

    @property
    def theme_changed(self) -> bool:
        return any(path.split("/")[0] == THEME for path in self.paths)


class _Collector(FileSystemEventHandler):
    """Puts every relevant event's paths on a queue. Plain handler: watchdog's pattern matching
    would drop a rename whose source is a temporary file (the JetBrains safe write)."""

    def __init__(self, root: Path, events: queue.Queue):
        self.root, self.events = root, events

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write") or (event.is_directory and event.event_type == "modified"):
            return  # a folder is "modified" whenever a file in it changes: the file's own event counts
        paths = [str(event.src_path), str(getattr(event, "dest_path", "") or "")]
        relevant = {Path(p).relative_to(self.root).as_posix() for p in paths if p and is_relevant(self.root, p)}
        if relevant:
            self.events.put(relevant)


class Watcher:
    """Calls `on_change(Changes)` after each burst of relevant file events, from one thread,
    and `on_settled()` once a burst is followed by `settle` seconds without one."""

    def __init__(self, root: Path, on_change: Callable[[Changes], None], quiet: float = 0.04,
                 longest: float = 1.0, on_settled: Callable[[], None] | None = None, settle: float = RECHECK_PAUSE):
        self.root = Path(root).resolve()
        self.on_change, self.quiet, self.longest = on_change, quiet, longest
        self.on_settled, self.settle = on_settled, settle
        self._events: queue.Queue = queue.Queue()
        self._observer = Observer()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="ties-rebuild", daemon=True)
        self._handler = _Collector(self.root, self._events)
        self._watched: dict = {}  # folder name -> (watchdog's handle for its watch, the folder's inode)

    def start(self) -> None:
        self._observer.schedule(self._handler, str(self.root), recursive=False)
        self._watch_new_folders()
        self._observer.start()
        self._thread.start()

    def _watch_new_folders(self) -> None:
        """Watch each content or theme folder that exists, including ones created (or created
        again, after a `git checkout` removed them) since the start."""
        for folder in (*CONTENT_FOLDERS, THEME):
            path = self.root / folder
            identity = path.stat().st_ino if path.is_dir() else None
            watched = self._watched.get(folder)
            if watched and watched[1] != identity:
                self._observer.unschedule(self._watched.pop(folder)[0])
            if identity is not None and folder not in self._watched:
                self._watched[folder] = (self._observer.schedule(self._handler, str(path), recursive=True), identity)

    def stop(self) -> None:
        self._stopping.set()
        self._events.put(set())
        self._observer.stop()
        self._observer.join(timeout=5)
        self._thread.join(timeout=5)

    def _loop(self) -> None:
        settled = True
        while not self._stopping.is_set():
            try:
                changes = self._next_burst(None if settled or self.on_settled is None else self.settle)
            except queue.Empty:
                settled = True
                self.on_settled()
                continue
            if changes.paths and not self._stopping.is_set():
                self._watch_new_folders()
                self.on_change(changes)
                settled = False

    def _next_burst(self, wait: float | None = None) -> Changes:
        """Wait for an event (raise `queue.Empty` if none comes in `wait` seconds, if given),
        then gather more until `quiet` passes with none (at most `longest`)."""
        changes = Changes(set(self._events.get(timeout=wait)))
        deadline = time.monotonic() + self.longest
        while not self._stopping.is_set():
            remaining = min(self.quiet, deadline - time.monotonic())
            if remaining <= 0:
                break
            try:
                changes.paths |= self._events.get(timeout=remaining)
            except queue.Empty:
                break
        return changes


class HexDigests(Mapping):
    """Content file -> the digest of its bytes, as hex: read from the digests (bytes) a build
    made, when a page asks (there is one for every file; a page shows a few)."""

    def __init__(self, digests: Mapping[str, bytes | None]):
        self._digests = digests

    def __getitem__(self, path: str) -> str:
        digest = self._digests[path]
        if not digest:
            raise KeyError(path)
        return digest.hex()

    def __contains__(self, path: object) -> bool:
        return bool(self._digests.get(path))

    def __iter__(self) -> Iterator[str]:
        return (path for path, digest in self._digests.items() if digest)

    def __len__(self) -> int:
        return sum(1 for _ in self)


@dataclass
class BuildState:
    """The outcome of the latest build, as the server tells open pages."""

    version: int = 0  # goes up each time the output changed
    diagnostics: list[Diagnostic] = field(default_factory=list)
    ok: bool = True
    # Content file -> the digest (hex) of its bytes as the site served was built from them.
    made_from: Mapping[str, str] = field(default_factory=dict)


class Rebuilder:
    """Rebuilds the site in place after each change and keeps the latest `BuildState`.

    A failing build is logged and shown, never fatal: the last good site stays in place. Open
    pages reload as soon as a rebuild's pages are written; the exports it changes (downloads,
    which no page shows) are made a moment after, once the pages reloading are served. The
    full-text search index is brought up to date only once the saves have paused for
    `search_pause` seconds, and then only the parts holding a page changed by one of the
    rebuilds since: indexing on every save would slow each rebuild down. Meanwhile the output
    folder is marked as being updated; once the index holds every rebuild's pages, it is marked
    complete again.
    """

    def __init__(self, site: Site, out: Path, log: Callable[[str], None] = print,
                 search_pause: float = SEARCH_PAUSE,
                 pause: Callable[[], AbstractContextManager] = nullcontext, finish_pause: float = FINISH_PAUSE):
        self.site, self.out, self.log = site, out, log
        self.pause = pause  # what each rebuild runs within (the CLI's `collector_paused`)
        self.search_pause, self.finish_pause = search_pause, finish_pause
        self.state = BuildState()
        self._changed = threading.Condition()
        self._indexing: threading.Timer | None = None
        self._searching = threading.Lock()  # one index at a time; rebuilds go on meanwhile
        self._unindexed: set[str] = set()  # site paths the rebuilds changed since the last index
        self._unindexed_lock = threading.Lock()  # rebuilds add to it while the index takes from it
        self._closing = threading.Event()  # stops an index under way
        # Held while a rebuild runs and until its changes are among the unindexed: the folder is
        # not marked complete in between.
        self._building = threading.RLock()

    def build(self, changes: Changes | None = None, pages_first: bool = True) -> BuildResult | None:
        """Rebuild after `changes` (None: whatever changed). The pages are served first; the
        exports that changed (and the digests kept for the next run) are made `finish_pause`
        seconds after, once the pages reloading are served, by a build with nothing changed since."""
        with self._building:
            if self._indexing:  # the saves go on: the index waits for them to pause
                self._indexing.cancel()
            result = self._build(changes, pages_first)
            if result is not None and result.search_stale:
                with self._unindexed_lock:
                    self._unindexed.update(result.changed)
            # (Not after a failed build: it would only find the same errors again. The next build
            # that succeeds saves what this one read.)
            if result is not None and result.built and result.finish_later:
                self._closing.wait(self.finish_pause)
                self.build(Changes(), pages_first=False)
            with self._unindexed_lock:
                waiting = bool(self._unindexed)
            if waiting:  # (the pause counts from the last build)
                self._index_later()
            self._complete_if_indexed()
        return result

    @contextmanager
    def between_builds(self) -> Iterator[Site]:
        """The site, for use from another thread (an edit asked from a served page) with no
        build under way and none starting until the block ends: a `Site` is not shared safely."""
        with self._building:
            yield self.site

    def _complete_if_indexed(self) -> None:
        """Mark the output folder complete if the search index holds the pages of every rebuild
        (none is waiting to be indexed, and no index is under way)."""
        with self._building:
            with self._unindexed_lock:
                waiting = bool(self._unindexed) or self._searching.locked()
            if not waiting and not self._closing.is_set():
                self.site.mark_complete(self.out)

    def recheck(self) -> None:
        """Rebuild for the files (content, configuration, theme) that changed without the watcher
        being told (run once the saves pause)."""
        try:
            with self.between_builds():
                missed = self.site.changed_unseen()
        except Exception as error:  # the watcher's loop must survive it
            self.log(f"ties: cannot look for changes: {type(error).__name__}: {error}")
            return
        if missed:
            self.log(f"{len(missed)} file(s) changed without the watcher being told (too many changes at once?); "
                     "rebuilding.")
            self.build(Changes(missed))

    def _index_later(self) -> None:
        if self._indexing:
            self._indexing.cancel()
        self._indexing = threading.Timer(self.search_pause, self.index_search)
        self._indexing.daemon = True
        self._indexing.start()

    def index_search(self) -> None:
        """Bring the full-text index up to date with the pages the rebuilds changed since the
        last index (after a pause in the saves); all of it when there is none yet."""
        started = time.perf_counter()
        with self._searching:
            with self._unindexed_lock:
                changed, self._unindexed = sorted(self._unindexed), set()
            if self._closing.is_set():
                return
            problem = self.site.index_search(self.out, changed, stop=self._closing)
            if problem:  # the parts left stale are made with the next changes
                with self._unindexed_lock:
                    self._unindexed.update(changed)
        if self._closing.is_set():
            return
        if problem:
            self.log(str(problem))
        else:
            self.log(f"Search index updated in {(time.perf_counter() - started) * 1000:.0f} ms.")
            self._complete_if_indexed()

    def close(self) -> None:
        """Forget a pending update of the search index, and stop one under way: Pagefind is
        stopped and what it had made removed (the index stays as the last one left it)."""
        self._closing.set()
        if self._indexing:
            self._indexing.cancel()
        with self._searching:  # until an index under way has stopped and cleaned up
            pass

    def _build(self, changes: Changes | None, pages_first: bool) -> BuildResult | None:
        if changes and changes.theme_changed:
            self.site.reload_theme()
        started = time.perf_counter()
        try:
            with self.pause():
                result = self.site.build(self.out, in_place=True, changed=changes.paths if changes else None,
                                         pages_first=pages_first)
        except OutputError as error:
            self._publish(False, [], changed=False)
            self.log(f"ties: {error}")
            return None
        except Exception as error:  # the loop must survive anything a build can raise
            self.log(f"ties: the build failed: {type(error).__name__}: {error}")
            self._publish(False, self.state.diagnostics, changed=False)
            return None
        seconds = time.perf_counter() - started
        diagnostics = result.checked.diagnostics
        errors = [d for d in diagnostics if d.is_error]
        if not result.built:
            for diagnostic in errors:
                self.log(str(diagnostic))
            self.log(f"Not rebuilt: {len(errors)} error(s); still serving the last good site.")
        elif result.changed:
            changed = ", ".join(result.changed) if len(result.changed) <= 3 else f"{len(result.changed)} files"
            self.log(f"Built in {seconds * 1000:.0f} ms: {changed} changed.")
        elif pages_first:  # a save, not the build finishing one: say so (after errors, that they are fixed)
            self.log(f"Built in {seconds * 1000:.0f} ms: no file changed.")
        downloads = exports_of(result.checked.config.publish)  # no page shows them: no reload for them
        shown = [path for path in result.changed if path not in downloads]
        self._publish(result.built, errors, changed=bool(result.built and shown), made_from=self._made_from(result))
        return result

    def _made_from(self, result: BuildResult) -> Mapping[str, str]:
        """What the site served is built from after `result`: the files it read, those the
        site already up to date was built from, or (a failed build) those of the last good site."""
        if not result.built:
            return self.state.made_from
        if result.checked is not None:
            return HexDigests(result.checked.made_from)
        return self.state.made_from or HexDigests(content_digests(self.site.root))

    def _publish(self, ok: bool, diagnostics: list[Diagnostic], changed: bool,
                 made_from: Mapping[str, str] | None = None) -> None:
        with self._changed:
            version = self.state.version + (1 if changed else 0)
            made_from = self.state.made_from if made_from is None else made_from
            self.state = BuildState(version, diagnostics, ok, made_from)
            self._changed.notify_all()

    def wait_for_change(self, seen: BuildState, timeout: float) -> BuildState:
        """Block until the state differs from `seen` (or the timeout passes); return it."""
        with self._changed:
            self._changed.wait_for(lambda: self.state is not seen, timeout=timeout)
            return self.state
