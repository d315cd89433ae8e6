"""The honours' content: each honour's level (who gave it) and its year or period as the article
gives them, checked by `lusong-kiosk check` with errors that name the file, the honour and the field."""

from __future__ import annotations

from pathlib import Path

import pytest
from content_fixtures import Site, make_site
from test_content_check import HO, find, problems

from lusong_kiosk.content.model import HONOUR_LEVELS, Exhibition


@pytest.fixture
def site(tmp_path: Path) -> Site:
    return make_site(tmp_path)


def test_a_level_outside_the_four_names_the_honour_and_the_allowed_values(site: Site) -> None:
    site.replace(HO, 'level = "national"', 'level = "global"')
    lines = problems(site)
    line = find(lines, HO, "honours[0].level", "honour 'h-one'")
    assert all(f"'{level}'" in line for level in HONOUR_LEVELS) and "got 'global'" in line, line
    assert len(lines) == 1


def test_an_honour_without_a_level_is_refused(site: Site) -> None:
    site.replace(HO, 'level = "national"\n', "")
    find(problems(site), HO, "honours[0].level", "required field is missing")


@pytest.mark.parametrize(("line", "field", "message"), [
    ('period = "13th plan"', "period", "expected"),
    ("years_running = 1", "years_running", "greater than or equal to 2"),
    ('times = "three"', "times", "expected a whole number"),
    ('event = "no-such-event"', "event", "honour 'h-one': no timeline event with id 'no-such-event'"),
])
def test_bad_period_run_count_or_event_is_refused(site: Site, line: str, field: str, message: str) -> None:
    site.replace(HO, 'level = "national"', f'level = "national"\n{line}')
    find(problems(site), HO, f"honours[0].{field}", message)


# -- the shipped roll, against the article ----------------------------------------------------------

AS_THE_ARTICLE_GIVES = {  # id -> (level, period, years running, times)
    "general-aviation-demo-zone": ("national", "2016-2020", None, None),  # 十三五期间, 国家首批
    "investment-potential-top-100": ("national", None, None, None),  # 全国
    "innovation-entrepreneurship-top-100": ("national", None, None, None),  # 全国
    "health-promotion-district": ("national", None, None, None),  # 国家
    "chronic-disease-demo-area": ("national", None, None, None),  # 国家
    "work-safety-excellent": ("provincial", None, None, 3),  # 3次获评全省
    "rural-living-environment": ("provincial", None, None, None),  # 全省先进
    "safe-county-14-years": ("provincial", None, 14, None),  # 连续14年 全省
    "commendations-56": ("provincial-and-city", None, None, None),  # 省、市
    "river-chief-4-years": ("city", None, 4, None),  # 连续4年 全市
}


def test_each_honour_has_its_level_and_when_as_the_article_gives_them(exhibition: Exhibition) -> None:
    assert exhibition.honours is not None
    got = {h.id: (h.level, h.period, h.years_running, h.times) for h in exhibition.honours.honours}
    assert got == AS_THE_ARTICLE_GIVES


def test_no_two_honours_tell_the_same_thing(exhibition: Exhibition) -> None:
    """The wall's detail texts differ: two honours whose texts share most of their words read as a
    copy (the two top-100 lists once said the same sentence with one word changed)."""
    assert exhibition.honours is not None
    texts = {h.id: set(h.text.en.lower().replace(",", " ").replace(".", " ").split())
             for h in exhibition.honours.honours}
    ids = list(texts)
    for i, a in enumerate(ids):
        for b in ids[i + 1:]:
            shared = len(texts[a] & texts[b]) / min(len(texts[a]), len(texts[b]))
            assert shared < 0.5, (a, b, round(shared, 2))
