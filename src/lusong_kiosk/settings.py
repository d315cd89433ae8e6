"""Run-time settings: defaults, a TOML file (--config) and command-line flags, in that order.

Every duration the app uses comes from here, so tests can make them short or zero.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from .content.problems import ContentError, Problem, display_path
from .records import Record, record

if TYPE_CHECKING:  # only in annotations, read when checking (see records.py)
    from pydantic import BaseModel, Field

CONFIG_NAME = "kiosk.toml"  # in the data folder: read when no --config is given (set-pin writes it)


def default_config() -> Path:
    from .logs import data_dir

    return data_dir() / CONFIG_NAME


@record
class Settings(Record):
    """How this start runs: the defaults, over them the configuration file, over it the flags."""

    mode: Literal["demo", "kiosk", "presenter"] = "demo"
    screen: Annotated[int, Field(ge=0)] | None = None
    lang: Literal["zh", "en"] | None = None  # None: the content's default language
    fullscreen: bool = False
    size: Annotated[str, Field(pattern=r"^\d{3,5}x\d{3,5}$")] | None = None
    reduce_motion: bool = False
    # kiosk
    idle_timeout: Annotated[float, Field(gt=0)] = 90.0  # seconds without input -> home
    attract_delay: Annotated[float, Field(ge=0)] = 20.0  # further seconds at home -> attract loop
    attract_interval: Annotated[float, Field(gt=0)] = 6.0  # seconds per highlight in the loop
    technician_pin_hash: str | None = None  # a salted hash written by `lusong-kiosk set-pin` (pin.py)
    # motion (milliseconds)
    transition_ms: Annotated[int, Field(ge=0, le=2000)] = 320
    chart_ms: Annotated[int, Field(ge=0, le=5000)] = 1200
    counter_ms: Annotated[int, Field(ge=0, le=5000)] = 1100
    stagger_ms: Annotated[int, Field(ge=0, le=1000)] = 90
    tour_read_s: Annotated[float, Field(gt=0, le=60)] = 9.0  # a tour step stays this long after its animation
    content: str | None = None
    assets: str | None = None
    analytics: bool = True  # anonymous visitor analytics in the data folder (analytics/)
    live_reload: bool = True  # kiosk: apply edits of content/ and assets/ while running (live.py)
    watchdog_s: Annotated[float, Field(ge=0)] = 30.0  # a loop hung this long restarts the app (0: off)

    @property
    def plays_tour(self) -> bool:
        """The self-running tour is offered and played in the kiosk and the demo; not on the
        presenter's projector, where a guide steps through the presentation instead."""
        return self.mode != "presenter"


def _pin_hash(cls: type, v: str | None) -> str | None:
    if v is not None:
        from .pin import PinError, check_hash

        try:
            check_hash(v)
        except PinError as exc:
            raise ValueError(f"not a PIN hash: {exc}; run `lusong-kiosk set-pin` to write one") from None
    return v


@cache
def settings_model() -> type[BaseModel]:
    """The pydantic model checking a configuration (built on first use: it imports pydantic)."""
    from pydantic import Field, field_validator

    from .validation import models_for

    validators = {"Settings": {"_pin_hash": field_validator("technician_pin_hash")(_pin_hash)}}
    return models_for([Settings], {**globals(), "Field": Field}, validators)["Settings"]


FLAG_KEYS = ("mode", "screen", "lang", "fullscreen", "size", "reduce_motion", "idle_timeout",
             "content", "assets")


def load_settings(config: Path | None = None, overrides: dict[str, Any] | None = None) -> Settings:
    """Defaults <- config file <- flags; raise ContentError listing every bad key."""
    data: dict[str, Any] = {}
    problems: list[Problem] = []
    if config is not None:
        import tomllib  # here, not at the top: a start whose settings were checked before needs none

        name = display_path(config)
        try:
            data = tomllib.loads(Path(config).read_text(encoding="utf-8-sig"))
        except OSError as exc:
            raise ContentError([Problem(name, "", f"cannot read the configuration ({exc.strerror or exc})")]) from None
        except (ValueError, RecursionError) as exc:  # TOMLDecodeError, UnicodeDecodeError, a huge int
            raise ContentError([Problem(name, "", f"TOML syntax error: {exc}")]) from None
        if "technician_pin" in data:  # plain text: refused, never used
            data.pop("technician_pin")
            problems.append(Problem(name, "technician_pin",
                                    "a PIN in plain text is not accepted: run `lusong-kiosk set-pin --config "
                                    f"{name}` (it stores a salted hash) and delete this line"))
    for key, value in (overrides or {}).items():
        if value is not None:
            data[key] = str(value) if key in ("content", "assets") else value
    from pydantic import ValidationError

    from .content.problems import from_validation
    from .validation import to_record

    model = settings_model()
    try:
        settings = to_record(model.model_validate(data), {"Settings": Settings})
    except ValidationError as exc:
        problems.extend(from_validation(display_path(config) if config else "command line", model, exc))
        raise ContentError(problems) from None
    if problems:
        raise ContentError(problems)
    return settings
