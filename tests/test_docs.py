"""The documentation says what ties does, and its examples work: every command and option is in
docs/commands.md, every setting in docs/configuration.md, every example file passes `ties check`,
every `ties` line of an `sh` block runs, and every link between the pages leads somewhere."""

from __future__ import annotations

import argparse
import re
import shlex
import shutil
import unicodedata
from pathlib import Path

import pytest
from conftest import TODAY

from site_builder import cli
from site_builder.config import Config
from site_builder.site import Site

REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "docs"
PAGES = [REPO / "README.md", REPO / "CHANGELOG.md", REPO / "benchmarks" / "README.md", *sorted(DOCS.glob("*.md"))]
COMMANDS = DOCS / "commands.md"
FENCE = re.compile(r"^```([^\n]*)\n(.*?)^```\s*$", re.DOTALL | re.MULTILINE)


def text_of(page: Path) -> str:
    return page.read_text(encoding="utf-8")


def blocks(info: str | None = None) -> list[tuple[Path, str, str]]:
    """(page, info string, text) of every fenced block of the pages, or of those whose info
    string is `info` or starts with `info `."""
    found = []
    for page in PAGES:
        for match in FENCE.finditer(text_of(page)):
            label = match.group(1).strip()
            if info is None or label == info or label.startswith(info + " "):
                found.append((page, label, match.group(2)))
    return found


# --- every command and option ---

def leaf_parsers(parser: argparse.ArgumentParser, words: tuple[str, ...] = ()):
    """(words naming the command, its parser) of every command ties runs: `new person`, `check`..."""
    subparsers = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subparsers:
        yield words, parser
        return
    for name, child in subparsers[0].choices.items():
        yield from leaf_parsers(child, (*words, name))


def sections(text: str) -> dict[str, str]:
    """The text under each heading naming a command (### `ties new person`), by its command."""
    found = {}
    parts = re.split(r"^#{2,4} `ties ([a-z -]+)`\s*$", text, flags=re.MULTILINE)
    for name, body in zip(parts[1::2], parts[2::2]):
        found[name] = re.split(r"^#{2,4} ", body, flags=re.MULTILINE)[0]
    return found


def documented(words: tuple[str, ...]) -> str:
    """The section of commands.md about a command: its own (`ties new person`), else its
    family's (`ties import` for `ties import linkedin`), which must name it."""
    text = text_of(COMMANDS)
    found = sections(text)
    for depth in range(len(words), 0, -1):
        name = " ".join(words[:depth])
        if name in found:
            return found[name]
    pytest.fail(f"docs/commands.md has no section `ties {' '.join(words)}`")


COMMON = {"--root", "--today", "-h", "--help"}  # described once, at the top of commands.md
LEAVES = list(leaf_parsers(cli._parser()))


@pytest.mark.parametrize("words, parser", LEAVES, ids=[" ".join(words) for words, _ in LEAVES])
def test_every_command_and_its_options_are_in_the_commands_page(words, parser):
    section = documented(words)
    assert words[-1] in section
    missing = []
    for action in parser._actions:
        if action.option_strings:
            missing += [option for option in action.option_strings
                        if option not in COMMON and not re.search(rf"`[^`]*{re.escape(option)}\b", section)]
        else:
            named = action.metavar or (None if action.choices else action.dest)  # choices: checked below
            if named and named not in section:
                missing.append(named)
        missing += [f"{action.dest}: {choice}" for choice in action.choices or ()
                    if not isinstance(action, argparse._SubParsersAction) and f"`{choice}`" not in section
                    and f"|{choice}" not in section and f"{choice}|" not in section]
    assert missing == []


def test_the_options_every_command_takes_are_described_first():
    preamble = text_of(COMMANDS).split("\n## ")[0]
    assert "`--root DIR`" in preamble and "`--today YYYY-MM-DD`" in preamble


def test_every_configuration_key_is_documented():
    text = text_of(DOCS / "configuration.md")
    missing = [key for key in Config.__dataclass_fields__ if f"\n{key} = " not in text or f"| `{key}` |" not in text]
    assert missing == []


# --- every example ---

def example_files() -> dict[str, str]:
    """The example person and interview files of the docs (```markdown people/ada.md), by path."""
    return {label.split(" ", 1)[1]: text for _, label, text in blocks("markdown") if " " in label}


def test_the_example_files_pass_ties_check(tmp_path):
    files = example_files()
    assert any(path.startswith("people/") for path in files) and any(path.startswith("interviews/") for path in files)
    for path, text in files.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text, encoding="utf-8")
    checked = Site(tmp_path, TODAY).check()
    assert [str(d) for d in checked.diagnostics if d.is_error] == []
    assert sorted(person.file for person in checked.network.people.values()) == sorted(
        path for path in files if path.startswith("people/"))


# Files the import examples name, each a small export of its kind.
IMPORTED = {
    "Connections.csv": "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
                       "Tomas,Lindqvist,https://www.linkedin.com/in/tomas-fictional,,Fjord,Data Engineer,3 Nov 2026\r\n",
    "contacts.vcf": "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Raman;Priya;;;\r\nFN:Priya Raman\r\nORG:Lumen Health\r\n"
                    "EMAIL:priya@example.org\r\nEND:VCARD\r\n",
    "contacts.csv": "First Name,Last Name,Organization Name,E-mail 1 - Value\r\nAlan,Turing,Bletchley,alan@example.org\r\n",
}
NOT_RUN = {"serve", "watch"}  # they run until stopped: parsed only
ASSIGNMENT = re.compile(r"^[A-Z_][A-Z0-9_]*=")


def commands_of(block: str) -> list[list[str]]:
    """The commands of an `sh` block, each as its words (environment assignments first)."""
    commands = []
    for line in block.splitlines():
        words = shlex.split(line, comments=True)
        command: list[str] = []
        for word in [*words, "&&"]:
            if word == "&&":
                if command:
                    commands.append(command)
                command = []
            else:
                command.append(word)
    return commands


def runs_ties(command: list[str]) -> list[str] | None:
    """The arguments of `ties` in a command (after any VAR=value), or None for another program."""
    words = [word for word in command if not ASSIGNMENT.match(word)]
    return words[1:] if words and words[0] == "ties" else None


SH_BLOCKS = [(page, text) for page, _, text in blocks("sh")]


def test_the_sh_examples_name_commands_and_options_that_exist():
    parser = cli._parser()
    ran = 0
    for page, text in SH_BLOCKS:
        for command in commands_of(text):
            arguments = runs_ties(command)
            if arguments is not None:
                parser.parse_args(arguments)
                ran += 1
    assert ran >= 30


def sample_network(folder: Path) -> Path:
    for part in ("people", "interviews"):
        shutil.copytree(REPO / part, folder / part)
    shutil.copy(REPO / "pyproject.toml", folder / "pyproject.toml")
    for name, text in IMPORTED.items():
        (folder / name).write_text(text, encoding="utf-8", newline="")
    return folder


def block_id(page: Path, text: str) -> str:
    first = next(" ".join(c) for c in commands_of(text)) if commands_of(text) else "empty"
    return f"{page.relative_to(REPO)}: {first}"


def slow_if_it_builds(page: Path, text: str):
    builds = any((runs_ties(c) or [""])[0] in ("build", "init", "export") for c in commands_of(text))
    return pytest.param(page, text, id=block_id(page, text), marks=[pytest.mark.slow] if builds else [])


@pytest.mark.parametrize("page, text", [slow_if_it_builds(page, text) for page, text in SH_BLOCKS
                                        if any(runs_ties(c) for c in commands_of(text))])
def test_the_sh_examples_run_on_the_sample_network(page, text, tmp_path, monkeypatch, capsys):
    folder = sample_network(tmp_path / "network")
    monkeypatch.chdir(folder)
    for command in commands_of(text):
        if command[0] == "cd":
            monkeypatch.chdir(Path.cwd() / command[1])
            continue
        arguments = runs_ties(command)
        if arguments is None or arguments[0] in NOT_RUN or "--edit" in arguments:
            continue
        for word in command:
            if ASSIGNMENT.match(word):
                monkeypatch.setenv(*word.split("=", 1))
        if arguments[0] != "init":
            arguments = [*arguments, "--today", TODAY.isoformat()]
        status = cli.main(arguments)
        out, err = capsys.readouterr()
        assert status == 0, f"ties {shlex.join(arguments)} in {page.name}:\n{out}{err}"


# --- every link ---

def github_anchor(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens."""
    text = heading.strip().lower()
    text = "".join(c for c in text if c in " -_" or unicodedata.category(c)[0] in "LN")
    return text.replace(" ", "-")


def anchors(page: Path) -> set[str]:
    text = FENCE.sub("", text_of(page))
    found, seen = set(), {}
    for heading in re.findall(r"^#{1,6} (.+)$", text, flags=re.MULTILINE):
        anchor = github_anchor(heading)
        found.add(anchor if anchor not in seen else f"{anchor}-{seen[anchor]}")
        seen[anchor] = seen.get(anchor, 0) + 1
    return found


def links(page: Path) -> list[str]:
    text = re.sub(r"`[^`\n]*`", "", FENCE.sub("", text_of(page)))
    return re.findall(r"\]\(([^)\s]+)\)", text)


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(REPO)) for p in PAGES])
def test_every_link_between_the_pages_leads_somewhere(page):
    broken = []
    for link in links(page):
        if re.match(r"[a-z]+:", link):
            continue
        path, _, anchor = link.partition("#")
        target = (page.parent / path).resolve() if path else page
        if not target.exists() or anchor and target.suffix == ".md" and anchor not in anchors(target):
            broken.append(link)
    assert broken == []


def test_every_page_of_the_docs_is_in_its_table_of_contents():
    contents = text_of(DOCS / "README.md")
    missing = [page.name for page in DOCS.glob("*.md") if page.name != "README.md" and f"({page.name})" not in contents]
    assert missing == []


# --- the README ---

def test_the_readme_fits_on_a_few_screens():
    assert len(text_of(REPO / "README.md").encode()) < 12_000


def test_ci_runs_the_readmes_test_command():
    readme = [text for page, text in SH_BLOCKS if page.name == "README.md" and "pytest" in text]
    assert len(readme) == 1
    assert (REPO / ".ci" / "run").read_text().splitlines()[-1] == readme[0].strip()
