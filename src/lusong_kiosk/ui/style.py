"""The look: palette, type scale and metrics, all scaled with the window.

Sizes are given at 1920x1080 ("design px") and multiplied by ``scale``: the smaller of
width/1920 and height/1080 in landscape, of width/1080 and height/1920 in portrait. Type sizes
are also multiplied by the visitor's text size (``Metrics.text``, the accessibility panel), and
the palette can be switched to high contrast (:func:`set_palette`).
"""

from __future__ import annotations

import colorsys
from dataclasses import dataclass

# The current palette. Code reads these names at the moment it styles a widget (``style.BG``), so
# :func:`set_palette` followed by ``Shell.apply_metrics(force=True)`` restyles every screen.
BG = "#0B1220"
BG_RAISED = "#141E33"
BG_PRESSED = "#22304F"
LINE = "#2A3859"
TEXT = "#EEF2F8"
MUTED = "#9AA8C2"
FAINT = "#8A97B2"  # 5.7:1 on a card, 6.4:1 on the page (WCAG AA: 4.5)
BORDER = 2  # design px of a button's or tile's outline
HIGH_CONTRAST = False

PALETTES = {
    "normal": dict(BG=BG, BG_RAISED=BG_RAISED, BG_PRESSED=BG_PRESSED, LINE=LINE, TEXT=TEXT, MUTED=MUTED,
                   FAINT=FAINT, BORDER=2, HIGH_CONTRAST=False),
    # pure black, white text, light grey secondary text, white outlines twice as thick
    "contrast": dict(BG="#000000", BG_RAISED="#000000", BG_PRESSED="#333333", LINE="#FFFFFF", TEXT="#FFFFFF",
                     MUTED="#E6E6E6", FAINT="#D0D0D0", BORDER=4, HIGH_CONTRAST=True),
}


def set_palette(high_contrast: bool) -> None:
    """Switch the module's colours (then re-apply the style: ``Shell.apply_metrics(force=True)``)."""
    globals().update(PALETTES["contrast" if high_contrast else "normal"])


def accent(color: str) -> str:
    """A theme's accent as drawn now: unchanged, or in high contrast as bright as it can be
    while keeping its hue (lightness >= 0.68, full saturation)."""
    if not HIGH_CONTRAST or not color.startswith("#") or len(color) != 7:
        return color
    r, g, b = (int(color[i:i + 2], 16) / 255 for i in (1, 3, 5))
    h, lum, s = colorsys.rgb_to_hls(r, g, b)
    r, g, b = colorsys.hls_to_rgb(h, max(lum, 0.68), 1.0 if s > 0.05 else s)
    return "#" + "".join(f"{round(v * 255):02X}" for v in (r, g, b))


# design sizes (px at 1920x1080)
BODY = 28
SMALL = 22
HEADING = 56
TITLE = 84
FIGURE = 96
TARGET = 72  # touch target height (>= 64)
GAP = 24
MARGIN = 48


def scale_for(width: int, height: int) -> float:
    if width >= height:
        s = min(width / 1920, height / 1080)
    else:
        s = min(width / 1080, height / 1920)
    return max(0.5, s)


TEXT_STEPS = (1.0, 1.25, 1.5)  # the accessibility panel's text sizes


@dataclass(frozen=True)
class Metrics:
    """The sizes of one window: its scale, its orientation and the visitor's text size."""

    scale: float
    portrait: bool
    text: float = 1.0  # the visitor's text size (accessibility): multiplies every type size

    def px(self, design: float) -> int:
        """A length (spacing, line, icon) in device px."""
        return max(1, round(design * self.scale))

    def fpx(self, design: float) -> int:
        """A type size in device px: scaled with the screen and the visitor's text size. Larger
        text helps small type most: sizes up to 36 design px grow fully, larger ones less."""
        grow = (self.text - 1) * min(1.0, 36 / design) if design > 0 else 0.0
        return max(1, round(design * self.scale * (1 + grow)))

    @property
    def body(self) -> int:
        return self.fpx(BODY)

    @property
    def small(self) -> int:
        return self.fpx(SMALL)

    @property
    def heading(self) -> int:
        return self.fpx(HEADING)

    @property
    def title(self) -> int:
        return self.px(TITLE)  # the exhibition's name, already large: one line at every text size

    @property
    def figure(self) -> int:
        return self.fpx(FIGURE)

    @property
    def target(self) -> int:
        # touch targets grow with larger text too, a little less than the text
        return self.px(TARGET * (1 + (self.text - 1) * 0.6))

    @property
    def gap(self) -> int:
        return self.px(GAP)

    @property
    def margin(self) -> int:
        return self.px(MARGIN)


def metrics_for(width: int, height: int, text: float = 1.0) -> Metrics:
    return Metrics(scale_for(width, height), height > width, text)


def apply_sheet(w, css: str) -> None:  # noqa: ANN001 - a QWidget
    """Give ``w`` the app's style sheet ``css`` followed by its own rules (``own_sheet``); set
    only when it changes (a style sheet costs a re-polish of ``w`` and all it contains)."""
    full = css + (w.property("own_css") or "")
    if w.styleSheet() != full:
        w.setStyleSheet(full)


def own_sheet(w, ctx, rules: str) -> None:  # noqa: ANN001 - a QWidget, a UiContext
    """Rules of ``w`` itself (its background, say) kept after the app's sheet whenever that is
    applied again (a direct child of the window: see ``Shell.apply_metrics``)."""
    w.setProperty("own_css", rules)
    apply_sheet(w, ctx.css)


def stylesheet(m: Metrics, family: str) -> str:
    """The application style sheet for metrics ``m``. It is set on each part of the window
    (the top bar, each screen, each overlay), never on the window itself: a sheet on the window
    re-polished every widget of every built screen at each text-size or contrast change (0.34-0.5
    s at 4K); now the screen on show is restyled at once and the hidden ones in quiet moments."""
    return f"""
    QWidget {{ background: transparent; color: {TEXT}; font-family: "{family}"; font-size: {m.body}px; }}
    QLabel {{ background: transparent; }}
    QLabel[role="title"] {{ font-size: {m.title}px; font-weight: bold; }}
    QLabel[role="heading"] {{ font-size: {m.heading}px; font-weight: bold; }}
    QLabel[role="subheading"] {{ font-size: {m.fpx(36)}px; font-weight: bold; }}
    QLabel[role="cardtitle"] {{ font-size: {m.fpx(32)}px; font-weight: bold; }}
    QLabel[role="muted"] {{ color: {MUTED}; }}
    QLabel[role="small"] {{ color: {MUTED}; font-size: {m.small}px; }}
    QLabel[role="source"] {{ color: {FAINT}; font-size: {m.small}px; }}
    QScrollArea, QScrollArea > QWidget > QWidget {{ background: transparent; border: none; }}
    QScrollBar:vertical {{ background: transparent; width: {m.px(8)}px; margin: 0; }}
    QScrollBar::handle:vertical {{ background: {LINE}; border-radius: {m.px(4)}px; min-height: {m.px(40)}px; }}
    QScrollBar::add-line, QScrollBar::sub-line,
    QScrollBar::add-page, QScrollBar::sub-page {{ height: 0; background: none; }}
    QScrollBar:horizontal {{ height: 0; }}
    """
