"""weakties: a personal CRM for networking that lives in Markdown files and builds a static site."""

__version__ = "0.1.0"

from .diagnostics import Diagnostic  # noqa: E402 (after __version__, which the modules import)
from .network.model import FollowUp, Interview, Person, Referral, Task  # noqa: E402
from .site import BuildResult, Checked, Site  # noqa: E402

__all__ = ["BuildResult", "Checked", "Diagnostic", "FollowUp", "Interview", "Person", "Referral", "Site", "Task"]
