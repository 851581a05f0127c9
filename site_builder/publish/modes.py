"""Publishing modes: what a built site may show, depending on who can read it.

- `local`: everything, for your own machine (source links open the files on this computer).
- `public`: everything in clear, for a site anyone may read; chosen only explicitly.
- `redacted`: `redact` removes contact details, notes and their tasks from the model before
  rendering, and the site has no exports.
- `encrypted`: every rendered file is encrypted after rendering (`publish.encryption`).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from ..exports.tables import FILES as EXPORTS
from ..network.assemble import Network
from ..network.model import FollowUp, Interview, Person

LOCAL, ENCRYPTED, REDACTED, PUBLIC = "local", "encrypted", "redacted", "public"
MODES = (LOCAL, ENCRYPTED, REDACTED, PUBLIC)

PASSPHRASE_VARIABLE = "TIES_PASSPHRASE"
SALT_VARIABLE = "TIES_SALT"
MINIMUM_PASSPHRASE = 12  # characters: the encrypted files are public, so guesses cost nothing but time
SALT_BYTES = 16
_HIDDEN_TASK = "An open task in your notes"



class PublishError(Exception):
    """The site cannot be published as asked; the message says why, for the user."""


@dataclass(frozen=True)
class Publishing:
    """A mode, checked, with what an encrypted site needs: the passphrase, and the salt from
    `TIES_SALT` (None: reuse the previous site's salt, else draw a new one)."""

    mode: str
    passphrase: str | None = field(default=None, repr=False)
    salt: bytes | None = None


def publishing(mode: str, environ: Mapping[str, str]) -> Publishing:
    """Check a mode and what it needs from the environment; raise `PublishError` if it lacks it."""
    if mode not in MODES:
        raise PublishError(f"unknown publish mode '{mode}': choose one of {', '.join(MODES)}")
    if mode != ENCRYPTED:
        return Publishing(mode)
    passphrase = normalized_passphrase(environ.get(PASSPHRASE_VARIABLE, ""))
    if not passphrase:
        raise PublishError(f"publish mode 'encrypted' needs a passphrase: set the environment variable "
                           f"{PASSPHRASE_VARIABLE} (in the Pages workflow, the repository secret "
                           f"{PASSPHRASE_VARIABLE}). Nothing was written.")
    if len(passphrase) < MINIMUM_PASSPHRASE:
        raise PublishError(f"{PASSPHRASE_VARIABLE} is too short: anyone can download the encrypted site and try "
                           f"passphrases, so use at least {MINIMUM_PASSPHRASE} characters (four or five random "
                           "words are easy to type on a phone). Nothing was written.")
    salt = environ.get(SALT_VARIABLE, "").strip()
    return Publishing(mode, passphrase, salt_from_hex(salt, SALT_VARIABLE) if salt else None)


def exports_of(mode: str) -> tuple[str, ...]:
    """The export files a site in this mode has and links to."""
    return () if mode == REDACTED else EXPORTS


# Redacted: the model without what only you should read.

def redact(network: Network, queue: list[FollowUp]) -> tuple[Network, list[FollowUp]]:
    """The network without emails, phones, links, locations, tags, how you met, extra keys and
    notes (nor the tasks and `[[links]]` in them); tasks in the queue keep their date, not their text."""
    people = {slug: _redacted_person(person) for slug, person in network.people.items()}
    interviews = {id(interview): _redacted_interview(interview) for interview in network.interviews}

    def same(held: list[Interview]) -> list[Interview]:
        return [interviews[id(interview)] for interview in held]

    redacted = replace(network, people=people, interviews=same(network.interviews), mentions={},
                       interviews_by_person={slug: same(held) for slug, held in network.interviews_by_person.items()},
                       done_by_person={slug: same(held) for slug, held in network.done_by_person.items()})
    return redacted, [replace(item, text=_HIDDEN_TASK) if item.kind == "task" else item for item in queue]


def _redacted_person(person: Person) -> Person:
    return replace(person, emails=(), phones=(), linkedin=None, links=(), location=None, how_we_met=None,
                   tags=(), extra=(), body="", tasks=(), wiki_links=())


def _redacted_interview(interview: Interview) -> Interview:
    return replace(interview, extra=(), body="", tasks=(), wiki_links=())


def normalized_passphrase(passphrase: str) -> str:
    # The browser does the same, so that a passphrase typed on a phone matches the secret.
    return unicodedata.normalize("NFC", passphrase.strip())


def salt_from_hex(text: str, where: str) -> bytes:
    try:
        salt = bytes.fromhex(text)
    except ValueError:
        salt = b""
    if len(salt) < SALT_BYTES:
        raise PublishError(f"{where}: a salt is at least {SALT_BYTES * 2} hexadecimal digits "
                           f"(the \"salt\" in a published keyinfo.json)")
    return salt
