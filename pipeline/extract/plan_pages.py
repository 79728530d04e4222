"""The pages of a plan written as a GitBook (Etalab's layout): the table of contents
`SUMMARY.md` and the commitment pages, read line by line, every value with its line.

A commitment page, as Etalab writes it in French and English:

    # Engagement N                      (or "# Commitment N")
    ## <title>
    ### <part title>                    (only on pages split into parts; any heading that is
                                         not a known section starts a part)
    **Institutions porteuses** :        (or "Lead institutions", singular or plural)
    - <institution>
    ### Enjeux / Contexte / Feuille de route / Et aussi / Verbatim ...
                                        (sections; their level varies from page to page)
    - **<milestone>**                   (the roadmap: a nested list, an item's text may run
        - <sub-item>                     over several lines, and may end with a follow-up
          _[[suivi](<url>)]_             link: "suivi" in French, "follow-up" in English)
    ----                                (between parts, and before the footnotes)
    [^1]: <footnote>

Decoding rules, as for every page: UTF-8 only (a leading BOM dropped), CRLF and CR become
LF, U+00A0 becomes a plain space.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.errors import InputError
from pipeline.extract.text import clean, decode_page

LIST_ITEM = re.compile(r"^(\s*)[-*+]\s+(.*)$")
LINK_ITEM = re.compile(r"^\[(.+)\]\(([^()\s]+)\)$")
HEADING = re.compile(r"^(#{1,6})\s*(.*?)\s*#*\s*$")
NUMBER_HEADING = re.compile(r"^(?:Engagement|Commitment)\s+(\d+)$", re.IGNORECASE)
RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")
FOOTNOTE = re.compile(r"^\[\^([^\]]+)\]:\s*(.*)$")
INSTITUTIONS = re.compile(r"^\*\*([^*]+?)\s*\*\*\s*:?\s*$")
FOLLOW_UP = re.compile(r"_?\[\[(?:suivi|follow-up)\]\((\S+?)\)\]_?", re.IGNORECASE)
EMPHASIS = re.compile(r"(?<![\w*])([*_]{1,2})(?=\S)(.+?)(?<=\S)\1(?![\w*])")
INLINE_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)+")
FOOTNOTE_MARK = re.compile(r"\[\^[^\]]+\]")

# Section headings, by the first words of their text (lowercase, without Markdown), in both languages.
SECTION_KINDS = {
    "enjeux": "stakes",
    "stakes": "stakes",
    "contexte": "context",
    "context": "context",
    "feuille de route": "roadmap",
    "roadmap": "roadmap",
    "et aussi": "see_also",
    "see also": "see_also",
    "verbatim": "verbatim",
}
ROLES = {
    "institution porteuse": "lead",
    "institutions porteuses": "lead",
    "lead institution": "lead",
    "lead institutions": "lead",
    "institution partenaire": "supporting",
    "institutions partenaires": "supporting",
    "supporting institution": "supporting",
    "supporting institutions": "supporting",
}


@dataclass
class Entry:
    """A link of the table of contents, at its depth in the nested list (0 = top)."""

    depth: int
    title: str
    href: str
    line: int


@dataclass
class Contents:
    path: str
    title: tuple[str, int] | None  # the book's title, its first-level heading
    entries: list[Entry]


@dataclass
class Milestone:
    depth: int  # 0 for a roadmap item, 1 for its sub-item...
    text: str  # plain text: Markdown emphasis, links and footnote marks removed
    follow_ups: list[str]  # the follow-up links' URLs (one item of commitment 8 has two)
    line: int


@dataclass
class Section:
    kind: str  # one of SECTION_KINDS' values, or "footnote"
    heading: str
    text: str  # the section's Markdown, as written
    line: int


@dataclass
class Part:
    title: tuple[str, int] | None  # None on a page that is not split into parts
    institutions: list[tuple[str, str, int]] = field(default_factory=list)  # (role, name, line)
    sections: list[Section] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)


@dataclass
class CommitmentPage:
    path: str
    number: tuple[int, int]  # (number, line)
    title: tuple[str, int]
    parts: list[Part]
    footnotes: list[Section]


def _lines(data: bytes, path: str) -> list[str]:
    return decode_page(data, path).replace("\u00a0", " ").split("\n")


def contents(data: bytes, path: str) -> Contents:
    """The table of contents: the book's title and every link of its nested list."""
    title, entries, indents = None, [], []
    for number, line in enumerate(_lines(data, path), start=1):
        heading = HEADING.match(line)
        if heading and len(heading.group(1)) == 1 and title is None:
            title = (clean(heading.group(2)), number)
            continue
        item = LIST_ITEM.match(line)
        if not item:
            continue
        indent = len(item.group(1).expandtabs(4))
        while indents and indents[-1] >= indent:
            indents.pop()
        link = LINK_ITEM.match(item.group(2).strip())
        if not link:
            raise InputError(path, number, "table of contents item is not a link", repr(clean(item.group(2))[:80]))
        entries.append(Entry(len(indents), clean(link.group(1)), link.group(2), number))
        indents.append(indent)
    return Contents(path, title, entries)


def section_kind(heading: str) -> str | None:
    words = clean(INLINE_LINK.sub(r"\1", heading)).strip("*_ :").lower()
    return next((kind for start, kind in SECTION_KINDS.items() if words.startswith(start)), None)


def plain(text: str) -> str:
    """A text without Markdown: links keep their text, emphasis and footnote marks go."""
    text = FOOTNOTE_MARK.sub("", INLINE_LINK.sub(r"\1", text))
    return clean(EMPHASIS.sub(r"\2", EMPHASIS.sub(r"\2", text)).replace("**", ""))


def commitment(data: bytes, path: str) -> CommitmentPage:
    """One commitment page; raises InputError at the first line that breaks the layout."""
    lines = _lines(data, path)
    number = title = None
    parts: list[Part] = [Part(None)]
    footnotes: list[Section] = []
    section: Section | None = None
    body: list[str] = []  # the open section's lines
    role: str | None = None  # an institutions list is open
    items: list[list] = []  # the open roadmap's items: [indent, text lines, line]
    blank = open_item = False

    def close_section() -> None:
        nonlocal section, body, open_item
        open_item = False
        if section is not None:
            section.text = "\n".join(body).strip("\n")
            if section.kind == "roadmap":
                parts[-1].milestones += _milestones(items, path)
                items.clear()
            section, body = None, []

    for n, line in enumerate(lines, start=1):
        heading = HEADING.match(line) if line.startswith("#") else None
        if heading and number is None:
            if len(heading.group(1)) != 1:
                raise InputError(path, n, "commitment page without a number heading", "expected '# Engagement N' first")
            found = NUMBER_HEADING.match(clean(heading.group(2)))
            if not found:
                raise InputError(
                    path,
                    n,
                    "commitment page without a number heading",
                    f"expected '# Engagement N' or '# Commitment N', got {clean(heading.group(2))!r}",
                )
            number = (int(found.group(1)), n)
            continue
        if number is None:
            if line.strip():
                raise InputError(path, n, "commitment page without a number heading", "text before '# Engagement N'")
            continue
        if heading and title is None:
            if len(heading.group(1)) != 2 or not clean(heading.group(2)):
                raise InputError(path, n, "commitment without a title", "expected '## <title>' after the number")
            title = (plain(heading.group(2)), n)
            continue
        if title is None:
            if line.strip():
                raise InputError(path, n, "commitment without a title", "expected '## <title>' after the number")
            continue
        footnote = FOOTNOTE.match(line)
        if heading or RULE.match(line) or footnote:
            close_section()
            role = None
        if footnote:
            footnotes.append(Section("footnote", footnote.group(1), footnote.group(2).strip(), n))
            continue
        if footnotes and line.strip() and not RULE.match(line):
            footnotes[-1].text += "\n" + line.rstrip()  # a footnote's continuation line
            continue
        if heading:
            kind = section_kind(heading.group(2))
            if kind is None:  # a part of the commitment
                if parts[-1].title is not None or parts[-1].institutions or parts[-1].sections:
                    parts.append(Part(None))
                parts[-1].title = (plain(heading.group(2)), n)
            else:
                section, body = Section(kind, clean(heading.group(2)), "", n), []
                parts[-1].sections.append(section)
            continue
        if RULE.match(line):
            continue
        marker = INSTITUTIONS.match(line.strip())
        if marker and section is None and clean(marker.group(1)).lower() in ROLES:
            role = ROLES[clean(marker.group(1)).lower()]
            continue
        item = LIST_ITEM.match(line)
        if role is not None:
            if item:
                name = plain(item.group(2))
                if name:
                    parts[-1].institutions.append((role, name, n))
                continue
            if not line.strip():
                continue
            role = None
        if section is None:
            continue  # text outside any section (an introduction of the part) is not published
        body.append(line.rstrip())
        if section.kind == "roadmap":
            if item:
                items.append([len(item.group(1).expandtabs(4)), [item.group(2)], n])
                open_item = True
            elif line.strip() and open_item and (not blank or line[:1].isspace()):
                items[-1][1].append(line.strip())  # the item goes on (a bold text over two lines, a follow-up)
            elif line.strip():
                open_item = False  # a paragraph of the roadmap, not an item: kept in the section's text
        blank = not line.strip()
    close_section()
    if number is None:
        raise InputError(path, 1, "commitment page without a number heading", "expected '# Engagement N' first")
    if title is None:
        raise InputError(path, number[1], "commitment without a title", "expected '## <title>' after the number")
    if len(parts) > 1 and parts[0].title is None and not (parts[0].institutions or parts[0].sections):
        parts = parts[1:]
    return CommitmentPage(path, number, title, parts, footnotes)


def _milestones(items: list[list], path: str) -> list[Milestone]:
    """The roadmap's items, each at the depth its indentation gives."""
    found, indents = [], []
    for indent, texts, line in items:
        while indents and indents[-1] >= indent:
            indents.pop()
        text = " ".join(texts)
        links = FOLLOW_UP.findall(text)
        text = plain(FOLLOW_UP.sub("", text))
        if not text:
            raise InputError(path, line, "milestone without a text", "the list item is empty")
        found.append(Milestone(len(indents), text, links, line))
        indents.append(indent)
    return found
