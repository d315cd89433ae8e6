"""Start-up measurement: report when a widget's first frame has been painted.

``lusong-kiosk bench`` starts the app (and a bare one-label PySide6 window, the reference) with
``LUSONG_KIOSK_FIRST_FRAME`` set and reads one line from its standard output (wrapped here)::

    LUSONG_KIOSK_FIRST_FRAME wall=<time.time() at the first frame> cpu=<CPU seconds of the process>
        pyqtgraph=<0|1> pydantic=<0|1> phases=<name:ms,...>

``phases`` are the app's start-up steps, each the ms since the one before (see :func:`mark`):
``main`` is when the program's own code begins (``cli.main``; the line carries its clock time,
the benchmark subtracts its spawn time: the interpreter and the first imports), then
``arguments``, ``imports`` (the app's modules), ``logging``, ``content``, ``qt`` (Qt's modules
and the application), ``shell``, ``show`` and ``paint`` (the first paint pass). A bare window
reports none.

(``pyqtgraph=1`` would mean the chart library was loaded before the first frame: it must not be;
``pydantic=1``, that the content or settings were checked: only when they changed since the last
start that checked them, see validated.py.)

``LUSONG_KIOSK_FIRST_FRAME=1`` prints the line and exits at once (the benchmark);
``LUSONG_KIOSK_FIRST_FRAME=keep`` prints it and keeps running (to see start-up time by hand).

The frame counts as painted when the widget has received its first paint event and that paint
pass has ended (a zero timer posted from the paint event fires after it). Standard library only,
so watching costs the measured program nothing it would not load anyway.
"""

from __future__ import annotations

import os
import sys
import time

ENV = "LUSONG_KIOSK_FIRST_FRAME"
PREFIX = "LUSONG_KIOSK_FIRST_FRAME"

_MARKS: list[tuple[str, float]] = []


def mark(name: str) -> None:
    """Start-up step ``name`` ends now (recorded only while the first frame is watched)."""
    if os.environ.get(ENV):
        _MARKS.append((name, time.time()))


def format_line(wall: float, cpu: float) -> str:
    line = (f"{PREFIX} wall={wall:.6f} cpu={cpu:.6f} pyqtgraph={int('pyqtgraph' in sys.modules)}"
            f" pydantic={int('pydantic' in sys.modules)}")
    if _MARKS:
        steps, prev = [], None
        for name, t in [*_MARKS, ("paint", wall)]:
            steps.append(f"{name}:{(t - prev) * 1000 if prev is not None else t:.3f}")
            prev = t
        line += " phases=" + ",".join(steps)
    return line


def _fields(text: str) -> dict[str, str] | None:
    """The ``key=value`` fields of the first-frame line in a program's output, or None."""
    for line in text.splitlines():
        if line.startswith(PREFIX + " "):
            return dict(part.split("=", 1) for part in line.split()[1:] if "=" in part)
    return None


def parse_phases(text: str, spawned: float) -> dict[str, float]:
    """The start-up steps of a program's line in ms, ``main`` as ms from ``spawned`` (time.time()
    when the program was started: the interpreter and the first imports); {} when there are none."""
    fields = _fields(text) or {}
    out: dict[str, float] = {}
    for step in filter(None, fields.get("phases", "").split(",")):
        name, _, value = step.partition(":")
        try:
            out[name] = float(value)
        except ValueError:
            return {}
    if "main" in out:
        out["main"] = (out["main"] - spawned) * 1000.0
    return out


def parse_line(text: str) -> tuple[float, float] | None:
    """(wall, cpu) from a program's output, or None when it has no such line."""
    fields = _fields(text)
    if fields is None:
        return None
    try:
        return float(fields["wall"]), float(fields["cpu"])
    except (KeyError, ValueError):
        return None


def watch(widget) -> bool:  # noqa: ANN001 - a QWidget
    """With ``$LUSONG_KIOSK_FIRST_FRAME`` set, report ``widget``'s first painted frame. True if watching."""
    mode = os.environ.get(ENV, "")
    if not mode:
        return False
    from PySide6.QtCore import QEvent, QObject, QTimer

    def report() -> None:
        sys.stdout.write(format_line(time.time(), time.process_time()) + "\n")
        sys.stdout.flush()
        if mode != "keep":
            os._exit(0)  # the benchmark wants the time, not an orderly shutdown

    class _FirstPaint(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                obj.removeEventFilter(self)
                QTimer.singleShot(0, report)  # after this paint pass
            return False

    hook = _FirstPaint(widget)  # lives as long as the widget
    widget.installEventFilter(hook)
    return True
