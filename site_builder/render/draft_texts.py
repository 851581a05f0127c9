"""The draft templates rendered: `DraftTexts` makes each kind's `Draft` from its template and
`drafts.draft_facts`, with Jinja (plain text: nothing is escaped), and reads the checklist each
draft page shows. (Apart from `drafts`, whose facts the site's pages use: checking a network
loads no Jinja.)"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import jinja2

from .drafts import CHECKLIST, Draft, and_list, spelled, tidy


class DraftProblem(jinja2.TemplateError):
    """A draft template or the checklist cannot be used; names the file and line."""

    def __init__(self, message: str, filename: str | None = None, lineno: int | None = None):
        super().__init__(message)
        self.filename, self.lineno = filename, lineno


@jinja2.pass_context
def spoken_date(context, day: date | None) -> str:
    """`19 November`, with the year when it is not this year's: as a letter says it."""
    if day is None:
        return ""
    return f"{day.day} {day:%B}" + ("" if day.year == context["today"].year else f" {day.year}")


class DraftTexts:
    """The draft templates and the checklist of the theme `folders` (the first holding a file wins)."""

    def __init__(self, folders: list[Path]):
        self.environment = jinja2.Environment(
            loader=jinja2.FileSystemLoader([str(folder / "templates") for folder in folders]),
            # (a block tag's newline is kept: a paragraph ending in `{% endif %}` stays one; the
            # blank lines of tags alone on their lines are tidied away)
            autoescape=False, undefined=jinja2.StrictUndefined, lstrip_blocks=True, auto_reload=False)
        self.environment.filters.update(and_list=and_list, day=spoken_date, spelled=spelled)
        self._checklist: dict | None = None

    def render(self, kind: str, facts: dict) -> Draft:
        """The draft of that kind, from its template and `facts` (`draft_facts`)."""
        return tidy(self.environment.get_template(f"drafts/{kind}.txt").render(facts))

    def checklist(self, kind: str) -> dict:
        """What the checklist of a kind's draft checks: {"checks": [...], "lists": {...}}, each
        check a dict with its `check` (what drafts.js tests), `label` and parameters."""
        rules = self._rules()
        return {"checks": rules["kinds"].get(kind, []), "lists": rules.get("lists", {})}

    def _rules(self) -> dict:
        if self._checklist is None:
            source, filename, _ = self.environment.loader.get_source(self.environment, CHECKLIST)
            try:
                rules = json.loads(source)
            except json.JSONDecodeError as error:
                raise DraftProblem(f"{CHECKLIST} is not JSON: {error.msg}", filename, error.lineno) from None
            if not (isinstance(rules, dict) and isinstance(rules.get("kinds"), dict)
                    and all(isinstance(checks, list) and all(isinstance(check, dict) and "check" in check
                                                             and "label" in check for check in checks)
                            for checks in rules["kinds"].values())):
                raise DraftProblem(f'{CHECKLIST}: expected {{"kinds": {{KIND: [{{"check": ..., "label": ...}}]}}}}',
                                   filename, 1)
            self._checklist = rules
        return self._checklist
