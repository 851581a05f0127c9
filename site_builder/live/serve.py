"""`ties serve`: the built site over HTTP on this machine, reloaded in the browser on change.

HTML pages are served with a small script added (never written to the output) that listens
on `/__ties__/events` (server-sent events) and reloads the page when the output changed, or
shows the build's errors over the page until they are fixed.

It answers only requests addressed to it by one of its own names (`ServedAddress`): a page on
another site can make its own name resolve to 127.0.0.1 (DNS rebinding) and would otherwise
read the whole network as if it were that site's.

Its pages can also act on the queue (`Edits`): a click on "Done" posts the item, as the page
showed it, to `/__ties__/edit`. Such a write is refused, whatever it carries, unless it comes
from one of the server's own pages (its `Origin`), as JSON (no form can send that), with the
secret made at this start of the server (which only its pages are given, and no file holds),
naming the digest of the file as the page was built from it.
"""

from __future__ import annotations

import errno
import hmac
import html
import ipaddress
import json
import re
import secrets
import socket
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .watch import BuildState, Rebuilder

LIVE_PREFIX = "/__ties__/"
EDIT_PATH = LIVE_PREFIX + "edit"
# bytes: an item, a date and a note, or a section of an interview's notes (64 Ki characters, each
# at most 4 bytes of UTF-8). Read only once a request is known to come from one of its own pages.
MAX_EDIT_REQUEST = 4 * 64 * 1024 + 16 * 1024
KEEPALIVE_SECONDS = 15.0
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
EVERY_ADDRESS = ("0.0.0.0", "::", "")
# A name, an IPv4 address or a bracketed IPv6 one, then perhaps a port: the `Host` header's syntax.
_HOST = re.compile(r"(\[[0-9a-f:.]+\]|[^\[\]:/@?#\s]+)(?::([0-9]{1,5}))?")


def split_host(text: str) -> tuple[str, int | None] | None:
    """`name[:port]` as (name, port or None), the name lower-cased, without the brackets of an
    IPv6 address, an IP address written the one way and a fully qualified name's final dot
    (`localhost.`) dropped; None if `text` is not a host."""
    match = _HOST.fullmatch(text.strip().lower())
    if not match:
        return None
    name, port = match.group(1), match.group(2)
    name = name[1:-1] if name.startswith("[") else name.removesuffix(".")
    try:
        name = str(ipaddress.ip_address(name))
    except ValueError:
        if ":" in name:  # brackets around something that is not an IPv6 address
            return None
    return name, int(port) if port else None


@dataclass(frozen=True)
class ServedAddress:
    """The names a request may address this server by.

    `names` pairs each name with the one port it must come with, or None for any port (a name
    added for a proxy or a tunnel, whose port is theirs). A server listening `everywhere` also
    answers the address a request arrived at, with its port: that one is this machine's by
    definition, and no list made at start-up keeps up with a laptop's next Wi-Fi address.
    """

    url: str
    port: int
    names: frozenset[tuple[str, int | None]]
    everywhere: bool = False

    def accepts_host(self, host: str | None, arrived_at: str | None = None) -> bool:
        """Whether a request with this `Host` header (None: none), which reached this machine at
        the address `arrived_at`, is addressed to this server."""
        if host is None:
            return False
        if self._accepts(host, default_port=80):
            return True
        written, local = split_host(host), _plain_address(arrived_at)
        return (self.everywhere and written is not None and local is not None
                and written == (local, self.port))

    def accepts_origin(self, origin: str | None) -> bool:
        """Whether a request with this `Origin` header (None: none, as a page's own requests
        send) comes from a page of this server."""
        if origin is None:
            return True
        scheme, _, host = origin.partition("://")
        default_ports = {"http": 80, "https": 443}  # https: the page came through a proxy
        return scheme.lower() in default_ports and self._accepts(host, default_ports[scheme.lower()])

    def _accepts(self, text: str, default_port: int) -> bool:
        host = split_host(text)
        if host is None:
            return False
        name, port = host[0], host[1] or default_port
        return (name, port) in self.names or (name, None) in self.names

    def shown(self) -> list[str]:
        """The names as a `Host` header writes them, for the terminal."""
        names = sorted((f"[{name}]" if ":" in name else name) + (f":{port}" if port else "")
                       for name, port in self.names)
        return names + [f"this machine's addresses with :{self.port}"] * self.everywhere


def _plain_address(address: str | None) -> str | None:
    """An IP address written the one way, an IPv4 address reached over IPv6 (`::ffff:a.b.c.d`)
    as IPv4; None if it is not one."""
    try:
        parsed = ipaddress.ip_address(address or "")
    except ValueError:
        return None
    return str(getattr(parsed, "ipv4_mapped", None) or parsed)


def served_address(host: str, port: int, added: Iterable[str] = ()) -> ServedAddress:
    """The names of a server listening on `host` and `port` (the bound one): the loopback names
    and `host`, this machine's name when `host` is every address, and the names `added`
    (`NAME` or `NAME:PORT`) for a reverse proxy or a tunnel."""
    everywhere = host in EVERY_ADDRESS
    own = [*LOOPBACK_NAMES, *(_own_names() if everywhere else (host,))]
    names = {split_host(name) for name in added}
    for name in own:
        written = split_host(f"[{name}]" if ":" in name else name)
        if written:  # not an address with a zone (`fe80::1%eth0`), which no browser sends
            names.add((written[0], port))
    url = page_url(socket.gethostname() if everywhere else host, port)
    return ServedAddress(url, port, frozenset(names), everywhere=everywhere)


def _own_names() -> list[str]:
    """This machine's name, fully qualified too, and the addresses they resolve to."""
    names = [socket.gethostname(), socket.getfqdn()]
    for name in dict.fromkeys(names):
        try:
            names += [info[4][0] for info in socket.getaddrinfo(name, None, proto=socket.IPPROTO_TCP)]
        except OSError:
            continue
    return list(dict.fromkeys(names))


@dataclass(frozen=True)
class Edits:
    """Whether the served pages may write the user's files, and how.

    `act` makes the edit a request asks for (its JSON, already checked to come from a page of
    this server) and gives the HTTP status and the JSON answer; None when edits are off, as
    they are for a server listening beyond this machine unless asked (`off_because` says why,
    in the page). `secret` is made anew at each start."""

    act: Callable[[dict], tuple[HTTPStatus, dict]] | None = None
    off_because: str = "this server does not edit files"
    secret: str = field(default_factory=lambda: secrets.token_urlsafe(32))

    @property
    def on(self) -> bool:
        return self.act is not None


def _files_named(page: bytes) -> set[str]:
    """The content files a page's queue items come from, and their people's files (their
    `data-file` and `data-person-file`)."""
    return {html.unescape(name.decode("utf-8", "replace")) for name in _DATA_FILE.findall(page)}


_DATA_FILE = re.compile(rb'data-(?:person-)?file="([^"]*)"')


class PortInUse(Exception):
    """The port is taken; `suggestion` is a free one nearby, if any."""

    def __init__(self, port: int, suggestion: int | None):
        super().__init__(port, suggestion)
        self.port, self.suggestion = port, suggestion


def live_script() -> bytes:
    return resources.files("site_builder.live").joinpath("live.js").read_bytes()


def state_message(state: BuildState) -> bytes:
    data = {"version": state.version, "ok": state.ok,
            "errors": [d.as_dict() for d in state.diagnostics]}
    return f"data: {json.dumps(data)}\n\n".encode()


class LiveHandler(SimpleHTTPRequestHandler):
    """Serves the output folder, refuses anything outside it, and adds the live-reload script."""

    rebuilder: Rebuilder
    edits: Edits
    server_version = "ties"

    def log_message(self, format, *args):  # quiet: the terminal is for build messages
        pass

    def parse_request(self) -> bool:
        """The request line and headers, read; a request not addressed to this server, or one
        to the live-reload channel from another site's page, is refused here, whatever its
        method, before its path means anything."""
        if not super().parse_request():
            return False
        served = self.server.served
        hosts = self.headers.get_all("Host") or []
        if len(hosts) != 1 or not served.accepts_host(hosts[0], self.connection.getsockname()[0]):
            self._refuse(f"ties serve answers only requests addressed to {served.url}: "
                         "to reach it by another name (a proxy's or a tunnel's), start it with --allow-host NAME.")
            return False
        if urlsplit(self.path).path.startswith(LIVE_PREFIX) and not served.accepts_origin(self.headers.get("Origin")):
            self._refuse("ties serve's live reload answers only its own pages.")
            return False
        return True

    def _refuse(self, why: str) -> None:
        self.close_connection = True
        self._send(f"{why}\n".encode(), "text/plain; charset=utf-8", HTTPStatus.FORBIDDEN)

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_GET(self):
        path = urlsplit(self.path).path
        if not self._inside_site(path):
            self.send_error(HTTPStatus.FORBIDDEN, "Outside the site")
            return
        if path == LIVE_PREFIX + "live.js":
            self._send(live_script(), "text/javascript; charset=utf-8")
        elif path == LIVE_PREFIX + "events":
            self._stream_events()
        elif path.startswith(LIVE_PREFIX):
            self.send_error(HTTPStatus.NOT_FOUND)
        else:
            self._send_file(path)

    def do_HEAD(self):
        self.do_GET()  # the same answer without its body (`_send`, `send_error`), so the same length and type

    def do_POST(self):
        if urlsplit(self.path).path != EDIT_PATH:
            self._answer(HTTPStatus.NOT_FOUND, {"ok": False, "error": "ties serve takes writes only at " + EDIT_PATH})
            return
        refusal, request = self._edit_request()
        if refusal:
            self._answer(HTTPStatus.FORBIDDEN, {"ok": False, "error": refusal})
            return
        status, answer = self.edits.act(request)
        self._answer(status, answer)

    def _edit_request(self) -> tuple[str | None, dict]:
        """Why a write is refused (None: it is not) and, if not, what it asks for. Nothing it
        carries is read before its origin and kind are known to be a page of this server's."""
        if not self.edits.on:
            return f"Edits are off: {self.edits.off_because}.", {}
        if self.headers.get("Origin") is None or not self.server.served.accepts_origin(self.headers["Origin"]):
            return "ties serve takes writes only from its own pages.", {}
        if self.headers.get_content_type() != "application/json":
            return "A write is JSON (Content-Type: application/json).", {}
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            return "A write says its length (Content-Length).", {}
        if not 0 < length <= MAX_EDIT_REQUEST:
            return f"A write is at most {MAX_EDIT_REQUEST} bytes.", {}
        try:
            request = json.loads(self.rfile.read(length))
        except (UnicodeDecodeError, json.JSONDecodeError):
            return "A write is a JSON object.", {}
        if not isinstance(request, dict):
            return "A write is a JSON object.", {}
        secret = request.pop("secret", None)
        if not isinstance(secret, str) or not hmac.compare_digest(secret.encode(), self.edits.secret.encode()):
            return "This page is from an earlier start of ties serve: reload it.", {}
        return None, request

    def _answer(self, status: HTTPStatus, answer: dict) -> None:
        self.close_connection = True
        self._send(json.dumps(answer).encode(), "application/json", status)

    def _inside_site(self, path: str) -> bool:
        """False for `..` segments, encoded or not, backslashes and NUL bytes."""
        decoded = unquote(path)
        if "\\" in decoded or "\x00" in decoded:
            return False
        if any(segment == ".." for segment in decoded.split("/")):
            return False
        target = Path(self.translate_path(path)).resolve()
        root = Path(self.directory).resolve()
        return target == root or target.is_relative_to(root)

    def _send_file(self, path: str) -> None:
        file = Path(self.translate_path(path))
        if file.is_dir():
            if not path.endswith("/"):
                self.send_response(HTTPStatus.MOVED_PERMANENTLY)
                self.send_header("Location", path + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            file = file / "index.html"
        if not file.is_file():
            missing = Path(self.directory) / "404.html"
            body = missing.read_bytes() if missing.is_file() else b"Not found"
            self._send(self._with_live_script(body), "text/html; charset=utf-8", HTTPStatus.NOT_FOUND)
            return
        data = file.read_bytes()
        kind = self.guess_type(str(file))
        if file.suffix == ".html":
            data, kind = self._with_live_script(data), "text/html; charset=utf-8"
        self._send(data, kind)

    def _with_live_script(self, page: bytes) -> bytes:
        state = self.rebuilder.state
        if self.edits.on:  # the secret, and the digest of each file the page's items come from, as it was built
            digests = {name: state.made_from[name] for name in _files_named(page) if name in state.made_from}
            edits = (f'data-secret="{self.edits.secret}" data-today="{self.rebuilder.site.today.isoformat()}" '
                     f'data-digests="{html.escape(json.dumps(digests, separators=(",", ":")))}" ')
        else:
            edits = f'data-edits-off="{html.escape(self.edits.off_because)}" '
        tag = (f'<script src="{LIVE_PREFIX}live.js" data-version="{state.version}" {edits}'
               "defer></script>").encode()
        index = page.rfind(b"</body>")
        return page[:index] + tag + page[index:] if index != -1 else page + tag

    def _send(self, data: bytes, kind: str, status: HTTPStatus = HTTPStatus.OK) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _stream_events(self) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Connection", "keep-alive")
        self.end_headers()
        if self.command == "HEAD":
            return
        state = self.rebuilder.state
        try:
            self.wfile.write(state_message(state))
            self.wfile.flush()
            while not self.server.stopping:
                latest = self.rebuilder.wait_for_change(state, KEEPALIVE_SECONDS)
                message = state_message(latest) if latest is not state else b": keep-alive\n\n"
                state = latest
                self.wfile.write(message)
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, OSError):
            pass
        self.close_connection = True


class LiveServer(ThreadingHTTPServer):
    daemon_threads = True
    stopping = False
    served: ServedAddress
    # socketserver's 5: past five connections waiting to be accepted (a few tabs reloading at
    # once, each fetching its files and opening its live channel), the kernel drops a connect
    # and the client tries again a second later.
    request_queue_size = 128

    def handle_error(self, request, client_address):
        """A browser that closes a tab mid-answer is normal; anything else is worth a word."""
        error = sys.exc_info()[1]
        if not isinstance(error, ConnectionError):
            print(f"ties: the server could not answer {client_address[0]}: {error!r}", file=sys.stderr)

    def shutdown(self):
        self.stopping = True
        super().shutdown()


def make_server(rebuilder: Rebuilder, host: str, port: int, added: Iterable[str] = (),
                edits: Edits | None = None) -> LiveServer:
    """An HTTP server for the output folder, answering requests addressed to `host`, the loopback
    names or the names `added`, and making the `edits` its pages ask for (default: none);
    raises `PortInUse` when the port is taken."""
    handler = type("Handler", (LiveHandler,), {"rebuilder": rebuilder, "edits": edits or Edits()})
    factory = partial(handler, directory=str(rebuilder.out))
    server_class = type("LiveServer6", (LiveServer,), {"address_family": socket.AF_INET6}) if ":" in host else LiveServer
    try:
        server = server_class((host, port), factory)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise PortInUse(port, free_port_near(host, port)) from None
        raise
    server.served = served_address(host, server.server_address[1], added)
    return server


def free_port_near(host: str, port: int) -> int | None:
    for candidate in range(port + 1, port + 20):
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            try:
                probe.bind((host, candidate))
                return candidate
            except OSError:
                continue
    return None


def page_url(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"

