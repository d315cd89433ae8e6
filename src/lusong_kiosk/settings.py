"""Run-time settings: defaults, a TOML file (--config) and command-line flags, in that order.

Every duration the app uses comes from here, so tests can make them short or zero.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .content.problems import ContentError, Problem, display_path, from_validation


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    mode: Literal["demo", "kiosk", "presenter"] = "demo"
    screen: int | None = Field(default=None, ge=0)
    lang: Literal["zh", "en"] | None = None  # None: the content's default language
    fullscreen: bool = False
    size: str | None = Field(default=None, pattern=r"^\d{3,5}x\d{3,5}$")
    reduce_motion: bool = False
    # kiosk
    idle_timeout: float = Field(default=90.0, gt=0)  # seconds without input -> home
    attract_delay: float = Field(default=20.0, ge=0)  # further seconds at home -> attract loop
    attract_interval: float = Field(default=6.0, gt=0)  # seconds per highlight in the loop
    technician_pin_hash: str | None = None  # a salted hash written by `lusong-kiosk set-pin` (pin.py)
    # motion (milliseconds)
    transition_ms: int = Field(default=320, ge=0, le=2000)
    chart_ms: int = Field(default=1200, ge=0, le=5000)
    counter_ms: int = Field(default=1100, ge=0, le=5000)
    stagger_ms: int = Field(default=90, ge=0, le=1000)
    content: str | None = None
    assets: str | None = None
    analytics: bool = True  # anonymous visitor analytics in the data folder (telemetry.py)
    live_reload: bool = True  # kiosk: apply edits of content/ and assets/ while running (live.py)

    @field_validator("technician_pin_hash")
    @classmethod
    def _pin_hash(cls, v: str | None) -> str | None:
        if v is not None:
            from .pin import PinError, check_hash

            try:
                check_hash(v)
            except PinError as exc:
                raise ValueError(f"not a PIN hash: {exc}; run `lusong-kiosk set-pin` to write one") from None
        return v


FLAG_KEYS = ("mode", "screen", "lang", "fullscreen", "size", "reduce_motion", "idle_timeout",
             "content", "assets")


def load_settings(config: Path | None = None, overrides: dict[str, Any] | None = None) -> Settings:
    """Defaults <- config file <- flags; raise ContentError listing every bad key."""
    data: dict[str, Any] = {}
    problems: list[Problem] = []
    if config is not None:
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
    try:
        settings = Settings.model_validate(data)
    except ValidationError as exc:
        problems.extend(from_validation(display_path(config) if config else "command line", Settings, exc))
        raise ContentError(problems) from None
    if problems:
        raise ContentError(problems)
    return settings
