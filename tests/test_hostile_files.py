"""Files that are not notes, or are built to hurt: each is reported with its file (and line,
where it has one), never hangs or exhausts the builder, and the rest of the network builds.

The hangs are tried through `ties build` in a subprocess with a timeout, so that a hang fails
the test instead of hanging the suite.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from site_builder.content.documents import MAX_FILE_SIZE, find_content, read_document

ADA = "---\nname: Ada\n---\n"
DAY = ["--today", "2026-11-26"]


def ties(*arguments: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "site_builder", *arguments, *DAY],
                          capture_output=True, text=True, timeout=timeout)


@pytest.fixture
def no_hang():
    """A test that would wait forever fails after 20 seconds instead."""
    def give_up(*_):
        raise TimeoutError("still waiting after 20 seconds")
    previous = signal.signal(signal.SIGALRM, give_up)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def found(checked) -> list[tuple]:
    return [(d.file, d.line, d.severity, d.message) for d in checked.diagnostics]


@pytest.mark.slow
def test_a_fifo_named_like_a_note_is_reported_skipped_and_the_rest_builds(network, tmp_path):
    root = network({"people/ada.md": ADA})
    os.mkfifo(root / "people" / "x.md")
    built = ties("build", "--root", str(root), "--out", str(tmp_path / "site"), timeout=30)
    assert built.returncode == 0, built.stderr
    assert "people/x.md: warning: not a regular file" in built.stdout + built.stderr
    assert (tmp_path / "site" / "people" / "ada" / "index.html").is_file()
    assert not (tmp_path / "site" / "people" / "x").exists()


def test_check_reports_a_fifo_and_makes_nobody_of_it(check, network, no_hang):
    root = network({})
    (root / "people").mkdir()
    os.mkfifo(root / "people" / "x.md")
    checked = check({"people/ada.md": ADA})
    [(file, line, severity, message)] = found(checked)
    assert (file, line, severity) == ("people/x.md", None, "warning")
    assert message.startswith("not a regular file")
    assert list(checked.network.people) == ["ada"]


def test_reading_a_fifo_on_its_own_does_not_wait_for_a_writer(network, no_hang):
    root = network({})
    (root / "interviews").mkdir()
    os.mkfifo(root / "interviews" / "x.md")
    document = read_document(root, "interviews/x.md", "interview")
    assert document.skipped and "not a regular file" in document.diagnostics[0].message


def test_a_symlink_to_a_note_is_read(check, network):
    root = network({"notes/ada.md": "---\nname: Ada Lovelace\n---\n", "people/bo.md": "---\nname: Bo\n---\n"})
    os.symlink(root / "notes" / "ada.md", root / "people" / "ada.md")
    checked = check({})
    assert checked.diagnostics == []
    assert checked.network.people["ada"].name == "Ada Lovelace"


def test_a_folder_named_like_a_note_is_reported_and_what_it_holds_still_counts(check):
    checked = check({"people/ada.md/bo.md": "---\nname: Bo\n---\n", "people/cy.md": "---\nname: Cy\n---\n"})
    [(file, line, severity, message)] = found(checked)
    assert (file, line, severity) == ("people/ada.md", None, "warning")
    assert message.startswith("a folder, not a file")
    assert list(checked.network.people) == ["bo", "cy"]


def test_find_content_lists_a_folder_named_like_a_note(network):
    root = network({"interviews/2026.md/2026-11-01-ada.md": "---\nperson: ada\ndate: 2026-11-01\n---\n"})
    assert find_content(root) == [("interviews/2026.md", "interview"),
                                  ("interviews/2026.md/2026-11-01-ada.md", "interview")]


def test_a_file_over_the_size_limit_is_an_error_naming_it(check, network):
    root = network({"people/ada.md": ADA})
    with open(root / "people" / "huge.md", "wb") as huge:
        huge.truncate(64 * 2**30)  # sparse: 64 GiB that take no room, and would take all memory to read
    checked = check({})
    [(file, line, severity, message)] = found(checked)
    assert (file, line, severity) == ("people/huge.md", None, "error")
    assert message == "64.0 GiB is too large for a content file (at most 2 MiB): split it, or move what is not notes out of it"


def test_a_file_at_the_size_limit_is_read(check):
    checked = check({"people/ada.md": ADA + "x" * (MAX_FILE_SIZE - len(ADA))})
    assert checked.diagnostics == []


def test_a_file_grown_since_it_was_looked_at_is_read_to_its_end_or_past_the_limit(tmp_path):
    from site_builder.content.documents import _read_at_most
    path = tmp_path / "ada.md"
    path.write_bytes(bytes(range(256)) * 6000)  # 1.5 MiB, larger than the 10 bytes it was when looked at
    handle = os.open(path, os.O_RDONLY)
    try:
        assert _read_at_most(handle, 10, MAX_FILE_SIZE + 1) == path.read_bytes()
        os.lseek(handle, 0, os.SEEK_SET)
        assert _read_at_most(handle, 10, 1000) == path.read_bytes()[:1000]  # no more than the limit
    finally:
        os.close(handle)


def test_a_nul_byte_in_the_front_matter_is_an_error_on_its_line(check):
    checked = check({"people/ada.md": b"---\nname: Ada\ncompany: Ac\x00me\n---\n"})
    assert [(f, line, severity) for f, line, severity, _ in found(checked)] == [("people/ada.md", 3, "error")]
    assert "NUL byte" in checked.diagnostics[0].message


def test_a_nul_byte_in_the_notes_is_an_error_on_its_line(check):
    checked = check({"people/ada.md": b"---\nname: Ada\n---\nFirst.\nSec\x00ond.\n"})
    assert [(f, line, severity) for f, line, severity, _ in found(checked)] == [("people/ada.md", 5, "error")]


BILLION_LAUGHS = """---
name: Ada
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
topics: [*h, *h, *h, *h, *h, *h, *h, *h, *h]
---
"""


def _at_most_a_gigabyte():
    import resource
    resource.setrlimit(resource.RLIMIT_AS, (2**30, 2**30))


@pytest.mark.slow
def test_a_billion_laughs_is_an_error_on_the_line_it_goes_past_the_limit(network):
    root = network({"people/ada.md": BILLION_LAUGHS, "people/bo.md": "---\nname: Bo\n---\n"})
    checked = subprocess.run([sys.executable, "-m", "site_builder", "check", "--root", str(root), *DAY],
                             capture_output=True, text=True, timeout=60, preexec_fn=_at_most_a_gigabyte)
    assert checked.returncode == 1, checked.stderr
    assert checked.stdout.splitlines()[0] == (
        "people/ada.md:7: error: the front matter expands to more than 10,000 values through YAML aliases "
        "(&anchor / *alias): write the values out")
    assert "Checked 2 people" in checked.stdout


def test_an_alias_inside_its_own_anchor_is_an_error(check):
    checked = check({"people/ada.md": "---\nname: Ada\ntopics: &a [maths, *a]\n---\n"})
    assert [(d.line, d.severity) for d in checked.diagnostics] == [(3, "error")]
    assert "through YAML aliases" in checked.diagnostics[0].message


def test_a_few_aliases_are_read_as_their_anchors(check):
    checked = check({"people/ada.md": "---\nname: Ada\ntopics: &mine [maths, engines]\ntags: *mine\n---\n"})
    assert checked.diagnostics == []
    assert checked.network.people["ada"].tags == ("maths", "engines")


def test_a_front_matter_over_64_kib_is_an_error_on_its_first_line(check):
    checked = check({"people/ada.md": "---\nname: Ada\nhow_we_met: " + "x" * 64 * 2**10 + "\n---\n",
                     "people/bo.md": "---\nname: Bo\n---\n"})
    assert [(d.file, d.line, d.severity) for d in checked.diagnostics] == [("people/ada.md", 1, "error")]
    assert checked.diagnostics[0].message.startswith("the front matter is over 64 KiB")
