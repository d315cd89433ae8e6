"""Installing with the package index switched off: `make wheelhouse`, and `make run` using it.

The install test makes a small wheelhouse of its own -- the project's wheel and the wheels of
what `check` needs (pydantic, fontTools, platformdirs) -- from the repository's wheelhouse/ when
there is one, else from the package index, and then installs into a fresh virtual environment
with ``--no-index``. PySide6 and numpy (~400 MB unpacked) are left out to keep it cheap:
`check` runs without Qt, and the whole set is what `make wheelhouse` downloads.
"""

from __future__ import annotations

import importlib.metadata
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "packaging"))
import wheelhouse  # noqa: E402 - packaging/ is not a package

CHECK_NEEDS = ["pydantic", "fonttools", "platformdirs"]  # `check`'s dependencies: no Qt


def pip(*args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    # a checkout's src/ on PYTHONPATH would count as the project installed
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run([sys.executable, "-m", "pip", "--disable-pip-version-check", *args],
                          capture_output=True, text=True, timeout=timeout, check=False, env=env)


@pytest.fixture(scope="module")
def small_wheelhouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    wh = tmp_path_factory.mktemp("wheelhouse")
    project = tmp_path_factory.mktemp("project")  # built from a copy: the build leaves its files behind
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, project / name)
    shutil.copytree(ROOT / "src", project / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    shutil.copytree(ROOT / "assets" / "fonts", project / "assets" / "fonts", ignore=shutil.ignore_patterns("*.otf"))
    source = ["--no-index", "--find-links", str(ROOT / "wheelhouse")] if (ROOT / "wheelhouse").is_dir() else []
    built = pip("wheel", "--no-deps", "--quiet", *source, "--wheel-dir", str(wh), str(project))
    pinned = [f"{name}=={importlib.metadata.version(name)}" for name in CHECK_NEEDS]
    got = pip("download", "--quiet", "--only-binary=:all:", *source, "--dest", str(wh), *pinned)
    if built.returncode or got.returncode:
        pytest.skip("no wheelhouse/ and no package index to make the test's wheels from:\n"
                    + built.stderr[-800:] + got.stderr[-800:])
    return wh


# a pip build, download and install into a new environment: many seconds, so it runs with the
# soak and the bench (`make test-long`, and CI)
@pytest.mark.long
def test_fresh_environment_installs_with_the_index_off(small_wheelhouse: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    offline = ["--python", str(python), "install", "--quiet", "--no-compile", "--no-index",
               "--find-links", str(small_wheelhouse)]
    # the project without its Qt and numpy (see the module docstring), then what check needs
    done = pip(*offline, "--no-deps", "lusong-kiosk")
    assert done.returncode == 0, done.stderr
    done = pip(*offline, *CHECK_NEEDS)
    assert done.returncode == 0, done.stderr
    script = python.with_name("lusong-kiosk.exe" if sys.platform == "win32" else "lusong-kiosk")
    ran = subprocess.run([str(script), "check", "--content", str(ROOT / "content"), "--assets", str(ROOT / "assets")],
                         capture_output=True, text=True, timeout=120, check=False,
                         env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"})
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert ran.stdout.startswith("content OK")


def _make_dry_run(folder: Path) -> str:
    """The commands `make` would run to set up the environment in ``folder`` (make -n)."""
    shutil.copy2(ROOT / "Makefile", folder / "Makefile")
    shutil.copy2(ROOT / "pyproject.toml", folder / "pyproject.toml")
    done = subprocess.run(["make", "-n", "-C", str(folder), ".venv/.installed"], capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_run_installs_from_the_wheelhouse_when_there_is_one(tmp_path: Path) -> None:
    online = _make_dry_run(tmp_path)
    assert "-e '.[test]'" in online and "--no-index" not in online
    (tmp_path / "wheelhouse").mkdir()
    (tmp_path / "wheelhouse" / "a-1.0-py3-none-any.whl").write_bytes(b"")
    offline = _make_dry_run(tmp_path)
    assert "pip install --quiet --no-index --find-links wheelhouse -e '.[test]'" in offline
    assert "--upgrade pip" not in offline  # a newer pip is not in the wheelhouse


def test_wheelhouse_asks_for_every_requirement_on_every_target() -> None:
    reqs = wheelhouse.requirements()
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    for req in [*project["project"]["dependencies"], *project["project"]["optional-dependencies"]["test"],
                *project["project"]["optional-dependencies"]["dist"], *project["build-system"]["requires"]]:
        assert req in reqs
    assert set(wheelhouse.TARGETS) == {"linux-x86_64", "linux-aarch64", "windows-x86_64"}
    assert wheelhouse.PYTHONS == ("3.11", "3.12", "3.13")
    x86 = wheelhouse.TARGETS["linux-x86_64"]
    assert "manylinux_2_34_x86_64" in x86 and "manylinux_2_17_x86_64" in x86  # older glibc tags named too
    assert not any(tag.startswith("manylinux_2_35") for tag in x86)  # nothing a glibc 2.34 system can't run
