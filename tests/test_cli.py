"""The `ties` command: exit codes, output formats and argument errors."""

from __future__ import annotations

import json

import pytest

from site_builder.cli import main

DAY = ["--today", "2026-11-26"]
CLEAN = {
    "people/ada.md": "---\nname: Ada Lovelace\ncompany: Analytical Engines\n---\n- [ ] Write to Ada due:2026-12-01\n",
    "interviews/2026-11-20-ada.md": "---\nperson: ada\ndate: 2026-11-20\nthanked: 2026-11-21\n---\nNotes.\n",
}


def run(capsys, *arguments: str) -> tuple[int, str, str]:
    code = main(list(arguments))
    out, err = capsys.readouterr()
    return code, out, err


def test_check_exits_0_on_a_clean_network_and_says_so(network, capsys):
    code, out, err = run(capsys, "check", "--root", str(network(CLEAN)), *DAY)
    assert (code, err) == (0, "")
    assert "Checked 1 people and 1 interviews: 0 errors, 0 warnings." in out


def test_check_exits_0_with_warnings_and_prints_them(network, capsys):
    root = network({**CLEAN, "people/bo.md": "---\nname: Bo\nintroduced_by: Zoe\n---\n"})
    code, out, _ = run(capsys, "check", "--root", str(root), *DAY)
    assert code == 0
    assert "people/bo.md:3: warning: introduced_by: 'Zoe'" in out


def test_check_exits_1_with_errors(network, capsys):
    root = network({**CLEAN, "people/bo.md": "---\nname: Bo\narchived: maybe\n---\n"})
    code, out, _ = run(capsys, "check", "--root", str(root), *DAY)
    assert code == 1
    assert "people/bo.md:3: error: archived:" in out


def test_check_json_is_an_empty_list_for_a_clean_network(network, capsys):
    code, out, _ = run(capsys, "check", "--root", str(network(CLEAN)), *DAY, "--format", "json")
    assert (code, json.loads(out)) == (0, [])


def test_queue_json_lists_the_items(network, capsys):
    code, out, _ = run(capsys, "queue", "--root", str(network(CLEAN)), *DAY, "--format", "json")
    assert code == 0
    assert [(i["kind"], i["person"], i["due"]) for i in json.loads(out)] == [
        ("connect", "ada", "2026-11-21"), ("task", "ada", "2026-12-01"), ("circle-back", "ada", "2027-02-18")]


def test_queue_text_is_grouped(network, capsys):
    code, out, _ = run(capsys, "queue", "--root", str(network(CLEAN)), *DAY)
    assert code == 0
    assert out.index("Overdue (1)") < out.index("This week (1)") < out.index("Later (1)")
    assert "Ada Lovelace" in out and "people/ada.md:5" in out


@pytest.mark.parametrize("command", [["queue"], ["export", "csv"], ["check"]])
@pytest.mark.slow
def test_output_piped_to_a_reader_that_stops_reading_ends_quietly(network, command):
    import os
    import subprocess
    import sys

    reading, writing = os.pipe()
    os.close(reading)  # as `ties queue | head -1` once head has its line
    try:
        run = subprocess.run([sys.executable, "-m", "site_builder", *command, "--root", str(network(CLEAN)), *DAY],
                             stdout=writing, stderr=subprocess.PIPE, text=True, timeout=60)
    finally:
        os.close(writing)
    assert (run.returncode, run.stderr) == (1, "")


def test_queue_exits_1_with_errors_and_prints_them_to_stderr(network, capsys):
    root = network({**CLEAN, "people/bo.md": "---\nname: [Bo\n---\n"})
    code, _, err = run(capsys, "queue", "--root", str(root), *DAY, "--format", "json")
    assert code == 1
    assert "people/bo.md:2: error" in err


def test_build_writes_the_site_and_reports_it(network, tmp_path, capsys):
    out_folder = tmp_path / "out"
    code, out, _ = run(capsys, "build", "--root", str(network(CLEAN)), *DAY, "--out", str(out_folder))
    assert code == 0
    assert "Built 1 people and 1 interviews" in out
    assert (out_folder / "people" / "ada" / "index.html").is_file()


@pytest.mark.slow
def test_a_build_into_a_folder_another_run_is_writing_says_it_waits_then_builds(network, tmp_path):
    import select
    import subprocess
    import sys
    import time

    from site_builder.incremental.cache import held

    root, out_folder = network(CLEAN), tmp_path / "out"
    with held(root, str(out_folder.resolve())):  # as a `ties serve` in the middle of a rebuild
        build = subprocess.Popen([sys.executable, "-m", "site_builder", "build", "--root", str(root), *DAY,
                                  "--out", str(out_folder)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert select.select([build.stderr], [], [], 30)[0], "it said nothing while waiting"
        first = build.stderr.readline()
        time.sleep(0.3)
        assert build.poll() is None and not out_folder.exists()
    output, _ = build.communicate(timeout=60)
    assert first == f"Waiting for another run of ties writing {out_folder}/ ...\n"
    assert build.returncode == 0 and "Built 1 people" in output


def test_a_build_in_a_terminal_shows_how_it_goes_on_one_line_then_erases_it(network, tmp_path, monkeypatch, capsys):
    import io
    import sys

    class Terminal(io.StringIO):
        def isatty(self):
            return True
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    root = network({**CLEAN, **{f"people/p{number}.md": f"---\nname: P {number}\n---\nNotes {number}.\n"
                                for number in range(3)}})
    assert main(["build", "--root", str(root), *DAY, "--out", str(tmp_path / "out")]) == 0
    shown = terminal.getvalue()
    assert "\r\033[KConverting notes: 1 of 5" in shown  # the first of each part at once
    assert "\r\033[KRendering pages: 1 of " in shown
    assert shown.endswith("\r\033[K")  # erased: the report that follows starts a clean line
    assert "Built 4 people" in capsys.readouterr().out


def test_a_build_not_in_a_terminal_shows_no_progress(network, tmp_path, capsys):
    assert main(["build", "--root", str(network(CLEAN)), *DAY, "--out", str(tmp_path / "out")]) == 0
    assert "\r" not in capsys.readouterr().err


def test_build_with_errors_exits_1_without_a_traceback(network, tmp_path, capsys):
    root = network({**CLEAN, "people/bo.md": "---\nname: Bo\ntie: medium\n---\n"})
    code, _, err = run(capsys, "build", "--root", str(root), *DAY, "--out", str(tmp_path / "out"))
    assert code == 1
    assert "Not built: 1 error, 0 warnings." in err
    assert "Traceback" not in err


def test_build_defaults_to_site_folder_in_the_root(network, capsys):
    root = network(CLEAN)
    code, _, _ = run(capsys, "build", "--root", str(root), *DAY)
    assert code == 0
    assert (root / "_site" / "index.html").is_file()


def test_root_without_pyproject_builds_with_the_default_settings(network, tmp_path, capsys):
    root = network(CLEAN)
    assert not (root / "pyproject.toml").exists()
    code, _, _ = run(capsys, "build", "--root", str(root), *DAY, "--out", str(tmp_path / "out"))
    assert code == 0
    assert "My network" in (tmp_path / "out" / "index.html").read_text(encoding="utf-8")


def test_settings_come_from_the_roots_pyproject(network, tmp_path, capsys):
    root = network({**CLEAN, "pyproject.toml": '[tool.site_builder]\ntitle = "Ada\'s search"\n'})
    code, _, _ = run(capsys, "build", "--root", str(root), *DAY, "--out", str(tmp_path / "out"))
    assert code == 0
    assert "Ada&#39;s search" in (tmp_path / "out" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", ["check", "queue", "build"])
@pytest.mark.parametrize("today", ["2026-13-01", "tomorrow", "26/11/2026"])
def test_a_bad_today_is_a_usage_error(network, capsys, command, today):
    with pytest.raises(SystemExit) as exit_:
        main([command, "--root", str(network(CLEAN)), "--today", today])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "is not a date: write YYYY-MM-DD" in err
    assert "Traceback" not in err


def test_a_root_that_is_not_a_folder_is_a_usage_error(tmp_path, capsys):
    code, _, err = run(capsys, "check", "--root", str(tmp_path / "missing"), *DAY)
    assert code == 2
    assert "is not a folder" in err


def test_an_unknown_command_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["publish"])
    assert exit_.value.code == 2
