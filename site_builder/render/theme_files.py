"""Where the theme's files are, and a template error told as a diagnostic: what a run needs of
the theme before it renders anything (Jinja loads only with `render.theme`, for a build)."""

from __future__ import annotations

import traceback
from importlib import resources
from pathlib import Path

from ..diagnostics import ERROR, Diagnostic


def builtin_theme() -> Path:
    """The theme shipped with the package (the repository's `theme/` folder)."""
    try:
        return Path(str(resources.files("site_builder.builtin_theme")))
    except ModuleNotFoundError:  # running from a checkout that is not installed
        return Path(__file__).resolve().parents[2] / "theme"


def theme_folders(root: Path) -> list[Path]:
    folders = [root / "theme", builtin_theme()]
    unique = []
    for folder in folders:
        if folder.is_dir() and folder.resolve() not in [f.resolve() for f in unique]:
            unique.append(folder)
    return unique


def template_problem(error: Exception, root: Path) -> Diagnostic:
    """A template error as a diagnostic pointing at the template file and line."""
    file, line = getattr(error, "filename", None), getattr(error, "lineno", None)
    if not file:
        frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename.endswith((".html", ".txt"))]
        if frames:
            file, line = frames[-1].filename, frames[-1].lineno
    shown = file or "theme/templates"
    if file:
        path = Path(file).resolve()
        shown = path.relative_to(root.resolve()).as_posix() if path.is_relative_to(root.resolve()) else str(path)
    return Diagnostic(shown, line, ERROR, f"template error: {error}")
