"""The vector icons and placeholder image under assets/ load in QtSvg and actually draw something.

Icons are white (#FFFFFF) on transparent so the app can tint them with
CompositionMode_SourceIn; they stay within what QtSvg (SVG Tiny 1.2) renders.
"""

from pathlib import Path
import xml.etree.ElementTree as ET

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter, qAlpha, qBlue, qGreen, qRed
from PySide6.QtSvg import QSvgRenderer

ASSETS = Path(__file__).resolve().parent.parent / "assets"
ICON_DIR = ASSETS / "icons"
IMAGE_DIR = ASSETS / "images"

ICONS = sorted(ICON_DIR.glob("*.svg"))
IMAGES = sorted(IMAGE_DIR.glob("*.svg"))
ALL_SVGS = ICONS + IMAGES

EXPECTED_ICONS = {
    "industry", "opening", "innovation", "ecology", "livelihood",
    "timeline", "honours", "home", "back", "language",
    "chevron-left", "chevron-right", "close", "touch", "plane", "accessibility",
}
EXPECTED_IMAGES = {"placeholder"}

SVG_NS = "{http://www.w3.org/2000/svg}"
# SVG Tiny shapes and grouping only: no text, style sheets, filters, masks, images or scripts.
ALLOWED_ELEMENTS = {
    "svg", "title", "desc", "g",
    "path", "circle", "ellipse", "rect", "line", "polyline", "polygon",
    "linearGradient", "radialGradient", "stop",
}

SIZE = 64
MIN_COVERAGE = 0.03
MAX_COVERAGE = 0.90


def _ids(paths):
    return [p.relative_to(ASSETS).as_posix() for p in paths]


def _render(path: Path) -> QImage:
    renderer = QSvgRenderer(str(path))
    assert renderer.isValid(), f"{path.name}: QSvgRenderer cannot read it"
    renderer.setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
    image = QImage(SIZE, SIZE, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter, QRectF(0, 0, SIZE, SIZE))
    finally:
        painter.end()
    return image


def _pixels(image: QImage):
    for y in range(image.height()):
        for x in range(image.width()):
            yield image.pixel(x, y)


def test_expected_files_exist():
    assert {p.stem for p in ICONS} >= EXPECTED_ICONS
    assert {p.stem for p in IMAGES} >= EXPECTED_IMAGES


@pytest.mark.parametrize("path", ALL_SVGS, ids=_ids(ALL_SVGS))
def test_svg_is_valid_and_draws(qapp, path):
    assert QSvgRenderer(str(path)).isValid()
    image = _render(path)
    painted = sum(1 for px in _pixels(image) if qAlpha(px) > 0)
    coverage = painted / (SIZE * SIZE)
    assert MIN_COVERAGE < coverage < MAX_COVERAGE, f"{path.name}: {coverage:.1%} of pixels painted"


@pytest.mark.parametrize("path", ALL_SVGS, ids=_ids(ALL_SVGS))
def test_svg_uses_only_tiny_features(path):
    root = ET.parse(path).getroot()
    assert root.tag == f"{SVG_NS}svg"
    expected_box = "0 0 64 64" if path.parent == ICON_DIR else "0 0 160 100"
    assert root.get("viewBox") == expected_box
    for element in root.iter():
        assert element.tag.startswith(SVG_NS), f"{path.name}: foreign element {element.tag}"
        name = element.tag[len(SVG_NS):]
        assert name in ALLOWED_ELEMENTS, f"{path.name}: <{name}> is not rendered reliably by QtSvg"
        assert "style" not in element.attrib, f"{path.name}: use presentation attributes, not style="
    assert "currentColor" not in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", ICONS, ids=_ids(ICONS))
def test_icon_is_white_for_tinting(qapp, path):
    root = ET.parse(path).getroot()
    for element in root.iter():
        for attr in ("fill", "stroke"):
            value = element.get(attr)
            if value is not None:
                assert value in ("none", "#FFFFFF"), f"{path.name}: {attr}={value!r}"
    image = _render(path)
    for px in _pixels(image):
        if qAlpha(px) >= 128:
            assert min(qRed(px), qGreen(px), qBlue(px)) >= 240, f"{path.name}: non-white pixel {px:#010x}"
