"""The connections every stage opens (pipeline/database.py): the process's shared in-memory
database keeps each connection's scratch tables its own, and holds the settings asked for."""

from __future__ import annotations

import threading

from pipeline import database


def test_shared_connections_keep_their_temporary_tables_to_themselves():
    with database.shared() as one, database.shared() as other:
        one.execute("create temp table scratch as select 1 as a")
        other.execute("create temp table scratch as select 2 as a")
        assert one.execute("select a from scratch").fetchall() == [(1,)]
        assert other.execute("select a from scratch").fetchall() == [(2,)]


def test_a_closed_shared_connection_leaves_nothing_behind_and_the_database_open():
    with database.shared() as first:
        first.execute("create temp table scratch as select 1 as a")
    with database.shared() as later:
        assert later.execute("select count(*) from duckdb_tables() where table_name = 'scratch'").fetchone() == (0,)


def test_a_shared_database_holds_the_settings_asked_for(monkeypatch):
    monkeypatch.setenv("PIPELINE_MEMORY_LIMIT", "300MB")
    with database.shared() as con:
        limit = con.execute("select current_setting('memory_limit')").fetchone()[0]
        assert limit.startswith(("286", "300")), limit  # DuckDB shows 300MB in MiB
        assert con.execute("select current_setting('preserve_insertion_order')").fetchone() == (True,)
        disabled = con.execute("select current_setting('disabled_optimizers')").fetchone()[0]
        assert {o.strip() for o in disabled.split(",")} == set(database.SCRATCH_DISABLED_OPTIMIZERS.split(","))
    monkeypatch.setenv("PIPELINE_MEMORY_LIMIT", "400MB")
    with database.shared() as changed:
        assert changed.execute("select current_setting('memory_limit')").fetchone()[0].startswith(("381", "400"))


def test_shared_connections_opened_by_two_threads_at_once_work_side_by_side():
    results, errors = {}, []
    start = threading.Barrier(2)

    def work(n: int) -> None:
        try:
            start.wait()
            with database.shared() as con:
                con.execute(f"create temp table t as select range as a from range({n})")
                results[n] = con.execute("select sum(a) from t").fetchone()[0]
        except Exception as error:  # noqa: BLE001
            errors.append(error)

    threads = [threading.Thread(target=work, args=(n,)) for n in (1000, 2000)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors and results == {1000: 499500, 2000: 1999000}
