"""Register the bundled Chinese font (a Noto Sans CJK SC subset) with Qt, once per process.

The subset carries a family name of its own, "Lusong Sans SC" (``tools/subset_font.py`` renames
it): under Noto's name a machine with Debian's fonts-noto-cjk installed would have two fonts of
one family, and Qt would pick either -- the screens' look, and the handout's embedded font and
text maps, would then depend on the machine.

Call :func:`register_fonts` after the QGuiApplication exists and use the family it returns.
It never raises: a missing or damaged font file is logged and a fallback family is returned,
so the exhibition still opens (with the system's font) instead of crashing in front of visitors.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtGui import QFontDatabase

from .content.limits import regular_file_problem

log = logging.getLogger(__name__)

FAMILY = "Lusong Sans SC"  # the bundled subset's own family (tools/subset_font.py)
FONT_FILES = ("NotoSansSC-Regular-subset.otf", "NotoSansSC-Bold-subset.otf")
FALLBACK_FAMILY = "sans-serif"  # used only if Qt cannot name the system's general font

# Resolved font file -> the family Qt registered it under (each file is added once per process).
_registered: dict[Path, str] = {}


def _add(path: Path) -> str | None:
    """Register one font file; its family, or None (logged) when it cannot be used."""
    try:
        real = path.resolve(strict=True)
    except OSError:
        log.error("font file missing: %s (the text falls back to the system font)", path)
        return None
    if real in _registered:
        return _registered[real]
    why = regular_file_problem(real)  # Qt would block for good reading a named pipe
    if why is not None:
        log.error("font file %s: %s (the text falls back to the system font)", path, why)
        return None
    font_id = QFontDatabase.addApplicationFont(str(real))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id != -1 else []
    if not families:
        log.error("font file could not be loaded: %s (the text falls back to the system font)", path)
        return None
    if FAMILY not in families:
        log.warning("font file %s has families %s, expected %r", path, families, FAMILY)
    family = FAMILY if FAMILY in families else families[0]
    _registered[real] = family
    log.info("registered font %s as %r", real.name, family)
    return family


def fallback_family() -> str:
    """The system's general font: Qt's font matching then finds Chinese glyphs where it can."""
    try:
        family = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont).family()
    except Exception:  # never fail the start-up over a font name
        log.exception("could not ask Qt for the system font")
        family = ""
    return family or FALLBACK_FAMILY


def register_fonts(assets_dir: Path) -> str:
    """Register the Regular and Bold faces under ``assets_dir/fonts``; return the family to use.

    Needs a QGuiApplication. Idempotent. Never raises.
    """
    try:
        regular, _bold = (_add(Path(assets_dir) / "fonts" / name) for name in FONT_FILES)
    except Exception:
        log.exception("registering the bundled fonts failed")
        regular = None
    return regular if regular is not None else fallback_family()
