"""Guard against PySide6 6.12.0's lost reference to None (see docs: QT-NOTES, pyproject).

On Python 3.11, PySide6 6.12.0 drops a reference to ``None`` on every Qt call that returns
nothing: 1,000 ``setObjectName`` calls lower ``sys.getrefcount(None)`` by exactly 1,000 and the
interpreter aborts ("Fatal Python error: none_dealloc") once it reaches zero; an animated chart
dies within a second. 6.11.3 is fine; Python 3.12+ hides it (None is immortal there).
"""

from __future__ import annotations

import sys

import PySide6
import pytest
from PySide6.QtCore import QObject


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split(".")[:3] if part.isdigit())


def test_pyside6_version_is_the_pinned_range() -> None:
    version = _version(PySide6.__version__)
    assert version >= (6, 11, 3), (
        f"PySide6 {PySide6.__version__} is older than the tested 6.11.3: "
        "reinstall with `pip install -e .` (pyproject pins PySide6-Essentials>=6.11.3,<6.12)")
    assert version < (6, 12), (
        f"PySide6 {PySide6.__version__}: 6.12.0 loses a reference to None on every void Qt call on "
        "Python 3.11 and aborts the app (none_dealloc). Stay on 6.11.x until a fixed release is "
        "verified with test_void_qt_calls_keep_none_refcount, then widen the pin in pyproject.toml.")


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal on Python 3.12+")
def test_void_qt_calls_keep_none_refcount() -> None:
    obj = QObject()
    name = "guard"
    calls = range(1000)
    obj.setObjectName(name)  # warm up: first-call caches
    before = sys.getrefcount(None)
    for _ in calls:
        obj.setObjectName(name)
    after = sys.getrefcount(None)
    # The bug moves it by exactly -1000; anything else here is noise from the interpreter.
    assert abs(after - before) < 100, (
        f"1,000 QObject.setObjectName calls changed sys.getrefcount(None) by {after - before}: "
        f"this PySide6 ({PySide6.__version__}) leaks or loses references to None")
