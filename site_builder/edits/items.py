"""Which open item of the queue a command means: a person's open items, one of them picked by its
kind (and a task by a part of its text), and the command that closes each."""

from __future__ import annotations

import shlex

from ..content.references import slugify, written_name
from ..network.assemble import Network
from ..network.model import FollowUp, Person
from .actions import NOTHING_TO_WRITE
from .edited import EditRefused

TASK = "task"


class SeveralItems(Exception):
    """More than one open item fits what was asked: the user names one of `items`."""

    def __init__(self, message: str, items: list[FollowUp]):
        super().__init__(message)
        self.items = items


def person_for(network: Network, reference: str) -> Person:
    """The person `reference` means (a slug, a name or a wiki link). Raises EditRefused."""
    resolution = network.resolver.resolve(reference)
    if not resolution.found:
        raise EditRefused(network.resolver.describe(resolution))
    return network.people[resolution.slug]


def items_for(network: Network, queue: list[FollowUp], reference: str) -> tuple[str, list[FollowUp]]:
    """Whom `reference` means, by name, and their open items; a name with no file is that of
    `add-contact` items. Raises EditRefused for nobody, or someone with nothing open."""
    resolution = network.resolver.resolve(reference)
    if resolution.found:
        person = network.people[resolution.slug]
        items = [item for item in queue if item.known and item.person == person.slug]
        who = person.name
    else:
        wanted = slugify(written_name(reference))
        items = [item for item in queue if not item.known and slugify(item.person) == wanted]
        if not items:
            raise EditRefused(network.resolver.describe(resolution))
        who = items[0].person
    if not items:
        raise EditRefused(f"{who} has nothing open in the queue")
    return who, items


def pick(items: list[FollowUp], who: str, kind: str | None = None, task: str | None = None) -> FollowUp:
    """The one item of `items` (someone's open items) of `kind`, or the only one; a task by a part
    of its text (`task`), its whole text first. Raises SeveralItems or EditRefused."""
    if task is not None:
        if kind not in (None, TASK):
            raise EditRefused(f"--task picks a task, not a {kind} item: leave out KIND, or write task")
        kind = TASK
    chosen = [item for item in items if kind is None or item.kind == kind]
    if not chosen:
        kinds = ", ".join(dict.fromkeys(item.kind for item in items))
        raise EditRefused(f"{who} has no open {kind} item (open: {kinds})")
    if task is not None:
        wanted = task.casefold()
        chosen = ([item for item in chosen if item.text.casefold() == wanted]
                  or [item for item in chosen if wanted in item.text.casefold()])
        if not chosen:
            raise EditRefused(f"no open task of {who} holds '{task}'")
    if len(chosen) > 1:
        if kind == TASK:
            raise SeveralItems(f"{who} has {len(chosen)} open tasks{' holding that' if task else ''}: "
                               "pick one with --task TEXT", chosen)
        raise SeveralItems(f"{who} has {len(chosen)} open items: name the kind of one", chosen)
    return chosen[0]


def closing_commands(queue: list[FollowUp]) -> dict[FollowUp, str]:
    """The `ties done` command that closes each item of `queue` (`closing_command`)."""
    commands = {item: closing_command(item) for item in queue}
    return {item: command for item, command in commands.items() if command}


def closing_command(item: FollowUp) -> str | None:
    """The `ties done` command that closes `item`, or None for the kinds that go by themselves
    (prepare, write-up). It names the kind, and a task by `--task` and its text, so that it
    closes this item whatever else the person has open, and reads the same wherever it is shown."""
    if item.kind in NOTHING_TO_WRITE:
        return None
    words = ["ties", "done", item.person, item.kind]
    if item.kind == TASK:
        words += ["--task", item.text]
    return shlex.join(words)
