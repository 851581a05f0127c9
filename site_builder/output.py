"""The write stage: put the built files in place without ever leaving a half-written site.

A new site is written to a temporary folder beside the target, which then replaces it in two
renames; a site the last build wrote is updated in place, file by file. A folder is only
replaced or updated if ties made it (it holds `MARKER`) or it is empty.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Callable

from .cache import SUFFIX, load_data, save_data
from .parallel import parallel_map, parallel_results, spread

MARKER = ".ties-site"
_MARKER_TEXT = "This folder is written by `ties build`, which replaces or updates it on every build.\n"


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

    def __init__(self, out: Path):
        self.out = out.resolve()
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
            (self.staging / MARKER).write_text(_MARKER_TEXT)
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
    build (`previous`) that are no longer built are removed."""

    def __init__(self, out: Path, previous=()):
        self.out = out
        self.previous = set(previous)
        self.changed: list[str] = []

    def add(self, relative: str, data: bytes) -> None:
        target = self.out / relative
        if _holds(target, data):
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.tmp")
        temporary.write_bytes(data)
        os.replace(temporary, target)
        self.changed.append(relative)

    def finish(self, paths) -> list[str]:
        """Remove what is no longer built; what changed."""
        for relative in self.previous - set(paths):
            target = self.out / relative
            if target.exists():
                target.unlink()
                _remove_empty_folders(target.parent, self.out)
                self.changed.append(relative)
        return sorted(self.changed)

    def abandon(self) -> None:
        pass  # each file written is whole; the kept digests are gone, so the next build makes all

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
                 makers: str = ""):
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
        self._mark: str | None = None  # of the build that last wrote `_out`, as this cache knows it
        # The watcher, before it reloads: files made again are known from their keys in memory, and
        # the digests to keep for the next run are left to the build after (`digests_pending`).
        self.digest_later = False
        self.digests_pending = False

    def open(self, out: Path, keep: bool = True) -> bool:
        """Start a build into `out`; if `keep`, use the digests kept for it and keep new ones.
        Whether `out` still holds what the kept digests describe (its marker names the build
        that kept them)."""
        out = out.resolve()
        self.digest = self._digester() if self._digester and keep else None
        self._looked_up, self._found = {}, {}
        self.digest_later = False
        if not keep:
            return False
        if not self.wrote_last(out):  # another run may have written it since: what it made is not known here
            self._entries, self._out = {}, out
            self._kept, self.sources = self._read_kept(out)
            self._mark = self._mark_of(out)
        return bool(self._kept)

    def wrote_last(self, out: Path) -> bool:
        """Whether the last build to write `out` is the one this cache knows of."""
        return out.resolve() == self._out and self._mark is not None and self._mark_of(out) == self._mark

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

    def forget_output(self) -> None:
        """The opened folder is about to change: until `written`, the digests kept for it are not
        to be trusted by another run (should the writing stop halfway, the next build makes every
        file). This build goes on using them."""
        if self._out is not None and self.folder is not None:
            self._kept_file(self._out).unlink(missing_ok=True)

    def written(self, out: Path, paths, changed: bool = True, sources: object = None, as_is=()) -> None:
        """`out` now holds this build's files (`paths`), made from `sources`: keep their digests,
        and the digests kept for the files left `as_is` (not looked up by this build). If files
        `changed`, the folder's marker gets a new mark, so that digests kept by any other cache
        for it are not trusted any more."""
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
        mark = None if changed else self._mark_of(out)
        if mark is None:
            mark = secrets.token_hex(8)
            (out / MARKER).write_text(f"{_MARKER_TEXT}build {mark}\n")
        if self.folder is not None:
            save_data(self._kept_file(out), (mark, self.makers, kept, sources))
        self._kept, self.sources, self._mark = kept, sources, mark

    def _kept_file(self, out: Path) -> Path:
        name = hashlib.blake2b(str(out).encode(), digest_size=8).hexdigest()
        return self.folder / "outputs" / f"{name}{SUFFIX}"

    def _read_kept(self, out: Path) -> tuple[dict[str, bytes | None], object]:
        """The digests kept for the files `out` holds, and what they were made from."""
        if self.folder is None or self.digest is None:
            return {}, None
        mark, makers, kept, sources = load_data(self._kept_file(out), (None, None, {}, None),
                                                tuple[str, str, dict[str, bytes | None], object])
        return (kept, sources) if mark and self._mark_of(out) == mark and makers == self.makers else ({}, None)

    @staticmethod
    def _mark_of(out: Path) -> str | None:
        """The mark of the build that last changed the folder, from its marker."""
        try:
            text = (out / MARKER).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        return text.rsplit("build ", 1)[-1].strip() if "\nbuild " in text else None


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
