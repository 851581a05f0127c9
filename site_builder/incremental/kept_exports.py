"""Exports joined from the pieces of the last one: a build after one edit makes the one row,
card or object that changed, and takes every other piece from the export the output folder
already holds.

Each export is parts (exports/pieces.py): fixed text, and pieces each made from its arguments
alone. For the file it makes, a build keeps in the cache folder a digest of each piece's
arguments (as the output cache digests keys) with where the piece lies in the file, and a
digest of the whole file. The next build takes a piece from the file in the output folder when
its arguments have a digest kept for it, and only if that file is still, byte for byte, the one
kept for (a file changed, replaced, encrypted or never written is not used): the export is
then the bytes the plain `text_of` gives.

The watcher, which keeps its model in memory, keeps the pieces in memory too (`remembered`): a
piece is taken from the last export made in this process when its arguments are equal to the
ones it was made from, as its key is compared before each reload.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path
from typing import Callable, Sequence

from ..exports.pieces import Parts, text_of
from .cache import SUFFIX, load_data, save_data

# (makers, the file's digest, its size, each piece's digest, where each lies (offset, size), how
# many pieces each run of them has)
_KEPT = tuple[str, bytes, int, bytes, list[int], list[int]]
DIGEST_SIZE = 16  # of a piece's digest and the file's


def plain(inputs: object, parts: Callable[[], Parts]) -> tuple[object, Callable[[], bytes]]:
    """An export's key, the `inputs` its parts are made from, and what makes its bytes: the
    parts, every piece made."""
    return inputs, lambda: text_of(parts()).encode("utf-8")


def remembered(inputs: object, parts: Callable[[], Parts], last: list) -> tuple[object, Callable[[], bytes]]:
    """`plain`, but each piece made from arguments equal to those of a piece of the export made
    last in this process (`last`: for each run of pieces, its function, arguments and texts;
    brought up to date when the bytes are made) is taken from it. A piece is looked for at the
    same place in its run, else by its first argument (the same record, kept in the model)."""
    return inputs, lambda: _made_again(parts(), last)


def _made_again(parts: Parts, last: list) -> bytes:
    made, runs = [], []
    for part in parts:
        if isinstance(part, str):
            made.append(part)
            continue
        function, before, texts = last[len(runs)] if len(runs) < len(last) else (None, [], [])
        if function is not part.function:
            before, texts = [], []
        each, now, where = list(part.each), [], None
        for number, arguments in enumerate(each):
            if number < len(before) and before[number] == arguments:  # (most pieces: where they were)
                now.append(texts[number])
                continue
            if where is None:  # (`before` holds each record it was made from: no other object can have its id.)
                where = {id(made_from[0]): place for place, made_from in enumerate(before) if made_from}
            at = where.get(id(arguments[0])) if arguments else None
            now.append(texts[at] if at is not None and before[at] == arguments else part.function(*arguments))
        runs.append((part.function, each, now))
        made.append(part.between.join(now))
    last[:] = runs
    return "".join(made).encode("utf-8")


def joined(parts: Parts, digest_each: Callable[[Sequence], list[bytes | None]], folder: Path, out: Path,
           path: str, makers: str) -> tuple[object, Callable[[], bytes]]:
    """An export's key and what makes its bytes, taking from the file at `path` in `out` each
    piece whose arguments have a digest (`digest_each` of a run of them) kept for it. The key
    is a digest of the fixed text and of each piece's arguments (None, "always make", if one
    cannot be digested)."""
    whole = hashlib.blake2b(digest_size=DIGEST_SIZE)
    digests = []  # for each run of pieces, each one's digest
    for part in parts:
        if isinstance(part, str):
            whole.update(b"T%d:%s" % (len(part), part.encode("utf-8", "surrogatepass")))
            continue
        digests.append(these := digest_each(part.each))
        between = part.between.encode("utf-8", "surrogatepass")
        whole.update(b"P%s:%d:%s%d:" % (part.function.__qualname__.encode(), len(between), between, len(these)))
        whole.update(b"".join(piece or bytes(DIGEST_SIZE) for piece in these))
    key = None if any(None in these for these in digests) else whole.digest()
    index = folder / "exports" / f"{hashlib.blake2b(f'{out}|{path}'.encode(), digest_size=8).hexdigest()}{SUFFIX}"
    return key, lambda: _made(parts, digests, index, out / path, makers)


def _made(parts: Parts, digests: list[list[bytes | None]], index: Path, file: Path, makers: str) -> bytes:
    """The export's bytes, each piece taken from the kept file where its digest is kept for its
    run; then keep what the next build needs to do the same with them."""
    old, runs = _kept(index, file, makers)
    made, kept_digests, kept_spans, counts, at = [], [], [], [], 0
    for part in parts:
        if isinstance(part, str):
            made.append(data := part.encode("utf-8"))
            at += len(data)
            continue
        spans = runs[len(counts)] if len(counts) < len(runs) else {}
        between, kept = part.between.encode("utf-8"), 0
        for number, (arguments, piece) in enumerate(zip(part.each, digests[len(counts)])):
            if number:
                made.append(between)
                at += len(between)
            span = spans.get(piece) if piece is not None else None
            data = old[span[0]:span[0] + span[1]] if span else part.function(*arguments).encode("utf-8")
            made.append(data)
            if piece is not None:
                kept_digests.append(piece)
                kept_spans += (at, len(data))
                kept += 1
            at += len(data)
        counts.append(kept)
    data = b"".join(made)
    save_data(index, (makers, hashlib.blake2b(data, digest_size=DIGEST_SIZE).digest(), len(data),
                      b"".join(kept_digests), kept_spans, counts))
    return data


def _kept(index: Path, file: Path, makers: str) -> tuple[bytes, list[dict[bytes, tuple[int, int]]]]:
    """The bytes of the export file as the last build kept it, and for each run of its pieces
    where each lies, by its digest: nothing unless the file is exactly the one kept for, by the
    same code."""
    kept = load_data(index, None, _KEPT)
    if kept is None or kept[0] != makers:
        return b"", []
    _, whole, size, digests, spans, counts = kept
    if (len(digests) != DIGEST_SIZE * sum(counts) or len(spans) != 2 * sum(counts) or min(counts, default=0) < 0
            or not all(0 <= at and 0 <= length and at + length <= size for at, length in zip(spans[::2], spans[1::2]))):
        return b"", []
    data = _read(file, size)
    if data is None or hashlib.blake2b(data, digest_size=DIGEST_SIZE).digest() != whole:
        return b"", []
    runs, number = [], 0
    for count in counts:
        runs.append({digests[DIGEST_SIZE * piece:DIGEST_SIZE * (piece + 1)]: (spans[2 * piece], spans[2 * piece + 1])
                     for piece in range(number, number + count)})
        number += count
    return data, runs


def _read(file: Path, size: int) -> bytes | None:
    """The bytes of `file` if it is a regular file of `size` bytes (never waiting on a FIFO, nor
    following a link), else None."""
    try:
        handle = os.open(file, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        status = os.fstat(handle)
        if not stat.S_ISREG(status.st_mode) or status.st_size != size:
            return None
        with os.fdopen(handle, "rb", closefd=False) as reading:
            return reading.read(size + 1)
    except OSError:
        return None
    finally:
        os.close(handle)
