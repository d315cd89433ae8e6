"""Fitting a scrolling page to its view: the width its words have, and the first of a few
choices (a title size, a drawing's least height...) at which the laid-out page no longer
scrolls. For screens that should fit one view at the visitor's normal text size (home; the
honours wall in landscape) and let the page scroll only when nothing else helps."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QScrollArea, QWidget

from . import events

T = TypeVar("T")

ROUNDS = 4  # layout passes: a label, its tile, its row, the page


def page_width(scroll: QScrollArea, margin: int) -> int:
    """The width a page in ``scroll`` gives its words: the scroll area's width less the page's
    side margins (``margin`` each) and the room kept for the scroll bar."""
    return scroll.width() - 2 * margin - scroll.verticalScrollBar().sizeHint().width()


def overflow(scroll: QScrollArea) -> int:
    """How many px the page in ``scroll`` runs past its view once the layouts pending now have
    run (0: it fits). Laid out here, synchronously, so that a screen settles within the frame
    that changed it (an export's or a test's shot too), not a few event-loop turns later."""
    # every round: a change reaches the page one layout level at a time (a label, its tile, the
    # row, the page), and a round that leaves the range as it was may still pass one on
    for _ in range(ROUNDS):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    return scroll.verticalScrollBar().maximum()


def view(scroll: QScrollArea) -> QWidget:
    """The area's view, found among its children: a first ``viewport()`` call (typed QWidget) has
    PySide make every QtWidgets class to find the view's own type, ~10 ms of the first frame."""
    return scroll.findChild(QWidget, "qt_scrollarea_viewport") or scroll.viewport()


def slack(scroll: QScrollArea) -> int:
    """How many px of the view the page leaves unused, as laid out now (0 when it scrolls)."""
    page = scroll.widget()
    if page is None:
        return 0
    lay = page.layout()
    port = view(scroll)
    wraps = lay is not None and lay.hasHeightForWidth()
    need = lay.totalHeightForWidth(port.width()) if wraps else page.sizeHint().height()
    return max(0, port.height() - need)


@events.quiet()  # it lays pages out again and again (posted layout requests only): no input
def first_that_fits(choices: Sequence[T], apply: Callable[[T], None], over: Callable[[], int],
                    guess: int | None = None) -> T:
    """Apply ``choices`` in order (the most wanted first) until ``over()`` says the page fits
    (<= 0); the one kept is returned (the last when none fits: the page scrolls then). Always
    from the first, so a page that has room again (another language, a smaller text size)
    gets its most wanted choice back.

    ``guess``: the index of the choice this page took the last time it was fitted with the same
    words at the same size (kept_pictures). Tried first, with the one before it: kept when the
    one before overflows and it fits, else all are tried in order as without it, so a guess
    that is too large or too small (other words, fonts or code) falls back to the full search."""
    if not choices:
        raise ValueError("first_that_fits needs at least one choice")
    if guess is not None and 0 <= guess < len(choices):
        if guess > 0:
            apply(choices[guess - 1])
        if guess == 0 or over() > 0:
            apply(choices[guess])
            if over() <= 0:
                return choices[guess]
    for choice in choices:
        apply(choice)
        if over() <= 0:
            return choice
    return choices[-1]
