"""The README documents every command and every configuration key."""

from __future__ import annotations

import argparse
from pathlib import Path

from site_builder import cli
from site_builder.config import Config

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_every_command_is_documented():
    parser = cli._parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    missing = [name for name in commands.choices if f"ties {name}" not in README]
    assert missing == []


def test_every_configuration_key_is_documented():
    missing = [key for key in Config.__dataclass_fields__ if f"\n{key} = " not in README]
    assert missing == []
