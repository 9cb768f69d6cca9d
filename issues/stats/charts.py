"""Bar charts as inline SVG, drawn on the server: no JavaScript, nothing fetched from another host,
the same drawing on the public page and in the annual report's PDF.

Two kinds: horizontal bars in groups (a field, a ministry), one bar per series, the group's label above
its bars (long names of either language fit) and each bar's value at its end; and columns per year,
one per series, on a scale with grid lines. Both scale with their viewBox down to a phone's width.
To screen readers a chart is one image with a name; its numbers are in the table next to it."""

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from . import facts
from .facts import count_text, share_text

WIDTH = 360  # the viewBox is this wide; text is 12 units high
LABEL_HEIGHT, BAR_HEIGHT, BAR_GAP, GROUP_GAP = 16, 13, 3, 6
VALUE_ROOM = 70  # right of the longest bar: its value ("16.7% (1)", "47.4 days")
MAX_LABEL = 52  # characters; the table next to the chart has the whole name
FONT = "Noto Sans KR, Noto Sans CJK KR, Apple SD Gothic Neo, Malgun Gothic, sans-serif"

# The states' colours of the officers' workspace (static/admin/issues.css): found, consultation,
# proposed, answered, solved. Each at least 3:1 against white (WCAG 1.4.11).
MEASURE_COLORS = {"filed": "#5a6b7d", "consultation": "#a36100", "proposed": "#6639ba", "answered": "#0f6e6e",
                  "solved": "#2f6f3e"}
PALETTE = ["#0b5cad", "#a36100", "#6639ba", "#0f6e6e", "#2f6f3e", "#5a6b7d", "#8a2b2b"]


@dataclass
class Chart:
    id: str
    title: str
    svg: SafeString
    legend: list[tuple[str, str]]  # (label, colour); empty for a single series
    # Shown above the chart where it says more than the section's heading ("found, by field").
    caption: str = ""


def bar_chart(chart_id: str, title: str, groups: list[tuple[str, list[tuple[float | None, str]]]],
              series: list[tuple[str, str]]) -> Chart | None:
    """`groups`: (label, [(value, value as text) for each series]); `series`: (label, colour).
    None when there is nothing to draw."""
    if not groups:
        return None
    largest = max((value or 0 for _label, bars in groups for value, _text in bars), default=0) or 1
    scale = (WIDTH - VALUE_ROOM) / largest
    parts, y = [], 0
    for label, bars in groups:
        y += LABEL_HEIGHT
        parts.append(f'<text x="0" y="{y - 5}" class="chart-label" font-weight="600">{escape(_short(label))}</text>')
        for (value, text), (_series, color) in zip(bars, series, strict=True):
            length = round((value or 0) * scale, 1)
            parts.append(f'<rect x="0" y="{y}" width="{max(length, 1)}" height="{BAR_HEIGHT}" fill="{color}"/>')
            parts.append(f'<text x="{length + 4}" y="{y + BAR_HEIGHT - 2}" class="chart-value">{escape(text)}</text>')
            y += BAR_HEIGHT + BAR_GAP
        y += GROUP_GAP
    return _chart(chart_id, title, parts, y - GROUP_GAP + 2, series)


def column_chart(chart_id: str, title: str, groups: list[tuple[str, list[float]]],
                 series: list[tuple[str, str]]) -> Chart | None:
    """Columns: `groups` (label under the axis, [value for each series]), on a scale from 0 with grid lines."""
    if not groups:
        return None
    top, bottom, left, height = 8, 20, 40, 200
    largest = max(v for _label, values in groups for v in values)
    step = _step(largest)
    ceiling = step * max(1, -(-largest // step))
    plot = height - top - bottom
    parts = []
    for tick in range(0, int(ceiling) + 1, int(step)):
        y = round(top + plot - plot * tick / ceiling, 1)
        stroke = "#57606a" if tick == 0 else "#d0d7de"  # the axis darker than the grid
        parts.append(f'<line x1="{left}" x2="{WIDTH}" y1="{y}" y2="{y}" stroke="{stroke}"/>')
        parts.append(f'<text x="{left - 5}" y="{y + 4}" text-anchor="end" fill="#57606a">{count_text(tick)}</text>')
    width = (WIDTH - left) / len(groups)
    bar = width * 0.8 / len(series)
    for index, (label, values) in enumerate(groups):
        x0 = left + index * width + width * 0.1
        for number, (value, (_series, color)) in enumerate(zip(values, series, strict=True)):
            tall = round(plot * value / ceiling, 1)
            parts.append(f'<rect x="{round(x0 + number * bar, 1)}" y="{round(top + plot - tall, 1)}" '
                         f'width="{round(bar - 1, 1)}" height="{tall}" fill="{color}"/>')
        parts.append(f'<text x="{round(left + (index + 0.5) * width, 1)}" y="{height - 5}" text-anchor="middle" '
                     f'font-weight="600">{escape(label)}</text>')
    return _chart(chart_id, title, parts, height, series)


def _step(largest) -> int:
    """A round step (1, 2 or 5 times a power of ten) that divides 0…largest into at most five parts."""
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            if factor * magnitude * 5 >= largest:
                return factor * magnitude
        magnitude *= 10


def _chart(chart_id: str, title: str, parts: list[str], height: float, series) -> Chart:
    name = _("Bar chart: %(title)s. Its numbers are in the table next to it.") % {"title": title}
    svg = (
        f'<svg class="chart" role="img" aria-labelledby="{chart_id}-name" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" font-size="12" font-family="{FONT}" fill="#1b1f24" '
        f'preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{chart_id}-name">{escape(name)}</title>{"".join(parts)}</svg>'
    )
    return Chart(chart_id, title, mark_safe(svg), series if len(series) > 1 else [])  # noqa: S308 - escaped above  # nosec B308 B703


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…"


def days_text(days) -> str:
    return "—" if days is None else _("%(days)s days") % {"days": facts.days_text(days)}


# --- The charts of the figures (facts.figures) --------------------------------------------

def figure_charts(data: dict) -> dict[str, Chart | None]:
    """The chart of each table of facts.tables(data), by table id: columns per year; one bar per field
    (found), ministry (proposed), answer (share) and field of meetings; median and 90th percentile per
    interval. The tables carry every measure."""
    measures = data["measures"]
    labels = dict(measures)
    single = [("", PALETTE[0])]
    meeting_rows = [(row["label"], sum(row["counts"])) for row in data["meetings"]["rows"]]
    return {
        "per-year": column_chart(
            "chart-per-year", _("Issues per year"),
            [(str(row["year"]), [row[m] for m, _label in measures]) for row in data["per_year"]],
            [(label, MEASURE_COLORS[m]) for m, label in measures]),
        "per-field": _captioned(bar_chart(
            "chart-per-field", _("Issues filed, by field"),
            [(row["label"], [(row["filed"], count_text(row["filed"]))]) for row in data["per_field"] if row["filed"]],
            [(labels["filed"], MEASURE_COLORS["filed"])])),
        "per-ministry": _captioned(bar_chart(
            "chart-per-ministry", _("Issues proposed, by ministry"),
            [(row["label"], [(row["proposed"], count_text(row["proposed"]))])
             for row in data["per_ministry"] if row["proposed"]],
            [(labels["proposed"], MEASURE_COLORS["proposed"])])),
        "answers": bar_chart(
            "chart-answers", _("The government's answers"),
            [(row["label"], [(row["share"] or 0, f'{share_text(row["share"])} ({count_text(row["n"])})')])
             for row in data["answers"]] if data["answered"] else [],
            [(_("Share of the answers"), MEASURE_COLORS["answered"])]),
        "durations": bar_chart(
            "chart-durations", _("How long it takes"),
            [(row["label"], [(row["median"], days_text(row["median"])), (row["p90"], days_text(row["p90"]))])
             for row in data["durations"]] if any(row["n"] for row in data["durations"]) else [],
            [(_("Median"), PALETTE[0]), (_("90th percentile"), PALETTE[1])]),
        "meetings": _captioned(bar_chart(
            "chart-meetings", _("Meetings held, by field"),
            [(label, [(n, count_text(n))]) for label, n in meeting_rows if n], single)),
    }


def _captioned(chart: Chart | None) -> Chart | None:
    if chart is not None:
        chart.caption = chart.title
    return chart
