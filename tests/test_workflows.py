"""The GitHub Actions workflows: valid for actionlint, and the Pages workflow publishes nobody in clear."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).parent.parent
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))


def tool(name: str) -> str | None:
    """A command installed beside this Python (the test extra's), else on the PATH."""
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.is_file() else shutil.which(name)


def workflow(name: str) -> dict:
    loaded = yaml.safe_load((REPO / ".github" / "workflows" / name).read_text())
    loaded["on"] = loaded.pop(True)  # YAML 1.1 reads the key `on` as true
    return loaded


def steps_of(job: dict) -> dict[str, dict]:
    return {step.get("name") or step["uses"]: step for step in job["steps"]}


def test_the_workflows_are_ci_and_pages():
    assert [path.name for path in WORKFLOWS] == ["ci.yml", "pages.yml"]


def test_actionlint_finds_nothing_in_the_workflows():
    actionlint = tool("actionlint")
    if actionlint is None:
        message = "actionlint is not installed (pip install -e '.[test]')"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    shellcheck = tool("shellcheck")
    command = [actionlint, "-no-color", *(["-shellcheck", shellcheck] if shellcheck else []), *map(str, WORKFLOWS)]
    run = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def test_ci_runs_the_readme_test_command_on_push_and_pull_request():
    ci = workflow("ci.yml")
    assert set(ci["on"]) == {"push", "pull_request"}
    assert steps_of(ci["jobs"]["test"])["Test"]["run"] == "bash .ci/run"
    assert "python -m pytest" in (REPO / ".ci" / "run").read_text().splitlines()[-1]


def test_pages_builds_on_push_to_main_every_day_and_on_demand():
    pages = workflow("pages.yml")
    assert pages["on"]["push"] == {"branches": ["main"]}
    assert len(pages["on"]["schedule"]) == 1
    assert "workflow_dispatch" in pages["on"]
    assert pages["concurrency"]["group"] == "pages"
    assert pages["env"]["TIES_PUBLISH"] == "${{ vars.TIES_PUBLISH || 'encrypted' }}"


def test_pages_deploys_with_the_official_actions_unless_a_second_repository_is_named():
    pages = workflow("pages.yml")
    build, deploy = pages["jobs"]["build"], pages["jobs"]["deploy"]
    steps = steps_of(build)
    uses = [step.get("uses") for step in build["steps"] if "uses" in step]
    assert uses == ["actions/checkout@v6", "actions/setup-python@v6", "actions/cache@v5", "actions/configure-pages@v6",
                    "actions/upload-pages-artifact@v5"]
    assert steps["Upload the site for GitHub Pages"]["with"] == {"path": "_site", "include-hidden-files": True}
    assert steps["Upload the site for GitHub Pages"]["if"] == "vars.PAGES_REPOSITORY == ''"
    assert deploy["if"] == "vars.PAGES_REPOSITORY == ''" and deploy["needs"] == "build"
    assert deploy["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert [step["uses"] for step in deploy["steps"]] == ["actions/deploy-pages@v5"]
    push = steps["Push the site to the public repository"]
    assert push["if"] == "vars.PAGES_REPOSITORY != ''"
    assert push["env"]["DEPLOY_KEY"] == "${{ secrets.PAGES_DEPLOY_KEY }}"
    assert 'git push --force "git@github.com:$PAGES_REPOSITORY.git"' in push["run"]


def test_pages_keeps_what_ties_keeps_between_builds(tmp_path, monkeypatch):
    from site_builder.incremental.cache import cache_folder

    restore = steps_of(workflow("pages.yml")["jobs"]["build"])["Restore what the last build kept"]
    # where ties keeps its cache on a runner (HOME set, no XDG_CACHE_HOME or TIES_CACHE_DIR)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.delenv("TIES_CACHE_DIR", raising=False)
    kept = Path(restore["with"]["path"].replace("~", str(tmp_path), 1))
    assert cache_folder(REPO).parent == kept
    # caches cannot be overwritten: each run saves its own, and restores the newest one
    assert restore["with"]["key"] == "weakties-${{ github.run_id }}"
    assert restore["with"]["restore-keys"] == "weakties-"


def test_the_passphrase_reaches_only_the_build_step():
    text = (REPO / ".github" / "workflows" / "pages.yml").read_text()
    assert text.count("secrets.TIES_PASSPHRASE }}") == 1
    build = steps_of(workflow("pages.yml")["jobs"]["build"])["Build the site"]
    assert build["env"] == {"TIES_PASSPHRASE": "${{ secrets.TIES_PASSPHRASE }}"}
    assert build["run"] == 'ties build --publish "$TIES_PUBLISH" --out _site'


def guard(mode: str, passphrase: bool = True, repository: str = "", deploy_key: bool = False):
    """Run the Pages workflow's first step as the runner would."""
    step = workflow("pages.yml")["jobs"]["build"]["steps"][0]
    assert step["name"] == "Refuse to publish anyone in clear"
    environment = {"PATH": os.environ["PATH"], "TIES_PUBLISH": mode, "PAGES_REPOSITORY": repository,
                   "HAS_PASSPHRASE": str(passphrase).lower(), "HAS_DEPLOY_KEY": str(deploy_key).lower()}
    return subprocess.run(["bash", "-e", "-c", step["run"]], env=environment, capture_output=True, text=True)


@pytest.mark.parametrize("mode", ["encrypted", "redacted", "public"])
def test_pages_publishes_an_explicit_mode(mode):
    assert guard(mode).returncode == 0


def test_pages_refuses_encrypted_without_the_passphrase_secret():
    run = guard("encrypted", passphrase=False)
    assert run.returncode == 1
    assert run.stdout.startswith("::error title=No passphrase::TIES_PUBLISH is 'encrypted' but the repository "
                                 "secret TIES_PASSPHRASE is missing or empty.")


@pytest.mark.parametrize("mode", ["local", "", "clear"])
def test_pages_refuses_a_mode_that_is_not_explicitly_private_or_public(mode):
    run = guard(mode)
    assert run.returncode == 1
    assert run.stdout.startswith("::error title=")
    assert "Nothing was published." in run.stdout


def test_pages_refuses_a_second_repository_without_its_deploy_key():
    assert guard("encrypted", repository="sam/network-site").returncode == 1
    assert guard("encrypted", repository="sam/network-site", deploy_key=True).returncode == 0
