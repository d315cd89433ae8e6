"""Command line: parse arguments and dispatch. Each sub-command lives in its own module.

    lusong-kiosk [run options]          start the exhibition (demo mode by default)
    lusong-kiosk check [--content DIR]  validate the content files (no Qt)
    lusong-kiosk export --out DIR       render every screen to PNG, offscreen
    lusong-kiosk export --pdf FILE      the printable handout (--lang zh|en|both, --paper A4|A3)
    lusong-kiosk bench [--quick]        first frame, frame times, navigation latency, memory
    lusong-kiosk stats [--since DATE]   visitor analytics: table, --csv, --png; --db A --db B: kiosks
    lusong-kiosk set-pin [--config F]   store the technician's PIN as a salted hash
    lusong-kiosk soak --events N --seed S [--mode kiosk]  a monkey run of random input, offscreen
"""

from __future__ import annotations

import argparse
import gc
import sys
from pathlib import Path

from . import __version__


# The start's options, once for both readers: (flag, type or choices, help); a flag without a
# type is a switch (store_true, default None: "not given", so the configuration file decides).
RUN_OPTIONS: tuple[tuple[str, object, str], ...] = (
    ("--mode", ("demo", "kiosk", "presenter"), "how to run (default: demo)"),
    ("--config", Path, "a TOML configuration file (flags override it)"),
    ("--screen", int, "screen number to show the exhibition on (0 = first)"),
    ("--lang", ("zh", "en"), "start language"),
    ("--fullscreen", None, "start full screen (demo)"),
    ("--idle-timeout", float, "seconds without input before the kiosk goes home"),
    ("--reduce-motion", None, "show final states at once"),
    ("--content", Path, "content folder (default: the bundled content/)"),
    ("--assets", Path, "assets folder (default: the bundled assets/)"),
    ("--size", str, "window size for demo mode, e.g. 1920x1080"),
    ("--smoke-ms", int, argparse.SUPPRESS),  # tests: exit after N ms
)


def _run_options(p: argparse.ArgumentParser) -> None:
    for flag, kind, text in RUN_OPTIONS:
        if kind is None:
            p.add_argument(flag, action="store_true", default=None, help=text)
        elif isinstance(kind, tuple):
            p.add_argument(flag, choices=list(kind), help=text)
        else:
            p.add_argument(flag, type=kind, help=text)


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
    exp = sub.add_parser("export", help="render every screen to PNG, and/or the printable handout PDF, offscreen")
    exp.add_argument("--out", type=Path, help="folder for the PNG files (needed unless --pdf is given)")
    exp.add_argument("--pdf", type=Path, metavar="FILE", help="write the printable handout to FILE (handout/)")
    exp.add_argument("--paper", choices=["A4", "A3"], default="A4", help="the handout's paper (default A4)")
    exp.add_argument("--size", dest="export_size", default="1920x1080",
                     help="WIDTHxHEIGHT, or several separated by commas")
    exp.add_argument("--lang", choices=["zh", "en", "all", "both"], default="all",
                     help="all and both are the same: both languages")
    exp.add_argument("--content", type=Path, default=argparse.SUPPRESS)
    exp.add_argument("--assets", type=Path, default=argparse.SUPPRESS)
    ben = sub.add_parser("bench", help="measure first frame, frame times, navigation and memory (offscreen)")
    ben.add_argument("--quick", action="store_true", help="fewer runs and cycles (minutes, not the full plan's ~50)")
    ben.add_argument("--json", type=Path, metavar="FILE", help="also write every figure to FILE")
    ben.add_argument("--skip-memory", action="store_true",
                     help="leave out the memory cycles (the long part; times only)")
    sta = sub.add_parser("stats", help="visitor analytics: visits, screens, languages (table, CSV, chart)")
    sta.add_argument("--since", metavar="DATE", help="first day, YYYY-MM-DD (inclusive)")
    sta.add_argument("--until", metavar="DATE", help="last day, YYYY-MM-DD (inclusive)")
    sta.add_argument("--csv", type=Path, metavar="FILE", help="also write every table to one CSV file")
    sta.add_argument("--png", type=Path, metavar="FILE", help="also draw the charts to a PNG image")
    sta.add_argument("--db", type=Path, metavar="PATH", action="append",
                     help="a database, or a folder of them (kiosks' copies); repeat to report each kiosk "
                          "and the total (default: the data folder's)")
    sta.add_argument("--content", type=Path, default=argparse.SUPPRESS)
    sta.add_argument("--assets", type=Path, default=argparse.SUPPRESS)
    pin = sub.add_parser("set-pin", help="store the technician's PIN (4-12 digits) as a salted hash")
    pin.add_argument("--config", type=Path, default=argparse.SUPPRESS,
                     help="the configuration file to update (default: kiosk.toml in the data folder)")
    pin.add_argument("--pin-stdin", action="store_true", help="read the PIN from one line of stdin (scripts)")
    soak = sub.add_parser("soak", help="drive the app offscreen with random input; exit 1 on any exception or stall")
    soak.add_argument("--events", type=int, default=2000, help="how many input events (default 2000)")
    soak.add_argument("--seed", type=int, default=1, help="the random seed (the same seed sends the same input)")
    soak.add_argument("--mode", dest="soak_mode", choices=["kiosk", "demo", "presenter"], default="kiosk")
    soak.add_argument("--json", type=Path, metavar="FILE", help="also write every figure to FILE")
    soak.add_argument("--max-stall", type=float, default=1.0, help="seconds; a longer stall fails the run (default 1)")
    soak.add_argument("--content", type=Path, default=argparse.SUPPRESS)
    soak.add_argument("--assets", type=Path, default=argparse.SUPPRESS)
    soak.add_argument("--chaos", action="store_true",
                      help="also rewrite, break, delete and restore content and asset files (a copy) while it runs")
    return p


def _read_start(args: list[str]) -> argparse.Namespace | None:
    """The exhibition's start as the whole parser reads it -- its own options written out in
    full (``--size 1920x1080``, ``--size=1920x1080``), each once at most -- or None for anything
    else (a command, --help, an abbreviation, a wrong value...), which the whole parser reads."""
    known = {flag: kind for flag, kind, _text in RUN_OPTIONS}
    known["--version"] = None
    values: dict[str, object] = {}
    i = 0
    while i < len(args):
        flag, eq, value = args[i].partition("=")
        if flag not in known or flag in values:
            return None
        kind = known[flag]
        if kind is None:
            if eq:
                return None
            values[flag] = True
        else:
            if not eq:
                i += 1
                if i == len(args) or args[i].startswith("-"):
                    return None
                value = args[i]
            if isinstance(kind, tuple):
                if value not in kind:
                    return None
            else:
                try:
                    value = kind(value)  # type: ignore[operator] - int, float, Path or str
                except ValueError:
                    return None
            values[flag] = value
        i += 1
    ns = argparse.Namespace(version=bool(values.get("--version")))
    for flag, _kind, _text in RUN_OPTIONS:
        setattr(ns, flag[2:].replace("-", "_"), values.get(flag))
    ns.command = None
    return ns


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The arguments as :func:`build_parser` reads them. The exhibition's start is read without
    argparse (:func:`_read_start`): building every command's parser was ~5 ms of its first
    frame, and argparse's first parser ~3 ms more. Anything else is read by the whole parser, so
    its answers and messages are its own."""
    args = sys.argv[1:] if argv is None else list(argv)
    return _read_start(args) or build_parser().parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    from .firstframe import mark

    mark("main")  # (bench: the first frame's steps)
    # The exhibition's start makes ~100,000 objects (Qt's enums, the records, the widgets' wrappers)
    # and next to no garbage, and Python's collector walked them ~60 times before the first frame
    # (~25 ms, more than any one step of the start): it is off until that frame (app.py) -- only
    # for that start; every other command runs with it as usual.
    gc.disable()
    try:
        args = parse_args(argv)
    except BaseException:  # --help, a wrong argument: argparse exits
        gc.enable()
        raise
    mark("arguments")
    if args.version or args.command not in (None, "run"):
        gc.enable()
    if args.version:
        from .logs import log_file

        print(f"lusong-kiosk {__version__}\nlog file: {log_file()}")
        return 0
    if args.command == "check":
        from .content.check import run_check

        return run_check(args.content, args.assets)
    if args.command == "export":
        if args.out is None and args.pdf is None:
            print("export: give --out DIR (PNG files) and/or --pdf FILE (the handout)", file=sys.stderr)
            return 2
        if args.pdf is not None:
            from .handout.pdf import run_handout

            status = run_handout(args)
            if status or args.out is None:
                return status
        from .export import run_export

        return run_export(args)
    if args.command == "bench":
        from .devtools.bench import run_bench

        return run_bench(args.quick, args.json, skip_memory=args.skip_memory)
    if args.command == "stats":
        from .analytics.stats import run_stats

        return run_stats(args)
    if args.command == "soak":
        from .devtools.soak import run_soak

        return run_soak(args.events, args.seed, args.soak_mode, args.json, args.content, args.assets,
                        max_stall_s=args.max_stall, chaos=args.chaos)
    if args.command == "set-pin":
        from .pin import run_set_pin
        from .settings import default_config

        return run_set_pin(args.config or default_config(), args.pin_stdin)
    from .app import run_app

    mark("imports")  # the app's modules: content records, settings, logging
    return run_app(args)


if __name__ == "__main__":
    sys.exit(main())
