"""The look: palette, type scale and metrics, all scaled with the window.

Sizes are given at 1920x1080 ("design px") and multiplied by ``scale``: the smaller of
width/1920 and height/1080 in landscape, of width/1080 and height/1920 in portrait.
"""

from __future__ import annotations

from dataclasses import dataclass

BG = "#0B1220"
BG_RAISED = "#141E33"
BG_PRESSED = "#22304F"
LINE = "#2A3859"
TEXT = "#EEF2F8"
MUTED = "#9AA8C2"
FAINT = "#6B7894"

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


@dataclass(frozen=True)
class Metrics:
    scale: float
    portrait: bool

    def px(self, design: float) -> int:
        return max(1, round(design * self.scale))

    @property
    def body(self) -> int:
        return self.px(BODY)

    @property
    def small(self) -> int:
        return self.px(SMALL)

    @property
    def heading(self) -> int:
        return self.px(HEADING)

    @property
    def title(self) -> int:
        return self.px(TITLE)

    @property
    def figure(self) -> int:
        return self.px(FIGURE)

    @property
    def target(self) -> int:
        return self.px(TARGET)

    @property
    def gap(self) -> int:
        return self.px(GAP)

    @property
    def margin(self) -> int:
        return self.px(MARGIN)


def metrics_for(width: int, height: int) -> Metrics:
    return Metrics(scale_for(width, height), height > width)


def stylesheet(m: Metrics, family: str) -> str:
    """The application style sheet for metrics ``m`` (re-applied when the window resizes)."""
    return f"""
    QWidget {{ background: transparent; color: {TEXT}; font-family: "{family}"; font-size: {m.body}px; }}
    #Shell {{ background: {BG}; }}
    QLabel {{ background: transparent; }}
    QLabel[role="title"] {{ font-size: {m.title}px; font-weight: bold; }}
    QLabel[role="heading"] {{ font-size: {m.heading}px; font-weight: bold; }}
    QLabel[role="subheading"] {{ font-size: {m.px(36)}px; font-weight: bold; }}
    QLabel[role="cardtitle"] {{ font-size: {m.px(32)}px; font-weight: bold; }}
    QLabel[role="muted"] {{ color: {MUTED}; }}
    QLabel[role="small"] {{ color: {MUTED}; font-size: {m.small}px; }}
    QLabel[role="source"] {{ color: {FAINT}; font-size: {m.small}px; }}
    QScrollArea, QScrollArea > QWidget > QWidget {{ background: transparent; border: none; }}
    QScrollBar:vertical {{ background: transparent; width: {m.px(8)}px; margin: 0; }}
    QScrollBar::handle:vertical {{ background: {LINE}; border-radius: {m.px(4)}px; min-height: {m.px(40)}px; }}
    QScrollBar::add-line, QScrollBar::sub-line, QScrollBar::add-page, QScrollBar::sub-page {{ height: 0; background: none; }}
    QScrollBar:horizontal {{ height: 0; }}
    """
