"""present.strings: one table of the interface's zh/en texts, and no second table left behind."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from lusong_kiosk.present.strings import STRINGS, text

SRC = Path(__file__).resolve().parent.parent / "src" / "lusong_kiosk"


def test_every_text_has_both_languages_and_the_same_fields():
    fields = string.Formatter()
    for key, (zh, en) in STRINGS.items():
        assert zh.strip() and en.strip(), key
        assert zh != en, key  # no English left in the Chinese column
        names = [{f for _, f, _, _ in fields.parse(t) if f} for t in (zh, en)]
        assert names[0] == names[1], key


def test_lookup_fills_fields_and_refuses_unknown_keys():
    assert text("console.step", "zh", n=2, of=5) == "第 2 / 5 步"
    assert text("console.step", "en", n=2, of=5) == "step 2 of 5"
    assert text("shell.home", "zh") == "首页" and text("shell.home", "en") == "Home"
    with pytest.raises(KeyError):
        text("no.such.key", "zh")


def test_every_key_used_in_the_code_exists_and_no_private_tables_remain():
    """Keys written out in the code are in the table; no module keeps a {"zh": …, "en": …} table of
    its own (content pairs come from the content, interface words from present/strings.py). The
    content checker's messages are for curators, in English, and are not interface texts."""
    used: set[str] = set()
    for path in SRC.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        used |= set(re.findall(r"""\btext\(\s*["']([a-z_]+\.[a-z_.]+)["']""", source))
        used |= set(re.findall(r"""["'](presenter\.help\.[a-z_]+)["']""", source))
        if path.parts[-2:] != ("present", "strings.py") and "content" not in path.parts[-2:-1]:
            assert not re.search(r"""\{\s*["']zh["']\s*:\s*f?["']""", source), path
    assert used and used <= set(STRINGS), sorted(used - set(STRINGS))


def test_both_languages_read_first_the_one_asked_then_the_other():
    from lusong_kiosk.present.strings import both, text

    assert both("tour.paused", "en") == f"{text('tour.paused', 'en')} · {text('tour.paused', 'zh')}"
    assert both("tour.paused") == f"{text('tour.paused', 'zh')} · {text('tour.paused', 'en')}"
    fields = dict(started=3, completed=2, left=1, share="66.7 %")
    said = both("stats.tour.summary", sep="   ", **fields)
    assert said == f"{text('stats.tour.summary', 'zh', **fields)}   {text('stats.tour.summary', 'en', **fields)}"
