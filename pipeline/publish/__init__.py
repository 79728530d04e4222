"""Stage 3, publish: the package written from the core tables (`stage`), with what it is made
of: the descriptor and its schemas (`package`), the table files (`table_files`), their checks
(`table_checks`), the versions (`versioning`), the data dictionary (`dictionary`), plan.json
(`plan_document`), the workbook (`workbook`) and the swap that replaces the publication
(`swap`)."""

from pipeline.publish.stage import ValidationError, run

__all__ = ["ValidationError", "run"]
