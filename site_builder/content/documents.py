"""The load stage: find content files, read them and split off their YAML front matter.

A `Document` keeps every front-matter value with the line it stands on, so that later checks
can point at the exact line. YAML is composed into nodes first (for their positions) and each
value is constructed on its own, so one bad value does not hide the others.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import yaml
from frontmatter.default_handlers import YAMLHandler

from ..diagnostics import ERROR, WARNING, Diagnostic
from ..network.model import Task, WikiLink
from . import markup
from .references import slugify

PERSON, INTERVIEW = "person", "interview"
CONTENT_FOLDERS = {"people": PERSON, "interviews": INTERVIEW}

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# A line '---' opens the front matter and a line '---' or '...' (YAML's end of document, as pandoc
# writes it) closes it, spaces allowed after them. python-frontmatter's own boundary would not close
# at '...', would close at '-----', and its '\s*' would take blank lines next to a delimiter along.
_BOUNDARY = re.compile(r"^(?:---|\.\.\.)[^\S\n]*$", re.MULTILINE)
_PARTS = YAMLHandler(fm_boundary=_BOUNDARY)
# The lines of a front matter as YAML counts them (its marks' lines): a lone CR, NEL and the Unicode
# line and paragraph separators end a line too.
_YAML_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
# Far beyond notes written by hand (a long one is 50 KiB); a larger file is likely not notes, and
# would take seconds and hundreds of megabytes to become one page.
MAX_FILE_SIZE = 2 * 2**20
MAX_FRONT_MATTER = 64 * 2**10  # characters; a person's details take a few hundred
MAX_VALUES = 10_000  # values that a front matter stands for, once its YAML aliases are expanded


@dataclass
class Document:
    """One content file, split and parsed but not yet interpreted."""

    path: str  # relative to the root, with forward slashes
    kind: str
    slug: str
    meta: dict = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)  # key -> line of its value
    item_lines: dict[str, list[int]] = field(default_factory=dict)  # key -> line of each list item
    written: dict[str, str] = field(default_factory=dict)  # key -> a scalar exactly as written
    # key -> (line, value, comment) of its first unquoted value that a ' #' on its line cut short
    commented: dict[str, tuple[int, str, str]] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1  # the file line the body starts on
    diagnostics: list[Diagnostic] = field(default_factory=list)
    readable: bool = True  # False when the front matter could not be used at all
    tasks: tuple[Task, ...] = ()
    wiki_links: tuple[WikiLink, ...] = ()
    front_matter_digest: bytes = b""  # of the front matter as written
    skipped: bool = False  # a folder, FIFO or device named like a content file: reported, and nobody


def is_content_file(name: str) -> bool:
    """Markdown files, leaving out hidden files and editors' temporary, swap and backup files."""
    return name.endswith(".md") and not name.startswith((".", "#", "~"))


def wrong_folder(root: Path) -> list[Diagnostic]:
    """A warning when `root` has neither `people/` nor `interviews/`: ties is likely running
    in another folder than the network's."""
    if any((root / folder).is_dir() for folder in CONTENT_FOLDERS):
        return []
    return [Diagnostic("people/", None, WARNING, (
        f"{root.resolve()} has no people/ or interviews/ folder: run ties in your network's folder "
        'or pass --root DIR (ties new person "NAME" starts a network here)'))]


def find_content(root: Path) -> list[tuple[str, str]]:
    """Every content file below `root`, as sorted (relative path, kind) pairs. A folder named
    like a content file is listed too (and looked into), so that reading it reports it."""
    found = []
    for folder, kind in CONTENT_FOLDERS.items():
        top = root / folder
        for directory, subfolders, files in os.walk(top):
            subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
            relative = Path(directory).relative_to(root).as_posix()
            found.extend((f"{relative}/{name}", kind) for name in (*files, *subfolders) if is_content_file(name))
    return sorted(found)


def content_digest(raw: bytes) -> bytes:
    """The digest of a content file's bytes: what tells that a file is the one a build read."""
    return hashlib.blake2b(raw, digest_size=16).digest()


def content_digests(root: Path) -> dict[str, bytes]:
    """The digest of each content file below `root` that can be read, by relative path."""
    digests = {}
    for path, kind in find_content(root):
        raw = read_content(root, path, kind)
        if not isinstance(raw, Document):
            digests[path] = content_digest(raw)
    return digests


def stamp_of(path: str | os.PathLike) -> tuple[int, int, int] | None:
    """A file's size, modification time and inode (what tells that it changed); None if it is
    not there or not a regular file (a folder, a FIFO)."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return (status.st_size, status.st_mtime_ns, status.st_ino) if stat.S_ISREG(status.st_mode) else None


def read_document(root: Path, path: str, kind: str) -> Document:
    """Read and parse one file; problems become diagnostics on the document, never exceptions."""
    raw = read_content(root, path, kind)
    return raw if isinstance(raw, Document) else decode_document(path, kind, raw)


def read_content(root: Path, path: str, kind: str) -> bytes | Document:
    """The bytes of a content file, or, when they are not to be read, a document saying why.
    Only a regular file is read (a symlink to one is): opening a FIFO would wait for a writer,
    forever. It is opened without waiting, then looked at, then read, so that nothing can be
    put in its place in between."""
    try:
        handle = os.open(os.path.join(root, path), os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        return _unreadable(path, kind, slug_of(path), None, f"cannot read the file: {error.strerror or error}")
    try:
        status = os.fstat(handle)
        if stat.S_ISDIR(status.st_mode):
            return _not_a_file(path, kind, "a folder, not a file")
        if not stat.S_ISREG(status.st_mode):
            return _not_a_file(path, kind, "not a regular file (a FIFO, socket or device)")
        if status.st_size > MAX_FILE_SIZE:
            return _too_large(path, kind, status.st_size)
        raw = _read_at_most(handle, status.st_size, MAX_FILE_SIZE + 1)  # no more, should it grow meanwhile
    except OSError as error:
        return _unreadable(path, kind, slug_of(path), None, f"cannot read the file: {error.strerror or error}")
    finally:
        os.close(handle)
    return _too_large(path, kind, len(raw)) if len(raw) > MAX_FILE_SIZE else raw


def _read_at_most(handle: int, size: int, limit: int) -> bytes:
    """The bytes of an open file to its end or to `limit` bytes, the file's `size` (as it was
    looked at) asked for first. (A buffered file's read(limit) costs 40 µs a file, 7 times os.read
    of the size: 1 s of a first check at 30,000 people.)"""
    pieces, total = [], 0
    while total < limit:
        piece = os.read(handle, min(limit - total, size + 1 if not pieces else 2**20))
        if not piece:
            break
        pieces.append(piece)
        total += len(piece)
    return pieces[0] if len(pieces) == 1 else b"".join(pieces)


def _not_a_file(path: str, kind: str, what: str) -> Document:
    message = f"{what}: skipped (rename it, or move it out of the folder)"
    return Document(path, kind, slug_of(path), readable=False, skipped=True,
                    diagnostics=[Diagnostic(path, None, WARNING, message)])


def _too_large(path: str, kind: str, size: int) -> Document:
    return _unreadable(path, kind, slug_of(path), None,
                       f"{_in_units(size)} is too large for a content file (at most {MAX_FILE_SIZE // 2**20} MiB): "
                       "split it, or move what is not notes out of it")


def _in_units(size: int) -> str:
    return f"{size / 2**30:.1f} GiB" if size >= 2**30 else f"{size / 2**20:.1f} MiB"


def decode_document(path: str, kind: str, raw: bytes) -> Document:
    slug = slug_of(path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        return _unreadable(path, kind, slug, line, f"not valid UTF-8 (byte {error.start}): save it as UTF-8")
    nul = raw.find(b"\0")
    if nul != -1:  # (YAML refuses it; Markdown drops the text around it)
        line = raw.count(b"\n", 0, nul) + 1
        return _unreadable(path, kind, slug, line, "a NUL byte: this is not a text file, or it was damaged")
    return parse_document(path, kind, slug, text)


def slug_of(path: str) -> str:
    """A content file's slug, from its name without the folder and `.md`."""
    return slugify(path.rsplit("/", 1)[-1][:-3])


class ContentFile(NamedTuple):
    """A content file as the model needs to know it before reading its record."""

    path: str
    kind: str
    slug: str


def parse_document(path: str, kind: str, slug: str, text: str) -> Document:
    """Split `text` into front matter and body (python-frontmatter's split, positions kept) and
    parse the front matter."""
    document = Document(path, kind, slug)
    text = text.removeprefix("\ufeff")
    if not text.startswith("---") or not _BOUNDARY.match(text):
        document.body = text
        document.readable = False
        document.diagnostics.append(Diagnostic(path, 1, ERROR,
                                               "no front matter: the file must start with a line '---'"))
        return document
    try:
        front, document.body = split_front_matter(text)
    except ValueError:  # one delimiter only
        document.readable = False
        document.diagnostics.append(Diagnostic(path, 1, ERROR,
                                               "the front matter is never closed: add a line '---' after it"))
        return document
    body_start = len(text) - len(document.body)
    document.front_matter_digest = hashlib.blake2b(front.encode("utf-8", "surrogatepass"), digest_size=16).digest()
    document.body_line = text.count("\n", 0, body_start) + 1
    document.tasks, undated = markup.find_tasks(document.body, document.body_line, path)
    document.diagnostics += undated
    document.wiki_links = markup.find_wiki_links(document.body, document.body_line)
    _parse_front_matter(document, front)
    return document


def split_front_matter(text: str) -> tuple[str, str]:
    """The front matter and the body of `text` (without a BOM): the front matter from the line
    after the opening '---', the body from the line after the closing '---' or '...' (empty if
    that line ends the file). Raises ValueError when `text` does not start with a line '---' or
    its front matter is never closed."""
    if not text.startswith("---") or not _BOUNDARY.match(text):
        raise ValueError("no front matter")
    front, rest = _PARTS.split(text)
    # Each part starts with the newline that ends its delimiter's line.
    return front[1:], rest[1:]


def _parse_front_matter(document: Document, front: str) -> None:
    path, first_line = document.path, 2  # front matter starts on the line after the opening ---
    if len(front) > MAX_FRONT_MATTER:
        document.readable = False
        document.diagnostics.append(Diagnostic(path, 1, ERROR, (
            f"the front matter is over {MAX_FRONT_MATTER // 2**10} KiB: keep the details in it, "
            "and notes below its closing '---'")))
        return
    loader = _Loader(front)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        if error.context_mark and mark.index >= len(front.rstrip()):
            mark = error.context_mark  # an unclosed quote or bracket: point at where it opens
        line = mark.line + first_line if mark else None
        problem = error.problem or error.context or "cannot be read"
        written = "".join(_YAML_LINE_BREAK.split(front)[mark.line:mark.line + 1]) if mark else ""
        document.readable = False
        document.diagnostics.append(Diagnostic(path, line, ERROR,
                                               f"broken YAML: {problem}{_yaml_hint(problem, written)}"))
        loader.dispose()
        return
    except yaml.YAMLError as error:
        document.readable = False
        document.diagnostics.append(Diagnostic(path, None, ERROR, f"broken YAML: {error}"))
        loader.dispose()
        return
    try:
        if node is None:
            return
        if not isinstance(node, yaml.MappingNode):
            document.readable = False
            document.diagnostics.append(Diagnostic(
                path, node.start_mark.line + first_line, ERROR,
                "the front matter is not a mapping: write one 'key: value' per line"))
            return
        if "*" in front and _expands_too_far(document, node, first_line):
            return
        loader.flatten_mapping(node)
        lines = _YAML_LINE_BREAK.split(front) if "#" in front else None
        for key_node, value_node in node.value:
            _read_entry(document, loader, key_node, value_node, first_line, lines)
    finally:
        loader.dispose()


def _expands_too_far(document: Document, root: yaml.MappingNode, first_line: int) -> bool:
    """Whether the front matter stands for more than MAX_VALUES values once each alias (`*name`)
    is put in place of its anchor (`&name`); if so, an error on the entry that goes past it.
    YAML composes an alias as the same node again, so a few lines can stand for billions of
    values (a "billion laughs"), which constructing them would try to make."""
    sizes: dict[int, int] = {}
    total = 0
    for key_node, value_node in root.value:
        total += _expanded_size(key_node, sizes) + _expanded_size(value_node, sizes)
        if total > MAX_VALUES:
            document.readable = False
            document.diagnostics.append(Diagnostic(
                document.path, key_node.start_mark.line + first_line, ERROR,
                f"the front matter expands to more than {MAX_VALUES:,} values through YAML aliases "
                "(&anchor / *alias): write the values out"))
            return True
    return False


def _expanded_size(node, sizes: dict[int, int]) -> int:
    """How many values `node` stands for with its aliases expanded, counting no further than
    MAX_VALUES + 1 (also for an alias inside its own anchor, which never ends). `sizes` holds
    the nodes counted already, by id: each is counted once, however often it is an alias."""
    over = MAX_VALUES + 1
    counting: set[int] = set()  # the nodes from `node` down to the one being counted
    stack = [node]
    while stack:
        top = stack[-1]
        if id(top) in sizes:
            stack.pop()
            continue
        children = _children(top)
        if id(top) not in counting:
            counting.add(id(top))
            for child in children:
                if id(child) in counting:
                    return over
                if id(child) not in sizes:
                    stack.append(child)
            continue
        stack.pop()
        counting.discard(id(top))
        sizes[id(top)] = min(over, 1 + sum(sizes[id(child)] for child in children))
    return sizes[id(node)]


def _children(node) -> list:
    if isinstance(node, yaml.SequenceNode):
        return node.value
    if isinstance(node, yaml.MappingNode):
        return [part for entry in node.value for part in entry]
    return []


def _read_entry(document: Document, loader, key_node, value_node, first_line: int, lines: list[str] | None) -> None:
    """Read one `key: value` of the front matter; `lines` are the front matter's, when it has a '#'."""
    line = key_node.start_mark.line + first_line
    try:
        key = loader.construct_object(key_node, deep=True)
    except (ValueError, yaml.YAMLError):
        key = key_node.value
    if not isinstance(key, str):  # YAML 1.1 reads `on:` as True and `1:` as a number: name it as written
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key)
    if key in document.meta:
        document.diagnostics.append(Diagnostic(
            document.path, line, WARNING,
            f"'{key}' is given twice; the value on line {line} wins"))
    # Recorded even when the value fails, so a bad value is not also reported as a missing key.
    value_line = document.lines[key] = value_node.start_mark.line + first_line
    try:
        value = loader.construct_object(value_node, deep=True)
    except ValueError:
        document.diagnostics.append(Diagnostic(
            document.path, value_line, ERROR, f"invalid date for '{key}': '{value_node.value}' does not exist"))
        return
    except yaml.YAMLError as error:
        document.diagnostics.append(Diagnostic(document.path, value_line, ERROR, f"broken YAML for '{key}': {error}"))
        return
    document.meta[key] = value
    comment = lines and _comment_after(value_node, lines)
    if comment:
        document.commented[key] = (comment[0] + first_line, *comment[1:])
    if isinstance(value_node, yaml.ScalarNode):
        document.written[key] = value_node.value
    elif isinstance(value_node, yaml.SequenceNode):
        document.item_lines[key] = [item.start_mark.line + first_line for item in value_node.value]


def _comment_after(value_node, lines: list[str]) -> tuple[int, str, str] | None:
    """(line in the front matter, value, comment) where an unquoted value, or a list's first such item,
    is followed by a comment on its line: YAML reads `title: Update #2` as 'Update', which is
    rarely what was meant."""
    items = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
    for item in items:
        if isinstance(item, yaml.ScalarNode) and not item.style and item.value:  # (plain: style None, or '' in libyaml)
            rest = lines[item.end_mark.line][item.end_mark.column:]
            if rest[:1].isspace() and rest.lstrip().startswith("#"):
                return item.end_mark.line, item.value, rest.strip()
    return None


def _yaml_hint(problem: str, written: str) -> str:
    """A way out for the usual mistakes; `written` is the front-matter line the problem is on."""
    if "mapping values are not allowed" in problem:
        return " (a value containing ': ' must be quoted)"
    if "\t" in written and ("cannot start any token" in problem or "tab character" in problem):
        return " (YAML does not allow tabs for indentation: use spaces)"
    return ""


def _unreadable(path: str, kind: str, slug: str, line: int | None, message: str) -> Document:
    return Document(path, kind, slug, readable=False, diagnostics=[Diagnostic(path, line, ERROR, message)])
