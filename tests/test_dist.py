"""The frozen program (packaging/): its folders beside the executable, its entry point.

The build itself (PyInstaller, ~2 minutes) is checked by tools/check_dist.sh in CI, which runs
the frozen program from outside the repository.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lusong_kiosk.cli import main
from lusong_kiosk.content import default_dirs

ROOT = Path(__file__).resolve().parent.parent
ENTRY = ROOT / "packaging" / "entry.py"


@pytest.fixture
def frozen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """As PyInstaller's program runs: sys.frozen set, sys.executable the program in its folder,
    with a copy of content/ and assets/ beside it."""
    folder = tmp_path / "lusong-kiosk"
    folder.mkdir()
    shutil.copytree(ROOT / "content", folder / "content")
    shutil.copytree(ROOT / "assets", folder / "assets")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(folder / "lusong-kiosk"))
    return folder


def test_frozen_program_reads_the_folders_beside_it(frozen: Path) -> None:
    assert default_dirs() == (frozen / "content", frozen / "assets")


def test_check_reports_a_curators_mistake_beside_the_program(frozen: Path, capsys) -> None:
    assert main(["check"]) == 0
    assert "content OK" in capsys.readouterr().out
    exhibition = frozen / "content" / "exhibition.toml"
    exhibition.write_text(exhibition.read_text(encoding="utf-8").replace("default_language", "default_lang", 1),
                          encoding="utf-8")
    assert main(["check"]) == 1
    out = capsys.readouterr()
    assert f"{exhibition}: default_lang: unknown field" in out.out + out.err


def test_checkout_still_reads_the_repository_folders() -> None:
    assert default_dirs() == (ROOT / "content", ROOT / "assets")


def _entry(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    return subprocess.run([sys.executable, str(ENTRY), *args], capture_output=True, text=True, env=env,
                          timeout=120, check=False)


def test_entry_answers_bench_children_as_python_would() -> None:
    """bench starts `<python> -c CODE` and `<python> -m lusong_kiosk.devtools.bench ...`; frozen, the
    program is that python."""
    ran = _entry("-c", "import sys; print('code ran', sys.argv[1:])", "x")
    assert ran.returncode == 0 and "code ran ['x']" in ran.stdout
    ran = _entry("-m", "lusong_kiosk.devtools.bench", "--help")
    assert ran.returncode == 0 and "--child" in ran.stdout


def test_entry_runs_no_other_module_and_is_the_cli() -> None:
    ran = _entry("-m", "http.server")
    assert ran.returncode == 2 and "http.server" not in ran.stdout
    ran = _entry("--version")
    assert ran.returncode == 0 and ran.stdout.startswith("lusong-kiosk ")
