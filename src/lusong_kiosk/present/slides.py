"""What one presentation step shows at slide scale, as plain text and numbers: :class:`Slide`,
built from the content by :func:`slide_for`. The presenter's slide layer (``ui/slides.py``)
draws it over the audience page; the self-running tour can show the same slides. No Qt.

A slide says the step's item in full: a figure with its qualifier, unit, label, period and
source; a chart with its title, its :class:`~lusong_kiosk.present.charts.ChartSpec`, note and
source; a story, a timeline event or an honour with its title and text.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..content.model import Exhibition, Figure
from . import format as fmt
from .charts import ChartSpec, chart_spec

# the kinds a slide is drawn for; home (already a title screen) and a bare screen have none
SLIDE_KINDS = ("headline", "figure", "chart", "story", "event", "honour")
# the marks of the two screens that are no theme (the home screen's tiles show the same)
TIMELINE_ICON = "icons/timeline.svg"
HONOURS_ICON = "icons/honours.svg"


@dataclass(frozen=True)
class Slide:
    """One step's item, ready to draw in one language.

    kind:   one of :data:`SLIDE_KINDS`
    accent: the theme's colour "#RRGGBB" ("" when the item belongs to no theme)
    kicker: the small line above the main text (a theme's tagline, an event's date)
    title:  the main text; a figure's label
    value:  a figure's number with its qualifier and prefix ("超过 3万"); "" for other kinds
    unit:   a figure's unit
    body:   the text under the title (a headline, a story, an event, an honour)
    meta:   a period ("2020年")
    source: where the figures come from ("数据来源：…")
    chart:  a chart's spec (kind "chart")
    note:   a chart's note
    icon:   an icon inside assets/ (an honour's emblem, a theme's icon), or ""
    mark:   the header's words: the theme's short title (the timeline's, the honours' title),
            so the audience knows where the step belongs; drawn in ``accent``
    mark_icon: the header's icon inside assets/ (the theme's icon)
    figure: a figure slide's content figure (its number counts up: :meth:`value_at`)
    lang:   the slide's language
    """

    kind: str
    accent: str = ""
    kicker: str = ""
    title: str = ""
    value: str = ""
    unit: str = ""
    body: str = ""
    meta: str = ""
    source: str = ""
    chart: ChartSpec | None = None
    note: str = ""
    icon: str = ""
    mark: str = ""
    mark_icon: str = ""
    figure: Figure | None = None
    lang: str = "zh"

    def main_text(self) -> str:
        """The text the back row must read: a figure's number, else the title."""
        return self.value or self.title

    def value_at(self, progress: float) -> str:
        """A figure's number ``progress`` (0..1) of the way up its count, as the panel's figure
        counts (the same share of the final value, the same formatting); at 1, :attr:`value`."""
        if self.figure is None or progress >= 1.0:
            return self.value
        return figure_value(self.figure, self.lang, self.figure.display_value(self.lang) * max(0.0, progress))


def figure_value(f: Figure, lang: str, shown: float | None = None) -> str:
    """A figure's number as a slide sets it: qualifier, rank prefix and number ("超过 3万",
    "No. 1"); ``shown``: a value on its way to the figure's."""
    number = fmt.figure_number(f, lang, shown)
    if f.prefix:  # a rank: 第1 / No. 1
        number = f.prefix(lang) + ("" if lang == "zh" else " ") + number
    return fmt.qualified(fmt.qualifier(f.qualifier, lang), number)


def slide_for(ex: Exhibition, screen: str, kind: str, ref: str, lang: str) -> Slide | None:
    """The slide of the step that reveals ``ref`` (of ``kind``) on ``screen`` in ``lang``, or
    None for a step with no item of its own (home, a bare screen)."""
    if kind == "event":
        ev = next(e for e in ex.events if e.id == ref)
        theme = next((t for t in ex.themes if t.id == ev.theme), None)
        kicker = fmt.date(ev.date, lang) + (f" · {theme.title(lang)}" if theme else "")
        mark = ex.timeline.title(lang) if ex.timeline is not None else ""
        return Slide(kind, theme.accent if theme else "", kicker, ev.title(lang), body=ev.text(lang),
                     mark=mark, mark_icon=TIMELINE_ICON)
    if kind == "honour":
        if ex.honours is None:
            return None
        h = next(h for h in ex.honours.honours if h.id == ref)
        theme = next((t for t in ex.themes if t.id == h.theme), None)
        return Slide(kind, theme.accent if theme else "", "", h.title(lang), body=h.text(lang),
                     icon=h.icon or "", mark=ex.honours.title(lang), mark_icon=HONOURS_ICON)
    if not screen.startswith("theme:") or kind not in SLIDE_KINDS:
        return None
    theme = ex.theme(screen[6:])
    accent = theme.accent
    mark = {"mark": theme.short_title(lang), "mark_icon": theme.icon}
    if kind == "headline":
        return Slide(kind, accent, theme.tagline(lang), theme.title(lang), body=theme.headline(lang), icon=theme.icon,
                     **mark)
    if kind == "chart":
        chart = next(c for c in theme.charts if c.id == ref)
        figures = theme.chart_figures(chart)
        spec = chart_spec(chart, figures, accent, lang, theme.chart_share(chart))
        return Slide(kind, accent, "", chart.title(lang), chart=spec, note=chart.note(lang) if chart.note else "",
                     source=fmt.source_line(ex, figures, lang), **mark)
    if kind == "story":
        story = next(s for s in theme.stories if s.id == ref)
        return Slide(kind, accent, "", story.title(lang), body=story.text(lang),
                     meta=fmt.period(story.period, lang), **mark)
    f = theme.figure(ref)
    return Slide("figure", accent, "", f.label(lang), value=figure_value(f, lang),
                 unit=f.unit(lang) if f.unit else "", meta=fmt.period(f.period, lang),
                 source=fmt.source_line(ex, [f], lang), figure=f, lang=lang, **mark)


__all__ = ["HONOURS_ICON", "SLIDE_KINDS", "TIMELINE_ICON", "Slide", "figure_value", "slide_for"]
