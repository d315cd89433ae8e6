"""Python's garbage collector, tuned for an app that builds everything once and then runs for
months.

A full collection walks every object the interpreter holds: once all screens are built that is
~90,000 objects and 38 ms on the 2-core kiosk PC -- two dropped frames whenever Python decides
to run one, in the middle of a visitor's swipe. :func:`settle` collects once and then
*freezes* what is left (``gc.freeze``): the built screens, fonts, content and Qt wrappers stay
out of later collections, which then see only what changed since (a full one: under 1 ms).
It is called when nobody is watching: after the screens are built, after a live content update
and at each kiosk idle reset (when garbage among frozen objects -- a replaced screen -- is
collected too, since everything is unfrozen first).
"""

from __future__ import annotations

import gc
import logging
import time

log = logging.getLogger(__name__)


def settle() -> float:
    """Unfreeze, collect every generation, freeze what survived; returns the ms it took."""
    t = time.perf_counter()
    gc.unfreeze()
    found = gc.collect()
    gc.freeze()
    ms = (time.perf_counter() - t) * 1000.0
    log.debug("heap settled: %d unreachable objects collected, %d frozen, %.1f ms", found,
              gc.get_freeze_count(), ms)
    return ms
