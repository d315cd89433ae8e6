"""What the shipped content says, where a reading against the article corrected it (issue 20):
no claim the article does not make, English a native reader would write, and the facts that were
missing shown on their theme's page. A few targeted phrases, not a copy of the files."""

from __future__ import annotations

import re

import pytest

from lusong_kiosk.content import Event, Exhibition, Honour, Story, Theme
from lusong_kiosk.content.loader import iter_texts


def event(ex: Exhibition, eid: str) -> Event:
    return next(e for e in ex.events if e.id == eid)


def story(theme: Theme, sid: str) -> Story:
    return next(s for s in theme.stories if s.id == sid)


def honour(ex: Exhibition, hid: str) -> Honour:
    assert ex.honours is not None
    return next(h for h in ex.honours.honours if h.id == hid)


def texts(obj: object, lang: str, skip: str = "\0") -> str:
    """Every visible text of ``obj`` in ``lang`` (fields starting with ``skip`` left out), joined."""
    return "\n".join(t for field, t in iter_texts(obj) if field.endswith(f".{lang}") and not field.startswith(skip))


@pytest.fixture(scope="module")
def en(exhibition: Exhibition) -> str:
    return texts(exhibition, "en")


# -- statements the article does not make ------------------------------------------------------------

def test_the_aurora_aircraft_carries_no_model_number_the_article_contradicts(exhibition: Exhibition) -> None:
    # the article's caption says SA60L for the Aurora, its text SA70L
    s = story(exhibition.theme("innovation"), "bottleneck-breakthroughs")
    assert "山河阿若拉系列轻型运动飞机" in s.text.zh
    assert "Shanhe's Aurora series of light sport aircraft" in s.text.en
    assert "SA70L" not in texts(exhibition, "zh") + texts(exhibition, "en")


def test_the_4_6_billion_is_the_districts_investment_not_the_new_projects(exhibition: Exhibition) -> None:
    e = event(exhibition, "h1-projects")
    assert "全区完成投资46亿元" in e.text.zh and "这些项目" not in e.text.zh
    assert "the district completed 4.6 billion yuan of investment" in e.text.en


@pytest.mark.parametrize(("eid", "zh", "en"), [("top10-rd-projects", "三分之二", "two thirds"),
                                               ("airport-civil-operations", "八年", "eight years"),
                                               ("a1-airport", "11年", "eleven years")])
def test_no_value_is_computed_in_prose(exhibition: Exhibition, eid: str, zh: str, en: str) -> None:
    e = event(exhibition, eid)
    assert zh not in e.text.zh and en not in e.text.en


def test_a_number_of_bottlenecks_were_broken_not_every_one(exhibition: Exhibition) -> None:
    notes = exhibition.theme("innovation").notes
    assert "一一" not in notes.zh and "突破了一批" in notes.zh
    assert "a number of bottleneck technologies" in notes.en


def test_the_online_audience_watched_the_flying_displays(exhibition: Exhibition) -> None:
    label = exhibition.theme("industry").figure("expo-online-viewers").label
    assert "飞行表演" in label.zh and "flying displays" in label.en


@pytest.mark.parametrize("fid", ["online-apparel-rank", "douyin-apparel-rank"])
def test_the_citys_rankings_say_they_are_zhuzhous(exhibition: Exhibition, fid: str) -> None:
    label = exhibition.theme("industry").figure(fid).label
    assert label.zh.startswith("株洲") and label.en.startswith("Zhuzhou's")


def test_the_credits_name_no_picture_source_or_newspaper_designer(exhibition: Exhibition) -> None:
    credits = exhibition.credits
    assert not [w for w in ("图片", "照片", "摄影", "制图", "左骏") if w in credits.zh]
    assert not [w for w in ("photograph", "infographic", "Zuo Jun") if w in credits.en]


# -- English ------------------------------------------------------------------------------------------

def test_a_rise_of_1_4_times_reads_as_140_percent(exhibition: Exhibition, en: str) -> None:
    from lusong_kiosk.present import format as fmt

    theme = exhibition.theme("innovation")
    f = theme.figure("hitech-growth")
    assert fmt.figure_number(f, "zh") + f.unit.zh == "1.4倍"
    assert fmt.figure_number(f, "en") + f.unit.en == "140%"
    assert "1.4 times" not in en
    assert "rose by 140%" in theme.notes.en and "rose by 140%" in story(theme, "bottleneck-breakthroughs").text.en


def test_fengxi_is_a_creek_and_hejiadun_one_word(en: str) -> None:
    assert "Harbour" not in en and "Fengxi Creek" in en
    assert "He Jiadun" not in en and "(grid)" not in en and "Hejiadun" in en


def test_honours_rank_among_the_best_rather_than_rate_advanced(exhibition: Exhibition, en: str) -> None:
    assert "advanced" not in en.lower()
    assert "ranked among Zhuzhou's best four years running" in honour(exhibition, "river-chief-4-years").text.en
    assert "rated among Hunan's best" in honour(exhibition, "rural-living-environment").text.en


def test_livelihood_is_not_an_adjective(exhibition: Exhibition, en: str) -> None:
    assert not re.findall(r"\blivelihoods?\b", en, re.IGNORECASE)
    label = exhibition.theme("livelihood").figure("social-spending-share").label.en
    assert label == "Share of public spending on social services and welfare"


def test_plain_english_for_two_phrases(exhibition: Exhibition, en: str) -> None:
    assert "could at last build aircraft on its own" in event(exhibition, "first-aero-engine").text.en
    assert "no longer unable" not in en
    label = exhibition.theme("industry").figure("industrial-growth-2013-2021").label.en
    assert label == "Industrial value added of firms above designated size, average annual growth"


def test_one_english_term_for_each_thing(exhibition: Exhibition, en: str) -> None:
    assert "service area" not in en
    opening = exhibition.theme("opening")
    assert all("service hall" in opening.figure(fid).label.en for fid in ("red-circle-enquiries", "red-circle-cases"))
    assert "service hall" in event(exhibition, "red-business-circle").title.en
    assert len(re.findall("little giant", en, re.IGNORECASE)) == len(re.findall('"little giant', en, re.IGNORECASE))
    assert '"safe"' not in en and '"Safe County"' in honour(exhibition, "safe-county-14-years").text.en
    assert "characteristic town" not in en and "provincial-level specialty town" in en
    assert len(re.findall(r"\bmu\b \(a Chinese unit of land area\)", en)) == 1  # glossed once
    assert not re.findall(r"hectare|acre", en)  # and not converted


def test_a_half_year_is_written_out_in_english() -> None:
    from lusong_kiosk.present.format import period

    assert period("2022-H1", "en") == "first half of 2022"
    assert period("2022-H1", "zh") == "2022年上半年"


def test_english_notes_say_what_the_chinese_says(exhibition: Exhibition) -> None:
    notes = exhibition.theme("livelihood").notes
    assert "党建" in notes.zh and "Party" in notes.en
    assert "近五年" in notes.zh and "last five years" in notes.en


def test_honours_are_stated_in_the_exhibitions_voice(exhibition: Exhibition) -> None:
    assert exhibition.honours is not None
    for h in exhibition.honours.honours:
        assert "报道" not in h.text.zh and "the feature" not in h.text.en, h.id


# -- Chinese ------------------------------------------------------------------------------------------

def test_the_engineering_centres_are_research_centres_approved(exhibition: Exhibition) -> None:
    assert "中航零部件、华锐精密成功获批省级工程技术研究中心" in event(exhibition, "engineering-centres").text.zh
    label = exhibition.theme("innovation").figure("provincial-engineering-centres").label.zh
    assert "工程技术研究中心" in label


# -- facts that were missing, on their theme's page (not only in the presenter's notes) --------------

MISSING = {
    "industry": [("航空发动机产业", "most complete aero-engine industries"),
                 ("中国十大服饰市场", "ten great apparel markets"),
                 ("中国纺织服装行业十大活力集群", "ten most dynamic textile and apparel clusters")],
    "ecology": [("枫溪大桥和城铁南桥都已通车", "The Fengxi Bridge and the South City-Rail Bridge carry traffic"),
                ("凤凰山和天福湖两座公园建成开放", "Fenghuangshan Park and Tianfu Lake Park are open"),
                ("第二轮中央环保督察", "second central environmental inspection"),
                ("白关污水处理厂和配套管网", "Baiguan sewage treatment plant and its pipe network"),
                ("饮用水水源地", "drinking-water sources")],
    "livelihood": [("就业工作在全省领跑", "employment work leads the province"),
                   ("失地农民的基本养老保险做到应保尽保", "every eligible farmer who has lost their land"),
                   ("新冠疫情", "Covid"), ("百年一遇", "once-in-a-century flood")],
    "opening": [("政务服务跨省通办", "government services across provincial lines"),
                ("打造全省最优的营商环境", "the best business environment in Hunan")],
}


@pytest.mark.parametrize("tid", list(MISSING))
def test_missing_facts_are_on_their_themes_page(exhibition: Exhibition, tid: str) -> None:
    theme = exhibition.theme(tid)
    page = {lang: texts(theme, lang, skip="notes") for lang in ("zh", "en")}
    absent = [(zh, en) for zh, en in MISSING[tid] if zh not in page["zh"] or en not in page["en"]]
    assert absent == []
