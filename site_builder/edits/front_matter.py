"""Setting one front-matter key, as a careful person would by hand: if the key is there, only its
value changes (the key's spelling, the indentation, the quotes, a `# comment` after it and the
line ending stay); if not, one line `key: value` is added at the end of the front matter.

The YAML is composed (for the exact place of each value) and never dumped again, so everything
else in the file stays byte for byte. A value that cannot be changed that way is refused.
"""

from __future__ import annotations

import re
from datetime import date, datetime

import yaml

from ..content.documents import split_front_matter
from .edited import BOM, Edited, EditRefused, line_ending, line_number

_COLON = re.compile(r"[ \t]*:")
_GAP_BEFORE_COMMENT = re.compile(r"[ \t]+(?=#)")
_QUOTES = ("'", '"')
# The pure-Python loader, whose marks count the characters of the text it is given.
_Loader = yaml.SafeLoader


def set_key(text: str, key: str, value: date | bool) -> Edited:
    """`text` (a whole file) with the front-matter `key` set to `value`. Raises EditRefused."""
    start, front = _front_matter(text)
    loader, root = _composed(text, start, front)
    try:
        entries = [entry for entry in root.value if _name_of(entry[0]) == key] if root else []
        if len(entries) > 1:
            lines = " and ".join(str(line_number(text, start + k.start_mark.index)) for k, _ in entries)
            raise EditRefused(f"'{key}' is given twice (lines {lines}): keep one, then try again",
                              line_number(text, start + entries[-1][0].start_mark.index))
        if entries:
            new_front, at, written = _replaced(text, start, front, key, *entries[0], value)
        else:
            new_front, at, written = _added(front, root, key, value, line_ending(text))
    finally:
        loader.dispose()
    new_text = text[:start] + new_front + text[start + len(front):]
    _check_only_key_changed(text, start, front, new_front, key, written)
    return Edited(new_text, (line_number(new_text, start + at),))


def _replaced(text: str, start: int, front: str, key: str, key_node, value_node, value) -> tuple[str, int, str]:
    """The front matter with the value of `key_node` replaced: (front matter, where the line is,
    the value as written)."""
    line = line_number(text, start + key_node.start_mark.index)
    colon = _COLON.match(front, key_node.end_mark.index)
    if colon is None:
        raise EditRefused(f"{key}: the key is not followed by ':' on its line: write 'key: value', then try again",
                          line)
    end_of_line = _end_of_line(front, colon.end())
    rest = front[colon.end():end_of_line]
    begin = end_of_line - len(rest.lstrip(" \t"))
    shown = rest.strip(" \t\r")
    if isinstance(value_node, (yaml.SequenceNode, yaml.MappingNode)):
        how = "in [brackets] or {braces}" if value_node.flow_style else "over several lines"
        raise EditRefused(f"{key}: a list or mapping {how} cannot be changed safely: make it one value, "
                          "then try again", line)
    if shown.startswith("*"):
        raise EditRefused(f"{key}: the value is a YAML alias ({shown.split()[0]}): write the value out, then try again",
                          line)
    if shown.startswith(("&", "!")):
        raise EditRefused(f"{key}: the value has a YAML anchor or tag ({shown.split()[0]}): remove it, then try again",
                          line)
    if value_node.style is None and value_node.value == "" and (not shown or shown.startswith("#")):
        written = _written(value, None)
        return _put(front, colon.end(), colon.end(), " " + written), colon.end(), written
    end = value_node.end_mark.index
    if value_node.start_mark.index != begin:
        raise EditRefused(f"{key}: the value is not on the line of its key: put it there, then try again", line)
    if value_node.style in ("|", ">") or any(mark in front[begin:end] for mark in "\r\n\x85\u2028\u2029"):
        raise EditRefused(f"{key}: a value over several lines cannot be changed safely: write it on one line, "
                          "then try again", line)
    written = _written(value, value_node.style)
    return _put(front, begin, end, written), begin, written


def _put(front: str, begin: int, end: int, written: str) -> str:
    """`front` with `written` in place of front[begin:end]; a `# comment` after it on its line
    stays in its column, if there is room (a space before it at least)."""
    after = front[end:]
    gap = _GAP_BEFORE_COMMENT.match(after)
    if gap:
        grown = len(written) - (end - begin)
        after = " " * max(1, len(gap.group()) - grown) + after[gap.end():]
    return front[:begin] + written + after


def _end_of_line(front: str, index: int) -> int:
    end = front.find("\n", index)
    return len(front) if end == -1 else end


def _added(front: str, root, key: str, value, ending: str) -> tuple[str, int, str]:
    """The front matter with a line `key: value` added at its end, indented as its other keys."""
    indent = " " * root.start_mark.column if root is not None and root.value else ""
    written = _written(value, None)
    before = front if not front or front.endswith("\n") else front + ending
    return f"{before}{indent}{key}: {written}{ending}", len(before), written


def _check_only_key_changed(text: str, start: int, front: str, new_front: str, key: str, written: str) -> None:
    """Refuse an edit after which the front matter would mean more than `key` set to `written`:
    every other key must hold the same value, written the same."""
    before, _ = _meanings(text, start, front, key)
    try:
        after, value = _meanings(text, start, new_front, key)
    except EditRefused:
        after, value = None, None
    if before != after or value != yaml.safe_load(written):
        raise EditRefused(f"{key}: setting it here would change more than its value (the YAML around it is "
                          "unusual): edit the file by hand", line_number(text, start))


def _meanings(text: str, start: int, front: str, key: str) -> tuple[list[tuple], object]:
    """Each entry but `key`'s as (key, kind of node, tag, the value as written), and `key`'s value."""
    loader, root = _composed(text, start, front)
    others, value = [], None
    try:
        for key_node, value_node in root.value if root else ():
            if _name_of(key_node) == key:
                value = loader.construct_object(value_node, deep=True)
            else:
                written = front[value_node.start_mark.index:value_node.end_mark.index]
                others.append((key_node.value, type(value_node).__name__, value_node.tag, written))
    finally:
        loader.dispose()
    return others, value


def advance_date(text: str, key: str, day: date) -> Edited:
    """`text` with the front-matter `key` set to `day`, unless it holds that day or a later one
    (then `text` as it is, no line changed). Raises EditRefused."""
    if _day_of(value_of(text, key)) >= day:
        return Edited(text, ())
    return set_key(text, key, day)


def _day_of(value) -> date:
    """The date a front-matter value holds (written as a date, or as one in quotes), else date.min."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return date.min
    return value if isinstance(value, date) else date.min


def value_of(text: str, key: str):
    """The value of the front-matter `key` of `text` (a whole file), None if it has none."""
    start, front = _front_matter(text)
    loader, root = _composed(text, start, front)
    try:
        for key_node, value_node in root.value if root else ():
            if _name_of(key_node) == key:
                return loader.construct_object(value_node, deep=True)
        return None
    finally:
        loader.dispose()


def _front_matter(text: str) -> tuple[int, str]:
    """Where the front matter of `text` starts, and the front matter."""
    offset = len(BOM) if text.startswith(BOM) else 0
    try:
        front, _ = split_front_matter(text[offset:])
    except ValueError:
        raise EditRefused("no front matter between two lines '---': run ties check", 1) from None
    return text.index("\n", offset) + 1, front


def _composed(text: str, start: int, front: str):
    """A loader of the front matter and the front matter's mapping node (None when empty)."""
    loader = _Loader(front)
    try:
        root = loader.get_single_node()
    except yaml.YAMLError as error:
        loader.dispose()
        mark = getattr(error, "problem_mark", None)
        raise EditRefused("broken YAML: run ties check", mark and line_number(text, start + mark.index)) from None
    if root is not None and not isinstance(root, yaml.MappingNode):
        loader.dispose()
        raise EditRefused("the front matter is not a mapping: run ties check", line_number(text, start))
    if root is not None and root.flow_style:
        loader.dispose()
        raise EditRefused("the front matter is one {mapping} in braces: write one 'key: value' per line, "
                          "then try again", line_number(text, start + root.start_mark.index))
    return loader, root


def _name_of(key_node) -> str | None:
    return key_node.value if isinstance(key_node, yaml.ScalarNode) else None


def _written(value: date | bool, style: str | None) -> str:
    """`value` as YAML, in quotes of `style` if it is a date written in quotes."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return f"{style}{value.isoformat()}{style}" if style in _QUOTES else value.isoformat()
    raise TypeError(f"a front-matter edit writes a date or true/false, not {value!r}")
