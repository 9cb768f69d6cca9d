"""The one table `make bench` prints: every figure beside the baseline measured in the same run.

Each measurement script exposes `rows(**options) -> list[Row]`; `bench/run.py` collects them, prints the
table and writes it to docs/benchmarks.md.
"""

from dataclasses import dataclass


@dataclass
class Row:
    section: str  # what is measured, e.g. "Admin issue list"
    measure: str  # the figure's name, e.g. "p50 at 1,000,000 issues"
    value: str  # the figure with its unit, e.g. "118 ms"
    baseline: str = ""  # what it is compared with, measured in the same run, e.g. "p50 at 10,000: 61 ms"
    ratio: str = ""  # value against baseline, e.g. "1.9×"
    queries: str = ""  # SQL queries per request, where that means something
    target: str = ""  # the bar it must pass and whether it does, e.g. "≤ 2× ✓"


def ratio(value: float, baseline: float) -> str:
    return f"{value / baseline:.2f}×" if baseline else "–"


def markdown(rows: list[Row]) -> str:
    header = "| section | measure | value | baseline (same run) | ratio | queries | target |"
    lines = [header, "|---|---|---|---|---|---|---|"]
    for row in rows:
        cells = [row.section, row.measure, row.value, row.baseline, row.ratio, row.queries, row.target]
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(lines)
