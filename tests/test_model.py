"""The Exhibition model: the shipped content has the shape the screens rely on, and the model
is read-only all the way down."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from content_fixtures import make_site
from pydantic import ValidationError

from lusong_kiosk.content import Exhibition, Figure, default_dirs, load
from lusong_kiosk.content.loader import iter_texts
from lusong_kiosk.content.model import Event, Text

CONTENT, ASSETS = default_dirs()
THEME_IDS = ["industry", "opening", "innovation", "ecology", "livelihood"]
KNOWN_VALUES = [712.7, 1015.3, 91, 95.9, 162, 72, 305, 14348]

shipped = pytest.mark.skipif(not any((CONTENT / "themes").glob("*.toml")),
                             reason="content/themes/ has no theme files yet (content being written)")


@pytest.fixture(scope="module")
def ex() -> Exhibition:
    return load(CONTENT, ASSETS)


def all_figures(ex: Exhibition) -> list[Figure]:
    return [f for t in ex.themes for f in t.figures]


# -- the shipped content ---------------------------------------------------------------------------

@shipped
def test_five_themes_in_order(ex: Exhibition) -> None:
    assert [t.id for t in ex.themes] == THEME_IDS
    assert [t.order for t in ex.themes] == sorted(t.order for t in ex.themes)


@shipped
def test_every_theme_is_complete(ex: Exhibition) -> None:
    for t in ex.themes:
        assert len(t.figures) >= 4, t.id
        assert len(t.charts) >= 2, t.id
        assert 3 <= len(t.highlights) <= 6, t.id
        assert len(t.stories) >= 1, t.id
        for fid in t.highlights:
            t.figure(fid)  # raises KeyError if missing


@shipped
def test_at_least_60_figures(ex: Exhibition) -> None:
    assert len(all_figures(ex)) >= 60
    assert ex.summary()["figures"] == len(all_figures(ex))


@shipped
def test_every_chart_draws_figures_of_its_theme(ex: Exhibition) -> None:
    for t in ex.themes:
        for chart in t.charts:
            figs = t.chart_figures(chart)
            assert [f.id for f in figs] == list(chart.figures)


@shipped
def test_every_event_names_a_theme(ex: Exhibition) -> None:
    ids = {t.id for t in ex.themes}
    assert {e.theme for e in ex.events} <= ids


@shipped
def test_events_in_date_order_from_1954_to_2022(ex: Exhibition) -> None:
    events = ex.events
    assert len(events) >= 30
    keys = [e.sort_key for e in events]
    assert keys == sorted(keys)
    assert events[0].date == "1954-08-16"
    assert events[-1].year == 2022
    assert all(1954 <= e.year <= 2022 for e in events)


@shipped
def test_ten_honours(ex: Exhibition) -> None:
    assert ex.honours is not None
    assert len(ex.honours.honours) == 10


@shipped
def test_both_languages_everywhere(ex: Exhibition) -> None:
    texts = list(iter_texts(ex))
    assert len(texts) > 300  # themes, timeline and honours are all walked
    fields = {field.split("[")[0].split(".")[0] for field, _ in texts}
    assert {"title", "themes", "timeline", "honours", "source"} <= fields
    empty = [field for field, text in texts if not text.strip()]
    assert not empty
    zh = [field for field, _ in texts if field.endswith(".zh")]
    en = [field for field, _ in texts if field.endswith(".en")]
    assert len(zh) == len(en) == len(texts) // 2


@shipped
def test_known_figures_have_their_exact_values(ex: Exhibition) -> None:
    values = [f.value for f in all_figures(ex)]
    missing = [v for v in KNOWN_VALUES if v not in values]
    assert not missing, f"figures with these values are missing: {missing}"


@shipped
def test_shipped_model_is_read_only(ex: Exhibition) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        ex.title = Text(zh="改", en="changed")  # type: ignore[misc] - frozen: the write must fail
    with pytest.raises(dataclasses.FrozenInstanceError):
        ex.themes[0].figures[0].value = 1.0  # type: ignore[misc] - frozen: the write must fail
    assert isinstance(ex.themes, tuple) and isinstance(ex.themes[0].figures, tuple)


# -- a tiny content folder (always runs) ----------------------------------------------------------

@pytest.fixture
def small(tmp_path: Path) -> Exhibition:
    site = make_site(tmp_path)
    return load(site.content, site.assets)


def test_model_is_immutable_all_the_way_down(small: Exhibition) -> None:
    theme = small.themes[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        small.title = Text(zh="改", en="changed")  # type: ignore[misc] - frozen: the write must fail
    with pytest.raises(dataclasses.FrozenInstanceError):
        theme.accent = "#000000"  # type: ignore[misc] - frozen: the write must fail
    with pytest.raises(dataclasses.FrozenInstanceError):
        theme.figures[0].label.zh = "改"  # type: ignore[misc] - frozen: the write must fail
    for seq in (theme.figures, theme.charts, theme.stories, theme.highlights, theme.charts[0].figures,
                small.events, small.source.sections):
        assert isinstance(seq, tuple), type(seq)
    with pytest.raises(AttributeError):
        theme.figures.append(theme.figures[0])  # type: ignore[attr-defined] - a tuple: the append must fail
    hash(theme)  # frozen and hashable: usable as a dict key by the screens
    hash(small)


def test_records_take_lists_or_tuples_from_python() -> None:
    label = Text(zh="产值", en="Output")
    ev = Event(id="e", date="2020", title=label, text=label, theme="t")
    assert ev.precision == "year" and ev.decimal_year == 2020.5
    from lusong_kiosk.content.model import Chart

    assert Chart(id="c", kind="bar", title=label, figures=["a", "b"]).figures == ("a", "b")
    assert Chart(id="c", kind="bar", title=label, figures=("a", "b")).figures == ("a", "b")
    hash(Chart(id="c", kind="bar", title=label, figures=["a", "b"]))


@pytest.mark.parametrize(("value", "scale", "shown"), [(712.7, 0.1, "71.27"), (105.60, 0.1, "10.56"),
                                                      (30000, 1.0, "30000"), (1.4, 100, "140"), (0.25, 1000, "250")])
def test_an_english_scale_moves_the_decimal_point_and_keeps_the_stated_precision(value: float, scale: float,
                                                                              shown: str) -> None:
    """亿元 -> billion yuan (x0.1) gains a decimal; 增长1.4倍 -> a rise of 140% (x100) loses one:
    the English shows exactly what the article states, never "140.0"."""
    label = Text(zh="产值", en="Output")
    f = Figure(id="x", value=value, label=label, section="s", en_scale=scale)
    assert f"{f.display_value('en'):.{f.display_precision('en')}f}" == shown


def test_schema_is_strict_and_gives_records() -> None:
    from lusong_kiosk.content.schema import MODELS, as_record

    label = {"zh": "产值", "en": "Output"}
    fig = as_record(MODELS["Figure"].model_validate({"id": "x", "value": 1, "label": label, "section": "s"}))
    assert isinstance(fig, Figure) and fig.value == 1.0 and isinstance(fig.value, float)
    assert fig.label == Text(zh="产值", en="Output")
    with pytest.raises(ValidationError):
        MODELS["Figure"].model_validate({"id": "x", "value": "12", "label": label, "section": "s"})
    with pytest.raises(ValidationError):
        MODELS["Figure"].model_validate({"id": "Bad Id", "value": 1, "label": label, "section": "s"})
    with pytest.raises(ValidationError):  # a rule that is code, not an annotation (schema.VALIDATORS)
        MODELS["Chart"].model_validate({"id": "c", "kind": "donut", "title": label, "figures": ["a"]})


def test_every_record_has_a_schema_with_the_same_fields() -> None:
    from lusong_kiosk.content import model
    from lusong_kiosk.content.schema import MODELS
    from lusong_kiosk.records import record_classes

    records = record_classes(vars(model))
    assert [r.__name__ for r in records] == list(MODELS)
    for rec in records:
        fields = {f.name: f.default for f in dataclasses.fields(rec)}
        schema = {n: (dataclasses.MISSING if i.is_required() else i.default)
                  for n, i in MODELS[rec.__name__].model_fields.items()}
        assert fields == schema, rec.__name__


def test_load_sorts_events_and_themes(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    # events out of order in the file, themes named against their order
    text = site.read("timeline.toml")
    first, second = text.split("[[events]]")[1:]
    head = text.split("[[events]]")[0]
    site.write("timeline.toml", head + "[[events]]" + second + "\n[[events]]" + first)
    site.path("themes/01-a.toml").rename(site.path("themes/09-a.toml"))
    ex = load(site.content, site.assets)
    assert [e.id for e in ex.events] == ["founded", "park-opens"]
    assert [t.id for t in ex.themes] == ["alpha", "beta"]


def test_problem_is_a_plain_value() -> None:
    from lusong_kiosk.content import Problem

    p = Problem("a.toml", "id", "bad")
    assert str(p) == "a.toml: id: bad"
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.message = "x"  # type: ignore[misc] - frozen: the write must fail
