"""New files: from templates, a person with the fields worth filling and an interview with the
informational-interview questions; from values, an imported person. Nothing is ever overwritten.

The templates are written out here: python-frontmatter writes only values, and they hold empty keys
and hints in comments for the user to fill. A file made of values alone (an import's) is written by
python-frontmatter, with the same YAML as a line added to a file: `yaml_line`.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import frontmatter
import yaml
from anyascii import anyascii

from .documents import INTERVIEW, PERSON, find_content, read_document, slug_of
from .references import MISSING, Resolver, slugify

_LONGEST_SLUG = 80
# The sections of an interview's notes that the review page gathers, as the template writes them.
WHAT_I_LEARNED = "What I learned"
QUESTIONS_FOR_NEXT_TIME = "Questions for next time"


class AuthoringError(Exception):
    """The file cannot be made; the message says why, for the user."""


def slug_for_name(name: str) -> str:
    """A file name for a person: transliterated to ASCII (Zoë Łukasiewicz -> zoe-lukasiewicz)."""
    slug = slugify(anyascii(name))
    if len(slug) > _LONGEST_SLUG:
        slug = slug[:_LONGEST_SLUG].rsplit("-", 1)[0]
    return slug


class _Quoted(str):
    """A value written in quotes, whatever it holds."""


class _Dumper(yaml.SafeDumper):
    """YAML as ties writes front matter: a list on its key's line (`[a, b]`), a `_Quoted` in quotes."""

    def ignore_aliases(self, data) -> bool:
        return True  # every value written out, never `&id001` and `*id001`


_Dumper.add_representer(
    list, lambda dumper, items: dumper.represent_sequence("tag:yaml.org,2002:seq", items, flow_style=True))
_Dumper.add_representer(
    _Quoted, lambda dumper, text: dumper.represent_scalar("tag:yaml.org,2002:str", text, style="'"))
_ONE_LINE = 1_000_000  # a width no value reaches, so none is folded onto the next line


def _as_written(key: str, value):
    """`value` as `_Dumper` takes it. Phone numbers are always quoted, as the README asks of
    hand-written ones."""
    if isinstance(value, tuple):
        value = list(value)
    if key == "phone":
        return [_quoted(item) for item in value] if isinstance(value, list) else _quoted(value)
    return value


def _quoted(value):
    return _Quoted(value) if isinstance(value, str) else value


def yaml_line(key: str, value) -> str:
    """`key: value`, quoted as YAML needs it (`no`, `#`, `: `), lists in [flow] style."""
    return yaml.dump({key: _as_written(key, value)}, Dumper=_Dumper, allow_unicode=True,
                     width=_ONE_LINE).removesuffix("\n")


def new_file_text(fields: dict[str, object], body: str | None = None) -> str:
    """A whole new file: its front matter written by python-frontmatter from `fields`, in their
    order, one `yaml_line` each; then `body`, on the line after the closing `---` (where
    python-frontmatter would leave a blank line) and ending with a newline (which it would drop)."""
    post = frontmatter.Post("")
    post.metadata.update({key: _as_written(key, value) for key, value in fields.items()})
    front = frontmatter.dumps(post, sort_keys=False, Dumper=_Dumper, width=_ONE_LINE)
    return f"{front}\n{body}\n" if body else f"{front}\n"


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
        f"## {WHAT_I_LEARNED}",
        "",
        f"## {QUESTIONS_FOR_NEXT_TIME}",
        "",
    ])


def person_file(root: Path, name: str, today: date, company: str | None = None, title: str | None = None,
                introduced_by: str | None = None) -> tuple[str, str]:
    """The file `new_person` would create for `name`, as (path from the root, text), written
    nowhere; raises AuthoringError if the slug is taken."""
    name = " ".join(name.split())
    slug = slug_for_name(name)
    if not slug:
        raise AuthoringError(f"cannot make a file name out of '{name}': use letters or digits")
    taken = people_files(root).get(slug)
    if taken:
        raise AuthoringError(f"{taken} already exists with the slug '{slug}': edit it, or give another name")
    return f"people/{slug}.md", person_template(name, today, company, title, introduced_by)


def new_person(root: Path, name: str, today: date, company: str | None = None, title: str | None = None,
               introduced_by: str | None = None) -> tuple[Path, list[str]]:
    """Create `people/<slug>.md` for `name`; raises AuthoringError if the slug is taken.

    Returns the new file and notes for the user (an `introduced_by` naming nobody yet)."""
    relative, text = person_file(root, name, today, company, title, introduced_by)
    try:
        create_file(root / relative, text)
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
