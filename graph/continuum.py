"""The step-down continuum: inpatient/residential -> partial hospitalization -> IOP -> outpatient.

Each level with how much care it gives (every source's dose statement, kept apart where sources differ)
and its key features (the program features and the circumstances it suits, most often named first),
drawn as a staircase a trainer can put on a slide. The diagram is plain SVG built here with every text
escaped, so it needs no script and no asset.
"""

from __future__ import annotations

import html
import textwrap
from dataclasses import dataclass, field

from .namespaces import expand, shorten
from .store import Store

# light to dark as care gets more intensive; the Okabe-Ito blues and a neutral, safe for colour-blind readers
STEP_COLOURS = ("#0072B2", "#3C8DC3", "#56B4E9", "#A6D4F2")


@dataclass(frozen=True)
class Dose:
    document: str
    residential: bool | None = None
    hours_per_day: float | None = None
    sessions: tuple = (None, None)
    days: tuple = (None, None)
    hours: tuple = (None, None)
    weeks: tuple = (None, None)

    def text(self) -> str:
        parts = []
        if self.residential:
            parts.append("lives on site")
        if self.hours_per_day:
            parts.append("care around the clock" if self.hours_per_day >= 24 else f"{_num(self.hours_per_day)} h of care a day")
        for (low, high), unit in ((self.days, "days a week"), (self.sessions, "sessions a week"),
                                  (self.hours, "h a session"), (self.weeks, "weeks")):
            if low is not None or high is not None:
                parts.append(f"{_range(low, high)} {unit}")
        return ", ".join(parts)


@dataclass(frozen=True)
class Feature:
    concept: str
    label: str
    mentions: int
    documents: int


@dataclass
class Level:
    setting: str
    label: str
    rank: int
    next: str | None = None
    next_label: str | None = None
    locator_code: str | None = None
    doses: list[Dose] = field(default_factory=list)
    features: list[Feature] = field(default_factory=list)
    suits: list[Feature] = field(default_factory=list)

    @property
    def short_id(self) -> str:
        return shorten(self.setting)

    def dose_summary(self) -> list[str]:
        """One line per measure, the widest range across the sources (each source stays in ``doses``)."""
        lines = []
        if any(d.residential for d in self.doses):
            lines.append("lives on site")
        elif any(d.residential is False for d in self.doses):
            lines.append("lives at home")
        hours_per_day = [d.hours_per_day for d in self.doses if d.hours_per_day]
        if hours_per_day:
            lines.append("care around the clock" if max(hours_per_day) >= 24 else f"{_num(max(hours_per_day))} h of care a day")
        for attr, unit in (("days", "days a week"), ("sessions", "sessions a week"), ("hours", "h a session"),
                           ("weeks", "weeks, typically")):
            values = [v for d in self.doses for v in getattr(d, attr) if v is not None]
            if values:
                lines.append(f"{_range(min(values), max(values))} {unit}")
        return lines


def _num(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _range(low, high) -> str:
    if low is None or high is None or low == high:
        return _num(low if low is not None else high)
    return f"{_num(low)}–{_num(high)}"


def levels(store: Store, features: int = 3) -> list[Level]:
    """The settings in continuum order, each with its doses and its top ``features`` of each sort."""
    found: dict[str, Level] = {}
    for r in store.select("continuum").rows:
        level = found.setdefault(r["setting"], Level(r["setting"], r["label"], r["rank"], r["next"], r["nextLabel"],
                                                     r["locatorCode"]))
        if r["dose"]:
            level.doses.append(Dose(r["documentTitle"] or "", r["residential"], r["hoursPerDay"],
                                    (r["sessionsMin"], r["sessionsMax"]), (r["daysMin"], r["daysMax"]),
                                    (r["hoursMin"], r["hoursMax"]), (r["weeksMin"], r["weeksMax"])))
    for kind, attr in (("rg:ProgramFeature", "features"), ("rg:SuitabilityCriterion", "suits")):
        for r in store.select("continuum-features", kind=expand(kind)).rows:
            level = found.get(r["setting"])
            if level is not None and len(getattr(level, attr)) < features:
                getattr(level, attr).append(Feature(r["concept"], r["label"], r["mentions"], r["documents"]))
    return sorted(found.values(), key=lambda l: l.rank)


def diagram_svg(steps: list[Level], link=None, width: int = 1240) -> str:
    """The staircase: one box per level, each lower and to the right of the one before, joined by
    'steps down to' arrows. ``link(level)`` gives the URL a box opens (none when omitted)."""
    count = max(1, len(steps))
    gap, top_pad, drop = 34, 44, 58
    box_w = (width - gap * (count + 1)) // count
    chars = max(18, int(box_w / 8.6))
    blocks = [_box_lines(level, chars) for level in steps]
    box_h = max((len(lines) for lines in blocks), default=1) * 21 + 70
    height = top_pad + drop * (count - 1) + box_h + 24
    esc = html.escape
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" '
           f'aria-label="The step-down continuum of care, from most to least intensive" '
           f'font-family="system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif">',
           '<defs><marker id="rg-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
           'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#333"/></marker></defs>',
           f'<text x="{gap}" y="24" font-size="16" fill="#333">Most intensive</text>',
           f'<text x="{width - gap}" y="24" font-size="16" fill="#333" text-anchor="end">Least intensive</text>']
    for i, (level, lines) in enumerate(zip(steps, blocks)):
        x, y = gap + i * (box_w + gap), top_pad + i * drop
        colour = STEP_COLOURS[min(i, len(STEP_COLOURS) - 1)]
        text_colour = "#FFFFFF" if i < 2 else "#111111"
        url = link(level) if link else None
        if url:
            out.append(f'<a href="{esc(url, quote=True)}" target="_self" style="text-decoration:none">')
        out.append(f'<g class="rg-step" data-setting="{esc(level.short_id, quote=True)}">')
        out.append(f'<rect x="{x}" y="{y}" width="{box_w}" height="{box_h}" rx="10" fill="#FFFFFF" stroke="{colour}" stroke-width="3"/>')
        out.append(f'<rect x="{x}" y="{y}" width="{box_w}" height="54" rx="10" fill="{colour}"/>')
        title = textwrap.wrap(level.label, max(12, int(box_w / 10.5)))[:2]
        for j, part in enumerate(title):
            out.append(f'<text x="{x + 12}" y="{y + (24 if len(title) > 1 else 34) + j * 21}" font-size="18" '
                       f'font-weight="bold" fill="{text_colour}">{esc(part)}</text>')
        for j, (style, text) in enumerate(lines):
            weight = ' font-weight="bold"' if style == "head" else ""
            fill = "#333333" if style == "head" else "#111111"
            out.append(f'<text x="{x + 12}" y="{y + 78 + j * 21}" font-size="15"{weight} fill="{fill}">{esc(text)}</text>')
        out.append("</g>")
        if url:
            out.append("</a>")
        if i + 1 < len(steps):
            ax, ay = x + box_w + 3, y + 27
            out.append(f'<path d="M{ax},{ay} L{ax + gap - 8},{ay} L{ax + gap - 8},{ay + drop}" fill="none" stroke="#333" '
                       f'stroke-width="2" marker-end="url(#rg-arrow)"/>')
    out.append("</svg>")
    return "".join(out)


def _box_lines(level: Level, chars: int) -> list[tuple[str, str]]:
    lines: list[tuple[str, str]] = [("head", "How much care")]
    dose = level.dose_summary() or ["no dose stated in the sources"]
    lines += [("text", part) for item in dose for part in textwrap.wrap(item, chars)]
    for head, items in (("Key features", level.features), ("Suits people with", level.suits)):
        if items:
            lines.append(("head", head))
            for f in items:
                wrapped = textwrap.wrap(f.label, chars - 2)
                lines += [("text", ("• " if k == 0 else "  ") + part) for k, part in enumerate(wrapped)]
    return lines


def diagram_html(steps: list[Level], link=None) -> str:
    """The diagram as a standalone page (the continuum export)."""
    return ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>The step-down continuum</title>'
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
            '<style>body{margin:16px;font-family:system-ui,sans-serif}</style></head><body>'
            f"{diagram_svg(steps, link)}</body></html>")
