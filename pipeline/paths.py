"""Every default path of the project.

Project files (sources.toml, data/raw, build/, data/published, datapackage.json) are relative
to the project folder: the working directory, which the command line first changes to the
folder named by --project or ACTION_PLAN_DATA_PROJECT. So an installed copy of the package
works on any project folder. The package's own data (SQL, schemas) is read from the package,
wherever it is installed.
"""

from importlib.resources import files
from pathlib import Path

RAW_DIR = Path("data") / "raw"
SOURCES_PATH = Path("sources.toml")
MANIFEST_PATH = RAW_DIR / "manifest.json"
LOCK_PATH = Path("build") / "pipeline.lock"
ACTION_PLAN_DIR = RAW_DIR / "action-plan"
BUILD_DIR = Path("build")
EXTRACTED_DIR = BUILD_DIR / "extracted"
DB_PATH = BUILD_DIR / "pipeline.duckdb"
PUBLISHED_DIR = Path("data") / "published"
DATAPACKAGE_PATH = Path("datapackage.json")
DATAGOUV_CONFIG = Path("datagouv.toml")

# A package installed as files (not zipped) is a folder: its data are plain paths.
PACKAGE_DIR = Path(str(files("pipeline")))
SQL_DIR = PACKAGE_DIR / "sql"
SCHEMAS_DIR = PACKAGE_DIR / "schemas"
