"""Extract an action plan from its GitBook repository, in its two languages (Etalab's layout).

Reads, at the repository's root (a folder or an http(s) URL, both through `SourceRoot`):
`fr/SUMMARY.md` and `en/SUMMARY.md`, the tables of contents, then every commitment page they
link: `<theme>/[<sub-theme>/]engagement-N.md` in French, the official text, and
`.../commitment-N.md` in English, Etalab's translation.
Writes: rows (lists of dicts, all values text) that keep the file and line they came from.

The two languages are paired: themes and sub-themes by their place in the tables of contents,
commitments by number, parts and institutions and roadmap items by their order. What must
agree (the same commitments under the same themes, the same parts, institutions and top-level
roadmap items) is checked, and a disagreement is an error naming both files. Below a roadmap
item, a translation may condense or differ (commitment 21, commitment 7's follow-up link):
each language keeps its own items, marked as agreeing with the other or not.
The plan's OGP facts (its OGP id, member, years) are not in the repository: extract takes
them from the OGP layer (`ogp_layer`).
"""

from __future__ import annotations

import posixpath
import re

from pipeline.errors import InputError
from pipeline.extract import plan_pages, roadmap
from pipeline.extract.plan_pages import CommitmentPage, Contents
from pipeline.sources.location import SourceRoot

OFFICIAL, TRANSLATION = "fr", "en"
LANGUAGES = (OFFICIAL, TRANSLATION)
CONTENTS = "SUMMARY.md"
CONTENTS_TITLE = re.compile(r"^(Commitment|Engagement)\s+\d+\s*:\s*")  # "Commitment 5: " before a title
LICENCE = "LICENSE.md"  # read, so that a snapshot made by following the extractor keeps the plan's licence
COMMITMENT_FILE = re.compile(r"^(?:engagement|commitment)-(\d+)\.md$")

# The columns of each entity's rows, as extract writes them (all text).
FIELDS = {
    "plan": (
        "plan_id member member_code title_en title_fr start_year end_year published source published_source "
        "commitments_stated commitments_stated_source source_file source_line"
    ).split(),
    "themes": (
        "theme_path parent_path position title_en title_en_source title_fr title_fr_source folder_fr "
        "source_file source_line"
    ).split(),
    "commitments": (
        "number theme_path title_en title_en_source title_fr title_fr_source source_file source_line "
        "source_file_en source_line_en"
    ).split(),
    "parts": "number part title_en title_fr source_file source_line source_line_en".split(),
    "institutions": "number part role position name name_fr source source_file source_line".split(),
    "ogp_links": "number ogp_id ogp_title mapping source part part_mapping source_file source_line".split(),
    "milestones": (
        "number part language milestone_key parent_key depth position text follow_up_urls due due_precision "
        "due_as_written due_kind due_read_from "
        "languages_agree source_file source_line"
    ).split(),
    "sections": "number part language position kind heading text source_file source_line".split(),
}


def extract(root: SourceRoot, citation: str = "") -> dict[str, list[dict[str, str]]]:
    """All rows of the plan at `root`, by entity (the keys of FIELDS). `citation` is what each
    title and institution cites as its source (the repository's public address)."""
    rows: dict[str, list[dict[str, str]]] = {name: [] for name in FIELDS}
    root.read(LICENCE)
    books = {lang: plan_pages.contents(root.read(f"{lang}/{CONTENTS}"), f"{lang}/{CONTENTS}") for lang in LANGUAGES}
    for book in books.values():
        if book.title is None:
            raise InputError(book.path, 1, "table of contents without a title", "expected '# <title of the plan>'")
    rows["plan"].append(
        {key: "" for key in FIELDS["plan"]}
        | {
            "title_fr": books[OFFICIAL].title[0],
            "title_en": books[TRANSLATION].title[0],
            "source_file": books[OFFICIAL].path,
            "source_line": str(books[OFFICIAL].title[1]),
        }
    )
    trees = {lang: _tree(root, book) for lang, book in books.items()}
    official, translation = trees[OFFICIAL], trees[TRANSLATION]
    if len(official["themes"]) != len(translation["themes"]):
        raise InputError(
            books[OFFICIAL].path,
            None,
            "the languages do not have the same themes",
            f"{len(official['themes'])} themes, {books[TRANSLATION].path} has {len(translation['themes'])}",
        )
    folders = {}  # official folder -> translated folder, which is the theme's id
    for (fr_folder, fr_title, fr_line), (en_folder, en_title, en_line) in zip(
        official["themes"], translation["themes"], strict=True
    ):
        if fr_folder.count("/") != en_folder.count("/") or folders.get(
            posixpath.dirname(fr_folder), ""
        ) != posixpath.dirname(en_folder):
            raise InputError(
                f"{books[OFFICIAL].path}:{fr_line} and {books[TRANSLATION].path}",
                en_line,
                "the languages do not have the same themes",
                f"{fr_folder} is paired with {en_folder}",
            )
        folders[fr_folder] = en_folder
        parent = posixpath.dirname(en_folder)
        position = 1 + sum(1 for row in rows["themes"] if row["parent_path"] == parent)
        rows["themes"].append(
            {
                "theme_path": en_folder,
                "parent_path": parent,
                "position": str(position),
                "title_en": en_title,
                "title_en_source": citation,
                "title_fr": fr_title,
                "title_fr_source": citation,
                "folder_fr": fr_folder,
                "source_file": books[TRANSLATION].path,
                "source_line": str(en_line),
            }
        )
    for number in sorted(set(official["pages"]) | set(translation["pages"])):
        for lang, other in ((OFFICIAL, TRANSLATION), (TRANSLATION, OFFICIAL)):
            if number not in trees[lang]["pages"]:
                there = trees[other]["pages"][number]
                raise InputError(
                    there.path,
                    there.number[1],
                    "commitment in one language only",
                    f"{number} has no page in {lang}/{CONTENTS}",
                )
        fr_page, en_page = official["pages"][number], translation["pages"][number]
        fr_folder = posixpath.dirname(fr_page.path.removeprefix(f"{OFFICIAL}/"))
        en_folder = posixpath.dirname(en_page.path.removeprefix(f"{TRANSLATION}/"))
        if folders.get(fr_folder) != en_folder:
            raise InputError(
                f"{fr_page.path} and {en_page.path}",
                None,
                "the languages put a commitment under different themes",
                f"{fr_folder} and {en_folder}",
            )
        # the English title, cited where it is read: the page's heading, unless it is left
        # untranslated (commitment 5) and the table of contents translates it
        en_title = (en_page.title[0], en_page.path, en_page.title[1])
        listed, line = translation["titles"][number]
        if en_page.title[0] == fr_page.title[0] and listed and listed != fr_page.title[0]:
            en_title = (listed, books[TRANSLATION].path, line)
        _commitment(fr_page, en_page, en_folder, citation, rows, en_title)
    return rows


def _tree(root: SourceRoot, book: Contents) -> dict:
    """The themes (folder, title, line), in order, and the commitment pages by number, of one language."""
    lang = posixpath.dirname(book.path)
    themes, pages, seen, titles = [], {}, {}, {}
    for entry in book.entries:
        href = entry.href.split("#")[0]
        if not href.endswith(".md"):
            continue
        target = root.resolve(book.path, href, entry.line)
        if not target.startswith(f"{lang}/"):
            raise InputError(book.path, entry.line, "link leaves the language's folder", repr(entry.href))
        path = target.removeprefix(f"{lang}/")
        folder, name = posixpath.split(path)
        found = COMMITMENT_FILE.match(name)
        if name == "README.md" and folder:
            if folder.count("/") != entry.depth:
                raise InputError(book.path, entry.line, "theme at the wrong depth of the table of contents", path)
            themes.append((folder, entry.title, entry.line))
        elif found:
            if not folder or folder not in {theme[0] for theme in themes}:
                raise InputError(book.path, entry.line, "commitment page not in a theme or sub-theme folder", path)
            page = plan_pages.commitment(root.read(target, referrer=book.path, line=entry.line), target)
            number = page.number[0]
            if number != int(found.group(1)):
                raise InputError(
                    target, page.number[1], "commitment number differs from the file name", f"heading says {number}"
                )
            if number in seen:
                raise InputError(
                    target, page.number[1], "duplicate commitment number", f"{number} is also {seen[number]}"
                )
            seen[number], pages[number] = target, page
            titles[number] = (CONTENTS_TITLE.sub("", entry.title), entry.line)
    return {"themes": themes, "pages": pages, "titles": titles}


def _commitment(
    fr: CommitmentPage, en: CommitmentPage, folder: str, citation: str, rows: dict, en_title: tuple[str, str, int]
) -> None:
    both = f"{fr.path} and {en.path}"
    n = str(fr.number[0])
    rows["commitments"].append(
        {
            "number": n,
            "theme_path": folder,
            "title_en": en_title[0],
            "title_en_source": citation,
            "title_fr": fr.title[0],
            "title_fr_source": citation,
            "source_file": fr.path,
            "source_line": str(fr.title[1]),
            "source_file_en": en_title[1],
            "source_line_en": str(en_title[2]),
        }
    )
    if len(fr.parts) != len(en.parts):
        raise InputError(both, None, "the languages do not have the same parts", f"{len(fr.parts)} and {len(en.parts)}")
    milestone_base = 0
    for k, (fr_part, en_part) in enumerate(zip(fr.parts, en.parts, strict=True), start=1):
        part = str(k)  # 1 on a page that is not split; its parts are listed only when it is
        if len(fr.parts) > 1:
            rows["parts"].append(
                {
                    "number": n,
                    "part": part,
                    "title_en": en_part.title[0] if en_part.title else "",
                    "title_fr": fr_part.title[0] if fr_part.title else "",
                    "source_file": fr.path,
                    "source_line": str(fr_part.title[1]) if fr_part.title else "",
                    "source_line_en": str(en_part.title[1]) if en_part.title else "",
                }
            )
        fr_names, en_names = _names(fr_part.institutions), _names(en_part.institutions)
        if [role for role, _, _ in fr_names] != [role for role, _, _ in en_names]:
            raise InputError(
                both,
                None,
                "the languages do not name the same institutions",
                f"{len(fr_names)} and {len(en_names)} in part {k}",
            )
        positions: dict[str, int] = {}  # each role's list has its own order
        for (role, fr_name, line), (_, en_name, _) in zip(fr_names, en_names, strict=True):
            positions[role] = positions.get(role, 0) + 1
            rows["institutions"].append(
                {
                    "number": n,
                    "part": part,
                    "role": role,
                    "position": str(positions[role]),
                    "name": en_name,
                    "name_fr": fr_name,
                    "source": citation,
                    "source_file": fr.path,
                    "source_line": str(line),
                }
            )
        tops = [roadmap.top_items(fr_part.milestones), roadmap.top_items(en_part.milestones)]
        if len(tops[0]) != len(tops[1]):
            raise InputError(
                both,
                None,
                "the languages do not have the same roadmap items",
                f"{len(tops[0])} and {len(tops[1])} in part {k}",
            )
        for index, (fr_item, en_item) in enumerate(zip(*tops, strict=True), start=milestone_base + 1):
            agree = roadmap.shape(fr_item) == roadmap.shape(en_item) and [m.follow_ups for m in fr_item] == [
                m.follow_ups for m in en_item
            ]
            for lang, page, items in ((OFFICIAL, fr, fr_item), (TRANSLATION, en, en_item)):
                rows["milestones"] += roadmap.milestone_rows(n, part, lang, page.path, index, items, agree)
        milestone_base += len(tops[0])
    for lang, page in ((OFFICIAL, fr), (TRANSLATION, en)):
        # every section of the page, then its footnotes, numbered in the page's order
        found = [(str(k), section) for k, part in enumerate(page.parts, start=1) for section in part.sections]
        found += [("", note) for note in page.footnotes]
        for position, (part, section) in enumerate(found, start=1):
            rows["sections"].append(
                {
                    "number": n,
                    "part": part,
                    "language": lang,
                    "position": str(position),
                    "kind": section.kind,
                    "heading": section.heading,
                    "text": section.text,
                    "source_file": page.path,
                    "source_line": str(section.line),
                }
            )


def _names(institutions: list[tuple[str, str, int]]) -> list[tuple[str, str, int]]:
    """Each institution once: a list item naming two, joined by ';' (as some English pages
    do), counts as two."""
    return [(role, name.strip(), line) for role, text, line in institutions for name in text.split(";") if name.strip()]
