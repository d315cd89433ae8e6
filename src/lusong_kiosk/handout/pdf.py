"""Writing the handout PDF: :func:`write_handout` (a QGuiApplication must exist) and the CLI
``export --pdf FILE [--lang zh|en|both] [--paper A4|A3]``."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtCore import QCoreApplication

    from ..content import Exhibition

from .sheet import PAPERS, Handout
from .parts import Writer

log = logging.getLogger(__name__)


def write_handout(exhibition: Exhibition, path: Path, lang: str = "both", paper: str = "A4",
                  family: str | None = None, assets_dir: Path | None = None) -> Handout:
    """Write the handout PDF to ``path``; a QGuiApplication must exist. ``lang``: zh, en or both."""
    if paper not in PAPERS:
        raise ValueError(f"--paper: expected A4 or A3, got {paper!r}")
    if lang not in ("zh", "en", "both"):
        raise ValueError(f"--lang: expected zh, en or both, got {lang!r}")
    if family is None:
        from ..content import default_dirs
        from ..fonts import register_fonts

        family = register_fonts(assets_dir or default_dirs()[1])
    langs = ("zh", "en") if lang == "both" else (lang,)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    w = Writer(exhibition, family, paper, path)
    with w.b.editing():
        w.cover(langs)
        for one in langs:
            for theme in exhibition.themes:
                w.theme(theme, one)
            if exhibition.timeline is not None:
                w.timeline(one)
            if exhibition.honours is not None:
                w.honours(one)
            w.about(one)
    passes = w.b.keep_together()
    with w.b.editing():
        w.fill_contents(langs, w.b.pages())
    passes += w.b.keep_together()
    pages = w.b.pages()
    w.paint(pages)
    del w.pdf  # the file is complete once the writer is gone
    log.info("handout %s: %d pages (%s, %s), %d layout passes", path, len(pages), paper, lang, passes)
    return Handout(path, paper, langs, pages)


def run_handout(args: argparse.Namespace) -> int:
    """The CLI: ``export --pdf FILE [--lang zh|en|both] [--paper A4|A3]``."""
    from ..app import resolve_dirs
    from ..content import ContentError, load
    from ..logs import setup_logging
    from ..settings import load_settings

    setup_logging()
    lang = {"all": "both", None: "both"}.get(args.lang, args.lang)
    try:
        settings = load_settings(None, {"content": getattr(args, "content", None),
                                        "assets": getattr(args, "assets", None)})
        content_dir, assets_dir = resolve_dirs(settings)
        exhibition = load(content_dir, assets_dir, check_font=False)
    except ContentError as err:
        for p in err.problems:
            print(p, file=sys.stderr)
        return 1
    if "PySide6.QtWidgets" not in sys.modules or _app() is None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # never shows a window, needs no display
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    try:
        from ..fonts import register_fonts

        handout = write_handout(exhibition, args.pdf, lang, args.paper, register_fonts(assets_dir))
    except (ValueError, OSError) as exc:
        print(exc, file=sys.stderr)
        return 2
    finally:
        del app
    print(f"{handout.path} ({handout.page_count()} pages, {args.paper}, {lang})")
    return 0


def _app() -> QCoreApplication | None:
    from PySide6.QtWidgets import QApplication

    return QApplication.instance()
