"""fonts: the bundled Chinese font is registered with Qt and really draws Chinese."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase, QFontInfo, QFontMetrics, QImage, QPainter

from lusong_kiosk import fonts

ASSETS = Path(__file__).resolve().parent.parent / "assets"
W, H = 360, 120


def bundled_font(family: str) -> QFont:
    font = QFont(family)
    font.setPixelSize(72)
    font.setStyleStrategy(QFont.StyleStrategy.NoFontMerging)  # no fallback to other fonts
    return font


def render(text: str, font: QFont) -> QImage:
    image = QImage(W, H, QImage.Format.Format_Grayscale8)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.setFont(font)
    painter.setPen(Qt.GlobalColor.black)
    painter.drawText(image.rect(), Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    return image


def ink(image: QImage) -> float:
    """Share of dark pixels."""
    assert image.bytesPerLine() == W
    data = bytes(image.constBits())
    return sum(1 for b in data if b < 128) / len(data)


def test_register_returns_the_bundled_family(qapp) -> None:
    family = fonts.register_fonts(ASSETS)
    assert family == fonts.FAMILY
    assert family in QFontDatabase.families()
    assert QFontInfo(QFont(family)).family() == family


def test_register_twice_adds_the_fonts_once(qapp, monkeypatch: pytest.MonkeyPatch) -> None:
    family = fonts.register_fonts(ASSETS)
    calls: list[str] = []

    class Spy(QFontDatabase):
        @staticmethod
        def addApplicationFont(path: str) -> int:  # type: ignore[override] - a stand-in for Qt's
            calls.append(path)
            return QFontDatabase.addApplicationFont(path)

    monkeypatch.setattr(fonts, "QFontDatabase", Spy)
    assert fonts.register_fonts(ASSETS) == family
    assert calls == []


def test_bundled_font_draws_chinese(qapp) -> None:
    family = fonts.register_fonts(ASSETS)
    font = bundled_font(family)
    assert QFontInfo(font).family() == family
    chinese = render("芦淞区", font)
    missing = render("\U00013000\U00013000\U00013000", font)  # not in the subset: .notdef boxes
    assert chinese != missing
    # Three 72 px hanzi on a 360x120 image: a fair amount of ink, not a smudge, not a block.
    assert 0.04 < ink(chinese) < 0.5, ink(chinese)
    # Real glyphs: each character its own shape, none of them the .notdef box.
    lu, qu, notdef = render("芦", font), render("区", font), render("\U00013000", font)
    assert lu != qu
    assert notdef not in (lu, qu)


def test_font_metrics_know_the_characters(qapp) -> None:
    family = fonts.register_fonts(ASSETS)
    metrics = QFontMetrics(bundled_font(family))
    for ch in "芦淞区株洲，。A9%":
        assert metrics.inFontUcs4(ord(ch)), ch
    assert not metrics.inFontUcs4(0x13000)


def test_missing_font_file_falls_back_and_logs(qapp, tmp_path: Path,
                                               caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.ERROR, logger="lusong_kiosk.fonts")
    family = fonts.register_fonts(tmp_path)  # no fonts/ folder here
    assert family == fonts.fallback_family()
    assert family  # a usable name, never empty
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 2  # Regular and Bold
    assert "NotoSansSC-Regular-subset.otf" in errors[0].getMessage()


def test_damaged_font_file_falls_back_and_logs(qapp, tmp_path: Path,
                                               caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "fonts").mkdir()
    for name in fonts.FONT_FILES:
        (tmp_path / "fonts" / name).write_bytes(b"not a font at all" * 10)
    caplog.set_level(logging.ERROR, logger="lusong_kiosk.fonts")
    assert fonts.register_fonts(tmp_path) == fonts.fallback_family()
    assert any("could not be loaded" in r.getMessage() for r in caplog.records)


def test_bold_missing_keeps_the_regular_family(qapp, tmp_path: Path,
                                               caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "fonts").mkdir()
    regular = fonts.FONT_FILES[0]
    (tmp_path / "fonts" / regular).symlink_to(ASSETS / "fonts" / regular)
    caplog.set_level(logging.ERROR, logger="lusong_kiosk.fonts")
    assert fonts.register_fonts(tmp_path) == fonts.FAMILY
    assert any("NotoSansSC-Bold-subset.otf" in r.getMessage() for r in caplog.records)


# ---------------------------------------------------------------------------------------------
# a machine with its own Noto Sans CJK SC (Debian's fonts-noto-cjk): the bundled font still wins

@pytest.fixture
def system_noto(qapp, tmp_path: Path):
    """A font of the system's family name, registered for one test (font_fixtures.py)."""
    from font_fixtures import SYSTEM_FAMILY, register_system_noto

    font_id = register_system_noto(tmp_path / "system-noto.otf")
    yield SYSTEM_FAMILY
    QFontDatabase.removeApplicationFont(font_id)


def font_names(font: QFont) -> str:
    """The name table of the font file Qt really draws ``font`` with."""
    from PySide6.QtGui import QRawFont

    raw = QRawFont.fromFont(font)
    return bytes(raw.fontTable("name")).decode("utf-16-be", "replace")


def test_the_screens_use_the_bundled_font_beside_a_system_noto(system_noto, make_shell) -> None:
    family = fonts.register_fonts(ASSETS)
    assert family != system_noto
    shell = make_shell()
    from PySide6.QtWidgets import QLabel

    chinese = [lab for lab in shell.findChildren(QLabel) if lab.isVisible() and "芦淞" in lab.text()]
    assert chinese
    for lab in chinese:
        assert "Lusong" in font_names(lab.font())
        assert "NotoSansCJKsc" not in font_names(lab.font())
    # and the two really draw differently: the bundled one is not the one-shape impostor
    bundled, impostor = render("芦淞区", bundled_font(family)), render("芦淞区", bundled_font(system_noto))
    assert bundled != impostor
