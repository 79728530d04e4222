"""Shared fixtures: the tiny plan repositories, a loopback HTTP server, a CLI runner."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import cli

FIXTURES = Path(__file__).parent / "fixtures"
PLAN_FIXTURES = FIXTURES / "action-plan"
IRM_FOR_BASE = FIXTURES / "evaluations" / "irm-for-the-test-plan.csv"
SELF_ASSESSMENT_FOR_BASE = FIXTURES / "evaluations" / "self-assessment-for-the-test-plan.csv"
OGP_LAYER_FOR_BASE = FIXTURES / "ogp-layer"
BASE_PLAN = PLAN_FIXTURES / "base"
REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


# The modules that take longest (each above 8 s of one core, measured with --durations=0), run
# first: pytest-xdist's worksteal hands each worker a contiguous half of the collected order
# and steals from its end, so a long module left at the end would keep one core busy while the
# other idles. Each module stays whole, so its module fixtures are built by one worker, once.
LONGEST_FIRST = (
    "test_versioning.py",
    "test_crash_safety.py",
    "test_refresh.py",
    "test_plain_install.py",
    "test_plan_tables.py",
    "test_publish.py",
    "test_upload.py",
    "test_table_checks.py",
    "test_system_refusals.py",
    "test_one_writer.py",
    "test_schedules.py",
)


def pytest_collection_modifyitems(items):
    rank = {name: i for i, name in enumerate(LONGEST_FIRST)}
    # a stable sort: the other modules follow in their usual order, each test in its module's
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))


def overlay(case: Path, into: Path) -> Path:
    """A copy of the base plan with the case's files laid over it; returns its root."""
    shutil.copytree(BASE_PLAN, into)
    for path in case.rglob("*"):
        if path.is_file() and path.name != "expected-error.txt":
            target = into / path.relative_to(case)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    return into


@pytest.fixture(scope="session", autouse=True)
def lock_of_this_worker(tmp_path_factory):
    """Each pytest-xdist worker is a user of its own: the commands its tests run take a lock of
    the worker's, not the checkout's build/pipeline.lock, which the other worker's tests hold.
    The tests of the lock itself name theirs with --lock."""
    path = tmp_path_factory.mktemp("lock") / "pipeline.lock"
    previous = os.environ.get("ACTION_PLAN_DATA_LOCK")
    os.environ["ACTION_PLAN_DATA_LOCK"] = str(path)
    yield path
    if previous is None:
        os.environ.pop("ACTION_PLAN_DATA_LOCK", None)
    else:
        os.environ["ACTION_PLAN_DATA_LOCK"] = previous


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
        # polled every 50 ms: shutdown() waits out one poll, 0.5 s by default, at every test's end
        threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
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


EVALUATION_ARGS = (
    "--irm",
    IRM_FOR_BASE,
    "--self-assessment",
    SELF_ASSESSMENT_FOR_BASE,
    "--ogp-layer",
    OGP_LAYER_FOR_BASE,
)


@pytest.fixture(scope="session")
def built_once(tmp_path_factory):
    """The base plan through every stage, once per test session."""
    root = tmp_path_factory.mktemp("built")
    result = CliRunner().invoke(
        cli,
        [
            "run",
            "--action-plan",
            str(BASE_PLAN),
            *map(str, EVALUATION_ARGS),
            "--extracted-dir",
            str(root / "build" / "extracted"),
            "--db",
            str(root / "build" / "pipeline.duckdb"),
            "--published-dir",
            str(root / "out" / "data" / "published"),
            "--datapackage",
            str(root / "out" / "datapackage.json"),
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    return root


@pytest.fixture
def built(tmp_path, built_once):
    """A private copy of the base plan's build and publication; returns the paths used."""
    shutil.copytree(built_once / "build", tmp_path / "build")
    shutil.copytree(built_once / "out", tmp_path / "out")
    return {
        "action_plan": BASE_PLAN,
        "extracted": tmp_path / "build" / "extracted",
        "db": tmp_path / "build" / "pipeline.duckdb",
        "published": tmp_path / "out" / "data" / "published",
        "datapackage": tmp_path / "out" / "datapackage.json",
    }


@pytest.fixture
def scripted():
    from scripted_server import ScriptedServer

    server = ScriptedServer()
    yield server
    server.close()


HOLD = """
import sys, time
from pathlib import Path
from pipeline import lock
with lock.held(Path(sys.argv[1])):
    print("held", flush=True)
    time.sleep(60)
"""


def holding(path):
    """A real process holding the lock at `path`, once it says so."""
    other = subprocess.Popen([sys.executable, "-c", HOLD, str(path)], stdout=subprocess.PIPE, text=True)
    assert other.stdout.readline() == "held\n"
    return other


def codes_of(name: str) -> list[str]:
    """Every code an IRM indicator may take, values first, then the missing-value codes."""
    from pipeline.extract.irm_vocabularies import INDICATORS, MISSING, NOT_SHOWN

    found: list[str] = []
    for indicator in INDICATORS:
        if indicator.name == name:
            found += [code for code in dict.fromkeys(indicator.codes.values()) if code not in found]
    return found + [*MISSING, NOT_SHOWN]


@pytest.fixture
def portal():
    """The udata stand-in on 127.0.0.1, holding one empty dataset."""
    from udata_server import DATASET, KEY, UdataServer

    server = UdataServer(KEY, DATASET)
    yield server
    server.close()
