"""Start-up without re-checking what was already checked.

A kiosk starts every morning on the same files. Checking them (pydantic: importing it, building
its schemas, validating) was ~150 ms of a ~600 ms first frame. So once the content and the
settings have passed their checks, their records (records.py) are kept as JSON in the data folder
(``cache/content.json``, ``cache/settings.json``), under a key made of

- the bytes of every content file and of the configuration file, the command-line flags,
- the name, size and modification time of every asset file (the checks look for them),
- the source of the code that decides what is valid (model, schema, loader, settings, ...).

A start whose key matches reads the records (~5 ms) and imports no pydantic; any change -- an
edited file, a new asset, an upgrade -- misses the key and the files are checked as before, so bad
content still never reaches a visitor. Problems are never cached. A cache that cannot be read or
written is ignored (logged): it only ever costs time, never correctness.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from .records import Record, decode, encode

try:  # CPython's own BLAKE2, which hashlib.blake2b is: `import hashlib` loads OpenSSL (~5 ms a start)
    from _blake2 import blake2b as _digest
except ImportError:  # another Python
    from hashlib import blake2b as _digest

log = logging.getLogger(__name__)

_R = TypeVar("_R")

FORMAT = 1  # bump when the file's layout changes
# the modules whose code decides what passes a check (their source is part of every key)
RULES = ("records.py", "validation.py", "validated.py", "settings.py", "pin.py", "content/model.py",
         "content/schema.py", "content/loader.py", "content/problems.py")
MAX_BYTES = 4_000_000  # a cache file larger than this is not read


def cache_dir() -> Path:
    from .logs import data_dir

    return data_dir() / "cache"


@cache
def rules_digest() -> bytes:
    h = _digest(f"format {FORMAT}".encode())
    root = Path(__file__).resolve().parent
    for name in RULES:
        h.update(name.encode() + b"\0" + (root / name).read_bytes())
    return h.digest()


def _tree(h: Any, folder: Path, contents: bool) -> None:
    """Every file under ``folder`` (hidden ones too), by relative path: its bytes, or its stat."""
    h.update(b"\0folder\0" + str(folder.resolve()).encode())
    if not folder.is_dir():
        h.update(b"\0missing")
        return
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        h.update(b"\0" + path.relative_to(folder).as_posix().encode() + b"\0")
        if contents:
            h.update(path.read_bytes())
        else:
            st = path.stat()
            h.update(f"{st.st_size} {st.st_mtime_ns}".encode())


def content_key(content_dir: Path, assets_dir: Path) -> str:
    h = _digest(rules_digest())
    _tree(h, content_dir, contents=True)
    _tree(h, assets_dir, contents=False)
    return h.hexdigest()


def settings_key(config: Path | None, overrides: dict[str, Any]) -> str:
    h = _digest(rules_digest())
    if config is not None:
        h.update(b"\0config\0" + str(Path(config).resolve()).encode() + b"\0" + Path(config).read_bytes())
    h.update(b"\0flags\0" + json.dumps(overrides, sort_keys=True, default=str).encode())
    return h.hexdigest()


def recall(kind: str, key: str, classes: Iterable[type[Record]]) -> Any | None:
    """The records remembered under ``key``, or None (no file, another key, unreadable)."""
    path = cache_dir() / f"{kind}.json"
    try:
        if path.stat().st_size > MAX_BYTES:
            return None
        data = json.loads(path.read_bytes())
        if not isinstance(data, dict) or data.get("key") != key:
            return None
        return decode(data["value"], classes)
    except FileNotFoundError:
        return None
    except Exception as exc:  # noqa: BLE001 - a damaged cache is only a slower start
        log.warning("ignoring the start-up cache %s: %s", path, exc)
        return None


def remember(kind: str, key: str, value: Record) -> None:
    folder = cache_dir()
    path = folder / f"{kind}.json"
    tmp = folder / f".{kind}.{os.getpid()}.tmp"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp.write_text(json.dumps({"key": key, "value": encode(value)}, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)  # atomic: a reader sees the old file or the new one
    except OSError as exc:
        log.warning("cannot write the start-up cache %s: %s", path, exc)
        tmp.unlink(missing_ok=True)


def checked(kind: str, key: Callable[[], str], check: Callable[[], _R],
            classes: Iterable[type[Record]]) -> _R:
    """``check()``'s result, or the one remembered for the same key. Remembered only when the
    input did not change while it was being checked (the key before and after agree)."""
    try:
        before = key()
    except (OSError, RuntimeError, ValueError):  # unreadable, a link loop: the check will say what
        return check()
    found = recall(kind, before, classes)
    if found is not None:
        log.debug("%s: checked before, read from the start-up cache", kind)
        return found  # type: ignore[no-any-return]
    value = check()  # raises with every problem; nothing is remembered then
    try:
        if key() == before:
            remember(kind, before, value)  # type: ignore[arg-type]
    except (OSError, RuntimeError, ValueError):
        pass
    return value


def load_content(content_dir: Path, assets_dir: Path):  # noqa: ANN201 - an Exhibition
    """The exhibition as :func:`lusong_kiosk.content.load` gives it: the same rules as `check`,
    the bundled font's coverage included (control characters, bidi overrides, emoji)."""
    from .content import model
    from .records import record_classes

    content_dir, assets_dir = Path(content_dir), Path(assets_dir)

    def check():  # noqa: ANN202
        from .content import load

        return load(content_dir, assets_dir)

    return checked("content", lambda: content_key(content_dir, assets_dir), check,
                   record_classes(vars(model)))


def load_settings(config: Path | None, overrides: dict[str, Any]):  # noqa: ANN201 - Settings
    """The settings as :func:`lusong_kiosk.settings.load_settings` gives them."""
    from . import settings

    return checked("settings", lambda: settings_key(config, overrides),
                   lambda: settings.load_settings(config, overrides), [settings.Settings])


def last_good_content():  # noqa: ANN201 - an Exhibition, or None
    """The content that last passed every check, whatever its key and however the files changed
    since (not :func:`recall`, which wants both to match): kiosk mode starts on it when the files
    on disk have problems. None when there is none, or it cannot be read (e.g. remembered by a
    version whose records differ)."""
    from .content import model
    from .records import record_classes

    path = cache_dir() / "content.json"
    try:
        if path.stat().st_size <= MAX_BYTES:
            return decode(json.loads(path.read_bytes())["value"], record_classes(vars(model)))
    except FileNotFoundError:
        pass
    except Exception as exc:  # noqa: BLE001 - then there is none
        log.warning("the last good content in %s cannot be read: %s", path, exc)
    return None
