"""present.format: numbers as readers write them (万/亿 in Chinese, grouped thousands in English),
units, qualifiers, periods and dates -- and every figure of the shipped content through them."""

from __future__ import annotations

import re

import pytest

from lusong_kiosk.present import format as fmt


@pytest.mark.parametrize("value,decimals,zh,en", [
    (9999, 0, "9999", "9,999"),
    (10000, 0, "1万", "10,000"),
    (14348, 0, "14348", "14,348"),  # 1.4348万 reads worse than the digits, as the article writes it
    (20000, 0, "2万", "20,000"),
    (30000, 0, "3万", "30,000"),
    (107000, 0, "10.7万", "107,000"),
    (1000000, 0, "100万", "1,000,000"),
    (99999999, 0, "99999999", "99,999,999"),
    (100000000, 0, "1亿", "100,000,000"),
    (250000000, 0, "2.5亿", "250,000,000"),
    (123456789, 0, "123456789", "123,456,789"),
    (1015.3, 1, "1015.3", "1,015.3"),
    (712.7, 1, "712.7", "712.7"),
    (101.53, 2, "101.53", "101.53"),
    (95.9, 1, "95.9", "95.9"),
    (12345.6, 1, "12345.6", "12,345.6"),
    (15000.0, 1, "1.5万", "15,000.0"),
    (0, 0, "0", "0"),
    (-0.04, 1, "0.0", "0.0"),
    (-30000, 0, "-3万", "-30,000"),
])
def test_numbers_as_readers_write_them(value, decimals, zh, en):
    assert fmt.number(value, decimals, "zh") == zh
    assert fmt.number(value, decimals, "en") == en


def test_a_counting_number_keeps_the_final_form():
    # on its way to 3万 a figure counts in 万, never "14348" then "2万"
    assert [fmt.number(v, 0, "zh", like=30000) for v in (0, 10000, 14348, 30000)] == ["0万", "1万", "1万", "3万"]
    assert fmt.number(53000, 0, "zh", like=107000) == "5.3万"  # with the final's decimals (10.7万)
    assert fmt.number(5000, 0, "zh", like=9999) == "5000"
    assert fmt.number(5000, 0, "en", like=30000) == "5,000"


def test_units_hug_or_space():
    assert fmt.quantity(30000, 0, "人", "zh") == "3万 人"
    assert fmt.quantity(30000, 0, "people", "en") == "30,000 people"
    assert fmt.quantity(91, 0, "%", "en") == "91%"
    assert fmt.quantity(712.7, 1, "亿元", "zh") == "712.7 亿元"
    assert fmt.with_unit("3", "") == "3"
    assert fmt.percent(70.19, "zh") == "70.2%"
    assert fmt.signed("18", 18) == "+18" and fmt.signed("-3", -3) == "-3" and fmt.signed("0", 0) == "0"


def test_qualifiers_periods_and_dates():
    assert fmt.qualifier("over", "zh") == "超过" and fmt.qualifier("over", "en") == "over"
    assert fmt.qualifier("nearly", "zh") == "近" and fmt.qualifier("nearly", "en") == "nearly"
    assert fmt.qualifier("under", "zh") == "不到" and fmt.qualifier(None, "en") == ""
    assert fmt.period("2020", "zh") == "2020年" and fmt.period("2020", "en") == "2020"
    assert fmt.period("2022-H1", "zh") == "2022年上半年" and fmt.period("2022-H1", "en") == "first half of 2022"
    assert fmt.period("2016-2020", "zh") == "2016–2020年" and fmt.period("2016-2020", "en") == "2016–2020"
    assert fmt.period("2020-11", "zh") == "2020年11月" and fmt.period("2020-11", "en") == "Nov 2020"
    assert fmt.period(None, "zh") == ""
    assert fmt.date("1954-08-16", "zh") == "1954年8月16日" and fmt.date("1954-08-16", "en") == "16 Aug 1954"
    assert fmt.date("2021-03", "zh") == "2021年3月" and fmt.date("2021-03", "en") == "Mar 2021"
    assert fmt.date("2010", "zh") == "2010年" and fmt.date("2010", "en") == "2010"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_figure_of_the_content(exhibition, lang):
    """Each shipped figure: its number says the same value as the content, in the language's
    form (万/亿 only where exact, grouped thousands in English), and its words carry the
    qualifier and the unit."""
    seen = set()
    for theme in exhibition.themes:
        for f in theme.figures:
            value, decimals = f.display_value(lang), f.display_precision(lang)
            written = fmt.figure_number(f, lang)
            if lang == "en":
                assert float(written.replace(",", "")) == pytest.approx(round(value, decimals))
                assert "," in written or abs(value) < 1000
            else:
                m = re.fullmatch(r"(-?[\d.]+)(万|亿)?", written)
                assert m, written
                scale = {"万": 1e4, "亿": 1e8, None: 1}[m.group(2)]
                assert float(m.group(1)) * scale == pytest.approx(round(value, decimals))
                if abs(value) < 10000:
                    assert m.group(2) is None
            words = fmt.figure_words(f, lang)
            assert written in words and f.label(lang) in words
            # the label set off from the value, so "4 days" and "Time for…" are not read as one phrase
            assert words.endswith(("，" if lang == "zh" else ", ") + f.label(lang)), words
            if f.qualifier:
                assert words.startswith(fmt.qualifier(f.qualifier, lang))
            seen.add(written)
    if lang == "zh":  # the article's own ways of writing them
        assert {"3万", "2万", "100万", "10.7万", "14348", "1015.3"} <= seen
    else:
        assert {"30,000", "1,000,000", "107,000", "14,348", "101.53"} <= seen


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_source_line_never_breaks_after_its_separator(exhibition, lang):
    """Where a source line wraps, the "·" goes to the next line with the part it introduces:
    a line ending in a lone "·" reads as cut off."""
    theme = exhibition.themes[0]
    line = fmt.source_line(exhibition, [theme.hero_figure()], lang)
    head, _, part = line.rpartition(" ·")
    assert part == "\u00a0" + exhibition.section(theme.hero_figure().section).title(lang), line
    assert head.startswith(fmt.text("figures.source", lang))


def test_no_english_word_is_left_alone_on_a_caption_s_last_line():
    assert fmt.keep_last_words("Zhuzhou's online apparel sales, national rank", "en") == \
        "Zhuzhou's online apparel sales, national\u00a0rank"
    assert fmt.keep_last_words("Days", "en") == "Days"
    assert fmt.keep_last_words("提质改造老旧小区住户", "zh") == "提质改造老旧小区住户"
