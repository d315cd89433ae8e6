"""What the soak's monkey sends (devtools/soak.py): the input sequence, made from the seed alone
(never from what the app did), so the same seed sends the same input; and its hash, reported
with the run so that two runs can be told to have sent the same thing."""

from __future__ import annotations

import hashlib
import random
from typing import Any

SIZES = [(1920, 1080), (1366, 768), (1080, 1920), (3840, 2160)]

# (key name, modifiers) -- names of Qt.Key members; modifiers among "ctrl", "alt", "shift"
PRESENTER_KEYS = ["Key_Right", "Key_Left", "Key_Down", "Key_Up", "Key_PageDown", "Key_PageUp", "Key_Space",
                  "Key_Return", "Key_Backspace", "Key_Home", "Key_End", "Key_1", "Key_2", "Key_3", "Key_4",
                  "Key_5", "Key_0", "Key_T", "Key_H", "Key_B", "Key_Period", "Key_W", "Key_L", "Key_N",
                  "Key_F", "Key_F1", "Key_P", "Key_R", "Key_A", "Key_Z", "Key_Plus", "Key_Minus"]
FORBIDDEN = [("Key_Escape", ()), ("Key_F4", ("alt",)), ("Key_Q", ("ctrl",)), ("Key_W", ("ctrl",)),
             ("Key_F11", ()), ("Key_Tab", ("alt",)), ("close", ())]
# keys that quit outside kiosk mode: left out there (the run would end)
QUITTING = {"demo": {("Key_Escape", ()), ("Key_Q", ("ctrl",)), ("close", ())},
            "presenter": {("Key_Q", ("ctrl",)), ("close", ())}}

WEIGHTS = [("tap", 18), ("touch_tap", 14), ("swipe", 10), ("drag", 5), ("fling", 6), ("pinch", 6),
           ("wheel", 3), ("key", 14), ("forbidden", 6), ("language", 2), ("topbar", 6), ("resize", 1),
           ("wait", 6), ("pause", 2)]


def _r(x: float) -> float:
    return round(x, 4)


def make_events(n: int, seed: int, mode: str) -> list[tuple[Any, ...]]:
    """The input sequence: plain tuples of numbers and names, depending on the seed only."""
    rng = random.Random(seed)
    kinds = [k for k, _ in WEIGHTS]
    weights = [w for _, w in WEIGHTS]
    forbidden = [f for f in FORBIDDEN if f not in QUITTING.get(mode, set())]
    out: list[tuple[Any, ...]] = []
    for _ in range(n):
        kind = rng.choices(kinds, weights)[0]
        if kind in ("tap", "touch_tap"):
            ev: tuple[Any, ...] = (kind, _r(rng.random()), _r(rng.random()))
        elif kind in ("swipe", "drag", "fling"):
            ev = (kind, _r(rng.uniform(0.1, 0.9)), _r(rng.uniform(0.15, 0.9)), _r(rng.uniform(-0.6, 0.6)),
                  _r(rng.uniform(-0.3, 0.3)), rng.randint(3, 10))
        elif kind == "pinch":
            ev = (kind, _r(rng.uniform(0.3, 0.7)), _r(rng.uniform(0.3, 0.7)), _r(rng.uniform(0.02, 0.2)),
                  _r(rng.uniform(0.02, 0.3)), rng.randint(2, 6))
        elif kind == "wheel":
            ev = (kind, _r(rng.random()), _r(rng.random()), rng.choice([-240, -120, 120, 240]),
                  rng.random() < 0.3)
        elif kind == "key":
            ev = (kind, rng.choice(PRESENTER_KEYS), ("shift",) if rng.random() < 0.1 else ())
        elif kind == "forbidden":
            ev = (kind, *rng.choice(forbidden)) if forbidden else ("wait", 10)
        elif kind == "language":
            ev = (kind,)
        elif kind == "topbar":
            ev = (kind, rng.choice(["home", "back", "access", "dot"]), rng.randint(0, 9))
        elif kind == "resize":
            ev = (kind, *rng.choice(SIZES))
        elif kind == "wait":
            ev = (kind, rng.randint(5, 60))
        else:
            ev = ("pause", rng.randint(0, 150))
        out.append(ev)
    return out


def sequence_hash(events: list[tuple[Any, ...]]) -> str:
    h = hashlib.sha256()
    for ev in events:
        h.update(repr(ev).encode())
        h.update(b"\n")
    return h.hexdigest()
