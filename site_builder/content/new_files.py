"""New files from templates: a person with the fields worth filling, an interview with the
informational-interview questions. Nothing is ever overwritten.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import yaml
from anyascii import anyascii

from .documents import INTERVIEW, PERSON, find_content, read_document, slug_of
from .references import MISSING, Resolver, slugify

_LONGEST_SLUG = 80


class AuthoringError(Exception):
    """The file cannot be made; the message says why, for the user."""


def slug_for_name(name: str) -> str:
    """A file name for a person: transliterated to ASCII (Zoë Łukasiewicz -> zoe-lukasiewicz)."""
    slug = slugify(anyascii(name))
    if len(slug) > _LONGEST_SLUG:
        slug = slug[:_LONGEST_SLUG].rsplit("-", 1)[0]
    return slug


def yaml_line(key: str, value) -> str:
    """`key: value`, quoted as YAML needs it (`no`, `#`, `: `), lists in [flow] style. Phone numbers
    are always quoted, as the README asks of hand-written ones."""
    if isinstance(value, tuple):
        value = list(value)
    dumped = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=1_000_000,
                            default_style="'" if key == "phone" else None)
    return f"{key}: {dumped.removesuffix(chr(10)).removesuffix(chr(10) + '...')}"


def _hinted(line: str, hint: str) -> str:
    """A front-matter line with a comment after it (a space before `#`, or YAML reads it as text)."""
    return f"{line:<23} # {hint}"


def create_file(path: Path, text: str) -> None:
    """Write a new file; raises FileExistsError rather than replace one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8", newline="\n") as file:
        file.write(text)


def people_files(root: Path) -> dict[str, str]:
    """slug -> file (relative to the root) of every person, subfolders included."""
    return {slug_of(path): path for path, kind in find_content(root) if kind == PERSON}


def person_template(name: str, today: date, company: str | None = None, title: str | None = None,
                    introduced_by: str | None = None) -> str:
    def line(key: str, value, hint: str = "") -> str:
        written = yaml_line(key, value) if value not in (None, "") else f"{key}:"
        return _hinted(written, hint) if hint else written

    return "\n".join([
        "---",
        line("name", name),
        line("company", company),
        line("title", title),
        line("location", None),
        line("email", None, "one address, or a list: [a@example.com, b@example.com]"),
        line("phone", None, 'always quoted: "+44 20 7946 0000"'),
        line("linkedin", None, "https://www.linkedin.com/in/..."),
        line("introduced_by", introduced_by, "who suggested you contact them (a slug)"),
        line("how_we_met", None),
        line("topics", None, "what they can speak to: [hiring, compilers]"),
        line("tags", None),
        line("added", today),
        line("contacted", None, "the day you first reach out"),
        "---",
        "",
    ])


def interview_template(person: str, day: date) -> str:
    return "\n".join([
        "---",
        yaml_line("person", person),
        yaml_line("date", day),
        _hinted("time:", 'quoted: "14:30"'),
        "duration: 15",
        _hinted("channel:", "phone, video, in-person, email or chat"),
        "topics: []",
        _hinted("referrals: []", 'people they suggested you speak to: [grace-hopper, "Alan Turing"]'),
        _hinted("thanked:", "the day your thank-you note went out"),
        _hinted("follow_up:", "when they said you may get back in touch"),
        _hinted("may_follow_up:", 'their answer to "May I follow up later?": true or false'),
        "---",
        "## Their work",
        "",
        "### Type of work",
        "",
        "### A typical day",
        "",
        "### What they like best",
        "",
        "### What they like least",
        "",
        "### The challenging parts",
        "",
        "## Career advice",
        "",
        "### Critical skills",
        "",
        "### How hiring works",
        "",
        "### Who else should I speak to?",
        "",
        "### May I follow up later?",
        "",
        "## Summary",
        "",
        "## What I learned",
        "",
        "## Questions for next time",
        "",
    ])


def new_person(root: Path, name: str, today: date, company: str | None = None, title: str | None = None,
               introduced_by: str | None = None) -> tuple[Path, list[str]]:
    """Create `people/<slug>.md` for `name`; raises AuthoringError if the slug is taken.

    Returns the new file and notes for the user (an `introduced_by` naming nobody yet)."""
    name = " ".join(name.split())
    slug = slug_for_name(name)
    if not slug:
        raise AuthoringError(f"cannot make a file name out of '{name}': use letters or digits")
    taken = people_files(root).get(slug)
    if taken:
        raise AuthoringError(f"{taken} already exists with the slug '{slug}': edit it, or give another name")
    relative = f"people/{slug}.md"
    try:
        create_file(root / relative, person_template(name, today, company, title, introduced_by))
    except FileExistsError:
        raise AuthoringError(f"{relative} already exists") from None
    notes = []
    if introduced_by:
        resolver = Resolver(people_names(root))
        resolution = resolver.resolve(introduced_by)
        if not resolution.found:
            notes.append(f"introduced_by: {resolver.describe(resolution)}")
    return root / relative, notes


def new_interview(root: Path, person: str, day: date) -> Path:
    """Create `interviews/<date>-<slug>.md` with `person` (a slug, a name or a wiki link) resolved to
    someone who has a file. Raises AuthoringError."""
    resolver = Resolver(people_names(root))
    resolution = resolver.resolve(person)
    if not resolution.found:
        hint = f': add them first with ties new person "{resolution.name}"' if resolution.outcome == MISSING else ""
        raise AuthoringError(f"{resolver.describe(resolution)}{hint}")
    relative = f"interviews/{day.isoformat()}-{resolution.slug}.md"
    existing = {slug_of(path): path for path, kind in find_content(root) if kind == INTERVIEW}
    if slug_of(relative) in existing:
        raise AuthoringError(f"{existing[slug_of(relative)]} already exists: edit it")
    try:
        create_file(root / relative, interview_template(resolution.slug, day))
    except FileExistsError:
        raise AuthoringError(f"{relative} already exists: edit it") from None
    return root / relative


def people_names(root: Path) -> dict[str, str]:
    """slug -> name of every person with a file (the slug when the name cannot be read)."""
    names = {}
    for path, kind in find_content(root):
        if kind == PERSON:
            document = read_document(root, path, kind)
            name = document.meta.get("name")
            names[document.slug] = name.strip() if isinstance(name, str) and name.strip() else document.slug
    return names
