"""`lusong-kiosk export`: render every screen to PNG offscreen, with animations finished.

Files are named ``<screen>-<lang>-<W>x<H>.png`` (e.g. ``theme-industry-en-1920x1080.png``).
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: Qt is imported when the export runs
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QApplication

    from .ui.shell import Shell

log = logging.getLogger(__name__)


def parse_sizes(text: str) -> list[tuple[int, int]]:
    sizes = []
    for part in text.split(","):
        m = re.fullmatch(r"\s*(\d{3,5})x(\d{3,5})\s*", part)
        if not m:
            raise ValueError(f"--size: expected WIDTHxHEIGHT such as 1920x1080, got {part!r}")
        sizes.append((int(m.group(1)), int(m.group(2))))
    return sizes


def screen_targets(shell: Shell) -> list[str]:
    return ["home", *(f"theme:{t.id}" for t in shell.ctx.exhibition.themes), "timeline", "honours"]


def file_name(target: str, lang: str, w: int, h: int) -> str:
    return f"{target.replace(':', '-')}-{lang}-{w}x{h}.png"


def render(shell: Shell, target: str) -> QImage | None:
    """The whole window showing ``target`` in its final state, as a QImage (None on failure)."""
    from PySide6.QtWidgets import QApplication

    if not shell.go(target, push=False, animate=False):
        return None
    QApplication.processEvents()
    shell.finish_all()
    QApplication.processEvents()
    return shell.grab().toImage()


def export_screens(shell: Shell, out: Path, sizes: list[tuple[int, int]], langs: list[str],
                   targets: list[str] | None = None) -> tuple[list[Path], list[str]]:
    from PySide6.QtWidgets import QApplication

    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    failed: list[str] = []
    for w, h in sizes:
        shell.resize(w, h)
        QApplication.processEvents()
        for lang in langs:
            shell.set_language(lang)
            for target in targets or screen_targets(shell):
                image = render(shell, target)
                path = out / file_name(target, lang, w, h)
                if image is None or not image.save(str(path)):
                    failed.append(path.name)
                    continue
                written.append(path)
    return written, failed


def run_export(args: argparse.Namespace) -> int:
    from .app import build_shell
    from .content import ContentError
    from .logs import setup_logging
    from .settings import load_settings

    setup_logging()
    try:
        sizes = parse_sizes(args.export_size)
        settings = load_settings(None, {"content": args.content, "assets": args.assets, "reduce_motion": True})
        if running_app() is None:
            os.environ["QT_QPA_PLATFORM"] = "offscreen"  # never show a window
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance() or QApplication(sys.argv[:1])
        shell = build_shell(settings)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    except ContentError as err:
        for p in err.problems:
            print(p, file=sys.stderr)
        return 1
    shell.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    shell.show()
    langs = ["zh", "en"] if args.lang in ("all", "both") else [args.lang]
    written, failed = export_screens(shell, args.out, sizes, langs)
    for path in written:
        print(path)
    for name in failed:
        print(f"failed: {name} (see the log)", file=sys.stderr)
    shell.close()
    del app
    return 1 if failed else 0


def running_app() -> QApplication | None:
    """The QApplication when Qt is loaded and one exists (importing Qt only to ask would not do)."""
    if "PySide6.QtWidgets" not in sys.modules:
        return None
    from PySide6.QtWidgets import QApplication

    return QApplication.instance()
