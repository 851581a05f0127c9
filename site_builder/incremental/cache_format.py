"""The format of every file ties keeps in its cache folder: data that cannot run code when read,
with a checksum.

The cache folder may come from elsewhere (the Pages workflow restores it from the Actions
cache), and reading a pickle runs whatever code the file names: so the cache is JSON, which
reads back as plain values only. A small tagged encoding adds what JSON lacks: every JSON
object in a file is one tag and its body, `{"t": [...]}` for a tuple, say, or
`{"Person": [...]}` for a record, built from its fields (given in order, to keep files small and
quick to read) and only for the classes of `_allowed_classes`. A tag not known, a body of the
wrong shape or a field of the wrong type means the file was not written by this code: it reads
as foreign.

A file is one header line, naming the code that wrote it and holding a digest of the rest, and
the JSON. A file damaged, cut short, written by other code or not written by ties at all is
`Foreign`, which its reader treats as no file: what it held is made again.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
import operator
import types
import typing
from dataclasses import fields
from datetime import date, datetime

_MAGIC = b"ties-cache"
_PLAIN = {str, int, float, bool, type(None)}  # what JSON holds as it is


class Foreign(ValueError):
    """The bytes are not a cache file this code wrote, or are damaged."""


class Unkeepable(ValueError):
    """The value holds something the format has no tag for (a YAML type not foreseen, say)."""


def dumps(value, made_by: str) -> bytes:
    """`value` as a cache file's bytes; `made_by` names the code writing it (a reader with other
    code reads the file as foreign). Raises `Unkeepable`."""
    try:
        # ASCII, with any other character escaped: quicker to write, and a lone surrogate (YAML
        # reads "\ud800" as one) is kept as it is.
        payload = json.dumps(_plain(value), separators=(",", ":"), check_circular=False).encode("ascii")
    except (RecursionError, ValueError) as error:  # a value holding itself (a YAML alias can), or too deep
        raise Unkeepable(str(error)) from None
    return b"%s %s %s\n%s" % (_MAGIC, made_by.encode(), _checksum(payload), payload)


def loads(data: bytes, made_by: str):
    """The value a cache file's bytes hold. Raises `Foreign` unless they are whole, undamaged and
    written by the code `made_by` names."""
    header, _, payload = data.partition(b"\n")
    maker = b"%s %s " % (_MAGIC, made_by.encode())
    if not header.startswith(maker) or header[len(maker):] != _checksum(payload):
        raise Foreign("not a cache file of this code, or damaged")
    _allowed_classes()
    try:
        return json.loads(payload, object_pairs_hook=_revive)
    except (ValueError, TypeError, KeyError, RecursionError) as error:  # (json's own errors are ValueErrors)
        raise Foreign(str(error)) from None


def fits(value, hint) -> bool:
    """Whether `value` (as read) has the type `hint`, items and all: say, `dict[str, bytes | None]`."""
    return _fits(hint)(value)


def _checksum(payload: bytes) -> bytes:
    return hashlib.blake2b(payload, digest_size=16).hexdigest().encode()


def _plain(value):
    """`value` as JSON's plain values, tagged where JSON has no type of its own."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is list:
        return _items(value)
    if kind is tuple:
        return {"t": _items(value)}
    if kind is dict:
        return {"d": [(key if type(key) in _PLAIN else _plain(key), item if type(item) in _PLAIN else _plain(item))
                      for key, item in value.items()]}
    if kind is bytes:
        return {"b": value.hex()}
    if kind is date:
        return {"D": value.isoformat()}
    if kind is datetime:  # with or without its time zone: YAML gives both
        return {"T": value.isoformat()}
    if kind is set or kind is frozenset:
        return {"s" if kind is set else "f": _items(value)}
    record = _allowed_classes().get(kind.__name__)
    if record is None or record.kind is not kind:
        raise Unkeepable(f"no tag for {kind.__name__}")
    return {kind.__name__: record.plain(value)}


def _items(values) -> list:
    # (Text and numbers, most items, are not handed to `_plain`: a cache holds millions.)
    return [item if type(item) in _PLAIN else _plain(item) for item in values]


def _revive(pairs: list):
    """The value one JSON object stands for (json calls this on the innermost first, with the
    object's pairs: quicker than with a dict, which it then need not make)."""
    (tag, body), = pairs  # more than one key: not ours (a ValueError)
    return _REVIVERS[tag](body)


def _reading(kind: type, make: typing.Callable) -> typing.Callable:
    """What reads a tag's body, a `kind` to `make` a value from."""
    def read(body):
        if type(body) is not kind:
            raise Foreign(f"expected a {kind.__name__}")
        return make(body)  # (for a dict, a pair that is not two items or a list as a key: a Value- or TypeError)
    return read


# tag -> what reads its body; the allowed classes' are added on first use (`_allowed_classes`)
_REVIVERS = {"t": _reading(list, tuple), "d": _reading(list, dict), "b": _reading(str, bytes.fromhex),
             "D": _reading(str, date.fromisoformat), "T": _reading(str, datetime.fromisoformat),
             "s": _reading(list, set), "f": _reading(list, frozenset)}


class _Record:
    """How one allowed class is kept: its fields' values in order, each checked on reading
    against the field's type. A field whose type says it is a tuple, a dict, a date or bytes
    is kept untagged (as a list, a list of pairs or text): the type tells how to read it back,
    and a file has a fraction of the tags to read (most of a record's values are such fields)."""

    def __init__(self, kind: type):
        self.kind = kind
        self.names = tuple(field.name for field in fields(kind))
        hints = typing.get_type_hints(kind)
        self.values = operator.attrgetter(*self.names)
        self.writers = tuple(_writer(hints[name]) for name in self.names)
        # (index, what reads the field, what an empty list reads as): each reader checks the items
        self.readers = tuple((index, reader, _empty(hints[name])) for index, name in enumerate(self.names)
                             if (reader := _reader(hints[name])) is not None)
        self.outer = tuple(_outer_types(hints[name]) for name in self.names)  # what isinstance checks at once
        read = {index for index, _, _ in self.readers}
        self.inner = tuple((index, _fits(hints[name])) for index, name in enumerate(self.names)
                           if _has_items(hints[name]) and index not in read)

    def plain(self, record) -> list:
        # (A field kept by `_plain` holding text or a number, most of them, is kept without a call:
        # a cache holds a million such values.)
        return [value if write is _plain and type(value) in _PLAIN else write(value)
                for write, value in zip(self.writers, self.values(record))]

    def revive(self, body):
        if type(body) is not list or len(body) != len(self.names):
            raise Foreign(f"not the fields of {self.kind.__name__}")
        for index, read, empty in self.readers:
            value = body[index]
            if value:
                body[index] = read(value)
            elif type(value) is list:  # (most tuples kept are empty: no call for them)
                body[index] = empty
        if not all(map(isinstance, body, self.outer)):
            raise Foreign(f"not the fields of {self.kind.__name__}")
        for index, fits in self.inner:
            if body[index] and not fits(body[index]):
                raise Foreign(f"{self.kind.__name__}.{self.names[index]} does not fit")
        return self.kind(*body)


def _writer(hint) -> typing.Callable:
    """How a field of type `hint` is kept: untagged where the type tells how to read it back,
    and handed to json as it is where its items are values JSON reads back as they were."""
    outer, arguments = _outer_types(hint), typing.get_args(hint)
    if outer == (tuple,) and arguments[-1:] == (Ellipsis,):
        items_are_json = _all_json(arguments[0])
        return lambda value: (value if not _of_type(value, tuple) or items_are_json(value)  # (json writes a tuple as a list)
                              else _items(value))
    if outer == (tuple,):
        return lambda value: _items(_of_type(value, tuple))
    if outer == (dict,) and arguments:
        keys_are_json, values_are_json = (_all_json(argument) for argument in arguments)
        # (an empty dict, as most of a document's are, is an empty list without a test)
        return lambda value: ([] if not _of_type(value, dict)
                              else [*value.items()] if keys_are_json(value.keys()) and values_are_json(value.values())
                              else [_items(pair) for pair in value.items()])
    if str not in outer and date in outer:
        return lambda value: value.isoformat() if type(value) is date else _plain(value)
    if str not in outer and bytes in outer:
        return lambda value: value.hex() if type(value) is bytes else _plain(value)
    return _plain


def _all_json(hint) -> typing.Callable[[typing.Iterable], bool]:
    """A test of whether every item of a collection is a value JSON reads back as it was, by
    the type `hint` ("str", "int | None", "list[int]"), which says what they may be."""
    kinds = set(_outer_types(hint))
    if kinds <= _PLAIN:
        return lambda items: {*map(type, items)} <= kinds
    if typing.get_origin(hint) is list:
        inner = _all_json(typing.get_args(hint)[0])
        return lambda items: all(type(item) is list and inner(item) for item in items)
    return lambda items: not items


def _of_type(value, kind: type):
    if type(value) is not kind:  # it would read back as a `kind`: unequal to what was kept
        raise Unkeepable(f"a {type(value).__name__} where a {kind.__name__} belongs")
    return value


def _reader(hint) -> typing.Callable | None:
    """How a field of type `hint`, kept by `_writer`, is read back and checked, items and all
    (None: as JSON reads it)."""
    outer, arguments = _outer_types(hint), typing.get_args(hint)
    if outer == (tuple,):
        items_fit = _all_fit(arguments[0]) if arguments[-1:] == (Ellipsis,) else _fits(hint)
        return lambda value: _checked(tuple(value), items_fit) if type(value) is list else value
    if outer == (dict,) and arguments:
        fits = _fits(hint)
        return lambda value: _checked(dict(value), fits) if type(value) is list else value  # (a bad pair: a ValueError)
    if str not in outer and date in outer:
        return lambda value: date.fromisoformat(value) if type(value) is str else value
    if str not in outer and bytes in outer:
        return lambda value: bytes.fromhex(value) if type(value) is str else value
    return None


def _checked(value, fits: typing.Callable[[object], bool]):
    if not fits(value):
        raise Foreign("a field does not fit")
    return value


def _empty(hint):
    """What a field of type `hint` kept as an empty list reads as."""
    return {} if _outer_types(hint) == (dict,) else ()


@functools.cache
def _allowed_classes() -> dict[str, _Record]:
    """The project's classes the cache holds, by name: nothing else is ever built from a file.
    (Found on first use, as documents.py itself uses the cache.)"""
    from ..config import Config
    from ..content.documents import Document
    from ..diagnostics import Diagnostic
    from ..network.model import Interview, Person, Reference, Task, WikiLink
    records = {kind.__name__: _Record(kind) for kind in (Config, Diagnostic, Document, Interview, Person, Reference,
                                                          Task, WikiLink)}
    _REVIVERS.update((name, record.revive) for name, record in records.items())
    return records


def _members(hint) -> tuple:
    """The types of a union (`str | None`), or the one type."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return typing.get_args(hint)
    return (hint,)


def _outer_types(hint) -> tuple[type, ...]:
    return tuple(typing.get_origin(member) or member for member in _members(hint))


def _has_items(hint) -> bool:
    return any(typing.get_args(member) for member in _members(hint))


@functools.cache
def _fits(hint) -> typing.Callable[[object], bool]:
    """A test of whether a value read has the type `hint` (a field's annotation), items and all.
    (Items of plain types are checked at C speed: a shard has thousands.)"""
    members = _members(hint)
    if not _has_items(hint):
        kinds = _outer_types(hint)
        return lambda value: isinstance(value, kinds)
    if len(members) > 1:
        tests = [_fits(member) for member in members]
        return lambda value: any(test(value) for test in tests)
    origin, arguments = typing.get_origin(hint), typing.get_args(hint)
    if origin is tuple and arguments[-1:] != (Ellipsis,):
        tests = [_fits(argument) for argument in arguments]
        return lambda value: (isinstance(value, tuple) and len(value) == len(tests)
                              and all(test(item) for test, item in zip(tests, value)))
    if origin is dict:
        keys_fit, values_fit = (_all_fit(argument) for argument in arguments)
        return lambda value: isinstance(value, dict) and keys_fit(value.keys()) and values_fit(value.values())
    items_fit = _all_fit(arguments[0])  # tuple[X, ...] or list[X]
    return lambda value: isinstance(value, origin) and items_fit(value)


def _all_fit(hint) -> typing.Callable[[typing.Iterable], bool]:
    """A test of whether every item of a collection has the type `hint`."""
    if not _has_items(hint):
        kinds = _outer_types(hint)
        return lambda items: all(map(isinstance, items, itertools.repeat(kinds)))
    fits = _fits(hint)
    return lambda items: all(map(fits, items))
