"""Pydantic models made from record classes (:mod:`lusong_kiosk.records`), and back.

Imported only when input has to be checked (``check``, a first start on new content, a live
update, a changed configuration): pydantic and its schemas are slow to import and build,
and a start on checked input needs neither.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, create_model

from .records import Record


class StrictModel(BaseModel):
    # strict: no silent "12" -> 12; extra="forbid": typos are reported; frozen: read-only
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


def models_for(classes: Iterable[type[Record]], namespace: Mapping[str, Any],
               validators: Mapping[str, Mapping[str, Callable[..., Any]]] | None = None,
               base: type[BaseModel] = StrictModel) -> dict[str, type[BaseModel]]:
    """One pydantic model per record class (same name, same fields and defaults), in order.

    ``namespace`` resolves the records' string annotations (``Field``, ``Id``, ...); a record
    named in another's annotations resolves to its model, so it must come earlier in ``classes``.
    ``validators``: per class name, pydantic validators (``field_validator(...)(fn)``) to attach.
    """
    models: dict[str, type[BaseModel]] = {}
    for cls in classes:
        ns = {**namespace, **models}
        hints = typing.get_type_hints(cls, globalns=ns, localns=ns, include_extras=True)
        spec: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            default = ... if f.default is dataclasses.MISSING else f.default
            spec[f.name] = (hints[f.name], default)
        models[cls.__name__] = create_model(cls.__name__, __base__=base, __module__=cls.__module__,
                                            __validators__=dict((validators or {}).get(cls.__name__, {})),
                                            **spec)
    return models


def to_record(obj: Any, records: Mapping[str, type[Record]]) -> Any:
    """A validated pydantic object as the record of the same name (tuples and values kept)."""
    if isinstance(obj, BaseModel):
        cls = records[type(obj).__name__]
        return cls(**{name: to_record(getattr(obj, name), records) for name in type(obj).model_fields})
    if isinstance(obj, tuple):
        return tuple(to_record(v, records) for v in obj)
    return obj
