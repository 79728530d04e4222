"""Stage 1, extract: one module per source kind (pure parsing), and `stage`, which runs them
over the configured sources into build/extracted."""

from pipeline.extract.stage import MAX_SOURCE_BYTES, REPAIRS_FIELDS, TABLES, repair_counts, run

__all__ = ["MAX_SOURCE_BYTES", "REPAIRS_FIELDS", "TABLES", "repair_counts", "run"]
