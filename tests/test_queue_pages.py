"""The queue as the built pages show it (issue 22): under each item the command that closes
it, the item's data for `ties serve`'s buttons, snoozes, and no button or secret on disk."""

from __future__ import annotations

import html
import re
import shlex
from datetime import date
from pathlib import Path

from site_builder.edits import closing_command
from site_builder.site import Site

REPO = Path(__file__).parent.parent
TODAY = date(2026, 11, 26)
ITEM = re.compile(r'<li class="queue-item[^"]*"([^>]*)>(.*?)</li>', re.S)


def items_of(page: str) -> list[tuple[dict[str, str], str]]:
    """Each queue item of a page: its data attributes and its inner HTML."""
    return [({name: html.unescape(value) for name, value in re.findall(r'data-([a-z-]+)="([^"]*)"', attributes)}, inner)
            for attributes, inner in ITEM.findall(page)]


def test_each_item_of_the_queue_page_names_the_command_that_closes_it(tmp_path):
    result = Site(REPO, today=TODAY).build(tmp_path / "site")
    items = items_of((tmp_path / "site" / "queue" / "index.html").read_text())
    queue = {(item.kind, item.person, item.file, item.line, item.text): item for item in result.checked.queue}
    assert len(items) == len(queue)
    for data, inner in items:
        item = queue[(data["kind"], data["person"], data["file"], int(data["line"]) if "line" in data else None,
                      data["text"])]
        command = closing_command(item)
        if command is None:  # a prepare goes by itself
            assert "data-command" not in data and 'class="close"' not in inner
            continue
        assert data["command"] == command
        assert f'<code class="command">{html.escape(command)}</code>' in inner.replace("&#39;", "&#x27;")
        assert shlex.split(command)[:4] == ["ties", "done", item.person, item.kind]
        if item.known:
            assert data["person-file"] == result.checked.network.people[item.person].file
        else:
            assert "person-file" not in data


def test_a_task_command_names_the_task_and_no_built_page_has_a_button_or_secret(tmp_path):
    Site(REPO, today=TODAY).build(tmp_path / "site")
    pages = {path: path.read_text() for path in (tmp_path / "site").rglob("*.html")}
    tasks = [data for page in pages.values() for data, _ in items_of(page) if data["kind"] == "task"]
    assert tasks and all(shlex.split(data["command"])[-2:] == ["--task", data["text"]] for data in tasks)
    for path, page in pages.items():
        assert "data-secret" not in page and "__ties__" not in page, path
        assert all("<button" not in inner for _, inner in items_of(page)), path


def test_a_person_page_shows_the_snooze_and_the_command_to_log_with(network):
    root = network({
        "people/ada.md": "---\nname: Ada\ncontacted: 2026-11-01\nsnoozed_until: 2026-12-10\n---\n",
    })
    out = root.parent / "site"
    Site(root, today=TODAY).build(out)
    page = (out / "people" / "ada" / "index.html").read_text()
    assert re.search(r"<dt>Snoozed until</dt> <dd>Thu 10 Dec 2026</dd>", page)
    [(data, inner)] = items_of(page)
    assert (data["kind"], data["command"]) == ("nudge", "ties done ada nudge")
    assert '<time datetime="2026-12-10">' in inner and 'class="snoozed"' in inner
    assert re.search(r'<section class="log-interaction" data-person="ada" data-file="people/ada.md"', page)
    assert '<code class="command">ties log ada "what happened"</code>' in page


def test_the_sample_queue_page_shows_the_write_up_of_an_interview_without_notes(tmp_path):
    Site(REPO, today=TODAY).build(tmp_path / "site")
    items = items_of((tmp_path / "site" / "queue" / "index.html").read_text())
    [(data, inner)] = [(data, inner) for data, inner in items if data["kind"] == "write-up"]
    assert (data["person"], data["file"]) == ("grace-adeyemi", "interviews/2026-11-24-grace-adeyemi.md")
    assert "Write up your notes of the interview with Grace Adeyemi on 2026-11-24" in inner
    assert "command" not in data and '<time datetime="2026-11-24">' in inner  # it goes once the notes hold text


def test_every_kind_of_item_has_its_colour():
    from site_builder.network.followups import KINDS
    style = (REPO / "theme" / "static" / "style.css").read_text()
    assert [kind for kind in KINDS if not re.search(rf"^\.kind-{kind} +\{{ --hue: \d+; +--sat: \d+%; \}}$", style, re.M)] == []
