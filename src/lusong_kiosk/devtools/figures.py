"""The bench's arithmetic and readings of the process and the machine: percentiles, summaries,
RSS, the load average."""

from __future__ import annotations

import math
import os
import platform
import statistics
import sys
from pathlib import Path
from typing import Any



def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100) of a non-empty list."""
    ordered = sorted(values)
    k = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[min(k, len(ordered)) - 1]


def summary(values: list[float], keys: tuple[str, ...] = ("median", "p95", "p99", "max")) -> dict[str, float]:
    if not values:
        return dict.fromkeys(keys, 0.0)
    out = {}
    for k in keys:
        if k == "median":
            v = statistics.median(values)
        elif k == "min":
            v = min(values)
        elif k == "max":
            v = max(values)
        else:
            v = percentile(values, float(k[1:]))
        out[k] = round(v, 3)
    return out


def rss_bytes() -> int:
    """Resident set size now: /proc/self/statm on Linux, else the peak (the best the OS offers)."""
    try:
        with open("/proc/self/statm", "rb") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError, AttributeError):
        return peak_rss_bytes()


def peak_rss_bytes() -> int:
    try:
        import resource
    except ImportError:  # Windows
        return 0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024  # bytes on macOS, KiB elsewhere


def mb(n: int) -> float:
    return round(n / 2**20, 2)


def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = {}
    for name in ("PySide6", "pyqtgraph", "numpy", "pydantic"):
        try:
            from importlib.metadata import version

            versions[name] = version(name if name != "PySide6" else "PySide6-Essentials")
        except Exception:  # noqa: BLE001 - a package without metadata is only reported as "?"
            versions[name] = "?"
    return {"nproc": os.cpu_count() or 0, "cpu": cpu, "python": platform.python_version(),
            "platform": platform.platform(), **{k.lower(): v for k, v in versions.items()},
            "qpa": "offscreen (software painting)"}


def load_average() -> float:
    try:
        return round(os.getloadavg()[0], 2)
    except (OSError, AttributeError):
        return 0.0
