"""Stage 3, publish: the package written from the core tables (`stage`): the table files
(`table_files`), their checks (`judge`, over pipeline/table_checks.py), the versions (`versioning`,
`schema_changes`, `shrink_guard`). The package's model is in pipeline/package, the documents
made from it in pipeline/documents."""

from pipeline.publish.judge import ValidationError, warm
from pipeline.publish.stage import run

__all__ = ["ValidationError", "run", "warm"]
