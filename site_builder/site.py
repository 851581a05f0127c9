"""The orchestrator: one `Site` runs the stages load -> check -> model -> render -> write.

Each stage is a small function of the previous stage's output and is timed, so the watcher can
re-run what changed and the benchmark can tell where time goes.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import jinja2

from . import exports
from .config import Config, load_config
from .diagnostics import Diagnostic, has_errors, sort_key
from .documents import CONTENT_FOLDERS, Document, DocumentCache, find_content
from .followups import build_queue
from .model import FollowUp
from .network import Network, build_network, read_record
from .output import OutputCache, check_output_folder, write_changes, write_site
from .pages import SiteContent, collect_content, plan_pages
from .referrals import build_referral_index
from .theme import Theme, template_problem


@dataclass
class Checked:
    """What `check` finds: the model (usable even with errors) and every diagnostic, sorted."""

    config: Config
    network: Network
    queue: list[FollowUp]
    diagnostics: list[Diagnostic]
    today: date

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


@dataclass
class BuildResult:
    checked: Checked
    out: Path
    files: int = 0
    built: bool = False
    changed: list[str] = field(default_factory=list)  # output files written or removed
    timings: dict[str, float] = field(default_factory=dict)


class Site:
    """A folder with `people/` and `interviews/`, and what is built from it."""

    def __init__(self, root: Path | str = ".", today: date | None = None):
        self.root = Path(root)
        self.fixed_today = today
        self.timings: dict[str, float] = {}
        self.documents = DocumentCache()
        self._theme: Theme | None = None
        self._written: dict[str, bytes] = {}  # what the last build left in the output
        self._outputs = OutputCache()
        self._records: dict[str, tuple] = {}  # path -> (document, today, its record and problems)

    @property
    def today(self) -> date:
        return self.fixed_today or date.today()

    @property
    def theme(self) -> Theme:
        if self._theme is None:
            self._theme = Theme(self.root)
        return self._theme

    def reload_theme(self) -> None:
        """Forget the compiled templates and what they rendered (after `theme/` changed)."""
        self._theme = None
        self._outputs = OutputCache()

    @contextmanager
    def _stage(self, name: str):
        started = time.perf_counter()
        try:
            yield
        finally:
            self.timings[name] = time.perf_counter() - started

    def load(self) -> list[Document]:
        found = find_content(self.root)
        paths = {path for path, _ in found}
        self.documents.keep_only(paths)
        for gone in self._records.keys() - paths:
            del self._records[gone]
        return [self.documents.read(self.root, path, kind) for path, kind in found]

    def _read_record(self, document: Document, today: date):
        """`read_record`, remembered while the document (kept by the cache) and today are the same."""
        cached = self._records.get(document.path)
        if cached is not None and cached[0] is document and cached[1] == today:
            return cached[2]
        result = read_record(document, today)
        self._records[document.path] = (document, today, result)
        return result

    def check(self) -> Checked:
        """Load and model the network; collect every problem."""
        today = self.today
        with self._stage("config"):
            config, diagnostics = load_config(self.root)
        with self._stage("load"):
            documents = self.load()
        with self._stage("model"):
            network, problems = build_network(documents, today, self._read_record)
            queue = build_queue(network, today, config.cadence)
        diagnostics = sorted([*diagnostics, *problems], key=sort_key)
        return Checked(config, network, queue, diagnostics, today)

    def default_out(self, config: Config) -> Path:
        return self.root / config.out

    def build(self, out: Path | None = None, in_place: bool = False) -> BuildResult:
        """Check, then render and write the site; with errors, write nothing.

        By default the new site replaces the output folder whole. `in_place` (for the watcher)
        rewrites only the files whose bytes changed and removes the ones no longer built.
        """
        self.timings = {}
        checked = self.check()
        out = out or self.default_out(checked.config)
        result = BuildResult(checked, out, timings=self.timings)
        if not checked.ok:
            return result
        check_output_folder(out, self.root, [self.root / folder for folder in (*CONTENT_FOLDERS, "theme")])
        with self._stage("render"):
            try:
                files = self.render(checked)
            except jinja2.TemplateError as error:
                checked.diagnostics.append(template_problem(error, self.root))
                return result
        with self._stage("write"):
            if in_place and self._written and out.is_dir():
                result.changed = write_changes(files, out, self._written)
            else:
                write_site(files, out)
                result.changed = sorted(files)
            self._written = files
        result.files, result.built = len(files), True
        return result

    def content(self, checked: Checked) -> SiteContent:
        referrals = build_referral_index(checked.network)
        return collect_content(checked.network, checked.queue, referrals, checked.today, checked.config)

    def render(self, checked: Checked) -> dict[str, bytes]:
        """Every output file of the site: pages, exports and static assets."""
        content = self.content(checked)
        network, queue, config, today = checked.network, checked.queue, checked.config, checked.today
        people, interviews = list(network.people.values()), network.interviews
        bodies = [interview.body for interview in interviews]  # for the summaries
        next_items = content.next_items()
        cache, theme = self._outputs, self.theme
        files = theme.static_files()
        files.update(theme.render_pages(plan_pages(content), content, cache))
        exported = {
            "404.html": (config, lambda: theme.render_template("404.html", {"site": config})),
            "contacts.csv": ((people, next_items, network.introducers),
                             lambda: exports.contacts_csv(network, next_items).encode("utf-8-sig")),
            "interviews.csv": ((interviews, bodies, people),
                               lambda: exports.interviews_csv(network).encode("utf-8-sig")),
            "data.json": ((config, today, people, interviews, bodies, queue, network.referrals),
                          lambda: exports.data_json(network, queue, today, config.title).encode()),
        }
        for path, (key, make) in exported.items():
            files[path] = cache.get(path, key, make)
        files[".nojekyll"] = b""
        cache.keep_only(files)
        return files
