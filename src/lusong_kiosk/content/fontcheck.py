"""Which characters the bundled font can draw, read from its cmap with fontTools (no Qt)."""

from __future__ import annotations

import functools
import os
import stat
from pathlib import Path

FONT_FILES = ("NotoSansSC-Regular-subset.otf", "NotoSansSC-Bold-subset.otf")
# Characters that are layout, not glyphs.
_IGNORED = {"\n", "\r", "\t", "\u200b", "\u200c", "\u200d", "\ufe0f"}


class FontUnreadable(Exception):
    """A bundled font file is missing or cannot be read; ``path`` names it."""

    def __init__(self, path: Path, why: str):
        self.path = path
        self.why = why
        super().__init__(f"{path}: {why}")


@functools.lru_cache(maxsize=8)
def _cmap(real_path: str, mtime_ns: int, size: int) -> frozenset[int]:
    """Code points of one font file (cached per file and version, not per folder)."""
    from fontTools.ttLib import TTFont

    try:
        with TTFont(real_path, lazy=True) as font:
            return frozenset(font.getBestCmap() or ())
    except Exception as exc:  # noqa: BLE001 - fontTools raises many kinds on a damaged file
        raise FontUnreadable(Path(real_path), f"not a readable font ({exc})") from None


def covered(assets_dir: Path) -> frozenset[int]:
    """Code points present in every bundled face (Regular and Bold).

    Raises FontUnreadable when a face is missing or damaged.
    """
    keys = []
    for name in FONT_FILES:
        path = Path(assets_dir) / "fonts" / name
        try:
            real = os.path.realpath(path)
            st = os.stat(real)
        except OSError:
            raise FontUnreadable(path, "font file not found") from None
        if not stat.S_ISREG(st.st_mode):  # a named pipe would block the font reader forever
            raise FontUnreadable(path, "not a regular file (a folder, a named pipe or a device)")
        keys.append((real, st.st_mtime_ns, st.st_size))
    return _intersection(tuple(keys))


@functools.lru_cache(maxsize=8)
def _intersection(keys: tuple[tuple[str, int, int], ...]) -> frozenset[int]:
    return frozenset.intersection(*(_cmap(*key) for key in keys))


def missing_glyphs(text: str, assets_dir: Path | frozenset[int]) -> list[str]:
    """Characters of ``text`` the bundled font cannot draw (each once, in order).

    ``assets_dir`` may also be the result of :func:`covered` (faster for many texts).
    Raises FontUnreadable when a face is missing or damaged.
    """
    cmap = assets_dir if isinstance(assets_dir, frozenset) else covered(assets_dir)
    seen: dict[str, None] = {}  # ordered and O(1): a long text of distinct characters stays fast
    for ch in text:
        if ch not in _IGNORED and ord(ch) not in cmap:
            seen[ch] = None
    return list(seen)
