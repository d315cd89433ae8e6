"""Big text reaches the glass. With QT_MAX_CACHED_GLYPH_SIZE raised (an earlier speed-up) every
glyph over 64 px -- the exhibition's title, every big figure -- was drawn as nothing in the real
window under X11 and in grab() offscreen, while exports (QWidget.render into a QImage) looked
right. grab() is the check that runs offscreen."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget


def _pixels(shell, widget: QWidget, like) -> int:
    """Pixels inside ``widget`` for which ``like(QColor)`` holds, in a grab of the window."""
    img = shell.grab().toImage()
    origin = widget.mapTo(shell, widget.rect().topLeft())
    return sum(1 for x in range(origin.x(), origin.x() + widget.width(), 2)
               for y in range(origin.y(), origin.y() + widget.height(), 2)
               if like(img.pixelColor(x, y)))


def _bright(shell, widget: QWidget) -> int:
    return _pixels(shell, widget, lambda c: c.lightness() > 150)  # light text on the dark background


def test_the_title_and_big_figures_are_drawn_in_the_window(make_shell):
    shell = make_shell(1920, 1080)
    title = shell.screens["home"].title
    assert title.font().pixelSize() > 64 or title.fontInfo().pixelSize() > 64
    assert _bright(shell, title) > 200
    shell.go("theme:industry", animate=False)
    shell.finish_all()
    page = shell.stage.current
    from lusong_kiosk.ui.widgets import FigureView

    figure = page.findChildren(FigureView)[0]
    accent = QColor(page.theme.accent).hue()
    # the number itself, in the theme's colour (its unit beside it is small, white text)
    coloured = _pixels(shell, figure.value_label,
                       lambda c: c.saturation() > 120 and abs(c.hue() - accent) < 12 and c.value() > 120)
    assert coloured > 200, figure.value_label.text()


def _painted(shell, w: QWidget):
    shell.repaint()
    origin = w.mapTo(shell, w.rect().topLeft())
    return shell.grab(w.rect().translated(origin)).toImage()


def _alike(a, b) -> bool:
    """The same ink in the same place. Text blitted from a pixmap was antialiased onto a
    transparent pixmap, not onto the backdrop: its edge pixels differ by up to ~20 levels of 255
    (Qt's text gamma), invisible at any size (docs/QT-NOTES.md)."""
    if a.size() != b.size():
        return False
    for x in range(a.width()):
        for y in range(a.height()):
            ca, cb = a.pixelColor(x, y), b.pixelColor(x, y)
            if max(abs(ca.red() - cb.red()), abs(ca.green() - cb.green()), abs(ca.blue() - cb.blue())) > 32:
                return False
    return True


def test_text_is_kept_as_a_pixmap_and_follows_its_text(qtbot, make_shell):
    """A label painted twice unchanged (the title; a paragraph) is blitted from a pixmap with the
    very pixels it paints; a new text (language switch) is painted at once, never the old one."""
    from lusong_kiosk.ui.widgets import KEPT

    shell = make_shell(1920, 1080)
    home = shell.screens["home"]
    title = home.title
    for label in (title, home.tiles["timeline"].tagline):
        qtbot.waitUntil(lambda label=label: (_painted(shell, label), label.kept() is not None)[1])
        kept = _painted(shell, label)
        KEPT.clear()  # painted directly once more: the same pixels as the pixmap gave
        assert label.kept() is None
        assert _alike(_painted(shell, label), kept)
    qtbot.waitUntil(lambda: (_painted(shell, title), title.kept() is not None)[1])
    kept = _painted(shell, title)
    zh = title.text()
    shell.toggle_language()
    assert title.text() != zh
    assert not _alike(_painted(shell, title), kept)
    assert _bright(shell, title) > 200


def test_a_kept_button_shows_its_pressed_state_and_the_new_palette(qtbot, make_shell):
    """A button blitted from its pixmap still shows a press at once, and a contrast switch
    (a new style sheet) repaints it in the new colours."""
    shell = make_shell(1920, 1080)
    shell.go("theme:industry", animate=False)
    shell.finish_all()
    button = shell.top.home
    qtbot.waitUntil(lambda: (_painted(shell, button), button.kept() is not None)[1])
    up = _painted(shell, button)
    button.setDown(True)
    assert _painted(shell, button) != up
    button.setDown(False)
    assert _painted(shell, button) == up
    from lusong_kiosk.ui import style

    style.set_palette(True)
    try:
        shell.apply_metrics(force=True)
        assert _painted(shell, button) != up
    finally:
        style.set_palette(False)
        shell.apply_metrics(force=True)


def _ink_box(img) -> tuple[int, int, int, int] | None:
    """(left, top, right, bottom) of the opaque pixels of a grab on a transparent background:
    the columns read on every other row, the rows on every other column."""
    import numpy as np
    from PySide6.QtGui import QImage

    img = img.convertToFormat(QImage.Format.Format_ARGB32)  # alpha as pixelColor reads it
    h, w = img.height(), img.width()
    alpha = np.frombuffer(img.constBits(), np.uint8).reshape(h, img.bytesPerLine())[:, 3: w * 4: 4]
    xs = np.nonzero((alpha[::2] > 100).any(axis=0))[0]
    ys = np.nonzero((alpha[:, ::2] > 100).any(axis=1))[0]
    return (int(xs.min()), int(ys.min()), int(xs.max()), int(ys.max())) if xs.size and ys.size else None


def test_a_counting_figure_looks_as_the_label_would_paint_it(make_shell):
    """While a figure counts, its line is painted from a layout made once (CountingLine) instead
    of a new rich text per frame; the pixels are the ones QLabel paints for the same text."""
    from PySide6.QtWidgets import QLabel

    from lusong_kiosk.ui.panel_figures import PanelFigure
    from lusong_kiosk.ui.widgets import FigureView

    shell = make_shell(1920, 1080, lang="en")
    shell.go("theme:industry", animate=False)
    shell.stage.current.open_more()  # the hero, the supporting row and two of the "more figures"
    shell.finish_all()
    checked = 0
    for fv in shell.stage.current.findChildren(FigureView)[:6]:
        fv._on_progress(0.0)
        lab = fv.value_label
        final_markup = lab.text()
        fv._on_progress(0.437)
        line = lab.counting
        assert line is not None, fv.figure.id
        assert lab.text() == final_markup  # no rich text set per frame
        assert line.value == fv.value_text() != line.parts[line.number][0]
        counting = lab.grab().toImage()
        lab.counting = None
        QLabel.setText(lab, final_markup.replace(f">{line.parts[line.number][0]}<", f">{line.value}<"))
        direct = lab.grab().toImage()
        lab.counting = line
        # the same ink in the same place: the outline's antialiasing may differ by a pixel
        # (QPainter.drawText against the document's glyph runs), nothing more
        assert _ink_box(counting) is not None
        # (2 px at a figure's size; the panel's hero, twice the size, may sit twice as far)
        tol = 2 * (fv.factor if isinstance(fv, PanelFigure) else 1)
        assert all(abs(a - b) <= tol for a, b in zip(_ink_box(counting), _ink_box(direct))), fv.figure.id
        inked = sum(1 for x in range(0, direct.width(), 2) for y in range(0, direct.height(), 2)
                    if direct.pixelColor(x, y).alpha() > 100)
        differing = sum(1 for x in range(0, counting.width(), 2) for y in range(0, counting.height(), 2)
                        if abs(counting.pixelColor(x, y).lightness() - direct.pixelColor(x, y).lightness()) > 60)
        assert differing < 0.1 * inked, (fv.figure.id, differing, inked)
        fv.finish()
        assert lab.counting is None and fv.value_text() in lab.text()
        checked += 1
    assert checked == 6


def test_a_paint_repeated_before_its_keep_is_kept_once(qtbot, monkeypatch):
    """Painted three times in one state before the event loop ran: the two keeps scheduled find
    the picture the first one kept and do not render it again."""
    from PySide6.QtWidgets import QApplication

    from lusong_kiosk.ui.widgets import label

    lab = label("荣誉 honour " * 4)
    qtbot.addWidget(lab)
    lab.resize(300, 200)
    lab.show()
    qtbot.waitExposed(lab)
    QApplication.processEvents()
    renders = []
    real = type(lab).paint_now
    monkeypatch.setattr(type(lab), "paint_now", lambda self, e: (renders.append(self._still_busy), real(self, e)))
    for _ in range(3):
        lab.repaint()
    assert lab.kept() is None and renders == [False, False, False]
    QApplication.processEvents()
    assert lab.kept() is not None and renders.count(True) == 1
