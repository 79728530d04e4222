"""Stage 3, publish: the package written from the core tables (`stage`): the table files
(`table_files`), their checks (`table_checks`, `table_loading`), the versions (`versioning`,
`schema_changes`, `shrink_guard`). The package's model is in pipeline/package, the documents
made from it in pipeline/documents."""

from pipeline.publish.stage import ValidationError, run

__all__ = ["ValidationError", "run"]
