"""Search: Pagefind's full-text index of the built site, and the people index that works offline.

Pagefind (a binary from the `pagefind[bin]` package) reads the written site and puts its index,
with its search UI, in `pagefind/`. Only pages marked `data-pagefind-body` (people and
interviews) are indexed, so lists and indexes do not answer every search twice. The browser
can use it only over http(s), and an encrypted site must not have it (its fragments hold the
pages' text in clear), so there is also `search/people.js`: every person's name, company,
title, place, topics and tags, loaded with a plain `<script src>` (which works from `file://`)
by the search page and by the people table's filter.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from datetime import date
from pathlib import Path

from . import urls
from .model import FollowUp, Person, Referral

FOLDER = "pagefind"
# Pagefind also writes two other UIs; the theme loads `pagefind-ui.js` only.
_UNUSED = ("pagefind-component-ui.css", "pagefind-component-ui.js", "pagefind-modular-ui.css",
           "pagefind-modular-ui.js", "pagefind-highlight.js")
TIMEOUT = 900  # seconds: far more than 40,000 pages take (about 45 s on two cores)
GLOB = "{people,interviews}/**/*.html"  # the only pages marked data-pagefind-body: no need to read others


class SearchUnavailable(Exception):
    """The full-text index could not be made; the message says why, for the user."""


PeopleRow = tuple[Person, date | None, FollowUp | None, Referral | None]  # as the people table has them


def people_index(rows: list[PeopleRow]) -> bytes:
    """`search/people.js`: a script defining `weaktiesPeople`, one entry per person, in the
    people table's order, with what the table shows and what its filter searches."""
    return f"window.weaktiesPeople = {people_json(rows)};\n".encode("utf-8")


def people_json(rows: list[PeopleRow]) -> str:
    """The entries of `search/people.js` as a JSON list (site-relative page paths)."""
    people = []
    for person, last, upcoming, introducer in rows:
        entry = {"name": person.name, "url": urls.person_page(person.slug), "company": person.company or "",
                 "title": person.title or "", "location": person.location or "", "tie": person.tie,
                 "topics": list(person.topics), "tags": list(person.tags)}
        if person.archived:
            entry["archived"] = True
        if introducer:
            entry["introducer"] = introducer.referrer_name
            if introducer.referrer:
                entry["introducer_url"] = urls.person_page(introducer.referrer)
        if last:
            entry["last"] = last.isoformat()
        if upcoming:
            entry["next"] = upcoming.kind
            if upcoming.due:
                entry["next_due"] = upcoming.due.isoformat()
        people.append(entry)
    return json.dumps(people, ensure_ascii=False, separators=(",", ":"))


def pagefind_binary() -> Path | None:
    """The Pagefind binary: `PAGEFIND_BINARY_PATH`, else the one `pagefind[bin]` installed, else
    one on the PATH."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        found = shutil.which("pagefind_extended") or shutil.which("pagefind")
        return Path(found) if found else None
    try:
        return get_executable()
    except (FileNotFoundError, OSError):
        return None


def index_site(out: Path) -> None:
    """Index the site written in `out` and replace `out/pagefind/` with the new index; raise
    `SearchUnavailable` when Pagefind cannot run (the site itself is not touched then)."""
    binary = pagefind_binary()
    if binary is None:
        raise SearchUnavailable("the pagefind binary is not installed (pip install 'pagefind[bin]')")
    out = out.resolve()
    staging = Path(tempfile.mkdtemp(prefix=f".{FOLDER}-new-", dir=out))
    try:
        # Politely: while `ties serve` runs, indexing must not slow the rebuilds down.
        polite = ["nice", "-n", "10"] if shutil.which("nice") else []
        try:
            run = subprocess.run([*polite, str(binary), "--site", str(out), "--output-path", str(staging),
                                  "--keep-index-url", "--silent", "--glob", GLOB],
                                 capture_output=True, text=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL)
        except (OSError, subprocess.SubprocessError) as error:
            raise SearchUnavailable(f"pagefind could not run: {error}") from None
        if run.returncode != 0:
            said = (run.stderr or run.stdout).strip().splitlines()
            raise SearchUnavailable(f"pagefind failed: {said[-1] if said else f'exit status {run.returncode}'}")
        for name in _UNUSED:
            (staging / name).unlink(missing_ok=True)
        staging.chmod(0o755)
        _swap(staging, out / FOLDER)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _swap(new: Path, target: Path) -> None:
    """Put `new` in the place of `target`, leaving the old index in place until the last moment."""
    if target.exists():
        old = target.with_name(f".{FOLDER}-old-{os.getpid()}")
        shutil.rmtree(old, ignore_errors=True)
        os.replace(target, old)
        os.replace(new, target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(new, target)
