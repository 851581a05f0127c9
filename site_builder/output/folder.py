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

import os
import shutil
import tempfile
import threading
import time
from pathlib import Path

MARKER = ".ties-site"
# A folder changed this recently is not trusted to look the same when it next reads the same
# time of last change: a file added in the same tick of the file system's clock would not move it.
RECENT_NS = 2_000_000_000
_MARKER_TEXT = "This folder is written by `ties build`, which replaces or updates it on every build.\n"
FINISHED = "build "  # then the mark of the site
UPDATING = "updating "  # then the run changing it


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
            write_marker(self.staging, self.updating)
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
    Before the first change, the marker says the folder is `updating`.

    Sweeping reads only the folders that may hold such a file: given the time of last change
    (`st_mtime_ns`) of each folder as the last sweep left it (`folders`, kept only for a folder
    the last build finished), a folder showing the same time holds the same names (adding,
    removing or renaming a file in it changes its time), and is not read again; its subfolders
    are still looked at. After `finish`, `folders` is what the next sweep may trust."""

    def __init__(self, out: Path, previous=(), updating: str = "", sweep: bool = False, apart=(),
                 folders: dict[str, int | None] | None = None):
        self.out = out
        self.previous = frozenset(previous)  # (a frozenset is taken as it is: tens of thousands of paths)
        self.changed: list[str] = []
        self.updating, self.sweep, self.apart = updating, sweep, set(apart)
        self.folders = dict(folders or {})  # folder (relative, "" the top) -> time of last change, or None
        self._marked = False

    def _before_change(self) -> None:
        if not self._marked:
            write_marker(self.out, self.updating)
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
        paths = paths.keys() if isinstance(paths, dict) else frozenset(paths)
        gone = self.previous - paths
        if self.sweep:
            found, self.folders = _files_in(self.out, self.apart, self.folders)
            gone |= {path for path in found if path not in paths}
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


def write_files(files: dict[str, bytes | OnDisk], writer: NewSite | SiteUpdate) -> list[str]:
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


class OnDisk:
    def __repr__(self) -> str:
        return "ON_DISK"


ON_DISK = OnDisk()  # in place of a file's bytes: the output folder holds the file as it would be made


def state_of(out: Path) -> str | None:
    """The state the folder's marker gives it: `build <mark>` or `updating <run>`."""
    try:
        text = (out / MARKER).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    last = text.rstrip("\n").rpartition("\n")[2]
    return last if last.startswith((FINISHED, UPDATING)) else None


def finished_mark(out: Path) -> str | None:
    """The mark of the site in `out` if its marker says it is complete; else None."""
    state = state_of(out)
    return state[len(FINISHED):] if state and state.startswith(FINISHED) else None


def write_marker(folder: Path, state: str) -> None:
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


def _files_in(out: Path, apart, known: dict[str, int | None]) -> tuple[list[str], dict[str, int | None]]:
    """The paths of every file (and symbolic link) in `out`, but its marker and the top folders
    `apart`, that may not be the site's; and each folder's time of last change, for the next
    sweep (None: changed too recently to trust). A folder `known` to hold only the site's files
    at a time of last change it still shows is not read (`SiteUpdate`); the top one always is."""
    children: dict[str, list[str]] = {}
    for folder in known:
        if folder:
            children.setdefault(folder.rpartition("/")[0], []).append(folder)
    found: list[str] = []
    seen: dict[str, int | None] = {}
    recent = time.time_ns() - RECENT_NS

    def look(folder: str) -> None:
        path = os.path.join(out, folder) if folder else os.fspath(out)
        try:
            changed = os.stat(path, follow_symlinks=False).st_mtime_ns
        except OSError:
            return
        seen[folder] = None if changed > recent else changed
        if folder and known.get(folder) == changed:  # the same names as when it held only the site's files
            for child in children.get(folder, ()):
                look(child)
            return
        prefix = f"{folder}/" if folder else ""
        try:
            entries = list(os.scandir(path))
        except OSError:
            return
        for entry in entries:
            if not folder and (entry.name in apart and entry.is_dir() or entry.name == MARKER):
                continue
            if entry.is_dir(follow_symlinks=False):
                look(prefix + entry.name)
            else:  # a file, or a symbolic link (to a folder too: never followed)
                found.append(prefix + entry.name)

    look("")
    return found, seen


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
