"""Bodies: tasks and `[[wiki links]]` found in the text, and Markdown rendered to safe HTML."""

from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as etree
from datetime import date
from typing import Callable

import markdown
import nh3
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

from ..diagnostics import WARNING, Diagnostic
from ..network.model import Task, WikiLink

_TASK = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+\[([ xX])\]\s+(.*\S)\s*$")
_DUE = re.compile(r"(?:\bdue:\s?|📅\s*)(\d{4}-\d{2}-\d{2})")
_WIKI = re.compile(r"\[\[([^\[\]|\n]+)(?:\|([^\[\]\n]+))?\]\]")
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
                 for match in _WIKI.finditer(line))


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
    return _WIKI.sub(lambda m: (m.group(2) or m.group(1)).strip(), " ".join(lines))


class _WikiLinks(InlineProcessor):
    def __init__(self, renderer: "Renderer"):
        super().__init__(_WIKI.pattern)
        self.renderer = renderer

    def handleMatch(self, match, data):
        target, shown = match.group(1).strip(), (match.group(2) or match.group(1)).strip()
        link = self.renderer.resolve_link(target) if self.renderer.resolve_link else None
        if link is None:
            element = etree.Element("span", {"class": "missing-link", "title": f"No file for {target} yet"})
        else:
            element = etree.Element("a", {"class": "person-link", "href": link[0], "title": link[1]})
        element.text = shown
        return element, match.start(0), match.end(0)


_BLOCKS = {"ul", "ol", "p", "div", "pre", "blockquote", "table", "h1", "h2", "h3", "h4", "h5", "h6", "hr"}


class _TaskItems(Treeprocessor):
    """`- [ ] text` list items become disabled checkboxes."""

    def run(self, root):
        for item in list(root.iter("li")):
            holder = item
            if not (item.text or "").strip() and len(item) and item[0].tag == "p":
                holder = item[0]
            text = holder.text or ""
            if len(text) >= 3 and text[0] == "[" and text[2] == "]" and text[1] in " xX":
                box = etree.Element("input", {"type": "checkbox", "disabled": "disabled"})
                if text[1] != " ":
                    box.set("checked", "checked")
                box.tail = text[3:]
                # The task's words label its box, for screen readers; a nested list stays outside.
                label = etree.Element("label")
                label.append(box)
                for child in list(holder):
                    if child.tag in _BLOCKS:
                        break
                    holder.remove(child)
                    label.append(child)
                holder.text = None
                holder.insert(0, label)
                item.set("class", "task")


class _Extension(Extension):
    def __init__(self, renderer: "Renderer"):
        super().__init__()
        self.renderer = renderer

    def extendMarkdown(self, md):
        md.inlinePatterns.register(_WikiLinks(self.renderer), "wiki-links", 175)
        md.treeprocessors.register(_TaskItems(md), "task-items", 5)


_ALLOWED_TAGS = nh3.ALLOWED_TAGS | {"input", "span", "label"}
_ALLOWED_ATTRIBUTES = {
    **nh3.ALLOWED_ATTRIBUTES,
    "a": {"href", "title", "class"},
    "span": {"class", "title"},
    "li": {"class"},
    "input": {"type", "checked", "disabled"},
    "code": {"class"},
    "th": {"align", "style"},
    "td": {"align", "style"},
}


class Renderer:
    """Renders Markdown bodies to sanitized HTML. One instance is reused for many bodies."""

    def __init__(self):
        self.resolve_link: LinkResolver | None = None
        self._markdown = markdown.Markdown(
            extensions=["tables", "fenced_code", "sane_lists", _Extension(self)], output_format="html")

    def render(self, body: str, resolve_link: LinkResolver) -> str:
        self.resolve_link = resolve_link
        try:
            html = self._markdown.reset().convert(body)
        finally:
            self.resolve_link = None
        return sanitize(html)


def sanitize(html: str) -> str:
    """Strip scripts, event handlers and dangerous URLs from HTML written in notes."""
    return nh3.clean(html, tags=_ALLOWED_TAGS, attributes=_ALLOWED_ATTRIBUTES,
                     url_schemes={"http", "https", "mailto", "tel"}, link_rel="noopener noreferrer",
                     filter_style_properties={"text-align"})
