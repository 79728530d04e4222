"""The judge of a staged package: a verdict reached early, on its own thread, holds only for the
bytes it read; a file written again is judged again, and every problem is reported once."""

import json
from pathlib import Path

import pytest

from pipeline import table_checks
from pipeline.digest import sha256
from pipeline.publish import judge
from pipeline.publish.judge import Judge, Staged, ValidationError

SCHEMA = {"fields": [{"name": "id", "type": "integer"}, {"name": "name", "type": "string"}], "primaryKey": ["id"]}
VALID = ("id,name\n1,one\n2,two\n", '[{"id":1,"name":"one"},{"id":2,"name":"two"}]\n')
BROKEN = ("id,name\n1,one\nsoon,two\n", '[{"id":1,"name":"one"},{"id":null,"name":"two"}]\n')


def stage(folder, files) -> Staged:
    """things.csv and its JSON copy, as publish writes them, and the descriptor that names them."""
    (folder / "things.csv").write_text(files[0], encoding="utf-8")
    (folder / "things.json").write_text(files[1], encoding="utf-8")
    hashes = tuple(f"sha256:{sha256(folder / name)}" for name in ("things.csv", "things.json"))
    descriptor = {
        "name": "judged",
        "resources": [
            {"name": "things", "type": "table", "path": "things.csv", "format": "csv", "hash": hashes[0]}
            | {"schema": SCHEMA},
            {"name": "things-json", "path": "things.json", "format": "json", "hash": hashes[1]},
        ],
    }
    (folder / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    return Staged(SCHEMA, folder / "things.csv", folder / "things.json", hashes)


@pytest.fixture
def checked(monkeypatch):
    """The tables whose rows were checked, in order (the early checks, on the judge's thread, first)."""
    calls = []
    real = table_checks.Checks.add

    def recording(self, name, *args):
        calls.append(name)
        return real(self, name, *args)

    monkeypatch.setattr(table_checks.Checks, "add", recording)
    return calls


def test_files_checked_early_are_not_checked_again(tmp_path, checked):
    with Judge() as judging:
        judging.ahead("things", stage(tmp_path, VALID))
        judging.validate(tmp_path / "datapackage.json")
    assert checked == ["things"]


def test_a_file_written_again_after_its_early_check_is_judged_again(tmp_path, checked):
    with Judge() as judging:
        judging.ahead("things", stage(tmp_path, VALID))
        stage(tmp_path, BROKEN)
        with pytest.raises(ValidationError, match=r"things: type-error \(row 3, field id\)"):
            judging.validate(tmp_path / "datapackage.json")
    assert checked == ["things", "things"]


def test_an_early_verdict_against_bytes_since_replaced_does_not_stop_the_publication(tmp_path):
    with Judge() as judging:
        judging.ahead("things", stage(tmp_path, BROKEN))
        stage(tmp_path, VALID)
        judging.validate(tmp_path / "datapackage.json")


def test_problems_found_early_are_reported_once_each(tmp_path):
    with Judge() as judging:
        judging.ahead("things", stage(tmp_path, BROKEN))
        with pytest.raises(ValidationError) as error:
            judging.validate(tmp_path / "datapackage.json")
    assert str(error.value).count("type-error") == 1
    assert str(error.value).endswith("things-json: does not hold the rows of things.csv")


def test_a_copy_compared_early_is_not_compared_again_unless_written_again(tmp_path, monkeypatch):
    compared = []
    real = table_checks.same_rows

    def recording(csv, copy, *args):
        compared.append(copy.read_text(encoding="utf-8"))
        return real(csv, copy, *args)

    monkeypatch.setattr(table_checks, "same_rows", recording)
    with Judge() as judging:
        judging.ahead("things", stage(tmp_path, VALID))
        judging.validate(tmp_path / "datapackage.json")
    assert compared == [VALID[1]]
    # the same CSV, its copy written again with a row that is not the CSV's: compared again
    compared.clear()
    with Judge() as judging:
        judging.ahead("things", stage(tmp_path, VALID))
        judging._verdicts[0].result()  # the early comparison done, against the copy as first written
        stage(tmp_path, (VALID[0], '[{"id":1,"name":"one"},{"id":2,"name":"deux"}]\n'))
        with pytest.raises(ValidationError, match=r"things-json: does not hold the rows of things.csv$"):
            judging.validate(tmp_path / "datapackage.json")
    assert compared == [VALID[1], '[{"id":1,"name":"one"},{"id":2,"name":"deux"}]\n']


def test_warming_publish_never_raises_whatever_fails(monkeypatch):
    # a warm-up is time spent ahead; what fails in it, publish meets again and reports
    from frictionless import Package

    def failing(*args, **kwargs):
        raise OSError("no space left on device")

    monkeypatch.setattr(Package, "validate_descriptor", failing)
    assert judge.warm() is None


def test_the_warm_up_judges_a_valid_package_of_every_kind_publish_meets():
    # frictionless loads a part of itself the first time it meets a format or a field type: a
    # warm-up that met fewer, or failed early on an invalid descriptor, would leave that first
    # time to the real descriptor, at the end of publish
    from frictionless import Package

    from pipeline.package import descriptors

    warm = judge._warm_descriptor(descriptors)
    assert Package.validate_descriptor(warm).errors == []
    published = json.loads((Path(__file__).resolve().parents[1] / "datapackage.json").read_text(encoding="utf-8"))
    met = {resource["format"] for resource in warm["resources"]}
    assert {resource["format"] for resource in published["resources"]} <= met
    types = {field["type"] for name in descriptors.PUBLISHED for field in descriptors.schema(name)["fields"]}
    assert types <= {field["type"] for field in warm["resources"][0]["schema"]["fields"]}


def test_a_key_checked_early_against_a_table_written_again_is_checked_again(tmp_path):
    # parts reach things by their id: checked early against things holding ids 1 and 2; things
    # is then written again without id 2, and the early verdict on parts no longer holds
    parts_schema = {
        "fields": [{"name": "thing", "type": "integer"}],
        "foreignKeys": [{"fields": ["thing"], "reference": {"resource": "things", "fields": ["id"]}}],
    }
    (tmp_path / "parts.csv").write_text("thing\n2\n", encoding="utf-8")
    parts = Staged(parts_schema, tmp_path / "parts.csv", None, (f"sha256:{sha256(tmp_path / 'parts.csv')}", None))
    with Judge() as judging:
        judging.ahead("things", stage(tmp_path, VALID))
        judging.ahead("parts", parts)
        for verdict in judging._verdicts:  # the early checks done, against things as first written
            verdict.result()
        stage(tmp_path, ("id,name\n1,one\n", '[{"id":1,"name":"one"}]\n'))
        descriptor = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
        descriptor["resources"].append(
            {"name": "parts", "type": "table", "path": "parts.csv", "format": "csv", "hash": parts.hashes[0]}
            | {"schema": parts_schema}
        )
        (tmp_path / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
        with pytest.raises(ValidationError, match=r"parts: foreign-key \(row 2\): thing '2' not found in things"):
            judging.validate(tmp_path / "datapackage.json")
