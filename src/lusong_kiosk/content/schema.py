"""The rules content files must meet: pydantic models made from the records of ``model.py``
(their annotations carry the constraints), plus the checks an annotation cannot say.

Imported only when files are checked (``loader.py``); a running exhibition reads records.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

from pydantic import AfterValidator, BaseModel, BeforeValidator, Field, field_validator, model_validator

from ..records import record_classes
from ..validation import models_for, to_record
from . import model
from .model import DATE_PATTERN, FIRST_YEAR, ID_PATTERN, LAST_YEAR, MAX_TEXT

Id = Annotated[str, Field(pattern=ID_PATTERN, max_length=64)]

_T = TypeVar("_T")


def _as_list(v: Any) -> Any:
    return list(v) if isinstance(v, tuple) else v


# A TOML array, stored as a tuple so the record is read-only all the way down (and hashable).
# Validated as a list: pydantic's tuple validation adds a spurious "too short" error when an item
# is invalid. Accepts a list or a tuple from Python code.
if TYPE_CHECKING:
    Items = Annotated[tuple[_T, ...], "items"]
else:
    Items = Annotated[list[_T], BeforeValidator(_as_list), AfterValidator(tuple)]


def _text(cls: type, v: str) -> str:
    if not v.strip():
        raise ValueError("empty text")
    if len(v) > MAX_TEXT:  # a screen shows far less; a megabyte of text would stall the layout
        raise ValueError(f"text of {len(v):,} characters; the limit is {MAX_TEXT:,}")
    return v


def _finite(cls: type, v: float) -> float:
    if not math.isfinite(v):
        raise ValueError("expected a finite number")
    if abs(v) > 1e12:
        raise ValueError("number out of range (larger than 10^12)")
    return v


def _scale(cls: type, v: float) -> float:
    if not 1e-6 <= v <= 1e6:  # 0 or less cannot be shown; 1e-300 would need 300 decimals
        raise ValueError(f"expected a positive scale from 0.000001 to 1000000, got {v!r}")
    return v


def _arity(self: Any) -> Any:
    need = {"donut": 2, "gauge": 1, "compare": 2, "bullet": 2}.get(self.kind)
    n = len(self.figures)
    if need is not None and n != need:
        raise ValueError(f"a {self.kind} chart takes exactly {need} figure(s), got {n}")
    if self.kind == "bar" and n < 2:
        raise ValueError(f"a bar chart takes at least 2 figures, got {n}")
    if self.share is not None and self.kind != "donut":
        raise ValueError(f"only a donut chart states a share; a {self.kind} chart has share = {self.share!r}")
    return self


def _date(cls: type, v: object) -> object:
    if isinstance(v, _dt.date) and not isinstance(v, _dt.datetime):
        v = v.isoformat()  # an unquoted TOML date is fine too
    elif isinstance(v, int) and not isinstance(v, bool):
        v = str(v)  # and so is an unquoted year (date = 2021)
    if not isinstance(v, str):
        return v
    if not re.fullmatch(DATE_PATTERN, v):  # fullmatch: "$" alone lets "2020\n" through
        raise ValueError(f"expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got {v!r}")
    parts = [int(p) for p in v.split("-")]
    try:
        _dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        raise ValueError(f"not a real date: {v!r}") from None
    if not FIRST_YEAR <= parts[0] <= LAST_YEAR:
        raise ValueError(f"date {v!r} is outside {FIRST_YEAR}-{LAST_YEAR}")
    return v


def _level(cls: type, v: object, info: Any) -> object:
    """A level outside the four names the honour (its id) and the allowed values."""
    if v not in model.HONOUR_LEVELS:
        hid = (info.data or {}).get("id", "?")
        allowed = ", ".join(repr(x) for x in model.HONOUR_LEVELS)
        raise ValueError(f"honour {hid!r}: expected one of {allowed}; got {v!r}")
    return v


def _order(self: Any) -> Any:
    if self.end <= self.start:
        raise ValueError(f"end ({self.end}) must be after start ({self.start})")
    return self


VALIDATORS = {
    "Text": {"_not_empty": field_validator("zh", "en")(_text)},
    "Figure": {"_finite": field_validator("value", "en_scale")(_finite),
               "_scale": field_validator("en_scale")(_scale)},
    "Chart": {"_arity": model_validator(mode="after")(_arity)},
    "Event": {"_date": field_validator("date", mode="before")(_date)},
    "Era": {"_order": model_validator(mode="after")(_order)},
    "Honour": {"_level": field_validator("level", mode="before")(_level)},
}

RECORDS = {cls.__name__: cls for cls in record_classes(vars(model))}
# name -> pydantic model of that record (Exhibition, Theme, Timeline, Honours: one per file)
MODELS: dict[str, type[BaseModel]] = models_for(
    RECORDS.values(), {**vars(model), "Id": Id, "Items": Items, "Field": Field}, VALIDATORS)


def as_record(obj: BaseModel) -> Any:
    """A validated model as its record (model.py)."""
    return to_record(obj, RECORDS)
