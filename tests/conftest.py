"""Shared fixtures: small networks written inline, checked on a fixed day.

A test writes the files it needs as a dict of relative path -> text (dedented, so the front
matter can be indented like the code around it) and gets back the root folder.
"""

from __future__ import annotations

import textwrap
from datetime import date
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
