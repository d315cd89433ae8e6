"""Build the one-folder program and its archive: ``make dist`` (Linux), deploy/build-windows.ps1.

    python packaging/build.py
        ->  dist/lusong-kiosk/  and  dist/lusong-kiosk-<version>-<os>-<arch>.tar.gz (.zip on Windows)

1. PyInstaller freezes the app with packaging/lusong-kiosk.spec (what is left out is said there).
2. Linux: the debug symbols of the interpreter and of extension modules built with them are
   stripped (``strip --strip-debug``). Not the libraries that wheels vendor in ``<pkg>.libs/``:
   auditwheel rewrote them with patchelf, and numpy's OpenBLAS no longer loads once stripped.
3. What a curator, a technician and the kiosk need beside the program: content/ and assets/
   (the program reads them there: content.default_dirs), deploy/, README.txt and LICENSE.
4. The archive, and the sizes printed.

Runs with the Python that has the app's dependencies and PyInstaller (the ``dist`` extra).
"""

from __future__ import annotations

import platform
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NAME = "lusong-kiosk"
BESIDE = ("content", "assets", "deploy", "LICENSE")  # copied from the repository as they are


def version() -> str:
    sys.path.insert(0, str(ROOT / "src"))
    from lusong_kiosk import __version__

    return __version__


def freeze(dist: Path, work: Path) -> Path:
    import PyInstaller.__main__

    PyInstaller.__main__.run([str(ROOT / "packaging" / f"{NAME}.spec"), "--noconfirm", "--clean",
                              "--log-level", "WARN", "--distpath", str(dist), "--workpath", str(work)])
    return dist / NAME


def has_debug_info(path: Path) -> bool:
    out = subprocess.run(["readelf", "-S", "-W", str(path)], capture_output=True, text=True, check=False)
    return ".debug_info" in out.stdout


def strip_debug(folder: Path) -> int:
    """Strip debug symbols (Linux); the bytes saved."""
    if not sys.platform.startswith("linux") or not (shutil.which("strip") and shutil.which("readelf")):
        return 0
    saved = 0
    for path in sorted(folder.rglob("*.so*")):
        if path.is_symlink() or not path.is_file() or any(p.endswith(".libs") for p in path.parts):
            continue
        if has_debug_info(path):
            before = path.stat().st_size
            subprocess.run(["strip", "--strip-debug", str(path)], check=True)
            saved += before - path.stat().st_size
    return saved


def add_beside(app: Path) -> None:
    for name in BESIDE:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, app / name, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".*"))
        else:
            shutil.copy2(src, app / name)
    shutil.copy2(ROOT / "packaging" / "README.txt", app / "README.txt")


def archive(app: Path) -> Path:
    system = {"linux": "linux", "win32": "windows", "darwin": "macos"}.get(sys.platform, sys.platform)
    machine = platform.machine().lower().replace("amd64", "x86_64").replace("arm64", "aarch64")
    base = app.parent / f"{NAME}-{version()}-{system}-{machine}"
    kind = "zip" if sys.platform == "win32" else "gztar"
    return Path(shutil.make_archive(str(base), kind, root_dir=app.parent, base_dir=app.name))


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def main() -> int:
    dist, work = ROOT / "dist", ROOT / "build" / "pyinstaller"
    shutil.rmtree(dist / NAME, ignore_errors=True)
    app = freeze(dist, work)
    saved = strip_debug(app)
    add_beside(app)
    packed = archive(app)
    mb = 1024 * 1024
    print(f"{app}: {folder_size(app) / mb:.1f} MiB unpacked"
          + (f" ({saved / mb:.1f} MiB of debug symbols stripped)" if saved else ""))
    print(f"{packed}: {packed.stat().st_size / mb:.1f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
