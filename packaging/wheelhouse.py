"""Download every wheel the app, its tests and its build need into wheelhouse/ (``make wheelhouse``),
for Linux x86-64 and aarch64 and Windows x86-64, CPython 3.11-3.13, so that a machine with Python
but no network installs with the index switched off:

    pip install --no-index --find-links wheelhouse -e ".[test]"      (make run does this by itself)

The requirements are read from pyproject.toml: the app's, the ``test`` and ``dist`` extras' and the
build system's (setuptools: ``pip install -e .`` builds the project with the index off too).
pip does not widen ``--platform manylinux_2_34`` to the older manylinux tags a glibc 2.34 system
also runs, so each is named.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXTRAS = ("test", "dist")
PYTHONS = ("3.11", "3.12", "3.13")
# The oldest glibc each Linux target must run on: what PySide6 6.11's wheels need (x86-64: 2.34,
# Debian 12, Ubuntu 22.04; aarch64: 2.39, Ubuntu 24.04, Debian 13 and Raspberry Pi OS 13, not 12).
# Wheels made for a newer glibc are never picked, so the folder installs on all of them.
GLIBC_MINOR = {"x86_64": 34, "aarch64": 39}


def platforms(arch: str) -> list[str]:
    tags = [f"manylinux_2_{m}_{arch}" for m in range(GLIBC_MINOR[arch], 16, -1)]
    return tags + [f"manylinux2014_{arch}"]


TARGETS = {"linux-x86_64": platforms("x86_64"), "linux-aarch64": platforms("aarch64"),
           "windows-x86_64": ["win_amd64"]}
# pip judges a requirement's markers by this machine, not by --platform: what the requirements
# need only on Windows (`sys_platform == "win32"`) is named here. PyInstaller: pefile and
# pywin32-ctypes; pytest: colorama.
WINDOWS_ONLY = ["pefile!=2024.8.26", "pywin32-ctypes>=0.2.1", "colorama"]


def requirements(pyproject: Path = ROOT / "pyproject.toml") -> list[str]:
    data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    extras = data["project"].get("optional-dependencies", {})
    found = [*data["build-system"]["requires"], *data["project"]["dependencies"]]
    for name in EXTRAS:
        found += extras.get(name, [])
    return list(dict.fromkeys(found))


def main(dest: Path = ROOT / "wheelhouse") -> int:
    dest.mkdir(exist_ok=True)
    for target, tags in TARGETS.items():
        for py in PYTHONS:
            print(f"wheelhouse: {target}, Python {py}", flush=True)
            cmd = [sys.executable, "-m", "pip", "download", "--quiet", "--only-binary=:all:", "--dest", str(dest),
                   "--python-version", py, "--implementation", "cp",
                   *[f"--platform={tag}" for tag in tags], *requirements(),
                   *(WINDOWS_ONLY if target.startswith("windows") else [])]
            if subprocess.run(cmd, check=False).returncode:
                print(f"wheelhouse: pip could not download the wheels for {target}, Python {py}", file=sys.stderr)
                return 1
    wheels = list(dest.glob("*.whl"))
    size = sum(w.stat().st_size for w in wheels) / 1024 / 1024
    print(f"wheelhouse: {len(wheels)} wheels, {size:.0f} MB in {dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
