"""The `ties` command: parses arguments, calls the library, prints. Nothing else."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from contextlib import nullcontext
from datetime import date
from pathlib import Path

from . import __version__
from .config import load_config
from .diagnostics import Diagnostic
from .edits import (KINDS, EditRefused, SeveralItems, closing_commands, done_action, items_for, log_action,
                    person_for, pick)
from .edits.acting import act, snooze_until
from .exports.tables import ExportRefused, write_export
from .incremental.collector import collector_paused
from .network.followups import GROUPS, grouped
from .network.referrals import build_referral_index
from .output.folder import OutputError
from .publish.modes import LOCAL, MODES, PublishError
from .render.drafts import DRAFT_KINDS, draft_facts, draft_item
from .render.theme_files import template_problem
from .site import Site


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date: write YYYY-MM-DD") from None


def _host(text: str) -> str:
    from .live.serve import split_host

    if split_host(text) is None:
        raise argparse.ArgumentTypeError(f"'{text}' is not a host name: write NAME or NAME:PORT")
    return text


_EXPORTS = {"csv": "contacts.csv", "json": "data.json", "vcard": "contacts.vcf", "ics": "followups.ics"}


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--root", type=Path, default=Path("."), metavar="DIR",
                        help="the folder holding people/ and interviews/ (default: the current folder)")
    common.add_argument("--today", type=_day, metavar="YYYY-MM-DD",
                        help="the date to treat as today, for reproducible output (default: today)")
    parser = argparse.ArgumentParser(prog="ties", description="A personal CRM for networking, built from Markdown.")
    parser.add_argument("--version", action="version", version=f"ties {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    init = commands.add_parser("init", help="make a folder for a new network, ready to build and publish")
    init.add_argument("folder", nargs="?", type=Path, default=Path("."), metavar="DIR",
                      help="the folder to make it in (default: the current folder)")
    init.add_argument("--example", action="store_true", help="add the fictional sample network to start from")
    init.add_argument("--force", action="store_true",
                      help="replace the files it makes if they exist (never a file in people/ or interviews/)")

    check = commands.add_parser("check", parents=[common], help="check every file and report all problems")
    check.add_argument("--format", choices=("text", "json", "github"), default="text")

    build = commands.add_parser("build", parents=[common], help="check, then render the site")
    build.add_argument("--out", type=Path, metavar="DIR", help="where to write the site (default: _site/)")
    build.add_argument("--publish", choices=MODES, metavar="MODE",
                       help=f"who may read the site: {', '.join(MODES)} (default: the configuration's, else local)")

    queue = commands.add_parser("queue", parents=[common], help="show the follow-up queue")
    queue.add_argument("--format", choices=("text", "json"), default="text")

    serve = commands.add_parser("serve", parents=[common],
                                help="build, serve on this machine, rebuild on save and reload the browser")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--host", default="127.0.0.1", help="the address to listen on (default: 127.0.0.1)")
    serve.add_argument("--allow-host", type=_host, action="append", default=[], metavar="NAME",
                       help="answer requests addressed to NAME (or NAME:PORT) too, as behind a proxy or a tunnel "
                            "(repeatable; by default only this machine's loopback names and --host are answered)")
    serve.add_argument("--allow-edits", action="store_true",
                       help="let the pages act on the queue (Done, Snooze, Log write your files) when --host is "
                            "not this machine's loopback (on a loopback host they always may)")
    serve.add_argument("--open", action="store_true", help="open the site in your browser")
    serve.add_argument("--out", type=Path, metavar="DIR", help="where to write the site (default: _site/)")
    serve.set_defaults(publish=LOCAL)  # served on this machine: everything, always

    watch = commands.add_parser("watch", parents=[common], help="rebuild the site on every save")
    watch.add_argument("--out", type=Path, metavar="DIR", help="where to write the site (default: _site/)")
    watch.set_defaults(publish=LOCAL)

    new = commands.add_parser("new", help="start a file for a person or an interview")
    kinds = new.add_subparsers(dest="kind", required=True, metavar="KIND")
    person = kinds.add_parser("person", parents=[common], help="people/<slug>.md with the fields worth filling")
    person.add_argument("name", help='their name, e.g. "Ada Lovelace"')
    person.add_argument("--company")
    person.add_argument("--title")
    person.add_argument("--introduced-by", metavar="SLUG", help="who suggested you contact them")
    interview = kinds.add_parser("interview", parents=[common],
                                 help="interviews/<date>-<slug>.md with the informational-interview questions")
    interview.add_argument("person", metavar="SLUG", help="who you speak with (a slug or their exact name)")
    interview.add_argument("--date", type=_day, metavar="YYYY-MM-DD", help="the day of the interview (default: today)")
    for parser_of_kind in (person, interview):
        parser_of_kind.add_argument("--edit", action="store_true", help="open the new file in $EDITOR")

    bring = commands.add_parser("import", help="add people from LinkedIn, a vCard file or Google Contacts")
    sources = bring.add_subparsers(dest="source", required=True, metavar="SOURCE")
    for source, what in (("linkedin", "LinkedIn's Connections.csv (from its data export)"),
                         ("vcard", "a .vcf file (vCard 2.1, 3.0 or 4.0: Apple, Google, Android)"),
                         ("google", "a Google Contacts CSV export")):
        reader = sources.add_parser(source, parents=[common], help=what)
        reader.add_argument("file", type=Path, metavar="FILE")
        reader.add_argument("--dry-run", action="store_true", help="show what would change and write nothing")

    done = commands.add_parser("done", parents=[common], help="mark an item of the queue done, in its file")
    done.add_argument("person", metavar="PERSON", help="whose item: a slug, a name or a wiki link")
    done.add_argument("kind", nargs="?", choices=KINDS, metavar="KIND",
                      help="which of their items, by kind (needed when they have several): " + ", ".join(KINDS))
    done.add_argument("--task", metavar="TEXT", help="which of their open tasks, by a part of its text")
    snooze = commands.add_parser("snooze", parents=[common], help="no reminder for a person before a day")
    snooze.add_argument("person", metavar="PERSON", help="a slug, a name or a wiki link")
    snooze.add_argument("until", metavar="UNTIL", help="a date (YYYY-MM-DD) or a time from today: 10d, 2w, 1m")
    log = commands.add_parser("log", parents=[common], help="record that you were in touch with a person")
    log.add_argument("person", metavar="PERSON", help="a slug, a name or a wiki link")
    log.add_argument("note", nargs="?", metavar="NOTE", help="what happened, added under ## Log in their notes")
    draft = commands.add_parser("draft", parents=[common], help="print the draft of the message an item asks for")
    draft.add_argument("person", metavar="PERSON", help="whose item: a slug, a name or a wiki link")
    draft.add_argument("kind", nargs="?", choices=DRAFT_KINDS, metavar="KIND",
                       help="which of their items, by kind (needed when they have several): " + ", ".join(DRAFT_KINDS))
    for acting in (done, snooze, log):
        acting.add_argument("--on", type=_day, metavar="YYYY-MM-DD", help="the day it happened (default: today)")
        acting.add_argument("--dry-run", action="store_true", help="show the change as a diff and write nothing")

    export = commands.add_parser("export", parents=[common], help="print or write contacts, data or follow-ups")
    export.add_argument("format", choices=tuple(_EXPORTS), help="csv, json, vcard (contacts.vcf) or ics (followups.ics)")
    export.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to FILE instead of printing")
    export.add_argument("--force", action="store_true", help="replace FILE if it exists")
    return parser


def main(argv: list[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    if arguments.command == "init":
        return _init(arguments)
    if not arguments.root.is_dir():
        print(f"ties: {arguments.root} is not a folder", file=sys.stderr)
        return 2
    site = Site(arguments.root, arguments.today, getattr(arguments, "publish", None))
    site.on_wait = lambda out: print(f"Waiting for another run of ties writing {out}/ ...", file=sys.stderr, flush=True)
    if arguments.command in ("build", "serve", "watch") and sys.stderr.isatty():
        site.on_progress = _Progress(sys.stderr)
    commands = {"check": _check, "build": _build, "queue": _queue, "serve": _serve, "watch": _watch,
                "new": _new, "import": _import, "export": _export, "done": _done, "snooze": _snooze, "log": _log, "draft": _draft}
    # A command that models the network once runs with the collector paused; `serve` and `watch`
    # pause it for each rebuild (`Rebuilder`), not for the life of the server.
    once = ("check", "build", "queue", "export", "done", "snooze", "log", "draft")
    paused = collector_paused() if arguments.command in once else nullcontext()
    try:
        with paused:
            status = commands[arguments.command](site, arguments)
        sys.stdout.flush()  # here, where a reader gone away can be told apart from a failure
        return status
    except BrokenPipeError:
        # The output's reader stopped reading (`ties queue | head`): stop quietly, as `cat` does.
        # What is still buffered goes nowhere, so that Python's last flush does not fail too.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


class _Progress:
    """How a long build goes, on one line of the terminal rewritten as it goes (at most ten times
    a second) and erased when each part is done."""

    def __init__(self, stream):
        self.stream, self.what, self.shown = stream, "", 0.0

    def __call__(self, what: str, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and what == self.what and now - self.shown < 0.1:
            return
        self.what, self.shown = what, now
        self.stream.write(f"\r\033[K{what}: {done:,} of {total:,}" if done < total else "\r\033[K")
        self.stream.flush()


def _check(site: Site, arguments) -> int:
    report = site.report()
    if arguments.format == "json":
        print(json.dumps([d.as_dict() for d in report.diagnostics], ensure_ascii=False, indent=2))
    elif arguments.format == "github":
        for diagnostic in report.diagnostics:
            print(_github_annotation(diagnostic))
    else:
        _print_diagnostics(report.diagnostics, sys.stdout)
        print(f"Checked {report.people} people and {report.interviews} interviews: {_tally(report.diagnostics)}.")
    return 0 if report.ok else 1


def _build(site: Site, arguments) -> int:
    try:
        result = site.build(arguments.out)
    except (OutputError, PublishError) as error:
        print(f"ties: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"ties: cannot write the site: {error}", file=sys.stderr)
        return 1
    if result.up_to_date:
        _print_diagnostics(result.diagnostics, sys.stderr)
        people, interviews = result.counts
        print(f"{result.out}/ is up to date: nothing changed since it was built from {people} people and "
              f"{interviews} interviews ({result.timings.get('up to date?', 0):.2f} s).")
        return 0
    diagnostics = result.checked.diagnostics
    _print_diagnostics(diagnostics, sys.stderr)
    if not result.built:
        print(f"Not built: {_tally(diagnostics)}. The previous site in {result.out} is untouched.", file=sys.stderr)
        return 1
    timings = ", ".join(f"{name} {seconds:.2f}" for name, seconds in result.timings.items())
    total = sum(result.timings.values())
    network = result.checked.network
    print(f"Built {len(network.people)} people and {len(network.interviews)} interviews into {result.out}/ "
          f"({result.files} files, {result.checked.config.publish}) in {total:.2f} s ({timings}).")
    return 0


def _queue(site: Site, arguments) -> int:
    checked = site.check()
    _print_diagnostics([d for d in checked.diagnostics if d.is_error], sys.stderr)
    if arguments.format == "json":
        print(json.dumps([item.as_dict() for item in checked.queue], ensure_ascii=False, indent=2))
        return 0 if checked.ok else 1
    groups = grouped(checked.queue, checked.today)
    people = checked.network.people
    commands = closing_commands(checked.queue)
    for group in GROUPS:
        if not groups[group]:
            continue
        print(f"\n{group.capitalize()} ({len(groups[group])})")
        for item in groups[group]:
            due = item.due.isoformat() if item.due else "          "
            who = people[item.person].name if item.known else item.person
            where = f"{item.file}:{item.line}" if item.line else item.file
            print(f"  {due}  {item.kind:<11}  {who}: {item.text}  [{where}]")
            if item in commands:
                print(f"{'':14}{commands[item]}")
    if not checked.queue:
        print("Nothing to follow up. Time to reach out to someone new?")
    return 0 if checked.ok else 1


def _done(site: Site, arguments) -> int:
    checked = site.check()
    try:
        who, items = items_for(checked.network, checked.queue, arguments.person)
        item = pick(items, who, arguments.kind, arguments.task)
        action = done_action(checked.network, item, arguments.on or site.today)
    except SeveralItems as several:
        print(f"ties: {several}:", file=sys.stderr)
        commands = closing_commands(checked.queue)
        for item in several.items:
            due = item.due.isoformat() if item.due else "no due date"
            print(f"  {item.kind:<11}  {due:<10}  {item.text}", file=sys.stderr)
            if item in commands:
                print(f"{'':15}{commands[item]}", file=sys.stderr)
        return 2
    except EditRefused as refusal:
        print(f"ties: {refusal}", file=sys.stderr)
        return 1
    return _carry_out(site, checked, action, arguments.dry_run)


def _draft(site: Site, arguments) -> int:
    import jinja2  # (loaded with the theme: the other commands that need none start sooner)
    checked = site.check()
    _print_diagnostics([d for d in checked.diagnostics if d.is_error], sys.stderr)
    network = checked.network
    try:
        item = draft_item(network, checked.queue, arguments.person, arguments.kind)
        facts = draft_facts(network, build_referral_index(network), item, checked.config, checked.today)
        text = site.theme.drafts.render(item.kind, facts)
    except SeveralItems as several:
        print(f"ties: {several}:", file=sys.stderr)
        for item in several.items:
            due = item.due.isoformat() if item.due else "no due date"
            print(f"  {item.kind:<11}  {due:<10}  {item.text}", file=sys.stderr)
            print(f"{'':15}ties draft {item.person} {item.kind}", file=sys.stderr)
        return 2
    except EditRefused as refusal:
        print(f"ties: {refusal}", file=sys.stderr)
        return 1
    except jinja2.TemplateError as error:
        print(template_problem(error, site.root), file=sys.stderr)
        return 1
    print(text.as_text(), end="")
    return 0 if checked.ok else 1


def _snooze(site: Site, arguments) -> int:
    checked = site.check(queue=False)
    try:
        person = person_for(checked.network, arguments.person)
        action = snooze_until(person, arguments.until, arguments.on or site.today)
    except EditRefused as refusal:
        print(f"ties: {refusal}", file=sys.stderr)
        return 1
    return _carry_out(site, checked, action, arguments.dry_run)


def _log(site: Site, arguments) -> int:
    checked = site.check(queue=False)
    try:
        person = person_for(checked.network, arguments.person)
    except EditRefused as refusal:
        print(f"ties: {refusal}", file=sys.stderr)
        return 1
    return _carry_out(site, checked, log_action(person, arguments.on or site.today, arguments.note),
                      arguments.dry_run)


def _carry_out(site: Site, checked, action, dry_run: bool) -> int:
    """Make the edit (or show it, in a dry run) and print what changed, as `file:line: text`."""
    try:
        acted = act(site.root, checked, action, dry_run=dry_run)
    except EditRefused as refusal:
        print(f"ties: {refusal}", file=sys.stderr)
        return 1
    if dry_run and acted.changed:
        print(acted.change.diff(), end="")
    else:
        for line in acted.said():
            print(line)
    if acted.note:
        print(f"note: {acted.note}", file=sys.stderr)
    return 0


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
    from .live.watch import Rebuilder, Watcher

    out = arguments.out or site.default_out(load_config(site.root)[0])
    rebuilder = Rebuilder(site, out, log=lambda message: print(message, flush=True), pause=collector_paused)
    result = rebuilder.build()
    site.on_progress = None  # the rebuilds after it are quick, and the search index is made in the background
    if result is None:
        return None, None
    if not result.built and not (out / "index.html").exists():
        print("Fix the errors above; the site will be built as soon as they are.", flush=True)
    return rebuilder, Watcher(site.root, rebuilder.build, on_settled=rebuilder.recheck)


def _stop_as_on_ctrl_c() -> None:
    """Make `kill` (SIGTERM) and a closed terminal (SIGHUP) stop `serve` and `watch` as Ctrl-C
    does: cleanly, stopping a search index under way, rather than at once, leaving it running."""
    import signal

    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.default_int_handler)


def _watch(site: Site, arguments) -> int:
    rebuilder, watcher = _live(site, arguments)
    if watcher is None:
        return 1
    _stop_as_on_ctrl_c()
    watcher.start()
    print("Watching people/, interviews/, theme/ and pyproject.toml. Press Ctrl-C to stop.", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        watcher.stop()
        rebuilder.close()
    print("Stopped.")
    return 0


def _serve(site: Site, arguments) -> int:
    from .live.actions import page_edits
    from .live.serve import PortInUse, make_server, page_url

    rebuilder, watcher = _live(site, arguments)
    if watcher is None:
        return 1
    rebuilder.out.mkdir(parents=True, exist_ok=True)
    edits = page_edits(rebuilder, arguments.host, arguments.allow_edits, arguments.allow_host)
    try:
        server = make_server(rebuilder, arguments.host, arguments.port, arguments.allow_host, edits)
    except PortInUse as error:
        hint = f"; try --port {error.suggestion}" if error.suggestion else ""
        print(f"ties: port {error.port} is already in use{hint}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"ties: cannot listen on {arguments.host}:{arguments.port}: {error.strerror or error}", file=sys.stderr)
        return 1
    address = page_url(arguments.host, server.server_address[1])
    _stop_as_on_ctrl_c()
    watcher.start()
    print(f"Serving {address} (rebuilding on save). Press Ctrl-C to stop.", flush=True)
    if arguments.allow_host:
        print(f"Answering requests addressed to {', '.join(server.served.shown())}.", flush=True)
    print(f"Edits from the page: {'on' if edits.on else 'off: ' + edits.off_because}.", flush=True)
    if arguments.open:
        import webbrowser

        webbrowser.open(address)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        watcher.stop()
        rebuilder.close()
        server.server_close()
    print("Stopped.")
    return 0


def _init(arguments) -> int:
    from .content import new_network

    folder = arguments.folder
    requirement = new_network.workflow_requirement(new_network.installed_version())
    files = new_network.network_files(requirement, new_network.documentation_url(), arguments.example)
    try:
        made = new_network.make_network(folder, files, force=arguments.force)
    except new_network.InitRefused as refusal:
        print(f"ties: {refusal}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"ties: cannot write in {folder}: {error.strerror or error}", file=sys.stderr)
        return 1
    notes = [path for path in made.written if path.split("/", 1)[0] in new_network.NOTE_FOLDERS]
    for path in made.folders:
        print(f"made {folder / path}/")
    for path in made.written:
        if path not in notes:
            print(f"made {folder / path}")
    for path in made.replaced:
        print(f"replaced {folder / path}")
    if notes:
        print(f"added the sample network: {len(notes)} files in people/ and interviews/")
    for path in made.kept:
        print(f"kept {folder / path}, which was there already")
    source = new_network.installed_from()
    print(f"\nThe Pages workflow installs {requirement}"
          + (f"; this ties came from {source}: to install another, set the repository variable WEAKTIES_PACKAGE"
             if source and source not in requirement
             else " (the repository variable WEAKTIES_PACKAGE can name another)")
          + ".")
    if not new_network.inside_git_repository(folder):
        _offer_git_init(folder)
    steps = ([f"cd {folder}"] if folder.resolve() != Path.cwd().resolve() else []) + ["ties build", "ties serve"]
    print("\nNext:\n" + "".join(f"  {step}\n" for step in steps), end="")
    return 0


def _offer_git_init(folder: Path) -> None:
    """Make `folder` a git repository if the user says so on a terminal; else say how."""
    import shlex
    import subprocess

    command = ["git", "init", str(folder)]
    if not sys.stdin.isatty():
        print(f"\n{folder} is not in a git repository: to keep your notes' history, run {shlex.join(command)}")
        return
    answer = input(f"\n{folder} is not in a git repository. Run {shlex.join(command)}? [y/N] ")
    if answer.strip().lower() not in ("y", "yes"):
        return
    try:
        subprocess.run(command, check=True)
    except (OSError, subprocess.CalledProcessError) as error:
        print(f"ties: git init did not work ({error}); run it yourself", file=sys.stderr)


def _new(site: Site, arguments) -> int:
    from .content.new_files import AuthoringError, new_interview, new_person

    try:
        if arguments.kind == "person":
            path, notes = new_person(site.root, arguments.name, site.today, arguments.company, arguments.title,
                                     arguments.introduced_by)
        else:
            path, notes = new_interview(site.root, arguments.person, arguments.date or site.today), []
    except AuthoringError as error:
        print(f"ties: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"ties: cannot write the file: {error.strerror or error}", file=sys.stderr)
        return 1
    print(path)
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    return _open_in_editor(path) if arguments.edit else 0


def _open_in_editor(path: Path) -> int:
    import os
    import shlex
    import subprocess

    editor = os.environ.get("EDITOR", "").strip()
    if not editor:
        print("ties: set $EDITOR to open the file (for example: export EDITOR=nano)", file=sys.stderr)
        return 1
    try:
        return subprocess.run([*shlex.split(editor), str(path)]).returncode
    except OSError as error:
        print(f"ties: cannot start $EDITOR ({editor}): {error.strerror or error}", file=sys.stderr)
        return 1


def _import(site: Site, arguments) -> int:
    from .importers.contacts import SourceError
    from .importers.google import read_google_contacts
    from .importers.linkedin import read_connections
    from .importers.plan import run_import
    from .importers.vcard import read_vcards

    readers = {"linkedin": read_connections, "vcard": read_vcards, "google": read_google_contacts}
    try:
        found = readers[arguments.source](arguments.file)
    except SourceError as error:
        print(f"ties: {error}", file=sys.stderr)
        return 1
    result = run_import(site.root, found, site.today, arguments.dry_run)
    name = arguments.file.name
    for notice in result.plan.notices:
        print(f"note: {notice}")
    for outcome in result.plan.outcomes:
        print(f"{name} {outcome}")
        for value in outcome.kept:
            print(f"    kept {value}")
        for value in outcome.left_out:
            print(f"    left out {value}")
    if arguments.dry_run:
        for change in result.plan.changes:
            if change.new:
                print(f"would create {change.file}:")
                print("".join(f"    {line}\n" for line in change.text().splitlines()), end="")
            else:
                print(f"would add to {change.file}:")
                print("".join(f"    + {line}\n" for line in change.lines()), end="")
                if change.note:
                    print("".join(f"    + {line}\n" for line in change.note.splitlines()), end="")
    for file, problem in result.failures:
        print(f"{file}: not written: {problem}")
    done = "dry run, nothing written" if arguments.dry_run else "done"
    print(f"{name}: {result.summary} ({done}).")
    return 1 if result.summary.failed else 0


def _export(site: Site, arguments) -> int:
    checked = site.check()
    if not checked.ok:
        _print_diagnostics([d for d in checked.diagnostics if d.is_error], sys.stderr)
        print(f"Not exported: {_tally(checked.diagnostics)}.", file=sys.stderr)
        return 1
    _, make = site.exports(checked)[_EXPORTS[arguments.format]]
    data = make()
    if arguments.output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return 0
    try:
        write_export(site.root, arguments.output, data, replace=arguments.force)
    except ExportRefused as refusal:
        print(f"ties: {refusal}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"ties: cannot write {arguments.output}: {error.strerror or error}", file=sys.stderr)
        return 1
    print(f"Wrote {arguments.output}.")
    return 0
