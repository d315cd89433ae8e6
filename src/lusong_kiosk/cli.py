"""Command line: parse arguments and dispatch. Each sub-command lives in its own module.

    lusong-kiosk [run options]          start the exhibition (demo mode by default)
    lusong-kiosk check [--content DIR]  validate the content files (no Qt)
    lusong-kiosk export --out DIR       render every screen to PNG, offscreen
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__


def _run_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--mode", choices=["demo", "kiosk", "presenter"], help="how to run (default: demo)")
    p.add_argument("--config", type=Path, help="a TOML configuration file (flags override it)")
    p.add_argument("--screen", type=int, help="screen number to show the exhibition on (0 = first)")
    p.add_argument("--lang", choices=["zh", "en"], help="start language")
    p.add_argument("--fullscreen", action="store_true", default=None, help="start full screen (demo)")
    p.add_argument("--idle-timeout", type=float, help="seconds without input before the kiosk goes home")
    p.add_argument("--reduce-motion", action="store_true", default=None, help="show final states at once")
    p.add_argument("--content", type=Path, help="content folder (default: the bundled content/)")
    p.add_argument("--assets", type=Path, help="assets folder (default: the bundled assets/)")
    p.add_argument("--size", help="window size for demo mode, e.g. 1920x1080")
    p.add_argument("--smoke-ms", type=int, default=None, help=argparse.SUPPRESS)  # tests: exit after N ms


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="lusong-kiosk", description="非凡十年 · 芦淞区 — the exhibition")
    p.add_argument("--version", action="store_true", help="print version and the log file's location")
    _run_options(p)
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    run = sub.add_parser("run", help="start the exhibition (the default)")
    _run_options(run)
    chk = sub.add_parser("check", help="validate content files; exit 1 on any problem")
    # SUPPRESS: `lusong-kiosk --content X check` and `check --content X` both work
    chk.add_argument("--content", type=Path, default=argparse.SUPPRESS)
    chk.add_argument("--assets", type=Path, default=argparse.SUPPRESS)
    exp = sub.add_parser("export", help="render every screen to PNG, offscreen")
    exp.add_argument("--out", type=Path, required=True, help="folder for the PNG files")
    exp.add_argument("--size", dest="export_size", default="1920x1080", help="WIDTHxHEIGHT, or several separated by commas")
    exp.add_argument("--lang", choices=["zh", "en", "all"], default="all")
    exp.add_argument("--content", type=Path, default=argparse.SUPPRESS)
    exp.add_argument("--assets", type=Path, default=argparse.SUPPRESS)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.version:
        from .logs import log_file

        print(f"lusong-kiosk {__version__}\nlog file: {log_file()}")
        return 0
    if args.command == "check":
        from .content.check import run_check

        return run_check(args.content, args.assets)
    if args.command == "export":
        from .export import run_export

        return run_export(args)
    from .app import run_app

    return run_app(args)


if __name__ == "__main__":
    sys.exit(main())
