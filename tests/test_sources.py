import pytest

from conftest import FIXTURES, REPO
from pipeline import paths, sources
from pipeline.errors import InputError

CONFIG = FIXTURES / "config"
BAD = sorted((CONFIG / "bad").glob("*.toml"))


def test_sources_reads_urls_with_their_snapshot_and_paths_as_they_are():
    found = sources.load(CONFIG / "good-url-and-path.toml", raw_dir=CONFIG / "data" / "raw")
    assert [(s.name, s.kind, s.is_remote, s.path) for s in found] == [
        ("plan", "action-plan", True, (CONFIG / "data" / "raw" / "plan").resolve()),
        ("irm", "irm-export", False, CONFIG / "irm.csv"),
    ]


@pytest.mark.parametrize("case", BAD, ids=[case.stem for case in BAD])
def test_sources_rejects_bad_configuration(case):
    with pytest.raises(InputError) as error:
        sources.load(case, raw_dir=CONFIG / "data" / "raw")
    assert str(error.value) == case.with_suffix(".expected-error.txt").read_text(encoding="utf-8").strip()


def test_committed_configuration_names_every_source_in_data_raw():
    found = sources.load(REPO / paths.SOURCES_PATH)
    # every kind: the first plan's Markdown repository, and the second plan authored as tables
    assert {s.kind for s in found} == set(sources.KINDS)
    assert all(s.path.exists() for s in found)
