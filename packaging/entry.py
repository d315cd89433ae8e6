"""The frozen program's entry point (PyInstaller runs this file as ``__main__``).

It is ``lusong-kiosk`` with every sub-command. There is no Python beside a frozen program, so
the few places where the app starts a Python of its own (``bench`` runs ``python -m
lusong_kiosk.devtools.bench --child ...`` and ``python -c <a bare window>``) call the frozen program
with the same arguments instead; the two forms are answered here, as the interpreter would.
Only the app's own modules run with ``-m``.
"""

from __future__ import annotations

import runpy
import sys


def main() -> int:
    args = sys.argv[1:]
    if len(args) >= 2 and args[0] == "-c":  # bench's reference windows
        sys.argv = ["-c", *args[2:]]
        exec(compile(args[1], "<string>", "exec"), {"__name__": "__main__"})
        return 0
    if len(args) >= 2 and args[0] == "-m" and args[1].split(".")[0] == "lusong_kiosk":
        sys.argv = [args[1], *args[2:]]
        runpy.run_module(args[1], run_name="__main__", alter_sys=True)
        return 0
    from lusong_kiosk.cli import main as cli_main

    return cli_main()


if __name__ == "__main__":
    sys.exit(main())
