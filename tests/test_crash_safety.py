"""SIGKILL at the worst moments: the previous publication (or snapshot) survives, and the
next run succeeds. Each test runs the real code in a child process that pauses at one point
(a patched function signals, then sleeps), and kills it there."""

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from conftest import BASE_PLAN
from pipeline import publish
from pipeline.extract import kinds
from pipeline.package import swap
from pipeline.sources import Source, fetch, http, snapshots


def fetch_all(*args, **kwargs):
    """fetch.fetch_all with the readers the flows hand it."""
    return fetch.fetch_all(*args, readers=kinds.FETCHED, **kwargs)


ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PAUSE = """
import os, pathlib, sys, time
sys.path.insert(0, {root!r})
marker = pathlib.Path({marker!r})
def pause(*args, **kwargs):
    marker.write_text("paused")
    time.sleep(120)
"""


def kill_when_paused(script: str, marker):
    child = subprocess.Popen([sys.executable, "-c", script])
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert child.poll() is None, f"the child ended before pausing (exit {child.returncode})"
        assert time.monotonic() < deadline, "the child never reached the pause"
        time.sleep(0.05)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()


def snapshot(built) -> dict:
    files = {p.name: p.read_bytes() for p in sorted(built["published"].iterdir())}
    return {**files, "datapackage.json": built["datapackage"].read_bytes()}


PATCHES = {
    # after a few resources are written to the draft folder
    "writing-resources": """
from pipeline.publish import table_files
original, calls = table_files.record, []
def record(*args, **kwargs):
    calls.append(1)
    if len(calls) == 4:
        pause()
    return original(*args, **kwargs)
table_files.record = record
""",
    # in the middle of validation: once the rows are checked
    "validating": """
from pipeline.publish import judge
original = judge.Judge._check
def check(*args, **kwargs):
    result = original(*args, **kwargs)
    pause()
    return result
judge.Judge._check = check
""",
    # between the folder swap and the descriptor replace: the worst moment
    "swapping": """
original = os.replace
def replace(src, dst, *args, **kwargs):
    if str(dst).endswith("datapackage.json"):
        pause()
    return original(src, dst, *args, **kwargs)
os.replace = replace
""",
}


@pytest.mark.parametrize("point", sorted(PATCHES))
def test_publish_killed_leaves_the_previous_publication_and_the_next_run_succeeds(point, built, tmp_path):
    before = snapshot(built)
    marker = tmp_path / "paused"
    script = (
        textwrap.dedent(PAUSE.format(root=ROOT, marker=str(marker)))
        + textwrap.dedent(PATCHES[point])
        + textwrap.dedent(f"""
        from pipeline import publish
        publish.run(pathlib.Path({str(built["db"])!r}), pathlib.Path({str(built["published"])!r}),
                    pathlib.Path({str(built["datapackage"])!r}))
    """)
    )
    kill_when_paused(script, marker)
    swap.recover(built["published"], built["datapackage"])  # what the next run does first
    assert snapshot(built) == before
    publish.run(built["db"], built["published"], built["datapackage"])
    assert snapshot(built) == before
    leftovers = [p.name for p in built["published"].parent.iterdir() if p.name.startswith(".")]
    assert leftovers == []


def test_refresh_killed_while_replacing_a_snapshot_keeps_the_previous_one(tmp_path, serve, plan_copy):
    raw = tmp_path / "data" / "raw"
    policy = http.Policy(attempts=1)
    fetch_all([Source("plan", "action-plan", serve(BASE_PLAN), raw / "plan", raw)], raw / "manifest.json", policy)
    before = {p.relative_to(raw).as_posix(): p.read_bytes() for p in sorted(raw.rglob("*")) if p.is_file()}
    page = plan_copy / "en" / "climate" / "commitment-3.md"
    page.write_text(
        page.read_text(encoding="utf-8").replace("Share the climate", "Share all climate"), encoding="utf-8"
    )
    marker = tmp_path / "paused"
    script = textwrap.dedent(PAUSE.format(root=ROOT, marker=str(marker))) + textwrap.dedent(f"""
        original = os.rename
        def rename(src, dst, *args, **kwargs):
            if str(src).endswith(".plan.partial"):  # the old snapshot is already set aside
                pause()
            return original(src, dst, *args, **kwargs)
        os.rename = rename
        from pipeline.sources import fetch
        from pipeline.sources import http
        from pipeline.sources import Source
        raw = pathlib.Path({str(raw)!r})
        from pipeline.extract import kinds
        fetch.fetch_all([Source("plan", "action-plan", {serve(plan_copy)!r}, raw / "plan", raw)], raw / "manifest.json",
                        http.Policy(attempts=1), readers=kinds.FETCHED)
    """)
    kill_when_paused(script, marker)
    assert not (raw / "plan").exists()  # killed between the two renames
    source = Source("plan", "action-plan", serve(plan_copy), raw / "plan", raw)
    assert snapshots.recover([source]) == ["plan"]
    after = {
        p.relative_to(raw).as_posix(): p.read_bytes()
        for p in sorted(raw.rglob("*"))
        if p.is_file() and ".partial" not in p.as_posix()
    }
    assert after == before
    assert [r.changed for r in fetch_all([source], raw / "manifest.json", http.Policy(attempts=1))] == [True]
    assert "Share all climate" in (raw / "plan" / "en" / "climate" / "commitment-3.md").read_text(encoding="utf-8")


def test_refresh_killed_while_writing_a_file_snapshot_keeps_the_previous_file(tmp_path, scripted):
    from scripted_server import Reply

    raw = tmp_path / "data" / "raw"
    (raw / "irm").mkdir(parents=True)
    old = (BASE_PLAN.parent.parent / "irm" / "good" / "irm-current-artefacts.csv").read_bytes()
    new = (BASE_PLAN.parent.parent / "irm" / "good" / "irm-current-crlf-rows-lf-in-cells.csv").read_bytes()
    (raw / "irm" / "export.csv").write_bytes(old)
    scripted.script["/irm.csv"] = [Reply(200, new)]
    marker = tmp_path / "paused"
    script = textwrap.dedent(PAUSE.format(root=ROOT, marker=str(marker))) + textwrap.dedent(f"""
        original = os.replace
        def replace(src, dst, *args, **kwargs):
            if str(dst).endswith("export.csv"):
                pause()
            return original(src, dst, *args, **kwargs)
        os.replace = replace
        from pipeline.sources import fetch
        from pipeline.sources import http
        from pipeline.sources import Source
        raw = pathlib.Path({str(raw)!r})
        from pipeline.extract import kinds
        fetch.fetch_all([Source("irm", "irm-export", {scripted.url + "/irm.csv"!r}, raw / "irm" / "export.csv", raw)],
                        raw / "manifest.json", http.Policy(attempts=1), readers=kinds.FETCHED)
    """)
    kill_when_paused(script, marker)
    assert (raw / "irm" / "export.csv").read_bytes() == old
    assert not (raw / "manifest.json").exists()
    source = Source("irm", "irm-export", scripted.url + "/irm.csv", raw / "irm" / "export.csv", raw)
    assert [r.changed for r in fetch_all([source], raw / "manifest.json", http.Policy(attempts=1))] == [True]
    assert (raw / "irm" / "export.csv").read_bytes() == new


SWAP_INSTANTS = {
    # (instant, the exchange available): the exchange in one step, then the two-rename fallback
    "exchanged": True,
    "described": True,
    "set-aside": False,
    "renamed": False,
}


def changed_title(built) -> str:
    """Make the next publication differ from the committed one: a commitment's title changes."""
    import duckdb

    with duckdb.connect(str(built["db"])) as con:
        con.execute("update core.commitments set title_en = title_en || ' (revised)' where number = '1'")
        return con.execute("select title_en from core.commitments where number = '1'").fetchone()[0]


def whole(folder, descriptor) -> bool:
    return swap.matches(folder, descriptor)


@pytest.mark.parametrize("instant", sorted(SWAP_INSTANTS))
def test_a_publish_killed_at_each_instant_of_the_swap_leaves_a_whole_package(instant, built, tmp_path):
    folder, root = built["published"], built["datapackage"]
    before = snapshot(built)
    title = changed_title(built)
    marker = tmp_path / "paused"
    fallback = "" if SWAP_INSTANTS[instant] else "swap.exchange = lambda first, second: False\n"
    script = (
        textwrap.dedent(PAUSE.format(root=ROOT, marker=str(marker)))
        + "from pipeline.package import swap\n"
        + fallback
        + f"swap._at = lambda instant: pause() if instant == {instant!r} else None\n"
        + textwrap.dedent(f"""
        from pipeline import publish
        publish.run(pathlib.Path({str(built["db"])!r}), pathlib.Path({str(folder)!r}), pathlib.Path({str(root)!r}))
    """)
    )
    kill_when_paused(script, marker)
    if SWAP_INSTANTS[instant]:
        # with the exchange, the folder is a whole package at every instant, before any healing
        assert whole(folder, folder / "datapackage.json")
    said = swap.heal(root)  # what every reader does first
    assert whole(folder, root) and whole(folder, folder / "datapackage.json"), said
    published = (folder / "commitments.csv").read_text(encoding="utf-8")
    if instant in ("exchanged", "described", "renamed"):
        assert title in published  # the new package, whole
    else:
        assert snapshot(built) == before  # the previous package, whole
    publish.run(built["db"], folder, root)
    assert title in (folder / "commitments.csv").read_text(encoding="utf-8") and whole(folder, root)
    leftovers = [p.name for p in folder.parent.iterdir() if p.name.startswith(".")]
    assert leftovers == [] and not swap.draft_of(root).exists()
