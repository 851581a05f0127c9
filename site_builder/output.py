"""The write stage: put the built files in place without ever leaving a half-written site.

The site is written to a temporary folder beside the target, which then replaces it in two
renames. A folder is only replaced if ties made it (it holds `MARKER`) or it is empty.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Callable

MARKER = ".ties-site"


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


def write_site(files: dict[str, bytes], out: Path) -> None:
    """Write `files` (relative path -> bytes) as the new content of `out`, all or nothing."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        for relative, data in files.items():
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        (staging / MARKER).write_text("This folder is written by `ties build`; it is replaced on every build.\n")
        staging.chmod(0o755)
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _swap(new: Path, out: Path) -> None:
    if not out.exists():
        os.replace(new, out)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    os.replace(out, old / "site")
    try:
        os.replace(new, out)
    except OSError:
        os.replace(old / "site", out)
        raise
    finally:
        shutil.rmtree(old, ignore_errors=True)


class OutputCache:
    """The bytes of each output file of the last build, with the key they were made from.

    A file whose key is equal to last time is not made again. A key of None means "always make".
    """

    def __init__(self):
        self._entries: dict[str, tuple[object, bytes]] = {}

    def lookup(self, path: str, key: object) -> bytes | None:
        """The bytes made last time from an equal key, if any."""
        cached = self._entries.get(path)
        if key is not None and cached is not None and cached[0] == key:
            return cached[1]
        return None

    def store(self, path: str, key: object, data: bytes) -> None:
        if key is not None:
            self._entries[path] = (key, data)

    def get(self, path: str, key: object, make: Callable[[], bytes]) -> bytes:
        data = self.lookup(path, key)
        if data is None:
            data = make()
            self.store(path, key, data)
        return data

    def keep_only(self, paths) -> None:
        for gone in self._entries.keys() - set(paths):
            del self._entries[gone]


def write_changes(files: dict[str, bytes], out: Path, previous: dict[str, bytes]) -> list[str]:
    """Update `out` in place: write files whose bytes changed, remove those no longer built.

    `previous` holds the files of the last build. Each file is written to a temporary name and
    renamed, so a reader never sees half a file. Returns what changed.
    """
    changed = []
    for relative, data in files.items():
        before = previous.get(relative)
        if (before is data or before == data) and (out / relative).exists():
            continue
        target = out / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.tmp")
        temporary.write_bytes(data)
        os.replace(temporary, target)
        changed.append(relative)
    for relative in previous.keys() - files.keys():
        target = out / relative
        target.unlink(missing_ok=True)
        _remove_empty_folders(target.parent, out)
        changed.append(relative)
    return sorted(changed)


def _remove_empty_folders(folder: Path, top: Path) -> None:
    while folder != top and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
