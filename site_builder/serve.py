"""`ties serve`: the built site over HTTP on this machine, reloaded in the browser on change.

HTML pages are served with a small script added (never written to the output) that listens
on `/__ties__/events` (server-sent events) and reloads the page when the output changed, or
shows the build's errors over the page until they are fixed.
"""

from __future__ import annotations

import errno
import json
import socket
import sys
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .watch import BuildState, Rebuilder

LIVE_PREFIX = "/__ties__/"
KEEPALIVE_SECONDS = 15.0


class PortInUse(Exception):
    """The port is taken; `suggestion` is a free one nearby, if any."""

    def __init__(self, port: int, suggestion: int | None):
        super().__init__(port, suggestion)
        self.port, self.suggestion = port, suggestion


def live_script() -> bytes:
    return resources.files("site_builder").joinpath("live.js").read_bytes()


def state_message(state: BuildState) -> bytes:
    data = {"version": state.version, "ok": state.ok,
            "errors": [d.as_dict() for d in state.diagnostics]}
    return f"data: {json.dumps(data)}\n\n".encode()


class LiveHandler(SimpleHTTPRequestHandler):
    """Serves the output folder, refuses anything outside it, and adds the live-reload script."""

    rebuilder: Rebuilder
    server_version = "ties"

    def log_message(self, format, *args):  # quiet: the terminal is for build messages
        pass

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
        tag = (f'<script src="{LIVE_PREFIX}live.js" data-version="{self.rebuilder.state.version}" '
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

    def handle_error(self, request, client_address):
        """A browser that closes a tab mid-answer is normal; anything else is worth a word."""
        error = sys.exc_info()[1]
        if not isinstance(error, ConnectionError):
            print(f"ties: the server could not answer {client_address[0]}: {error!r}", file=sys.stderr)

    def shutdown(self):
        self.stopping = True
        super().shutdown()


def make_server(rebuilder: Rebuilder, host: str, port: int) -> LiveServer:
    """An HTTP server for the output folder; raises `PortInUse` when the port is taken."""
    handler = type("Handler", (LiveHandler,), {"rebuilder": rebuilder})
    factory = partial(handler, directory=str(rebuilder.out))
    server_class = type("LiveServer6", (LiveServer,), {"address_family": socket.AF_INET6}) if ":" in host else LiveServer
    try:
        return server_class((host, port), factory)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise PortInUse(port, free_port_near(host, port)) from None
        raise


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

