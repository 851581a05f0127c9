"""Bodies as text: tasks, `[[wiki links]]`, sections and summaries found in them (their HTML is
`render.notes_html`'s)."""

from __future__ import annotations

import functools
import re
from datetime import date
from typing import Callable

from ..diagnostics import WARNING, Diagnostic
from ..network.model import Task, WikiLink

_TASK = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+\[([ xX])\]\s+(.*\S)\s*$")
_DUE = re.compile(r"(?:\bdue:\s?|📅\s*)(\d{4}-\d{2}-\d{2})")
WIKI_LINK = re.compile(r"\[\[([^\[\]|\n]+)(?:\|([^\[\]\n]+))?\]\]")
_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$")

# Turns a wiki-link target into (href, title) for the page being rendered, or None when nobody.
LinkResolver = Callable[[str], "tuple[str, str] | None"]


def outside_code(body: str, first_line: int):
    """(line number, line) for each body line outside fenced code blocks, the first numbered
    `first_line`."""
    fenced = None
    for number, line in enumerate(body.split("\n"), start=first_line):
        fence = _FENCE.match(line)
        if fence:
            fenced = None if fenced == fence.group(1) else (fenced or fence.group(1))
            continue
        if fenced is None:
            yield number, line


def find_tasks(body: str, first_line: int, file: str) -> tuple[tuple[Task, ...], list[Diagnostic]]:
    """The body's task lines, and a warning for each due date that does not exist (its task
    is undated, and keeps the date in its words)."""
    tasks, problems = [], []
    if "[" not in body:
        return (), problems
    for number, line in outside_code(body, first_line):
        match = _TASK.match(line)
        if not match:
            continue
        words = match.group(2)
        due_match = _DUE.search(words)
        due = None
        if due_match:
            try:
                due = date.fromisoformat(due_match.group(1))
                words = (words[: due_match.start()] + words[due_match.end():]).strip()
                words = re.sub(r"\s{2,}", " ", words)
            except ValueError:
                problems.append(Diagnostic(file, number, WARNING, (
                    f"due date '{due_match.group(1)}' does not exist: the task has no due date until it is corrected")))
        tasks.append(Task(words, match.group(1) != " ", due, file, number))
    return tuple(tasks), problems


def find_wiki_links(body: str, first_line: int) -> tuple[WikiLink, ...]:
    if "[[" not in body:
        return ()
    return tuple(WikiLink(match.group(1).strip(), number)
                 for number, line in outside_code(body, first_line)
                 for match in WIKI_LINK.finditer(line))


@functools.lru_cache(maxsize=1 << 16)  # the exports' keys hold every interview's summary
def summary_of(body: str) -> str:
    """The text under a heading named "Summary", as one line of plain text."""
    lines, inside = [], False
    for _, line in outside_code(body, 1):
        heading = _HEADING.match(line)
        if heading:
            if inside:
                break
            inside = heading.group(1).strip().lower() == "summary"
            continue
        if inside and line.strip():
            lines.append(line.strip().lstrip("-*+ ").strip())
    return WIKI_LINK.sub(lambda m: (m.group(2) or m.group(1)).strip(), " ".join(lines))


# What notes hold besides text (FORMAT's write-up rule): headings, blank lines, HTML comments
# and empty list items (`-`, `- [ ]`).
_ATX_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*#*[ \t]*$")
_EMPTY_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])(?:\s+\[[ xX]?\])?\s*$")
_TEXT, _NOTHING, _TITLE = "text", "nothing", "heading"
_TEXT_LINE, _NOTHING_LINE = (_TEXT, 0, ""), (_NOTHING, 0, "")


def _kinds_of_lines(lines: list[str]):
    """(kind, heading level, heading title) of each line: a heading, nothing (blank, within an
    HTML comment, an empty list item) or text; in fenced code, every line is text. (Each line is
    looked at by its first characters before any pattern: the review reads every interview.)"""
    fenced, in_comment = None, False
    for line in lines:
        start = line.lstrip()[:3]
        if fenced is not None or (not in_comment and start in ("```", "~~~")):  # (as `outside_code` reads fences)
            if start == fenced:
                fenced = None
            elif fenced is None:
                fenced = start
            yield _TEXT_LINE
            continue
        shown = line
        if in_comment or "<!--" in line:
            shown, in_comment = _outside_comments(line, in_comment)
        first = shown.lstrip()[:1]
        if not first:
            yield _NOTHING_LINE
        elif first == "#" and (heading := _ATX_HEADING.match(shown)):
            yield _TITLE, len(heading.group(1)), (heading.group(2) or "").strip()
        elif first in "-*+0123456789" and _EMPTY_ITEM.match(shown):
            yield _NOTHING_LINE
        else:
            yield _TEXT_LINE


def _outside_comments(line: str, in_comment: bool) -> tuple[str, bool]:
    """The parts of a line outside HTML comments, and whether a comment is still open at its end."""
    shown = []
    while line:
        if in_comment:
            end = line.find("-->")
            if end < 0:
                break
            line, in_comment = line[end + 3:], False
        else:
            start = line.find("<!--")
            if start < 0:
                shown.append(line)
                break
            shown.append(line[:start])
            line, in_comment = line[start + 4:], True
    return "".join(shown), in_comment


@functools.lru_cache(maxsize=1 << 16)
def holds_text(body: str) -> bool:
    """Whether notes hold anything but headings, blank lines, HTML comments and empty list items."""
    return any(kind is _TEXT for kind, _, _ in _kinds_of_lines(body.split("\n")))


def _title_key(words: str) -> str:
    """A heading's words as the interview template's titles are matched: letter case, runs of
    spaces and a colon at the end aside."""
    return " ".join(words.split()).rstrip(":").rstrip().casefold()


def section(body: str, title: str) -> str:
    """The Markdown under each heading (of any level) named `title`, up to the next heading of
    the same level or above, its sub-headings included; "" when there is none."""
    key = _title_key(title)
    return "\n\n".join(text for heading, text in _sections(body) if heading == key and text)


@functools.lru_cache(maxsize=1 << 16)
def _sections(body: str) -> tuple[tuple[str, str], ...]:
    """(the title's `_title_key`, the Markdown under it) of each heading, in one pass."""
    lines = body.split("\n")
    made, open_headings = [], []  # [(level, title, first line)] of the sections not closed yet
    for number, (kind, level, words) in enumerate(_kinds_of_lines(lines)):
        if kind is _TITLE:
            while open_headings and open_headings[-1][0] >= level:
                made.append(_closed(lines, *open_headings.pop(), number))
            open_headings.append((level, _title_key(words), number + 1))
    while open_headings:
        made.append(_closed(lines, *open_headings.pop(), len(lines)))
    made.sort(key=lambda part: part[2])
    return tuple((title, text) for title, text, _ in made)


def _closed(lines: list[str], level: int, title: str, first: int, end: int) -> tuple[str, str, int]:
    return title, "\n".join(lines[first:end]).strip("\n"), first


@functools.lru_cache(maxsize=1 << 16)
def without_empty_sections(body: str) -> str:
    """The notes without their empty sections: each heading with nothing under it (up to the
    next heading of its level or above: blank lines, HTML comments, empty list items and other
    empty sections) left out, with the lines up to the next heading."""
    lines = body.split("\n")
    kinds = list(_kinds_of_lines(lines))
    filled, open_headings = set(), []  # the headings holding text; (level, line) of the sections open
    for number, (kind, level, _) in enumerate(kinds):
        if kind is _TITLE:
            while open_headings and open_headings[-1][0] >= level:
                open_headings.pop()
            open_headings.append((level, number))
        elif kind is _TEXT:
            for _, heading in reversed(open_headings):
                if heading in filled:
                    break
                filled.add(heading)
    kept, dropping = [], False
    for number, (line, (kind, _, _)) in enumerate(zip(lines, kinds)):
        if kind is _TITLE:
            dropping = number not in filled
        if not dropping:
            kept.append(line)
    return "\n".join(kept)


_HEADING_TAG = re.compile(r"<(/?)h([1-6])\b")


def headings_below(html: str, level: int) -> str:
    """Notes as HTML (`Renderer.render`'s, sanitized: no `<h` but its tags) with each heading
    moved down so that the highest is at `level` + 1, the others below it in turn (h6 at most):
    shown under a page's own heading of that level, none is larger than it."""
    levels = [int(match.group(2)) for match in _HEADING_TAG.finditer(html)]
    shift = level + 1 - min(levels) if levels else 0
    if shift <= 0:
        return html
    return _HEADING_TAG.sub(lambda match: f"<{match.group(1)}h{min(6, int(match.group(2)) + shift)}", html)
