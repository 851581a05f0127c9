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
    return parser


def main(argv: list[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    if not arguments.root.is_dir():
        print(f"ties: {arguments.root} is not a folder", file=sys.stderr)
        return 2
    site = Site(arguments.root, arguments.today)
    return {"check": _check, "build": _build, "queue": _queue}[arguments.command](site, arguments)


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
    groups = grouped(checked.queue, site.today)
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
