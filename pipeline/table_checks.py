"""Table Schema rules compiled to SQL and run by DuckDB over CSV files: the tables publish
writes, and the files of a plan authored as tables that extract reads.

Why: frictionless checks every row in Python, about 1,500 rows a second on the benchmark
machine (BENCHMARKS.md); the same rules as SQL check millions of rows in seconds, and a
plan's few files in a fraction of the time frictionless takes to set up its checks.
frictionless stays the judge of the descriptor (publish validates it with frictionless), and
of what the rules mean: tests/test_table_checks.py runs both over a corpus of invalid files
and requires the same errors, as frictionless names them:

- header: the labels are the schema's field names in order (incorrect-label); a header with
  fewer or more labels (missing-label, extra-label) stops the check of that file;
- a row with more or fewer cells than the header (extra-cell, missing-cell) stops the check
  of that file, reported with the first such row;
- a row whose cells are all empty: blank-row (and primary-key, its key being empty);
- cells: "" is missing; types string, integer, date and boolean (default formats), else type-error;
  constraints required, enum, pattern, minimum, maximum, minLength and maxLength, one
  constraint-error each, not checked on a cell with a type error;
- primaryKey (primary-key): a key repeating an earlier row's, or a key all empty;
- foreignKeys (foreign-key): a key, not all empty, that the referenced resource does not hold.

Anything else in a schema (another type or format, another constraint) raises
UnsupportedSchema rather than pass unchecked. Known differences, outside what publish writes
(and refused in an authored plan, extract/plan_tables.py):
Python's int() and re's \\d also accept non-ASCII digits, its strip() more kinds of space.
"""

from __future__ import annotations

import itertools
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb

from pipeline import database
from pipeline.errors import PipelineError
from pipeline.table_loading import STRUCTURAL, Problem, load, quoted

SPACE = r"[\t\n\x0b\f\r ]"
INTEGER = rf"{SPACE}*[+-]?\d+(_\d+)*{SPACE}*"
DATE = r"(\d{4})-(1[0-2]|0[1-9]|[1-9])-(3[01]|[12]\d|0[1-9]|[1-9]| [1-9])"  # strptime's %Y-%m-%d
CONSTRAINTS = {
    "string": ("required", "minLength", "maxLength", "pattern", "enum"),
    "integer": ("required", "minimum", "maximum", "enum"),
    "date": ("required", "minimum", "maximum", "enum"),
    "boolean": ("required", "enum"),
}
# frictionless's default trueValues and falseValues
TRUE, FALSE = ("true", "True", "TRUE", "1"), ("false", "False", "FALSE", "0")
MAX_PROBLEMS = 1000  # per rule: enough to show what is wrong without holding millions


class UnsupportedSchema(PipelineError):
    """A schema uses a type, format or constraint these checks do not compile."""


def check_package(tables: dict[str, tuple[dict, Path]], workers: int = 1) -> list[Problem]:
    """Every problem of the tables {resource name: (Table Schema, CSV path)}, sorted; `workers` threads check them."""
    for name, (schema, _) in tables.items():
        _supported(name, schema)
    with Checks() as checks, ThreadPoolExecutor(workers, thread_name_prefix="checks") as pool:
        found = [pool.submit(checks.add, name, schema, path) for name, (schema, path) in tables.items()]
        problems = [problem for future in found for problem in future.result()]
    return sorted(problems, key=Problem.order)


class Checks:
    """The checks of a package's tables, added one at a time to one database: each table's rows
    as it is added, and each foreign key as soon as the table it reaches is in too. So a table
    can be checked as soon as it is written, while the next are. Used as a context manager;
    tables may be added from several threads at once: each thread queries on a connection of
    its own, and the tables are kept in a schema of their own, which every connection sees."""

    _made = itertools.count()

    def __init__(self) -> None:
        self._schema = f"checks_{next(Checks._made)}"
        self._connections: list[duckdb.DuckDBPyConnection] = []
        self._local = threading.local()
        self._taking = threading.Lock()
        with database.shared() as con:
            con.execute(f"create schema {self._schema}")
        self._schemas: dict[str, dict] = {}  # the tables loaded whole
        self._waiting: list[tuple[str, dict]] = []  # (table, foreign key) whose table reached is not in yet

    def __enter__(self) -> Checks:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Drop the tables, and close every thread's connection (their threads have ended)."""
        for con in self._connections:
            con.close()
        with database.shared() as con:
            con.execute(f"drop schema {self._schema} cascade")

    def _con(self) -> duckdb.DuckDBPyConnection:
        """This thread's connection, its tables' schema the checks' own."""
        if getattr(self._local, "con", None) is None:
            self._local.con = database.shared()
            self._local.con.execute(f"set schema = '{self._schema}'")
            with self._taking:
                self._connections.append(self._local.con)
        return self._local.con

    def add(self, name: str, schema: dict, path: Path) -> list[Problem]:
        """The problems of the table `name` (its CSV at `path`), and of the foreign keys it completes."""
        _supported(name, schema)
        con = self._con()
        problems = load(con, name, schema, path)
        if any(p.type in STRUCTURAL for p in problems):
            return problems  # no cell of a file that is not a table is checked, nor a key reaching it
        problems += _cells(con, name, schema) + _keys(con, name, schema)
        with self._taking:  # a key is checked once, by the thread that loads the second of its tables
            self._schemas[name] = schema
            self._waiting += [(name, key) for key in schema.get("foreignKeys", [])]
            ready = [(own, key) for own, key in self._waiting if (key["reference"]["resource"] or own) in self._schemas]
            self._waiting = [waiting for waiting in self._waiting if waiting not in ready]
        for own, key in ready:
            reference = key["reference"]["resource"] or own
            problems += _foreign_key(con, own, self._schemas[own], key, reference, self._schemas[reference])
        return problems


def _supported(name: str, schema: dict) -> None:
    for field in schema["fields"]:
        kind = field.get("type", "any")
        if kind not in CONSTRAINTS or field.get("format", "default") != "default":
            raise UnsupportedSchema(
                f"{name}.{field['name']}: type {kind}/{field.get('format', 'default')} is not checked"
            )
        for constraint in field.get("constraints", {}):
            if constraint not in CONSTRAINTS[kind]:
                raise UnsupportedSchema(f"{name}.{field['name']}: constraint {constraint} on {kind} is not checked")
        if field.get("missingValues") or "bareNumber" in field:
            raise UnsupportedSchema(
                f"{name}.{field['name']}: only the default missing values and number form are checked"
            )
    if schema.get("missingValues", [""]) != [""]:
        raise UnsupportedSchema(f'{name}: only the default missing value ("") is checked')


def typed(field: dict, table: str = "") -> tuple[str, str]:
    """(the SQL that reads the cell as its type or null, the SQL that says the cell has a
    type error) for one field; the cell is the column named for the field, of `table` if given."""
    cell, kind = f"{table}.{quoted(field['name'])}" if table else quoted(field["name"]), field["type"]
    if kind == "string":
        return cell, "false"
    if kind == "integer":
        value = (
            f"case when regexp_full_match({cell}, '{INTEGER}') then try_cast(replace(trim({cell}, "
            f"e'\\t\\n\\x0b\\f\\r '), '_', '') as hugeint) end"
        )
        return value, f"{cell} is not null and ({value}) is null"
    if kind == "boolean":
        value = f"case when {cell} in {TRUE} then true when {cell} in {FALSE} then false end"
        return value, f"{cell} is not null and ({value}) is null"
    parts = [f"regexp_extract({cell}, '^{DATE}$', {i})" for i in (1, 2, 3)]
    value = (
        f"case when regexp_full_match({cell}, '{DATE}') and {parts[0]}::int >= 1 then "
        f"try(make_date({parts[0]}::int, {parts[1]}::int, trim({parts[2]})::int)) end"
    )
    return value, f"{cell} is not null and ({value}) is null"


def _literal(field: dict, value) -> str:
    if field["type"] == "string":
        return "'" + str(value).replace("'", "''") + "'"
    if field["type"] == "date":
        return f"date '{value}'"
    if field["type"] == "boolean":
        return "true" if value in (True, *TRUE) else "false"
    return str(int(value))


def _cells(con, name: str, schema: dict) -> list[Problem]:
    """Rows of empty cells; type and constraint errors, cell by cell: every rule of every field
    evaluated in one pass over the table."""
    fields = schema["fields"]
    blank = " and ".join(f"{quoted(f['name'])} is null" for f in fields)
    rows = con.execute(f"select _row from {quoted(name)} where {blank} order by _row limit {MAX_PROBLEMS}").fetchall()
    problems = [Problem(name, row, None, "blank-row") for (row,) in rows]
    # Each field's typed value and type error are computed once, as columns v<i> and e<i> that
    # every rule of the field reads: written into each rule, a date's four regular expressions
    # were compiled once per rule, most of the real package's check time (tables of tens of rows)
    columns, rules = [], []  # rules: (field position, error type, rule, SQL true when the cell breaks it)
    for position, field in enumerate(fields):
        value, type_error = typed(field)
        columns.append(f"{value} as v{position}, {type_error} as e{position}")
        if type_error != "false":
            rules.append((position, "type-error", "type", f"e{position}"))
        for constraint, bound in field.get("constraints", {}).items():
            if constraint == "required" and not bound:
                continue  # required: false is no rule
            test = _violates(field, constraint, bound, f"v{position}")
            rules.append((position, "constraint-error", constraint, f"not e{position} and coalesce({test}, false)"))
    if not rules:
        return problems
    tests = ", ".join(f"case when {test} then {i} end" for i, (*_, test) in enumerate(rules))
    cells = ", ".join(f"cast(t.{quoted(f['name'])} as varchar)" for f in fields)
    positions = ", ".join(str(position + 1) for position, *_ in rules)
    found = con.execute(f"""
        with typed as (
            select *, {", ".join(columns)} from {quoted(name)} where not ({blank})
        ), broken as (
            select _row, list_filter([{tests}], lambda r: r is not null) as rules from typed
        ), every as (
            select _row, unnest(rules) as rule from broken where len(rules) > 0
        ), each as (
            select * from every qualify row_number() over (partition by rule order by _row) <= {MAX_PROBLEMS}
        )
        select e.rule, e._row, [{cells}][[{positions}][e.rule + 1]]
        from each e join {quoted(name)} t using (_row) order by e.rule, e._row""").fetchall()
    for rule, row, cell in found:
        position, kind, constraint, _ = rules[rule]
        field = fields[position]
        broken = field.get("constraints", {}).get(constraint, field["type"])
        shown = broken if isinstance(broken, str) else repr(broken)  # a pattern as it is written
        problems.append(Problem(name, row, field["name"], kind, f"{cell!r} breaks {constraint} {shown}"))
    return problems


def _violates(field: dict, constraint: str, bound, value: str) -> str:
    """The SQL that says the typed cell `value` breaks `constraint`."""
    if constraint == "required":
        return f"{quoted(field['name'])} is null"
    if constraint in ("minLength", "maxLength"):
        return f"length({value}) {'<' if constraint == 'minLength' else '>'} {int(bound)}"
    if constraint == "pattern":
        # as re.match('^pattern$') in Python: anchored at the start, $ also before a final newline
        return f"not regexp_matches({value}, '^(?:^(?:{bound.replace(chr(39), chr(39) * 2)})\\n?$)')"
    if constraint == "enum":
        return f"{value} not in ({', '.join(_literal(field, v) for v in bound) or 'null'})"
    return f"{value} {'<' if constraint == 'minimum' else '>'} {_literal(field, bound)}"


def _keys(con, name: str, schema: dict) -> list[Problem]:
    """Rows repeating an earlier row's primary key, and rows whose key is all empty."""
    by_name = {f["name"]: f for f in schema["fields"]}
    values = [typed(by_name[n])[0] for n in schema.get("primaryKey", [])]
    if not values:
        return []
    repeated = (
        f"select _row, lag(_row) over (partition by {', '.join(values)} order by _row) as earlier from {quoted(name)}"
    )
    rows = con.execute(
        f"select _row, earlier from ({repeated}) where earlier is not null order by _row limit {MAX_PROBLEMS}"
    ).fetchall()
    problems = [Problem(name, row, None, "primary-key", f"the same as in row {earlier}") for row, earlier in rows]
    empty = " and ".join(f"({v}) is null" for v in values)
    rows = con.execute(f"select _row from {quoted(name)} where {empty} order by _row limit {MAX_PROBLEMS}").fetchall()
    return problems + [Problem(name, row, None, "primary-key", "all the cells of the key are empty") for (row,) in rows]


def same_rows(csv_path: Path, json_path: Path, fields: list[str]) -> int:
    """How many rows of the JSON copy differ from the CSV's at the same position (a missing or
    extra row counts as different): 0 when the two files hold the same table."""
    columns = {field: "VARCHAR" for field in fields}
    differs = " or ".join(f"c.{quoted(f)} is distinct from j.{quoted(f)}" for f in fields)
    with database.shared() as cursor:

        def count(parallel: bool) -> int:
            return cursor.execute(
                f"select count(*) from read_csv(?, {database.CSV_COLUMNS_GIVEN}, columns = ?, "
                f"parallel = {str(parallel).lower()}) c positional join read_json(?, format = 'array', columns = ?) j "
                f"where {differs}",
                [str(csv_path), columns, str(json_path), columns],
            ).fetchone()[0]

        return database.reading_csv(count)


def _foreign_key(
    con, name: str, schema: dict, foreign_key: dict, reference: str, reference_schema: dict
) -> list[Problem]:
    """Rows whose key, not all empty, is not among the referenced resource's keys."""
    own_fields = {f["name"]: f for f in schema["fields"]}
    their_fields = {f["name"]: f for f in reference_schema["fields"]}
    own = [typed(own_fields[n], "t")[0] for n in foreign_key["fields"]]
    theirs = [typed(their_fields[n], "r")[0] for n in foreign_key["reference"]["fields"]]
    match = " and ".join(f"({a}) is not distinct from ({b})" for a, b in zip(own, theirs, strict=False))
    empty = " and ".join(f"({v}) is null" for v in own)
    cells = ", ".join(f"t.{quoted(n)}" for n in foreign_key["fields"])
    rows = con.execute(
        f"select t._row, [{cells}] from {quoted(name)} t where not ({empty}) and not exists "
        f"(select 1 from {quoted(reference)} r where {match}) order by t._row limit {MAX_PROBLEMS}"
    ).fetchall()
    shown = ", ".join(foreign_key["fields"])
    return [
        Problem(name, row, None, "foreign-key", f"{shown} {', '.join(map(repr, key))} not found in {reference}")
        for row, key in rows
    ]
