"""Where every page lives, and the one function that links one page to another.

Links are always relative to the linking page and name `index.html` explicitly, so the site
works under `/<repo>/` on GitHub Pages and when opened from `file://`.
"""

from __future__ import annotations

import re
from urllib.parse import quote

DASHBOARD = "index.html"
QUEUE = "queue/index.html"
PEOPLE = "people/index.html"
INTERVIEWS = "interviews/index.html"
REFERRALS = "referrals/index.html"
REFERRERS = "referrals/by-referrer/index.html"
TOPICS = "topics/index.html"
COMPANIES = "companies/index.html"
SEARCH = "search/index.html"
REVIEW = "review/index.html"  # what you learned and the questions for next time, across interviews
PEOPLE_INDEX = "search/people.js"  # every person, for the filters that work offline
_UNQUOTED = re.compile(r"[\w.~/-]*", re.ASCII)  # the characters `quote` leaves as they are


def numbered_page(first: str, number: int) -> str:
    """Page `number` of a list whose first page is `first`: `people/index.html`,
    `people/_page-2/index.html`, ... (a slug never starts with `_`, so no person is shadowed)."""
    if number == 1:
        return first
    return f"{first.rsplit('/', 1)[0]}/_page-{number}/index.html"


def queue_group_page(group: str) -> str:
    return f"queue/{group.replace(' ', '-')}/index.html"


def topic_page(slug: str) -> str:
    return f"topics/{slug}/index.html"


def topic_list_page(slug: str, part: str) -> str:
    """The whole of one of a topic's lists (`people`, `not-contacted`, `interviews`), in pages."""
    return f"topics/{slug}/{part}/index.html"


def company_page(slug: str) -> str:
    return f"companies/{slug}/index.html"


def person_page(slug: str) -> str:
    return f"people/{slug}/index.html"


def draft_page(slug: str, kind: str) -> str:
    """The draft of the message (or card) one of a person's items asks for."""
    return f"people/{slug}/drafts/{kind}/index.html"


def interview_page(name: str) -> str:
    return f"interviews/{name}/index.html"


def prep_page(name: str) -> str:
    """The printable prep sheet of a scheduled interview."""
    return f"interviews/{name}/prep/index.html"


def relative_url(target: str, from_page: str) -> str:
    """The link from the page at `from_page` to the file at `target` (both relative to the site)."""
    path, _, fragment = target.partition("#")
    link = _relative_path(path, from_page) if path else from_page.rsplit("/", 1)[-1]
    if not _UNQUOTED.fullmatch(link):  # (nearly every link is made of slugs: quoting them was half the time)
        link = quote(link)
    return f"{link}#{quote(fragment)}" if fragment else link


def _relative_path(target: str, from_page: str) -> str:
    # Site paths never hold "." or ".." segments, so this is posixpath.relpath without its cost.
    if target.partition("/")[0] != from_page.partition("/")[0]:  # (most links: no folder in common)
        return "../" * from_page.count("/") + target
    here = from_page.split("/")[:-1]
    there = target.split("/")
    common = 0
    for mine, theirs in zip(here, there[:-1]):
        if mine != theirs:
            break
        common += 1
    return "../" * (len(here) - common) + "/".join(there[common:])
