"""`ties init`: a new network folder, ready to build and to publish, that never replaces a file
unless asked and never a note."""

from __future__ import annotations

import fnmatch
import os
import shlex
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
import yaml
from conftest import TODAY
from test_workflows import REPO, steps_of, tool

from site_builder import cli
from site_builder.config import Config, load_config
from site_builder.content import new_network
from site_builder.site import Site

MADE = ["pyproject.toml", ".gitignore", "README.md", ".github/workflows/pages.yml"]


def init(capsys, *arguments: str) -> tuple[int, str, str]:
    status = cli.main(["init", *arguments])
    out, err = capsys.readouterr()
    return status, out, err


def files_in(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def test_init_makes_the_note_folders_and_the_files_of_a_network(tmp_path, capsys):
    status, out, _ = init(capsys, str(tmp_path / "mynet"))
    assert status == 0
    folder = tmp_path / "mynet"
    assert (folder / "people").is_dir() and (folder / "interviews").is_dir()
    assert sorted(files_in(folder)) == sorted(MADE)
    for path in MADE:
        assert f"made {folder / path}" in out
    assert f"cd {folder}\n  ties build\n  ties serve\n" in out


def test_init_in_the_current_folder_says_no_cd(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    status, out, _ = init(capsys)
    assert status == 0 and (tmp_path / "pyproject.toml").is_file()
    assert "Next:\n  ties build\n  ties serve\n" in out


def test_the_settings_made_load_as_the_defaults(tmp_path, capsys):
    init(capsys, str(tmp_path))
    assert load_config(tmp_path) == (Config(), [])


def test_every_setting_made_is_a_known_key_and_valid_once_uncommented(tmp_path, capsys):
    init(capsys, str(tmp_path))
    text = (tmp_path / "pyproject.toml").read_text()
    uncommented = "\n".join(line[2:] if line.startswith("# ") and " = " in line else line
                            for line in text.splitlines())
    (tmp_path / "pyproject.toml").write_text(uncommented)
    settings = tomllib.loads(uncommented)["tool"]["site_builder"]
    assert set(settings) == set(Config.__dataclass_fields__)
    config, problems = load_config(tmp_path)
    assert problems == []
    assert config.title == "My job search" and config.cadence == 90 and config.seeking == ("data engineering", "hiring")


def test_the_folder_readme_names_commands_that_exist(tmp_path, capsys):
    init(capsys, str(tmp_path))
    parser = cli._parser()
    lines = [line.split("#")[0].strip() for line in (tmp_path / "README.md").read_text().splitlines()]
    commands = [line for line in lines if line.startswith("ties ")]
    assert len(commands) >= 5
    for command in commands:
        parser.parse_args(shlex.split(command)[1:])


def test_the_folder_readme_links_the_documentation_when_the_package_names_it():
    readme = next(f for f in new_network.network_files("1.2.3", "https://example.org/weakties/") if f.path == "README.md")
    assert "[weakties](https://example.org/weakties)" in readme.text
    assert "(https://example.org/weakties/blob/main/docs/publishing.md)" in readme.text
    unlinked = next(f for f in new_network.network_files("1.2.3", None) if f.path == "README.md")
    assert "@DOCS" not in unlinked.text and "](" not in unlinked.text


# --- refusing to overwrite ---

@pytest.mark.parametrize("existing", MADE)
def test_init_writes_nothing_in_a_folder_holding_one_of_its_files(tmp_path, capsys, existing):
    (tmp_path / existing).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / existing).write_text("mine\n")
    status, out, err = init(capsys, str(tmp_path))
    assert status == 1
    assert f"already holds {existing}: nothing was written" in err
    assert files_in(tmp_path) == {existing: b"mine\n"}
    assert not (tmp_path / "people").exists() and out == ""


def test_the_refusal_lists_every_file_in_the_way(tmp_path, capsys):
    for path in ("README.md", ".gitignore"):
        (tmp_path / path).write_text("mine\n")
    status, _, err = init(capsys, str(tmp_path))
    assert status == 1 and "already holds .gitignore, README.md: nothing was written" in err


def test_force_replaces_the_files_it_makes(tmp_path, capsys):
    (tmp_path / "README.md").write_text("mine\n")
    status, out, _ = init(capsys, str(tmp_path), "--force")
    assert status == 0
    assert f"replaced {tmp_path / 'README.md'}" in out
    assert (tmp_path / "README.md").read_text().startswith("# My network")


def test_force_never_touches_the_notes_already_there(tmp_path, capsys):
    notes = {"people/ravi-menon.md": b"---\nname: Ravi, as I wrote him\n---\n", "people/mine.md": b"---\nname: Me\n---\n",
             "interviews/2026-01-01-mine.md": b"mine\n"}
    for path, text in notes.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_bytes(text)
    status, out, _ = init(capsys, str(tmp_path), "--example")
    assert status == 1 and not (tmp_path / "pyproject.toml").exists()
    status, out, _ = init(capsys, str(tmp_path), "--example", "--force")
    assert status == 0
    made = files_in(tmp_path)
    for path, text in notes.items():
        assert made[path] == text
    assert f"kept {tmp_path / 'people/ravi-menon.md'}, which was there already" in out
    assert (tmp_path / "people" / "grace-adeyemi.md").is_file()


def test_init_refuses_a_file_where_a_folder_goes(tmp_path, capsys):
    (tmp_path / "people").write_text("not a folder\n")
    status, _, err = init(capsys, str(tmp_path), "--force")
    assert status == 1 and f"{tmp_path / 'people'} is not a folder: nothing was written" in err
    assert files_in(tmp_path) == {"people": b"not a folder\n"}


def test_init_refuses_a_folder_where_a_file_goes(tmp_path, capsys):
    (tmp_path / "README.md").mkdir()
    status, _, err = init(capsys, str(tmp_path), "--force")
    assert status == 1 and "README.md is a folder: nothing was written" in err
    assert files_in(tmp_path) == {}


def test_init_refuses_a_file_given_as_its_folder(tmp_path, capsys):
    (tmp_path / "notes").write_text("x")
    status, _, err = init(capsys, str(tmp_path / "notes"))
    assert status == 1 and "is not a folder" in err


# --- the example ---

def test_the_example_is_the_repositorys_sample_network_and_checks_clean(tmp_path, capsys):
    status, out, _ = init(capsys, str(tmp_path), "--example")
    notes = len([*(REPO / "people").glob("*.md"), *(REPO / "interviews").glob("*.md")])
    assert status == 0 and f"added the sample network: {notes} files in people/ and interviews/" in out
    made = files_in(tmp_path)
    for folder in ("people", "interviews"):
        for path in (REPO / folder).glob("*.md"):
            assert made[f"{folder}/{path.name}"] == path.read_bytes()
    checked = Site(tmp_path, TODAY).check()
    assert checked.ok and len(checked.network.people) == len(list((REPO / "people").glob("*.md")))


def test_the_example_is_package_data_of_an_installed_weakties():
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]
    for folder in ("people", "interviews"):
        package = f"site_builder.example.{folder}"
        assert package in pyproject["packages"]
        assert pyproject["package-dir"][package] == folder
        assert pyproject["package-data"][package] == ["*.md"]
    assert pyproject["package-data"]["site_builder.content"] == ["network_files/*"]


def test_every_package_of_site_builder_is_installed():
    listed = set(tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    packages = {".".join(path.parent.relative_to(REPO).parts) for path in (REPO / "site_builder").rglob("__init__.py")}
    assert packages - listed == set()


def test_every_file_the_package_needs_is_installed():
    """Each file of the package that is not Python (a template, a script, a text `ties init`
    writes) matches the package data of its package, or a wheel leaves it out."""
    if not (REPO / ".git").exists():
        pytest.skip("not a git checkout: its files are not known")
    setuptools = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]
    folders = {package: Path(setuptools["package-dir"].get(package, package.replace(".", "/")))
               for package in setuptools["packages"]}
    tracked = subprocess.run(["git", "ls-files", "site_builder", "theme"], cwd=REPO, capture_output=True, text=True,
                             check=True).stdout.split()
    left_out = []
    for file in map(Path, tracked):
        if file.suffix == ".py":
            continue
        package = max((p for p, folder in folders.items() if folder in file.parents), key=lambda p: len(str(folders[p])))
        relative = file.relative_to(folders[package]).as_posix()
        if not any(fnmatch.fnmatch(relative, pattern) and relative.count("/") == pattern.count("/")
                   for pattern in setuptools["package-data"].get(package, [])):
            left_out.append(str(file))
    assert left_out == []


# --- git ---

def test_init_outside_a_repository_says_how_to_make_one_and_runs_no_git(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False)
    status, out, _ = init(capsys, str(tmp_path / "mynet"))
    assert status == 0
    assert f"is not in a git repository: to keep your notes' history, run git init {tmp_path / 'mynet'}" in out
    assert not (tmp_path / "mynet" / ".git").exists()


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
@pytest.mark.parametrize("answer, made", [("y", True), ("yes", True), ("", False), ("n", False)])
def test_init_on_a_terminal_asks_before_git_init(tmp_path, capsys, monkeypatch, answer, made):
    asked = []
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: asked.append(prompt) or answer)
    status, _, _ = init(capsys, str(tmp_path / "mynet"))
    assert status == 0
    assert len(asked) == 1 and asked[0].endswith(f"Run git init {tmp_path / 'mynet'}? [y/N] ")
    assert (tmp_path / "mynet" / ".git").is_dir() == made


def test_init_inside_a_repository_offers_nothing(tmp_path, capsys, monkeypatch):
    (tmp_path / ".git").mkdir()
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: pytest.fail("asked"))
    status, out, _ = init(capsys, str(tmp_path / "notes" / "mynet"))
    assert status == 0 and "git" not in out.replace(".github", "").replace(".gitignore", "")


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_gitignore_keeps_out_the_site_and_what_a_build_leaves(tmp_path, capsys):
    folder = tmp_path / "mynet"
    init(capsys, str(folder), "--example")
    subprocess.run(["git", "init", "-q", str(folder)], check=True)
    assert cli.main(["build", "--root", str(folder), "--out", str(folder / "_site"), "--today", "2026-11-26"]) == 0
    # what a stopped build leaves beside the site, and the temporary file of an export or edit
    (folder / "._site.new-abc123").mkdir()
    (folder / "._site.new-abc123" / "index.html").write_text("x")
    (folder / ".contacts.csv.x1y2.tmp").write_text("x")
    (folder / "people" / ".ravi-menon.md.abc.tmp").write_text("x")
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=folder,
                            capture_output=True, text=True, check=True).stdout
    untracked = sorted(line[3:] for line in status.splitlines())
    assert untracked == sorted([*MADE, *(f"{d}/{p.name}" for d in ("people", "interviews") for p in (REPO / d).glob("*.md"))])


# --- the Pages workflow ---

def made_workflow(tmp_path, capsys) -> Path:
    init(capsys, str(tmp_path))
    return tmp_path / ".github" / "workflows" / "pages.yml"


def test_the_workflow_installs_this_version_of_weakties_unless_a_variable_names_another(tmp_path, capsys):
    workflow = yaml.safe_load(made_workflow(tmp_path, capsys).read_text())
    install = steps_of(workflow["jobs"]["build"])["Install weakties"]
    version = new_network.installed_version()
    assert install["env"] == {"WEAKTIES_PACKAGE": f"${{{{ vars.WEAKTIES_PACKAGE || 'weakties=={version}' }}}}"}
    assert install["run"] == 'python -m pip install "$WEAKTIES_PACKAGE"'


def test_a_weakties_installed_from_a_git_server_is_what_the_workflow_installs():
    commit = "0123456789abcdef0123456789abcdef01234567"
    from_git = {"url": "https://github.com/someone/weakties", "vcs_info": {"vcs": "git", "commit_id": commit}}
    assert new_network.workflow_requirement("0.1.0", from_git) == f"git+https://github.com/someone/weakties@{commit}"
    # A folder on this machine, or an index, is not something a runner can reach: the version, from the index.
    assert new_network.workflow_requirement("0.1.0", {"url": "file:///home/me/weakties", "dir_info": {}}) == "weakties==0.1.0"
    assert new_network.workflow_requirement("0.1.0", {}) == "weakties==0.1.0"
    files = {f.path: f.text for f in new_network.network_files(f"git+https://github.com/someone/weakties@{commit}")}
    assert f"vars.WEAKTIES_PACKAGE || 'git+https://github.com/someone/weakties@{commit}'" in files[
        ".github/workflows/pages.yml"]


def test_the_workflow_is_the_repositorys_own_but_for_what_it_installs(tmp_path, capsys):
    """So that a fix to the repository's Pages workflow is a fix to every network's."""
    made = yaml.safe_load(made_workflow(tmp_path, capsys).read_text())
    own = yaml.safe_load((REPO / ".github" / "workflows" / "pages.yml").read_text())
    for workflow in (made, own):
        steps = workflow["jobs"]["build"]["steps"]
        install = next(step for step in steps if step.get("name") == "Install weakties")
        install.pop("env", None), install.pop("run")
        next(step for step in steps if step.get("uses") == "actions/setup-python@v6")["with"].pop(
            "cache-dependency-path")
    assert made == own


def test_actionlint_finds_nothing_in_the_workflow_made(tmp_path, capsys):
    actionlint = tool("actionlint")
    if actionlint is None:
        if os.environ.get("CI"):
            pytest.fail("actionlint is not installed (pip install -e '.[test]')")
        pytest.skip("actionlint is not installed (pip install -e '.[test]')")
    workflow = made_workflow(tmp_path, capsys)
    shellcheck = tool("shellcheck")
    command = [actionlint, "-no-color", *(["-shellcheck", shellcheck] if shellcheck else []), str(workflow)]
    run = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


# --- as a user runs it ---

@pytest.mark.slow
def test_init_then_build_in_a_new_process(tmp_path):
    ties = Path(sys.executable).parent / "ties"
    command = f"{shlex.quote(str(ties))} init mynet --example && cd mynet && {shlex.quote(str(ties))} build"
    run = subprocess.run(["sh", "-c", command], cwd=tmp_path, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert run.returncode == 0, run.stdout + run.stderr
    assert (tmp_path / "mynet" / "_site" / "index.html").is_file()
    assert run.stdout.startswith("made mynet/people/") and "into _site/" in run.stdout


@pytest.mark.slow
def test_init_from_a_built_wheel(tmp_path):
    """The package a user installs holds everything `ties init --example` and `ties build` need."""
    pip = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "dist"),
                          str(REPO)], capture_output=True, text=True)
    if pip.returncode != 0:
        pytest.skip(f"cannot build a wheel here: {pip.stderr[-500:]}")
    wheel = next((tmp_path / "dist").glob("weakties-*.whl"))
    installed = tmp_path / "installed"
    zipfile.ZipFile(wheel).extractall(installed)
    environment = {**os.environ, "PYTHONPATH": str(installed)}
    where = subprocess.run([sys.executable, "-c", "import site_builder; print(site_builder.__file__)"],
                           cwd=tmp_path, env=environment, capture_output=True, text=True, check=True).stdout
    assert where.startswith(str(installed))
    ties = [sys.executable, "-m", "site_builder"]
    run = subprocess.run([*ties, "init", "mynet", "--example"], cwd=tmp_path, env=environment,
                         capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert run.returncode == 0, run.stdout + run.stderr
    assert files_in(tmp_path / "mynet" / "people") == files_in(REPO / "people")
    run = subprocess.run([*ties, "build"], cwd=tmp_path / "mynet", env=environment, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
