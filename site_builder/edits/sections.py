"""The sections of a file's notes, and replacing the text of one of them.

A section is a heading line of the notes (`#` to `######`, outside fenced code) and the lines
under it, up to the next heading of any level: in an interview made by `ties new interview`,
"Their work", "Type of work", ... "Questions for next time". Its text is those lines without the
blank lines at their start and end.

`replace_section` changes only the lines under one heading. The front matter, the other
sections, the file's line endings (the new text's line breaks are written as the file's), a BOM
and whether the file ends with a line break all stay as they were. The new text keeps the blank
lines the section had around its text; a section that had none takes the file's usual blank
lines after a heading (one, as the template writes it, when no section says otherwise) and one
before the next heading; an empty text leaves the section as the template has it, a heading
followed by one blank line (none at the end of the file).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..content.markup import outside_code
from .edited import Edited, EditRefused, line_ending, line_start, line_text
from .notes import notes_of

# A heading as CommonMark writes one: up to three spaces, one to six `#`, then a space or the
# end of the line; a closing run of `#` after a space is not part of its text.
_HEADING = re.compile(r" {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*")
_CLOSING = re.compile(r"(?:^|[ \t]+)#+$")


@dataclass(frozen=True)
class Section:
    """A heading of the notes and the text under it. `line` is the heading's (1-based, counting
    the opening `---`); `last` is the section's last line (its heading's, if nothing is under it);
    `text` is without the blank lines at its start and end, its lines ending in `\\n`."""

    heading: str
    level: int
    line: int
    last: int
    text: str


def heading_of(line: str) -> tuple[int, str] | None:
    """(level, text) of a heading line (without its line ending), or None if it is not one."""
    match = _HEADING.fullmatch(line)
    if not match:
        return None
    return len(match.group(1)), _CLOSING.sub("", match.group(2) or "").strip()


def sections_of(text: str) -> list[Section]:
    """The sections of `text` (a whole file) in order; raises EditRefused if it has no front
    matter. Text above the first heading is in no section."""
    body, body_line = notes_of(text)
    headings = [(number, heading) for number, line in outside_code(body, body_line)
                if (heading := heading_of(line.removesuffix("\r")))]
    last_line = _line_count(text)
    sections = []
    for index, (number, (level, heading)) in enumerate(headings):
        last = headings[index + 1][0] - 1 if index + 1 < len(headings) else last_line
        under = [line_text(text, line) for line in range(number + 1, last + 1)]
        sections.append(Section(heading, level, number, last, "\n".join(_trimmed(under))))
    return sections


def section_named(sections: list[Section], heading: str) -> Section:
    """The one section of `sections` headed `heading`; raises EditRefused if there is none, or
    more than one."""
    found = [section for section in sections if section.heading == heading]
    if not found:
        raise EditRefused(f"the notes have no heading '{heading}'")
    if len(found) > 1:
        lines = ", ".join(str(section.line) for section in found)
        raise EditRefused(f"the heading '{heading}' is in the notes {len(found)} times (lines {lines}): "
                          "rename one of them to write under it", found[0].line)
    return found[0]


def notes_text(text: str) -> str:
    """A section's text as it would be written: line breaks as `\\n`, without the blank lines at
    its start and end."""
    return "\n".join(_trimmed(text.replace("\r\n", "\n").replace("\r", "\n").split("\n")))


def replace_section(text: str, heading: str, new_text: str) -> Edited:
    """`text` (a whole file) with the text under `heading` (its text as `sections_of` gives it)
    replaced by `new_text`. Raises EditRefused when the heading is not there exactly once, or
    when `new_text` would change the sections (a line of it is a heading, or it leaves a fenced
    block open). The same text changes nothing."""
    sections = sections_of(text)
    section = section_named(sections, heading)
    wanted = notes_text(new_text)
    if wanted == section.text:
        return Edited(text, ())
    following = section is not sections[-1]
    lines = _lines_under(text, section, wanted, _usual_lead(text, sections), following)
    edited = _with_lines_under(text, section, lines, following)
    _refuse_changed_sections(sections, sections_of(edited), section, wanted)
    return Edited(edited, tuple(section.line + 1 + offset for offset, line in enumerate(lines) if line.strip())
                  or (section.line,))


def _lines_under(text: str, section: Section, wanted: str, usual_lead: int, following: bool) -> list[str]:
    """The lines to put under the heading: the text, with the blank lines the section had
    around its text (or the file's usual ones), or, for no text, the template's."""
    if not wanted:
        return [""] if following else []
    under = [line_text(text, line) for line in range(section.line + 1, section.last + 1)]
    filled = [index for index, line in enumerate(under) if line.strip()]
    if filled:
        lead, trail = filled[0], len(under) - 1 - filled[-1]
    else:
        lead, trail = usual_lead, 1 if following else 0
    return [""] * lead + wanted.split("\n") + [""] * trail


def _usual_lead(text: str, sections: list[Section]) -> int:
    """How many blank lines the file's sections with text most often have after their heading;
    one (the template's) when none has text."""
    leads = Counter()
    for section in sections:
        under = [line_text(text, line).strip() for line in range(section.line + 1, section.last + 1)]
        if any(under):
            leads[next(index for index, line in enumerate(under) if line)] += 1
    return max(leads, key=lambda lead: (leads[lead], lead == 1)) if leads else 1


def _with_lines_under(text: str, section: Section, lines: list[str], following: bool) -> str:
    """`text` with the lines under the section's heading replaced by `lines`, each ending as the
    file's lines do; the file keeps ending as it did (with a line break or without)."""
    ending = line_ending(text)
    start, after_heading = line_start(text, section.line), line_start(text, section.line + 1)
    if following:
        return text[:after_heading] + "".join(line + ending for line in lines) + text[line_start(text, section.last + 1):]
    heading = line_text(text, section.line)
    own = text[start + len(heading):after_heading]  # the heading's line ending; none if it ends the file
    final = "\r\n" if text.endswith("\r\n") else "\n" if text.endswith("\n") else ""
    if not lines:
        return text[:start] + heading + final
    return text[:start] + heading + (own or ending) + ending.join(lines) + final


def _refuse_changed_sections(before: list[Section], after: list[Section], section: Section, wanted: str) -> None:
    """Refuse an edit after which the notes' headings are not those they were, or the section
    does not read back as the text written."""
    headings = [(s.heading, s.level) for s in before] == [(s.heading, s.level) for s in after]
    if not headings or next(s.text for s in after if s.line == section.line) != wanted:
        raise EditRefused(f"the text under '{section.heading}' would change the notes' sections (a line starting "
                          "with # is a heading, ``` or ~~~ opens a code block until the same closes it): "
                          "add headings in your editor", section.line)


def _line_count(text: str) -> int:
    """The number of lines of `text`, a last line without a line ending counted."""
    return text.count("\n") + (0 if text.endswith("\n") or not text else 1)


def _trimmed(lines: list[str]) -> list[str]:
    """`lines` without the blank ones at their start and end."""
    filled = [index for index, line in enumerate(lines) if line.strip()]
    return lines[filled[0]:filled[-1] + 1] if filled else []
