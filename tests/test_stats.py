"""`lusong-kiosk stats`: exact figures from synthetic visits, the table, the CSV, the chart, errors."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import pytest
import analytics_fixtures
from analytics_fixtures import EXPECTED, VISITS, build_db

from lusong_kiosk.analytics import report as stats_report
from lusong_kiosk.analytics import store, tables
from lusong_kiosk.cli import main

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return build_db(tmp_path / "analytics.sqlite3")


def report(db: Path, exhibition=None, since=None, until=None) -> stats_report.Report:
    conn = stats_report.connect_readonly(db)
    try:
        return stats_report.build_report(conn, since, until, exhibition)
    finally:
        conn.close()


def by_key(rows: list[stats_report.Row]) -> dict[str, tuple[int, float]]:
    return {r.key: (r.count, r.seconds) for r in rows}


def test_report_figures_are_exact(db: Path, exhibition) -> None:
    rep = report(db, exhibition)
    assert rep.visits == EXPECTED["visits"]
    assert rep.per_day == EXPECTED["per_day"]  # the day without visits is listed with 0
    assert rep.per_hour == [EXPECTED["per_hour"].get(h, 0) for h in range(24)]
    assert rep.measured == EXPECTED["measured"]
    assert rep.mean_seconds == EXPECTED["mean"] == 232.5
    assert rep.median_seconds == EXPECTED["median"] == 150.0
    assert rep.lang_start == EXPECTED["lang_start"]
    assert rep.lang_end == EXPECTED["lang_end"]
    assert rep.accessibility_visits == EXPECTED["accessibility_visits"]
    assert rep.language_switches == EXPECTED["language_switches"]
    assert by_key(rep.screens) == EXPECTED["screens"]
    assert [r.key for r in rep.accessibility] == ["large_text=2"]


def test_most_and_least_viewed(db: Path, exhibition) -> None:
    rep = report(db, exhibition)
    most, least = rep.most_least(rep.screens, "count")
    assert [r.key for r in most] == ["home"]
    assert {r.key for r in least} == {"theme:opening", "theme:innovation", "theme:livelihood"}
    most, least = rep.most_least(rep.screens, "seconds")
    assert [r.key for r in most] == ["theme:ecology"]
    assert {r.key for r in least} == {"theme:opening", "theme:innovation", "theme:livelihood"}
    assert rep.screens[0].key == "home"  # sorted by views, most first


def test_timeline_events_and_home_taps_list_the_whole_content(db: Path, exhibition) -> None:
    rep = report(db, exhibition)
    events = by_key(rep.events)
    assert len(events) == len(exhibition.events)  # every event, also those nobody opened
    assert {k: c for k, (c, _) in events.items() if c} == EXPECTED["events"]
    assert [r.key for r in rep.events[:2]] == ["first-aero-engine", "airport-site-chosen"]
    taps = {k: c for k, (c, _) in by_key(rep.home_taps).items()}
    assert {k: c for k, c in taps.items() if c} == EXPECTED["home_taps"]
    assert set(taps) == {f"theme:{t.id}" for t in exhibition.themes} | {"timeline", "honours"}


def test_names_come_from_the_content(db: Path, exhibition) -> None:
    rep = report(db, exhibition)
    names = {r.key: (r.name_zh, r.name_en) for r in rep.screens}
    industry = exhibition.theme("industry")
    assert names["theme:industry"] == (industry.title.zh, industry.title.en)
    assert names["home"] == ("首页", "Home")
    assert names["timeline"] == (exhibition.timeline.title.zh, exhibition.timeline.title.en)
    ev = next(r for r in rep.events if r.key == "first-aero-engine")
    assert ev.prefix == exhibition.events[0].date and ev.name_zh == exhibition.events[0].title.zh
    # without the content, the ids stand in
    bare = report(db)
    assert {r.key: r.name_zh for r in bare.screens}["theme:industry"] == "theme:industry"


def test_since_and_until_are_inclusive_local_days(db: Path) -> None:
    import datetime as dt

    rep = report(db, since=dt.date(2024, 5, 3))
    assert rep.visits == 2 and rep.per_day == [("2024-05-03", 2)]
    assert rep.mean_seconds == 600.0 and rep.median_seconds == 600.0
    rep = report(db, until=dt.date(2024, 5, 1))
    assert rep.visits == 3 and rep.mean_seconds == pytest.approx(110.0) and rep.median_seconds == 60.0
    assert by_key(rep.screens)["timeline"] == (1, 200.0)
    rep = report(db, since=dt.date(2024, 5, 2), until=dt.date(2024, 5, 2))
    assert rep.visits == 0


@pytest.mark.parametrize(("items", "median"), [
    ([], None), ([(5.0, 1)], 5.0), ([(1.0, 1), (3.0, 1)], 2.0), ([(10.0, 3), (1.0, 1)], 10.0),
    ([(1.0, 2), (9.0, 2)], 5.0), ([(4.0, 0), (2.0, 1)], 2.0),
])
def test_weighted_median(items, median) -> None:
    assert stats_report.weighted_median(items) == median


def test_csv_holds_every_table(db: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out" / "report.csv"
    assert main(["stats", "--db", str(db), "--csv", str(out)]) == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: spreadsheets read the Chinese as UTF-8
    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert list(rows[0]) == list(stats_report.CSV_COLUMNS)
    table = {}
    for r in rows:
        table.setdefault(r["table"], {})[r["key"]] = r
    assert set(table) == {"summary", "visits_per_day", "visits_per_hour", "language_start", "language_end",
                          "screens", "timeline_events", "home_taps", "accessibility", "tour", "tour_left"}
    s = table["summary"]
    assert s["visits"]["count"] == "5" and s["visits_with_end"]["count"] == "4"
    assert s["mean_length"]["seconds"] == "232.5" and s["median_length"]["seconds"] == "150.0"
    assert s["accessibility_visits"]["count"] == "1" and s["accessibility_visits"]["percent"] == "20.0"
    assert s["language_switches"]["count"] == "1"
    assert {k: r["count"] for k, r in table["visits_per_day"].items()} == {
        "2024-05-01": "3", "2024-05-02": "0", "2024-05-03": "2"}
    assert len(table["visits_per_hour"]) == 24
    assert {k: r["count"] for k, r in table["visits_per_hour"].items() if r["count"] != "0"} == {
        "09": "2", "11": "2", "15": "1"}
    assert table["language_start"]["zh"]["count"] == "4" and table["language_start"]["zh"]["percent"] == "80.0"
    assert table["language_end"]["en"]["count"] == "2" and table["language_end"]["en"]["percent"] == "40.0"
    scr = table["screens"]
    assert {k: (r["count"], r["seconds"]) for k, r in scr.items()} == {
        k: (str(c), f"{s:.1f}") for k, (c, s) in EXPECTED["screens"].items()}
    assert scr["home"]["percent"] == "50.0"  # 5 of 10 views
    industry = scr["theme:industry"]
    assert (industry["name_zh"], industry["name_en"]) == ("产业提质", "Upgrading industry")
    ev = table["timeline_events"]["first-aero-engine"]
    assert ev["count"] == "2" and ev["percent"] == "66.7" and ev["name_zh"].startswith("1954")
    assert table["home_taps"]["theme:industry"]["count"] == "2"
    assert table["accessibility"]["large_text=2"]["count"] == "1"


def test_table_on_stdout(db: Path, capsys) -> None:
    assert main(["stats", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    lines = [line.strip() for line in out.splitlines()]
    assert "Visits                 5" in lines
    assert "Mean visit length      3 min 52 s   (4 visits with an end)" in lines
    assert "Median visit length    2 min 30 s" in lines
    assert "Accessibility used     1 visit (20.0 %)" in lines
    assert any(line.startswith("2024-05-02      0") for line in lines)
    assert any(line.startswith("09:00–10:00      2") for line in lines)
    assert "Most viewed:  首页 · Home (5 views)" in lines
    assert "Longest total dwell:  生态提升 · Greener living (8 min 20 s)" in lines
    assert any(line.startswith("中文 Chinese") and "4  80.0 %" in line and "3  60.0 %" in line for line in lines)
    assert any(line.startswith("Most opened:  1954-08-16 中国第一台航空发动机诞生") and line.endswith("(2)")
               for line in lines)


@pytest.mark.parametrize("argv", [
    ["--since", "2024-13-01"], ["--since", "2024/05/01"], ["--until", "yesterday"], ["--until", "20240501"],
    ["--since", "2024-02-30"], ["--since", "2024-05-03", "--until", "2024-05-01"],
])
def test_bad_dates_exit_2_with_a_clear_error(db: Path, argv, capsys) -> None:
    assert main(["stats", "--db", str(db), *argv]) == 2
    err = capsys.readouterr().err
    assert "lusong-kiosk stats: error:" in err
    assert "YYYY-MM-DD" in err or "invalid date" in err or "is after" in err


def test_no_visits(tmp_path: Path, capsys) -> None:
    missing = tmp_path / "none.sqlite3"
    assert main(["stats", "--db", str(missing)]) == 0
    assert capsys.readouterr().out.startswith("no visits recorded")
    assert not missing.exists()  # reading never creates the file
    empty = tmp_path / "empty.sqlite3"
    store.open_db(empty).close()
    assert main(["stats", "--db", str(empty), "--csv", str(tmp_path / "x.csv")]) == 0
    assert capsys.readouterr().out == "no visits recorded\n"
    assert not (tmp_path / "x.csv").exists()
    db = build_db(tmp_path / "a.sqlite3")
    assert main(["stats", "--db", str(db), "--since", "2024-05-02", "--until", "2024-05-02"]) == 0
    assert capsys.readouterr().out == "no visits recorded between 2024-05-02 and 2024-05-02\n"


def test_default_database_is_in_the_data_folder(capsys) -> None:
    build_db(store.default_path())
    assert main(["stats"]) == 0
    assert "Visits                 5" in capsys.readouterr().out
    store.default_path().unlink()


def test_unreadable_database_exits_1(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"this is not a database at all" * 100)
    assert main(["stats", "--db", str(bad)]) == 1
    assert "cannot read" in capsys.readouterr().err
    assert bad.read_bytes().startswith(b"this is not")  # stats never moves or repairs it


def test_png_chart(db: Path, tmp_path: Path, qapp, capsys) -> None:
    from PySide6.QtGui import QColor, QImage

    out = tmp_path / "chart.png"
    assert main(["stats", "--db", str(db), "--png", str(out)]) == 0
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    img = QImage(str(out))
    assert not img.isNull() and (img.width(), img.height()) == (tables.CHART_W, tables.CHART_H)
    small = img.scaled(400, 375).convertToFormat(QImage.Format.Format_RGB32)
    colours = {}
    for y in range(small.height()):
        for x in range(small.width()):
            c = small.pixel(x, y)
            colours[c] = colours.get(c, 0) + 1
    white = colours.get(QColor("white").rgb(), 0)
    total = small.width() * small.height()
    assert total - white > total * 0.05  # bars, text and axes, not an empty page
    assert len(colours) > 50  # antialiased text in several colours
    # the bars are drawn in their colours

    def near(c: int, ref: str) -> bool:
        return all(abs(a - b) < 12 for a, b in zip(QColor(c).getRgb()[:3], QColor(ref).getRgb()[:3]))

    assert sum(n for c, n in colours.items() if near(c, "#2f6fb3")) > total * 0.01
    assert sum(n for c, n in colours.items() if near(c, "#c8873a")) > total * 0.01


def test_chart_titles_are_in_the_bundled_font() -> None:
    from lusong_kiosk.content.fontcheck import missing_glyphs

    src = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "src" / "lusong_kiosk" / "analytics").glob("*.py"))
    cjk = "".join(c for c in src if ord(c) > 0x2E80)
    assert missing_glyphs(cjk, ROOT / "assets") == []


def test_summarised_days_report_the_same_figures(tmp_path: Path, exhibition) -> None:
    """Pruning moves old rows into the daily summary; the report stays the same."""
    import datetime as dt

    db = build_db(tmp_path / "a.sqlite3", [v for v in VISITS if v[1] is not None])
    before = report(db, exhibition)
    conn = store.open_db(db)
    try:
        removed = store.prune(conn, now=dt.datetime(2025, 1, 1).timestamp(), days=90)
        assert removed["visits"] == 4
        assert conn.execute("SELECT count(*) FROM visits").fetchone()[0] == 0
    finally:
        conn.close()
    after = report(db, exhibition)
    assert after.summarized_days == 2
    for name in ("visits", "per_day", "per_hour", "measured", "mean_seconds", "median_seconds", "lang_start",
                 "lang_end", "accessibility_visits", "language_switches"):
        assert getattr(after, name) == getattr(before, name), name
    assert by_key(after.screens) == by_key(before.screens)
    assert by_key(after.events) == by_key(before.events)
    assert by_key(after.home_taps) == by_key(before.home_taps)


def test_report_reads_while_the_writer_holds_the_file(db: Path) -> None:
    conn = sqlite3.connect(db)
    try:
        conn.execute("BEGIN")  # a reader's shared lock in the kiosk would not stop stats either
        conn.execute("SELECT count(*) FROM visits").fetchone()
        assert report(db).visits == 5
    finally:
        conn.rollback()
        conn.close()


# --- several kiosks ------------------------------------------------------------------------------

DAY = 24 * 3600
B_VISITS = VISITS[:3]  # kiosk B: the first three visits, two days later (lengths 60, 240, 30 s)


@pytest.fixture
def two_kiosks(tmp_path: Path) -> tuple[Path, Path]:
    return build_db(tmp_path / "entrance.sqlite3"), build_db(tmp_path / "hall.sqlite3", B_VISITS, shift=2 * DAY)


def test_each_kiosk_and_the_total_add_up(two_kiosks: tuple[Path, Path], tmp_path: Path, capsys) -> None:
    a, b = two_kiosks
    out = tmp_path / "kiosks.csv"
    assert main(["stats", "--db", str(a), "--db", str(b), "--csv", str(out)]) == 0
    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    kiosks = {r["key"]: r for r in rows if r["table"] == "kiosks"}
    assert {k: (r["count"], r["seconds"], r["percent"]) for k, r in kiosks.items()} == {
        "entrance": ("5", "930.0", "62.5"),  # 60 + 240 + 30 + 600 s; the running visit has no length
        "hall": ("3", "330.0", "37.5"),
        "total": ("8", "1260.0", "100.0"),
    }
    summary = {r["key"]: r for r in rows if r["table"] == "summary"}
    assert summary["visits"]["count"] == "8" and summary["visits_with_end"]["count"] == "7"
    assert summary["mean_length"]["seconds"] == "180.0"  # 1260 / 7
    assert summary["median_length"]["seconds"] == "60.0"  # of both: 30 30 60 60 | 240 240 600
    days = {r["key"]: r["count"] for r in rows if r["table"] == "visits_per_day"}
    assert days == {"2024-05-01": "3", "2024-05-02": "0", "2024-05-03": "5"}  # 2 + hall's 3
    screens = {r["key"]: int(r["count"]) for r in rows if r["table"] == "screens"}
    assert screens["home"] == 5 + 3 and screens["timeline"] == 1 + 1 and screens["theme:ecology"] == 1
    table = capsys.readouterr().out.splitlines()
    assert any(line.split()[:3] == ["entrance", "5", "62.5"] for line in table)
    assert any(line.split()[:3] == ["hall", "3", "37.5"] for line in table)
    assert any(line.split()[:4] == ["Total", "合计", "8", "100.0"] for line in table)
    assert "Visits                 8" in [line.strip() for line in table]


def test_a_folder_of_collected_databases_names_each_kiosk_by_its_folder(tmp_path: Path, capsys) -> None:
    for name, visits, shift in (("kiosk-1", VISITS, 0), ("kiosk-2", B_VISITS, DAY), ("kiosk-3", B_VISITS[:1], 0)):
        (tmp_path / "collected" / name).mkdir(parents=True)
        build_db(tmp_path / "collected" / name / store.DB_NAME, visits, shift=shift)
    (tmp_path / "collected" / "notes.txt").write_text("copied on Monday", encoding="utf-8")
    other = sqlite3.connect(tmp_path / "collected" / "other-app.sqlite3")  # not the kiosk's: left out
    other.execute("CREATE TABLE t (x)")
    other.close()
    assert main(["stats", "--db", str(tmp_path / "collected")]) == 0
    out = capsys.readouterr()
    assert "other-app.sqlite3 holds no analytics" in out.err
    lines = out.out.splitlines()
    counts = {line.split()[0]: int(line.split()[1]) for line in lines if line.strip().startswith("kiosk-")}
    assert counts == {"kiosk-1": 5, "kiosk-2": 3, "kiosk-3": 1}
    assert any(line.split()[:4] == ["Total", "合计", "9", "100.0"] for line in lines)


def test_every_unusable_database_is_named_and_nothing_is_reported(two_kiosks: tuple[Path, Path], tmp_path: Path,
                                                                   capsys) -> None:
    a, _b = two_kiosks
    bad = tmp_path / "garbled.sqlite3"
    bad.write_bytes(b"not a database" * 200)
    (tmp_path / "empty-folder").mkdir()
    missing = tmp_path / "gone.sqlite3"
    assert main(["stats", "--db", str(a), "--db", str(bad), "--db", str(missing),
                 "--db", str(tmp_path / "empty-folder")]) == 1
    out = capsys.readouterr()
    assert out.out == ""
    assert f"{missing}: no such database" in out.err
    assert f"cannot read {bad}" in out.err
    assert f"{tmp_path / 'empty-folder'}: no *.sqlite3 database in this folder" in out.err


def tour_db(path: Path, exhibition) -> tuple[Path, list[str]]:
    """The fixture's visits and, in three of them, the tour: started four times, completed once,
    left twice at its third step and once at an entry the tour no longer has."""
    from lusong_kiosk.modes.tour_plan import COMPLETED, LEFT, STARTED

    entries = list(exhibition.tour)
    t0 = analytics_fixtures.ts(2024, 5, 1, 9, 10)
    t1 = analytics_fixtures.ts(2024, 5, 3, 11, 20)
    recorded = [(1, STARTED, "", t0 + 5), (1, COMPLETED, "", t0 + 6), (1, STARTED, "", t0 + 7),
                (1, LEFT, entries[2], t0 + 8), (4, STARTED, "", t1 + 5), (4, LEFT, entries[2], t1 + 6),
                (4, STARTED, "", t1 + 7), (4, LEFT, "theme:industry#gone", t1 + 8)]
    conn = store.open_db(path)
    try:
        store.write_batch(conn, analytics_fixtures.records() + [("event", token, kind, value, at)
                                                                for token, kind, value, at in recorded], {})
    finally:
        conn.close()
    return path, entries


def test_the_tour_started_completed_and_where_it_was_left(tmp_path: Path, exhibition, capsys) -> None:
    from lusong_kiosk.modes.tour_plan import caption, tour_plan

    db, entries = tour_db(tmp_path / "a.sqlite3", exhibition)
    rep = report(db, exhibition)
    assert (rep.tours_started, rep.tours_completed) == (4, 1)
    # every step of the tour in its order, also where nobody left; then what the tour no longer has
    assert [r.key for r in rep.tour_left] == [*entries, "theme:industry#gone"]
    assert {r.key: r.count for r in rep.tour_left if r.count} == {entries[2]: 2, "theme:industry#gone": 1}
    third = rep.tour_left[2]
    assert (third.name_zh, third.name_en) == caption(exhibition, tour_plan(exhibition)[2])
    assert third.prefix == f" 3/{len(entries)}"

    out = tmp_path / "r.csv"
    assert main(["stats", "--db", str(db), "--csv", str(out)]) == 0
    lines = [line.strip() for line in capsys.readouterr().out.splitlines()]
    assert "Started                4" in lines
    assert "Completed              1   (25.0 % of those started)" in lines
    assert "Left before the end    3   (75.0 %)" in lines
    assert any(line.startswith("2   3/18 ") and third.name_zh in line for line in lines), lines
    assert any(line.startswith("1  theme:industry#gone") for line in lines)
    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    tour = {r["key"]: r for r in rows if r["table"] == "tour"}
    assert {k: (r["count"], r["percent"]) for k, r in tour.items()} == {
        "started": ("4", ""), "completed": ("1", "25.0"), "left": ("3", "75.0")}
    left = [r for r in rows if r["table"] == "tour_left"]
    assert [r["key"] for r in left] == [*entries, "theme:industry#gone"]
    assert (left[2]["count"], left[2]["percent"]) == ("2", "66.7") and third.name_en in left[2]["name_en"]

    # old days summarised by the retention report the same
    conn = store.open_db(db)
    try:
        import datetime as dt

        store.prune(conn, now=dt.datetime(2025, 1, 1).timestamp(), days=90)
    finally:
        conn.close()
    after = report(db, exhibition)
    assert after.summarized_days and (after.tours_started, after.tours_completed) == (4, 1)
    assert by_key(after.tour_left) == by_key(rep.tour_left)


@pytest.mark.parametrize("tours", [True, False], ids=["tours", "no-tours"])
def test_png_chart_has_a_tour_panel(tmp_path: Path, exhibition, qapp, tours: bool) -> None:
    """The chart's tour panel: tours started, completed and left, with a bar where tours were left
    at each step (in the tour's colour); with no tour recorded it says so, and draws no bar."""
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QColor, QImage

    db = tour_db(tmp_path / "a.sqlite3", exhibition)[0] if tours else build_db(tmp_path / "a.sqlite3")
    rep = report(db, exhibition)
    out = tmp_path / "chart.png"
    x, y, w, h = tables.render_png(rep, out)
    img = QImage(str(out)).convertToFormat(QImage.Format.Format_RGB32)
    assert (img.width(), img.height()) == (tables.CHART_W, tables.CHART_H)
    assert QRect(0, 0, img.width(), img.height()).contains(QRect(x, y, w, h)) and w > 0 and h > 0
    tour = QColor(tables.TOUR_COLOUR)
    white = QColor("white").rgb()

    def count(x0: int, y0: int, x1: int, y1: int, every: int = 2) -> tuple[int, int]:
        """(pixels in the tour's colour, pixels not white) in the rectangle, every ``every``th pixel
        (a bar is wider and taller than that)."""
        coloured = inked = 0
        for yy in range(y0, y1, every):
            for xx in range(x0, x1, every):
                c = img.pixel(xx, yy)
                inked += c != white
                coloured += all(abs(a - b) < 12 for a, b in zip(QColor(c).getRgb()[:3], tour.getRgb()[:3]))
        return coloured, inked

    coloured, inked = count(x, y, x + w, y + h)
    if tours:
        summary = tables.tour_summary(rep)
        assert summary is not None
        assert "开始 4 次" in summary and "4 started · 1 completed (25.0 %) · 3 left before the end" in summary
        assert coloured > (w // 2) * (h // 2) * 0.02  # the bars of started, completed and the steps
        # the steps are numbered as in the tour; a step it no longer has is marked
        assert [tables.tour_step(r) for r in rep.tour_left] == [*map(str, range(1, len(rep.tour_left))), "*"]
    else:
        assert tables.tour_summary(rep) is None  # the panel says that no tour was started
        assert inked > 0  # its words are drawn
        assert count(0, 0, img.width(), img.height(), 4)[0] == 0  # and no bar in the tour's colour
