"""Comparing what two builds made, map by map, to find the few entries a save changed.

Most maps a build makes hold the same objects as the last one's (records read again only when
their file changed), so a comparison is mostly checks of identity, quick even at 30,000 people.
"""

from __future__ import annotations


def changed(old: dict, new: dict) -> set:
    """The keys whose values differ between two maps (or are in one only)."""
    if old is new or old == new:
        return set()
    return {key for key in replaced(old, new) if key not in old or key not in new or old[key] != new[key]}


def replaced(old: dict, new: dict) -> set:
    """The keys whose values are not the same objects in two maps (or are in one only)."""
    if old is new:
        return set()
    return {key for key, value in new.items() if old.get(key, _ABSENT) is not value} | (old.keys() - new.keys())


_ABSENT = object()
