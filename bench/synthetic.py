"""Synthetic IRM exports in the current format, for benchmarks: N rows with the real export's
columns, each column's values drawn from its distribution in the real file (fixed seed), unique
commitment ids, and every row in one plan so the whole file goes through the pipeline."""

from __future__ import annotations

import csv
import random
import string
from collections import Counter
from pathlib import Path

PLAN = {"Action Plan ID": "AP_SYN01", "Country/Locality": "Synthland", "Action Plan Number": "1", "Code": "SYN"}
TEXT = {"Full Text", "Commitment Title", "Short Title"}


def distributions(real_export: Path) -> tuple[list[str], dict[str, tuple[list[str], list[int]]]]:
    with real_export.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames
        counts = {column: Counter() for column in header}
        for row in reader:
            for column in header:
                if column not in TEXT:
                    counts[column][row[column]] += 1
    return header, {c: (list(counts[c]), list(counts[c].values())) for c in header if c not in TEXT}


def write(path: Path, rows: int, real_export: Path, seed: int = 2026) -> None:
    header, spread = distributions(real_export)
    rng = random.Random(seed)
    columns = {c: rng.choices(*spread[c], k=rows) for c in spread}
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        for i in range(rows):
            letters = "".join(string.ascii_uppercase[(i // 10_000) // 26**k % 26] for k in (2, 1, 0))
            row = []
            for column in header:
                if column == "Commitment Unique Identifier":
                    row.append(f"{letters}{i % 10_000:04d}")
                elif column == "Commitment Number":
                    row.append(str(i + 1))
                elif column in PLAN:
                    row.append(PLAN[column])
                elif column in TEXT:
                    row.append(f"Synthetic commitment {i + 1}")
                elif column == "Theme":
                    row.append(f"Theme {i % 7 + 1}")
                else:
                    row.append(columns[column][i])
            writer.writerow(row)


if __name__ == "__main__":  # run by bench/run.py in its own process, whose memory is its own
    import sys

    write(Path(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3]))
