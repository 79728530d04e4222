"""Extract an action plan from its Markdown repository (the GitBook layout).

Reads: the index `README.md` at the source root, then every page it links to, by following
the links relative to the index: `<theme>/README.md` (a theme page) and
`<theme>[/<sub-theme>]/commitment-N.md` (a commitment page). The root is a folder or an
http(s) URL; both are read through `SourceRoot`, so links resolve the same way.
Writes: rows (lists of dicts, all values text) that keep the file and line they came from.
Why: the plan's authors edit Markdown, not CSV; this is where their layout becomes rows.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re

from pipeline.errors import InputError
from pipeline.extract.markdown import Page, Section, parse
from pipeline.location import SourceRoot

INDEX = "README.md"
PLAN_KEYS = ("plan_id", "member", "member_code", "title_en", "title_fr", "start_year", "end_year", "published")
PAGE_KEYS = {
    "English title source": "title_en_source",
    "French title": "title_fr",
    "French title source": "title_fr_source",
}
COMMITMENT_TITLE = re.compile(r"^Commitment\s+(\d+)\s*[:.]\s*(.*)$")
COMMITMENT_FILE = re.compile(r"^commitment-(\d+)\.md$")
DUE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
OGP_TABLE = ["OGP id", "OGP title", "Mapping", "Source"]
MILESTONE_TABLE = ["Milestone", "OGP id", "Due", "Timing as written", "Source"]
INSTITUTION_SECTIONS = {"Lead institutions": "lead", "Supporting institutions": "supporting"}

FIELDS = {
    "plan": [*PLAN_KEYS, "source_file", "source_line"],
    "themes": ["theme_path", "parent_path", "position", "title_en", "title_en_source", "title_fr",
               "title_fr_source", "source_file", "source_line"],
    "commitments": ["number", "theme_path", "title_en", "title_en_source", "title_fr", "title_fr_source",
                    "source_file", "source_line"],
    "institutions": ["number", "role", "position", "name", "source", "source_file", "source_line"],
    "ogp_links": ["number", "ogp_id", "ogp_title", "mapping", "source", "source_file", "source_line"],
    "milestones": ["number", "position", "text", "ogp_id", "due", "timing_as_written", "source",
                   "source_file", "source_line"],
}


def extract(root: SourceRoot) -> dict[str, list[dict[str, str]]]:
    """All rows of the plan at `root`, by entity (the keys of FIELDS)."""
    rows: dict[str, list[dict[str, str]]] = {name: [] for name in FIELDS}
    index = parse(root.read(INDEX), INDEX)
    rows["plan"].append(_plan(index))
    seen: set[str] = set()
    numbers: dict[int, str] = {}
    themes: dict[str, dict[str, str]] = {}
    pending: list[tuple[str, str, int]] = []  # commitment pages, read once every theme is known
    for href, _text, line in index.links:
        if not posixpath.basename(href.split("#")[0]).endswith(".md"):
            continue
        target = root.resolve(INDEX, href.split("#")[0], line)
        if target in seen:
            continue  # the introduction and the contents may both link a page
        seen.add(target)
        folder, name = posixpath.split(target)
        if name == "README.md" and folder and "/" not in folder:
            page = parse(root.read(target, referrer=INDEX, line=line), target)
            themes[folder] = _theme(page, folder, len(themes) + 1)
        elif COMMITMENT_FILE.match(name):
            pending.append((target, folder, line))
        elif target != INDEX:
            raise InputError(INDEX, line, "link to a page that is neither a theme nor a commitment", target)
    for target, folder, line in pending:
        page = parse(root.read(target, referrer=INDEX, line=line), target)
        _commitment(page, folder, line, themes, numbers, rows)
    rows["themes"] = list(themes.values()) + _sub_themes(rows["commitments"], themes)
    return rows


def _plan(index: Page) -> dict[str, str]:
    front = index.front_matter
    for key, (_value, line) in front.items():
        if key not in PLAN_KEYS:
            raise InputError(INDEX, line, "unknown front matter key", f"{key!r} (known: {', '.join(PLAN_KEYS)})")
    missing = [key for key in ("plan_id", "title_en") if not front.get(key, ("", 0))[0]]
    if missing:
        raise InputError(INDEX, 1, "front matter lacks a required key", ", ".join(missing))
    if "published" in front:
        _check_date(front["published"][0], INDEX, front["published"][1], "publication date is not a date")
    row = {key: front.get(key, ("", 0))[0] for key in PLAN_KEYS}
    return {**row, "source_file": INDEX, "source_line": str(front["plan_id"][1])}


def _theme(page: Page, folder: str, position: int) -> dict[str, str]:
    if page.title is None or not page.title[0]:
        raise InputError(page.path, 1, "theme without a title", "the page needs a '# Title' heading")
    meta = _page_keys(page)
    return {"theme_path": folder, "parent_path": "", "position": str(position), "title_en": page.title[0],
            "title_en_source": meta.get("title_en_source", ""), "title_fr": meta.get("title_fr", ""),
            "title_fr_source": meta.get("title_fr_source", ""), "source_file": page.path,
            "source_line": str(page.title[1])}


def _commitment(page, folder, index_line, themes, numbers, rows) -> None:
    path = page.path
    depth = folder.count("/") + 1 if folder else 0
    if depth not in (1, 2):
        raise InputError(INDEX, index_line, "commitment page not in a theme or sub-theme folder", path)
    theme = folder.split("/")[0]
    if theme not in themes:
        raise InputError(INDEX, index_line, "commitment in a theme the index does not link", path)
    if page.title is None:
        raise InputError(path, 1, "commitment without a title", "the page needs a '# Commitment N: Title' heading")
    heading, line = page.title
    match = COMMITMENT_TITLE.match(heading)
    if not match or not match.group(2).strip():
        raise InputError(path, line, "commitment without a title", f"expected '# Commitment N: Title', got {heading!r}")
    number = int(match.group(1))
    if number != int(COMMITMENT_FILE.match(posixpath.basename(path)).group(1)):
        raise InputError(path, line, "commitment number differs from the file name", f"heading says {number}")
    if number in numbers:
        raise InputError(path, line, "duplicate commitment number", f"{number} is also {numbers[number]}")
    numbers[number] = path
    n = str(number)
    meta = _page_keys(page)
    rows["commitments"].append({"number": n, "theme_path": folder, "title_en": match.group(2).strip(),
                                "title_en_source": meta.get("title_en_source", ""),
                                "title_fr": meta.get("title_fr", ""), "title_fr_source": meta.get("title_fr_source", ""),
                                "source_file": path, "source_line": str(line)})
    for section in page.sections:
        if section.title in INSTITUTION_SECTIONS:
            rows["institutions"] += _institutions(section, path, n, INSTITUTION_SECTIONS[section.title])
        elif section.title == "OGP commitments":
            for cells, row_line in _table_rows(section, OGP_TABLE, path):
                rows["ogp_links"].append({"number": n, "ogp_id": cells[0], "ogp_title": cells[1], "mapping": cells[2],
                                          "source": cells[3], "source_file": path, "source_line": str(row_line)})
        elif section.title == "Milestones":
            for position, (cells, row_line) in enumerate(_table_rows(section, MILESTONE_TABLE, path), start=1):
                if not cells[0]:
                    raise InputError(path, row_line, "milestone without a text", "the first cell is empty")
                if cells[2]:
                    _check_date(cells[2], path, row_line, "milestone date is not a date")
                rows["milestones"].append({"number": n, "position": str(position), "text": cells[0], "ogp_id": cells[1],
                                           "due": cells[2], "timing_as_written": cells[3], "source": cells[4],
                                           "source_file": path, "source_line": str(row_line)})


def _page_keys(page: Page) -> dict[str, str]:
    """The `- Key: value` list under a page's title."""
    values = {}
    for text, line in page.preamble.items:
        key, sep, value = text.partition(":")
        if not sep or key.strip() not in PAGE_KEYS:
            raise InputError(page.path, line, "unknown page key", f"{key.strip()!r} (known: {', '.join(PAGE_KEYS)})")
        values[PAGE_KEYS[key.strip()]] = value.strip()
    return values


def _institutions(section: Section, path: str, number: str, role: str) -> list[dict[str, str]]:
    source = ""
    for text, _line in section.paragraphs:
        if text.startswith("Source:"):
            source = text.removeprefix("Source:").strip()
    return [{"number": number, "role": role, "position": str(k), "name": name, "source": source,
             "source_file": path, "source_line": str(line)} for k, (name, line) in enumerate(section.items, start=1)]


def _table_rows(section: Section, header: list[str], path: str) -> list[tuple[list[str], int]]:
    if len(section.tables) != 1:
        raise InputError(path, section.line, "section needs exactly one table", f"{section.title!r} has {len(section.tables)}")
    table = section.tables[0]
    if table.header != header:
        raise InputError(path, section.line + 2, "table header is not the expected one",
                         f"expected {' | '.join(header)}, got {' | '.join(table.header)}")
    return table.rows


def _check_date(value: str, path: str, line: int, rule: str) -> None:
    """`value` must be an ISO 8601 calendar date at year, month or day precision."""
    if DUE.match(value):
        parts = [int(p) for p in value.split("-")] + [1, 1]
        try:
            dt.date(*parts[:3])
            return
        except ValueError:
            pass
    raise InputError(path, line, rule, f"{value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")


def _sub_themes(commitments: list[dict[str, str]], themes: dict[str, dict[str, str]]) -> list[dict[str, str]]:
    """Sub-themes are the folders between a theme and its commitment pages; the index gives no titles."""
    found: dict[str, dict[str, str]] = {}
    for row in commitments:
        folder = row["theme_path"]
        if "/" in folder and folder not in found:
            parent = folder.split("/")[0]
            position = 1 + sum(1 for path in found if path.startswith(parent + "/"))
            found[folder] = {"theme_path": folder, "parent_path": parent, "position": str(position), "title_en": "",
                             "title_en_source": "", "title_fr": "", "title_fr_source": "",
                             "source_file": INDEX, "source_line": ""}
    return list(found.values())
