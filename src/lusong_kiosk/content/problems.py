"""One error type for content: every problem with its file, field and what was expected."""

from __future__ import annotations

import os
import re
import types
import typing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported by from_validation's callers, which have pydantic loaded
    from pydantic import BaseModel, ValidationError


@dataclass(frozen=True, order=True)
class Problem:
    """One problem of a content file: where (file, field) and what was expected."""

    file: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.field}: {self.message}" if self.field else f"{self.file}: {self.message}"


def listed_once(entries: Iterable[str], file: str, name: str,
                problems: list[Problem]) -> Iterator[tuple[str, str]]:
    """(field, entry) for each entry of the list ``name`` in ``file`` the first time it is listed;
    an entry listed again is a problem (naming where it was first) and is not yielded."""
    seen: dict[str, int] = {}
    for i, entry in enumerate(entries):
        field = f"{name}[{i}]"
        if entry in seen:
            problems.append(Problem(file, field, f"{entry!r} is listed twice (first at {name}[{seen[entry]}])"))
            continue
        seen[entry] = i
        yield field, entry


class ContentError(Exception):
    """Raised by the loader with every problem found, never just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = _capped(sorted({_bounded(p) for p in problems}, key=_natural))
        super().__init__("\n".join(map(str, self.problems)))


MAX_PER_FILE = 50  # problems listed per file; a count stands for the rest


def _capped(problems: list[Problem]) -> list[Problem]:
    """The first MAX_PER_FILE problems of each file and one line counting the others: a broken
    megabyte file makes a readable report (and log) instead of 200,000 lines."""
    out: list[Problem] = []
    per_file: dict[str, int] = {}
    for p in problems:
        n = per_file[p.file] = per_file.get(p.file, 0) + 1
        if n <= MAX_PER_FILE:
            out.append(p)
    for file, n in per_file.items():
        if n > MAX_PER_FILE:
            out.append(Problem(file, "", f"and {n - MAX_PER_FILE:,} more problem(s) in this file, not listed"))
    return out


MAX_MESSAGE = 400  # characters: a problem quoting a megabyte of bad input stays one readable line


def _bounded(p: Problem) -> Problem:
    if len(p.message) <= MAX_MESSAGE and len(p.field) <= MAX_MESSAGE:
        return p

    def cut(s: str) -> str:
        return s if len(s) <= MAX_MESSAGE else s[: MAX_MESSAGE - 3] + "..."
    return Problem(p.file, cut(p.field), cut(p.message))


def _natural(p: Problem) -> tuple[Any, ...]:
    """Sort key in reading order: figures[2] before figures[10], line 9 before line 10."""
    def split(s: str) -> tuple[tuple[int, Any], ...]:
        # ASCII digits only, and not too many for int(): a key such as "²" or "١٢" is text
        return tuple((0, int(part)) if part.isascii() and part.isdigit() and len(part) <= 100 else (1, part)
                     for part in re.split(r"([0-9]+)", s) if part)
    return (split(p.file), split(p.field), p.message)


def display_path(path: Path) -> str:
    """The path as a curator would type it: relative to the working folder when inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if rel.startswith("..") else rel.replace(os.sep, "/")


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def field_path(loc: tuple[Any, ...]) -> str:
    """figures[2].label.en; a key that is not a bare TOML key is quoted ("" for an empty one)."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            key = str(part)
            if not _BARE_KEY.fullmatch(key):
                key = show(key if key.isprintable() else key.encode("unicode_escape").decode("ascii"))
            elif len(key) > 40:
                key = key[:37] + "..."
            out += ("." if out else "") + key
    return out


def show(value: Any) -> str:
    """A short, quoted rendering of a bad value for a message."""
    if isinstance(value, str):
        v = value if len(value) <= 40 else value[:37] + "..."
        return '"' + v.replace("\n", "\\n") + '"'
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int) and abs(value) >= 10**40:  # repr() of a huge int is slow, then long
        return f"a number of about {int(value.bit_length() * 0.30103) + 1:,} digits"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


_TYPES = {
    "float_type": "a number",
    "float_parsing": "a number",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "string_type": "text in quotes",
    "bool_type": "true or false",
    "list_type": "a list [ ... ]",
    "tuple_type": "a list [ ... ]",
    "model_type": "a table",
    "model_attributes_type": "a table",
    "dict_type": "a table",
}

_PATTERNS = {
    r"^[a-z0-9][a-z0-9-]*$": "an id of lower-case letters, digits and '-'",
    r"^#[0-9A-Fa-f]{6}$": "a colour such as \"#E8A33D\"",
    r"^[0-9]{4}(-(0[1-9]|1[0-2]|H1|H2)|-[0-9]{4})?$": 'a period such as "2020", "2020-11", "2016-2020" or "2022-H1"',
}

_LANG_NAMES = {"zh": "Chinese", "en": "English"}


def _field_names(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """Names of the fields allowed at ``loc`` (for 'did you mean')."""
    from pydantic import BaseModel
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        info = current.model_fields.get(part)
        if info is None:
            return []
        current = _inner_model(info.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _inner_model(ann: Any) -> Any:
    from pydantic import BaseModel

    origin = typing.get_origin(ann)
    if origin in (typing.Union, types.UnionType, list, tuple, typing.Annotated):
        for arg in typing.get_args(ann):
            inner = _inner_model(arg)
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                return inner
        return None
    return ann


def from_validation(file: str, model: type[BaseModel], exc: ValidationError,
                    prefix: tuple[Any, ...] = ()) -> list[Problem]:
    problems = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        kind = err["type"]
        value = err.get("input")
        if kind == "missing":
            last = loc[-1] if loc else ""
            msg = (f"missing the {_LANG_NAMES[last]} text" if last in _LANG_NAMES
                   else "required field is missing")
        elif kind == "extra_forbidden":
            import difflib  # only on this path: not at every start

            allowed = _field_names(model, loc[:-1])
            close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
            msg = "unknown field" + (f" (did you mean '{close[0]}'?)" if close else
                                     (f"; allowed: {', '.join(allowed)}" if allowed else ""))
        elif kind in ("model_type", "model_attributes_type") and \
                (err.get("ctx") or {}).get("class_name") == "Text":
            msg = f'expected a text pair {{ zh = "…", en = "…" }}, got {show(value)}'
        elif kind in _TYPES:
            msg = f"expected {_TYPES[kind]}, got {show(value)}"
        elif kind == "string_pattern_mismatch":
            pattern = (err.get("ctx") or {}).get("pattern", "")
            msg = f"expected {_PATTERNS.get(pattern, 'text matching ' + pattern)}, got {show(value)}"
        elif kind == "literal_error":
            msg = f"expected {(err.get('ctx') or {}).get('expected', '')}, got {show(value)}"
        elif kind in ("too_short", "too_long"):
            ctx = err.get("ctx") or {}
            if kind == "too_short":
                msg = f"expected at least {ctx.get('min_length')} item(s), got {ctx.get('actual_length')}"
            else:
                msg = f"expected at most {ctx.get('max_length')} item(s), got {ctx.get('actual_length')}"
            if isinstance(value, str):
                msg = msg.replace("item(s)", "character(s)")
        elif kind == "value_error":
            msg = str((err.get("ctx") or {}).get("error", err["msg"]))
        else:
            msg = err["msg"][0].lower() + err["msg"][1:] + (f", got {show(value)}" if value is not None
                                                            and not isinstance(value, (dict, list)) else "")
        problems.append(Problem(file, field_path(prefix + loc), msg))
    return problems
