"""LinkedIn's data export, `Connections.csv`, read into contacts.

The export starts with a preamble (`Notes:` and a paragraph about missing email addresses,
worded differently over the years), so the header row is found by its column names. Dates are
written `15 Mar 2024`, and in some exports `7-Feb-22`. Email, company and position are often blank, and rows can be empty.
"""

from __future__ import annotations

import re
from datetime import date
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
    web_address,
)

COLUMNS = ("First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On")
_MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                "november", "december")
_MONTHS = {written: number for number, name in enumerate(_MONTH_NAMES, 1) for written in (name, name[:3])}
_MONTHS["sept"] = 9
_WRITTEN_DATE = re.compile(r"^(\d{1,2})[ -]([A-Za-z]{3,9})\.?[ -](\d{4}|\d{2})$")


def read_connections(path: Path) -> ContactList:
    """The contacts in a `Connections.csv` file. Raises `SourceError` if it cannot be used at all."""
    text, notices = read_text(path)
    found = parse_connections(text, path.name)
    found.notices[:0] = notices
    return found


def parse_connections(text: str, name: str = "Connections.csv") -> ContactList:
    records = csv_records(text)
    columns = find_header(records, lambda names: {"first name", "last name"} <= names
                          and bool(names & {"url", "connected on", "email address"}))
    if columns is None:
        raise SourceError(f"{name} has no header row with the columns {', '.join(COLUMNS)}: "
                          "is it the Connections.csv of LinkedIn's data export?")
    return contacts_from_rows(records, lambda where, cells: _contact(where, cells, columns))


def _contact(where: str, cells: list[str], columns: dict[str, int]) -> Contact:
    def value(column: str) -> str:
        return cell(cells, columns, column.lower())

    name = one_line(f"{value('First Name')} {value('Last Name')}")
    if not name:
        raise ValueError("no First Name or Last Name")
    written = value("Connected On")
    connected_on, left_out = None, ()
    if written:
        try:
            connected_on = connection_date(written)
        except ValueError as error:
            left_out = (f"Connected On: {error}",)
    address = value("URL")
    email = value("Email Address")
    return Contact(where, name, emails=(email,) if email else (), company=one_line(value("Company")),
                   title=one_line(value("Position")), linkedin=(web_address(address) or address) or None,
                   connected_on=connected_on, left_out=left_out)


def connection_date(written: str) -> date:
    """`15 Mar 2024` or `3 February 2021` (LinkedIn's form), `7-Feb-22` (2022: LinkedIn began in
    2003), or `2024-03-15`."""
    match = _WRITTEN_DATE.match(written.strip())
    try:
        if match:
            day, month, year = match.groups()
            number = _MONTHS.get(month.lower())
            if number:
                return date(int(year) if len(year) == 4 else 2000 + int(year), number, int(day))
        else:
            return date.fromisoformat(written.strip())
    except ValueError:
        pass
    raise ValueError(f"'{written}' is not a date like '15 Mar 2024'")

