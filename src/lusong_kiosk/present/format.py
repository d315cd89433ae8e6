"""How a fact is written: numbers, units, qualifiers, periods and dates, in Chinese and English.

One function per meaning, used by the screens, the chart tables, the accessible names, the
presenter's console, the handout and ``stats``, so a figure reads the same everywhere. No Qt.

The number rule (as readers write them):
- Chinese writes large numbers with 万 (10^4) and 亿 (10^8) when the scaled number is exact with
  at most two decimals: 30000 -> 3万, 1000000 -> 100万, 107000 -> 10.7万, 100000000 -> 1亿.
  A number that would need more (14348, 99999999) keeps its digits, as the article does.
- English groups thousands: 30,000; its billions are the content's own (``en_scale``).
"""

from __future__ import annotations

from typing import Protocol

from .strings import text

# The tightest unit signs hug their number ("91%"); every other unit is spaced ("712.7 亿元").
TIGHT_UNITS = ("%", "％", "‰")
MAX_SCALED_DECIMALS = 2  # 1.43万 is read as written; 1.4348万 is not: such numbers keep their digits
ZH_STEPS = ((100_000_000, "亿"), (10_000, "万"))
MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class Text(Protocol):
    def __call__(self, lang: str) -> str: ...


class FigureLike(Protocol):
    """What formatting reads from a content figure (``content.model.Figure``)."""

    qualifier: str | None
    prefix: Text | None
    unit: Text | None
    label: Text
    period: str | None
    section: str

    def display_value(self, lang: str) -> float: ...

    def display_precision(self, lang: str) -> int: ...


def digits(value: float, decimals: int) -> str:
    """``value`` with ``decimals`` decimals: ASCII minus, never "-0", no grouping."""
    out = f"{value:.{decimals}f}"
    if out.startswith("-") and float(out) == 0:
        out = out[1:]
    return out


def _zh_step(value: float, decimals: int) -> tuple[int, str, int] | None:
    """(step, word, decimals) that write ``value`` exactly in 亿 or 万, or None: plain digits."""
    exact = round(abs(value), decimals)
    for step, word in ZH_STEPS:
        if exact < step:
            continue
        for d in range(MAX_SCALED_DECIMALS + 1):
            if abs(round(exact / step, d) * step - exact) < 1e-6:
                return step, word, d
    return None


def number(value: float, decimals: int, lang: str, like: float | None = None) -> str:
    """A number as a reader of ``lang`` writes it (see the module's rule).

    ``like``: the final value of a counting number -- the count keeps the final's form
    (0万, 1万 … 3万), so its width does not jump halfway."""
    if lang == "en":
        out = f"{value:,.{decimals}f}"
        return out[1:] if out.startswith("-") and float(out.replace(",", "")) == 0 else out
    step = _zh_step(value if like is None else like, decimals)
    if step is None:
        return digits(value, decimals)
    size, word, d = step
    return digits(value / size, d) + word


def with_unit(number_text: str, unit: str) -> str:
    """"91%" but "712.7 亿元": percent signs hug the number, other units are spaced."""
    if not unit:
        return number_text
    if unit.startswith(TIGHT_UNITS):
        return number_text + unit
    return f"{number_text} {unit}"


def quantity(value: float, decimals: int, unit: str, lang: str, like: float | None = None) -> str:
    """A number with its unit: "712.7 亿元", "3万 人", "30,000 people", "95.9%"."""
    return with_unit(number(value, decimals, lang, like), unit)


def percent(value: float, lang: str, decimals: int = 1) -> str:
    """A computed percentage: "70.2%"."""
    return number(value, decimals, lang) + "%"


def signed(number_text: str, value: float) -> str:
    """A change with its sign: "+18", "-3" (the minus is already in the number)."""
    return f"+{number_text}" if value > 0 and not number_text.startswith("+") else number_text


def qualifier(code: str | None, lang: str) -> str:
    """"over" -> 超过 / over; None -> ""."""
    return text(f"qualifier.{code}", lang) if code else ""


def qualified(qualifier_text: str, value_text: str) -> str:
    """A value with the article's qualifier, as every screen writes it: "超过 70%", "over 70%"."""
    return f"{qualifier_text} {value_text}" if qualifier_text else value_text


def figure_number(figure: FigureLike, lang: str, value: float | None = None) -> str:
    """A content figure's number (``value``: a counting value on its way to the figure's)."""
    final = figure.display_value(lang)
    return number(final if value is None else value, figure.display_precision(lang), lang, like=final)


def figure_words(figure: FigureLike, lang: str) -> str:
    """The figure in words, as a screen reader or the presenter reads it:
    "超过 3万 人，网络主播", "over 30,000 people, Online livestream hosts". The label is set off
    from the value (a reader ran "4 days Time for…" together into one phrase)."""
    words = [qualifier(figure.qualifier, lang), figure.prefix(lang) if figure.prefix else "",
             figure_number(figure, lang), figure.unit(lang) if figure.unit else ""]
    value = " ".join(w for w in words if w)
    return text("figures.words", lang, value=value, label=figure.label(lang))


def keep_last_words(words: str, lang: str) -> str:
    """English words whose last two are joined by a no-break space, so that where they wrap
    the last line never holds one word alone ("…national / rank"). Chinese wraps between any
    two characters and is left as it is."""
    if lang != "en" or " " not in words.strip():
        return words
    head, last = words.rstrip().rsplit(" ", 1)
    return f"{head}\u00a0{last}"


def series(items: list[str], lang: str) -> str:
    """Names in a row: 产业提质、信息图 / Upgrading industry, Infographic."""
    return ("、" if lang == "zh" else ", ").join(items)


def source_line(exhibition, figures: list[FigureLike], lang: str) -> str:  # noqa: ANN001 - content.model.Exhibition
    """Where a group of figures comes from: the article and its parts, each named once."""
    sections: list[str] = []
    for f in figures:
        title = exhibition.section(f.section).title(lang)
        if title not in sections:
            sections.append(title)
    # the separator kept with the words after it (a no-break space): a line ending in a lone "·"
    # read as cut off (seen in portrait)
    return f"{text('figures.source', lang)}{exhibition.source.title(lang)} ·\u00a0{series(sections, lang)}"


def period(code: str | None, lang: str) -> str:
    """"2020" -> 2020年 / 2020; "2022-H1" -> 2022年上半年 / first half of 2022; "2016-2020" -> 2016–2020年;
    "2020-11" -> 2020年11月 / Nov 2020."""
    if not code:
        return ""
    if "-" not in code:
        return f"{code}年" if lang == "zh" else code
    a, b = code.split("-", 1)
    if b in ("H1", "H2"):
        if lang == "zh":
            return f"{a}年{'上' if b == 'H1' else '下'}半年"
        return f"{'first' if b == 'H1' else 'second'} half of {a}"  # "H1" is report shorthand
    if len(b) == 4:
        return f"{a}–{b}年" if lang == "zh" else f"{a}–{b}"
    return f"{a}年{int(b)}月" if lang == "zh" else f"{MONTHS_EN[int(b) - 1]} {a}"


def date(code: str, lang: str) -> str:
    """An event date at its own precision: 1954-08-16 -> 1954年8月16日 / 16 Aug 1954."""
    parts = code.split("-")
    if len(parts) == 1:
        return f"{parts[0]}年" if lang == "zh" else parts[0]
    if len(parts) == 2:
        return f"{parts[0]}年{int(parts[1])}月" if lang == "zh" else f"{MONTHS_EN[int(parts[1]) - 1]} {parts[0]}"
    if lang == "zh":
        return f"{parts[0]}年{int(parts[1])}月{int(parts[2])}日"
    return f"{int(parts[2])} {MONTHS_EN[int(parts[1]) - 1]} {parts[0]}"


__all__ = ["date", "digits", "figure_number", "figure_words", "keep_last_words", "number", "percent", "period",
           "qualified", "qualifier", "quantity", "series", "signed", "source_line", "with_unit"]
