"""Notes rendered to safe HTML: Python-Markdown with `[[wiki links]]` and task items, cleaned by
nh3. (Apart from `content.markup`, which reads bodies as text, so that checking a network
loads neither library.)"""

from __future__ import annotations

import xml.etree.ElementTree as etree

import markdown
import nh3
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

from ..content.markup import WIKI_LINK, LinkResolver


class _WikiLinks(InlineProcessor):
    def __init__(self, renderer: "Renderer"):
        super().__init__(WIKI_LINK.pattern)
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
        if not body.strip():  # (most people imported from LinkedIn have no notes: Markdown too gives "")
            return ""
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
