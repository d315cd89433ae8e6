"""Synthetic visits with known timestamps (local time), written through the real writer's SQL.

The expected figures of the report are spelt out next to the data, by hand.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from lusong_kiosk.analytics import store


def ts(*args: int) -> float:
    """Unix time of a local date and time."""
    return dt.datetime(*args).timestamp()


# (start, length in s or None while running, lang at start, lang at end, [(screen, dwell s)],
#  home taps, timeline events opened, accessibility choices)
VISITS = [
    ((2024, 5, 1, 9, 10), 60, "zh", "zh", [("home", 10), ("theme:industry", 50)],
     ["theme:industry"], [], []),
    ((2024, 5, 1, 9, 40), 240, "zh", "en", [("home", 20), ("timeline", 200), ("honours", 20)],
     ["timeline"], ["first-aero-engine", "airport-site-chosen"], []),
    ((2024, 5, 1, 15, 0), 30, "zh", "zh", [("home", 30)], [], [], []),
    ((2024, 5, 3, 11, 20), 600, "en", "en", [("home", 5), ("theme:industry", 95), ("theme:ecology", 500)],
     ["theme:industry", "theme:ecology"], ["first-aero-engine"], ["large_text=2"]),
    ((2024, 5, 3, 11, 55), None, "zh", "zh", [("home", 15)], [], [], []),  # still running
]

EXPECTED = {
    "visits": 5,
    "per_day": [("2024-05-01", 3), ("2024-05-02", 0), ("2024-05-03", 2)],
    "per_hour": {9: 2, 11: 2, 15: 1},
    "measured": 4,
    "mean": (60 + 240 + 30 + 600) / 4,  # 232.5
    "median": (60 + 240) / 2,  # 30, 60 | 240, 600
    "lang_start": {"zh": 4, "en": 1},
    "lang_end": {"zh": 3, "en": 2},  # the running visit counts in its start language
    "screens": {"home": (5, 80.0), "theme:industry": (2, 145.0), "timeline": (1, 200.0),
                "honours": (1, 20.0), "theme:ecology": (1, 500.0), "theme:opening": (0, 0.0),
                "theme:innovation": (0, 0.0), "theme:livelihood": (0, 0.0)},
    "events": {"first-aero-engine": 2, "airport-site-chosen": 1},
    "home_taps": {"theme:industry": 2, "timeline": 1, "theme:ecology": 1},
    "accessibility_visits": 1,
    "language_switches": 1,
}


def records(visits=VISITS, shift: float = 0.0) -> list[store.Record]:
    """The records the recorder would have queued for ``visits`` (``shift``: seconds added)."""
    out: list[store.Record] = []
    for token, (start, length, lang, lang_end, views, taps, events, a11y) in enumerate(visits, start=1):
        t0 = ts(*start) + shift
        out.append(("visit", token, t0, lang, "kiosk"))
        t = t0
        for screen, dwell in views:
            out.append(("view", token, screen, t, float(dwell)))
            t += dwell
        for i, target in enumerate(taps):
            out.append(("event", token, store.HOME_TAP, target, t0 + 1 + i))
        for i, eid in enumerate(events):
            out.append(("event", token, store.TIMELINE_EVENT, eid, t0 + 2 + i))
        if lang_end != lang:
            out.append(("event", token, store.LANGUAGE, lang_end, t0 + 3))
        for choice in a11y:
            out.append(("event", token, store.ACCESSIBILITY, choice, t0 + 4))
        if length is not None:
            out.append(("end", token, t0 + length, lang_end, bool(a11y)))
    return out


def build_db(path: Path, visits=VISITS, shift: float = 0.0) -> Path:
    conn = store.open_db(path)
    try:
        store.write_batch(conn, records(visits, shift), {})
    finally:
        conn.close()
    return path
