"""`contacts.vcf`: every person as a vCard 3.0, the version every address book reads."""


from __future__ import annotations

import re
from typing import Iterable

from ..network.model import Person
from .pieces import Parts, Pieces, text_of

PRODID = "-//weakties//ties//EN"
_NAME = re.compile(r"^[A-Za-z0-9-]+$")
_ENCODINGS = {"QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT"}
_BINARY = {"PHOTO", "LOGO", "SOUND", "KEY"}
_APPLE_LABEL = re.compile(r"^_\$!<(.*)>!\$_$")


def write_vcards(people: Iterable[Person]) -> str:
    """Every person as a vCard 3.0 (the version every address book reads), UID = the slug."""
    return text_of(vcard_parts(people))


def vcard_parts(people: Iterable[Person]) -> Parts:
    """`write_vcards` as parts: a card per person, made from the person alone."""
    return [Pieces(_card, [(person,) for person in people])]


def _card(person: Person) -> str:
    lines = ["BEGIN:VCARD", "VERSION:3.0", f"PRODID:{PRODID}", f"UID:{person.slug}",
             f"FN:{_escape(person.name)}", f"N:{_structured(person.name)}"]
    if person.company:
        lines.append(f"ORG:{_escape(person.company)}")
    if person.title:
        lines.append(f"TITLE:{_escape(person.title)}")
    lines.extend(f"EMAIL;TYPE=INTERNET:{_escape(address)}" for address in person.emails)
    lines.extend(f"TEL:{_escape(number)}" for number in person.phones)
    if person.location:
        lines.append(f"ADR:;;;{_escape(person.location)};;;")
    if person.linkedin:
        lines.extend([f"item1.URL:{person.linkedin}", "item1.X-ABLabel:LinkedIn"])
    lines.extend(f"URL:{address}" for address in person.links)
    lines.append("END:VCARD")
    return "".join(_fold(line) + "\r\n" for line in lines)


def _structured(name: str) -> str:
    """N (family;given;additional;prefix;suffix), guessed from a display name: the last word is
    the family name, and what follows a comma a suffix (`Ada Lovelace, PhD`)."""
    main, _, suffix = name.partition(",")
    words = main.split()
    family, given = (words[-1], " ".join(words[:-1])) if len(words) > 1 else ("", main.strip())
    return ";".join(_escape(part) for part in (family, given, "", "", suffix.strip()))


def _escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def _fold(line: str) -> str:
    """A content line folded at 75 octets (CRLF and a space), never inside a UTF-8 character."""
    if len(line.encode("utf-8")) <= 75:  # most lines
        return line
    pieces, current, size = [], "", 0
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > 75:
            pieces.append(current)
            current, size = " ", 1
        current += char
        size += octets
    pieces.append(current)
    return "\r\n".join(pieces)
