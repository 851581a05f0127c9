"""Configuration: `[tool.site_builder]` in the built folder's `pyproject.toml`, all optional."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import ERROR, WARNING, Diagnostic
from .fields import FieldProblem, cadence
from .publish import LOCAL, MODES

CONFIG_FILE = "pyproject.toml"


@dataclass(frozen=True)
class Config:
    title: str = "My network"
    owner: str = "You"
    cadence: int = 90  # days between circle-backs when a person sets none
    seeking: tuple[str, ...] = ()  # the topics you are looking for
    edit_url: str | None = None  # e.g. "https://github.com/you/network/edit/main/{path}"
    base_url: str = "/"  # where the site is served, for 404.html (GitHub serves it at any depth)
    out: str = "_site"
    publish: str = LOCAL  # who may read the built site: one of publish.MODES


_KEYS = {"title", "owner", "cadence", "seeking", "edit_url", "base_url", "out", "publish"}


def load_config(root: Path) -> tuple[Config, list[Diagnostic]]:
    path = root / CONFIG_FILE
    if not path.is_file():
        return Config(), []
    try:
        settings = tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {}).get("site_builder", {})
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as error:
        line = re.search(r"line (\d+)", str(error))
        return Config(), [Diagnostic(CONFIG_FILE, int(line.group(1)) if line else None, ERROR,
                                     f"cannot read [tool.site_builder]: {error}")]
    return _interpret(settings)


def _interpret(settings: dict) -> tuple[Config, list[Diagnostic]]:
    diagnostics, values = [], {}

    def problem(message):
        diagnostics.append(Diagnostic(CONFIG_FILE, None, ERROR, f"[tool.site_builder] {message}"))

    for key, value in settings.items():
        if key not in _KEYS:
            diagnostics.append(Diagnostic(CONFIG_FILE, None, WARNING, f"[tool.site_builder] unknown key '{key}'"))
        elif key == "cadence":
            try:
                values[key] = cadence(value)
            except FieldProblem as error:
                problem(f"cadence: {error}")
        elif key == "seeking":
            topics = [value] if isinstance(value, str) else value
            if isinstance(topics, list) and all(isinstance(t, str) for t in topics):
                values[key] = tuple(topics)
            else:
                problem("seeking: expected a list of topics")
        elif not isinstance(value, str):
            problem(f"{key}: expected text")
        elif key == "publish" and value not in MODES:
            problem(f"publish: '{value}' is not a mode; choose one of {', '.join(MODES)}")
        elif key == "edit_url" and "{path}" not in value:
            problem("edit_url: put {path} where the file's path goes")
        else:
            values[key] = value
    if "base_url" in values and not values["base_url"].endswith("/"):
        values["base_url"] += "/"
    return Config(**values), diagnostics
