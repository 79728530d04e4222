import re

import pytest

from conftest import EVALUATION_ARGS, PLAN_FIXTURES, REPO, SHARED, overlay
from pipeline.cli import cli

COMMANDS = sorted(cli.commands)


@pytest.mark.parametrize("command", COMMANDS)
def test_cli_every_command_has_help_with_an_example(command, run_cli):
    result = run_cli(command, "--help")
    assert result.exit_code == 0
    assert "Example:" in result.output


def test_cli_every_command_appears_in_the_readme_or_a_docs_page():
    readme = "".join(p.read_text(encoding="utf-8") for p in [REPO / "README.md", *(REPO / "docs").glob("*.md")])
    for command in COMMANDS:
        assert re.search(rf"action-plan-data {command}\b", readme), command


def test_cli_run_prints_one_summary_line_per_stage(built, run_cli, tmp_path):
    result = run_cli(
        "run",
        "--action-plan",
        built["action_plan"],
        *EVALUATION_ARGS,
        "--extracted-dir",
        built["extracted"],
        "--db",
        built["db"],
        "--published-dir",
        built["published"],
        "--datapackage",
        built["datapackage"],
    )
    lines = result.output.splitlines()
    assert [line.split(":")[0] for line in lines] == ["extract", "normalise", "publish"]
    assert lines[0].endswith("extracted: 154 rows in 16 tables; repaired 1 float-corrupted number rounded")


def test_cli_malformed_input_is_one_line_and_exit_1(tmp_path, run_cli):
    root = overlay(PLAN_FIXTURES / "bad" / "duplicate-commitment-number", tmp_path / "plan")
    result = run_cli(
        "run",
        "--action-plan",
        root,
        "--extracted-dir",
        tmp_path / "x",
        "--db",
        tmp_path / "db",
        "--published-dir",
        tmp_path / "out" / "published",
        "--datapackage",
        tmp_path / "out" / "datapackage.json",
    )
    assert result.exit_code == 1
    assert (
        result.output == "Error: en/climate/commitment-2.md:1: duplicate commitment number: "
        "2 is also en/accountability/commitment-2.md\n"
    )
    assert not (tmp_path / "out").exists()


def test_cli_as_a_process_says_all_it_has_to_say_and_keeps_its_exit_code():
    import os
    import subprocess
    import sys

    from click.testing import CliRunner

    columns = {**os.environ, "COLUMNS": "80"}  # click folds help 2 columns short of the terminal's
    helped = subprocess.run([sys.executable, "-m", "pipeline", "--help"], capture_output=True, text=True, env=columns)
    said = CliRunner().invoke(cli, ["--help"], prog_name="python -m pipeline", terminal_width=78).output
    assert (helped.returncode, helped.stdout) == (0, said)
    wrong = subprocess.run([sys.executable, "-m", "pipeline", "nosuch"], capture_output=True, text=True)
    assert (wrong.returncode, wrong.stdout) == (2, "")
    assert wrong.stderr.endswith("Error: No such command 'nosuch'.\n")


def test_cli_as_a_process_runs_the_exit_handlers_before_it_ends():
    import subprocess
    import sys

    # a handler registered by a library, as DuckDB's and logging's are, whose output is last
    code = "import atexit, sys; atexit.register(print, 'handled'); sys.argv[1:] = ['--help']; "
    code += "from pipeline.__main__ import main; main()"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.startswith("Usage: ") and done.stdout.endswith("\nhandled\n")


@pytest.mark.parametrize("code, status, said", [(None, 0, ""), (3, 3, ""), ("stopped", 1, "stopped\n")])
def test_an_exit_gives_the_status_python_would(code, status, said, capsys):
    from pipeline.__main__ import exit_code

    assert exit_code(code) == status
    assert capsys.readouterr().err == said


def normalise_failing_with(error, monkeypatch, tmp_path, *flags):
    """`normalise` run by the command line, its stage raising `error`."""
    from click.testing import CliRunner

    from pipeline import normalise

    def failing(*args, **kwargs):
        raise error

    monkeypatch.setattr(normalise, "run", failing)
    args = [
        "--lock",
        str(tmp_path / "lock"),
        "normalise",
        "--extracted-dir",
        str(tmp_path),
        "--db",
        str(tmp_path / "d"),
    ]
    return CliRunner().invoke(cli, [*flags, *args])


def test_an_unforeseen_error_is_one_line_and_debug_shows_the_traceback(monkeypatch, tmp_path):
    plain = normalise_failing_with(ZeroDivisionError("division by zero"), monkeypatch, tmp_path)
    assert (plain.exit_code, plain.output) == (
        1,
        "Error: unexpected ZeroDivisionError: division by zero (run again with --debug for the traceback)\n",
    )
    debug = normalise_failing_with(ZeroDivisionError("division by zero"), monkeypatch, tmp_path, "--debug")
    assert isinstance(debug.exception, ZeroDivisionError)


def test_a_file_the_system_refuses_is_named_in_one_line(monkeypatch, tmp_path):
    import errno

    full = OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "pipeline.duckdb"))
    result = normalise_failing_with(full, monkeypatch, tmp_path)
    assert (result.exit_code, result.output) == (
        1,
        "Error: pipeline.duckdb: No space left on device; nothing was replaced\n",
    )


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_commands_help_gives_the_exit_codes(command, run_cli):
    shown = " ".join(run_cli(command, "--help").output.split())
    assert "Exit codes: 0 done (for refresh: unchanged), 1 bad input or a failure" in shown
    assert "4 another command that writes holds the lock." in shown


def test_upload_help_says_it_reads_the_descriptor(run_cli):
    shown = " ".join(run_cli("upload", "--help").output.split())
    assert "The package descriptor to send, with the files it lists." in shown
    assert "to write" not in shown


def test_validate_first_finishes_a_publication_whose_root_descriptor_was_not_replaced(built, run_cli, tmp_path):
    """As after a run killed between the folder exchange and the root descriptor's replacement."""
    root = built["datapackage"]
    whole = root.read_bytes()
    root.write_text(whole.decode("utf-8").replace('"bytes": ', '"bytes": 1'), encoding="utf-8")  # the old one
    result = run_cli("--lock", tmp_path / "lock", "validate", "--datapackage", root)
    assert (result.exit_code, result.output) == (
        0,
        "validate: datapackage.json is valid (44 resources checked); completed an interrupted publication\n",
    )
    assert root.read_bytes() == whole


def test_validate_names_the_first_error_of_a_broken_package_in_one_line(built, run_cli, tmp_path):
    (built["published"] / "themes.csv").write_text("theme_id\nbroken\n", encoding="utf-8")
    (built["published"] / "datapackage.json").unlink()  # no whole descriptor to heal from
    result = run_cli("--lock", tmp_path / "lock", "validate", "--datapackage", built["datapackage"])
    assert result.exit_code == 1
    [line] = result.output.splitlines()
    assert line.startswith("Error: datapackage.json: not valid (") and "); first: themes: " in line


@pytest.mark.parametrize("command", ["validate", "publish", "upload"])
def test_each_command_heals_the_publication_once_after_taking_the_lock(built, run_cli, tmp_path, monkeypatch, command):
    from pipeline import lock
    from pipeline.package import swap

    events = []
    held, heal = lock.held, swap.heal

    def holding(*args, **kwargs):
        events.append("lock")
        return held(*args, **kwargs)

    monkeypatch.setattr(lock, "held", holding)
    monkeypatch.setattr(swap, "heal", lambda path: events.append("heal") or heal(path))
    extra = {
        "publish": ["--db", built["db"], "--published-dir", built["published"]],
        "upload": ["--config", tmp_path / "none.toml"],
    }.get(command, [])
    run_cli("--lock", tmp_path / "lock", command, "--datapackage", built["datapackage"], *extra)
    assert events == ["lock", "heal"]


def test_the_reference_cycles_a_run_leaves_do_not_grow_with_the_rows(tmp_path):
    # a command runs with Python's cyclic collector off (pipeline/__main__.py): sound only as
    # long as what is left in cycles stays the same, whatever the size of the plan
    import gc
    import importlib.util

    from pipeline import flows
    from pipeline.extract.irm_plan import PlanSelection

    spec = importlib.util.spec_from_file_location("synthetic", REPO / "bench" / "synthetic.py")
    synthetic = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(synthetic)
    real_export = SHARED / "ogp" / "g0v-ogp-commitments" / "open_parliament_0703.csv"
    left = {}
    for rows in (100, 100, 1000):  # the first run also imports what later runs find loaded
        export = tmp_path / f"irm-{rows}.csv"
        synthetic.write(export, rows, real_export)
        inputs = flows.Inputs(
            selection=PlanSelection("Synthland", "1", "AP_SYN01"), irm_files=[export], self_assessment_files=[]
        )
        out = tmp_path / f"out-{rows}"
        outputs = flows.Outputs(out / "x", out / "db.duckdb", out / "data" / "published", out / "datapackage.json")
        gc.collect()
        gc.disable()
        try:
            flows.run_all(inputs, outputs)
            left[rows] = gc.collect()
        finally:
            gc.enable()
    assert left[1000] - left[100] < 90, left  # fewer than one object for every ten rows added
