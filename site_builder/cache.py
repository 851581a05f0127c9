"""What is kept between runs of `ties`: the HTML of notes already converted from Markdown.

Converting Markdown is the largest part of a build, and a note's HTML depends only on its text
and on where its `[[links]]` lead. The cache lives in the user's cache folder
(`~/.cache/weakties/`) or in `TIES_CACHE_DIR`; deleting it is always safe.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path

from . import __version__

_FORMAT = 2  # also bumped when markup.py renders notes differently (2: task boxes are labelled)


def cache_folder(root: Path) -> Path:
    """`TIES_CACHE_DIR`, else a folder for this root in the user's cache (never in the root:
    ties writes nothing among your files)."""
    if os.environ.get("TIES_CACHE_DIR"):
        return Path(os.environ["TIES_CACHE_DIR"])
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    name = hashlib.blake2b(str(Path(root).resolve()).encode(), digest_size=8).hexdigest()
    return base / "weakties" / name


class NotesCache:
    """Note HTML by a digest of the note and where its links lead; saved only when it grew."""

    def __init__(self, folder: Path | None = None):
        self.folder = folder
        self._html: dict[bytes, str] = {}
        self._used: set[bytes] = set()
        self._grew = False
        if folder is not None:
            self._html = self._read(folder / "notes.pickle")

    @staticmethod
    def key(body: str, links: list) -> bytes:
        return hashlib.blake2b(repr((body, links)).encode("utf-8", "surrogatepass"), digest_size=20).digest()

    def __contains__(self, key: bytes) -> bool:
        return key in self._html

    def get(self, key: bytes) -> str:
        self._used.add(key)
        return self._html[key]

    def add(self, key: bytes, html: str) -> None:
        self._html[key] = html
        self._grew = True

    def save(self, prune: bool = False) -> None:
        """Write the cache if it grew; `prune` (after a whole build) first forgets the notes that
        build did not use, so the cache does not grow without end."""
        if prune and self._html.keys() - self._used:
            self._html = {key: html for key, html in self._html.items() if key in self._used}
            self._grew = True
        self._used = set()
        if self.folder is None or not self._grew:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile("wb", dir=self.folder, delete=False) as file:
                pickle.dump((_FORMAT, __version__, self._html), file, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(file.name, self.folder / "notes.pickle")
            self._grew = False
        except OSError:
            pass  # a cache that cannot be written only makes the next build slower

    @staticmethod
    def _read(path: Path) -> dict[bytes, str]:
        try:
            with open(path, "rb") as file:
                version, package, html = pickle.load(file)
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
            return {}
        return html if (version, package) == (_FORMAT, __version__) else {}
