"""A file's notes (its body, below the front matter), found as the checker finds them."""

from __future__ import annotations

from ..content.documents import split_front_matter
from .edited import BOM, EditRefused, line_number


def notes_of(text: str) -> tuple[str, int]:
    """The body of `text` (a whole file) and the line it starts on (1-based, counting the
    opening `---`); the body is empty when the closing `---` ends the file. Raises EditRefused."""
    offset = len(BOM) if text.startswith(BOM) else 0
    try:
        _, body = split_front_matter(text[offset:])
    except ValueError:
        raise EditRefused("no front matter between two lines '---': run ties check", 1) from None
    return body, line_number(text, len(text) - len(body))
