"""Shared fixtures: small networks written inline, checked on a fixed day.

A test writes the files it needs as a dict of relative path -> text (dedented, so the front
matter can be indented like the code around it) and gets back the root folder.
"""

from __future__ import annotations

import functools
import os
import textwrap
import threading
from datetime import date
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from site_builder.site import Site

TODAY = date(2026, 11, 26)


def _write(root: Path, files: dict[str, str | bytes]) -> Path:
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
    return root


@pytest.fixture
def network(tmp_path):
    """`network({"people/ada.md": "---\\nname: Ada\\n---\\n"})` writes a network; returns its root."""
    root = tmp_path / "network"
    root.mkdir()

    def write(files: dict[str, str | bytes]) -> Path:
        return _write(root, files)
    return write


@pytest.fixture
def check(network):
    """Write a network and check it on TODAY; returns `Checked`."""
    def run(files: dict[str, str | bytes], today: date = TODAY):
        return Site(network(files), today=today).check()
    return run


@pytest.fixture
def diagnostics(check):
    """Write a network and return its diagnostics as (file, line, severity, message) tuples."""
    def run(files: dict[str, str | bytes]):
        return [(d.file, d.line, d.severity, d.message) for d in check(files).diagnostics]
    return run


@pytest.fixture
def queue(check):
    """Write a network and return its follow-up queue, or only the items of one kind."""
    def run(files: dict[str, str | bytes], kind: str | None = None):
        items = check(files).queue
        return [item for item in items if kind is None or item.kind == kind]
    return run


@pytest.fixture(autouse=True)
def separate_cache(tmp_path_factory, monkeypatch):
    """Each test gets its own ties cache, away from the user's."""
    monkeypatch.setenv("TIES_CACHE_DIR", str(tmp_path_factory.mktemp("ties-cache")))


# The browser tests: Debian's chromium (or $CHROMIUM) driven by Playwright, which downloads none.
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGUMENTS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
             "--no-first-run"]


def _unavailable(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"{reason}: the browser tests cannot run in CI without it")
    pytest.skip(reason)


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="module")
def serve():
    """serve(folder) -> the address of `folder` on a real HTTP server on 127.0.0.1."""
    servers = []

    def start(folder: Path) -> str:
        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"
    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).is_file():
        _unavailable(f"no chromium at {CHROMIUM} (apt-get install chromium, or set CHROMIUM)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright is not installed (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGUMENTS)
        yield launched
        launched.close()
