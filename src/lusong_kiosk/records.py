"""Read-only records: the run-time form of validated input (the exhibition's content, the settings).

A record class is a frozen dataclass with keyword-only fields; its annotations (strings,
never evaluated at run time) carry the validation rules too -- ``Annotated[str, Field(pattern=...)]``
-- which :mod:`lusong_kiosk.validation` turns into pydantic models when input has to be checked.
So a record is declared once, and a start whose input was validated before (see
:mod:`lusong_kiosk.validated`) needs neither pydantic nor its schemas: importing and building them
is the largest part of a start that checks (README, "Performance").

Records also travel as JSON (:func:`encode` / :func:`decode`), tagged with their class name.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from operator import attrgetter
from typing import Any, TypeVar

_C = TypeVar("_C", bound=type)

TAG = "__t"  # the JSON key naming a record's class


class Record:
    """Base of every record: sequences are stored as tuples, so a record is hashable all the way down."""

    __slots__ = ()

    # what a frozen dataclass would generate for each class (compared, hashed and shown by its
    # fields, in order), written once here: generating them costs every start ~0.2 ms a class.
    # ``_values`` (set by @record, not annotated: the schema reads every annotation) gives a
    # record's field values in order.
    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            values = type(self)._values  # type: ignore[attr-defined] - a plain callable on the class, not a method
            return values(self) == values(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(type(self)._values(self))  # type: ignore[attr-defined] - set by @record

    def __repr__(self) -> str:
        values = type(self)._values(self)  # type: ignore[attr-defined] - set by @record
        shown = ", ".join(f"{f.name}={v!r}" for f, v in zip(fields(self), values))  # type: ignore[arg-type] - a dataclass
        return f"{type(self).__qualname__}({shown})"

    def __post_init__(self) -> None:
        for f in fields(self):  # type: ignore[arg-type] - every subclass is made a dataclass by @record
            value = getattr(self, f.name)
            if isinstance(value, list):  # lists given from Python code (tests, tools)
                object.__setattr__(self, f.name, tuple(value))


def record(cls: _C) -> _C:
    """Make ``cls`` (a :class:`Record` subclass) a frozen dataclass with keyword-only fields.

    Not slotted: ``slots=True`` makes each class twice, a cost every start pays for every
    record class, and slots would save little on a few hundred small objects. Give each class a
    docstring: for a class without one, dataclass writes one from its signature
    (``inspect.signature``) at every start. Equality, hash and repr are Record's (as a frozen
    dataclass's would be), so dataclass generates only ``__init__`` and the frozen guards."""
    made = dataclass(frozen=True, kw_only=True, eq=False, repr=False)(cls)
    names = tuple(f.name for f in fields(made))
    get = attrgetter(*names) if names else None
    made._values = (lambda self: ()) if get is None else \
        (lambda self: (get(self),)) if len(names) == 1 else get  # type: ignore[attr-defined]
    return made  # type: ignore[return-value] - the same class, made a dataclass


def encode(obj: Any) -> Any:
    """A record tree as JSON-ready data: records become tagged dicts, tuples lists."""
    if isinstance(obj, Record):
        out: dict[str, Any] = {TAG: type(obj).__name__}
        for f in fields(obj):  # type: ignore[arg-type] - a Record is a dataclass (@record)
            out[f.name] = encode(getattr(obj, f.name))
        return out
    if isinstance(obj, (tuple, list)):
        return [encode(v) for v in obj]
    if obj is None or isinstance(obj, (str, int, float, bool)):
        return obj
    raise TypeError(f"cannot encode {type(obj).__name__}")


def decode(data: Any, classes: Iterable[type[Record]] | Mapping[str, type[Record]]) -> Any:
    """The inverse of :func:`encode`, building only the given record classes (ValueError otherwise)."""
    known = dict(classes) if isinstance(classes, Mapping) else {c.__name__: c for c in classes}

    def build(obj: Any) -> Any:
        if isinstance(obj, list):
            return tuple(build(v) for v in obj)
        if isinstance(obj, dict):
            name = obj.get(TAG)
            cls = known.get(name) if isinstance(name, str) else None
            if cls is None:
                raise ValueError(f"unknown record {name!r}")
            return cls(**{k: build(v) for k, v in obj.items() if k != TAG})
        return obj

    return build(data)


def record_classes(namespace: Mapping[str, Any]) -> list[type[Record]]:
    """The record classes defined in a module's namespace, in definition order."""
    return [v for v in namespace.values()
            if isinstance(v, type) and issubclass(v, Record) and v is not Record and "__dataclass_fields__" in vars(v)]
