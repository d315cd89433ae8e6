"""The real program starts, shows a theme and exits cleanly, in each mode (subprocess)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from lusong_kiosk import logs


@pytest.mark.parametrize("mode", ["demo", "kiosk", "presenter"])
def test_app_starts_and_runs(tmp_path, mode):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LUSONG_KIOSK_DATA=str(tmp_path))
    old_log = tmp_path / "logs" / "lusong-kiosk.log"  # a log 150 bytes short of its limit (logs.py)
    old_log.parent.mkdir()
    old_log.write_text("an earlier run\n" * ((logs.MAX_BYTES - 150) // 15), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "lusong_kiosk", "--mode", mode, "--smoke-ms", "2500"],
                          env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr
    # this run's lines filled it: it was rotated (from the first frame on: logs.start_rotation)
    earlier = (tmp_path / "logs" / "lusong-kiosk.log.1").read_text(encoding="utf-8")
    assert earlier.startswith("an earlier run")
    log = earlier + (tmp_path / "logs" / "lusong-kiosk.log").read_text(encoding="utf-8")
    assert f"started in {mode} mode" in log
    assert "ERROR" not in log
    # the visitor analytics start right after the first frame (not in presenter mode)
    assert ("analytics: recording to" in log) == (mode != "presenter"), log[-2000:]


def test_bad_content_is_reported_not_raised(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (content / "exhibition.toml").write_text('title = { zh = "x" }\n', encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LUSONG_KIOSK_DATA=str(tmp_path / "data"))
    proc = subprocess.run([sys.executable, "-m", "lusong_kiosk", "--content", str(content), "--smoke-ms", "500"],
                          env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    assert "exhibition.toml: title.en: missing the English text" in proc.stderr
    assert "Traceback" not in proc.stderr
