"""Diagnostics: every problem found in the content, as values rather than exceptions."""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem in one file. `line` is 1-based, counting the opening `---`, or None."""

    file: str
    line: int | None
    severity: str
    message: str

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def as_dict(self) -> dict:
        return {"severity": self.severity, "file": self.file, "line": self.line, "message": self.message}

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.severity}: {self.message}"


def sort_key(diagnostic: Diagnostic):
    return (diagnostic.file, diagnostic.line or 0, diagnostic.severity, diagnostic.message)


def has_errors(diagnostics) -> bool:
    return any(d.is_error for d in diagnostics)
