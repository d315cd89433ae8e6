"""Content: files -> a validated, immutable Exhibition (records, model.py). Imports no Qt.

``load`` checks every file (loader.py, with pydantic); importing this package does not import
pydantic, so a start that finds its content already checked (validated.py) never does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .files import default_dirs
from .model import Chart, Event, Exhibition, Figure, Honour, Story, Text, Theme
from .problems import ContentError, Problem

if TYPE_CHECKING:
    from .loader import load

__all__ = ["Chart", "ContentError", "Event", "Exhibition", "Figure", "Honour", "Problem", "Story",
           "Text", "Theme", "default_dirs", "load"]


def __getattr__(name: str) -> Any:
    if name == "load":  # imports pydantic: only when files are to be checked
        from .loader import load

        return load
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
