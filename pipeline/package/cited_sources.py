"""The package's `sources`: every source a published row cites, each with a title."""

from __future__ import annotations

import re


def sources(cited: set[str], titled: dict[str, str] | None = None) -> list[dict]:
    """The package's sources, each with a title: every source a published row cites, a URL as
    a path, anything else as a title. A URL's title is, in this order: the commitment an OGP
    page is about, the title a published row gives it (`titled`: the evaluation reports), the
    note every row citing it adds (the plan's repository: its publisher and licence), or what
    the address itself says."""
    titled = titled or {}
    notes: dict[str, set[str]] = {}
    for text in cited:
        url = re.match(r"(https?://\S+)(?:\s+\((.*)\))?$", text)
        addresses = [url.group(1)] if url else re.findall(r"https?://[^\s()]+", text) or [text]
        for key in addresses:  # a text may cite two pages ("… and, for completion, its French page …")
            notes.setdefault(key, set()).add(url.group(2) or "" if url else "")
    # one entry per page: http/https, www or not and a trailing slash are one address, listed as
    # the fullest spelling the rows cite
    spellings: dict[str, list[str]] = {}
    for key in notes:
        spellings.setdefault(same_page(key), []).append(key)
    found = []
    for page_key in sorted(spellings):
        keys = sorted(spellings[page_key])
        key = keys[-1]
        if not re.match(r"https?://", key):
            found.append({"title": key})
            continue
        seen = set().union(*(notes[k] for k in keys))
        note = seen.pop() if len(seen) == 1 else ""
        page = commitment_page(key)
        title = page or next((titled[k] for k in keys if k in titled), "") or note or address_title(key)
        found.append({"title": title, "path": key})
    return found


def same_page(address: str) -> str:
    """An address as a page: without its scheme, `www.` and trailing slash, the host lower-cased."""
    if not re.match(r"https?://", address):
        return address
    host, _, path = address.split("://", 1)[1].partition("/")
    return f"{host.lower().removeprefix('www.')}/{path}".rstrip("/")


def commitment_page(url: str) -> str:
    """The title of an OGP commitment page, read off its address: the commitment's id."""
    if page := re.search(r"opengovpartnership\.org/(?:fr/)?members/[^/]+/commitments/([A-Z]{2,4}\d{4})", url):
        french = " (en français)" if "/fr/members/" in url else ""
        return f"Open Government Partnership, commitment {page.group(1)}{french}"
    return ""


def address_title(url: str) -> str:
    """A title read off an address: a GitHub address names its repository (and commit), any
    other its site and page."""
    if repo := re.match(r"https://github\.com/([^/]+/[^/]+)(?:/tree/([0-9a-f]{7}))?", url):
        return f"GitHub, {repo.group(1)}" + (f" @{repo.group(2)}" if repo.group(2) else "")
    site, _, page = url.split("://", 1)[1].partition("/")
    # the page's words: its path without extension, ids and one-letter segments
    segments = [part for part in re.sub(r"\.html?$", "", page).split("/") if len(part) > 1 and not part.isdigit()]
    words = re.sub(r"[-_]+", " ", " ".join(segments)).strip()
    return f"{site.removeprefix('www.')}, {words}" if words else site.removeprefix("www.")


# the title each evaluation report gives its address and the source stating its period
REPORT_TITLES = """
    select address, min(title) from (
        select url as address, title from db.core.reports
        union all
        select s.source, r.title from db.core.report_sources as s join db.core.reports as r using (plan_id, report)
    ) group by address
"""


def cited(con, fields: dict[str, list[str]]) -> set[str]:
    """Every source a published row cites: the values of the fields named *source of each
    table of `fields` ({table: its fields})."""
    # one query over every such column: forty small queries cost more to plan than to run
    columns = [
        f'select "{field}" as cited from db.core.{name}'
        for name, names in fields.items()
        for field in names
        if field.endswith("source")
    ]
    if not columns:
        return set()
    query = f"select distinct cited from ({' union all '.join(columns)}) where coalesce(cited, '') <> ''"
    return {value for (value,) in con.execute(query).fetchall()}


def report_titles(con) -> dict[str, str]:
    """{address: title} of each evaluation report and of the source stating its period."""
    return dict(con.execute(REPORT_TITLES).fetchall())
