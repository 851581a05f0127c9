"""Configuration: `[tool.site_builder]` in the built folder's `pyproject.toml`, all optional."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .content.fields import FieldProblem, cadence
from .diagnostics import ERROR, WARNING, Diagnostic
from .publish.modes import LOCAL, MODES

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
        text = path.read_text(encoding="utf-8")
        settings = tomllib.loads(text).get("tool", {}).get("site_builder", {})
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as error:
        line = re.search(r"line (\d+)", str(error))
        return Config(), [Diagnostic(CONFIG_FILE, int(line.group(1)) if line else None, ERROR,
                                     f"cannot read [tool.site_builder]: {error}")]
    return _interpret(settings, _lines_of_keys(text))


_TABLE = re.compile(r"\s*\[\s*([^\[\]]*?)\s*\]\s*(?:#.*)?$")
_KEY = re.compile(r"""\s*["']?([A-Za-z0-9_-]+)["']?\s*=""")


def _lines_of_keys(text: str) -> dict[str, int]:
    """The line of each key set in the `[tool.site_builder]` table, as far as a look at each
    line tells (tomllib gives the values only): for pointing at the one with a problem."""
    lines, inside = {}, False
    for number, line in enumerate(text.splitlines(), start=1):
        table = _TABLE.match(line)
        if table:
            inside = re.sub(r"""[\s"']""", "", table.group(1)) == "tool.site_builder"
        elif inside and (key := _KEY.match(line)):
            lines.setdefault(key.group(1), number)
    return lines


def _interpret(settings: dict, lines: dict[str, int]) -> tuple[Config, list[Diagnostic]]:
    diagnostics, values = [], {}

    def problem(key, message):
        diagnostics.append(Diagnostic(CONFIG_FILE, lines.get(key), ERROR, f"[tool.site_builder] {key}: {message}"))

    for key, value in settings.items():
        if key not in _KEYS:
            diagnostics.append(Diagnostic(CONFIG_FILE, lines.get(key), WARNING,
                                          f"[tool.site_builder] unknown key '{key}'"))
        elif key == "cadence":
            try:
                values[key] = cadence(value)
            except FieldProblem as error:
                problem(key, str(error))
        elif key == "seeking":
            topics = [value] if isinstance(value, str) else value
            if isinstance(topics, list) and all(isinstance(t, str) for t in topics):
                values[key] = tuple(topics)
            else:
                problem(key, "expected a list of topics")
        elif not isinstance(value, str):
            problem(key, "expected text")
        elif key == "publish" and value not in MODES:
            problem(key, f"'{value}' is not a mode; choose one of {', '.join(MODES)}")
        elif key == "edit_url" and "{path}" not in value:
            problem(key, "put {path} where the file's path goes")
        else:
            values[key] = value
    if "base_url" in values and not values["base_url"].endswith("/"):
        values["base_url"] += "/"
    return Config(**values), diagnostics
