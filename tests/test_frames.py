"""The frame of the pages (what `base.html` writes around a page's blocks) is made once for all
the pages it fits, and a site built so is byte for byte the site rendering each page whole
(`KeepNothing`), whatever the theme's `base.html` does with the page."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from site_builder.incremental.keeper import KeepNothing
from site_builder.render.theme_files import builtin_theme
from site_builder.site import Site

TODAY = date(2026, 11, 26)
PEOPLE = {f"people/person-{number}.md": f"---\nname: Person {number}\ncompany: Firm {number % 3}\n---\n"
          for number in range(30)}
NETWORK = {
    **PEOPLE,
    "people/ada.md": "---\nname: Ada Lovelace\ncontacted: 2026-11-01\n---\nKnows [[person-1]].\n",
    "interviews/2026-11-10-ada.md": "---\nperson: ada\ndate: 2026-11-10\n---\nShe spoke of engines.\n",
}
BASE = (builtin_theme() / "templates" / "base.html").read_text()
PERSON = (builtin_theme() / "templates" / "person.html").read_text()
MAIN = '<main id="main">'


def files_of(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*"))
            if path.is_file() and path.name != ".ties-site" and "pagefind" not in path.parts}


def built(root: Path, out: Path, keep=None) -> tuple[Site, dict[str, bytes]]:
    site = Site(root, TODAY, keep=keep) if keep else Site(root, TODAY)
    assert site.build(out).built
    return site, files_of(out)


def test_the_pages_share_the_frames_they_fit(network, tmp_path):
    root = network(NETWORK)
    site, files = built(root, tmp_path / "site")
    pages = sum(name.endswith(".html") for name in files)
    assert site.theme.frames.sure and site.theme.frames.made < pages / 3
    assert files == built(root, tmp_path / "whole", KeepNothing)[1]


@pytest.mark.parametrize("what, frame", [
    ("a link to a page in the page's folder", "{{ url('people/ada/drafts/nudge/index.html') }}"),
    ("the page's path compared", "{% if page_path == 'people/ada/index.html' %}Ada's page{% endif %}"),
    ("a question asked of the page's path", "{% if page_path.startswith('people/') %}someone{% endif %}"),
    ("the page's path written out", "{{ page_path }}"),
    ("the page's path tested", "{% if page_path is string %}a path{% endif %}"),
    ("the page's path changed", "{{ url(page_path | replace('index.html', '')) }}"),
    ("a variable of the page", "{% if person is defined %}{{ person.name }}{% endif %}"),
    ("a variable set for the blocks", "{% set shown = 'set by the frame' %}"),
    ("a block called again", "{{ self.title() }}"),
    ("everything read", "{% include 'macros.html' %}"),
])
def test_a_frame_depending_on_the_page_gives_each_page_its_own(network, tmp_path, what, frame):
    theme = {"theme/templates/base.html": BASE.replace(MAIN, f"<p>{frame}</p>\n{MAIN}")}
    if what == "a variable set for the blocks":
        theme["theme/templates/person.html"] = PERSON.replace("</article>", "<p>{{ shown }}</p></article>")
    root = network({**NETWORK, **theme})
    _, files = built(root, tmp_path / "site")
    assert files == built(root, tmp_path / "whole", KeepNothing)[1], what
    ada, other = files["people/ada/index.html"].decode(), files["people/person-1/index.html"].decode()
    if what == "the page's path compared":
        assert "Ada's page" in ada and "Ada's page" not in other
    if what == "a variable set for the blocks":
        assert "<p>set by the frame</p></article>" in other
    if what == "a link to a page in the page's folder":
        assert '<p>drafts/nudge/index.html</p>' in ada and '<p>../ada/drafts/nudge/index.html</p>' in other


def test_a_rebuild_of_a_few_pages_renders_them_whole_making_no_frame(network, tmp_path):
    root = network(NETWORK)
    site, out = Site(root, TODAY), tmp_path / "site"
    assert site.build(out, in_place=True).built
    made = site.theme.frames.made
    (root / "people" / "ada.md").write_text(NETWORK["people/ada.md"].replace("engines", "looms") + "More.\n")
    assert "people/ada/index.html" in site.build(out, in_place=True, changed={"people/ada.md"}).changed
    assert site.theme.frames.made == made
    assert files_of(out) == built(root, tmp_path / "whole", KeepNothing)[1]
