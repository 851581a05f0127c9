"""The render stage: Jinja templates and static files from `theme/`.

A `theme/` folder in the built root overrides the built-in theme file by file.
"""

from __future__ import annotations

import functools
from datetime import date
from pathlib import Path
from typing import Callable, Iterator, Mapping, Sequence
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from ..content.markup import find_wiki_links, headings_below
from ..edits.items import closing_command
from ..network.activity import Month, Rate
from ..network.referrals import ChainNode
from ..parallel import parallel_results, spread
from ..publish.modes import LOCAL
from . import drafts, frames, pictures, urls
from .draft_texts import DraftTexts
from .notes_html import Renderer
from .pages import Page, SiteContent
from .theme_files import theme_folders

ASSETS = "assets"


@jinja2.pass_context
def _url(context, target: str) -> str:
    return frames.link(target, context["page_path"])


@jinja2.pass_context
def _person_url(context, slug: str) -> str:
    return frames.link(urls.person_page(slug), context["page_path"])


@jinja2.pass_context
def _interview_url(context, name: str) -> str:
    return frames.link(urls.interview_page(name), context["page_path"])


@jinja2.pass_context
def _edit_link(context, file: str, line: int | None = None) -> str | None:
    """Where to open a source file: `edit_url` from the configuration (say, on GitHub), else
    the file on this computer (only in a local build: its path would tell where your home
    folder is), else nothing."""
    site = context["site"]
    if site.edit_url:
        return site.edit_url.replace("{path}", quote(file)) + (f"#L{line}" if line else "")
    folder = context["source_folder_uri"]  # made once: `Path.as_uri` for each link was 3 % of a build
    return f"{folder}/{quote(file)}" if folder and site.publish == LOCAL else None


@functools.lru_cache(maxsize=4096)  # a few hundred days recur over thousands of pages
def _long_date(day: date | None) -> str:
    return f"{day:%a %-d %b %Y}" if day else ""


def _headings_below(html: str, level: int) -> Markup:
    """Notes' HTML with their headings below a page's heading of `level` (`markup.headings_below`)."""
    return Markup(headings_below(str(html), level))


# The pictures (`pictures`) for templates, linking relative to the page being rendered.

def _linker(context) -> pictures.Link:
    page = context["page_path"]
    return lambda target: frames.link(target, page)


@jinja2.pass_context
def _referral_picture(context, roots: Sequence[ChainNode], ties: Mapping[str, str]) -> Markup:
    return Markup(pictures.referral_tree(context["site"].owner, pictures.tree_nodes(roots, ties), _linker(context)))


@jinja2.pass_context
def _lineage_picture(context, node: pictures.Node, current: str) -> Markup:
    return Markup(pictures.referral_tree(context["site"].owner, (node,), _linker(context), current=current, hidden=True))


def _month_bars(title: str, months: Sequence[Month], field: str, one: str, many: str) -> Markup:
    return Markup(pictures.month_bars(title, months, lambda month: getattr(month, field), (one, many)))


def _rate_bar(title: str, rate: Rate) -> Markup:
    return Markup(pictures.rate_bar(title, rate))


def _picture_functions() -> dict:
    """The picture functions the theme's templates call."""
    return {"referral_picture": _referral_picture, "lineage_picture": _lineage_picture,
            "month_bars": _month_bars, "rate_bar": _rate_bar}


class Theme:
    def __init__(self, root: Path, share_frames: bool = True):
        self.folders = theme_folders(root)
        self.share_frames = share_frames  # the frame of `base.html` made once for the pages it fits
        self.frames: frames.Frames | None = None
        self.environment = jinja2.Environment(
            loader=jinja2.FileSystemLoader([str(folder / "templates") for folder in self.folders]),
            autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
            keep_trailing_newline=True,
            auto_reload=False)  # a changed theme makes a new Theme (`Site.reload_theme`)
        self.environment.globals.update(url=_url, person_url=_person_url, interview_url=_interview_url, edit_link=_edit_link,
                                        urls=urls, closing_command=closing_command)
        self.environment.filters["long_date"] = _long_date
        self.environment.filters["headings_below"] = _headings_below
        self.environment.globals.update(_picture_functions(), markdown=self._markdown)
        self.environment.globals["source_folder_uri"] = Path(root).resolve().as_uri().removesuffix("/")
        self.drafts = DraftTexts(self.folders)
        self.environment.globals.update(has_draft=drafts.has_draft, draft=self.drafts.render,
                                        draft_checklist=self.drafts.checklist, draft_title=drafts.draft_title,
                                        checklist_facts=drafts.checklist_facts, mailto_link=drafts.mailto_link)
        self.markdown = Renderer()

    def static_files(self) -> dict[str, bytes]:
        """`assets/…` output paths and their bytes; an override folder wins."""
        files: dict[str, bytes] = {}
        for folder in reversed(self.folders):
            static = folder / "static"
            for path in sorted(static.rglob("*")) if static.is_dir() else ():
                if path.is_file() and not path.name.startswith("."):
                    files[f"{ASSETS}/{path.relative_to(static).as_posix()}"] = path.read_bytes()
        return files

    def render_pages(self, pages: list[Page], content: SiteContent, notes: dict[str, str],
                     beside: Callable[[Page], object] | None = None,
                     converted: dict[str, dict[str, str]] | None = None) -> Iterator[tuple[Page, bytes, object]]:
        """(page, its bytes, `beside(page)`) for each page, as they come and in another order
        (`spread`'s), a large batch rendered on every core. `notes` holds the notes of each page
        showing some, as HTML, and `converted` the HTML of what else its template converts
        (`page.converts`), by page and Markdown (`convert_markdown`; what is not there is
        converted as the page is rendered); `beside` is worth computing in the same process."""
        self._frame_pages(pages)
        shared = {"site": content.config, "today": content.today, "content": content,
                  "network": content.network}
        converted = converted or {}
        todo = spread(pages)  # the index pages, planned first, would all fall in the first chunk
        made = parallel_results(lambda page: (self.render_page(page, shared, notes.get(page.path),
                                                                converted.get(page.path)),
                                              beside(page) if beside else None), todo)
        for page, (data, extra) in zip(todo, made):
            yield page, data, extra

    def _frame_pages(self, pages: list[Page]) -> None:
        """Have the pages extending `base.html` share their frames (`frames.Frames`), none
        kept from the pages of another build."""
        if self.share_frames and self.frames is None:
            self.frames = frames.Frames(self.environment.get_template("base.html"))
        if self.frames:
            self.frames.forget(page.path for page in pages)

    def note_links(self, page: Page, content: SiteContent,
                   body: str | None = None) -> list[tuple[str, tuple[str, str] | None]]:
        """Where each wiki link in the notes the page shows (or in `body`, Markdown it converts)
        leads from it: all its HTML depends on, with the Markdown."""
        resolve = self._link_resolver(content, page.path)
        links = page.notes_of.wiki_links if body is None else find_wiki_links(body, 1)
        return [(link.target, resolve(link.target)) for link in links]

    def convert_markdown(self, jobs: list[tuple[Page, str]], content: SiteContent) -> Iterator[str]:
        """Each (page, Markdown it shows) as HTML, in order, as they come (a large batch on every core)."""
        return parallel_results(
            lambda job: self.markdown.render(job[1], self._link_resolver(content, job[0].path)), jobs)

    def render_page(self, page: Page, shared: dict, notes: str | None = None,
                    converted: dict[str, str] | None = None) -> bytes:
        template = self.environment.get_template(page.template)
        made = page.context(shared["content"]) if callable(page.context) else page.context
        context = {**shared, **made, "page_path": page.path, "converted_markdown": converted or {}}
        if notes is not None:
            context["notes"] = notes
        return template.render(context).encode("utf-8")

    @jinja2.pass_context
    def _markdown(self, context, body: str) -> Markup:
        """A body other than the page's own `notes` (the prep sheet shows the person's), as HTML:
        as converted before the page was rendered, if it was (`page.converts`)."""
        html = context.get("converted_markdown", {}).get(body)
        if html is None:
            html = self.markdown.render(body, self._link_resolver(context["content"], context["page_path"]))
        return Markup(html)

    def _link_resolver(self, content: SiteContent, page_path: str):
        resolver, people = content.network.resolver, content.network.people

        def resolve(target: str):
            resolution = resolver.resolve(target)
            if not resolution.found:
                return None
            return frames.link(urls.person_page(resolution.slug), page_path), people[resolution.slug].name
        return resolve

    def render_template(self, template: str, context: dict) -> bytes:
        return self.environment.get_template(template).render(context).encode("utf-8")
