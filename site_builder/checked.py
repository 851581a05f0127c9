"""What a check finds: the model made of the content files, and every problem in them; and
what `ties check` reports of it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .config import Config
from .diagnostics import Diagnostic, has_errors
from .network.assemble import Network
from .network.model import FollowUp


@dataclass
class Checked:
    """What `Site.check` finds: the model (usable even with errors) and every diagnostic, sorted."""

    config: Config
    network: Network
    queue: list[FollowUp] | None  # None if not asked for
    diagnostics: list[Diagnostic]
    today: date
    made_from: dict[str, bytes | None] = field(default_factory=dict)  # content file -> digest of the bytes read

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


@dataclass
class Report:
    """What `ties check` reports: every diagnostic, sorted, and how many people and interviews
    the network has."""

    diagnostics: list[Diagnostic]
    people: int
    interviews: int

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)
