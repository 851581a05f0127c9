"""What a click on a page of `ties serve` asks for, made: the request read, the network checked
with no build under way, the item found as the page showed it, and the edit made as `ties done`,
`ties snooze` or `ties log` makes it (`edits/acting.py`), or refused, in words. The HTTP side
(who may ask at all) is `serve.py`'s.

A request is a JSON object (its `secret` already taken out and checked by the server):

    {"action": "done",   "item": ITEM, "digests": DIGESTS}
    {"action": "snooze", "item": ITEM, "until": "1w" | "1m" | "YYYY-MM-DD", "digests": DIGESTS}
    {"action": "log",    "person": SLUG, "note": "what happened" (optional), "digests": DIGESTS}

where ITEM is the item as the page showed it, `{"kind", "person", "file", "line" (or null),
"text"}`, and DIGESTS maps each content file the page's items come from to the digest (hex) of
its bytes as the page was built from them. The answer is 200 `{"ok": true, "changed": ["file:line:
text", ...], "note": ... or null}`.

A prep sheet's note areas read and write the sections of an interview's notes (FILE is the
interview's file, as `interviews/2026-12-02-ada.md`):

    {"action": "read-notes", "file": FILE}
    {"action": "save-notes", "file": FILE, "heading": HEADING, "text": TEXT, "digest": DIGEST}

The first writes nothing and answers 200 `{"ok": true, "digest": DIGEST, "sections": [{"heading",
"level", "text"}, ...]}`, DIGEST being that of the file's bytes the sections were read from. The
second writes TEXT (at most MAX_NOTES_TEXT characters) as the text under the heading HEADING (as
read-notes gave it), if the file still has the digest DIGEST, and answers 200 `{"ok": true,
"digest": the file's digest now, which the next save carries, "text": the text as written,
"saved": false when the file held that text already}`.

Else the answer is `{"ok": false, "error": why}` with 400 (not such a request), 409 (the page is
older than the files: reload, or load the file's notes again), 422 (refused: the edit cannot be
made) or 500 (ties failed).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass
from http import HTTPStatus

from ..edits import EditRefused, done_action, log_action
from ..edits.acting import Acted, act, read_notes, save_notes, shown_item, snooze_until
from ..edits.edited import Stale
from ..edits.sections import notes_text
from .serve import Edits
from .watch import Rebuilder

ACTIONS = ("done", "snooze", "log")
NOTES_ACTIONS = ("read-notes", "save-notes")
MAX_NOTE = 2000  # characters: a line of a log, not a letter
MAX_NOTES_TEXT = 64 * 1024  # characters: what one section of an interview's notes holds, at most


class BadRequest(Exception):
    """A request that is not one a page of ties serve sends."""


@dataclass(frozen=True)
class ShownItem:
    """A queue item as a page showed it."""

    kind: str
    person: str
    file: str
    line: int | None
    text: str


@dataclass(frozen=True)
class Asked:
    """What a request asks for, read."""

    action: str
    digests: dict[str, bytes]
    item: ShownItem | None = None  # done, snooze
    person: str | None = None  # log: the person's slug
    until: str | None = None  # snooze
    note: str | None = None  # log


@dataclass(frozen=True)
class NotesAsked:
    """A request to read an interview's notes, or to write the text of one of their sections."""

    action: str
    file: str
    heading: str | None = None  # save-notes
    text: str | None = None  # save-notes
    digest: bytes | None = None  # save-notes: of the file as the page read it


def read_request(request: dict) -> Asked | NotesAsked:
    """The request, read; raises BadRequest (saying what is wrong) for anything else."""
    action = request.get("action")
    if action in NOTES_ACTIONS:
        return _notes_request(request)
    if action not in ACTIONS:
        raise BadRequest(f"'action' is one of {', '.join(ACTIONS + NOTES_ACTIONS)}")
    digests = _digests(request.get("digests"))
    if action == "log":
        person = _text(request, "person")
        note = request.get("note")
        if note is not None and not isinstance(note, str):
            raise BadRequest("'note' is text")
        if note is not None and len(note) > MAX_NOTE:
            raise BadRequest(f"'note' is at most {MAX_NOTE} characters: keep longer notes in the file")
        return Asked(action, digests, person=person, note=note or None)
    item = _item(request.get("item"))
    until = _text(request, "until") if action == "snooze" else None
    return Asked(action, digests, item=item, until=until)


def _notes_request(request: dict) -> NotesAsked:
    action, file = request["action"], _text(request, "file")
    if action == "read-notes":
        return NotesAsked(action, file)
    text = request.get("text")
    if not isinstance(text, str):
        raise BadRequest("'text' is text")
    if len(text) > MAX_NOTES_TEXT:
        raise BadRequest(f"'text' is at most {MAX_NOTES_TEXT} characters: keep longer notes in your editor")
    return NotesAsked(action, file, _text(request, "heading"), text, _hex(request.get("digest"), "the file"))


def _text(values: dict, key: str) -> str:
    value = values.get(key)
    if not isinstance(value, str) or not value:
        raise BadRequest(f"'{key}' is text")
    return value


def _item(value) -> ShownItem:
    if not isinstance(value, dict):
        raise BadRequest("'item' is an object: the item as the page showed it")
    line = value.get("line")
    if line is not None and (not isinstance(line, int) or isinstance(line, bool)):
        raise BadRequest("the item's 'line' is a number, or null")
    return ShownItem(_text(value, "kind"), _text(value, "person"), _text(value, "file"), line, _text(value, "text"))


def _digests(value) -> dict[str, bytes]:
    if not isinstance(value, dict):
        raise BadRequest("'digests' is an object: each file the page's items come from, and its digest")
    return {file: _hex(digest, file) for file, digest in value.items()}


def _hex(digest, file: str) -> bytes:
    try:
        return bytes.fromhex(digest)
    except (TypeError, ValueError):
        raise BadRequest(f"the digest of {file} is not hexadecimal") from None


class PageActions:
    """The edits a page of the server at `rebuilder` asks for (`Edits.act`): each made on the
    files as they are now, checked with no build under way, on the site's today."""

    def __init__(self, rebuilder: Rebuilder):
        self.rebuilder = rebuilder

    def __call__(self, request: dict) -> tuple[HTTPStatus, dict]:
        try:
            asked = read_request(request)
        except BadRequest as problem:
            return HTTPStatus.BAD_REQUEST, {"ok": False, "error": f"Not a request ties serve takes: {problem}."}
        try:
            with self.rebuilder.between_builds() as site:
                if isinstance(asked, NotesAsked):
                    return HTTPStatus.OK, self._notes(site, asked)
                acted = self._act(site, asked)
        except Stale as refusal:
            return HTTPStatus.CONFLICT, {"ok": False, "error": str(refusal)}
        except EditRefused as refusal:
            return HTTPStatus.UNPROCESSABLE_ENTITY, {"ok": False, "error": str(refusal)}
        except Exception as error:  # the server must answer, and say what happened
            self.rebuilder.log(f"ties: the edit failed: {type(error).__name__}: {error}")
            return HTTPStatus.INTERNAL_SERVER_ERROR, {"ok": False, "error": f"ties failed: {type(error).__name__}: "
                                                                            f"{error} (see the terminal)"}
        changed = acted.change.changed_lines() if acted.changed else []
        for line in changed:
            self.rebuilder.log(f"From the page: {line}")
        return HTTPStatus.OK, {"ok": True, "changed": changed, "note": acted.note}

    def _notes(self, site, asked: NotesAsked) -> dict:
        """The interview's notes read, or one section of them written: the answer's JSON."""
        checked = site.check(queue=False)
        if asked.action == "read-notes":
            notes = read_notes(site.root, checked, asked.file)
            return {"ok": True, "digest": notes.digest.hex(),
                    "sections": [{"heading": s.heading, "level": s.level, "text": s.text} for s in notes.sections]}
        change, digest = save_notes(site.root, checked, asked.file, asked.heading, asked.text, asked.digest)
        saved = change.before != change.after
        if saved:
            self.rebuilder.log(f"From the page: {asked.file}: the notes under '{asked.heading}' saved")
        return {"ok": True, "digest": digest.hex(), "text": notes_text(asked.text), "saved": saved}

    def _act(self, site, asked: Asked) -> Acted:
        checked = site.check(queue=asked.action != "log")
        if asked.action == "log":
            person = checked.network.people.get(asked.person)
            if person is None:
                raise Stale(f"{asked.person} is no longer in your network: reload")
            action = log_action(person, checked.today, asked.note)
            return act(site.root, checked, action, shown=asked.digests)
        shown = asked.item
        item = shown_item(checked.queue, shown.kind, shown.person, shown.file, shown.line, shown.text)
        if asked.action == "done":
            action = done_action(checked.network, item, checked.today)
        elif not item.known:
            raise EditRefused(f"{item.person} has no file to snooze yet: mark the item done to add them")
        else:
            action = snooze_until(checked.network.people[item.person], asked.until, checked.today)
        return act(site.root, checked, action, shown=asked.digests, item_file=item.file)


def page_edits(rebuilder: Rebuilder, host: str, allowed: bool = False, added: Iterable[str] = ()) -> Edits:
    """Whether the pages of a server listening on `host` and answering the names `added` (a
    proxy's, a tunnel's) may edit files: on for a loopback host with no such name (only this
    machine reaches it), else only when `allowed` (`--allow-edits`)."""
    if allowed or (is_loopback(host) and not added):
        return Edits(act=PageActions(rebuilder))
    if not is_loopback(host):
        return Edits(off_because=f"ties serve listens beyond this machine (--host {host}): "
                                 "start it with --allow-edits to act on the queue from its pages")
    return Edits(off_because="ties serve answers a proxy's or a tunnel's name (--allow-host), which others may "
                             "reach: start it with --allow-edits to act on the queue from its pages")


def is_loopback(host: str) -> bool:
    """Whether `host` (a name or an address) is this machine's loopback: only it reaches it."""
    if host.lower().removesuffix(".") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
