"""A full disk and a read-only file system, for real: the publication sits on a small tmpfs
mounted for the test (the tests run as root on Linux, as CI does; where mounting is not
allowed they are skipped, saying why). Each refusal is one line naming what was refused, the
previous publication stays byte for byte, nothing partial is left, and the next run works
once space or write access is back."""

from __future__ import annotations

import os
import shutil
import subprocess

import duckdb
import pytest

from pipeline.package import swap


def mount(*args: str) -> None:
    subprocess.run(["mount", *args], check=True, capture_output=True, text=True)


@pytest.fixture
def disk(tmp_path, built):
    """The base publication (data/published and datapackage.json) on a tmpfs of its own."""
    target = tmp_path / "disk"
    target.mkdir()
    try:
        mount("-t", "tmpfs", "-o", "size=64m", "tmpfs", str(target))
    except (OSError, subprocess.CalledProcessError) as error:
        pytest.skip(f"cannot mount a tmpfs here: {getattr(error, 'stderr', error)}")
    try:
        shutil.copytree(built["published"], target / "data" / "published")
        shutil.copy(built["datapackage"], target / "datapackage.json")
        with duckdb.connect(str(built["db"])) as con:  # the next publication differs: a new version
            con.execute("update core.commitments set title_en = title_en || ' (revised)' where number = '1'")
        yield {"root": target, "db": built["db"], "lock": tmp_path / "lock"}
    finally:
        subprocess.run(["umount", "-l", str(target)], capture_output=True)


def used_kb(folder) -> int:
    stats = os.statvfs(folder)
    return (stats.f_blocks - stats.f_bfree) * stats.f_frsize // 1024


def published_kb(folder) -> int:
    return sum(-(-p.stat().st_size // 4096) * 4 for p in folder.iterdir())  # whole 4 KiB pages


def state(root) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def publish(run_cli, disk):
    root = disk["root"]
    return run_cli(
        "--lock",
        disk["lock"],
        "publish",
        "--db",
        disk["db"],
        "--published-dir",
        root / "data" / "published",
        "--datapackage",
        root / "datapackage.json",
    )


def assert_refused_then_healed(run_cli, disk, expected: str, restore: list[str], command: str = "mount") -> None:
    root = disk["root"]
    before = state(root)
    result = publish(run_cli, disk)
    assert result.exit_code == 1
    [line] = result.output.splitlines()
    assert expected in line, line
    assert state(root) == before  # the previous publication, byte for byte, and nothing partial
    subprocess.run([command, *restore], check=True, capture_output=True)
    result = publish(run_cli, disk)
    assert result.exit_code == 0, result.output
    assert "(revised)" in (root / "data" / "published" / "commitments.csv").read_text(encoding="utf-8")
    assert swap.matches(root / "data" / "published", root / "datapackage.json")
    assert [p.name for p in root.rglob(".*")] == []


def test_a_disk_full_while_writing_the_draft_is_one_line_and_loses_nothing(run_cli, disk):
    root = disk["root"]
    mount("-o", f"remount,size={used_kb(root) + 24}k", str(root))
    assert_refused_then_healed(
        run_cli, disk, "No space left on device; nothing was replaced", ["-o", "remount,size=64m", str(root)]
    )


def test_a_disk_full_while_archiving_the_previous_version_is_one_line_and_loses_nothing(run_cli, disk):
    root = disk["root"]
    room = published_kb(root / "data" / "published")
    mount("-o", f"remount,size={used_kb(root) + room + room // 2}k", str(root))  # the draft fits, not its archive
    assert_refused_then_healed(
        run_cli,
        disk,
        "No space left on device while archiving version 1.0.0; nothing was replaced",
        ["-o", "remount,size=64m", str(root)],
    )
    assert sorted(p.name for p in (root / "data" / "archive").iterdir()) == ["1.0.0"]


def test_a_read_only_file_system_is_one_line_and_loses_nothing(run_cli, disk):
    root = disk["root"]
    mount("-o", "remount,ro", str(root))
    assert_refused_then_healed(
        run_cli,
        disk,
        "published: read-only, the publication cannot be replaced; nothing was published",
        ["-o", "remount,rw", str(root)],
    )


def test_a_read_only_publication_folder_alone_is_one_line_and_loses_nothing(run_cli, disk):
    published = disk["root"] / "data" / "published"
    mount("--bind", str(published), str(published))
    mount("-o", "remount,ro,bind", str(published))
    try:
        assert_refused_then_healed(
            run_cli,
            disk,
            "published: read-only, the publication cannot be replaced; nothing was published",
            [str(published)],  # write access back: the read-only view of the folder is gone
            command="umount",
        )
    finally:
        subprocess.run(["umount", "-l", str(published)], capture_output=True)
