"""Making an edit to a content file safely: the file is checked as `ties check` would, the edit
is made to the bytes read, the result is checked again, and the new bytes replace the file at
once (a temporary file in the same folder, synced, then renamed over it), with the file's mode,
unless the file changed since it was read. A new person's file is created, never replacing one.
"""

from __future__ import annotations

import difflib
import os
import stat
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable

from ..content.documents import CONTENT_FOLDERS, Document, content_digest, decode_document, read_content
from ..content.new_files import create_file
from ..diagnostics import Diagnostic
from ..network.assemble import read_record
from .edited import Edited, EditRefused, Stale, line_text

Edit = Callable[[str], Edited]  # a file's text -> the text edited


@dataclass(frozen=True)
class FileChange:
    """An edit made to one file (or, in a dry run, that would be made). `before` is None for a
    new file; `lines` are the lines of `after` changed or added."""

    file: str  # relative to the root
    before: str | None
    after: str
    lines: tuple[int, ...]

    def changed_lines(self) -> list[str]:
        """Each line changed, as `file:line: new text`."""
        return [f"{self.file}:{line}: {line_text(self.after, line)}" for line in self.lines]

    def diff(self) -> str:
        """The change as a unified diff, from the root (`a/` and `b/` prefixes)."""
        before = (self.before or "").splitlines(keepends=True)
        after = self.after.splitlines(keepends=True)
        old = f"a/{self.file}" if self.before is not None else "/dev/null"
        lines = difflib.unified_diff(before, after, old, f"b/{self.file}")
        return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


def edit_file(root: Path, file: str, edit: Edit, today: date, *, problems: list[Diagnostic] = (),
              digest: bytes | None = None, dry_run: bool = False,
              before_replace: Callable[[], None] | None = None,
              changed_since: str = "changed since this page was built: reload") -> FileChange:
    """Make `edit` to the content `file` (relative to `root`) and return what changed.

    Refused (EditRefused, nothing written): a file with an error that `ties check` reports, of
    its own or among the network's `problems` for it; an edit the file cannot take safely, or
    after which it would have an error; a file whose bytes are not those of `digest` (their
    `content_digest` as a page showed it; Stale, saying `changed_since`), or that changes between
    reading and writing. `before_replace` is called just before the file is compared with what
    was read and replaced."""
    raw = read_file(root, file)
    if digest is not None and content_digest(raw) != digest:
        raise Stale(changed_since, file=file)
    _refuse_errors(file, raw, today, problems, "has an error: fix it first ({})")
    text = raw.decode("utf-8")
    try:
        edited = edit(text)
    except EditRefused as refusal:
        raise refusal.in_file(file) from None
    data = edited.text.encode("utf-8")
    _refuse_errors(file, data, today, (), "the edit would leave an error: {}")
    change = FileChange(file, text, edited.text, edited.lines)
    if not dry_run and data != raw:
        _replace(root / file, file, raw, data, before_replace)
    return change


def create_person_file(root: Path, planned: tuple[str, str], dry_run: bool = False) -> FileChange:
    """Create the person's file `planned` as (path from the root, text), never replacing one."""
    file, text = planned
    if not dry_run:
        try:
            create_file(root / file, text)
        except FileExistsError:
            raise EditRefused(f"{file} exists already: edit it") from None
    return FileChange(file, None, text, ())


def read_file(root: Path, file: str) -> bytes:
    """The bytes of the content `file` (relative to `root`); raises EditRefused for a path that is
    not a content file's, or a file that cannot be read."""
    parts = file.split("/")
    if parts[0] not in CONTENT_FOLDERS or ".." in parts or not file.endswith(".md"):
        raise EditRefused("not a content file (in people/ or interviews/)", file=file)
    kind = CONTENT_FOLDERS[parts[0]]
    raw = read_content(root, file, kind)
    if isinstance(raw, Document):
        problem = raw.diagnostics[0]
        raise EditRefused(problem.message, problem.line, file)
    return raw


def _refuse_errors(file: str, raw: bytes, today: date, problems, message: str) -> None:
    """Refuse a file's bytes whose own check, or the network's `problems` for it, has an error."""
    kind = CONTENT_FOLDERS[file.split("/", 1)[0]]
    _, diagnostics = read_record(decode_document(file, kind, raw), today)
    errors = sorted({d for d in [*diagnostics, *problems] if d.is_error and d.file == file}, key=lambda d: d.line or 0)
    if errors:
        first = errors[0]
        more = f" (and {len(errors) - 1} more: run ties check)" if len(errors) > 1 else ""
        raise EditRefused(message.format(first.message) + more, first.line, file)


def _replace(path: Path, file: str, read: bytes, data: bytes, before_replace) -> None:
    """Replace the file at `path` (the file a symlink points to, if it is one) with `data`, unless
    it no longer holds the bytes `read`."""
    target = Path(os.path.realpath(path))
    mode = stat.S_IMODE(os.stat(target).st_mode)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        if before_replace is not None:
            before_replace()
        if _digest_now(target) != content_digest(read):
            raise Stale("changed while it was being edited: nothing written, try again", file=file)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _sync_folder(target.parent)


def _digest_now(path: Path) -> bytes | None:
    try:
        return content_digest(path.read_bytes())
    except OSError:
        return None


def _sync_folder(folder: Path) -> None:
    """Make the rename last (where the system can sync a folder)."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)
