"""The publish stage: what a built site may show, depending on who can read it.

- `local`: everything, for your own machine (source links open the files on this computer).
- `public`: everything in clear, for a site anyone may read; chosen only explicitly.
- `redacted`: `redact` removes contact details, notes and their tasks from the model before
  rendering, and the site has no exports.
- `encrypted`: `encrypt_site` encrypts every rendered file after rendering. The output is a
  lock page (`index.html`, `404.html`, `lock/`) holding no data of yours, `keyinfo.json`
  (salt and parameters), the theme's static files, and every other file as `e/<name>.bin`,
  where the name is an HMAC of the file's path. The lock page's script derives the same keys
  from the passphrase in the browser and decrypts each page it shows.

Keys: PBKDF2-SHA256 (`ITERATIONS`) turns the passphrase and a random salt into a secret;
HKDF-SHA256 expands it into an AES-256-GCM key for the contents and an HMAC-SHA256 key for the
names. Each file is `version byte | 12-byte random IV | AES-GCM(path length, path, bytes)`,
authenticated together with its own name, so a file cannot pass for another.
"""

from __future__ import annotations

import hashlib
import hmac
import html
import json
import os
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from importlib import resources

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

from .exports import FILES as EXPORTS
from .model import FollowUp, Interview, Person
from .network import Network
from .output import ON_DISK

LOCAL, ENCRYPTED, REDACTED, PUBLIC = "local", "encrypted", "redacted", "public"
MODES = (LOCAL, ENCRYPTED, REDACTED, PUBLIC)

PASSPHRASE_VARIABLE = "TIES_PASSPHRASE"
SALT_VARIABLE = "TIES_SALT"
MINIMUM_PASSPHRASE = 12  # characters: the encrypted files are public, so guesses cost nothing but time
ITERATIONS = 600_000
SALT_BYTES = 16
VERSION = 1
KEYINFO = "keyinfo.json"
NOT_FOUND = "404.html"
ENCRYPTED_FOLDER = "e"
_IV_BYTES = 12
_CONTENT_LABEL = "weakties/1 content"
_NAMES_LABEL = "weakties/1 names"
_CHECK_LABEL = b"weakties/1 check"
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
    passphrase = _normalized(environ.get(PASSPHRASE_VARIABLE, ""))
    if not passphrase:
        raise PublishError(f"publish mode 'encrypted' needs a passphrase: set the environment variable "
                           f"{PASSPHRASE_VARIABLE} (in the Pages workflow, the repository secret "
                           f"{PASSPHRASE_VARIABLE}). Nothing was written.")
    if len(passphrase) < MINIMUM_PASSPHRASE:
        raise PublishError(f"{PASSPHRASE_VARIABLE} is too short: anyone can download the encrypted site and try "
                           f"passphrases, so use at least {MINIMUM_PASSPHRASE} characters (four or five random "
                           "words are easy to type on a phone). Nothing was written.")
    salt = environ.get(SALT_VARIABLE, "").strip()
    return Publishing(mode, passphrase, _salt_from_hex(salt, SALT_VARIABLE) if salt else None)


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


# Encrypted: keys, files and the lock page.

@dataclass(frozen=True)
class SiteKey:
    """The keys derived from a passphrase and a salt."""

    salt: bytes
    iterations: int
    content: bytes = field(repr=False)  # AES-256-GCM, for the files
    names: bytes = field(repr=False)  # HMAC-SHA256, from a file's path to its opaque name


def new_salt() -> bytes:
    return os.urandom(SALT_BYTES)


def salt_of_keyinfo(data: bytes) -> bytes | None:
    """The salt of a previous build's `keyinfo.json`, to keep remembered keys working; None if unusable."""
    try:
        info = json.loads(data)
        if info.get("version") != VERSION or info["kdf"]["iterations"] != ITERATIONS:
            return None
        return _salt_from_hex(info["kdf"]["salt"], KEYINFO)
    except (ValueError, KeyError, TypeError, AttributeError, PublishError):
        return None


def derive_key(passphrase: str, salt: bytes, iterations: int = ITERATIONS) -> SiteKey:
    secret = PBKDF2HMAC(hashes.SHA256(), 32, salt, iterations).derive(_normalized(passphrase).encode("utf-8"))

    def expand(label: str) -> bytes:
        return HKDF(hashes.SHA256(), 32, salt=None, info=label.encode()).derive(secret)
    return SiteKey(salt, iterations, expand(_CONTENT_LABEL), expand(_NAMES_LABEL))


def opaque_name(key: SiteKey, path: str) -> str:
    """The name a file is published under: the same for the same path and key, meaningless without the key."""
    return hmac.new(key.names, path.encode("utf-8"), hashlib.sha256).hexdigest()[:32]


def encrypted_path(name: str) -> str:
    return f"{ENCRYPTED_FOLDER}/{name}.bin"


def encrypt_file(key: SiteKey, path: str, data: bytes) -> tuple[str, bytes]:
    """The published path and bytes of one file, under a fresh random IV."""
    name = opaque_name(key, path)
    encoded = path.encode("utf-8")
    iv = os.urandom(_IV_BYTES)
    sealed = AESGCM(key.content).encrypt(iv, len(encoded).to_bytes(2, "big") + encoded + data, _aad(name))
    return encrypted_path(name), bytes([VERSION]) + iv + sealed


def decrypt_file(key: SiteKey, published_path: str, blob: bytes) -> tuple[str, bytes]:
    """The real path and bytes of an encrypted file; `PublishError` for a wrong key or a damaged file."""
    name = published_path.rsplit("/", 1)[-1].removesuffix(".bin")
    if blob[:1] != bytes([VERSION]):
        raise PublishError(f"{published_path} is not a weakties encrypted file of version {VERSION}")
    try:
        plain = AESGCM(key.content).decrypt(blob[1:1 + _IV_BYTES], blob[1 + _IV_BYTES:], _aad(name))
    except InvalidTag:
        raise PublishError(f"{published_path} does not open with this passphrase") from None
    length = int.from_bytes(plain[:2], "big")
    return plain[2:2 + length].decode("utf-8"), plain[2 + length:]


def keyinfo(key: SiteKey, clear: list[str]) -> bytes:
    """What the browser needs to derive the keys (nothing secret), a value to tell a wrong
    passphrase from a missing page, and the files left in clear."""
    iv = os.urandom(_IV_BYTES)
    check = iv + AESGCM(key.content).encrypt(iv, b"weakties", _CHECK_LABEL)
    info = {
        "version": VERSION,
        "kdf": {"name": "PBKDF2", "hash": "SHA-256", "iterations": key.iterations, "salt": key.salt.hex()},
        "keys": {"name": "HKDF", "hash": "SHA-256", "content": _CONTENT_LABEL, "names": _NAMES_LABEL},
        "cipher": "AES-256-GCM",
        "files": f"{ENCRYPTED_FOLDER}/",
        "check": check.hex(),
        "clear": clear,
    }
    return (json.dumps(info, indent=1) + "\n").encode()


def encrypt_site(files: dict[str, bytes | object], key: SiteKey, clear: Iterable[str],
                 base_url: str) -> dict[str, bytes | object]:
    """The published form of a rendered site: the lock page, `keyinfo.json`, the `clear` files
    as they are, and every other file encrypted under its opaque name. The rendered 404 page is
    replaced by one that names nothing, as GitHub serves it in clear at any missing path. A file
    that stands as `ON_DISK` was written in its published form as it was made (`encrypting`)."""
    clear = sorted(set(clear) & files.keys())
    published = {path: files[path] for path in clear}
    for path, data in files.items():
        if path in published or path == NOT_FOUND:
            continue
        if data is ON_DISK:
            published[encrypted_path(opaque_name(key, path))] = ON_DISK
        else:
            name, blob = encrypt_file(key, path, data)
            published[name] = blob
    published.update(lock_page(base_url))
    published[KEYINFO] = keyinfo(key, clear)
    return published


def encrypting(write: Callable[[str, bytes], None], key: SiteKey, clear: Iterable[str]) -> Callable[[str, bytes], None]:
    """`write` given each file of a site in its published form, as `encrypt_site` makes it: so
    that an encrypted site too is written page by page as it is rendered, not held whole."""
    clear = set(clear)

    def write_published(path: str, data: bytes) -> None:
        if path in clear:
            write(path, data)
        elif path != NOT_FOUND:
            write(*encrypt_file(key, path, data))
    return write_published


def lock_page(base_url: str) -> dict[str, bytes]:
    """The files of the lock page: the same for every site, but for the 404 page's base URL."""
    folder = resources.files("site_builder").joinpath("lock")
    files = {path: folder.joinpath(path.rsplit("/", 1)[-1]).read_bytes()
             for path in ("index.html", NOT_FOUND, "lock/unlock.js", "lock/unlock.css")}
    files[NOT_FOUND] = files[NOT_FOUND].replace(b"{{ base_url }}", html.escape(base_url).encode("utf-8"))
    return files


def _aad(name: str) -> bytes:
    return f"weakties/{VERSION} {name}".encode()


def _normalized(passphrase: str) -> str:
    # The browser does the same, so that a passphrase typed on a phone matches the secret.
    return unicodedata.normalize("NFC", passphrase.strip())


def _salt_from_hex(text: str, where: str) -> bytes:
    try:
        salt = bytes.fromhex(text)
    except ValueError:
        salt = b""
    if len(salt) < SALT_BYTES:
        raise PublishError(f"{where}: a salt is at least {SALT_BYTES * 2} hexadecimal digits "
                           f"(the \"salt\" in a published {KEYINFO})")
    return salt
