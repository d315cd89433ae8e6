"""Python's garbage collector, tuned for an app that builds everything once and then runs for
months.

A full collection walks every object the interpreter holds: once all screens are built that is
tens of thousands of objects, long enough on the 2-core kiosk PC to drop frames whenever Python
decides to run one, in the middle of a visitor's swipe. :func:`settle` collects once and then
*freezes* what is left (``gc.freeze``): the built screens, fonts, content and Qt wrappers stay
out of later collections, which then see only what changed since.
It is called when nobody is watching: after the screens are built, after a live content update
and at each kiosk idle reset (when garbage among frozen objects -- a replaced screen -- is
collected too, since everything is unfrozen first).

It also hands the memory the C allocator holds free back to the system (glibc's
``malloc_trim``): the kept pictures of text (``ui/paint_cache.KEPT``) come and go as visitors
move between languages and screens, and glibc keeps what they freed for reuse, so the resident
size wandered from one reading to the next and said little about what the app holds. Trimmed, it
follows what the app holds, and a slow leak shows (README, "Performance").
"""

from __future__ import annotations

import gc
import logging
import sys
import time

log = logging.getLogger(__name__)


def settle() -> float:
    """Unfreeze, collect every generation, freeze what survived, give free memory back;
    returns the ms it took."""
    t = time.perf_counter()
    gc.unfreeze()
    found = gc.collect()
    gc.freeze()
    tune_allocator()
    trim()
    ms = (time.perf_counter() - t) * 1000.0
    log.debug("heap settled: %d unreachable objects collected, %d frozen, %.1f ms", found,
              gc.get_freeze_count(), ms)
    return ms


_malloc_trim = None  # glibc's malloc_trim, once looked up (False: not available here)


def trim() -> bool:
    """Give the memory the C allocator holds free back to the system; False where there is no
    glibc (other platforms keep their allocator's own policy)."""
    global _malloc_trim
    if _malloc_trim is None:
        _malloc_trim = False
        if sys.platform.startswith("linux"):
            import ctypes

            try:
                libc = ctypes.CDLL("libc.so.6")  # glibc's name (musl has none, nor malloc_trim)
                _malloc_trim = libc.malloc_trim
                _malloc_trim.argtypes = [ctypes.c_size_t]
                _malloc_trim.restype = ctypes.c_int
            except (OSError, AttributeError):
                log.debug("no malloc_trim here: free memory stays with the allocator")
    if not _malloc_trim:
        return False
    _malloc_trim(0)
    return True



M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter (malloc.h)
MMAP_THRESHOLD = 128 << 10  # glibc's own starting value
_tuned: bool | None = None  # None: not tried yet


def tune_allocator() -> bool:
    """Keep the C allocator giving big blocks back as soon as they are freed (glibc; False
    elsewhere); once per process, from the first :func:`settle` (after the first frame: ctypes
    is not imported before it).

    The pictures Qt paints into and drops (kept text, a chart's still) are blocks of 0.1-8 MB.
    glibc serves such a block from a memory map of its own and unmaps it when freed -- but
    once one is freed, it raises that threshold to the freed block's size (up to 32 MB), and
    the next ones come from the heap, which keeps them after they are freed: between two
    settles the resident memory stood well above what the app held, and its peak with it.
    Fixed at glibc's starting value, the threshold no longer moves. The price: every such
    block is a fresh map the system fills with zeros, so a picture needed at every
    navigation is kept and written over instead (the transition's snapshot, ui/shell/stage.py)."""
    global _tuned
    if _tuned is None:
        _tuned = False
        if sys.platform.startswith("linux"):
            import ctypes

            try:
                mallopt = ctypes.CDLL("libc.so.6").mallopt
                mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
                mallopt.restype = ctypes.c_int
                _tuned = bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD))
            except (OSError, AttributeError):
                log.debug("no mallopt here: the allocator keeps its own policy")
    return _tuned
