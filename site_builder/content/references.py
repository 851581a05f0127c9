"""Slugs and person references: a slug, a `[[wiki link]]`, or a person's exact name."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

_NOT_WORD = re.compile(r"[\W_]+")
_WIKI = re.compile(r"^\[\[([^\]|]*)(?:\|[^\]]*)?\]\]$")


def slugify(text: str) -> str:
    """The ID of a file or name: lowercased, each run of spaces and punctuation made one `-`."""
    return _NOT_WORD.sub("-", text.lower()).strip("-")


def written_name(reference: str) -> str:
    """A reference as the user means it: `[[Ada Lovelace|Ada]]` -> `Ada Lovelace`."""
    reference = reference.strip()
    match = _WIKI.match(reference)
    return match.group(1).strip() if match else reference


FOUND = "found"
MISSING = "missing"
AMBIGUOUS = "ambiguous"


@dataclass(frozen=True)
class Resolution:
    """What a reference points at: `slug` when found; `candidates` when ambiguous."""

    outcome: str
    name: str
    slug: str | None = None
    candidates: tuple[str, ...] = ()

    @property
    def found(self) -> bool:
        return self.outcome == FOUND


class Resolver:
    """Resolves person references against the people that have files."""

    def __init__(self, names_by_slug: dict[str, str]):
        self._slugs = names_by_slug
        self._by_name: dict[str, list[str]] = {}
        for slug, name in names_by_slug.items():
            self._by_name.setdefault(name.casefold(), []).append(slug)
        self._resolved: dict[str, Resolution] = {}  # reference -> its resolution, once made
        self._close: dict[str, str | None] = {}  # name -> `close_to` it, once found
        self._by_word: dict[str, set[str]] | None = None  # each word of a slug or name -> slugs, once asked

    @property
    def names(self) -> dict[str, str]:
        """slug -> name of everyone it resolves to."""
        return self._slugs

    def resolve(self, reference: str) -> Resolution:
        resolution = self._resolved.get(reference)
        if resolution is None:
            resolution = self._resolved[reference] = self._resolve(reference)
        return resolution

    def _resolve(self, reference: str) -> Resolution:
        name = written_name(reference)
        if name in self._slugs:
            return Resolution(FOUND, name, name)
        same_name = self._by_name.get(name.casefold(), [])
        if len(same_name) == 1:
            return Resolution(FOUND, name, same_name[0])
        if len(same_name) > 1:
            return Resolution(AMBIGUOUS, name, candidates=tuple(sorted(same_name)))
        slug = slugify(name)
        if slug in self._slugs:
            return Resolution(FOUND, name, slug)
        return Resolution(MISSING, name)

    def close_to(self, name: str) -> str | None:
        """The slug of the person whose slug or name is closest to `name`, which resolves to
        nobody, when one is close: a title, an initial or a typo apart ('Ngozi Okonkwo' for
        'Dr. Ngozi Okonkwo'). Only people sharing a word with it are compared."""
        if name not in self._close:
            self._close[name] = self._closest(name)
        return self._close[name]

    def _closest(self, name: str) -> str | None:
        if self._by_word is None:
            self._by_word = {}
            for slug, person in self._slugs.items():
                for word in {*slug.split("-"), *slugify(person).split("-")}:
                    self._by_word.setdefault(word, set()).add(slug)
        wanted = slugify(name)
        forms: dict[str, str] = {}  # a slug or slugified name -> whose
        for slug in sorted({slug for word in wanted.split("-") for slug in self._by_word.get(word, ())}):
            forms.setdefault(slug, slug)
            forms.setdefault(slugify(self._slugs[slug]), slug)
        close = difflib.get_close_matches(wanted, forms, n=1, cutoff=0.8)
        return forms[close[0]] if close else None

    def describe(self, resolution: Resolution) -> str:
        """A sentence for a reference that did not resolve to exactly one person."""
        if resolution.outcome == AMBIGUOUS:
            return (f"'{resolution.name}' is ambiguous: it matches {', '.join(resolution.candidates)}; "
                    "use the slug instead")
        close = self.close_to(resolution.name)
        if close:
            return f"'{resolution.name}' has no file in people/: did you mean '{close}' ({self._slugs[close]})?"
        return f"'{resolution.name}' has no file in people/"
