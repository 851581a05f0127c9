"""Parsed files kept between builds: a file is read again only if it changed on disk, and parsed
again only if its bytes did."""

from __future__ import annotations

import os
import time
from functools import partial
from pathlib import Path

from ..content.documents import ContentFile, Document, content_digest, decode_document, read_content, slug_of, stamp_of
from ..parallel import parallel_map
from .cache import PersistentDict, save_together


class DocumentCache:
    """Parsed documents kept between builds.

    A file is re-read only when its size or modification time changed, and re-parsed only when
    its bytes changed (a `git checkout` touches files without changing them). A file modified in
    the last two seconds is always re-read: its next change could keep the same size and time.
    Given a cache folder, what it knows is kept between runs too (`save`): each file's size,
    time and digests, always read, and its parsed document, read only when asked for (a run
    whose records are all kept needs none).
    """

    RACY_SECONDS = 2.0

    def __init__(self, folder: Path | None = None):
        # path -> (size, time and inode; digest of the bytes; digest of the front matter; kind; slug)
        self._stamps = PersistentDict(folder, "stamps")
        # path -> (digest of the bytes, Document), of readable files: a document is used only while
        # its digest is the stamp's (a run stopped between saving the two leaves older documents)
        self._documents = PersistentDict(folder, "documents")
        self._unreadable: dict[str, Document] = {}  # path -> Document with the reason, not kept
        self._root = Path(".")

    @property
    def kept(self) -> list[PersistentDict]:
        """What it keeps between runs, in the order to save it in (`save_together`)."""
        return [self._stamps, self._documents]

    def save(self) -> None:
        save_together(self.kept)

    def release(self) -> None:
        """Let go of the parsed documents held in memory (once saved and their records made):
        they are read again from the cache if asked for."""
        self._documents.release()

    def digest(self, path: str) -> bytes | None:
        """A digest of the file's bytes as last read, if it could be read."""
        stamp = self._stamps.get(path)
        return stamp[1] if stamp else None

    def front_matter_digest(self, path: str) -> bytes | None:
        """A digest of the file's front matter as last read, if it could be read."""
        stamp = self._stamps.get(path)
        return stamp[2] if stamp else None

    def document(self, path: str) -> Document:
        """The file's document as last read by `read_all` (parsed again if the kept one is lost)."""
        if path in self._unreadable:
            return self._unreadable[path]
        stamp, kept = self._stamps[path], self._documents.get(path)
        if kept is not None and kept[0] == stamp[1]:
            return kept[1]
        _, _, entry, document = _read_changed(self._root, (path, stamp[3], stamp[0], None))
        if entry is not None:  # (else gone or unreadable since it was read: not kept)
            self._documents[path] = (entry[1], document)
        return document

    def read_all(self, root: Path, found: list[tuple[str, str]]) -> list[ContentFile]:
        """The files of `found` (path, kind) pairs, every content file there is, reading again
        only files that changed. A large batch (the first build) is parsed on every core."""
        self.keep_only(path for path, _ in found)
        return self.read(root, found)

    def read(self, root: Path, found: list[tuple[str, str]]) -> list[ContentFile]:
        """`read_all` of some of the files, the others left as they were read last."""
        self._root = root
        now = time.time_ns()
        files: dict[str, ContentFile] = {}
        todo = []
        folder = os.fspath(root)
        for path, kind in found:
            stamp = stamp_of(os.path.join(folder, path))
            kept = self._stamps.get(path)
            settled = stamp and now - stamp[1] > self.RACY_SECONDS * 1e9
            if kept and settled and kept[0] == stamp and kept[3] == kind:
                files[path] = ContentFile(path, kind, kept[4])
            else:
                todo.append((path, kind, stamp, kept if kept and kept[3] == kind else None))
        for path, kind, entry, document in parallel_map(partial(_read_changed, root), todo):
            files[path] = ContentFile(path, kind, entry[4] if entry else slug_of(path))
            self._unreadable.pop(path, None)
            if entry is None:
                self._stamps.pop(path, None)
                self._documents.pop(path, None)
                self._unreadable[path] = document
                continue
            self._stamps[path] = entry
            if document is not None:  # else its bytes are the same: the kept document stands
                self._documents[path] = (entry[1], document)
        return [files[path] for path, _ in found]

    def changed_on_disk(self, root: Path, found: list[tuple[str, str]]) -> set[str]:
        """The files of `found` (path, kind) whose size, time or inode is not what it was when
        last read, or never read, and the files read before that are gone. (A file that could
        not be read, and was reported, counts as unchanged.)"""
        folder = os.fspath(root)
        changed = self._stamps.keys() - {path for path, _ in found}
        for path, kind in found:
            if path in self._unreadable:
                continue
            kept = self._stamps.get(path)
            stamp = stamp_of(os.path.join(folder, path))
            if stamp is None or kept is None or kept[0] != stamp or kept[3] != kind:
                changed.add(path)
        return changed

    def keep_only(self, paths) -> None:
        """Forget files that are gone."""
        paths = set(paths)
        for path in self._stamps.keys() - paths:
            del self._stamps[path]
            self._documents.pop(path, None)
        for path in self._unreadable.keys() - paths:
            del self._unreadable[path]


def _read_changed(root: Path, job: tuple) -> tuple[str, str, tuple | None, Document | None]:
    """Read one file again: (path, kind, its stamp and digests, its document). The entry is None
    when it cannot be read, and the document None when its bytes are those last parsed."""
    path, kind, stamp, kept = job
    raw = read_content(root, path, kind)
    if isinstance(raw, Document):
        return path, kind, None, raw
    digest = content_digest(raw)
    if kept and digest == kept[1]:
        return path, kind, (stamp, *kept[1:]), None
    document = decode_document(path, kind, raw)
    return path, kind, (stamp, digest, document.front_matter_digest, kind, document.slug), document
