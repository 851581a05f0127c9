"""An export as parts: fixed text, and runs of pieces made one per record.

The contacts and interviews tables, the address book and `data.json` each hold one piece per
person or interview (a row, a card, an object), and a piece depends on nothing but what it is
made from: `Pieces` says so by making each one as `function(*arguments)`. The text is the parts
joined; a build that kept
the pieces of the last export may take those made from equal arguments from it instead of
making them again (incremental/kept_exports.py), and gets the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence


@dataclass(frozen=True)
class Pieces:
    """`function(*arguments)` for each tuple of arguments in `each`, joined by `between`. The
    function must be pure: its text depends on its arguments alone."""

    function: Callable[..., str]
    each: Sequence[tuple]
    between: str = ""

    def text(self) -> str:
        function = self.function
        return self.between.join([function(*arguments) for arguments in self.each])


Parts = list  # of str (fixed text) and Pieces


def text_of(parts: Parts) -> str:
    """The export's text: its parts joined."""
    return "".join([part if isinstance(part, str) else part.text() for part in parts])
