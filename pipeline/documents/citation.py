"""How to cite the package, said once: the sentence of the data dictionary and the workbook,
and the CITATION.cff beside datapackage.json (Citation File Format 1.2.0), all made from the
package's own metadata: its publisher (the first contributor), title, version, the date that
version was released, licence and homepage."""

from __future__ import annotations

import json


def sentence(descriptor: dict, day: str) -> str:
    """Author (year). Title, version [data set]. Licence. URL."""
    licence = descriptor["licenses"][0]
    parts = [
        f"{descriptor['contributors'][0]['title']} ({day[:4]}).",
        f"{descriptor['title'].split(' / ')[-1]}, version {descriptor['version']} [data set].",
        f"{licence['title']} ({licence['name']}).",
        f"Data package `{descriptor['name']}`.",
    ]
    if descriptor.get("homepage"):
        parts.append(descriptor["homepage"])
    return " ".join(parts)


def cff(descriptor: dict, day: str) -> str:
    """CITATION.cff: YAML whose every scalar is written as JSON, which YAML reads as it is."""

    def text(value) -> str:
        return json.dumps(value, ensure_ascii=False)

    lines = [
        "# Made by publish from datapackage.json: edit the package's metadata, not this file.",
        "cff-version: 1.2.0",
        f"message: {text('Pour citer ces données / If you use these data, please cite them as below.')}",
        "type: dataset",
        f"title: {text(descriptor['title'])}",
        f"version: {text(descriptor['version'])}",
        f"date-released: {text(day)}",
        "authors:",
        *(f"  - name: {text(c['title'])}" for c in descriptor["contributors"] if "creator" in c.get("roles", [])),
        f"license: {text(descriptor['licenses'][0]['name'])}",
        f"abstract: {text(descriptor['description'])}",
        "keywords:",
        *(f"  - {text(keyword)}" for keyword in descriptor.get("keywords", [])),
    ]
    if descriptor.get("homepage"):
        lines.append(f"url: {text(descriptor['homepage'])}")
    return "\n".join(lines) + "\n"
