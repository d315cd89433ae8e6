"""`lusong-kiosk soak --chaos`: the files change under the monkey's input.

The run works on a temporary copy of content/ and assets/ that a live update (live.py) watches,
as a kiosk in a museum does. Between input events, chaos events rewrite a file (a valid change),
break it (cut in half, a syntax error, a dotted-key bomb, a <use> bomb), delete it, put a named
pipe in its place, or restore it. Valid states must be applied at safe points, invalid ones
refused -- with no exception, no escape and no stall, which the soak already measures.

Chaos events come from their own ``random.Random`` (derived from the seed): the input sequence
of a seed is the same with and without ``--chaos``.
"""

from __future__ import annotations

import os
import random
import shutil
import tempfile
from pathlib import Path
from typing import Any

CHAOS_SEED = 1_000_003  # added to the seed for the chaos stream
CHAOS_RATE = 0.03  # chaos events per input event
OPS = [("rewrite", 5), ("break", 3), ("bomb", 1), ("delete", 2), ("fifo", 1), ("restore", 6)]
HALF_PAUSE_MS = 300  # a "break" by a slow copy: half the file, then the rest after this


def chaos_events(n: int, seed: int) -> list[list[tuple[Any, ...]]]:
    """For each of ``n`` input events, the chaos events that follow it (mostly none)."""
    rng = random.Random(seed + CHAOS_SEED)
    ops = [o for o, _ in OPS]
    weights = [w for _, w in OPS]
    out: list[list[tuple[Any, ...]]] = []
    for _ in range(n):
        here: list[tuple[Any, ...]] = []
        if rng.random() < CHAOS_RATE:
            here.append(("chaos", rng.choices(ops, weights)[0], rng.randrange(1 << 16), rng.randrange(1 << 16)))
        out.append(here)
    return out


def use_bomb(levels: int = 8, fan: int = 8) -> str:
    parts = [('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
              'viewBox="0 0 10 10"><defs><g id="l0"><rect width="1" height="1"/></g>')]
    for i in range(1, levels + 1):
        parts.append(f'<g id="l{i}">' + f'<use xlink:href="#l{i - 1}"/>' * fan + "</g>")
    parts.append(f'</defs><use xlink:href="#l{levels}"/></svg>')
    return "".join(parts)


class Chaos:
    """A temporary copy of the content and assets, and the file operations on it."""

    def __init__(self, content: Path, assets: Path):
        self.tmp = tempfile.TemporaryDirectory(prefix="lusong-chaos-")
        root = Path(self.tmp.name)
        self.content, self.assets = root / "content", root / "assets"
        shutil.copytree(content, self.content)
        shutil.copytree(assets, self.assets, ignore=shutil.ignore_patterns("fonts"))
        (self.assets / "fonts").symlink_to(Path(assets).resolve() / "fonts", target_is_directory=True)
        self.targets = sorted(p for p in self.content.rglob("*.toml")) + sorted((self.assets / "icons").glob("*.svg"))
        self.originals = {p: p.read_bytes() for p in self.targets}
        self.ops: dict[str, int] = {}

    def apply(self, ev: tuple[Any, ...], wait_ms) -> None:  # noqa: ANN001 - wait_ms(ms) runs the event loop
        _, op, which, variant = ev
        path = self.targets[which % len(self.targets)]
        original = self.originals[path]
        self.ops[op] = self.ops.get(op, 0) + 1
        if op == "rewrite":  # a valid edit: the same content with a new comment (TOML) or title (SVG)
            extra = (f"\n# edited {variant}\n" if path.suffix == ".toml" else f"<!-- edited {variant} -->")
            self._write(path, original + extra.encode())
        elif op == "break":
            if variant % 2:  # a slow copy: half, a pause, then the whole file
                self._write(path, original[: len(original) // 2])
                wait_ms(HALF_PAUSE_MS)
                self._write(path, original)
            else:
                self._write(path, original[: len(original) // 2] + b"\n= [ broken\n")
        elif op == "bomb":
            bomb = ("\nx" + ".a" * 20_000 + " = 1\n") if path.suffix == ".toml" else use_bomb()
            self._write(path, (original if path.suffix == ".toml" else b"") + bomb.encode())
        elif op == "delete":
            path.unlink(missing_ok=True)
        elif op == "fifo" and hasattr(os, "mkfifo"):
            path.unlink(missing_ok=True)
            os.mkfifo(path)
        else:  # restore (and fifo where there are no named pipes)
            self._write(path, original)

    @staticmethod
    def _write(path: Path, data: bytes) -> None:
        if path.exists() and not path.is_file():  # a named pipe: writing would wait for a reader
            path.unlink()
        path.write_bytes(data)  # in place, as an editor or a copy does

    def restore_all(self) -> None:
        for path, data in self.originals.items():
            self._write(path, data)

    def close(self) -> None:
        self.tmp.cleanup()
