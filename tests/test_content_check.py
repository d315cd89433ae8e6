"""`lusong-kiosk check`: the shipped content passes, and every kind of problem is reported with
its file, field and a message a curator can act on — all of them at once, with a count."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from content_fixtures import Site, make_site

from lusong_kiosk.content import load
from lusong_kiosk.content.check import run_check
from lusong_kiosk.content.loader import MAX_FILE_BYTES
from lusong_kiosk.content.problems import ContentError, Problem

COUNT = re.compile(r"^(\d+) problems? found$")

A = "themes/01-a.toml"
B = "themes/02-b.toml"
TL = "timeline.toml"
HO = "honours.toml"
EX = "exhibition.toml"


@pytest.fixture
def site(tmp_path: Path) -> Site:
    return make_site(tmp_path)


def problems(site: Site) -> list[str]:
    """Run check on a broken site: exit 1, one line per problem, then a correct count."""
    code, out = site.check()
    lines = out.splitlines()
    assert code == 1, out
    assert lines, "no output"
    m = COUNT.match(lines[-1])
    assert m, f"last line is not a count: {lines[-1]!r}"
    assert int(m.group(1)) == len(lines) - 1, out
    return lines[:-1]


def find(lines: list[str], file: str, field: str, message: str) -> str:
    """The one line for ``file`` (its end, e.g. themes/01-a.toml) and ``field`` with ``message``."""
    prefix = f"{file}: {field}: " if field else f"{file}: "
    hits = [line for line in lines if prefix in line and message in line
            and line.split(": ", 1)[0].endswith(file)]
    assert len(hits) == 1, f"no single line with {prefix!r} and {message!r} in:\n" + "\n".join(lines)
    return hits[0]


# -- the real content ---------------------------------------------------------------------------

def test_shipped_content_passes_check(capsys: pytest.CaptureFixture[str]) -> None:
    code = run_check()
    out = capsys.readouterr().out
    assert code == 0, out
    assert out.startswith("content OK: ")


# -- the tiny fixture -----------------------------------------------------------------------------

def test_valid_content_prints_one_summary_line(site: Site) -> None:
    code, out = site.check()
    assert code == 0, out
    assert out == "content OK: 2 themes, 8 figures, 2 charts, 2 stories, 2 events, 1 honours\n"


def test_toml_syntax_error_gives_the_line(site: Site) -> None:
    site.replace(A, 'tagline = {', 'tagline = = {')  # line 4
    lines = problems(site)
    find(lines, A, "line 4", "TOML syntax error")
    assert len(lines) == 1  # and no "no theme with id 'alpha'" from the files that name it


def test_missing_required_field(site: Site) -> None:
    site.replace(A, 'tagline = { zh = "口号", en = "Tagline" }\n', "")
    lines = problems(site)
    find(lines, A, "tagline", "required field is missing")
    assert len(lines) == 1


def test_unknown_field_suggests_the_right_name(site: Site) -> None:
    site.replace(A, "value = 300", "valeu = 300")
    lines = problems(site)
    find(lines, A, "figures[1].valeu", "unknown field (did you mean 'value'?)")
    find(lines, A, "figures[1].value", "required field is missing")
    assert len(lines) == 2


def test_unknown_field_at_top_level(site: Site) -> None:
    site.replace(B, 'accent = "#3DA35D"', 'acent = "#3DA35D"')
    lines = problems(site)
    find(lines, B, "acent", "did you mean 'accent'?")


def test_wrong_type(site: Site) -> None:
    site.replace(A, "value = 300", 'value = "abc"')
    lines = problems(site)
    find(lines, A, "figures[1].value", 'expected a number, got "abc"')
    assert len(lines) == 1


def test_text_given_as_a_plain_string(site: Site) -> None:
    site.replace(B, 'tagline = { zh = "口号", en = "Tagline" }', 'tagline = "口号"')
    lines = problems(site)
    find(lines, B, "tagline", 'expected a text pair { zh = "…", en = "…" }, got "口号"')


def test_missing_language(site: Site) -> None:
    site.replace(A, 'title = { zh = "产业", en = "Industry" }', 'title = { zh = "产业" }')
    lines = problems(site)
    find(lines, A, "title.en", "missing the English text")
    assert len(lines) == 1


def test_duplicate_figure_ids_across_themes(site: Site) -> None:
    site.replace(B, 'id = "b-trees"', 'id = "a-firms"')
    lines = problems(site)
    line = find(lines, B, "figures[3].id", "duplicate figure id 'a-firms'")
    assert "themes/01-a.toml: figures[3].id" in line  # where the first one is
    assert len(lines) == 1


def test_duplicate_event_ids(site: Site) -> None:
    site.replace(TL, 'id = "park-opens"', 'id = "founded"')
    lines = problems(site)
    find(lines, TL, "events[1].id", "duplicate event id 'founded'")
    assert len(lines) == 1


@pytest.mark.parametrize("date", ["1953-12-31", "2023", "2023-01"])
def test_timeline_date_outside_1954_2022(site: Site, date: str) -> None:
    site.replace(TL, '"2021-06"', f'"{date}"')
    lines = problems(site)
    find(lines, TL, "events[1].date", f"date '{date}' is outside 1954-2022")
    assert len(lines) == 1


@pytest.mark.parametrize("date", ["2021-02-30", "2021-13", "2022-04-31"])
def test_date_that_is_not_real(site: Site, date: str) -> None:
    site.replace(TL, '"2021-06"', f'"{date}"')
    lines = problems(site)
    find(lines, TL, "events[1].date", f"not a real date: '{date}'")


def test_date_in_the_wrong_format(site: Site) -> None:
    site.replace(TL, '"2021-06"', '"June 2021"')
    lines = problems(site)
    find(lines, TL, "events[1].date", "expected a date as YYYY, YYYY-MM or YYYY-MM-DD")


def test_event_theme_that_does_not_exist(site: Site) -> None:
    site.replace(TL, 'theme = "beta"', 'theme = "gamma"')
    lines = problems(site)
    find(lines, TL, "events[1].theme", "no theme with id 'gamma' (themes: alpha, beta)")
    assert len(lines) == 1


def test_chart_naming_a_figure_that_does_not_exist(site: Site) -> None:
    site.replace(B, 'figures = ["b-green"]', 'figures = ["b-greem"]')
    lines = problems(site)
    find(lines, B, "charts[0].figures[0]", "no figure with id 'b-greem' in this theme")
    assert len(lines) == 1


def test_hero_naming_a_figure_that_does_not_exist(site: Site) -> None:
    site.replace(B, 'hero = "b-days"', 'hero = "a-output"')  # a figure, but of another theme
    lines = problems(site)
    find(lines, B, "hero", "expected the id of a figure in this theme, got 'a-output'")
    assert len(lines) == 1


def test_a_misspelt_hero_is_one_problem_not_also_the_tour_s(site: Site) -> None:
    """The tour entry for the real hero is not reported as well: it pointed the curator at the
    misspelling as a valid step ("expected ... in its reveal order (headline, b-dyas, ...)")."""
    site.replace(EX, 'default_language = "zh"\n', 'default_language = "zh"\ntour = ["theme:beta#b-days"]\n')
    site.replace(B, 'hero = "b-days"', 'hero = "b-dyas"')
    lines = problems(site)
    find(lines, B, "hero", "expected the id of a figure in this theme, got 'b-dyas'")
    assert len(lines) == 1, lines


def test_theme_without_a_hero_or_short_title(site: Site) -> None:
    site.replace(B, 'hero = "b-days"\n', '')
    site.replace(B, 'short_title = { zh = "生态", en = "Ecology" }\n', '')
    lines = problems(site)
    find(lines, B, "hero", "")
    find(lines, B, "short_title", "")
    assert len(lines) == 2


def test_chart_mixing_units_or_scales(site: Site) -> None:
    site.replace(A, 'unit = { zh = "亿元", en = "billion yuan" }\nsection = "industry"\nen_scale = 0.1\n',
                 'unit = { zh = "亿元", en = "bn yuan" }\nsection = "industry"\n')
    lines = problems(site)
    find(lines, A, "charts[0].figures", "needs figures of one unit in both languages")
    find(lines, A, "charts[0].figures", "the same en_scale")
    assert len(lines) == 2


def test_editor_lock_files_are_not_content(site: Site) -> None:
    site.write("themes/.#02-b.toml", "half = [written")
    assert site.check()[0] == 0


def test_asset_that_does_not_exist(site: Site) -> None:
    site.replace(HO, '"icons/x.svg"', '"icons/missing.svg"')
    lines = problems(site)
    find(lines, HO, "honours[0].icon", "file not found: assets/icons/missing.svg")
    assert len(lines) == 1


def test_asset_path_leaving_assets_with_dotdot(site: Site) -> None:
    (site.assets.parent / "secret.svg").write_text("<svg/>", encoding="utf-8")
    site.replace(A, 'icon = "icons/x.svg"', 'icon = "icons/../../secret.svg"')
    lines = problems(site)
    find(lines, A, "icon", "expected a path inside assets/, got 'icons/../../secret.svg' which leaves it")
    assert len(lines) == 1


def test_asset_path_that_is_absolute(site: Site) -> None:
    target = site.assets / "icons" / "x.svg"  # exists, but absolute paths are refused anyway
    site.replace(A, 'icon = "icons/x.svg"', f'icon = "{target.as_posix()}"')
    lines = problems(site)
    find(lines, A, "icon", "expected a path inside assets/, got the absolute path")
    assert len(lines) == 1


def test_empty_text(site: Site) -> None:
    site.replace(A, 'headline = { zh = "标题", en = "Headline" }', 'headline = { zh = "标题", en = "  " }')
    lines = problems(site)
    find(lines, A, "headline.en", "empty text")
    assert len(lines) == 1


@pytest.mark.parametrize(("char", "code"), [("𓀀", "U+13000"), ("😀", "U+1F600")])
def test_character_the_bundled_font_cannot_draw(site: Site, char: str, code: str) -> None:
    site.replace(TL, 'title = { zh = "建立", en = "Founded" }', f'title = {{ zh = "建立{char}", en = "Founded" }}')
    lines = problems(site)
    find(lines, TL, "events[0].title.zh", f"the bundled font cannot draw '{char}' ({code})")
    assert len(lines) == 1


def test_missing_font_file_is_a_problem_not_a_crash(site: Site) -> None:
    (site.assets / "fonts").unlink()
    (site.assets / "fonts").mkdir()
    regular = "NotoSansSC-Regular-subset.otf"
    (site.assets / "fonts" / regular).symlink_to(Path(__file__).parent.parent / "assets" / "fonts" / regular)
    lines = problems(site)
    find(lines, "fonts/NotoSansSC-Bold-subset.otf", "", "font file not found")


def test_several_problems_in_several_files_are_all_listed(site: Site) -> None:
    site.replace(A, "value = 300", 'value = "abc"')
    site.replace(A, 'accent = "#E8A33D"', 'accent = "orange"')
    site.replace(B, 'figures = ["b-green"]', 'figures = ["b-greem"]')
    site.replace(TL, '"2021-06"', '"2021-02-30"')
    site.replace(HO, '"icons/x.svg"', '"/etc/passwd"')
    site.replace(EX, "year = 2022", 'year = "2022"')
    lines = problems(site)
    assert len(lines) == 6, "\n".join(lines)
    find(lines, A, "figures[1].value", "expected a number")
    find(lines, A, "accent", 'expected a colour such as "#E8A33D", got "orange"')
    find(lines, B, "charts[0].figures[0]", "no figure with id 'b-greem'")
    find(lines, TL, "events[1].date", "not a real date")
    find(lines, HO, "honours[0].icon", "absolute path")
    find(lines, EX, "source.year", 'expected a whole number, got "2022"')


def test_count_line_is_singular_for_one_problem(site: Site) -> None:
    site.replace(TL, 'theme = "beta"', 'theme = "gamma"')
    _, out = site.check()
    assert out.splitlines()[-1] == "1 problem found"


def test_problems_are_listed_in_reading_order() -> None:
    err = ContentError([Problem("t.toml", "figures[10].id", "x"), Problem("t.toml", "figures[2].id", "x"),
                        Problem("t.toml", "line 9", "x"), Problem("a.toml", "id", "x")])
    assert [str(p) for p in err.problems] == [
        "a.toml: id: x", "t.toml: figures[2].id: x", "t.toml: figures[10].id: x", "t.toml: line 9: x"]


def test_invalid_utf8_is_reported_with_its_line(site: Site) -> None:
    raw = site.path(HO).read_bytes()
    assert "荣誉一".encode() in raw
    site.path(HO).write_bytes(raw.replace("荣誉一".encode(), "荣誉一".encode("gb18030")))
    lines = problems(site)
    find(lines, HO, "line 6", "not valid UTF-8 text (save the file as UTF-8)")
    assert len(lines) == 1


def test_file_with_a_bom_is_accepted(site: Site) -> None:
    site.path(A).write_bytes(b"\xef\xbb\xbf" + site.path(A).read_bytes())
    code, out = site.check()
    assert code == 0, out


def test_file_over_the_size_limit_is_refused(site: Site) -> None:
    site.append(HO, "# padding\n" + "#" * MAX_FILE_BYTES + "\n")
    lines = problems(site)
    find(lines, HO, "", f"the limit is {MAX_FILE_BYTES:,}")
    assert len(lines) == 1


def test_unquoted_toml_date_is_accepted(site: Site) -> None:
    site.replace(TL, '"2021-06"', "2021-06-28")
    code, out = site.check()
    assert code == 0, out
    ex = load(site.content, site.assets)
    assert [e.date for e in ex.events] == ["1954-08-16", "2021-06-28"]


def test_unquoted_year_is_accepted(site: Site) -> None:
    site.replace(TL, '"2021-06"', "2021")
    ex = load(site.content, site.assets)
    assert ex.events[1].date == "2021"
    assert ex.events[1].precision == "year"


def test_broken_exhibition_file_does_not_hide_other_problems(site: Site) -> None:
    site.replace(EX, "year = 2022", "year = 1800")
    site.replace(HO, '"icons/x.svg"', '"icons/missing.svg"')
    lines = problems(site)
    find(lines, EX, "source.year", "")
    find(lines, HO, "honours[0].icon", "file not found")
    assert len(lines) == 2


def test_broken_theme_is_not_reported_again_where_it_is_named(site: Site) -> None:
    site.replace(A, 'accent = "#E8A33D"', "accent = 12")
    lines = problems(site)
    assert lines == [line for line in lines if "01-a.toml" in line]  # not the timeline, not honours


def test_broken_timeline_is_not_reported_again_at_the_honour_naming_its_event(site: Site) -> None:
    site.replace(HO, 'level = "national"', 'level = "national"\nevent = "founded"')
    site.replace(TL, 'date = "2021-06"', "date = 2021-13")  # not TOML: the whole file fails
    lines = problems(site)
    find(lines, TL, "line 20", "TOML syntax error")
    assert len(lines) == 1, lines  # not "honours[0].event: no timeline event with id 'founded'"


def test_check_does_not_import_qt(site: Site, tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from lusong_kiosk import cli\n"
        f"rc = cli.main(['check', '--content', {str(site.content)!r}, '--assets', {str(site.assets)!r}])\n"
        "print('RC', rc)\n"
        "print('QT', sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'pyqtgraph'))))\n"
    )
    env = dict(os.environ)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                            cwd=tmp_path, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "RC 0" in result.stdout, result.stdout + result.stderr
    assert "QT []" in result.stdout
    assert "content OK: 2 themes, 8 figures" in result.stdout  # the fixture, not content/


def test_a_donut_s_stated_share_must_be_a_percentage_close_to_part_over_whole(site: Site) -> None:
    # a-output-before / a-output is 42.1 %; a-share (95.9 %) states something else
    site.replace(A, 'kind = "compare"\ntitle = { zh = "增长", en = "Growth" }\n'
                    'figures = ["a-output-before", "a-output"]',
                 'kind = "donut"\ntitle = { zh = "增长", en = "Growth" }\nfigures = ["a-output-before", "a-output"]\n'
                 'share = "a-share"')
    site.replace(B, 'figures = ["b-green"]', 'figures = ["b-green"]\nshare = "b-green"')
    lines = problems(site)
    find(lines, A, "charts[0].share", "the stated share 95.9% of 'a-share' differs from part / whole 42.1%")
    find(lines, B, "charts[0]", "only a donut chart states a share")
    assert len(lines) == 2
