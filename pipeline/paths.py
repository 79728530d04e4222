"""Every default path of the project, anchored at the repository root, never the working directory."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RAW_DIR = ROOT / "data" / "raw"
SOURCES_PATH = ROOT / "sources.toml"
MANIFEST_PATH = RAW_DIR / "manifest.json"
LOCK_PATH = ROOT / "build" / "refresh.lock"
ACTION_PLAN_DIR = RAW_DIR / "action-plan"
BUILD_DIR = ROOT / "build"
EXTRACTED_DIR = BUILD_DIR / "extracted"
DB_PATH = BUILD_DIR / "pipeline.duckdb"
PUBLISHED_DIR = ROOT / "data" / "published"
DATAPACKAGE_PATH = ROOT / "datapackage.json"

PACKAGE_DIR = Path(__file__).resolve().parent
SQL_DIR = PACKAGE_DIR / "sql"
SCHEMAS_DIR = PACKAGE_DIR / "schemas"
