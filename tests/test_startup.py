"""The exhibition's start: what it skips to reach its first frame sooner, without changing what a
user, a technician or the rest of the run gets (cli.parse_args, the paused collector, PySide's
table of modules)."""

from __future__ import annotations

import contextlib
import gc
import io
import os
import subprocess
import sys
import textwrap

import pytest

from lusong_kiosk import cli

GOOD = [[], ["--size", "1920x1080"], ["--mode", "kiosk", "--lang", "en", "--fullscreen", "--reduce-motion"],
        ["--idle-timeout", "30", "--screen", "1", "--content", "/x", "--assets", "/y", "--config", "k.toml"],
        ["--smoke-ms", "500"], ["--version"], ["--mode=presenter"], ["--siz", "800x600"],
        ["run", "--size", "800x600"], ["--content", "check"], ["check"], ["--lang", "en", "run", "--mode", "kiosk"],
        ["export", "--out", "x"], ["--size="], ["--screen", "-1"], ["--size", "1x1", "--size", "2x2"],
        ["--idle-timeout", "1e3"], ["--content", ""], ["--screen", "1_0"], ["--", "x"]]
BAD = [["--mode", "x"], ["foo"], ["--size"], ["--bogus"], ["--s", "1"], ["--idle-timeout", "abc"], ["-h"],
       ["--help"], ["--fullscreen=1"], ["--screen", "0x10"], ["--mode="], ["--size", "--mode", "kiosk"]]


def _parsed(parse, argv: list[str]) -> tuple:
    err, out = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        try:
            return ("ok", vars(parse(argv)))
        except SystemExit as stop:
            return ("exit", stop.code, err.getvalue(), out.getvalue())


@pytest.mark.parametrize("argv", GOOD + BAD, ids=" ".join)
def test_the_start_reads_its_arguments_as_the_whole_parser_does(argv):
    """The start's own quick parser gives what the whole one gives: the same settings, and for a
    wrong option or --help the same message and exit status."""
    assert _parsed(cli.parse_args, argv) == _parsed(cli.build_parser().parse_args, argv)


@pytest.mark.parametrize("argv", [["--version"], ["--bogus"], ["--help"]], ids=" ".join)
def test_commands_other_than_the_start_run_with_the_collector_on(argv):
    gc.enable()  # as a process starts (the suite runs its collector between tests: conftest.py)
    with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()), \
            contextlib.redirect_stderr(io.StringIO()):
        cli.main(argv)
    assert gc.isenabled()


def test_the_collector_is_paused_for_the_first_frame_only(tmp_path):
    """While the home screen is built the collector is off; once its first frame is painted it
    is on again, for the rest of the run."""
    script = textwrap.dedent("""
        import gc, sys
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication
        import lusong_kiosk.app as app
        import lusong_kiosk.logs as logs
        opened, rotation = app.Running.open, logs.start_rotation
        def open_(self, *args):
            print("building", gc.isenabled(), flush=True)
            opened(self, *args)
        def start_rotation():  # the first step after the first frame (app.after_first_frame)
            rotation()
            print("running", gc.isenabled(), flush=True)
            QTimer.singleShot(0, QApplication.instance().quit)
        app.Running.open, logs.start_rotation = open_, start_rotation
        from lusong_kiosk.cli import main
        sys.exit(main(["--size", "800x600"]))
    """)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LUSONG_KIOSK_DATA=str(tmp_path))
    proc = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.split() == ["building", "False", "running", "True"], proc.stdout


def test_pyside_does_not_read_the_apps_modules():
    """PySide's import hook reads a module's source unless it is in its table; the app's modules
    and the ones imported before Qt are entered there as its reading would enter them."""
    import PySide6.QtCore  # noqa: F401 - PySide's import hook and its table

    from lusong_kiosk.app import pyside_reads_less

    table = getattr(sys.modules.get("shibokensupport.feature"), "pyside_feature_dict", None)
    if not isinstance(table, dict):
        pytest.skip("this PySide keeps no table of modules")
    pyside_reads_less()
    assert table["lusong_kiosk.ui.home"] == 0 and table["lusong_kiosk.ui.shell.top_bar"] == 0
    assert "lusong_kiosk.ui.shell.build" in table and "lusong_kiosk.modes.demo" in table
    assert table.get("json", -1) == -1  # (already read by PySide, or entered as not using it)


def test_the_first_frame_has_pyside_make_no_class_of_the_style_the_window_or_a_document(tmp_path):
    """Before the demo's first frame PySide makes no Python class (with its enums) for Qt's
    style, the window or a rich-text label's document: the watching of events waits for that
    frame (ui/events.hold), and home's fit finds its labels among widgets (home.labels_in)."""
    script = textwrap.dedent("""
        import os, sys
        import PySide6.QtGui as gui, PySide6.QtWidgets as widgets
        watched = (("QStyle", widgets), ("QWindow", gui), ("QTextDocument", gui))
        if any(name in vars(module) for name, module in watched):
            print("made: eager")  # a PySide that makes its classes as it is imported
        exit_ = os._exit
        def report(code):  # after the first frame's line (firstframe.watch)
            print("made:", *(name for name, module in watched if name in vars(module)), flush=True)
            exit_(code)
        os._exit = report
        from lusong_kiosk.cli import main
        sys.exit(main(["--size", "800x600"]))
    """)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LUSONG_KIOSK_DATA=str(tmp_path), LUSONG_KIOSK_FIRST_FRAME="1")
    proc = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    made = [line for line in proc.stdout.splitlines() if line.startswith("made:")]
    if made[:1] == ["made: eager"]:
        pytest.skip("this PySide makes its classes when imported")
    assert "LUSONG_KIOSK_FIRST_FRAME" in proc.stdout, proc.stderr[-3000:]
    assert made == ["made:"], proc.stdout
