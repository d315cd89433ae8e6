"""Which files the app reads, and a cheap stamp of each (no bytes read). Imports no Qt.

The content files are found here (the loader reads these and no others); the assets are the
ones the content names, which the loader reports as it checks them (``load(reads=...)``). The
start-up cache key (validated.py) and the live update's watch (live.py) look at exactly these:
a stray video or a folder of 100,000 files next to them costs nothing.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path

from .fontcheck import FONT_FILES

CONTENT_FILES = ("exhibition.toml", "timeline.toml", "honours.toml")
FONT_PATHS = tuple(f"fonts/{name}" for name in FONT_FILES)  # inside assets/

Stamp = tuple[int, int, int]  # file type and mode, size, mtime (ns); (0, -1, -1): missing


def default_dirs() -> tuple[Path, Path]:
    """content/ and assets/ of this checkout (the repository root above src/), or, in the frozen
    program (PyInstaller, packaging/), the folders beside the executable, where a curator edits them."""
    if getattr(sys, "frozen", False):  # set by PyInstaller's bootloader only, absent otherwise
        root = Path(sys.executable).resolve().parent
    else:
        root = Path(__file__).resolve().parents[3]
    return root / "content", root / "assets"


def is_hidden(name: str) -> bool:
    """Hidden files are editor locks and temp copies (Emacs .#01-x.toml), never content."""
    return name.startswith(".")


def theme_files(content_dir: Path) -> list[Path]:
    """themes/*.toml in name order (hidden ones left out)."""
    folder = Path(content_dir) / "themes"
    try:
        names = sorted(e.name for e in os.scandir(folder) if e.name.endswith(".toml") and not is_hidden(e.name))
    except OSError:  # no folder (reported by the loader), or not readable
        return []
    return [folder / n for n in names]


def content_files(content_dir: Path) -> list[Path]:
    """Every content file the loader reads, present or not."""
    return [Path(content_dir) / n for n in CONTENT_FILES] + theme_files(content_dir)


def stamp(path: Path | str) -> Stamp:
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return (0, -1, -1)
    return (st.st_mode, st.st_size, st.st_mtime_ns)


def stamps(paths: Iterable[Path | str]) -> dict[str, Stamp]:
    return {str(p): stamp(p) for p in paths}
