"""Shared fixtures: the tiny plan repositories, a loopback HTTP server, a CLI runner."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import cli

FIXTURES = Path(__file__).parent / "fixtures"
PLAN_FIXTURES = FIXTURES / "action-plan"
IRM_FOR_BASE = FIXTURES / "evaluations" / "irm-for-the-test-plan.csv"
SELF_ASSESSMENT_FOR_BASE = FIXTURES / "evaluations" / "self-assessment-for-the-test-plan.csv"
BASE_PLAN = PLAN_FIXTURES / "base"
SHARED = Path(__file__).resolve().parents[2] / "shared"


def overlay(case: Path, into: Path) -> Path:
    """A copy of the base plan with the case's files laid over it; returns its root."""
    shutil.copytree(BASE_PLAN, into)
    for path in case.rglob("*"):
        if path.is_file() and path.name != "expected-error.txt":
            target = into / path.relative_to(case)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    return into


@pytest.fixture
def plan_copy(tmp_path) -> Path:
    """A writable copy of the base plan, for tests that break it."""
    return overlay(tmp_path / "no-case", tmp_path / "plan")


@pytest.fixture
def serve():
    """serve(folder) -> base URL of a real HTTP server on 127.0.0.1 serving that folder."""
    servers = []

    def start(folder: Path) -> str:
        handler = functools.partial(_QuietHandler, directory=str(folder))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def run_cli():
    def invoke(*args):
        return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)

    return invoke


EVALUATION_ARGS = ("--irm", IRM_FOR_BASE, "--self-assessment", SELF_ASSESSMENT_FOR_BASE)


@pytest.fixture
def built(tmp_path, run_cli):
    """Run every stage on the base plan into tmp_path; returns the paths used."""
    paths = {
        "action_plan": BASE_PLAN,
        "extracted": tmp_path / "build" / "extracted",
        "db": tmp_path / "build" / "pipeline.duckdb",
        "published": tmp_path / "out" / "data" / "published",
        "datapackage": tmp_path / "out" / "datapackage.json",
    }
    result = run_cli("run", "--action-plan", paths["action_plan"], *EVALUATION_ARGS, "--extracted-dir", paths["extracted"],
                     "--db", paths["db"], "--published-dir", paths["published"], "--datapackage", paths["datapackage"])
    assert result.exit_code == 0, result.output
    return paths


@pytest.fixture
def scripted():
    from scripted_server import ScriptedServer

    server = ScriptedServer()
    yield server
    server.close()
