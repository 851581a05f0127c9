"""What an edit of a file's text gives, or why it is refused, and the lines of a text."""

from __future__ import annotations

from dataclasses import dataclass

BOM = "\ufeff"


@dataclass(frozen=True)
class Edited:
    """A file's new text, and the lines of it (1-based, counting the opening `---`) that the edit
    changed or added."""

    text: str
    lines: tuple[int, ...]


class EditRefused(Exception):
    """An edit that cannot be made safely, or that there is no need for: nothing is written.
    `file` (relative to the root) and `line` say where, when known."""

    def __init__(self, message: str, line: int | None = None, file: str | None = None):
        super().__init__(message)
        self.message, self.line, self.file = message, line, file

    def in_file(self, file: str) -> EditRefused:
        """The same refusal, naming the file."""
        return EditRefused(self.message, self.line, file)

    def __str__(self) -> str:
        where = ":".join(str(part) for part in (self.file, self.line) if part is not None)
        return f"{where}: {self.message}" if where else self.message


class Stale(EditRefused):
    """A file that is not the one the edit was asked of: changed since the page asking was built,
    or while it was being edited. Nothing is written; reading it again may let the edit be made."""

    def in_file(self, file: str) -> Stale:
        return Stale(self.message, self.line, file)


def line_ending(text: str) -> str:
    """The line ending a file uses, by its first line: CRLF or LF."""
    first = text.find("\n")
    return "\r\n" if first > 0 and text[first - 1] == "\r" else "\n"


def line_number(text: str, index: int) -> int:
    """The line (1-based) that the character at `index` of `text` is on."""
    return text.count("\n", 0, index) + 1


def line_start(text: str, line: int) -> int:
    """Where line `line` (1-based) of `text` starts; len(text) past its last line."""
    index = 0
    for _ in range(line - 1):
        index = text.find("\n", index) + 1
        if index == 0:
            return len(text)
    return index


def line_text(text: str, line: int) -> str:
    """Line `line` (1-based) of `text`, without its line ending."""
    start = line_start(text, line)
    end = text.find("\n", start)
    return text[start:len(text) if end == -1 else end].removesuffix("\r")
