"""The README's picture of the site, docs/screenshot.png: made by the browser the tests drive,
from the sample network, small enough to keep in the repository.

    TIES_UPDATE_SCREENSHOT=1 python -m pytest tests/test_screenshot.py

makes it again (after a change to the theme, say); without it, the test only checks it.
"""

from __future__ import annotations

import os
import struct
from pathlib import Path

import pytest
from conftest import TODAY

from site_builder.site import Site

REPO = Path(__file__).resolve().parent.parent
SCREENSHOT = REPO / "docs" / "screenshot.png"
WIDTH, HEIGHT = 960, 600
LARGEST = 150_000  # bytes: every clone carries it


def png_size(data: bytes) -> tuple[int, int]:
    """The width and height of a PNG image, from its header."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR", "not a PNG file"
    return struct.unpack(">II", data[16:24])


def test_the_screenshot_is_a_small_picture_of_the_dashboard():
    data = SCREENSHOT.read_bytes()
    assert png_size(data) == (WIDTH, HEIGHT)
    assert len(data) < LARGEST


@pytest.mark.slow
def test_the_screenshot_can_be_made_again(browser, serve, tmp_path):
    out = tmp_path / "site"
    assert Site(REPO, today=TODAY).build(out).built
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, color_scheme="light")
    try:
        page = context.new_page()
        page.goto(serve(out) + "index.html")
        data = page.screenshot(type="png")
    finally:
        context.close()
    assert png_size(data) == (WIDTH, HEIGHT) and len(data) < LARGEST
    if os.environ.get("TIES_UPDATE_SCREENSHOT"):
        SCREENSHOT.write_bytes(data)
