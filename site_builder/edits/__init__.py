"""Acting on the queue: the smallest text edits a careful person would make by hand.

The edits of a file's text are pure functions, `text -> Edited` (the new text and the lines
changed), testable without files: `set_key` and `advance_date` (front_matter.py), `tick_task` (tasks.py),
`log_interaction` and `add_log_entry` (log.py), `replace_section` (sections.py: the text under one
heading of the notes, as a prep sheet's note area saves it). `edit_file` (files.py) makes one to
a file safely. What marking each kind of item done writes, snoozing and logging are `Action`s
(actions.py), made by `carry_out`; items.py finds the item a command means.

Every refusal is an `EditRefused`, naming the file and line; `SeveralItems` says that more than
one open item fits what was asked. Nothing is written when either is raised.
"""

from ..network.followups import KINDS  # the queue's, each named by ties done (and write-up refused)
from .actions import NOTHING_TO_WRITE, Action, carry_out, done_action, log_action, snooze_action, snooze_date
from .edited import Edited, EditRefused
from .files import FileChange, edit_file
from .front_matter import advance_date, set_key
from .items import SeveralItems, closing_command, closing_commands, items_for, person_for, pick
from .log import add_log_entry, log_interaction
from .tasks import tick_task

__all__ = ["KINDS", "NOTHING_TO_WRITE", "Action", "EditRefused", "Edited", "FileChange", "SeveralItems",
           "add_log_entry", "advance_date", "carry_out", "closing_command", "closing_commands", "done_action", "edit_file",
           "items_for", "log_action", "log_interaction", "person_for", "pick", "set_key", "snooze_action",
           "snooze_date", "tick_task"]
