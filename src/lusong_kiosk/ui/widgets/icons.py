"""Icons and pictures from assets/: SVGs checked, rendered and tinted; a file that breaks while
the kiosk runs keeps its last good picture."""

from __future__ import annotations

import functools
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap

from .. import style
from .kept_pictures import PICTURES

if TYPE_CHECKING:  # QtSvg is imported when a picture is drawn, not when it was kept (kept_pictures)
    from PySide6.QtSvg import QSvgRenderer

log = logging.getLogger(__name__)


PLACEHOLDER = "images/placeholder.svg"


def checked_renderer(path: str) -> QSvgRenderer:
    """A renderer of the file's bytes, read once and checked (content/limits.py: no named pipe,
    no <use> bomb, no entity, no outside file): what passed ``check`` is what is drawn. An
    exception says why not."""
    from PySide6.QtCore import QByteArray
    from PySide6.QtSvg import QSvgRenderer

    from ...content.limits import MAX_SVG_BYTES, read_regular, svg_data_problem

    raw = read_regular(path, MAX_SVG_BYTES)  # Refused (an Exception) for a pipe or a huge file
    why = svg_data_problem(raw)
    if why:
        raise ValueError(why)
    renderer = QSvgRenderer(QByteArray(raw))
    if not renderer.isValid():
        raise ValueError(f"not a valid SVG: {path}")
    return renderer


@functools.lru_cache(maxsize=64)
def kept_renderer(path: str, nbytes: int, mtime_ns: int) -> QSvgRenderer:
    """``checked_renderer`` of one version of a file (path, size and mtime), read and parsed once
    for all the sizes it is drawn at and for its proportions."""
    return checked_renderer(path)


def svg_size(path: Path) -> tuple[int, int]:
    """The SVG's own size (width, height), as kept from an earlier start (kept_pictures) or read
    from the file (checked, as for drawing it); an exception says why not."""
    st = path.stat()
    file = (str(path), st.st_size, st.st_mtime_ns)
    size = PICTURES.size(file)
    if size is None:
        own = kept_renderer(*file).defaultSize()
        size = (own.width(), own.height())
        PICTURES.sized(file, size)
    return size


@functools.lru_cache(maxsize=256)
def _render_svg(path: str, nbytes: int, mtime_ns: int, w: int, h: int, color: str) -> QPixmap:
    """One version of a file (path, size and mtime: a replaced picture is drawn again), centred
    and as large as fits w x h; tinted ``color`` (its shapes and opacities kept) unless empty."""
    key = (path, nbytes, mtime_ns, w, h, color)
    img = PICTURES.image(key)
    if img is None:
        img = _draw_svg(*key)
        PICTURES.drawn(key, img)
    return QPixmap.fromImage(img)


def _draw_svg(path: str, nbytes: int, mtime_ns: int, w: int, h: int, color: str) -> QImage:
    renderer = kept_renderer(path, nbytes, mtime_ns)
    img = QImage(w, h, QImage.Format.Format_ARGB32_Premultiplied)
    img.fill(Qt.GlobalColor.transparent)
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    size = renderer.defaultSize()
    sw, sh = max(1, size.width()), max(1, size.height())
    k = min(w / sw, h / sh)
    renderer.render(p, QRectF((w - sw * k) / 2, (h - sh * k) / 2, sw * k, sh * k))
    if color:
        p.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
        p.fillRect(img.rect(), QColor(color))
    p.end()
    return img


def svg_pixmap(path: Path, px: int, color: str, height: int | None = None) -> QPixmap:
    """The SVG at ``path`` rendered into px x px (px x ``height`` when given), cached per version
    of the file, or an exception saying why not."""
    st = path.stat()  # FileNotFoundError for a deleted file
    return _render_svg(str(path), st.st_size, st.st_mtime_ns, px, px if height is None else height, color)


# The last picture drawn for each (file, size, tint): the last good state of the assets. A file
# deleted or broken while the kiosk runs keeps showing this instead of a placeholder.
_last_good: dict[tuple[str, int, str], QPixmap] = {}
LAST_GOOD_MAX = 256


def keep_last_good(key: tuple[str, int, str], draw) -> QPixmap | None:  # noqa: ANN001 - a callable returning a QPixmap
    """``draw()``'s pixmap, remembered under ``key``; when it fails (logged), the one remembered."""
    try:
        pm = draw()
    except Exception as exc:  # noqa: BLE001 - a broken or missing file must not take a screen down
        kept = _last_good.get(key)
        log.warning("picture %s unavailable (%s); showing %s", key[0], exc,
                    "its last good version" if kept is not None else "a placeholder")
        return kept
    _last_good.pop(key, None)
    _last_good[key] = pm  # newest last: the oldest go first
    while len(_last_good) > LAST_GOOD_MAX:
        del _last_good[next(iter(_last_good))]
    return pm


def icon_pixmap(assets_dir: Path, rel: str | None, px: int, color: str = style.TEXT) -> QPixmap:
    """An SVG from assets/ as a tinted pixmap; its last good version, or a neutral placeholder
    (and a log line), if it cannot be drawn now."""
    if rel:
        pm = keep_last_good((rel, px, color), lambda: svg_pixmap(Path(assets_dir) / rel, px, color))
        if pm is not None:
            return pm
    try:
        return svg_pixmap(Path(assets_dir) / PLACEHOLDER, px, "")
    except Exception:  # noqa: BLE001 - no placeholder either: a plain square
        pm = QPixmap(px, px)
        pm.fill(QColor(style.LINE))
        return pm
