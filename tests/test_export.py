"""The export command renders every screen, offscreen, to PNG files named by screen."""

from __future__ import annotations

import os
import subprocess
import sys

from PySide6.QtGui import QColor, QImage


def distinct_colours(path, step=16):
    img = QImage(str(path))
    seen = set()
    for y in range(0, img.height(), step):
        for x in range(0, img.width(), step):
            seen.add(QColor(img.pixel(x, y)).name())
    return len(seen)


def test_export_writes_every_screen_in_a_subprocess(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LUSONG_KIOSK_DATA=str(tmp_path / "data"))
    out = tmp_path / "shots"
    proc = subprocess.run([sys.executable, "-m", "lusong_kiosk", "export", "--out", str(out),
                           "--size", "1366x768", "--lang", "en"], env=env, capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    names = sorted(p.name for p in out.glob("*.png"))
    expected = ["home", "theme-industry", "theme-opening", "theme-innovation", "theme-ecology",
                "theme-livelihood", "timeline", "honours"]
    assert names == sorted(f"{n}-en-1366x768.png" for n in expected)
    for p in out.glob("*.png"):
        img = QImage(str(p))
        assert (img.width(), img.height()) == (1366, 768)
        assert distinct_colours(p) > 8, f"{p.name} looks empty"


def test_export_rejects_a_bad_size(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LUSONG_KIOSK_DATA=str(tmp_path / "data"))
    proc = subprocess.run([sys.executable, "-m", "lusong_kiosk", "export", "--out", str(tmp_path),
                           "--size", "big"], env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert "WIDTHxHEIGHT" in proc.stderr and "Traceback" not in proc.stderr


def test_version_prints_the_log_file(tmp_path):
    env = dict(os.environ, LUSONG_KIOSK_DATA=str(tmp_path / "data"))
    proc = subprocess.run([sys.executable, "-m", "lusong_kiosk", "--version"], env=env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0
    assert "log file:" in proc.stdout and str(tmp_path / "data") in proc.stdout
