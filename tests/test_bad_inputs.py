"""The whole corpus of bad inputs, through the command line, over an existing publication:
each ends with exit code 1 and exactly its one line (file, line, rule), and every published
byte stays as it was."""

import pytest

from conftest import BASE_PLAN, EVALUATION_ARGS, FIXTURES, PLAN_FIXTURES, SHARED, overlay

PLAN_CASES = sorted(p for p in (PLAN_FIXTURES / "bad").iterdir() if p.is_dir())
IRM_CASES = sorted((FIXTURES / "irm" / "bad").glob("*.csv"))
CONFIG_CASES = sorted((FIXTURES / "config" / "bad").glob("*.toml"))
SELF_CASES = sorted((FIXTURES / "self-assessment" / "bad").glob("*.csv"))
CASES = (
    [("plan", p) for p in PLAN_CASES]
    + [("irm", p) for p in IRM_CASES]
    + [("config", p) for p in CONFIG_CASES]
    + [("self", p) for p in SELF_CASES]
)


def snapshot(built) -> dict:
    files = {p.name: p.read_bytes() for p in sorted(built["published"].iterdir())}
    return {**files, "datapackage.json": built["datapackage"].read_bytes()}


def expected(kind, case):
    path = case / "expected-error.txt" if kind == "plan" else case.with_suffix(".expected-error.txt")
    return path.read_text(encoding="utf-8").strip()


@pytest.mark.parametrize("kind, case", CASES, ids=[f"{k}:{c.stem}" for k, c in CASES])
def test_bad_input_exits_1_with_one_line_and_publishes_nothing(kind, case, built, run_cli, tmp_path):
    before = snapshot(built)
    outputs = [
        "--extracted-dir",
        tmp_path / "x",
        "--db",
        tmp_path / "db.duckdb",
        "--published-dir",
        built["published"],
        "--datapackage",
        built["datapackage"],
    ]
    if kind == "plan":
        inputs = ["--action-plan", overlay(case, tmp_path / "plan"), *EVALUATION_ARGS]
    elif kind == "irm":
        inputs = ["--action-plan", BASE_PLAN, "--irm", case, *EVALUATION_ARGS[2:]]
    elif kind == "self":
        inputs = ["--action-plan", BASE_PLAN, *EVALUATION_ARGS[:2], "--self-assessment", case, *EVALUATION_ARGS[4:]]
    else:
        inputs = ["--action-plan", BASE_PLAN, "--sources", case]
    result = run_cli("run", *inputs, *outputs)
    assert result.exit_code == 1
    assert result.output == f"Error: {expected(kind, case)}\n"
    assert snapshot(built) == before


@pytest.mark.skipif(not (SHARED / "ogp").exists(), reason="../shared/ogp is not beside this clone")
def test_a_source_over_the_size_cap_is_refused_before_it_is_read(built, run_cli, tmp_path):
    """OGP's whole IRM export (2.5 MB) against a cap of 2 MB: the cap is what is checked."""
    export = SHARED / "ogp" / "g0v-ogp-commitments" / "open_parliament_0703.csv"
    before = snapshot(built)
    result = run_cli(
        "run",
        *("--action-plan", BASE_PLAN, "--irm", export, *EVALUATION_ARGS[2:], "--max-source-mb", "2"),
        *("--extracted-dir", tmp_path / "x", "--db", tmp_path / "db.duckdb"),
        *("--published-dir", built["published"], "--datapackage", built["datapackage"]),
    )
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {export.name}: file over the size cap: more than 2000000 bytes (--max-source-mb raises it)\n"
    )
    assert snapshot(built) == before


def test_corpus_covers_the_cases_of_the_reliability_section():
    assert len(CASES) >= 30
