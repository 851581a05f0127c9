"""vCard files: read the 2.1, 3.0 and 4.0 cards phones and address books export.

A small dedicated parser rather than `vobject`: vobject 0.9.9 silently cuts a text value at its
first unescaped comma (which Android's 2.1 export never escapes), drops 2.1's bare parameters
(`TEL;CELL`) and does not know 4.0. The parts of the format read here are few: folded lines,
2.1's quoted-printable values with `=` soft line breaks, parameters (bare, `KEY=a,b`, quoted),
`itemN.` groups with Apple's `X-ABLabel`, backslash escapes and `;`-structured values.
"""

from __future__ import annotations

import quopri
import re
from dataclasses import dataclass, field
from pathlib import Path

from .contacts import (
    Contact,
    ContactList,
    RowProblem,
    SourceError,
    one_line,
    read_text,
    sort_addresses,
    unique,
    web_address,
)

PRODID = "-//weakties//ties//EN"
_NAME = re.compile(r"^[A-Za-z0-9-]+$")
_ENCODINGS = {"QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT"}
_BINARY = {"PHOTO", "LOGO", "SOUND", "KEY"}
_APPLE_LABEL = re.compile(r"^_\$!<(.*)>!\$_$")


@dataclass
class _Property:
    name: str
    value: str
    line: int
    group: str | None = None
    params: dict[str, list[str]] = field(default_factory=dict)

    def has(self, param: str, value: str) -> bool:
        return value.lower() in (v.lower() for v in self.params.get(param, ()))


def read_vcards(path: Path) -> ContactList:
    """The contacts in a `.vcf` file. Raises `SourceError` if it cannot be used at all."""
    text, notices = read_text(path)
    found = parse_vcards(text, path.name)
    found.notices[:0] = notices
    return found


def parse_vcards(text: str, name: str = "contacts.vcf") -> ContactList:
    found = ContactList()
    cards = 0
    for number, line, properties, unreadable, problem in _cards(_logical_lines(text)):
        cards += 1
        where = f"card {number} (line {line})"
        if problem:
            found.problems.append(RowProblem(where, problem))
            continue
        try:
            found.contacts.append(_contact(where, properties, tuple(unreadable)))
        except ValueError as error:
            found.problems.append(RowProblem(where, str(error)))
    if not cards:
        raise SourceError(f"{name} holds no vCard (no line BEGIN:VCARD): is it a contacts export?")
    return found


def _logical_lines(text: str) -> list[tuple[int, str]]:
    """(line number, line) with folded lines and quoted-printable soft breaks joined."""
    logical: list[tuple[int, str]] = []
    for number, line in enumerate(re.split(r"\r\n|\r|\n", text), start=1):
        if logical and _soft_break(logical[-1][1]):
            logical[-1] = (logical[-1][0], logical[-1][1][:-1] + line)
        elif logical and line[:1] in (" ", "\t"):
            logical[-1] = (logical[-1][0], logical[-1][1] + line[1:])
        elif line.strip():
            logical.append((number, line))
    return logical


def _soft_break(line: str) -> bool:
    """A quoted-printable value ending in `=` goes on on the next line."""
    head = line.split(":", 1)[0].upper()
    return line.endswith("=") and "QUOTED-PRINTABLE" in head


def _cards(lines: list[tuple[int, str]]):
    """(card number, first line, properties, lines that cannot be read, problem) for each
    BEGIN:VCARD ... END:VCARD. A line that cannot be read is left out of its card alone."""
    number, depth, start, properties, unreadable = 0, 0, 0, [], []
    for line_number, line in lines:
        upper = line.strip().upper()
        if upper == "BEGIN:VCARD":
            if depth == 1 and not _agent_follows(properties):
                # A card never ended: it must not swallow the cards after it as if embedded.
                yield number, start, properties, unreadable, f"no END:VCARD before the next card (line {line_number})"
                depth = 0
            depth += 1
            if depth == 1:
                number, start, properties, unreadable = number + 1, line_number, [], []
            continue
        if upper == "END:VCARD" and depth:
            depth -= 1
            if depth == 0:
                yield number, start, properties, unreadable, None
            continue
        if depth != 1:
            continue  # outside a card, or inside a card embedded in another (2.1's AGENT)
        try:
            properties.append(_property(line, line_number))
        except ValueError as error:
            unreadable.append(str(error))
    if depth:
        yield number, start, properties, unreadable, f"no END:VCARD after line {start}"


def _agent_follows(properties: list[_Property]) -> bool:
    """vCard 2.1 embeds a card as the value of an empty AGENT line just before its BEGIN:VCARD."""
    return bool(properties) and properties[-1].name == "AGENT" and not properties[-1].value.strip()


def _property(line: str, number: int) -> _Property:
    colon = _unquoted_index(line, ":")
    head = line[:colon] if colon is not None else ""
    parts = _split_unquoted(head, ";")
    group, _, name = parts[0].rpartition(".")
    if colon is None or not _NAME.match(name):
        shown = line if len(line) <= 40 else line[:37] + "..."
        raise ValueError(f"line {number}: '{shown}' is not a vCard line (NAME:value)")
    prop = _Property(name.upper(), line[colon + 1:], number, group or None)
    for part in parts[1:]:
        key, equals, values = part.partition("=")
        if not equals:  # vCard 2.1: TEL;CELL, NOTE;QUOTED-PRINTABLE
            key, values = ("ENCODING" if part.strip().upper() in _ENCODINGS else "TYPE"), part
        prop.params.setdefault(key.strip().upper(), []).extend(
            value.strip().strip('"') for value in _split_unquoted(values, ","))
    if prop.has("ENCODING", "QUOTED-PRINTABLE"):
        charset = (prop.params.get("CHARSET") or ["utf-8"])[0]
        try:
            prop.value = quopri.decodestring(prop.value.encode("utf-8")).decode(charset)
        except (LookupError, UnicodeDecodeError):
            raise ValueError(f"line {number}: {prop.name} cannot be decoded as quoted-printable {charset}") from None
    return prop


def _unquoted_index(text: str, wanted: str) -> int | None:
    quoted = False
    for index, char in enumerate(text):
        if char == '"':
            quoted = not quoted
        elif char == wanted and not quoted:
            return index
    return None


def _split_unquoted(text: str, separator: str) -> list[str]:
    parts = []
    while (index := _unquoted_index(text, separator)) is not None:
        parts.append(text[:index])
        text = text[index + 1:]
    return [*parts, text]


def _components(value: str) -> list[str]:
    """A structured value (N, ORG, ADR) split at unescaped `;`, each part unescaped."""
    parts, start, index = [], 0, 0
    while index < len(value):
        if value[index] == "\\":
            index += 1
        elif value[index] == ";":
            parts.append(value[start:index])
            start = index + 1
        index += 1
    return [_unescape(part) for part in [*parts, value[start:]]]


def _unescape(value: str) -> str:
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value).strip()


def _contact(where: str, properties: list[_Property], left_out: tuple[str, ...]) -> Contact:
    by_name: dict[str, list[_Property]] = {}
    for prop in properties:
        if prop.name not in _BINARY and not prop.has("ENCODING", "b") and not prop.has("ENCODING", "base64"):
            by_name.setdefault(prop.name, []).append(prop)

    def texts(name: str) -> list[str]:
        return [_unescape(prop.value) for prop in by_name.get(name, ())]

    labels = {prop.group: _label(prop.value) for prop in by_name.get("X-ABLABEL", ()) if prop.group}
    urls = by_name.get("URL", [])
    addresses = [web_address(_unescape(prop.value)) or _unescape(prop.value) for prop in urls]
    url_labels = [labels.get(prop.group) or ",".join(prop.params.get("TYPE", ())) for prop in urls]
    for prop in by_name.get("X-SOCIALPROFILE", ()):
        address = web_address(_unescape(prop.value))
        if address and prop.has("TYPE", "linkedin"):
            addresses.append(address)
            url_labels.append("linkedin")
    linkedin, links = sort_addresses(addresses, url_labels)
    organisation = _components(by_name["ORG"][0].value)[0] if "ORG" in by_name else None
    emails = unique(value.removeprefix("mailto:") for value in texts("EMAIL"))
    name = one_line(next(iter(texts("FN")), None)) or _structured_name(by_name) or one_line(organisation) \
        or one_line(next(iter(texts("NICKNAME")), None)) or next(iter(emails), None)
    if not name:
        raise ValueError("no name (FN or N), organisation or email address")
    return Contact(
        where, name, emails=emails,
        phones=unique(re.sub(r"^tel:", "", value, flags=re.IGNORECASE) for value in texts("TEL")),
        company=one_line(organisation), title=one_line(next(iter(texts("TITLE")), None)),
        location=_location(by_name), linkedin=linkedin, links=links,
        note="\n\n".join(note for note in texts("NOTE") if note) or None, left_out=left_out)


def _label(value: str) -> str:
    label = _unescape(value)
    match = _APPLE_LABEL.match(label)
    return match.group(1) if match else label


def _structured_name(by_name: dict[str, list[_Property]]) -> str | None:
    if "N" not in by_name:
        return None
    parts = _components(by_name["N"][0].value) + [""] * 5
    family, given, additional = parts[:3]
    return one_line(" ".join((given, additional, family)))


def _location(by_name: dict[str, list[_Property]]) -> str | None:
    addresses = by_name.get("ADR", ())
    if not addresses:
        return None
    chosen = next((prop for prop in addresses if prop.has("TYPE", "pref")), addresses[0])
    parts = _components(chosen.value) + [""] * 7
    return one_line(", ".join(part for part in (parts[3], parts[4], parts[6]) if part.strip()))
