"""The first frame's pictures kept for the next start (ui/widgets/kept_pictures.py): taken again
unchanged, never in place of a drawing that was edited since, and a damaged file only costs time."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage

from lusong_kiosk.ui.illustration import aspect
from lusong_kiosk.ui.widgets import icons
from lusong_kiosk.ui.widgets.kept_pictures import PICTURES

SQUARE = ('<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="20" viewBox="0 0 {w} 20">'
          '<rect x="0" y="0" width="{w}" height="20" fill="#FFFFFF"/></svg>')
CIRCLE = ('<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20" viewBox="0 0 20 20">'
          '<circle cx="10" cy="10" r="3" fill="#FFFFFF"/></svg>')


@pytest.fixture
def fresh(qapp, tmp_path: Path):  # qapp: the session's QApplication
    """A start's view of the pictures: nothing drawn in this process yet."""
    def restart() -> None:
        icons._render_svg.cache_clear()
        icons.kept_renderer.cache_clear()
        PICTURES.open(tmp_path / "cache" / "pictures.bin")
    yield restart
    PICTURES.save()  # (stops noting)
    (tmp_path / "cache" / "pictures.bin").unlink(missing_ok=True)
    icons._render_svg.cache_clear()
    icons.kept_renderer.cache_clear()


def corner_and_centre(path: Path) -> tuple[str, str]:
    img = icons.svg_pixmap(path, 40, "#E8B04B").toImage()
    return tuple(img.pixelColor(x, 20).name(QColor.NameFormat.HexArgb) for x in (1, 20))


def drawn_and_kept(fresh, svg: Path) -> QImage:
    """A first start draws ``svg`` (a wide square) and keeps the picture, as the app does at its
    first frame; the picture drawn is returned."""
    svg.write_text(SQUARE.format(w=40), encoding="utf-8")
    fresh()
    drawn = icons.svg_pixmap(svg, 40, "#E8B04B").toImage()
    PICTURES.save()
    return drawn


def edit(svg: Path, text: str) -> None:
    """A curator's edit: new words and a later modification time."""
    st = svg.stat()
    svg.write_text(text, encoding="utf-8")
    os.utime(svg, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))


def test_a_picture_drawn_at_one_start_is_taken_unchanged_at_the_next(fresh, tmp_path: Path) -> None:
    svg = tmp_path / "wide.svg"
    drawn = drawn_and_kept(fresh, svg)
    fresh()
    kept = icons.svg_pixmap(svg, 40, "#E8B04B").toImage()
    assert icons.kept_renderer.cache_info().currsize == 0  # not read nor drawn: taken
    assert kept == drawn


def test_an_edited_drawing_is_drawn_again_not_taken_from_the_kept_pictures(fresh, tmp_path: Path) -> None:
    svg = tmp_path / "drawing.svg"
    svg.write_text(SQUARE.format(w=20), encoding="utf-8")
    fresh()
    assert corner_and_centre(svg) == ("#ffe8b04b", "#ffe8b04b")  # a square: tinted to the corner
    PICTURES.save()
    edit(svg, CIRCLE)  # a small circle, the corner left empty
    fresh()
    corner, centre = corner_and_centre(svg)
    assert corner == "#00000000" and centre == "#ffe8b04b"


def test_a_drawing_s_proportions_follow_an_edit_too(fresh, tmp_path: Path) -> None:
    folder = tmp_path / "illustrations"
    folder.mkdir()
    svg = folder / "industry.svg"
    svg.write_text(SQUARE.format(w=40), encoding="utf-8")
    fresh()
    assert aspect(tmp_path, "industry") == 2.0
    PICTURES.save()
    edit(svg, SQUARE.format(w=20))
    fresh()
    assert aspect(tmp_path, "industry") == 1.0


def test_a_damaged_file_of_kept_pictures_only_means_drawing_them_again(fresh, tmp_path: Path) -> None:
    svg = tmp_path / "wide.svg"
    drawn = drawn_and_kept(fresh, svg)
    kept = tmp_path / "cache" / "pictures.bin"
    kept.write_bytes(kept.read_bytes()[:200])  # cut short (a power cut while it was written)
    fresh()
    assert icons.svg_pixmap(svg, 40, "#E8B04B").toImage() == drawn
    assert icons.kept_renderer.cache_info().currsize == 1  # drawn again
