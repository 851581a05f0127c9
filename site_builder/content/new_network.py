"""A new network folder, as `ties init` makes it: `people/`, `interviews/`, a commented
`pyproject.toml`, a `.gitignore`, a short README and the GitHub Pages workflow, and with the
example, the fictional sample network. Nothing that exists is replaced unless asked, and a note
(a file in `people/` or `interviews/`) never is.

The files' texts are package data (`network_files/`), the sample network too (`example/` in an
installed package, the repository's own `people/` and `interviews/` in a checkout).
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from importlib import metadata, resources
from pathlib import Path

from .. import __version__

PACKAGE = "weakties"
NOTE_FOLDERS = ("people", "interviews")
WORKFLOW = ".github/workflows/pages.yml"
# what each made file is called, and the package data it is made from
_MADE_FROM = {"pyproject.toml": "pyproject.toml", ".gitignore": "gitignore", "README.md": "README.md",
              WORKFLOW: "pages.yml"}


@dataclass(frozen=True)
class NewFile:
    """A file `ties init` writes: its path in the folder (with `/`) and its text."""

    path: str
    text: str

    @property
    def is_note(self) -> bool:
        """A person's or an interview's file, which is never replaced."""
        return self.path.split("/", 1)[0] in NOTE_FOLDERS


@dataclass
class Made:
    """What `make_network` did, each file by its path in the folder."""

    folders: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # notes of the example that were there already


class InitRefused(Exception):
    """Nothing was written; the message says why, and `existing` lists the files in the way."""

    def __init__(self, message: str, existing: list[str] = ()):
        super().__init__(message)
        self.existing = list(existing)


def installed_version() -> str:
    """The version of the weakties running now, as its package index knows it."""
    try:
        return metadata.version(PACKAGE)
    except metadata.PackageNotFoundError:  # a checkout run without installing it
        return __version__


def installed_from() -> str | None:
    """Where the running weakties was installed from when not a package index (a git URL, a
    folder), as pip recorded it; None for an index or when unknown."""
    return _direct_url().get("url")


def workflow_requirement(version: str, installed: dict | None = None) -> str:
    """What the Pages workflow installs unless told otherwise: the weakties running now, as a
    runner can install it: the same commit, when it was installed from a git repository on a
    server (`pipx install git+https://...`), else `weakties==version` from the package index.
    `installed` is pip's record of where it came from (default: the running one's)."""
    direct = _direct_url() if installed is None else installed
    url, vcs = direct.get("url") or "", direct.get("vcs_info") or {}
    if vcs.get("vcs") == "git" and vcs.get("commit_id") and url.startswith(("https://", "ssh://")):
        return f"git+{url}@{vcs['commit_id']}"
    return f"{PACKAGE}=={version}"


def _direct_url() -> dict:
    """pip's record of where the running weakties came from (PEP 610), or {} for an index."""
    try:
        direct = json.loads(metadata.distribution(PACKAGE).read_text("direct_url.json") or "{}")
    except (metadata.PackageNotFoundError, ValueError):
        return {}
    return direct if isinstance(direct, dict) else {}


def documentation_url() -> str | None:
    """The address of weakties' documentation, when its package says it."""
    try:
        urls = metadata.distribution(PACKAGE).metadata.get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        return None
    named = dict(url.split(", ", 1) for url in urls if ", " in url)
    return named.get("Documentation") or named.get("Homepage") or named.get("Source")


def network_files(requirement: str, docs: str | None = None, example: bool = False) -> list[NewFile]:
    """Every file of a new network, in the order they are written: the workflow installs
    `requirement` (as pip takes it: `workflow_requirement`); the README links `docs` (weakties'
    documentation) when known."""
    folder = resources.files(__package__).joinpath("network_files")
    files = []
    for path, source in _MADE_FROM.items():
        text = folder.joinpath(source).read_text(encoding="utf-8").replace("@REQUIREMENT@", requirement)
        if path == "README.md":
            text = _with_links(text, docs)
        files.append(NewFile(path, text))
    if example:
        files += example_files()
    return files


def _with_links(text: str, docs: str | None) -> str:
    if docs:
        docs = docs.rstrip("/")
        return text.replace("[weakties](@DOCS@)", f"[weakties]({docs})").replace(
            "[publishing](@DOCS_PUBLISHING@)", f"[publishing]({docs}/blob/main/docs/publishing.md)")
    return text.replace("[weakties](@DOCS@)", "weakties").replace(
        "[publishing](@DOCS_PUBLISHING@)", "docs/publishing.md in weakties' repository")


def example_folder() -> Path:
    """The folder holding the sample network's `people/` and `interviews/`."""
    shipped = Path(__file__).resolve().parents[1] / "example"
    return shipped if shipped.is_dir() else Path(__file__).resolve().parents[2]


def example_files() -> list[NewFile]:
    """The fictional sample network, file by file."""
    base = example_folder()
    return [NewFile(f"{folder}/{path.name}", path.read_text(encoding="utf-8"))
            for folder in NOTE_FOLDERS for path in sorted((base / folder).glob("*.md"))]


def in_the_way(root: Path, files: list[NewFile]) -> list[str]:
    """The files of `files` that `root` already holds (or something else by their name)."""
    return [file.path for file in files if os.path.lexists(root / file.path)]


def make_network(root: Path, files: list[NewFile], force: bool = False) -> Made:
    """Write `files` into `root` (made if need be), with `people/` and `interviews/`. A file that
    exists refuses them all (InitRefused, nothing written), unless `force`: then it is replaced,
    all at once, except a note, which is kept as it is."""
    if root.exists() and not root.is_dir():
        raise InitRefused(f"{root} is not a folder")
    existing = in_the_way(root, files)
    if existing and not force:
        raise InitRefused(f"{root} already holds {_listed(existing)}: nothing was written "
                          "(--force replaces all but the notes in people/ and interviews/)", existing)
    for file in files:
        if (root / file.path).is_dir():
            raise InitRefused(f"{root / file.path} is a folder: nothing was written")
    for folder in NOTE_FOLDERS:
        if os.path.lexists(root / folder) and not (root / folder).is_dir():
            raise InitRefused(f"{root / folder} is not a folder: nothing was written")
    made = Made()
    for folder in NOTE_FOLDERS:
        if not (root / folder).is_dir():
            (root / folder).mkdir(parents=True)
            made.folders.append(f"{folder}/")
    for file in files:
        target = root / file.path
        if file.path in existing and file.is_note:
            made.kept.append(file.path)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        _write_whole(target, file.text)
        (made.replaced if file.path in existing else made.written).append(file.path)
    return made


def _listed(paths: list[str]) -> str:
    return ", ".join(paths) if len(paths) <= 5 else f"{', '.join(paths[:5])} and {len(paths) - 5} more"


def _write_whole(target: Path, text: str) -> None:
    """Write `text` to `target` all at once: a temporary file beside it, renamed over it."""
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.chmod(temporary, 0o644 & ~_umask())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def inside_git_repository(folder: Path) -> bool:
    """Whether `folder` (or the nearest folder of it that exists) lies in a git work tree."""
    folder = folder.resolve()
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return True
    return False
