"""Big text reaches the glass. With QT_MAX_CACHED_GLYPH_SIZE raised (an earlier speed-up) every
glyph over 64 px -- the exhibition's title, every big figure -- was drawn as nothing in the real
window under X11 and in grab() offscreen, while exports (QWidget.render into a QImage) looked
right. grab() is the check that runs offscreen."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget


def _pixels(shell, widget: QWidget, like) -> int:  # noqa: ANN001
    """Pixels inside ``widget`` for which ``like(QColor)`` holds, in a grab of the window."""
    img = shell.grab().toImage()
    origin = widget.mapTo(shell, widget.rect().topLeft())
    return sum(1 for x in range(origin.x(), origin.x() + widget.width(), 2)
               for y in range(origin.y(), origin.y() + widget.height(), 2)
               if like(img.pixelColor(x, y)))


def _bright(shell, widget: QWidget) -> int:  # noqa: ANN001
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


def test_big_text_is_kept_as_a_pixmap_and_follows_its_text(qtbot, make_shell):
    """The title, once painted twice unchanged, is blitted from a pixmap; a new text (language
    switch) is painted at once, never the old pixmap."""
    shell = make_shell(1920, 1080)
    title = shell.screens["home"].title

    def painted():  # noqa: ANN202 - the title's place in a grab of the window, a QImage
        shell.repaint()
        origin = title.mapTo(shell, title.rect().topLeft())
        return shell.grab(title.rect().translated(origin)).toImage()

    qtbot.waitUntil(lambda: (painted(), title._cache is not None)[1])  # a few frames: it settles
    first = painted()
    assert title._cache is not None and title._cache[0][0] == title.text()
    title._cache = None  # painted directly once more: the same pixels as the pixmap gave
    assert painted() == first
    zh = title.text()
    shell.toggle_language()
    assert title.text() != zh
    assert painted() != first
    assert _bright(shell, title) > 200


def _ink_box(img) -> tuple[int, int, int, int] | None:  # noqa: ANN001 - a QImage
    """(left, top, right, bottom) of the opaque pixels of a grab on a transparent background."""
    xs = [x for x in range(img.width()) for y in range(0, img.height(), 2) if img.pixelColor(x, y).alpha() > 100]
    ys = [y for y in range(img.height()) for x in range(0, img.width(), 2) if img.pixelColor(x, y).alpha() > 100]
    return (min(xs), min(ys), max(xs), max(ys)) if xs and ys else None


def test_a_counting_figure_looks_as_the_label_would_paint_it(make_shell):
    """While a figure counts, its line is painted from a layout made once (CountingLine) instead
    of a new rich text per frame; the pixels are the ones QLabel paints for the same text."""
    from PySide6.QtWidgets import QLabel

    from lusong_kiosk.ui.widgets import FigureView

    shell = make_shell(1920, 1080, lang="en")
    shell.go("theme:industry", animate=False)
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
        assert all(abs(a - b) <= 2 for a, b in zip(_ink_box(counting), _ink_box(direct))), fv.figure.id
        inked = sum(1 for x in range(0, direct.width(), 2) for y in range(0, direct.height(), 2)
                    if direct.pixelColor(x, y).alpha() > 100)
        differing = sum(1 for x in range(0, counting.width(), 2) for y in range(0, counting.height(), 2)
                        if abs(counting.pixelColor(x, y).lightness() - direct.pixelColor(x, y).lightness()) > 60)
        assert differing < 0.1 * inked, (fv.figure.id, differing, inked)
        fv.finish()
        assert lab.counting is None and fv.value_text() in lab.text()
        checked += 1
    assert checked == 6
