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

from . import exports
from .config import Config, load_config
from .diagnostics import Diagnostic, has_errors, sort_key
from .documents import CONTENT_FOLDERS, Document, find_content, read_document
from .followups import build_queue
from .model import FollowUp
from .network import Network, build_network
from .output import check_output_folder, write_site
from .pages import SiteContent, collect_content, plan_pages
from .referrals import build_referral_index
from .theme import Theme


@dataclass
class Checked:
    """What `check` finds: the model (usable even with errors) and every diagnostic, sorted."""

    config: Config
    network: Network
    queue: list[FollowUp]
    diagnostics: list[Diagnostic]

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


@dataclass
class BuildResult:
    checked: Checked
    out: Path
    files: int = 0
    built: bool = False
    timings: dict[str, float] = field(default_factory=dict)


class Site:
    """A folder with `people/` and `interviews/`, and what is built from it."""

    def __init__(self, root: Path | str = ".", today: date | None = None):
        self.root = Path(root)
        self.today = today or date.today()
        self.timings: dict[str, float] = {}

    @contextmanager
    def _stage(self, name: str):
        started = time.perf_counter()
        try:
            yield
        finally:
            self.timings[name] = time.perf_counter() - started

    def load(self) -> list[Document]:
        return [read_document(self.root, path, kind) for path, kind in find_content(self.root)]

    def check(self) -> Checked:
        """Load and model the network; collect every problem."""
        with self._stage("config"):
            config, diagnostics = load_config(self.root)
        with self._stage("load"):
            documents = self.load()
        with self._stage("model"):
            network, problems = build_network(documents, self.today)
            queue = build_queue(network, self.today, config.cadence)
        diagnostics = sorted([*diagnostics, *problems], key=sort_key)
        return Checked(config, network, queue, diagnostics)

    def default_out(self, config: Config) -> Path:
        return self.root / config.out

    def build(self, out: Path | None = None) -> BuildResult:
        """Check, then render and write the site; with errors, write nothing."""
        checked = self.check()
        out = out or self.default_out(checked.config)
        result = BuildResult(checked, out, timings=self.timings)
        if not checked.ok:
            return result
        check_output_folder(out, self.root, [self.root / folder for folder in (*CONTENT_FOLDERS, "theme")])
        with self._stage("render"):
            files = self.render(checked)
        with self._stage("write"):
            write_site(files, out)
        result.files, result.built = len(files), True
        return result

    def content(self, checked: Checked) -> SiteContent:
        referrals = build_referral_index(checked.network)
        return collect_content(checked.network, checked.queue, referrals, self.today, checked.config)

    def render(self, checked: Checked) -> dict[str, bytes]:
        """Every output file of the site: pages, exports and static assets."""
        content = self.content(checked)
        theme = Theme(self.root)
        files = theme.static_files()
        files.update(theme.render_pages(plan_pages(content), content))
        files["404.html"] = theme.render_template("404.html", {"site": checked.config})
        files["contacts.csv"] = exports.contacts_csv(checked.network, content.next_items()).encode("utf-8-sig")
        files["interviews.csv"] = exports.interviews_csv(checked.network).encode("utf-8-sig")
        files["data.json"] = exports.data_json(checked.network, checked.queue, self.today,
                                               checked.config.title).encode()
        files[".nojekyll"] = b""
        return files
