"""`lusong-kiosk check`: validate the content without starting Qt."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from .loader import load
from .problems import ContentError


def run_check(content_dir: Path | None = None, assets_dir: Path | None = None,
              out: TextIO | None = None) -> int:
    """Print one line per problem and a count (exit 1), or a one-line summary (exit 0)."""
    out = sys.stdout if out is None else out  # looked up now: sys.stdout may have been replaced
    try:
        ex = load(content_dir, assets_dir)
    except ContentError as err:
        for problem in err.problems:
            print(problem, file=out)
        n = len(err.problems)
        print(f"{n} problem{'s' if n != 1 else ''} found", file=out)
        return 1
    s = ex.summary()
    print("content OK: " + ", ".join(f"{v} {k}" for k, v in s.items()), file=out)
    return 0
