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
