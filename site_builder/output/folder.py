"""The write stage: put the built files in place without ever leaving a half-written site.

A new site is written to a temporary folder beside the target, which then replaces it in two
renames; a site the last build wrote is updated in place, file by file. A folder is only
replaced or updated if ties made it (it holds `MARKER`) or it is empty.

The marker also says what state the folder is in: `updating <run>` from before anything in it
changes until its pages, exports and search index are all made, then `build <mark>`, a digest
of what the site is made from. A run finding a folder marked as being updated by another run
(one that was stopped halfway) trusts nothing it knows of it, and makes it whole again.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Callable

from ..incremental.cache import SUFFIX, load_data, save_data
from ..parallel import parallel_map, parallel_results, spread

MARKER = ".ties-site"
_MARKER_TEXT = "This folder is written by `ties build`, which replaces or updates it on every build.\n"
_FINISHED = "build "  # then the mark of the site
_UPDATING = "updating "  # then the run changing it


class OutputError(Exception):
    """The output folder cannot be used; the message says why, for the user."""


def check_output_folder(out: Path, root: Path, protected: list[Path]) -> None:
    """Refuse an output folder that is, contains or lies in the root or a content folder."""
    out = out.resolve()
    root = root.resolve()
    if out == root or root.is_relative_to(out):
        raise OutputError(f"{out} is or contains the folder being built; choose another output folder")
    for folder in protected:
        folder = folder.resolve()
        if out == folder or folder.is_relative_to(out) or out.is_relative_to(folder):
            raise OutputError(f"{out} overlaps {folder.relative_to(root)}/, which holds your files; "
                              "choose another output folder")
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out} exists and is not a folder")
    if out.is_dir() and not (out / MARKER).exists() and any(out.iterdir()):
        raise OutputError(f"{out} already holds files that ties did not write; "
                          "empty it or choose another output folder")


class NewSite:
    """A new site written file by file beside `out`, then put in its place whole: readers see the
    old site or the new one, never a mix, and a build that fails (`abandon`) leaves the old one."""

    def __init__(self, out: Path, updating: str):
        self.out = out.resolve()
        self.updating = updating  # the state its marker gives it, until the search index is made too
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self.staging = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.new-", dir=self.out.parent))
        self.written: list[str] = []
        self._removing: threading.Thread | None = None

    def add(self, relative: str, data: bytes) -> None:
        target = self.staging / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        self.written.append(relative)

    def finish(self, paths) -> list[str]:
        """Put the new site in place; what changed (everything)."""
        try:
            _write_marker(self.staging, self.updating)
            self.staging.chmod(0o755)
            old = _swap(self.staging, self.out)
        except BaseException:
            self.abandon()
            raise
        if old is not None:  # removing thousands of files takes a while: meanwhile the build goes on
            self._removing = threading.Thread(target=shutil.rmtree, args=(old,), kwargs={"ignore_errors": True})
            self._removing.start()
        return sorted(self.written)

    def abandon(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)

    def close(self) -> None:
        """Wait until the old site is removed."""
        if self._removing:
            self._removing.join()


class SiteUpdate:
    """The site in `out` updated in place: a file is written only if its bytes changed (under a
    temporary name, then renamed, so a reader never sees half a file), and the files of the last
    build (`previous`) that are no longer built are removed; so is, if asked to `sweep`, every
    other file the site does not hold, but in the folders made `apart` (the search index).
    Before the first change, the marker says the folder is `updating`."""

    def __init__(self, out: Path, previous=(), updating: str = "", sweep: bool = False, apart=()):
        self.out = out
        self.previous = set(previous)
        self.changed: list[str] = []
        self.updating, self.sweep, self.apart = updating, sweep, set(apart)
        self._marked = False

    def _before_change(self) -> None:
        if not self._marked:
            _write_marker(self.out, self.updating)
            self._marked = True

    def add(self, relative: str, data: bytes) -> None:
        target = self.out / relative
        if _holds(target, data):
            return
        self._before_change()
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.tmp")
        temporary.write_bytes(data)
        os.replace(temporary, target)
        self.changed.append(relative)

    def finish(self, paths) -> list[str]:
        """Remove what is no longer built; what changed."""
        paths = set(paths)
        gone = self.previous - paths
        if self.sweep:
            gone |= {path for path in _files_in(self.out, self.apart) if path not in paths}
        for relative in sorted(gone):
            target = self.out / relative
            if target.is_symlink() or target.exists():
                self._before_change()
                target.unlink()
                _remove_empty_folders(target.parent, self.out)
                self.changed.append(relative)
        return sorted(self.changed)

    def abandon(self) -> None:
        pass  # each file written is whole; the marker says the folder is being updated: the next build makes all

    def close(self) -> None:
        pass


def write_files(files: dict[str, bytes | _OnDisk], writer: NewSite | SiteUpdate) -> list[str]:
    """Give `writer` the files not on disk yet, and finish; what changed. (Should it fail, the
    caller `abandon`s the writer.)"""
    for relative, data in files.items():
        if data is not ON_DISK:
            writer.add(relative, data)
    return writer.finish(files)


def _swap(new: Path, out: Path) -> Path | None:
    """Put `new` in the place of `out`; the folder now holding the old site, to remove."""
    if not out.exists():
        os.replace(new, out)
        return None
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    os.replace(out, old / "site")
    try:
        os.replace(new, out)
    except OSError:
        os.replace(old / "site", out)
        shutil.rmtree(old, ignore_errors=True)
        raise
    return old


class _OnDisk:
    def __repr__(self) -> str:
        return "ON_DISK"


ON_DISK = _OnDisk()  # in place of a file's bytes: the output folder holds the file as it would be made


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
        self._digests: dict[str, bytes | None] = {}  # path -> digest of the key in `_entries`, once computed
        self._looked_up: dict[str, bytes | None] = {}  # path -> digest of a key not found in memory
        self._found: dict[str, bytes | _OnDisk | None] = {}  # path -> what `prepare` found for `lookup`
        self.sources: object = None  # what the site in the opened folder was made from, as its build said
        self._mark: str | None = None  # the state of `_out` (its marker's last line) as this cache knows it
        self.updating = f"{_UPDATING}{run}"  # the state of a folder this run is changing
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
            self._entries, self._out = {}, out
            self._kept, self.sources = self._read_kept(out)
            self._mark = _state_of(out)
        return bool(self._kept)

    def wrote_last(self, out: Path) -> bool:
        """Whether the last build to write `out` is the one this cache knows of."""
        return out.resolve() == self._out and self._mark is not None and _state_of(out) == self._mark

    def left_unfinished(self, out: Path) -> bool:
        """Whether `out` was being changed by another run that did not finish (it was stopped):
        then nothing known of it holds, not even that it holds what the last build made."""
        state = _state_of(out)
        return (out / MARKER).is_file() and state != self.updating and not (state or "").startswith(_FINISHED)

    @property
    def kept_paths(self):
        """The files the opened output folder holds, as the last build left them."""
        return self._kept.keys()

    def holds(self, path: str, key: object) -> bool:
        """Whether this build's output holds the file as made from `key`, as far as known in memory."""
        cached = self._entries.get(path)
        return key is not None and cached is not None and cached[0] == key

    def lookup(self, path: str, key: object) -> bytes | _OnDisk | None:
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
                self._found[path] = ON_DISK

    def lookup_all(self, wanted: list[tuple[str, object]]) -> list[bytes | _OnDisk | None]:
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

    def get_all(self, files: dict[str, tuple[object, Callable[[], bytes]]],
                write: Callable[[str, bytes], None] | None = None,
                processes: int | None = None) -> dict[str, bytes | _OnDisk]:
        """Each of `files` (path -> (key, make)): the bytes made last time from an equal key,
        `ON_DISK`, or else made now. Each is costly to make (an export of the whole network), so
        those to make are made on every core (or on as many `processes`), and their keys digested
        there. Given `write`, each file made is handed to it as it comes, and stands as `ON_DISK`."""
        found = dict(zip(files, self.lookup_all([(path, key) for path, (key, _) in files.items()])))
        todo = [path for path, data in found.items() if data is None]
        made = parallel_results(lambda path: (files[path][1](), self.digest_to_keep(path, files[path][0])), todo,
                                processes, smallest=2)
        for path, (data, digest) in zip(todo, made):
            if write:
                write(path, data)
                data = ON_DISK
            self.store(path, files[path][0], data, digest)  # (not its bytes, once written)
            found[path] = data
        return found

    def keep_only(self, paths) -> None:
        for gone in self._entries.keys() - set(paths):
            del self._entries[gone]
            self._digests.pop(gone, None)

    @property
    def is_open(self) -> bool:
        return self._out is not None

    def written(self, out: Path, paths, mark: str, sources: object = None, as_is=()) -> None:
        """`out` now holds this build's files (`paths`), made from `sources`: keep their digests,
        and the digests kept for the files left `as_is` (not looked up by this build), for the
        site of that `mark` (a digest of what it is made from), which `complete` gives the
        folder once its search index is made too. Until then no other cache trusts them."""
        out = out.resolve()
        self._out = out
        missing = [path for path in paths if path in self._entries and self._digests.get(path) is None]
        self.digests_pending = bool(missing and self.digest and self.digest_later)
        if missing and self.digest and not self.digest_later:
            keys = [self._entries[path][0] for path in missing]
            self._digests.update(zip(missing, parallel_map(self.digest, keys)))
        as_is = set(as_is)
        kept = {path: self._digests.get(path) if path in self._entries else self._kept.get(path) if path in as_is
                else None for path in paths}
        self._looked_up = {}
        self._mark = _state_of(out)  # (this run holds the folder's lock: what the writing left)
        mark = self._finished = f"{_FINISHED}{mark}"
        if self.folder is not None:
            save_data(self._kept_file(out), (mark, self.makers, kept, sources))
        self._kept, self.sources = kept, sources

    def complete(self, out: Path, mark: str | None = None) -> None:
        """Mark `out` as holding the whole site of `mark` (by default, the one `written` last),
        search index included: if this run is changing it, or still knows what it holds."""
        out = out.resolve()
        state = f"{_FINISHED}{mark}" if mark else self._finished
        now = _state_of(out)
        if state is None or not (now == self.updating or self.wrote_last(out)):
            return  # another run has changed it since
        if now != state:
            _write_marker(out, state)
        self._out, self._mark = out, state

    def _kept_file(self, out: Path) -> Path:
        name = hashlib.blake2b(str(out).encode(), digest_size=8).hexdigest()
        return self.folder / "outputs" / f"{name}{SUFFIX}"

    def _read_kept(self, out: Path) -> tuple[dict[str, bytes | None], object]:
        """The digests kept for the files `out` holds, and what they were made from."""
        if self.folder is None or self.digest is None:
            return {}, None
        mark, makers, kept, sources = load_data(self._kept_file(out), (None, None, {}, None),
                                                tuple[str, str, dict[str, bytes | None], object])
        finished = isinstance(mark, str) and mark.startswith(_FINISHED) and _state_of(out) == mark
        return (kept, sources) if finished and makers == self.makers else ({}, None)


def _state_of(out: Path) -> str | None:
    """The state the folder's marker gives it: `build <mark>` or `updating <run>`."""
    try:
        text = (out / MARKER).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    last = text.rstrip("\n").rpartition("\n")[2]
    return last if last.startswith((_FINISHED, _UPDATING)) else None


def finished_mark(out: Path) -> str | None:
    """The mark of the site in `out` if its marker says it is complete; else None."""
    state = _state_of(out)
    return state[len(_FINISHED):] if state and state.startswith(_FINISHED) else None


def _write_marker(folder: Path, state: str) -> None:
    """Give the folder's marker `state` (replaced whole: a reader never sees half of it)."""
    temporary = folder / f"{MARKER}.tmp"
    temporary.write_text(f"{_MARKER_TEXT}{state}\n", encoding="utf-8")
    os.replace(temporary, folder / MARKER)


def remove_leftovers(out: Path) -> None:
    """Remove what a run stopped halfway left beside `out`: a new site not yet put in its place,
    an old one not yet removed. (Only while holding the folder's lock: no other run's.)"""
    out = out.resolve()
    for leftover in (*out.parent.glob(f".{out.name}.new-*"), *out.parent.glob(f".{out.name}.old-*")):
        shutil.rmtree(leftover, ignore_errors=True)


def _files_in(out: Path, apart) -> list[str]:
    """The paths of every file (and symbolic link) in `out`, but its marker and the top folders
    `apart`."""
    found = []
    for folder, subfolders, files in os.walk(out):
        relative = Path(folder).relative_to(out).as_posix()
        prefix = "" if relative == "." else f"{relative}/"
        if not prefix:
            subfolders[:] = [name for name in subfolders if name not in apart]
            files = [name for name in files if name != MARKER]
        found.extend(prefix + name for name in files)
        found.extend(prefix + name for name in subfolders if os.path.islink(os.path.join(folder, name)))
    return found


def _holds(target: Path, data: bytes) -> bool:
    """Whether the file `target` holds exactly `data`."""
    try:
        return target.stat().st_size == len(data) and target.read_bytes() == data
    except OSError:
        return False


def _remove_empty_folders(folder: Path, top: Path) -> None:
    while folder != top and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
