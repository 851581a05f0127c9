"""The encrypted site: every rendered file encrypted, behind a lock page.

The output is a lock page (`index.html`, `404.html`, `lock/`) holding no data of yours,
`keyinfo.json` (salt and parameters), the theme's static files, and every other file as
`e/<name>.bin`, where the name is an HMAC of the file's path. The lock page's script derives
the same keys from the passphrase in the browser and decrypts each page it shows.

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
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import resources

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

from ..output.folder import ON_DISK
from .modes import SALT_BYTES, PublishError, normalized_passphrase, salt_from_hex

ITERATIONS = 600_000
VERSION = 1
KEYINFO = "keyinfo.json"
NOT_FOUND = "404.html"
ENCRYPTED_FOLDER = "e"
_IV_BYTES = 12
_CONTENT_LABEL = "weakties/1 content"
_NAMES_LABEL = "weakties/1 names"
_CHECK_LABEL = b"weakties/1 check"


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
        return salt_from_hex(info["kdf"]["salt"], KEYINFO)
    except (ValueError, KeyError, TypeError, AttributeError, PublishError):
        return None


def derive_key(passphrase: str, salt: bytes, iterations: int = ITERATIONS) -> SiteKey:
    secret = PBKDF2HMAC(hashes.SHA256(), 32, salt, iterations).derive(normalized_passphrase(passphrase).encode("utf-8"))

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
    folder = resources.files("site_builder.publish").joinpath("lock")
    files = {path: folder.joinpath(path.rsplit("/", 1)[-1]).read_bytes()
             for path in ("index.html", NOT_FOUND, "lock/unlock.js", "lock/unlock.css")}
    files[NOT_FOUND] = files[NOT_FOUND].replace(b"{{ base_url }}", html.escape(base_url).encode("utf-8"))
    return files


def _aad(name: str) -> bytes:
    return f"weakties/{VERSION} {name}".encode()

