"""A Markdown page as the extractors need it: front matter, title, sections, lists and tables,
each value with the line it came from.

Decoding rules, the same for every page: UTF-8 only (a leading BOM is dropped), CRLF and CR
line ends become LF, and U+00A0 (no-break space) becomes a plain space in every value.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markdown_it import MarkdownIt

from pipeline.errors import InputError
from pipeline.extract.text import decode as decode_utf8

_PARSER = MarkdownIt("commonmark").enable("table")


@dataclass
class Table:
    header: list[str]
    rows: list[tuple[list[str], int]] = field(default_factory=list)  # (cells, line)


@dataclass
class Section:
    title: str
    line: int
    items: list[tuple[str, int]] = field(default_factory=list)  # list items: (text, line)
    paragraphs: list[tuple[str, int]] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)


@dataclass
class Page:
    path: str
    front_matter: dict[str, tuple[str, int]]
    title: tuple[str, int] | None  # the first-level heading
    preamble: Section  # what stands between the title and the first second-level heading
    sections: list[Section]
    links: list[tuple[str, str, int]]  # (href, link text, line), in reading order


def decode(data: bytes, path: str) -> str:
    """The text of a page, or an InputError saying why it is not a text page."""
    if data.strip() and b"\x00" in data:
        raise InputError(path, None, "not a text file", "the page contains NUL bytes")
    return decode_utf8(data, path, "the page has no content").replace("\r\n", "\n").replace("\r", "\n")


def clean(text: str) -> str:
    """One-line value: no-break spaces as spaces, runs of whitespace collapsed."""
    return " ".join(text.replace("\u00a0", " ").split())


def parse(data: bytes, path: str) -> Page:
    text = decode(data, path)
    front, body_offset, body = _front_matter(text, path)
    tokens = _PARSER.parse(body)
    preamble = Section(title="", line=1)
    sections: list[Section] = []
    links: list[tuple[str, str, int]] = []
    title = None
    current = preamble
    last_level = 0
    i = 0
    while i < len(tokens):
        token = tokens[i]
        line = token.map[0] + 1 + body_offset if token.map else None
        if token.type == "heading_open":
            level = int(token.tag[1])
            heading = clean(tokens[i + 1].content)
            if level > last_level + 1:
                raise InputError(path, line, "heading levels out of order", f"h{level} after h{last_level}")
            last_level = level
            if level == 1:
                if title is not None:
                    raise InputError(path, line, "more than one first-level heading", heading)
                title = (heading, line)
            elif level == 2:
                current = Section(title=heading, line=line)
                sections.append(current)
            i += 3
            continue
        if token.type == "inline" and token.children:
            links += _links(token, line)
        if token.type == "list_item_open":
            inline = _next_inline(tokens, i)
            if inline is not None:
                current.items.append((clean(inline.content), line))
        elif token.type == "paragraph_open" and not _inside_list(tokens, i):
            current.paragraphs.append((clean(tokens[i + 1].content), line))
        elif token.type == "table_open":
            table, i = _table(tokens, i, body_offset)
            current.tables.append(table)
            continue
        i += 1
    return Page(path, front, title, preamble, sections, links)


def _front_matter(text: str, path: str) -> tuple[dict[str, tuple[str, int]], int, str]:
    """`key: value` lines between two `---` lines at the top of the page (GitBook front matter)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return {}, 0, text
    values: dict[str, tuple[str, int]] = {}
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() == "---":
            return values, number, "\n".join(lines[number:])
        key, sep, value = line.partition(":")
        if not sep or not key.strip():
            raise InputError(path, number, "front matter line is not 'key: value'", repr(line))
        values[key.strip()] = (clean(value), number)
    raise InputError(path, 1, "front matter is not closed", "no closing '---' line")


def _links(inline, line) -> list[tuple[str, str, int]]:
    found, href, words = [], None, []
    for child in inline.children:
        if child.type == "link_open":
            href, words = child.attrGet("href"), []
        elif child.type == "link_close" and href is not None:
            found.append((href, clean("".join(words)), line))
            href = None
        elif href is not None and child.type in ("text", "code_inline"):
            words.append(child.content)
    return found


def _next_inline(tokens, i):
    """The inline content of the list item opening at i (None for an empty item)."""
    depth = 0
    for token in tokens[i + 1 :]:
        if token.type == "list_item_open":
            depth += 1
        elif token.type == "list_item_close":
            if depth == 0:
                return None
            depth -= 1
        elif token.type == "inline" and depth == 0:
            return token
    return None


def _inside_list(tokens, i) -> bool:
    return tokens[i].level > 0


def _table(tokens, i, offset) -> tuple[Table, int]:
    header: list[str] = []
    rows: list[tuple[list[str], int]] = []
    cells: list[str] = []
    in_head = False
    line = 0
    while tokens[i].type != "table_close":
        token = tokens[i]
        if token.type == "thead_open":
            in_head = True
        elif token.type == "thead_close":
            in_head = False
        elif token.type == "tr_open":
            cells, line = [], token.map[0] + 1 + offset
        elif token.type == "inline":
            cells.append(clean(token.content))
        elif token.type == "tr_close":
            if in_head:
                header = cells
            else:
                rows.append((cells, line))
        i += 1
    return Table(header, rows), i + 1
