"""Search: Pagefind's full-text index of the built site.

Pagefind (a binary from the `pagefind[bin]` package) reads the written pages and makes the index,
with its search UI, in `pagefind/`. Only people's and interviews' pages are indexed, so lists and
indexes do not answer every search twice, and of those only the ones whose file marks what to
index (`data-pagefind-body`): the theme leaves the mark out of a person's page with nothing to
search that `search/people.js` lacks, which Pagefind then never reads. The index is in parts (one for every `PAGES_PER_SHARD` pages, at most `SHARDS`), each a Pagefind
bundle of the pages whose path hashes to it (`pagefind/<n>/`), and `pagefind/shards.json` lists
the parts that hold pages: after a save, only the part holding the saved page is indexed again
(reusing the files of its pages that did not change), and the search page merges them all.
The browser can use it only over http(s), and an encrypted site must not have it (its fragments
hold the pages' text in clear), so there is also `search/people.js`: every person's name,
company, title, place, topics and tags, loaded with a plain `<script src>` (which works from
`file://`) by the search page and by the people table's filter.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..parallel import Progress, workers

FOLDER = "pagefind"
SHARDS = 16  # parts of the index at most: a 40,000-page site has parts of 2,500 pages (2 s to index)
# A smaller site has fewer, smaller parts: each run of Pagefind costs a fixed start too, and
# one part of a few hundred pages is indexed again in a fraction of a second.
PAGES_PER_SHARD = 250
SHARD_LIST = "shards.json"  # in FOLDER: how many shards, and the bundles of those holding pages
PAGE_FOLDERS = ("people", "interviews")  # `<folder>/<name>/index.html` are the pages indexed
MARK = b"data-pagefind-body"  # in a page's file: the page is indexed (the part marked, as Pagefind does)
# Pagefind also writes two other UIs; the theme loads `pagefind-ui.js` only.
_UNUSED = ("pagefind-component-ui.css", "pagefind-component-ui.js", "pagefind-modular-ui.css",
           "pagefind-modular-ui.js", "pagefind-highlight.js")
_GLOB_SPECIAL = re.compile(r"[$()*,:<>?\[\]{}\\]")  # in a wax glob (a backslash can be matched by no escape)
TIMEOUT = 900  # seconds, for one shard: far more than 40,000 pages take (about 30 s on two cores)


class SearchUnavailable(Exception):
    """The full-text index could not be made; the message says why, for the user."""


class IndexStopped(SearchUnavailable):
    """Indexing was asked to stop (`ties serve` is stopping): Pagefind was stopped, its work removed."""


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


def may_be_indexed(page: str) -> bool:
    """Whether the page at site path `page` is of those the index holds when they are marked
    (`is_marked`): a person's or an interview's page (lists, their numbered pages `_page-<n>`,
    prep sheets and drafts never are)."""
    parts = page.split("/")
    return (len(parts) == 3 and parts[0] in PAGE_FOLDERS and parts[2] == "index.html"
            and not parts[1].startswith(("_", ".")))


def shard_count(pages: int) -> int:
    """How many shards a full index of `pages` pages has."""
    return max(1, min(SHARDS, -(-pages // PAGES_PER_SHARD)))


def shard_of(page: str, count: int | None = None) -> int:
    """The shard, of `count` (default `SHARDS`), holding the page at site path `page`, the same
    in every process and every run (unlike `hash()`)."""
    digest = hashlib.blake2b(page.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % (count or SHARDS)


def index_site(out: Path, changed: Iterable[str] | None = None, stop: threading.Event | None = None,
               progress: Progress | None = None, known: Mapping[str, bool] | None = None) -> None:
    """Bring the full-text index of the site written in `out` up to date: every shard when
    `changed` is None (as many as the site's size calls for), else only the shards holding a
    page in `changed` (site paths written or removed since the last index), or every shard when
    there is no usable index yet. Each shard's new bundle replaces its old one whole. Raise
    `SearchUnavailable` when Pagefind cannot run (the pages are not touched then), and
    `IndexStopped` as soon as `stop` is set (the index is left as it was). `progress` is told
    how many parts of a whole index are made. A page `known` to be marked or not (`noting_marked`)
    is not read to tell."""
    binary = pagefind_binary()
    if binary is None:
        raise SearchUnavailable("the pagefind binary is not installed (pip install 'pagefind[bin]')")
    out = out.resolve()
    _remove_leftovers(out)
    listed = _shards_held(out / FOLDER)
    pages = _pages_of_indexed_kinds(out)
    if changed is None or listed is None:
        known = known or {}
        pages = [page for page in pages if (known[page] if page in known else is_marked(out, page))]
        count = shard_count(len(pages))
        _index_all(binary, out, _by_shard(pages, count), count, stop, progress)
        return
    count, held = listed
    by_shard = _by_shard(pages, count)
    changed = set(changed)
    for shard in sorted({shard_of(page, count) for page in changed if may_be_indexed(page)}):
        bundle = out / FOLDER / str(shard)
        held_urls = _urls_in_bundle(bundle) if shard in held else set()
        marked = _marked_of_shard(out, by_shard[shard], held_urls, changed)
        if _holds_a_change(marked, held_urls, changed):
            _index_again(binary, out, shard, marked, held, count, stop)


def _marked_of_shard(out: Path, pages: list[str], held_urls: set[str] | None, changed: set[str]) -> list[str]:
    """The marked pages among a shard's `pages`. A page that is not among those `changed` is
    marked as it was at the last index, when the shard's bundle took it in or left it out:
    so only the changed pages and those of `held_urls` (the URLs of the bundle's pages) are
    read, unless some URL the bundle holds is not one of the pages (or is unknown): then all."""
    if held_urls is not None:
        urls = {"/" + page for page in (*pages, *changed)}
        if held_urls <= urls:
            pages = [page for page in pages if page in changed or "/" + page in held_urls]
    return [page for page in pages if is_marked(out, page)]


def _holds_a_change(marked: list[str], held_urls: set[str] | None, changed: set[str]) -> bool:
    """Whether a shard must be made again: a page `changed` is among those it holds now (the
    `marked`) or held (`held_urls`, None when unknown). A page that changed but is not marked,
    and was not, (someone's title, when they have no notes) leaves the shard as it is."""
    return (held_urls is None or any(page in changed for page in marked)
            or any(url.removeprefix("/") in changed for url in held_urls))


def _urls_in_bundle(bundle: Path) -> set[str] | None:
    """The URLs of the pages a Pagefind bundle holds (`/<site path>`, by `--keep-index-url`),
    from their fragments (gzipped JSON after a signature); None when one cannot be read."""
    urls = set()
    try:
        for fragment in (bundle / "fragment").iterdir():
            text = gzip.decompress(fragment.read_bytes())
            urls.add(json.loads(text[text.index(b"{"):])["url"])
    except (OSError, ValueError, KeyError, TypeError, EOFError):
        return None
    return urls


def noting_marked(write: Callable[[str, bytes], None], marked: dict[str, bool]) -> Callable[[str, bytes], None]:
    """`write` (of a site path and its bytes), noting in `marked` whether each page the index may
    hold marks a part to index (as `is_marked` would read it): a whole index of the site written
    then reads none of them again (30,000 files at 30,000 people)."""
    def noted(page: str, data: bytes) -> None:
        if may_be_indexed(page):
            marked[page] = MARK in data
        write(page, data)
    return noted


def is_marked(out: Path, page: str) -> bool:
    """Whether the file of the page at site path `page` in `out` marks a part to index (`MARK`);
    False when there is no such file."""
    try:
        with open(out / page, "rb") as file:
            return MARK in file.read()
    except OSError:
        return False


def _index_all(binary: Path, out: Path, pages: list[list[str]], count: int, stop: threading.Event | None,
               progress: Progress | None) -> None:
    """Make every shard anew and replace `out/pagefind/` with them."""
    staging = _staging(out)
    try:
        # Pagefind keeps about one and a half cores busy: two runs at a time fill two.
        with ThreadPoolExecutor(max(1, workers())) as pool:
            made = pool.map(lambda shard: _index_shard(binary, out, pages[shard], staging / str(shard), stop),
                            range(count))
            held = set()
            for shard, bundle in enumerate(made):
                if progress:
                    progress("Indexing for search", shard + 1, count)
                if bundle:
                    held.add(shard)
        _write_shard_list(staging, held, count)
        staging.chmod(0o755)
        _swap(staging, out / FOLDER, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _index_again(binary: Path, out: Path, shard: int, pages: list[str], held: set[int], count: int,
                 stop: threading.Event | None) -> None:
    """Make `shard` anew and put it in place of the old one; the shard list names a bundle
    only while it is there."""
    folder = out / FOLDER
    staging = _staging(out)
    try:
        reused = _link_hashed_files(folder / str(shard), staging)
        made = _index_shard(binary, out, pages, staging, stop)
        if made and reused and not _drop_unused(staging):  # not as expected: made again from nothing
            shutil.rmtree(staging)
            staging.mkdir()
            made = _index_shard(binary, out, pages, staging, stop)
        if made:
            staging.chmod(0o755)
            _swap(staging, folder / str(shard), out)
            if shard not in held:
                held.add(shard)
                _write_shard_list(folder, held, count)
        elif shard in held:  # its last page is gone
            held.discard(shard)
            _write_shard_list(folder, held, count)
            shutil.rmtree(folder / str(shard), ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _index_shard(binary: Path, out: Path, pages: list[str], bundle: Path, stop: threading.Event | None) -> bool:
    """Index `pages` (site paths in `out`) into the Pagefind bundle `bundle`; False, and no
    bundle, when none of them is there (Pagefind refuses to index no page)."""
    pages = [page for page in pages if (out / page).is_file()]  # (a rebuild may have removed one since)
    if not pages:
        return False
    # Pagefind indexes the files of `out` that a glob matches. The glob naming every page of the
    # shard can be far longer than a command line may be, so it goes in Pagefind's settings
    # file, which is read from the folder it runs in.
    with tempfile.TemporaryDirectory(prefix="ties-pagefind-") as folder:
        Path(folder, "pagefind.json").write_text(json.dumps({"glob": _glob_of(pages)}), encoding="utf-8")
        # Politely: while `ties serve` runs, indexing must not slow the rebuilds down.
        polite = ["nice", "-n", "10"] if shutil.which("nice") else []
        returncode, said = _run_pagefind([*polite, str(binary), "--site", str(out), "--output-path", str(bundle),
                                          "--keep-index-url", "--silent"], stop, folder)
    if returncode != 0:
        last = said.strip().splitlines()
        raise SearchUnavailable(f"pagefind failed: {last[-1] if last else f'exit status {returncode}'}")
    for name in _UNUSED:
        (bundle / name).unlink(missing_ok=True)
    return True


def _glob_of(pages: list[str]) -> str:
    """A glob (Pagefind's are wax's) matching the files at `pages` and no other. The characters
    it gives a meaning are escaped, but for a backslash, which no escape matches: `?` (any one
    character) stands for it. (A page's path is made of slugs: it holds none of them.)"""
    return "{" + ",".join(_GLOB_SPECIAL.sub(_escaped, page) for page in pages) + "}"


def _escaped(special: re.Match) -> str:
    return "?" if special[0] == "\\" else "\\" + special[0]


def _link_hashed_files(bundle: Path, staging: Path) -> bool:
    """Put in `staging` the files of `bundle` named by a digest of their content (fragments,
    index chunks, metadata: `*.pf_*`), as hard links. Pagefind does not write such a file again
    when it is there, so a bundle made again in `staging` only compresses what changed (about a
    third of indexing a shard). Whether any was linked."""
    linked = False
    for file in bundle.rglob("*.pf_*") if bundle.is_dir() else ():
        copy = staging / file.relative_to(bundle)
        copy.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(file, copy)
        except OSError:  # a file system without hard links: Pagefind writes the others itself
            return linked
        linked = True
    return linked


def _drop_unused(bundle: Path) -> bool:
    """Remove from a bundle made where the old one's hashed files were linked the ones it does
    not use: the metadata its entry does not name, and the fragments and chunks that metadata
    does not name (the old text of a page edited or removed must not stay published). Whether
    the bundle is then as expected: one fragment for each page it holds."""
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        languages = entry["languages"].values()
        metadata = {f"pagefind.{language['hash']}.pf_meta" for language in languages}
        named = b"".join(gzip.decompress((bundle / name).read_bytes()) for name in metadata)
        pages = sum(language["page_count"] for language in languages)
    except (OSError, ValueError, KeyError, TypeError, EOFError):
        return False
    fragments = 0
    for file in list(bundle.rglob("*.pf_*")):
        if file.parent == bundle:
            used = file.name in metadata
        else:
            used = file.name.split(".", 1)[0].encode("utf-8") in named
            if used and file.parent.name == "fragment":
                fragments += 1
        if not used:
            file.unlink()
    return fragments == pages


def _run_pagefind(command: list[str], stop: threading.Event | None, folder: str) -> tuple[int, str]:
    """Run Pagefind in `folder` to its end: its exit status and what it said. Stopped (and
    `IndexStopped` raised) as soon as `stop` is set; stopped after `TIMEOUT` seconds too."""
    if stop and stop.is_set():
        raise IndexStopped("indexing stopped")
    deadline = time.monotonic() + TIMEOUT
    try:
        # Pagefind takes settings from the environment too, over those of its file: not here.
        environment = {name: value for name, value in os.environ.items() if not name.startswith("PAGEFIND_")}
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                   stdin=subprocess.DEVNULL, cwd=folder, env=environment)
    except OSError as error:
        raise SearchUnavailable(f"pagefind could not run: {error}") from None
    with process:
        while True:
            try:
                said, _ = process.communicate(timeout=0.2)
                return process.returncode, said
            except subprocess.TimeoutExpired:
                stopping = bool(stop and stop.is_set())
                if stopping or time.monotonic() > deadline:
                    process.kill()
                    process.communicate()
                    if stopping:
                        raise IndexStopped("indexing stopped") from None
                    raise SearchUnavailable(f"pagefind took more than {TIMEOUT} s") from None


def _pages_of_indexed_kinds(out: Path) -> list[str]:
    """The site paths of the pages in `out` that are indexed when marked (`may_be_indexed`)."""
    pages = []
    for folder in PAGE_FOLDERS:
        try:
            entries = list(os.scandir(out / folder))
        except FileNotFoundError:
            continue
        pages.extend(page for entry in entries
                     if may_be_indexed(page := f"{folder}/{entry.name}/index.html") and entry.is_dir())
    return pages


def _by_shard(pages: list[str], count: int) -> list[list[str]]:
    shards: list[list[str]] = [[] for _ in range(count)]
    for page in pages:
        shards[shard_of(page, count)].append(page)
    return shards


def _shards_held(folder: Path) -> tuple[int, set[int]] | None:
    """The shard count of the index in `folder` and the shards that hold pages; None when it
    has no usable index (none yet, one from before shards, or one in more than `SHARDS`)."""
    try:
        listed = json.loads((folder / SHARD_LIST).read_text(encoding="utf-8"))
        held = {int(bundle.rstrip("/")) for bundle in listed["bundles"]}
        count = int(listed["shards"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    usable = 1 <= count <= SHARDS and all(shard < count and (folder / str(shard)).is_dir() for shard in held)
    return (count, held) if usable else None


def _write_shard_list(folder: Path, held: set[int], count: int) -> None:
    """`shards.json`: the shard count, and the bundles holding pages (relative to it, in
    order), which the search page merges; replaced whole, so a reader never sees half of it."""
    listed = {"shards": count, "bundles": [f"{shard}/" for shard in sorted(held)]}
    temporary = folder / f".{SHARD_LIST}.tmp"
    temporary.write_text(json.dumps(listed) + "\n", encoding="utf-8")
    os.replace(temporary, folder / SHARD_LIST)


def _staging(out: Path) -> Path:
    """A new folder beside the site in `out` (never in it, where it would be published)."""
    return Path(tempfile.mkdtemp(prefix=f".{out.name}.search-", dir=out.parent))


def _remove_leftovers(out: Path) -> None:
    """Remove what an index stopped halfway left: its folders beside `out`, and those that
    earlier versions of ties made inside it (`.pagefind-new-*`, `pagefind/.<n>-new-*`)."""
    leftovers = [*out.parent.glob(f".{out.name}.search-*"), *out.glob(f".{FOLDER}-*"), *(out / FOLDER).glob(".*")]
    for leftover in leftovers:
        if leftover.is_dir() and not leftover.is_symlink():
            shutil.rmtree(leftover, ignore_errors=True)
        else:
            leftover.unlink(missing_ok=True)


def _swap(new: Path, target: Path, out: Path) -> None:
    """Put `new` in the place of `target` (in the site in `out`), leaving the old index in place
    until the last moment."""
    if target.exists():
        old = _staging(out)
        os.replace(target, old / "old")
        os.replace(new, target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(new, target)
