"""The handout's paper: sizes, margins, inks and the tints of a theme's colour, the fonts and lengths
of one paper size (:class:`Sheet`), and what was written (:class:`Handout`, its :class:`Page` s)."""

from __future__ import annotations

import colorsys
import html
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtGui import QFont


PAPERS = ("A4", "A3")
DPI = 300
A4_W = 210.0  # layout unit: one millimetre on A4 (A3 scales every length by sqrt 2)
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 16.0, 20.0, 18.0
PT = 25.4 / 72  # one point in mm
KEEP_PASSES = 12  # layout passes at most for the keep-together rules

INK = "#1A1D23"
MUTED = "#545B68"
FAINT = "#8A909C"
RULE = "#D3D8E0"


# ---------------------------------------------------------------------------------------------
# colours


def ink_of(accent: str) -> str:
    """A theme accent dark enough to set text in on white paper (same hue)."""
    r, g, b = (int(accent[i:i + 2], 16) / 255 for i in (1, 3, 5))
    h, lum, s = colorsys.rgb_to_hls(r, g, b)
    r, g, b = colorsys.hls_to_rgb(h, min(lum, 0.36), min(1.0, s * 1.1))
    return "#" + "".join(f"{round(v * 255):02X}" for v in (r, g, b))


def tint_of(accent: str, amount: float = 0.78) -> str:
    """The accent mixed with white (a track, a panel)."""
    r, g, b = (int(accent[i:i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(v + (255 - v) * amount):02X}" for v in (r, g, b))


# ---------------------------------------------------------------------------------------------
# what was written


@dataclass
class Page:
    section: str  # "cover", "theme:<id>", "timeline", "honours", "source"
    lang: str  # "zh", "en" or "both" (the cover of a bilingual handout)
    header: str = ""


@dataclass
class Handout:
    """What was written: the pages in order (their section and language) and the file."""

    path: Path
    paper: str
    langs: tuple[str, ...]
    pages: list[Page]

    def page_count(self) -> int:
        return len(self.pages)

    def sections(self) -> dict[tuple[str, str], list[int]]:
        """(section, lang) -> the 1-based page numbers it covers."""
        out: dict[tuple[str, str], list[int]] = {}
        for n, page in enumerate(self.pages, 1):
            out.setdefault((page.section, page.lang), []).append(n)
        return out


class Sheet:
    """Lengths and fonts of one paper size: layout units are millimetres on A4 (A3 enlarges them);
    ``k`` device pixels per unit. Qt reads a text format's lengths (margins, paddings, column
    widths) in 1/96 inch of the device, its font pixel sizes and objects in device pixels."""

    def __init__(self, family: str, k: float):
        self.family, self.k = family, k

    def px(self, mm: float) -> float:
        """``mm`` in device pixels (fonts, objects, painting)."""
        return mm * self.k

    def lu(self, mm: float) -> float:
        """``mm`` in a text format's length units (1/96 inch of the device)."""
        return mm * self.k * 96 / DPI

    def font_px(self, pt: float) -> int:
        return max(1, round(pt * PT * self.k))

    def font(self, pt: float, bold: bool = False) -> QFont:
        from PySide6.QtGui import QFont

        f = QFont(self.family)
        f.setPixelSize(self.font_px(pt))
        f.setBold(bold)
        # The font's 'locl' feature swaps digits for glyphs without a character map entry in Latin
        # runs, and Qt then writes no text for them: off, so every number stays extractable.
        f.setFeature(QFont.Tag("locl"), 0)
        f.setFeature(QFont.Tag("liga"), 0)  # "fi" as two letters: searchable as typed
        f.setKerning(True)
        return f


def esc(s: str) -> str:
    return html.escape(s, quote=False)


def span(s: str, pt: float, sheet: Sheet, color: str | None = None, bold: bool = False) -> str:
    style = f"font-size:{sheet.font_px(pt)}px;"
    if color:
        style += f" color:{color};"
    if bold:
        style += " font-weight:bold;"
    return f'<span style="{style}">{esc(s)}</span>'
