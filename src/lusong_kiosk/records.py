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

from collections.abc import Callable, Iterable, Mapping
from dataclasses import MISSING, Field, FrozenInstanceError, dataclass, fields
from operator import attrgetter
from typing import Any, TypeVar

_C = TypeVar("_C", bound=type)

TAG = "__t"  # the JSON key naming a record's class


class Record:
    """Base of every record: sequences are stored as tuples, so a record is hashable all the way down."""

    __slots__ = ()

    # what a frozen dataclass would generate for each class (compared, hashed and shown by its
    # fields, in order; no field assigned or deleted), written once here: generating them cost
    # every start ~0.3 ms a class. ``_values`` (set by @record, not annotated: the schema reads
    # every annotation) gives a record's field values in order.
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

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

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
    (``inspect.signature``) at every start. Only ``__init__`` is generated for each class (here,
    as a frozen dataclass's); equality, hash, repr and the frozen guards are Record's, written
    once (dataclass compiled five more functions for each class at every start)."""
    made = dataclass(init=False, repr=False, eq=False, kw_only=True)(cls)
    own = fields(made)  # type: ignore[arg-type] - made a dataclass just now
    names = tuple(f.name for f in own)
    get = attrgetter(*names) if names else None
    made._values = (lambda self: ()) if get is None else \
        (lambda self: (get(self),)) if len(names) == 1 else get  # type: ignore[attr-defined]
    made.__init__ = _init(made, own)  # type: ignore[misc] - the generated one
    return made  # type: ignore[return-value] - the same class, made a dataclass


def _init(cls: type, own: tuple[Field, ...]) -> Callable[..., None]:
    """A frozen dataclass's ``__init__`` for ``cls``: keyword-only, each field set past the
    frozen guard, then ``__post_init__``."""
    env: dict[str, Any] = {"_set": object.__setattr__}
    params, body = [], []
    for i, f in enumerate(own):
        if f.default is not MISSING:
            env[f"_d{i}"] = f.default
            params.append(f"{f.name}=_d{i}")
        elif f.default_factory is not MISSING:
            raise TypeError(f"{cls.__name__}.{f.name}: records take no default_factory")
        else:
            params.append(f.name)
        body.append(f"    _set(self, {f.name!r}, {f.name})")
    sig = f"self, *, {', '.join(params)}" if params else "self"
    src = f"def __init__({sig}):\n" + "\n".join([*body, "    self.__post_init__()"]) + "\n"
    exec(src, env)  # our own source, from the class's field names
    fn = env["__init__"]
    fn.__qualname__ = f"{cls.__qualname__}.__init__"
    return fn


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
