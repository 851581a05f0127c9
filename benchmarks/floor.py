"""The floor: the least a Python build of these files can cost with the libraries weakties is
built on, doing nothing but their own work.

For every Markdown file of a network it reads the file, parses its front matter with
python-frontmatter (PyYAML's C loader when there is one), converts its body with
Python-Markdown (the extensions weakties uses for notes), renders a one-line Jinja template
with the name and the HTML, and writes the page into a folder of its own (as weakties writes
`people/<slug>/index.html`), on every core. No check, no model, no links, no queue, no
indexes, no exports, no search: what is left of weakties' cold build beyond this is what its
own features cost.

    python benchmarks/floor.py NETWORK_DIR OUT_DIR [--processes N]

It prints the wall time and the CPU seconds (user + sys, of it and its worker processes).
`bench.py --floor` runs it in the same sitting as weakties and Hugo.
"""

from __future__ import annotations

import argparse
import os
import resource
import time
from multiprocessing import Pool
from pathlib import Path

import frontmatter
import jinja2
import markdown
import yaml

PAGE = jinja2.Environment(autoescape=True).from_string(
    "<!doctype html><title>{{ name }}</title><main><h1>{{ name }}</h1>{{ body }}</main>\n")
_converter: markdown.Markdown | None = None
_handler = frontmatter.YAMLHandler()
_handler.load = lambda text: yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def build_page(job: tuple[Path, Path]) -> None:
    source, out = job
    global _converter
    if _converter is None:
        _converter = markdown.Markdown(extensions=["tables", "fenced_code", "sane_lists"], output_format="html")
    post = frontmatter.loads(source.read_text(encoding="utf-8"), handler=_handler)
    body = _converter.reset().convert(post.content)
    html = PAGE.render(name=post.get("name") or source.stem, body=jinja2.utils.markupsafe.Markup(body))
    folder = out / source.parent.name / source.stem
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.html").write_text(html, encoding="utf-8")


def build(network: Path, out: Path, processes: int | None = None) -> int:
    """Build every page of `network` into `out`; the number of pages."""
    jobs = [(path, out) for folder in ("people", "interviews") for path in sorted((network / folder).glob("*.md"))]
    with Pool(processes) as pool:
        for _ in pool.imap_unordered(build_page, jobs, chunksize=64):
            pass
    return len(jobs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("network", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--processes", type=int, default=None, help="default: one per core")
    arguments = parser.parse_args()
    started = time.perf_counter()
    pages = build(arguments.network, arguments.out, arguments.processes)
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
    print(f"{pages} pages in {time.perf_counter() - started:.2f} s, {cpu:.2f} CPU s ({os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
