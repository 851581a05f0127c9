"""Save-to-reloaded latency of `ties serve`.

Starts the real `ties serve` on a copy of a network, listens to its reload signal as a browser
does, saves a change to one person's file, and measures the time until the signal arrives and
the changed page has been fetched again. Prints the median and the slowest of several saves,
for a change to the notes (the model stays; only the pages showing them are made again) and
to a field of the front matter (the whole model is made again).

    python benchmarks/latency.py [--sizes sample 1000 10000] [--shape realistic] [--saves 15]
"""

from __future__ import annotations

import argparse
import http.client
import json
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generate import IN_TOUCH, SHAPES, default_interviews, generate

REPO = Path(__file__).resolve().parent.parent
TODAY = "2026-11-26"
PAUSE = 4.0  # seconds between saves: the exports that follow a rebuild are made by then


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def make_network(size: str, folder: Path, shape: str = "synthetic") -> str:
    """Write the network and return the slug of the person edited: one in the middle, with notes."""
    if size == "sample":
        for name in ("people", "interviews"):
            shutil.copytree(REPO / name, folder / name)
        shutil.copy(REPO / "pyproject.toml", folder / "pyproject.toml")
        return "daniel-osei"
    people = int(size)
    generate(folder, people, default_interviews(people, shape), shape=shape)
    middle = people // 2
    return f"person-{middle if shape == 'synthetic' else middle // IN_TOUCH * IN_TOUCH:05d}"


class Events:
    """The server's reload signal, read as the page's script reads it."""

    def __init__(self, port: int):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.connection.request("GET", "/__ties__/events")
        self.stream = self.connection.getresponse()

    def next_state(self) -> dict:
        while True:
            line = self.stream.fp.readline()
            if line.startswith(b"data: "):
                return json.loads(line[6:])


def edited(original: str, part: str, number: int) -> tuple[str, str]:
    """The file with a change to its notes or to its title, and the text the page then shows."""
    if part == "notes":
        return original + f"\nEdited {number}.\n", f"Edited {number}."
    title = re.search(r"^title: (.*)$", original, re.MULTILINE).group(1)
    return original.replace(f"title: {title}", f"title: {title} {number}", 1), f"{title} {number}"


def measure(size: str, saves: int, part: str, shape: str = "synthetic") -> list[float]:
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        slug = make_network(size, root, shape)
        port = free_port()
        server = subprocess.Popen([sys.executable, "-m", "site_builder", "serve", "--root", str(root),
                                   "--port", str(port), "--today", TODAY],
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            for line in server.stdout:  # served, and its first search index made (it would compete)
                if line.startswith("Search index updated") or "full-text search" in line:
                    break
            events = Events(port)
            state = events.next_state()
            file = root / "people" / f"{slug}.md"
            original = file.read_text()
            timings = []
            for number in range(saves):
                time.sleep(PAUSE)  # a person reads the page and types between saves
                started = time.perf_counter()
                text, shown = edited(original, part, number)
                file.write_text(text)
                while True:
                    latest = events.next_state()
                    if latest["version"] != state["version"]:
                        break
                state = latest
                page = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                page.request("GET", f"/people/{slug}/index.html")
                body = page.getresponse().read()
                timings.append(time.perf_counter() - started)
                assert shown.encode() in body
            return timings
        finally:
            server.terminate()
            server.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", nargs="+", default=["sample", "1000", "10000"])
    parser.add_argument("--shape", choices=SHAPES, default="synthetic",
                        help="synthetic: everyone has notes; realistic: as imported from LinkedIn, 1 %% with notes")
    parser.add_argument("--saves", type=int, default=15)
    arguments = parser.parse_args()
    print("| network | notes edited: median | slowest | a field edited: median | slowest |")
    print("|---|---|---|---|---|")
    for size in arguments.sizes:
        cells = []
        for part in ("notes", "field"):
            timings = measure(size, arguments.saves, part, arguments.shape)
            cells += [f"{statistics.median(timings) * 1000:,.0f} ms", f"{max(timings) * 1000:,.0f} ms"]
        label = ("sample" if size == "sample" else f"{int(size):,} people + "
                 f"{default_interviews(int(size), arguments.shape):,} interviews ({arguments.shape})")
        print(f"| {label} | {' | '.join(cells)} |", flush=True)


if __name__ == "__main__":
    main()
