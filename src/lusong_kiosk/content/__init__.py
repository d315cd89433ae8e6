"""Content: files -> a validated, immutable Exhibition model. Imports no Qt."""

from .load import default_dirs, load
from .model import Chart, Event, Exhibition, Figure, Honour, Story, Text, Theme
from .problems import ContentError, Problem

__all__ = ["Chart", "ContentError", "Event", "Exhibition", "Figure", "Honour", "Problem", "Story",
           "Text", "Theme", "default_dirs", "load"]
