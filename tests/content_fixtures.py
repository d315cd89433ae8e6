"""A tiny, valid content folder written from scratch (not a copy of the real content/), and
helpers to break it one way at a time. Used by tests/test_content_check.py."""

from __future__ import annotations

import contextlib
import io
import signal
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lusong_kiosk.content.check import run_check

REPO = Path(__file__).resolve().parent.parent
REAL_FONTS = REPO / "assets" / "fonts"

EXHIBITION = """\
title = { zh = "测试展览", en = "Test exhibition" }
subtitle = { zh = "副标题", en = "Subtitle" }
credits = { zh = "制作", en = "Credits" }
attract = { zh = "触摸开始", en = "Touch to start" }
default_language = "zh"

[source]
title = { zh = "报道", en = "The article" }
publisher = { zh = "报纸", en = "A newspaper" }
year = 2022
note = { zh = "说明", en = "A note" }

[[source.sections]]
id = "industry"
title = { zh = "产业", en = "Industry" }

[[source.sections]]
id = "ecology"
title = { zh = "生态", en = "Ecology" }
"""

THEME_A = """\
id = "alpha"
order = 1
title = { zh = "产业", en = "Industry" }
tagline = { zh = "口号", en = "Tagline" }
headline = { zh = "标题", en = "Headline" }
accent = "#E8A33D"
icon = "icons/x.svg"
supporting = ["a-share", "a-firms"]
hero = "a-output"
short_title = { zh = "产业", en = "Industry" }
notes = { zh = "讲解词", en = "Notes" }

[[figures]]
id = "a-output"
value = 712.7
label = { zh = "产值", en = "Output" }
unit = { zh = "亿元", en = "billion yuan" }
section = "industry"
en_scale = 0.1

[[figures]]
id = "a-output-before"
value = 300
label = { zh = "原产值", en = "Earlier output" }
unit = { zh = "亿元", en = "billion yuan" }
section = "industry"
en_scale = 0.1

[[figures]]
id = "a-share"
value = 95.9
label = { zh = "占比", en = "Share" }
unit = { zh = "%", en = "%" }
section = "industry"

[[figures]]
id = "a-firms"
value = 162
label = { zh = "企业", en = "Firms" }
section = "industry"

[[charts]]
id = "a-growth"
kind = "compare"
title = { zh = "增长", en = "Growth" }
figures = ["a-output-before", "a-output"]

[[stories]]
id = "a-story"
title = { zh = "故事", en = "A story" }
text = { zh = "内容", en = "Text" }
"""

THEME_B = """\
id = "beta"
order = 2
title = { zh = "生态", en = "Ecology" }
tagline = { zh = "口号", en = "Tagline" }
headline = { zh = "标题", en = "Headline" }
accent = "#3DA35D"
icon = "icons/x.svg"
supporting = ["b-parks"]
hero = "b-days"
short_title = { zh = "生态", en = "Ecology" }
notes = { zh = "讲解词", en = "Notes" }

[[figures]]
id = "b-green"
value = 91
label = { zh = "绿化率", en = "Green cover" }
unit = { zh = "%", en = "%" }
section = "ecology"

[[figures]]
id = "b-days"
value = 305
label = { zh = "优良天数", en = "Good-air days" }
unit = { zh = "天", en = "days" }
section = "ecology"

[[figures]]
id = "b-parks"
value = 14
label = { zh = "公园", en = "Parks" }
unit = { zh = "个", en = "parks" }
section = "ecology"

[[figures]]
id = "b-trees"
value = 72
label = { zh = "树木", en = "Trees" }
section = "ecology"

[[charts]]
id = "b-green-gauge"
kind = "gauge"
title = { zh = "绿化", en = "Green cover" }
figures = ["b-green"]

[[stories]]
id = "b-story"
title = { zh = "故事", en = "A story" }
text = { zh = "内容", en = "Text" }
"""

TIMELINE = """\
title = { zh = "大事记", en = "Timeline" }
intro = { zh = "引言", en = "Intro" }

[[eras]]
id = "early"
start = 1954
end = 2012
title = { zh = "早期", en = "Early years" }
color = "#888888"

[[events]]
id = "founded"
date = "1954-08-16"
title = { zh = "建立", en = "Founded" }
text = { zh = "内容", en = "Text" }
theme = "alpha"

[[events]]
id = "park-opens"
date = "2021-06"
title = { zh = "公园开放", en = "Park opens" }
text = { zh = "内容", en = "Text" }
theme = "beta"
key = true
"""

HONOURS = """\
title = { zh = "荣誉", en = "Honours" }
intro = { zh = "引言", en = "Intro" }

[[honours]]
id = "h-one"
title = { zh = "荣誉一", en = "Honour one" }
text = { zh = "内容", en = "Text" }
level = "national"
theme = "alpha"
icon = "icons/x.svg"
"""

SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>\n'

FILES = {
    "exhibition.toml": EXHIBITION,
    "themes/01-a.toml": THEME_A,
    "themes/02-b.toml": THEME_B,
    "timeline.toml": TIMELINE,
    "honours.toml": HONOURS,
}


@dataclass
class Site:
    """A content folder and an assets folder in a temporary directory."""

    content: Path
    assets: Path

    def path(self, name: str) -> Path:
        return self.content / name

    def read(self, name: str) -> str:
        return self.path(name).read_text(encoding="utf-8")

    def write(self, name: str, text: str) -> None:
        self.path(name).parent.mkdir(parents=True, exist_ok=True)
        self.path(name).write_text(text, encoding="utf-8")

    def replace(self, name: str, old: str, new: str, count: int = 1) -> None:
        """Replace ``old`` (which must be there) by ``new`` in one content file."""
        text = self.read(name)
        assert old in text, f"{old!r} not in {name}: the fixture changed"
        self.write(name, text.replace(old, new, count))

    def append(self, name: str, text: str) -> None:
        self.write(name, self.read(name) + text)

    def check(self) -> tuple[int, str]:
        """Run `check` on this folder: (exit code, output)."""
        out = io.StringIO()
        code = run_check(self.content, self.assets, out=out)
        return code, out.getvalue()


def make_site(root: Path) -> Site:
    content = root / "content"
    assets = root / "assets"
    for name, text in FILES.items():
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).write_text(text, encoding="utf-8")
    (assets / "icons").mkdir(parents=True)
    (assets / "icons" / "x.svg").write_text(SVG, encoding="utf-8")
    (assets / "fonts").symlink_to(REAL_FONTS, target_is_directory=True)
    return Site(content, assets)


class Hang(BaseException):
    """Raised by the alarm when one load takes too long (BaseException: nothing catches it)."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    if not hasattr(signal, "setitimer"):  # Windows: no alarm; the pytest timeout still applies
        yield
        return

    def on_alarm(_sig: int, _frame: Any) -> None:
        raise Hang(f"it took more than {seconds} s")

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
