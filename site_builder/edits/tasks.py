"""Ticking a task: its line's `- [ ]` becomes `- [x]`, and nothing else changes."""

from __future__ import annotations

import re

from ..content.markup import find_tasks
from .edited import Edited, EditRefused, line_start
from .notes import notes_of

_OPEN_BOX = re.compile(r"(\s*(?:[-*+]|\d+[.)])\s+\[) \]")


def tick_task(text: str, line: int, task: str) -> Edited:
    """`text` (a whole file) with the open task on `line` (1-based, counting the opening `---`)
    ticked. The line must still hold that task (its text as the queue gives it, without its due
    date). Raises EditRefused."""
    body, body_line = notes_of(text)
    tasks, _ = find_tasks(body, body_line, "")
    found = next((each for each in tasks if each.line == line), None)
    if found is None or found.text != task:
        raise EditRefused(f"this line no longer holds the task '{task}': run ties queue again", line)
    if found.done:
        raise EditRefused(f"the task '{task}' is ticked already", line)
    start = line_start(text, line)
    box = _OPEN_BOX.match(text, start)
    return Edited(f"{text[:box.end() - 2]}x{text[box.end() - 1:]}", (line,))
