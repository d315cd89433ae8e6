"""Our own words: no Chinese text in content/ repeats a run of 15 or more characters of the
source article, except the names in ALLOWED (programmes, products, honours, the article's title),
which are quoted as the article gives them.

The article lives outside the repository, in shared/seed/ beside the checkout; where a clone has
no shared/ folder beside it, these tests are skipped and say so.
"""

from __future__ import annotations

import tomllib
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

RUN = 15  # characters in a row that count as copied
ARTICLE_NAME = "000_99e29c6ead1b1a9e.txt"
REPO = Path(__file__).resolve().parents[1]

# Names quoted verbatim, never rewritten: masked out of our text before comparing, so a run cannot
# go through one. Written as our files write them; each must occur in the article.
ALLOWED = [
    # the article's title
    "奋进新征程 建功新时代 非凡10年 · 芦淞区",
    # the roll of honours, and honours named in the text
    "国家通用航空产业综合示范区", "全国投资潜力百强区", "全国创新创业百强区", "国家健康促进区",
    "国家慢性病综合防控示范区", "全省安全生产优秀县市区", "农村人居环境整治工作获评全省先进",
    "连续14年保持全省平安县市区称号", "56项工作获评省、市真抓实干激励表彰", "河长制工作连续4年保持全市先进",
    "全省幼小科学衔接优秀实践区", "全省教育评价改革试点区", "全省幼小科学衔接优秀试点校（园）",
    "中国十大服饰市场", "中国纺织服装行业十大活力集群", "国家地理标志证明商标", "国家地理标志农产品",
    # products and events
    "AES100涡轮航空发动机", "QDR280燃气轮机发动机机组", "2022湖南（国际）通用航空产业博览会",
    # programmes
    "“3140智慧人社”", "“互联网+人社”", "专精特新“小巨人”",
]


def find_article() -> Path | None:
    """shared/seed/ beside the checkout: next to a clone, or further up for a git worktree."""
    for folder in REPO.parents:
        path = folder / "shared" / "seed" / ARTICLE_NAME
        if path.is_file():
            return path
    return None


ARTICLE = find_article()
pytestmark = pytest.mark.skipif(
    ARTICLE is None, reason=f"the source article shared/seed/{ARTICLE_NAME} is not beside this checkout")


def normal(text: str) -> str:
    """Text as a reader compares it: the scanned article writes ',' and '(' where we write '，'
    and '（' (the same marks: NFKC), and breaks lines mid-sentence (whitespace is dropped).
    Punctuation stays: a run does not reach across a full stop the article does not have."""
    return "".join(unicodedata.normalize("NFKC", text).split())


NAMES = sorted({normal(n) for n in ALLOWED}, key=len, reverse=True)  # longest first


def copied_runs(text: str, article: str) -> list[str]:
    """Each stretch of ``text`` (names masked) of RUN or more characters found in ``article``."""
    masked = normal(text)
    for name in NAMES:
        masked = masked.replace(name, "\0")  # the article has no NUL: a run stops at a name
    runs, i = [], 0
    while i < len(masked):
        j = i
        while j < len(masked) and masked[i : j + 1] in article:
            j += 1
        if j - i >= RUN:
            runs.append(masked[i:j])
            i = j
        else:
            i += 1
    return runs


def chinese_texts(obj: Any, field: str = "") -> Iterator[tuple[str, str]]:
    """(field, text) of every ``zh`` string in a parsed content file."""
    if isinstance(obj, dict):
        for key, value in obj.items():
            path = f"{field}.{key}" if field else key
            if key == "zh" and isinstance(value, str):
                yield path, value
            else:
                yield from chinese_texts(value, path)
    elif isinstance(obj, list):
        for i, item in enumerate(obj):
            yield from chinese_texts(item, f"{field}[{i}]")


@pytest.fixture(scope="module")
def article() -> str:
    assert ARTICLE is not None
    return normal(ARTICLE.read_text(encoding="utf-8"))


def test_no_chinese_text_repeats_a_run_of_the_article(article: str) -> None:
    files = sorted((REPO / "content").rglob("*.toml"))
    assert files
    found = []
    for path in files:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for field, text in chinese_texts(data):
            found += [f"{path.relative_to(REPO)}: {field}: 「{run}」" for run in copied_runs(text, article)]
    assert not found, (f"{len(found)} runs of {RUN}+ characters copied from the article; say them in our "
                       "own words (a programme, product or honour name goes in ALLOWED):\n" + "\n".join(found))


def test_a_copied_sentence_is_found_whatever_its_punctuation_and_a_name_is_not(article: str) -> None:
    # the article's sentence with our full-width comma: still copied
    assert copied_runs("在社区，通过开展居家养老照料服务中心，把吃饭、休闲、康复", article) == [
        "在社区,通过开展居家养老照料服务中心,把吃饭、休闲、康复"]
    assert copied_runs("连续14年保持全省平安县市区称号", article) == []  # an honour, as named
    assert copied_runs("社区办起居家养老照料服务中心，老人在家附近就能吃饭", article) == []  # our words


def test_every_allowed_name_is_in_the_article(article: str) -> None:
    assert [n for n in NAMES if n not in article] == []
