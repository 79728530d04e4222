"""Getting the sources: their configuration (`config`, sources.toml), reading a repository by
relative path (`location`), HTTP with retries and caps (`http`), fetching into snapshots with
a manifest (`fetch`) and replacing a snapshot whole (`snapshots`)."""

from pipeline.sources.config import KEYS, KINDS, Source, load, of_kind

__all__ = ["KEYS", "KINDS", "Source", "load", "of_kind"]
