"""The review page (issue 23): what you learned and the questions for next time, across every
interview, newest first; and the sections as the interview template writes them."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from site_builder.content.markup import section
from site_builder.render.prep import section_items
from site_builder.site import Site

TODAY = date(2026, 11, 26)
REVIEW = "review/index.html"
NETWORK = {
    "people/ada.md": "---\nname: Ada Lovelace\ncompany: Engines\n---\n",
    "people/bo.md": "---\nname: Bo Brown\n---\n",
    "interviews/2026-10-01-ada.md": "---\nperson: ada\ndate: 2026-10-01\n---\n## Summary\nFirst talk.\n\n"
                                    "## What I learned\nLoops matter.\n\n## Questions for next time\n- Which engine?\n",
    "interviews/2026-11-02-bo.md": "---\nperson: bo\ndate: 2026-11-02\n---\n### what i learned:\nShip [[ada]]'s way.\n"
                                   "#### In detail\nSmall steps.\n## Other\nNot this.\n",
    "interviews/2026-11-10-ada.md": "---\nperson: ada\ndate: 2026-11-10\n---\n## Summary\nOnly a summary.\n\n"
                                    "## What I learned\n<!-- write it up -->\n\n## Questions for next time\n-\n- [ ]\n",
    "interviews/2026-12-01-ada.md": "---\nperson: ada\ndate: 2026-12-01\n---\nTo ask.\n",
}


def build(network, tmp_path: Path, files=NETWORK) -> Path:
    out = tmp_path / "site"
    assert Site(network(files), TODAY).build(out).built
    return out


def entries_of(page: str) -> list[str]:
    return re.findall(r'<li class="reviewed">(.*?)</li>\n(?=<li class="reviewed">|</ol>)', page, re.S)


def test_the_review_shows_both_sections_of_each_interview_newest_first_linked_to_it(network, tmp_path):
    page = (build(network, tmp_path) / REVIEW).read_text()
    bo, ada = entries_of(page)
    assert '<a href="../interviews/2026-11-02-bo/index.html">' in bo and "Bo Brown" in bo
    assert '<a href="../interviews/2026-10-01-ada/index.html">' in ada and "Ada Lovelace" in ada
    assert "<p>Loops matter.</p>" in ada and "<li>Which engine?</li>" in ada and "First talk" not in ada
    assert "Questions for next time" not in bo and "Not this" not in bo


def test_the_review_leaves_out_interviews_with_neither_section_filled(network, tmp_path):
    page = (build(network, tmp_path) / REVIEW).read_text()
    assert "2026-11-10-ada" not in page  # a comment and empty list items only
    assert "interviews/2026-12-01-ada/index.html" not in page  # neither section
    assert '<h1>Review <span class="count">2</span></h1>' in page


def test_a_section_is_found_at_any_heading_level_as_the_template_titles_it_with_its_sub_headings(network, tmp_path):
    [bo, _] = entries_of((build(network, tmp_path) / REVIEW).read_text())
    assert 'Ship <a class="person-link" href="../people/ada/index.html"' in bo
    assert "<h4>In detail</h4>\n<p>Small steps.</p>" in bo  # below the page's own "What I learned" (h3)


def test_section_matching_is_one_function_for_the_review_and_the_prep_sheet():
    body = "# Questions for Next Time\n- One?\n### Sub\n- Two?\n# Later\n- Three?\n"
    assert section(body, "Questions for next time") == "- One?\n### Sub\n- Two?"
    assert section_items(body, "Questions for next time") == ("One?", "Two?")
    assert section("## Summary\nText\n", "Questions for next time") == ""


def test_the_questions_are_carried_onto_the_persons_next_prep_sheet_and_the_review_links_it(network, tmp_path):
    out = build(network, tmp_path)
    [_, ada] = entries_of((out / REVIEW).read_text())
    assert ('Carried onto the <a href="../interviews/2026-12-01-ada/prep/index.html">prep sheet for Tue 1 Dec 2026</a>'
            in ada)
    sheet = (out / "interviews" / "2026-12-01-ada" / "prep" / "index.html").read_text()
    assert "Which engine? <span class=\"muted\">(noted Thu 1 Oct 2026)</span>" in sheet


def test_every_page_links_to_the_review_in_its_navigation(network, tmp_path):
    out = build(network, tmp_path)
    assert '<li><a href="review/index.html">Review</a></li>' in (out / "index.html").read_text()
    assert '<li><a href="index.html" aria-current="page">Review</a></li>' in (out / REVIEW).read_text()
    assert '<li><a href="../../review/index.html">Review</a></li>' in (out / "people/ada/index.html").read_text()


def test_a_review_with_nothing_to_show_says_how_to_start(network, tmp_path):
    page = (build(network, tmp_path, {"people/ada.md": NETWORK["people/ada.md"]}) / REVIEW).read_text()
    assert "No interview has notes under" in page and "ties new interview" in page


def test_a_redacted_review_shows_no_notes(network, tmp_path):
    out = tmp_path / "site"
    assert Site(network(NETWORK), TODAY, "redacted").build(out).built
    page = (out / REVIEW).read_text()
    assert "Loops matter" not in page and "Which engine" not in page and "No interview has notes" in page


def watched(network, tmp_path: Path) -> tuple[Path, Site, Path]:
    """The network, a site built from it in place as the watcher builds, and its folder."""
    root = network(NETWORK)
    live, out = Site(root, TODAY), tmp_path / "live"
    assert live.build(out, in_place=True).built
    return root, live, out


def assert_review_as_built_fresh(root: Path, out: Path, tmp_path: Path) -> None:
    fresh = tmp_path / "fresh"
    assert Site(root, TODAY).build(fresh).built
    assert (out / REVIEW).read_bytes() == (fresh / REVIEW).read_bytes()


def test_the_review_follows_edits_to_notes_in_the_watchers_rebuilds(network, tmp_path):
    root, live, out = watched(network, tmp_path)
    path = root / "interviews" / "2026-10-01-ada.md"
    path.write_text(NETWORK["interviews/2026-10-01-ada.md"].replace("Loops matter.", "Loops matter most."))
    changed = live.build(out, in_place=True, changed={"interviews/2026-10-01-ada.md"}).changed
    assert REVIEW in changed and "Loops matter most." in (out / REVIEW).read_text()
    # filled from nothing: the interview is written up, and on the review
    path = root / "interviews" / "2026-11-10-ada.md"
    path.write_text(NETWORK["interviews/2026-11-10-ada.md"].replace("<!-- write it up -->", "Engines need care."))
    assert REVIEW in live.build(out, in_place=True, changed={"interviews/2026-11-10-ada.md"}).changed
    assert "Engines need care." in (out / REVIEW).read_text()


def test_the_watcher_finds_the_sections_again_only_in_the_interviews_read_again(network, tmp_path, monkeypatch):
    from site_builder.incremental import kept_pages
    root, live, out = watched(network, tmp_path)
    found = []
    real = kept_pages.reviewed_sections
    monkeypatch.setattr(kept_pages, "reviewed_sections", lambda interview: found.append(interview.file) or
                        real(interview))
    path = root / "interviews" / "2026-11-02-bo.md"  # its date moves: the model is made again, not only notes
    path.write_text(NETWORK["interviews/2026-11-02-bo.md"].replace("date: 2026-11-02", "date: 2026-11-03"))
    assert REVIEW in live.build(out, in_place=True, changed={"interviews/2026-11-02-bo.md"}).changed
    assert found == ["interviews/2026-11-02-bo.md"]
    assert_review_as_built_fresh(root, out, tmp_path)


def test_the_watcher_keeps_the_review_while_the_interviews_and_prep_sheets_are_the_same(network, tmp_path,
                                                                                        monkeypatch):
    from site_builder.incremental import kept_pages
    root, live, out = watched(network, tmp_path)
    made = []
    real = kept_pages.review
    monkeypatch.setattr(kept_pages, "review", lambda *arguments: made.append(1) or real(*arguments))
    (root / "people" / "ada.md").write_text(NETWORK["people/ada.md"].replace("Engines", "Looms"))
    assert live.build(out, in_place=True, changed={"people/ada.md"}).changed  # (shown with her company)
    assert made == []
    path = root / "interviews" / "2026-11-02-bo.md"
    path.write_text(NETWORK["interviews/2026-11-02-bo.md"].replace("date: 2026-11-02", "date: 2026-11-03"))
    assert REVIEW in live.build(out, in_place=True, changed={"interviews/2026-11-02-bo.md"}).changed
    assert made == [1]
    assert_review_as_built_fresh(root, out, tmp_path)


def test_the_reviews_sections_are_converted_once_not_whenever_the_review_is_made_again(network, tmp_path,
                                                                                       monkeypatch):
    from site_builder.render.notes_html import Renderer
    root, live, out = watched(network, tmp_path)
    converted = []
    real = Renderer.render
    monkeypatch.setattr(Renderer, "render", lambda self, body, resolve: converted.append(body) or
                        real(self, body, resolve))
    (root / "people" / "ada.md").write_text(NETWORK["people/ada.md"].replace("Engines", "Looms"))
    assert REVIEW in live.build(out, in_place=True, changed={"people/ada.md"}).changed  # (shown with her company)
    assert converted == []
    # Where a link in a section leads is part of what it was converted from.
    (root / "people" / "ada.md").write_text(NETWORK["people/ada.md"].replace("Ada Lovelace", "Ada King"))
    assert REVIEW in live.build(out, in_place=True, changed={"people/ada.md"}).changed
    assert "Ship [[ada]]'s way.\n#### In detail\nSmall steps." in converted and "Ada King" in (out / REVIEW).read_text()
    assert_review_as_built_fresh(root, out, tmp_path)
