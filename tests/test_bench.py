"""`lusong-kiosk bench` produces every figure, and what makes the app fast stays true: the home
screen is drawn without pyqtgraph, hidden screens run nothing, the remaining screens are built
after the first frame, and a counting figure does not make Qt lay the panel out on every frame.

No time is asserted anywhere here: times belong to `lusong-kiosk bench`, not to a test.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys

import pytest
from PySide6.QtCore import QAbstractAnimation, QPropertyAnimation, QTimer
from PySide6.QtWidgets import QApplication

from lusong_kiosk.devtools.bench import FIRST_FRAME_SIZES, MEMORY_SIZES, SIZES
from lusong_kiosk.devtools.figures import percentile, summary
from lusong_kiosk.firstframe import parse_line

SCENARIOS = ["home_static", *(f"theme_entry:{t}" for t in
                              ["industry", "opening", "innovation", "ecology", "livelihood"]),
             "panel_transition", "panel_scroll", "attract_loop", "timeline_fling", "timeline_zoom", "honours_wall",
             "tour"]
ENTRIES = [*(f"theme:{t}" for t in ["industry", "opening", "innovation", "ecology", "livelihood"]),
           "timeline", "honours"]


def positive(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) and value > 0


def test_each_frames_best_play_is_taken_frame_by_frame():
    from lusong_kiosk.devtools.scenarios import Bench

    raw = {"paint": [5.0, 9.0, 4.0, 8.0, 3.0, 7.0, 2.0], "play_starts": [0, 3, 5]}  # plays of 3, 2, 2 frames
    assert Bench.best_of_plays(raw) == [5.0, 2.0]  # (a play cut short: the frames all plays have)
    assert Bench.best_of_plays({"paint": [1.0, 2.0], "play_starts": [0]}) == []  # one play: no such figure
    assert "paint_best_of_plays_ms" not in Bench.figures({"paint": [1.0, 2.0]})


def test_percentiles_are_nearest_rank():
    values = list(range(1, 101))
    assert percentile(values, 50) == 50 and percentile(values, 95) == 95 and percentile(values, 99) == 99
    assert percentile([7.0], 99) == 7.0
    assert summary([1.0, 2.0, 3.0, 4.0]) == {"median": 2.5, "p95": 4.0, "p99": 4.0, "max": 4.0}


@pytest.mark.long
def test_bench_quick_writes_every_figure(tmp_path):
    """The whole benchmark, with the tiny counts of LUSONG_KIOSK_BENCH_TINY (seconds, not minutes)."""
    out = tmp_path / "bench.json"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LUSONG_KIOSK_BENCH_TINY="1",
               LUSONG_KIOSK_DATA=str(tmp_path / "data"))
    proc = subprocess.run([sys.executable, "-m", "lusong_kiosk", "bench", "--quick", "--json", str(out)],
                          env=env, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-4000:]
    assert "First frame" in proc.stdout and "Targets" in proc.stdout  # the table
    r = json.loads(out.read_text(encoding="utf-8"))

    assert r["plan"] == "tiny" and r["counts"]["cycles"] > 0 and r["counts"]["warmup_cycles"] > 0
    assert r["machine"]["nproc"] > 0 and r["machine"]["python"] and r["machine"]["pyside6"]

    assert set(r["first_frame"]) == set(FIRST_FRAME_SIZES)
    for ff in r["first_frame"].values():
        for key in ("app_ms", "bare_ms", "app_checking_ms", "app_cpu_ms", "bare_cpu_ms", "app_checking_cpu_ms",
                    "floor_ms", "floor_cpu_ms"):
            assert set(ff[key]) == {"median", "min", "max"} and all(positive(v) for v in ff[key].values()), ff
        assert positive(ff["ratio"]) and positive(ff["cpu_ratio"]) and ff["runs"] >= 1
        assert positive(ff["checking_ratio"]) and positive(ff["floor_ratio"])
        # where the app's start goes, step by step (the interpreter and imports before main first)
        assert list(ff["app_phases_ms"]) == ["main", "arguments", "imports", "logging", "content", "qt", "shell",
                                            "show", "paint"], ff
        assert all(positive(v) for v in ff["app_phases_ms"].values()), ff["app_phases_ms"]

    assert set(r["frames"]) == set(SIZES)
    for size, scenarios in r["frames"].items():
        assert list(scenarios) == SCENARIOS, size
        for name, f in scenarios.items():
            assert f["frames"] > 0, (size, name)
            for key in ("paint_ms", "paint_cpu_ms", "repaint_ms", "tick_ms"):
                assert set(f[key]) == {"median", "p95", "p99", "max"}, (size, name, key)
                assert all(positive(v) for v in f[key].values()), (size, name, key, f[key])
            if name.startswith("theme_entry") or name == "honours_wall":  # played again and again
                best = f["paint_best_of_plays_ms"]
                assert best["plays"] == r["counts"]["entry_repeats"] >= 2 and all(positive(v) for v in best.values())
                assert best["p99"] <= f["paint_ms"]["p99"], (size, name)
        assert f"frame_p99_best_of_plays:{size}" in r["targets"]

    assert set(r["navigation"]) == set(SIZES)
    for nav in r["navigation"].values():
        for key in ("tap", "swipe"):
            assert set(nav[key]) == {"median", "p95"} and all(positive(v) for v in nav[key].values())
        assert set(nav["entries"]) == set(ENTRIES)
        assert all(positive(v) for e in nav["entries"].values() for v in e.values())
        assert set(nav["cold_ms"]) == set(ENTRIES) and all(positive(v) for v in nav["cold_ms"].values())

    assert set(r["memory"]) == set(MEMORY_SIZES)
    for mem in r["memory"].values():
        for key in ("peak_rss_mb", "rss_start_mb", "rss_after_warmup_mb", "rss_after_cycles_mb", "cycle_ms"):
            assert positive(mem[key]), (key, mem)
        assert math.isfinite(mem["growth_mb"])  # may be 0 or below: memory handed back
        assert mem["cycles"] == r["counts"]["cycles"] and mem["warmup_cycles"] == r["counts"]["warmup_cycles"]

    assert r["targets"] and all(isinstance(c["met"], bool) for c in r["targets"].values())

    # --skip-memory: the same report without the memory cycles (no memory targets, table still whole)
    from lusong_kiosk.devtools.bench import check_targets, table

    times = {**r, "memory": {}}
    checks = check_targets(times)
    assert checks and not [k for k in checks if k.startswith(("memory", "peak_rss"))]
    assert "Navigation" in table({**times, "targets": checks})


HOME_IMPORTS = r"""
import sys
from PySide6.QtWidgets import QApplication
import lusong_kiosk.app, lusong_kiosk.ui.shell, lusong_kiosk.ui.home
from lusong_kiosk.app import build_shell
from lusong_kiosk.settings import Settings
app = QApplication(sys.argv[:1])
shell = build_shell(Settings(), size=(1280, 720))
shell.show()
for _ in range(5):
    app.processEvents()
assert shell.current_target == "home" and set(shell.screens) == {"home"}
print("pyqtgraph" in sys.modules, "numpy" in sys.modules)
"""


def test_home_screen_imports_no_pyqtgraph(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LUSONG_KIOSK_DATA=str(tmp_path))
    proc = subprocess.run([sys.executable, "-c", HOME_IMPORTS], env=env, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.split()[-2:] == ["False", "False"]  # neither pyqtgraph nor numpy


# what the first frame must not wait for: the charts, and what is only needed later or
# elsewhere -- the rotating log (started after the frame; its socket import was 10-15 ms),
# OpenSSL (hashlib; the start-up cache's digest is CPython's own), TOML and "did you mean"
# (only when checking), the PIN's prompt
LATER = ("pyqtgraph", "numpy", "logging.handlers", "_hashlib", "tomllib", "difflib", "getpass")
FIRST_FRAME_MODULES = r"""
import os, sys
later, sys.argv[1:] = sys.argv[1].split(","), ["--size", "1280x720"]
exit = os._exit


def report(code):  # firstframe.watch ends the process here, right after the first frame
    print("LOADED", *[m for m in later if m in sys.modules], flush=True)
    exit(code)


os._exit = report
from lusong_kiosk.cli import main

main()
"""


def test_real_start_up_paints_its_first_frame_without_pyqtgraph(tmp_path):
    """... nor what it needs only later, and from the second start on the same files without
    pydantic either (validated.py)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LUSONG_KIOSK_DATA=str(tmp_path),
               LUSONG_KIOSK_FIRST_FRAME="1")
    for checked in ("1", "0"):
        proc = subprocess.run([sys.executable, "-c", FIRST_FRAME_MODULES, ",".join(LATER)], env=env,
                              capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr[-3000:]
        assert parse_line(proc.stdout) is not None, proc.stdout
        assert "pyqtgraph=0" in proc.stdout
        assert f"pydantic={checked}" in proc.stdout
        loaded = next(line.split()[1:] for line in proc.stdout.splitlines() if line.startswith("LOADED"))
        if checked == "0":  # (checking the content reads TOML and may use anything)
            assert loaded == [], loaded


def _running(screen) -> list:
    anims = [a for a in screen.findChildren(QAbstractAnimation) if a.state() == QAbstractAnimation.State.Running]
    timers = [t for t in screen.findChildren(QTimer) if t.isActive()]
    return anims + timers


def test_hidden_screens_run_no_timers_or_animations(qtbot, make_shell):
    shell = make_shell(1280, 720, transition_ms=200, chart_ms=800, counter_ms=800, stagger_ms=60)
    targets = [*ENTRIES, "timeline:industry", "event:" + shell.ctx.exhibition.events[0].id]
    for target in targets:  # on to the next once its animations have started, before any has finished
        assert shell.go(target)
        QApplication.processEvents()
    shell.toggle_language()
    for target in reversed(targets):
        shell.go(target)
        QApplication.processEvents()
    shell.go("home")
    qtbot.waitUntil(lambda: not shell.stage.in_transition())
    assert set(shell.screens) == {"home", *(e for e in ENTRIES)}
    for key, screen in shell.screens.items():
        if key == "home":
            continue
        assert not screen.isVisible(), key
        assert _running(screen) == [], (key, [type(o).__name__ for o in _running(screen)])
    assert not shell.screens["timeline"].view.is_moving()


def test_navigation_makes_no_new_animation_objects(qtbot, make_shell):
    shell = make_shell(1280, 720)
    for target in ENTRIES:  # built
        shell.go(target, animate=False)
    count = len(shell.stage.findChildren(QPropertyAnimation))
    for _ in range(3):
        for target in [*ENTRIES, "home"]:
            shell.go(target)
            shell.finish_all()
    assert len(shell.stage.findChildren(QPropertyAnimation)) == count


def test_other_screens_are_built_after_the_first_frame(qtbot, exhibition):
    from conftest import ASSETS, CONTENT, fast_settings
    from lusong_kiosk.app import build_shell
    from lusong_kiosk.ui.shell import build_later

    shell = build_shell(fast_settings(), exhibition, CONTENT, ASSETS, size=(1280, 720))
    qtbot.addWidget(shell)
    build_later(shell)
    assert set(shell.screens) == {"home"}  # nothing before the first frame
    shell.show()
    qtbot.waitUntil(lambda: set(shell.screens) == set(shell.factories), timeout=60_000)
    assert shell.current_target == "home" and shell.stage.current is shell.screens["home"]
    assert all(not s.isVisible() for k, s in shell.screens.items() if k != "home")
    # and then the heap is settled: what was built stays out of later garbage collections
    import gc

    qtbot.waitUntil(lambda: gc.get_freeze_count() > 10_000, timeout=10_000)


def test_settling_the_heap_collects_garbage_among_frozen_objects():
    """heap.settle() unfreezes before collecting: a screen dropped after a freeze (a live
    content update) is collected at the next settle, not kept for ever."""
    import gc
    import weakref

    from lusong_kiosk import heap

    class Node:
        pass

    a, b = Node(), Node()
    a.other, b.other = b, a  # a cycle: only the collector frees it
    ref = weakref.ref(a)
    heap.settle()
    assert gc.get_freeze_count() > 0
    del a, b
    gc.collect()
    assert ref() is not None  # frozen: ordinary collections leave it
    heap.settle()
    assert ref() is None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")
def test_settling_the_heap_hands_free_memory_back():
    """What the app freed is given back to the system when the heap is settled (the kiosk does
    it at each idle reset), so its resident size follows what it holds."""
    from lusong_kiosk import heap
    from lusong_kiosk.devtools.figures import rss_bytes

    blocks = [bytearray(64 * 1024) for _ in range(1200)]  # ~75 MB in the C heap, touched
    kept = blocks[::10]  # one in ten stays: the heap cannot just shrink from its top on free
    del blocks  # ~67 MB free between the kept ones
    before = rss_bytes()
    heap.settle()
    after = rss_bytes()
    assert before - after > 30 * 1024 * 1024
    del kept


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mmap threshold")
def test_big_blocks_go_back_to_the_system_as_soon_as_freed():
    """Once the heap has been settled (the app does it once its screens are built), a big
    block freed -- a picture Qt painted into and dropped -- leaves the process's resident
    memory at once, even after a bigger one was freed before it (glibc would otherwise keep
    such blocks in its heap from then on, and the peak RSS would count them). In a process of
    its own: a test worker's heap, shaped by the tests before, once handed back 28 of 40 MB."""
    import subprocess
    import sys

    probe = """
from lusong_kiosk import heap
from lusong_kiosk.devtools.figures import rss_bytes

heap.settle()

def touched(n):
    block = bytearray(n)
    block[::4096] = b"\\x01" * len(range(0, n, 4096))  # every page resident
    return block

first = touched(8 << 20)
del first  # the block glibc would raise its threshold to
blocks = [touched(4 << 20) for _ in range(10)]
after_them = touched(64 << 10)  # so that the heap cannot just shrink from its top
before = rss_bytes()
del blocks
print(before - rss_bytes())
"""
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert int(out.stdout.split()[-1]) > 30 * 1024 * 1024, out.stdout


def test_a_counting_figure_keeps_its_size(qtbot, make_shell):
    """While a figure counts, its label is pinned (no relayout per frame); it is free again at the
    end, and a language switch mid-count pins it again to the other language's size."""
    shell = make_shell(1280, 720, counter_ms=2000, chart_ms=2000)
    shell.go("theme:industry", animate=False)
    page = shell.screens["theme:industry"]
    QApplication.processEvents()
    fv = page.highlights[0]
    fv.animate(2000)
    counted = fv.shown_value()
    qtbot.waitUntil(lambda: fv.shown_value() != counted)  # it counts
    lab = fv.value_label
    assert fv.is_animating()
    assert lab.minimumSize() == lab.maximumSize()  # pinned while counting
    height, counted = lab.height(), fv.shown_value()
    qtbot.waitUntil(lambda: fv.shown_value() != counted)  # further frames
    assert lab.height() == height
    fv.set_language("en")  # pinned again, to the English figure's size
    assert fv.caption.text().replace("\u00a0", " ") == fv.figure.label("en") and lab.minimumSize() == lab.maximumSize()
    fv.finish()
    assert not fv.is_animating() and lab.minimumSize() != lab.maximumSize()
    assert fv.shown_value() == fv.target_value()


@pytest.mark.parametrize("on", [False, True])
def test_theme_dots_reuse_their_icons(qtbot, make_shell, on):
    shell = make_shell(1280, 720)
    ids = shell.theme_ids()
    for _ in range(3):
        for tid in ids:
            shell.go(f"theme:{tid}", animate=on)
            shell.finish_all()
    assert len(shell.top.dots._icons) <= 2 * len(ids)  # one per size and colour, not one per visit


def test_theme_dots_keep_their_sheets_and_pictures_from_visit_to_visit(qtbot, make_shell):
    """A marker is styled once for both its states: going from theme to theme sets no sheet
    again, so a marker's kept picture of each state is found at the next visit (a sheet set
    anew made every state a new one, its picture drawn and kept again at each visit)."""
    from PySide6.QtCore import QEvent

    from conftest import Received

    shell = make_shell(1280, 720)
    ids = shell.theme_ids()
    for tid in ids:  # each marker seen in both states once
        shell.go(f"theme:{tid}", animate=False)
        shell.repaint()
        QApplication.processEvents()
    restyled = Received(QEvent.Type.StyleChange)
    for b in shell.top.dots.buttons.values():
        b.installEventFilter(restyled)
    sheets = {tid: b.styleSheet() for tid, b in shell.top.dots.buttons.items()}
    for tid in [*ids[::-1], *ids]:
        shell.go(f"theme:{tid}", animate=False)
        shell.repaint()
        QApplication.processEvents()  # (a picture is kept after its paint)
    assert restyled.objects == []
    assert {tid: b.styleSheet() for tid, b in shell.top.dots.buttons.items()} == sheets
    current = shell.top.dots.buttons[ids[-1]]
    assert current.isChecked() and current.kept() is not None  # painted in this state before: its picture


def bench_child(tmp_path, *args: str) -> dict:
    """The JSON of one bench child at 1920x1080 with the tiny plan and ``args``."""
    out = tmp_path / "child.json"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LUSONG_KIOSK_DATA=str(tmp_path / "data"))
    proc = subprocess.run([sys.executable, "-m", "lusong_kiosk.devtools.bench", "--child", "landscape",
                           "--plan", "tiny", *args, "--out", str(out)],
                          env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(out.read_text(encoding="utf-8"))


def test_navigation_is_measured_alone(tmp_path):
    """``--child SIZE --part navigation``: the taps and swipes alone, without the frames."""
    r = bench_child(tmp_path, "--part", "navigation")
    assert list(r) == ["navigation"]
    nav = r["navigation"]
    assert positive(nav["tap"]["p95"]) and positive(nav["swipe"]["p95"]) and "theme:industry" in nav["entries"]


def test_one_scenario_is_measured_alone(tmp_path):
    """``--child SIZE --only NAME``: the frames of that scenario alone (the self-running tour
    here, its steps played under the manual clock), without navigation or the others."""
    r = bench_child(tmp_path, "--only", "tour")
    assert list(r) == ["frames"] and list(r["frames"]) == ["tour"]
    assert r["frames"]["tour"]["frames"] > 0 and positive(r["frames"]["tour"]["paint_ms"]["p99"])
