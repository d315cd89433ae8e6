"""The printable handout: a valid PDF with the expected pages, the figures as text, the charts as
vector paths and the bundled font embedded."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Sequence

import pypdf
import pytest

from conftest import ASSETS

THEMES = ["industry", "opening", "innovation", "ecology", "livelihood"]
# cover + 5 themes x 2 pages + timeline + honours + source; A3 is the same layout enlarged
PAGES = {"zh": 16, "en": 18, "both": 33}
def squash(text: str) -> str:
    """Without whitespace: the PDF's text has spaces between Chinese and Latin runs."""
    return re.sub(r"\s+", "", text)


KEY_FIGURES = {"zh": ["712.7", "1015.3", "95.9", "70.2%"], "en": ["71.27", "101.53", "95.9", "70.2%"]}


class PageTexts(Sequence):
    """The text of each page with whitespace collapsed, read out of the PDF at the first use
    (pypdf's extraction costs several times the writing: 1.7 s of CPU for the bilingual A4)."""

    def __init__(self, reader):
        self.reader, self._texts = reader, None

    def _all(self) -> list[str]:
        if self._texts is None:
            self._texts = [re.sub(r"\s+", " ", p.extract_text()) for p in self.reader.pages]
        return self._texts

    def __getitem__(self, i):
        return self._all()[i]

    def __len__(self) -> int:
        return len(self.reader.pages)


class Handouts(dict):
    """(lang, paper) -> (Handout, pypdf reader, PageTexts; None for A3, whose pages are the A4
    layout enlarged and are checked by their count and sections), each written at its first
    use: a test process given a few of this file's tests (xdist) writes only the handouts they
    read."""

    def __init__(self, exhibition, out, family):
        super().__init__()
        self.exhibition, self.out, self.family = exhibition, out, family

    def __missing__(self, key):
        from lusong_kiosk.handout import write_handout

        lang, paper = key
        h = write_handout(self.exhibition, self.out / f"handout-{lang}-{paper}.pdf", lang, paper, self.family)
        reader = pypdf.PdfReader(str(h.path))
        texts = PageTexts(reader) if paper == "A4" else None
        self[key] = (h, reader, texts)
        return self[key]


@pytest.fixture(scope="module")
def handouts(qapp, exhibition, tmp_path_factory):
    from lusong_kiosk.fonts import register_fonts

    return Handouts(exhibition, tmp_path_factory.mktemp("handout"), register_fonts(ASSETS))


@pytest.mark.parametrize("lang,paper", [("zh", "A4"), ("en", "A4"), ("both", "A4"), ("zh", "A3"), ("both", "A3")])
def test_the_pdf_is_valid_with_the_expected_pages(handouts, lang, paper):
    h, reader, _texts = handouts[(lang, paper)]
    assert len(reader.pages) == h.page_count() == PAGES[lang]
    box = reader.pages[0].mediabox
    width_mm, height_mm = float(box.width) / 72 * 25.4, float(box.height) / 72 * 25.4
    assert (round(width_mm), round(height_mm)) == ((210, 297) if paper == "A4" else (297, 420))
    sections = h.sections()
    langs = ["zh", "en"] if lang == "both" else [lang]
    assert sections[("cover", lang if lang != "both" else "both")] == [1]
    for one in langs:
        for tid in THEMES:
            assert 1 <= len(sections[(f"theme:{tid}", one)]) <= 2  # one or two pages per theme
        for key in ("timeline", "honours", "source"):
            assert (key, one) in sections
    order = [(p.section, p.lang) for p in h.pages]
    assert order.index(("source", langs[-1])) == len(order) - 1
    if lang == "both":  # the Chinese handout, then the English one
        assert max(sections[("source", "zh")]) < min(sections[("theme:industry", "en")])


def test_a3_is_the_a4_layout_enlarged(handouts):
    a4, a3 = handouts[("both", "A4")][0], handouts[("both", "A3")][0]
    assert a4.sections() == a3.sections()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_titles_and_key_figures_are_text(handouts, exhibition, lang):
    _h, _reader, texts = handouts[(lang, "A4")]
    text = " ".join(texts)
    assert exhibition.title(lang) in texts[0]
    for theme in exhibition.themes:
        assert theme.title(lang) in text
        for f in theme.figures:
            assert squash(f.label(lang)) in squash(text)
    for figure in KEY_FIGURES[lang]:
        assert figure in text
    assert exhibition.timeline.title(lang) in text and exhibition.honours.title(lang) in text
    assert ("1954年8月16日" if lang == "zh" else "16 Aug 1954") in text
    for honour in exhibition.honours.honours:
        assert squash(honour.title(lang)) in squash(text)
    assert exhibition.source.title(lang) in text
    assert ("计算值" if lang == "zh" else "computed") in text
    # page numbers in the footer
    total = PAGES[lang]
    assert (f"第 2 页，共 {total} 页" if lang == "zh" else f"Page 2 of {total}") in texts[1]
    # CJK text is searchable as written (no radicals in place of ideographs)
    assert not [c for c in text if 0x2E80 <= ord(c) <= 0x2FDF]


def test_the_bilingual_handout_has_both_languages(handouts, exhibition):
    _h, _reader, texts = handouts[("both", "A4")]
    assert exhibition.title("zh") in texts[0] and exhibition.title("en") in texts[0]
    text = " ".join(texts)
    for lang in ("zh", "en"):
        for figure in KEY_FIGURES[lang]:
            assert figure in text


def test_every_chart_number_is_printed_as_in_the_kiosk_table(handouts, exhibition):
    from lusong_kiosk.present.charts import chart_spec, table_rows

    for lang in ("zh", "en"):
        h, _reader, texts = handouts[(lang, "A4")]
        for theme in exhibition.themes:
            pages = h.sections()[(f"theme:{theme.id}", lang)]
            text = " ".join(texts[n - 1] for n in pages)
            for chart in theme.charts:
                figs = theme.chart_figures(chart)
                for row in table_rows(chart_spec(chart, figs, theme.accent, lang), figs, lang):
                    assert squash(row.value_text()) in squash(text), (theme.id, chart.id, row)


def test_the_bundled_font_is_embedded_and_the_charts_are_vectors(handouts):
    _h, reader, _texts = handouts[("both", "A4")]
    for page in reader.pages:
        fonts = page["/Resources"]["/Font"]
        assert fonts
        for ref in fonts.values():
            font = ref.get_object()
            assert font["/Subtype"] != "/Type3"
            descendants = [d.get_object() for d in font.get("/DescendantFonts", [])] or [font]
            for d in descendants:
                assert "LusongSansSC" in str(d["/BaseFont"])
                descriptor = d["/FontDescriptor"].get_object()
                assert any(k.startswith("/FontFile") for k in descriptor), d["/BaseFont"]
        assert not page.images  # charts are paths, never pictures
    # a theme's first page draws its charts as paths: filled shapes (bars) and curves (rings)
    content = reader.pages[1].get_contents().get_data()
    assert len(re.findall(rb"\sf\*?\s", content)) >= 4  # bars filled
    assert len(re.findall(rb"\sc\s", content)) >= 4  # Bezier curves of the donut and gauge arcs


def test_the_export_command_writes_the_handout_offscreen(tmp_path):
    env = dict(os.environ, LUSONG_KIOSK_DATA=str(tmp_path / "data"))
    env.pop("QT_QPA_PLATFORM", None)  # the command needs no display
    env.pop("DISPLAY", None)
    pdf = tmp_path / "handout.pdf"
    proc = subprocess.run([sys.executable, "-m", "lusong_kiosk", "export", "--pdf", str(pdf), "--lang", "en",
                           "--paper", "A3"], env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert f"{PAGES['en']} pages" in proc.stdout
    reader = pypdf.PdfReader(str(pdf))
    assert len(reader.pages) == PAGES["en"]
    assert round(float(reader.pages[0].mediabox.width) / 72 * 25.4) == 297
    proc = subprocess.run([sys.executable, "-m", "lusong_kiosk", "export"], env=env, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 2 and "--pdf" in proc.stderr and "Traceback" not in proc.stderr


def test_beside_a_system_noto_the_pdf_embeds_the_bundled_font_and_extracts_as_written(
        qapp, exhibition, tmp_path):
    """A machine with its own Noto Sans CJK SC (font_fixtures.py): the handout still embeds the
    bundled font, and its text reads back as the characters written, not as CJK radicals."""
    from font_fixtures import RADICALS, register_system_noto
    from PySide6.QtGui import QFontDatabase

    from lusong_kiosk.fonts import register_fonts
    from lusong_kiosk.handout import write_handout

    font_id = register_system_noto(tmp_path / "system-noto.otf")
    try:
        h = write_handout(exhibition, tmp_path / "handout.pdf", "zh", "A4", register_fonts(ASSETS))
    finally:
        QFontDatabase.removeApplicationFont(font_id)
    reader = pypdf.PdfReader(str(h.path))
    base_fonts = set()
    for page in reader.pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            for d in [d.get_object() for d in font.get("/DescendantFonts", [])] or [font]:
                base_fonts.add(str(d["/BaseFont"]))
    assert base_fonts and all("LusongSansSC" in name for name in base_fonts), base_fonts
    text = "".join(page.extract_text() for page in reader.pages)
    assert not [c for c in text if 0x2E80 <= ord(c) <= 0x2FDF]
    written = set("".join(t.title("zh") + t.headline("zh") for t in exhibition.themes))
    assert written & set(RADICALS.values())  # the content uses ideographs the stand-in maps radicals to
    for theme in exhibition.themes:
        assert squash(theme.headline("zh")) in squash(text)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_page_ends_with_a_heading(handouts, exhibition, lang):
    """Qt's layout has no keep-with-next: the handout's own pass keeps each heading on the page of
    the text it introduces."""
    from lusong_kiosk.present.strings import text

    h, _reader, texts = handouts[(lang, "A4")]
    headings = [text(f"handout.{key}", lang) for key in ("highlights", "charts", "stories", "more")]
    headings += [s.title(lang) for t in exhibition.themes for s in t.stories]
    headings += [f"{era.title(lang)}{era.start}–{era.end - 1}" for era in exhibition.timeline.eras]
    for n, page in enumerate(texts[1:], 2):
        # the page's own text comes before its running header (painted after it)
        flat = squash(page)
        body = flat[:flat.rfind(squash(h.pages[n - 1].header + exhibition.title(lang)))]
        assert body
        assert not any(body.endswith(squash(s)) for s in headings), (n, body[-40:])


def test_the_handout_loads_no_screens_and_no_pyqtgraph(tmp_path):
    """It says figures through present/ and draws its charts itself: no screen code, no pyqtgraph."""
    code = ("import sys\nfrom pathlib import Path\nfrom PySide6.QtWidgets import QApplication\n"
            "app = QApplication([])\n"
            "from lusong_kiosk.content import default_dirs, load\nfrom lusong_kiosk.fonts import register_fonts\n"
            "from lusong_kiosk.handout import write_handout\n"
            "content, assets = default_dirs()\n"
            f"write_handout(load(content, assets, check_font=False), Path({str(tmp_path / 'h.pdf')!r}), 'en', 'A4',"
            " register_fonts(assets))\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pyqtgraph', 'numpy')"
            " or m.startswith('lusong_kiosk.ui')))\n")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "[]"
