"""What is kept between runs of `ties`, so that a new run redoes only what changed: the
parsed content files, the HTML of notes already converted from Markdown, and what each output
file was made from.

The cache lives in the user's cache folder (`~/.cache/weakties/`) or in `TIES_CACHE_DIR`;
deleting it is always safe. A cache that cannot be read or written only makes a run slower.
Each file in it is data with a checksum (`cache_format`): reading one never runs code, and a
damaged or foreign one reads as missing.
"""

from __future__ import annotations

import copyreg
import functools
import hashlib
import io
import operator
import os
import pickle  # only to digest keys (`key_digester`): nothing kept is ever unpickled
import tempfile
import weakref
from collections.abc import MutableMapping
from contextlib import contextmanager
from pathlib import Path
from typing import Callable

try:
    import fcntl
except ImportError:  # not on Windows: there, runs are not kept from writing one folder at once
    fcntl = None

from .. import __version__
from ..network.model import FollowUp, Interview, Person, Referral
from ..parallel import parallel_map
from . import cache_format

SUFFIX = ".data"  # of every cache file: `cache_format`, never pickle
_LEGACY_SUFFIX = ".pickle"  # of the files earlier versions kept in the same places (pickle)
_FORMAT = 4  # bumped when what is kept changes shape, or markup.py renders notes differently


def cache_folder(root: Path) -> Path:
    """The cache of the network in `root`: a folder of its own in `TIES_CACHE_DIR`, else in the
    user's cache folder (never in the root: ties writes nothing among your files)."""
    if os.environ.get("TIES_CACHE_DIR"):
        base = Path(os.environ["TIES_CACHE_DIR"])
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "weakties"
    return base / hashlib.blake2b(str(Path(root).resolve()).encode(), digest_size=8).hexdigest()


@contextmanager
def held(root: Path, name: str, waiting: Callable[[], None] | None = None):
    """Hold the lock `name` (say, an output folder's path), waiting while another run of ties
    holds it (after calling `waiting`, if given): two runs writing one output folder at once
    would mix their files. Without a cache folder to keep it in, go on unlocked."""
    path = cache_folder(root).parent / "locks" / f"{hashlib.blake2b(name.encode(), digest_size=8).hexdigest()}.lock"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        handle = None
    try:
        if handle is not None and fcntl:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if waiting:
                    waiting()
                fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        if handle is not None:
            os.close(handle)  # which lets the lock go


class NotesCache:
    """Note HTML by a digest of the note and where its links lead. Kept in shards, read as
    needed: a build that converts two notes reads two small files, not every note's HTML."""

    def __init__(self, folder: Path | None = None):
        self._html = PersistentDict(folder, "notes")
        self._used: set[bytes] = set()

    @staticmethod
    def key(body: str, links: list) -> bytes:
        return hashlib.blake2b(repr((body, links)).encode("utf-8", "surrogatepass"), digest_size=20).digest()

    def __contains__(self, key: bytes) -> bool:
        return self._html.get(key) is not None

    def get(self, key: bytes) -> str:
        self._used.add(key)
        return self._html[key]

    def add(self, key: bytes, html: str) -> None:
        self._html[key] = html

    def save(self, prune: bool = False) -> None:
        """Write what changed; `prune` (after a whole build) first forgets the notes that build
        did not use, so the cache does not grow without end."""
        if prune:
            for key in self._html.keys() - self._used:
                del self._html[key]
        self._used = set()
        self._html.save()


@functools.cache
def _code() -> str:
    """What made the cache: this version of the format and of ties, and its code files as they
    are (a changed parser or model must not meet what an earlier one kept)."""
    files = sorted(Path(__file__).resolve().parents[1].rglob("*.py"))  # all of site_builder
    stamps = [(path.name, path.stat().st_size, path.stat().st_mtime_ns) for path in files]
    return f"{_FORMAT}-{__version__}-{hashlib.blake2b(repr(stamps).encode(), digest_size=16).hexdigest()}"


def save_data(path: Path, value) -> None:
    """Keep `value` in `path` (readers see the old file or the new one, never half). A value the
    format cannot hold is not kept: the file is removed, so that no older value stands for it."""
    _write(path, _encoded(value))


def _encoded(value) -> bytes | None:
    try:
        return cache_format.dumps(value, _code())
    except cache_format.Unkeepable:
        return None


def _write(path: Path, data: bytes | None) -> None:
    try:
        if data is None:
            path.unlink(missing_ok=True)
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, delete=False) as file:
            file.write(data)
        os.replace(file.name, path)
        path.with_suffix(_LEGACY_SUFFIX).unlink(missing_ok=True)  # what it replaces, never read again
    except OSError:
        pass  # a cache that cannot be written only makes the next run slower


def load_data(path: Path, default, shape=object):
    """The value `save_data` kept in `path`, or `default` if there is none, or the file is
    damaged, cut short or was not written by this code, or its value is not of the type `shape`."""
    try:
        value = cache_format.loads(path.read_bytes(), _code())
    except (OSError, cache_format.Foreign):
        return default
    return value if cache_format.fits(value, shape) else default


class PersistentDict(MutableMapping):
    """A dict kept in the cache folder as `SHARDS` files, split by a hash of the key, so that
    saving it after a small change writes a few small files rather than all of it, and looking
    up a few keys reads a few files. `save` writes the shards that changed. With no folder it
    is a plain dict."""

    SHARDS = 64

    def __init__(self, folder: Path | None, name: str):
        self.folder = folder / name if folder is not None else None
        self._shards: list[dict | None] = [None] * self.SHARDS  # None: not read yet
        self._items: dict | None = None  # every item, once every shard is read: quicker to look up
        self._changed: set[int] = set()

    def _number(self, key) -> int:
        data = key if isinstance(key, bytes) else str(key).encode("utf-8", "surrogatepass")
        return hashlib.blake2b(data, digest_size=2).digest()[0] % self.SHARDS

    def _shard(self, number: int) -> dict:
        shard = self._shards[number]
        if shard is None:
            shard = self._shards[number] = load_data(self._path(number), {}, dict) if self.folder is not None else {}
        return shard

    @property
    def _all(self) -> dict:
        if self._items is None:
            self._items = {key: value for number in range(self.SHARDS) for key, value in self._shard(number).items()}
        return self._items

    def __getitem__(self, key):
        if self._items is not None:
            return self._items[key]
        return self._shard(self._number(key))[key]

    def get(self, key, default=None):
        if self._items is not None:
            return self._items.get(key, default)
        return self._shard(self._number(key)).get(key, default)

    def __setitem__(self, key, value) -> None:
        number = self._number(key)
        self._shard(number)[key] = value
        if self._items is not None:
            self._items[key] = value
        self._changed.add(number)

    def __delitem__(self, key) -> None:
        number = self._number(key)
        del self._shard(number)[key]
        if self._items is not None:
            del self._items[key]
        self._changed.add(number)

    def __iter__(self):
        return iter(self._all)

    def __len__(self) -> int:
        return len(self._all)

    def _path(self, number: int) -> Path:
        return self.folder / f"{number:02d}{SUFFIX}"

    def save(self) -> None:
        save_together([self])

    def _encoded_shard(self, number: int) -> bytes | None:
        shard = self._shards[number]
        data = _encoded(shard)
        if data is None:  # an item the format cannot hold: keep the others (it is made again when needed)
            data = _encoded({key: value for key, value in shard.items() if _encoded((key, value))})
        return data

    def _saved(self, written: list[tuple[int, bytes | None]]) -> None:
        """The changed shards `written` (none without a folder), as (number, their file's bytes)."""
        for number, data in written:
            _write(self._path(number), data)
        if written:
            for legacy in self.folder.glob(f"*{_LEGACY_SUFFIX}"):  # shards this version never reads
                legacy.unlink(missing_ok=True)
        self._changed = set()

    def release(self) -> None:
        """Let go of the items held in memory once they are saved: they are read again from the
        cache folder if asked for. (Without a folder, nothing is let go.)"""
        if self.folder is not None and not self._changed:
            self._shards, self._items = [None] * self.SHARDS, None


MANY_SHARDS = 24  # to encode at once (a first run's, every shard of a few dicts): worth every core


def save_together(dicts: list[PersistentDict]) -> None:
    """`save` each of `dicts`, in order. The shards that changed are encoded on every core when
    there are many (a first run changes every shard of each dict), each in one process."""
    jobs = [(kept, number) for kept in dicts if kept.folder is not None for number in sorted(kept._changed)]
    written: dict[int, list[tuple[int, bytes | None]]] = {id(kept): [] for kept in dicts}
    for (kept, number), data in zip(jobs, parallel_map(_encoded_shard, jobs, smallest=MANY_SHARDS)):
        written[id(kept)].append((number, data))
    for kept in dicts:
        kept._saved(written[id(kept)])


def _encoded_shard(job: tuple[PersistentDict, int]) -> bytes | None:
    kept, number = job
    return kept._encoded_shard(number)


def key_digester(front_matter_digest: Callable[[str], bytes | None],
                 kept: dict[int, tuple] | None = None) -> Callable[[object], bytes | None]:
    """A function giving a digest of an output file's key, equal across runs for equal keys (None
    when the key cannot be digested), for use during one build; its `each` digests many keys.

    A person or interview stands in it for what its equality depends on: its front matter (as
    a digest), the tasks and links of its notes and (for an interview) whom it resolves to, on
    the day in the key. Pickling every record of every key whole would cost more than the pages
    it saves; each record's stand-in is made once per build, and so is each follow-up's and
    referral's (many keys share them). Given the stand-ins `kept` by the digesters before it
    (`stand_ins`), one is made again only for a record new since, or whose front matter changed."""
    made: dict[int, tuple[object, bytes]] = {}  # id -> (record, its stand-in); records outlive the build
    kept = {} if kept is None else kept

    def stand_in(record, made_from) -> tuple:
        known = made.get(id(record))
        if known is None or known[0] is not record:
            of = made_from(record)
            before = kept.get(id(record))
            if before is not None and before[0]() is record and before[1] == of:
                token = before[2]
            else:
                token = hashlib.blake2b(_pickled(of), digest_size=16).digest()
                kept[id(record)] = (weakref.ref(record, functools.partial(_forget, kept, id(record))), of, token)
            made[id(record)] = known = (record, token)
        return _record, (known[1],)

    def person(record: Person) -> tuple:
        return (record.file, front_matter_digest(record.file), record.body_line, record.tasks, record.wiki_links)

    def interview(record: Interview) -> tuple:
        return (record.file, front_matter_digest(record.file), record.person, record.body_line, record.tasks,
                record.wiki_links, record.written_up)

    table = copyreg.dispatch_table.copy()
    table[Person] = lambda record: stand_in(record, person)
    table[Interview] = lambda record: stand_in(record, interview)
    # A follow-up or a referral is a few short values: pickled as a plain tuple of them, at C speed.
    follow_up, referral = (operator.attrgetter("__class__.__name__", *kind.__dataclass_fields__)
                           for kind in (FollowUp, Referral))
    table[FollowUp] = lambda item: (_record, follow_up(item))
    table[Referral] = lambda edge: (_record, referral(edge))

    def digest(key: object) -> bytes | None:
        try:
            return hashlib.blake2b(_pickled(key, table), digest_size=16).digest()
        except (pickle.PicklingError, TypeError, AttributeError):
            return None

    def each(keys) -> list[bytes | None]:
        """`digest` of each of `keys`, by one pickler: most pieces of an export are made from a
        few short values, quicker to pickle than a pickler is to make. (Without a memo, each
        key pickles to the bytes it does alone.)"""
        buffer = io.BytesIO()
        pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
        pickler.dispatch_table, pickler.fast = table, True
        digests = []
        for key in keys:
            buffer.seek(0)
            buffer.truncate()
            try:
                pickler.dump(key)
            except (pickle.PicklingError, TypeError, AttributeError):
                digests.append(None)
                continue
            digests.append(hashlib.blake2b(buffer.getvalue(), digest_size=16).digest())
        return digests

    digest.each = each
    return digest


def _forget(kept: dict[int, tuple], number: int, _) -> None:
    """A record has gone (no build holds it any more): its stand-in goes with it. (No other object
    can have its id before: a weak reference's callback runs as its object is let go of.)"""
    kept.pop(number, None)


def _pickled(value, dispatch_table=None) -> memoryview:
    """`value` pickled without a memo: equal values must give equal bytes, whichever objects
    they share (a record read from the cache shares none of the strings a parsed one does)."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    if dispatch_table is not None:
        pickler.dispatch_table = dispatch_table
    pickler.fast = True
    pickler.dump(value)
    return buffer.getbuffer()


def _record(*made_from):
    """Stands for a record in a digested key (keys are digested, never unpickled)."""
