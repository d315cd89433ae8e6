"""The timeline screen: a zoomable, segmented axis of the decade's events.

``screen`` is the screen (chips, overlays, steps); ``view`` the canvas and its state, with
``input`` (drag, fling, pinch, wheel, tap), ``reading`` (reading scale, start view) and ``access``
(accessible stand-ins of the cards) as its parts; ``axis`` the Qt-free arithmetic of the segmented
axis; ``items`` what the canvas draws; ``panels`` the chip bar and overlays.
"""
from .screen import TimelineScreen

__all__ = ["TimelineScreen"]
