"""Knowing when a build would change nothing: a digest of everything a build reads.

The digest covers every content file's path, size, modification time and inode, the theme's
files, the configuration, the day and the publishing mode. A file changed in the last two
seconds makes the digest unknown (its next change could keep the same size and time), so the
site is built. The last build's digest and warnings are kept in the cache folder, never in the
output, which may be published.
"""

from __future__ import annotations

import hashlib
import os
import stat
import time
from datetime import date
from pathlib import Path

from .. import __version__
from ..config import CONFIG_FILE
from ..checked import Report
from ..content.documents import CONTENT_FOLDERS, find_content
from ..diagnostics import Diagnostic
from ..output.folder import finished_mark
from .cache import SUFFIX, cache_folder, load_data, save_data
from .cache_format import fits

RACY_NANOSECONDS = 2_000_000_000
_RECORD = f"builds{SUFFIX}"
_CHECK_RECORD = f"checks{SUFFIX}"


def inputs_digest(root: Path, out: Path, today: date, mode: str, theme_folders: list[Path],
                  stamps: list[tuple[str, str, os.stat_result | OSError]] | None = None) -> str | None:
    """A digest of everything a build into `out` reads, from the `stamps` of the content files
    and the configuration (`stamps`, taken now if not given)."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(repr((__version__, today.isoformat(), str(out.resolve()), mode)).encode())
    top, stamps = os.fspath(Path(root)), content_stamps(root) if stamps is None else stamps
    content = [(f"{top}/{path}", status) for path, _, status in stamps]  # (a Path each: 0.1 s at 30,000)
    return _add_files(digest, [*content, *((path, _stat(path)) for path in _theme_files(theme_folders))])


def content_stamps(root: Path) -> list[tuple[str, str, os.stat_result | OSError]]:
    """Each content file (`find_content`) and the configuration file as (path from the root,
    kind, its `os.stat`, or the error it raised): what the digests of a build's and a check's
    inputs are made of, taken once for both."""
    top = os.fspath(root)
    return [(path, kind, _stat(os.path.join(top, path)))
            for path, kind in [*find_content(Path(root)), (CONFIG_FILE, "configuration")]]


def _stat(path) -> os.stat_result | OSError:
    try:
        return os.stat(path)
    except OSError as error:
        return error


def makers_digest(theme_folders: list[Path]) -> str:
    """A digest of what turns the model into output: the theme's files and this package's code
    (a kept page is only as good as the templates and code that made it). Made of their names and
    bytes, not where they are: the same in every checkout, it goes into the site's mark too."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(__version__.encode())
    package = Path(__file__).resolve().parents[1]  # all of site_builder
    folders = [*theme_folders, package]
    for number, folder in enumerate(folders):
        files = sorted(folder.rglob("*.py")) if folder == package else _theme_files([folder])
        for path in files:
            try:
                data = path.read_bytes()
                digest.update(f"{number}\0{path.relative_to(folder).as_posix()}\0{len(data)}\0".encode() + data)
            except OSError:
                digest.update(f"{number}\0{path}\0missing\n".encode())
    return digest.hexdigest()


def _theme_files(theme_folders: list[Path]) -> list[Path]:
    return [path for folder in theme_folders for path in sorted(folder.rglob("*")) if path.is_file()]


def _add_files(digest, stamped: list[tuple[Path | str, os.stat_result | OSError]]) -> str | None:
    """The digest once each file's path, size, time and inode (`stamped`, as `_stat` gives
    them) is added; None if a file changed too recently for those to tell."""
    now = time.time_ns()
    for path, status in stamped:
        if isinstance(status, OSError):
            digest.update(f"{path}\0missing\n".encode())
            continue
        if now - status.st_mtime_ns < RACY_NANOSECONDS:
            return None
        digest.update(f"{path}\0{status.st_size}\0{status.st_mtime_ns}\0{status.st_ino}\n".encode())
    return digest.hexdigest()


def as_built(inputs: str, mark: str) -> str:
    """What `remember` keeps of a build that read `inputs` and gave its folder `mark`."""
    return f"{inputs} {mark}"


def last_build(root: Path, out: Path, inputs: str | None) -> dict | None:
    """The record of the last build into `out`, if it read exactly `inputs` and the folder still
    holds its site, complete (not one another run made since, nor one a stopped run left halfway)."""
    mark = finished_mark(out)
    if inputs is None or mark is None:
        return None
    record = _records(root).get(str(out.resolve()))
    if not record or record.get("inputs") != as_built(inputs, mark):
        return None
    return {"files": record["files"], "counts": tuple(record["counts"]),
            "diagnostics": [Diagnostic(**d) for d in record["diagnostics"]]}


def remember(root: Path, out: Path, inputs: str, result) -> None:
    records = _records(root)
    network = result.checked.network
    records[str(out.resolve())] = {
        "inputs": inputs, "files": result.files, "counts": [len(network.people), len(network.interviews)],
        "diagnostics": [d.as_dict() for d in result.checked.diagnostics]}
    save_data(cache_folder(root) / _RECORD, records)  # without the record the next build simply runs in full
    (cache_folder(root) / "builds.json").unlink(missing_ok=True)  # an earlier version's, never read again


def _records(root: Path) -> dict[str, dict]:
    """Output folder -> the record of the last build into it, as `remember` wrote it (none if
    the file is damaged or foreign)."""
    records = load_data(cache_folder(root) / _RECORD, {}, dict[str, dict])
    return {out: record for out, record in records.items()
            if record.keys() == _SHAPE.keys() and all(fits(record[key], _SHAPE[key]) for key in _SHAPE)}


_SHAPE = {"inputs": str, "files": int, "counts": list[int],
          "diagnostics": list[dict[str, str | int | None]]}  # each as Diagnostic.as_dict gives it


def check_inputs(root: Path, today: date, stamps: list[tuple[str, str, os.stat_result | OSError]] | None = None
                 ) -> str | None:
    """A digest of everything a check reads: each content file's path, kind, size, time and
    inode, the configuration file's, which content folders there are, where the root is and the
    day (the code is the cache's own: a report kept by other code reads as missing), from their
    `stamps` (`content_stamps`, taken now if not given). None when a file changed in the last
    two seconds (its next change could keep the same size and time), or is not a regular file
    (what a check says of a folder or a FIFO is not in its stamp)."""
    root = Path(root)
    digest = hashlib.blake2b(digest_size=20)
    folders = [folder for folder in CONTENT_FOLDERS if (root / folder).is_dir()]  # see wrong_folder
    digest.update(repr((__version__, today.isoformat(), str(root.resolve()), folders)).encode())
    now = time.time_ns()
    for path, kind, status in stamps if stamps is not None else content_stamps(root):
        if isinstance(status, FileNotFoundError):
            if kind != "configuration":  # gone since it was found
                return None
            digest.update(f"{path}\0missing\n".encode())
            continue
        if isinstance(status, OSError):
            return None
        if not stat.S_ISREG(status.st_mode) or now - status.st_mtime_ns < RACY_NANOSECONDS:
            return None
        digest.update(f"{path}\0{kind}\0{status.st_size}\0{status.st_mtime_ns}\0{status.st_ino}\n".encode())
    return digest.hexdigest()


def last_report(root: Path, inputs: str) -> Report | None:
    """The report of the last check, if it read exactly `inputs` (none if the file is damaged,
    foreign or was kept by other code)."""
    record = load_data(cache_folder(root) / _CHECK_RECORD, None, dict[str, object])
    if not record or record.keys() != _CHECK_SHAPE.keys() or record["inputs"] != inputs:
        return None
    if not all(fits(record[key], _CHECK_SHAPE[key]) for key in _CHECK_SHAPE) or len(record["counts"]) != 2:
        return None
    diagnostics = record["diagnostics"]
    if any(d.keys() != {"severity", "file", "line", "message"} for d in diagnostics):
        return None
    return Report([Diagnostic(**d) for d in diagnostics], *record["counts"])


def remember_report(root: Path, inputs: str, report: Report) -> None:
    """Keep the report of a check that read `inputs`, for the next check to give if they are the same."""
    save_data(cache_folder(root) / _CHECK_RECORD, {
        "inputs": inputs, "counts": [report.people, report.interviews],
        "diagnostics": [d.as_dict() for d in report.diagnostics]})


_CHECK_SHAPE = {"inputs": str, "counts": list[int], "diagnostics": list[dict[str, str | int | None]]}
