"""The shell: one window holding the top bar and the stage of screens, with eased slides,
swipes between themes and recovery from a failing screen (``shell.py``); the screens after home
are built once the first frame is up (``build.py``)."""

from .build import build_all, build_later, deferred
from .shell import Shell
from .stage import Snapshot, Stage
from .swipe import INPUT, SwipeFilter
from .top_bar import Dots, TopBar

__all__ = ["INPUT", "Dots", "Shell", "Snapshot", "Stage", "SwipeFilter", "TopBar", "build_all",
           "build_later", "deferred"]
