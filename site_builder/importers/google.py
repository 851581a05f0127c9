"""Google Contacts' CSV export ("Google CSV"), current and legacy column sets, read into contacts.

Current exports name people with `First Name`, `Middle Name`, `Last Name` and work with
`Organization Name`/`Organization Title`; legacy ones with `Name`, `Given Name`, `Additional
Name`, `Family Name` and `Organization 1 - Name`/`Organization 1 - Title`. Both number repeated
fields (`E-mail 1 - Value`, `Phone 2 - Value`, `Website 1 - Value`) and put several values of one
label in one cell, separated by ` ::: `.
"""

from __future__ import annotations

import re
from pathlib import Path

from .contacts import (
    Contact,
    ContactList,
    SourceError,
    cell,
    contacts_from_rows,
    csv_records,
    find_header,
    one_line,
    read_text,
    sort_addresses,
    unique,
    web_address,
)

_NUMBERED = re.compile(r"^(e-mail|phone|website|address) (\d+) - (value|label|type|city|region|country)$")
_NAME_COLUMNS = {"first name", "given name", "name"}


def read_google_contacts(path: Path) -> ContactList:
    """The contacts in a Google Contacts CSV file. Raises `SourceError` if it cannot be used at all."""
    text, notices = read_text(path)
    found = parse_google_contacts(text, path.name)
    found.notices[:0] = notices
    return found


def _recognize(names: set[str]) -> bool:
    details = {"organization name", "organization 1 - name"}
    return bool(names & _NAME_COLUMNS) and bool(names & details or any(_NUMBERED.match(n) for n in names))


def parse_google_contacts(text: str, name: str = "contacts.csv") -> ContactList:
    records = csv_records(text)
    columns = find_header(records, _recognize)
    if columns is None:
        raise SourceError(f"{name} has no header row of Google Contacts (First Name, Last Name, "
                          "E-mail 1 - Value, ...): export it from Google Contacts as \"Google CSV\"")
    numbered: dict[tuple[str, str, str], int] = {}
    for column, index in columns.items():
        if match := _NUMBERED.match(column):
            numbered[match.group(1), match.group(3), match.group(2)] = index
    return contacts_from_rows(records, lambda where, cells: _contact(where, cells, columns, numbered))


def _contact(where: str, cells: list[str], columns: dict[str, int], numbered) -> Contact:
    def value(*names: str) -> str:
        return next((found for name in names if (found := cell(cells, columns, name))), "")

    def each(field: str, part: str) -> list[str]:
        """Every value of a numbered field (`E-mail 1 - Value`, `E-mail 2 - Value`, ...), in order."""
        indexes = sorted((int(number), index) for (f, p, number), index in numbered.items() if (f, p) == (field, part))
        return [cells[index].strip() if index < len(cells) else "" for _, index in indexes]

    def split(values: list[str]) -> list[str]:
        return [part.strip() for text in values for part in text.split(":::") if part.strip()]

    emails = unique(split(each("e-mail", "value")))
    company = one_line(value("organization name", "organization 1 - name"))
    full_name = value("name") or " ".join((value("first name", "given name"), value("middle name", "additional name"),
                                           value("last name", "family name")))
    name = one_line(full_name) or one_line(value("nickname")) or one_line(value("file as")) or company \
        or next(iter(emails), None)
    if not name:
        raise ValueError("no name, organisation or email address")
    sites, labels = [], []
    addresses = each("website", "value")
    for text, label in zip(addresses, each("website", "label") or each("website", "type") or [""] * len(addresses)):
        for address in split([text]):
            sites.append(web_address(address) or address)
            labels.append(label)
    linkedin, links = sort_addresses(sites, labels)
    cities, regions, countries = each("address", "city"), each("address", "region"), each("address", "country")
    place = [part for part in (cities[:1] + regions[:1] + countries[:1]) if part]
    return Contact(where, name, emails=emails, phones=unique(split(each("phone", "value"))), company=company,
                   title=one_line(value("organization title", "organization 1 - title")),
                   location=one_line(", ".join(place)), linkedin=linkedin, links=links,
                   note=value("notes") or None)
