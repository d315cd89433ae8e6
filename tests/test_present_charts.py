"""present.charts: a chart's numbers, its computed share or change and its table rows, worked out
once without Qt; and the present package imports no Qt at all."""

from __future__ import annotations

import subprocess
import sys

import pytest

from lusong_kiosk.present.charts import ChartSpec, chart_spec, rows_as_text, table_rows


def test_present_imports_no_qt_pyqtgraph_or_pydantic():
    code = ("import sys, lusong_kiosk.present, lusong_kiosk.present.format, lusong_kiosk.present.strings, "
            "lusong_kiosk.present.charts\n"
            "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'pyqtgraph', "
            "'numpy', 'pydantic'))\n"
            "print(bad)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert out.stdout.strip() == "[]", out.stdout


def test_share_and_change_computed_once():
    donut = ChartSpec("donut", (712.7, 1015.3), ("芦淞", "株洲"), "亿元", (1, 1), "#4FC3F7")
    assert donut.share() == pytest.approx(0.70196, abs=1e-5)
    assert donut.share_text() == "70.2%"
    assert donut.share_text(0.5) == "35.1%"  # counting up
    compare = ChartSpec("compare", (162, 72), ("整合前", "整合后"), "项", (0, 0), "#EF5350")
    assert compare.change() == (-90.0, pytest.approx(-55.556, abs=1e-3))
    assert compare.change_text() == "-90 项 (-55.6%)"
    up = ChartSpec("compare", (54, 72), ("a", "b"), "项", (0, 0), "#EF5350", lang="en")
    assert up.change_text() == "+18 项 (+33.3%)"
    zero = ChartSpec("compare", (0, 5), ("a", "b"), "", (0, 0), "#EF5350")
    assert zero.change() == (5.0, None) and zero.change_text() == "+5"


def test_values_follow_the_number_rule():
    bars = ChartSpec("bar", (30000, 9999), ("a", "b"), "人", (0, 0), "#112233", lang="zh")
    assert [bars.value_text(i) for i in range(2)] == ["3万 人", "9999 人"]
    assert bars.value_text(0, 15000) == "2万 人"  # counting keeps the final's form
    en = ChartSpec("bar", (30000, 9999), ("a", "b"), "people", (0, 0), "#112233", lang="en")
    assert [en.value_text(i) for i in range(2)] == ["30,000 people", "9,999 people"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_chart_of_the_content_and_its_table(exhibition, lang):
    computed = {"zh": "计算值", "en": "computed"}[lang]
    for theme in exhibition.themes:
        for chart in theme.charts:
            figures = theme.chart_figures(chart)
            spec = chart_spec(chart, figures, theme.accent, lang)
            assert spec.lang == lang and spec.labels == tuple(f.label(lang) for f in figures)
            rows = table_rows(spec, figures)
            assert [r.label for r in rows[:len(figures)]] == list(spec.labels)
            if chart.kind == "donut":
                assert rows[-1].value == spec.share_text() and rows[-1].note == computed and rows[-1].computed
            elif chart.kind == "compare":
                assert rows[-1].value == spec.change_text() and rows[-1].computed
            else:
                assert len(rows) == len(figures)
            assert all(r.value_text() in rows_as_text(rows, lang) for r in rows)
