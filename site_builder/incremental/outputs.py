"""The output cache: what each output file of the last build was made from, so that a build
makes again only the files made from something else (in memory for the watcher's rebuilds, and
as digests in the cache folder for the next run into the same output folder)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Callable

from ..output.folder import FINISHED, MARKER, ON_DISK, UPDATING, OnDisk, state_of, write_marker
from ..parallel import Progress, parallel_map, spread
from .cache import SUFFIX, NotesCache, load_data, save_data


class OutputCache:
    """What each output file of the last build was made from (its key), so that a file whose key
    is equal to last time is not made again. A key of None means "always make".

    It keeps each file's key in memory, for the watcher's rebuilds. Given a cache `folder`, it
    also keeps there a digest of each key, for the output folder the last build wrote (`open`ed
    on it): a new run of `ties build` into that folder then makes only the files whose key
    changed, and finds the others `ON_DISK`. Digests of equal keys are equal across runs (the
    `digester` must make them so); unequal keys share one only by astronomical chance. Only an
    encrypted build, which cannot use what is on disk, keeps the files' bytes in memory.
    """

    def __init__(self, folder: Path | None = None, digester: Callable[[], Callable[[object], bytes | None]] | None = None,
                 makers: str = "", run: str = ""):
        self.folder = folder
        self._digester = digester  # makes the function digesting keys, for each build
        self.digest: Callable[[object], bytes | None] | None = None
        self.makers = makers  # a digest of the templates and code: kept digests hold only for the same
        self._entries: dict[str, tuple[object, bytes | None]] = {}  # path -> (key, bytes or None: on disk)
        self._out: Path | None = None
        self._kept: dict[str, bytes | None] = {}  # path -> digest of the key of the file `_out` holds
        # Each folder of `_out` -> its time of last change when it held only the site's files (SiteUpdate).
        self._folders: dict[str, int | None] = {}
        self._digests: dict[str, bytes | None] = {}  # path -> digest of the key in `_entries`, once computed
        self._undigested: set[str] = set()  # the paths in `_entries` whose digest is not computed yet
        self._looked_up: dict[str, bytes | None] = {}  # path -> digest of a key not found in memory
        self._found: dict[str, bytes | OnDisk | None] = {}  # path -> what `prepare` found for `lookup`
        self.sources: object = None  # what the site in the opened folder was made from, as its build said
        self._mark: str | None = None  # the state of `_out` (its marker's last line) as this cache knows it
        self.updating = f"{UPDATING}{run}"  # the state of a folder this run is changing
        self._finished: str | None = None  # the state of `_out` once its search index is made too
        # The watcher, before it reloads: files made again are known from their keys in memory, and
        # the digests to keep for the next run are left to the build after (`digests_pending`).
        self.digest_later = False
        self.digests_pending = False

    def open(self, out: Path, keep: bool = True) -> bool:
        """Start a build into `out`; if `keep`, use the digests kept for it and keep new ones.
        Whether `out` still holds what the kept digests describe (its marker names the site
        they were kept for, as complete)."""
        out = out.resolve()
        self.digest = self._digester() if self._digester and keep else None
        self._looked_up, self._found = {}, {}
        self.digest_later = False
        if not keep:
            return False
        if not self.wrote_last(out):  # another run may have written it since: what it made is not known here
            self._entries, self._digests, self._undigested, self._out = {}, {}, set(), out
            self._kept, self.sources, self._folders = self._read_kept(out)
            self._mark = state_of(out)
        return bool(self._kept)

    def wrote_last(self, out: Path) -> bool:
        """Whether the last build to write `out` is the one this cache knows of."""
        return out.resolve() == self._out and self._mark is not None and state_of(out) == self._mark

    def left_unfinished(self, out: Path) -> bool:
        """Whether `out` was being changed by another run that did not finish (it was stopped):
        then nothing known of it holds, not even that it holds what the last build made."""
        state = state_of(out)
        return (out / MARKER).is_file() and state != self.updating and not (state or "").startswith(FINISHED)

    @property
    def kept_paths(self):
        """The files the opened output folder holds, as the last build left them."""
        return self._kept.keys()

    @property
    def kept_folders(self) -> dict[str, int | None]:
        """The time of last change of each folder of the opened output folder when it held only
        the site's files, as the last build left it (for `SiteUpdate` to read only those changed)."""
        return self._folders

    def holds(self, path: str, key: object) -> bool:
        """Whether this build's output holds the file as made from `key`, as far as known in memory."""
        cached = self._entries.get(path)
        return key is not None and cached is not None and cached[0] == key

    def lookup(self, path: str, key: object) -> bytes | OnDisk | None:
        """The bytes made last time from an equal key, ON_DISK, or None: make them."""
        return self.lookup_all([(path, key)])[0]

    def prepare(self, wanted: list[tuple[str, object]]) -> None:
        """Look up each (path, key) ahead of `lookup`, digesting the keys to digest on every core."""
        to_digest = []
        for path, key in wanted:
            cached = self._entries.get(path) if key is not None else None
            if cached is not None and (cached[0] is key or cached[0] == key):  # (most keys are kept whole)
                self._found[path] = ON_DISK if cached[1] is None else cached[1]
            elif cached is not None and self.digest_later:  # its key changed: no digest can say otherwise
                self._found[path] = None
            elif key is not None and self.digest and self._kept.get(path) is not None:
                to_digest.append((path, key))
            else:
                self._found[path] = None
        to_digest = spread(to_digest)  # the index pages' keys, planned first, are the costly ones
        for (path, key), digest in zip(to_digest, parallel_map(lambda item: self.digest(item[1]), to_digest)):
            self._looked_up[path] = digest
            self._found[path] = None
            if digest == self._kept[path]:
                self._entries[path], self._digests[path] = (key, None), digest
                self._undigested.discard(path)
                self._found[path] = ON_DISK

    def lookup_all(self, wanted: list[tuple[str, object]]) -> list[bytes | OnDisk | None]:
        """`lookup` for each (path, key)."""
        self.prepare([(path, key) for path, key in wanted if path not in self._found])
        return [self._found.pop(path) for path, _ in wanted]

    def digest_to_keep(self, path: str, key: object) -> bytes | None:
        """The digest of `key`, if digests are kept (worth computing beside the work of making
        the file, on every core)."""
        if self.folder is None or self.digest is None or key is None:
            return None
        return self._looked_up.get(path) or (None if self.digest_later else self.digest(key))

    def store(self, path: str, key: object, data: bytes, digest: bytes | None = None) -> None:
        """Remember what `path` was made from; its bytes too, unless the output folder is to keep
        them (after a build that did not get to write them, this cache must not be used again)."""
        if key is not None:
            self._entries[path] = (key, None if self.digest and self._out else data)
            self._digests[path] = digest
            (self._undigested.add if digest is None else self._undigested.discard)(path)

    def get_all(self, files: dict[str, tuple[object, Callable[[], bytes]]],
                write: Callable[[str, bytes], None] | None = None) -> dict[str, bytes | OnDisk]:
        """Each of `files` (path -> (key, make)): the bytes made last time from an equal key,
        `ON_DISK`, or else made now. (In this process: an export joined from the pieces kept of
        the last takes less than forking would.) Given `write`, each file made is handed to it as
        it comes, and stands as `ON_DISK`."""
        found = dict(zip(files, self.lookup_all([(path, key) for path, (key, _) in files.items()])))
        for path in [path for path, data in found.items() if data is None]:
            key, make = files[path]
            data = make()
            digest = self.digest_to_keep(path, key)
            if write:
                write(path, data)
                data = ON_DISK
            self.store(path, key, data, digest)  # (not its bytes, once written)
            found[path] = data
        return found

    def keep_only(self, paths) -> None:
        for gone in self._entries.keys() - set(paths):
            del self._entries[gone]
            self._digests.pop(gone, None)
            self._undigested.discard(gone)

    @property
    def out(self) -> Path | None:
        """The output folder the cache was opened on (resolved), if any."""
        return self._out

    @property
    def is_open(self) -> bool:
        return self._out is not None

    def written(self, out: Path, paths, mark: str, sources: object = None, as_is=(),
                folders: dict[str, int | None] | None = None) -> None:
        """`out` now holds this build's files (`paths`), made from `sources`: keep their digests,
        and the digests kept for the files left `as_is` (not looked up by this build), for the
        site of that `mark` (a digest of what it is made from), which `complete` gives the
        folder once its search index is made too. Until then no other cache trusts them. So
        with the times of last change of its `folders` (`SiteUpdate.folders`; none: a new site,
        whose folders are all read by the next sweep)."""
        out = out.resolve()
        self._out = out
        missing = sorted(self._undigested.intersection(paths))
        self.digests_pending = bool(missing and self.digest and self.digest_later)
        if missing and self.digest and not self.digest_later:
            keys = [self._entries[path][0] for path in missing]
            self._digests.update(zip(missing, parallel_map(self.digest, keys)))
            self._undigested.difference_update(missing)
        # (At C speed: there are tens of thousands. A file not made in this process is not known
        # (None), unless left `as_is`; `_digests` holds the files made.)
        kept = dict.fromkeys(paths)
        if self._digests.keys() <= kept.keys():  # (as a rule: what is not built any more is forgotten)
            kept.update(self._digests)
        else:
            kept = dict(zip(kept, map(self._digests.get, kept)))
        as_is = [path for path in as_is if path in kept and path not in self._entries]
        kept.update(zip(as_is, map(self._kept.get, as_is)))
        self._looked_up = {}
        self._mark = state_of(out)  # (this run holds the folder's lock: what the writing left)
        mark = self._finished = f"{FINISHED}{mark}"
        # (Digests left to the build after: it keeps them. Until then the folder is marked as being
        # changed, and no other run trusts what is kept for it.)
        if self.folder is not None and not self.digests_pending:
            save_data(self._kept_file(out), (mark, self.makers, kept, sources, folders or {}))
        self._kept, self.sources, self._folders = kept, sources, folders or {}

    def complete(self, out: Path, mark: str | None = None) -> None:
        """Mark `out` as holding the whole site of `mark` (by default, the one `written` last),
        search index included: if this run is changing it, or still knows what it holds."""
        out = out.resolve()
        state = f"{FINISHED}{mark}" if mark else self._finished
        now = state_of(out)
        if state is None or not (now == self.updating or self.wrote_last(out)):
            return  # another run has changed it since
        if now != state:
            write_marker(out, state)
        self._out, self._mark = out, state

    def _kept_file(self, out: Path) -> Path:
        name = hashlib.blake2b(str(out).encode(), digest_size=8).hexdigest()
        return self.folder / "outputs" / f"{name}{SUFFIX}"

    def _read_kept(self, out: Path) -> tuple[dict[str, bytes | None], object, dict[str, int | None]]:
        """The digests kept for the files `out` holds, what they were made from, and the times of
        last change of its folders: only for the folder as a finished build left it."""
        if self.folder is None or self.digest is None:
            return {}, None, {}
        mark, makers, kept, sources, folders = load_data(
            self._kept_file(out), (None, None, {}, None, {}),
            tuple[str, str, dict[str, bytes | None], object, dict[str, int | None]])
        finished = isinstance(mark, str) and mark.startswith(FINISHED) and state_of(out) == mark
        return (kept, sources, folders) if finished and makers == self.makers else ({}, None, {})


def render_pages(theme, pages: list, content, cache: OutputCache, notes: NotesCache,
                 write: Callable[[str, bytes], None] | None = None,
                 progress: Progress | None = None) -> dict[str, bytes | OnDisk]:
    """Each page's bytes (or `ON_DISK`), the `theme` rendering only the pages whose key changed
    since the last build (and converting only the notes not converted before), its workers
    digesting the keys to keep beside. Given `write`, each page made is handed to it as it comes
    and stands as `ON_DISK`. Given `progress`, it is told how many notes are converted and pages
    rendered as they are."""
    rendered = dict(zip([page.path for page in pages], cache.lookup_all([(page.path, page.key) for page in pages])))
    todo = [page for page in pages if rendered[page.path] is None]
    html, converted = _notes_html(theme, todo, content, notes, progress)
    made = theme.render_pages(todo, content, html, lambda page: cache.digest_to_keep(page.path, page.key), converted)
    for number, (page, data, digest) in enumerate(made, 1):
        if progress:
            progress("Rendering pages", number, len(todo))
        if write:
            write(page.path, data)
            data = ON_DISK
        cache.store(page.path, page.key, data, digest)  # (not its bytes, once written)
        rendered[page.path] = data
    return rendered


def _notes_html(theme, pages: list, content, notes: NotesCache,
                progress: Progress | None) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """The notes of each page showing some, and what else of Markdown its template shows
    (`page.converts`), as HTML: Markdown is converted once per body and set of link targets."""
    jobs = [(page, None) for page in pages if page.notes_of is not None]
    jobs += [(page, body) for page in pages for body in page.converts]
    markdown = [page.notes_markdown() if body is None else body for page, body in jobs]
    keys = [notes.key(text, theme.note_links(page, content, body)) for (page, body), text in zip(jobs, markdown)]
    missing = {key: (page, text) for (page, _), text, key in zip(jobs, markdown, keys) if key not in notes}
    for number, (key, html) in enumerate(zip(missing, theme.convert_markdown(list(missing.values()), content)), 1):
        if progress:
            progress("Converting notes", number, len(missing))
        notes.add(key, html)
    html, converted = {}, {}
    for (page, body), key in zip(jobs, keys):
        if body is None:
            html[page.path] = notes.get(key)
        else:
            converted.setdefault(page.path, {})[body] = notes.get(key)
    return html, converted
