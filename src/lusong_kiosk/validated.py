"""Start-up without re-checking what was already checked.

A kiosk starts every morning on the same files. Checking them (pydantic: importing it, building
its schemas, validating) is a large part of a start's first frame, done again on the same files for
nothing. So once the content and the
settings have passed their checks, their records (records.py) are kept as JSON in the data folder
(``cache/content.json``, ``cache/settings.json``), under a key made of

- the name, size and modification time of every content file the loader reads (never their
  bytes: a start costs a few stat calls however large the files around them), the bytes of the
  configuration file, the command-line flags,
- the source of the code that decides what is valid (model, schema, loader, settings, ...);

and with the name, size and modification time of each asset the content names (and of the
fonts), checked again when the records are read. Files the app does not read -- a stray video in
content/, a folder of photos next to the icons -- are not part of it (content/files.py).

A start whose key matches reads the records (a small JSON file) and imports no pydantic; any change -- an
edited file, a new asset, an upgrade -- misses the key and the files are checked as before, so bad
content still never reaches a visitor. Problems are never cached. A cache that cannot be read or
written is ignored (logged): it only ever costs time, never correctness.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from .content.files import Stamp, content_files, stamp, stamps
from .records import Record, decode, encode

if TYPE_CHECKING:  # annotations only: the content's model is imported when content is loaded
    from .content import Exhibition

try:  # CPython's own BLAKE2, which hashlib.blake2b is: `import hashlib` loads OpenSSL at every start
    from _blake2 import blake2b as _digest
except ImportError:  # another Python
    from hashlib import blake2b as _digest

log = logging.getLogger(__name__)

_R = TypeVar("_R")

FORMAT = 2  # bump when the file's layout changes
# the modules whose code decides what passes a check (their source is part of every key)
RULES = ("records.py", "validation.py", "validated.py", "settings.py", "pin.py", "content/model.py",
         "content/schema.py", "content/loader.py", "content/problems.py", "content/limits.py",
         "content/files.py")
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


def content_key(content_dir: Path, assets_dir: Path) -> str:
    h = _digest(rules_digest())
    h.update(b"\0folders\0" + f"{Path(content_dir).resolve()}\0{Path(assets_dir).resolve()}".encode())
    for path, st in stamps(content_files(content_dir)).items():
        h.update(f"\0{path}\0{st}".encode())
    return h.hexdigest()


def settings_key(config: Path | None, overrides: dict[str, Any]) -> str:
    h = _digest(rules_digest())
    if config is not None:
        h.update(b"\0config\0" + str(Path(config).resolve()).encode() + b"\0" + Path(config).read_bytes())
    h.update(b"\0flags\0" + json.dumps(overrides, sort_keys=True, default=str).encode())
    return h.hexdigest()


def recall(kind: str, key: str, classes: Iterable[type[Record]],
           reads: set[str] | None = None) -> Any | None:
    """The records remembered under ``key``, or None (no file, another key, one of the files
    they were checked with changed since, unreadable). ``reads`` gets those files' paths."""
    path = cache_dir() / f"{kind}.json"
    try:
        if path.stat().st_size > MAX_BYTES:
            return None
        data = json.loads(path.read_bytes())
        if not isinstance(data, dict) or data.get("key") != key:
            return None
        files = data.get("files", {})
        if any(list(stamp(p)) != st for p, st in files.items()):
            return None
        if reads is not None:
            reads.update(files)
        return decode(data["value"], classes)
    except FileNotFoundError:
        return None
    except Exception as exc:  # noqa: BLE001 - a damaged cache is only a slower start
        log.warning("ignoring the start-up cache %s: %s", path, exc)
        return None


def remember(kind: str, key: str, value: Record, files: dict[str, Stamp] | None = None) -> None:
    folder = cache_dir()
    path = folder / f"{kind}.json"
    tmp = folder / f".{kind}.{os.getpid()}.{threading.get_ident()}.tmp"  # live updates check in a thread
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp.write_text(json.dumps({"key": key, "files": files or {}, "value": encode(value)}, ensure_ascii=False),
                       encoding="utf-8")
        os.replace(tmp, path)  # atomic: a reader sees the old file or the new one
    except OSError as exc:
        log.warning("cannot write the start-up cache %s: %s", path, exc)
        tmp.unlink(missing_ok=True)


def checked(kind: str, key: Callable[[], str], check: Callable[[set[str]], _R],
            classes: Iterable[type[Record]], reads: set[str] | None = None) -> _R:
    """``check(reads)``'s result, or the one remembered for the same key and files. Remembered
    only when the input did not change while it was being checked (the key before and after
    agree), with the stamps of the files ``check`` says it read."""
    reads = set() if reads is None else reads
    try:
        before = key()
    except (OSError, RuntimeError, ValueError):  # unreadable, a link loop: the check will say what
        return check(reads)
    found = recall(kind, before, classes, reads)
    if found is not None:
        log.debug("%s: checked before, read from the start-up cache", kind)
        return found  # type: ignore[no-any-return] - read back as one of ``classes``, what check returns
    value = check(reads)  # raises with every problem; nothing is remembered then
    try:
        if key() == before:
            remember(kind, before, value, stamps(sorted(reads)))  # type: ignore[arg-type] - check returns a Record
    except (OSError, RuntimeError, ValueError):
        pass
    return value


def load_content(content_dir: Path, assets_dir: Path, reads: set[str] | None = None) -> Exhibition:
    """The exhibition as :func:`lusong_kiosk.content.load` gives it: the same rules as `check`,
    the bundled font's coverage included (control characters, bidi overrides, emoji). ``reads``
    gets the path of every file it depends on (the live update watches those)."""
    from .content import model
    from .records import record_classes

    content_dir, assets_dir = Path(content_dir), Path(assets_dir)

    def check(reads: set[str]) -> Exhibition:
        from .content import load

        return load(content_dir, assets_dir, reads=reads)

    return checked("content", lambda: content_key(content_dir, assets_dir), check,
                   record_classes(vars(model)), reads)


def load_settings(config: Path | None, overrides: dict[str, Any]):  # noqa: ANN201 - Settings
    """The settings as :func:`lusong_kiosk.settings.load_settings` gives them."""
    from . import settings

    return checked("settings", lambda: settings_key(config, overrides),
                   lambda _reads: settings.load_settings(config, overrides), [settings.Settings])


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
