"""The `ties` command: parses arguments, calls the library, prints. Nothing else."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from . import __version__
from .diagnostics import Diagnostic
from .followups import GROUPS, grouped
from .output import OutputError
from .site import Site


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date: write YYYY-MM-DD") from None


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--root", type=Path, default=Path("."), metavar="DIR",
                        help="the folder holding people/ and interviews/ (default: the current folder)")
    common.add_argument("--today", type=_day, metavar="YYYY-MM-DD",
                        help="the date to treat as today, for reproducible output (default: today)")
    parser = argparse.ArgumentParser(prog="ties", description="A personal CRM for networking, built from Markdown.")
    parser.add_argument("--version", action="version", version=f"ties {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser("check", parents=[common], help="check every file and report all problems")
    check.add_argument("--format", choices=("text", "json", "github"), default="text")

    build = commands.add_parser("build", parents=[common], help="check, then render the site")
    build.add_argument("--out", type=Path, metavar="DIR", help="where to write the site (default: _site/)")

    queue = commands.add_parser("queue", parents=[common], help="show the follow-up queue")
    queue.add_argument("--format", choices=("text", "json"), default="text")

    serve = commands.add_parser("serve", parents=[common],
                                help="build, serve on this machine, rebuild on save and reload the browser")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--host", default="127.0.0.1", help="the address to listen on (default: 127.0.0.1)")
    serve.add_argument("--open", action="store_true", help="open the site in your browser")
    serve.add_argument("--out", type=Path, metavar="DIR", help="where to write the site (default: _site/)")

    watch = commands.add_parser("watch", parents=[common], help="rebuild the site on every save")
    watch.add_argument("--out", type=Path, metavar="DIR", help="where to write the site (default: _site/)")
    return parser


def main(argv: list[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    if not arguments.root.is_dir():
        print(f"ties: {arguments.root} is not a folder", file=sys.stderr)
        return 2
    site = Site(arguments.root, arguments.today)
    commands = {"check": _check, "build": _build, "queue": _queue, "serve": _serve, "watch": _watch}
    return commands[arguments.command](site, arguments)


def _check(site: Site, arguments) -> int:
    checked = site.check()
    if arguments.format == "json":
        print(json.dumps([d.as_dict() for d in checked.diagnostics], ensure_ascii=False, indent=2))
    elif arguments.format == "github":
        for diagnostic in checked.diagnostics:
            print(_github_annotation(diagnostic))
    else:
        _print_diagnostics(checked.diagnostics, sys.stdout)
        people, interviews = len(checked.network.people), len(checked.network.interviews)
        print(f"Checked {people} people and {interviews} interviews: {_tally(checked.diagnostics)}.")
    return 0 if checked.ok else 1


def _build(site: Site, arguments) -> int:
    try:
        result = site.build(arguments.out)
    except OutputError as error:
        print(f"ties: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"ties: cannot write the site: {error}", file=sys.stderr)
        return 1
    diagnostics = result.checked.diagnostics
    _print_diagnostics(diagnostics, sys.stderr)
    if not result.built:
        print(f"Not built: {_tally(diagnostics)}. The previous site in {result.out} is untouched.", file=sys.stderr)
        return 1
    timings = ", ".join(f"{name} {seconds:.2f}" for name, seconds in result.timings.items())
    total = sum(result.timings.values())
    network = result.checked.network
    print(f"Built {len(network.people)} people and {len(network.interviews)} interviews into {result.out}/ "
          f"({result.files} files) in {total:.2f} s ({timings}).")
    return 0


def _queue(site: Site, arguments) -> int:
    checked = site.check()
    _print_diagnostics([d for d in checked.diagnostics if d.is_error], sys.stderr)
    if arguments.format == "json":
        print(json.dumps([item.as_dict() for item in checked.queue], ensure_ascii=False, indent=2))
        return 0 if checked.ok else 1
    groups = grouped(checked.queue, checked.today)
    people = checked.network.people
    for group in GROUPS:
        if not groups[group]:
            continue
        print(f"\n{group.capitalize()} ({len(groups[group])})")
        for item in groups[group]:
            due = item.due.isoformat() if item.due else "          "
            who = people[item.person].name if item.known else item.person
            where = f"{item.file}:{item.line}" if item.line else item.file
            print(f"  {due}  {item.kind:<11}  {who}: {item.text}  [{where}]")
    if not checked.queue:
        print("Nothing to follow up. Time to reach out to someone new?")
    return 0 if checked.ok else 1


def _print_diagnostics(diagnostics: list[Diagnostic], stream) -> None:
    for diagnostic in diagnostics:
        print(diagnostic, file=stream)


def _tally(diagnostics: list[Diagnostic]) -> str:
    errors = sum(1 for d in diagnostics if d.is_error)
    warnings = len(diagnostics) - errors
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"


def _github_annotation(diagnostic: Diagnostic) -> str:
    def escape(text: str) -> str:
        return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    where = f"file={escape(diagnostic.file).replace(',', '%2C').replace(':', '%3A')}"
    if diagnostic.line:
        where += f",line={diagnostic.line}"
    return f"::{diagnostic.severity} {where}::{escape(diagnostic.message)}"


def _live(site: Site, arguments):
    """The first build and a watcher rebuilding after each change, for `serve` and `watch`."""
    from .watch import Rebuilder, Watcher

    out = arguments.out or site.default_out(site.check().config)
    rebuilder = Rebuilder(site, out, log=lambda message: print(message, flush=True))
    result = rebuilder.build()
    if result is None:
        return None, None
    if not result.built and not (out / "index.html").exists():
        print("Fix the errors above; the site will be built as soon as they are.", flush=True)
    return rebuilder, Watcher(site.root, rebuilder.build)


def _watch(site: Site, arguments) -> int:
    import time

    rebuilder, watcher = _live(site, arguments)
    if watcher is None:
        return 1
    watcher.start()
    print("Watching people/, interviews/, theme/ and pyproject.toml. Press Ctrl-C to stop.", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        watcher.stop()
    print("Stopped.")
    return 0


def _serve(site: Site, arguments) -> int:
    from .serve import PortInUse, make_server, page_url

    rebuilder, watcher = _live(site, arguments)
    if watcher is None:
        return 1
    rebuilder.out.mkdir(parents=True, exist_ok=True)
    try:
        server = make_server(rebuilder, arguments.host, arguments.port)
    except PortInUse as error:
        hint = f"; try --port {error.suggestion}" if error.suggestion else ""
        print(f"ties: port {error.port} is already in use{hint}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"ties: cannot listen on {arguments.host}:{arguments.port}: {error.strerror or error}", file=sys.stderr)
        return 1
    address = page_url(arguments.host, server.server_address[1])
    watcher.start()
    print(f"Serving {address} (rebuilding on save). Press Ctrl-C to stop.", flush=True)
    if arguments.open:
        import webbrowser

        webbrowser.open(address)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        watcher.stop()
        server.server_close()
    print("Stopped.")
    return 0
