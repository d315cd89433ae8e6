"""Read ``content/*.toml`` into an :class:`Exhibition`, or raise :class:`ContentError` listing
every problem (file, field, what was expected). Imports no Qt.

Layout of a content folder::

    exhibition.toml      title, subtitle, credits, attract prompt, [source] with its sections
    themes/*.toml        one theme each (ordered by their ``order`` field)
    timeline.toml        eras and events
    honours.toml         the honours list
"""

from __future__ import annotations

import re
import sys
import tomllib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import fields, replace
from pathlib import Path, PurePosixPath
from typing import Any

from pydantic import ValidationError

from ..records import Record
from . import tour
from .files import FONT_PATHS, content_files, default_dirs, theme_files
from .limits import (MAX_IMAGE_BYTES, Refused, read_regular, regular_file_problem, svg_problem,
                     toml_shape_problem)
from .panels import panel_problems
from .model import Exhibition, Honours, Text, Theme, Timeline
from .problems import ContentError, Problem, display_path, from_validation, listed_once, show
from .schema import MODELS, as_record

MAX_FILE_BYTES = 1_000_000  # a content file larger than this is refused, not parsed


def read_toml(path: Path, problems: list[Problem]) -> dict[str, Any] | None:
    """Parse one TOML file; on failure add a problem and return None."""
    name = display_path(path)
    try:
        raw = read_regular(path, MAX_FILE_BYTES)  # never blocks on a named pipe
    except Refused as exc:
        problems.append(Problem(name, "", exc.why))
        return None
    try:
        text = raw.decode("utf-8-sig")  # a BOM from a Windows editor is fine
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.append(Problem(name, f"line {line}", "not valid UTF-8 text (save the file as UTF-8)"))
        return None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        problems.append(Problem(name, f"line {line}", "contains a NUL character (a damaged or binary file?)"))
        return None
    shape = toml_shape_problem(text)  # tomllib is quadratic in a long dotted key: refuse it first
    if shape is not None:
        problems.append(Problem(name, f"line {shape[0]}", shape[1]))
        return None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        field = ""
        if "(at line" in msg:
            msg, where = msg.rsplit("(at line", 1)
            field = "line " + where.split(",")[0].strip()
            msg = msg.strip()
        elif msg.endswith("(at end of document)"):
            msg = msg.removesuffix("(at end of document)").strip()
            field = f"line {text.count(chr(10)) + 1}"
        problems.append(Problem(name, field, f"TOML syntax error: {msg}"))
        return None
    except ValueError as exc:  # int() refuses numbers longer than sys.get_int_max_str_digits()
        long = re.search(rf"[0-9_]{{{min(sys.get_int_max_str_digits() or 4300, 4300)},}}", text)
        field = f"line {text[: long.start()].count(chr(10)) + 1}" if long else ""
        problems.append(Problem(name, field, f"a number with more digits than can be read ({exc})"[:200]))
        return None
    except RecursionError:
        problems.append(Problem(name, "", "nested too deeply"))
        return None


def _validate(record: type[Record], data: dict[str, Any], file: str,
              problems: list[Problem]) -> Any:
    """The record checked against its rules (schema.py), or None with its problems added."""
    model = MODELS[record.__name__]
    try:
        return as_record(model.model_validate(data))
    except ValidationError as exc:
        problems.extend(from_validation(file, model, exc))
        return None
    except RecursionError:
        problems.append(Problem(file, "", "nested too deeply"))
        return None


def load(content_dir: Path | None = None, assets_dir: Path | None = None,
         check_font: bool = True, reads: set[str] | None = None) -> Exhibition:
    """Load and check everything; raise ContentError with all problems found.

    ``reads``, when given, gets the path of every file the content needs (content files, the
    assets it names, the fonts when checked), found or not -- also when problems are raised.
    """
    d_content, d_assets = default_dirs()
    content_dir = Path(content_dir) if content_dir else d_content
    assets_dir = Path(assets_dir) if assets_dir else d_assets
    problems: list[Problem] = []
    if reads is None:
        reads = set()
    reads.update(str(p) for p in content_files(content_dir))

    if not content_dir.is_dir():
        raise ContentError([Problem(display_path(content_dir), "", "content folder not found")])

    # exhibition.toml
    ex_path = content_dir / "exhibition.toml"
    ex_file = display_path(ex_path)
    ex_data: dict[str, Any] | None = None
    if ex_path.exists():
        ex_data = read_toml(ex_path, problems)
    else:
        problems.append(Problem(ex_file, "", "file missing"))
    base = None
    if ex_data is not None:
        for key in ("themes", "timeline", "honours"):
            if key in ex_data:
                problems.append(Problem(ex_file, key, f"unknown field ({key} live in their own files)"))
                ex_data.pop(key)
        base = _validate(Exhibition, ex_data, ex_file, problems)

    # themes/*.toml
    themes: list[tuple[str, Theme]] = []
    # Ids of themes whose file is there but broken: references to them are not reported again.
    # None when some theme's id cannot be known (a file that is not TOML, or no theme files).
    broken_theme_ids: set[str] | None = set()
    theme_dir = content_dir / "themes"
    themes_found = theme_files(content_dir)
    if not themes_found:
        problems.append(Problem(display_path(theme_dir), "", "no theme files (*.toml) found"))
        broken_theme_ids = None
    for path in themes_found:
        data = read_toml(path, problems)
        if data is None:
            broken_theme_ids = None
            continue
        theme = _validate(Theme, data, display_path(path), problems)
        if theme is not None:
            themes.append((display_path(path), theme))
        elif broken_theme_ids is not None:
            if isinstance(data.get("id"), str):
                broken_theme_ids.add(data["id"])
            else:
                broken_theme_ids = None

    def optional_file(name: str, model: type[Record]) -> tuple[str, Any]:
        path = content_dir / name
        file = display_path(path)
        if not path.exists():
            problems.append(Problem(file, "", "file missing"))
            return file, None
        data = read_toml(path, problems)
        return file, (_validate(model, data, file, problems) if data is not None else None)

    tl_file, timeline = optional_file("timeline.toml", Timeline)
    ho_file, honours = optional_file("honours.toml", Honours)

    _check_references(base, ex_file, themes, broken_theme_ids, timeline, tl_file, honours, ho_file,
                      assets_dir, problems, reads)
    if check_font:
        reads.update(str(assets_dir / f) for f in FONT_PATHS)
        _check_font(assets_dir, [(ex_file, base), (tl_file, timeline), (ho_file, honours), *themes],
                    problems)

    if problems or base is None:
        raise ContentError(problems)

    ordered = tuple(t for _, t in sorted(themes, key=lambda ft: ft[1].order))
    if timeline is not None:
        events = tuple(sorted(timeline.events, key=lambda e: e.sort_key))
        timeline = replace(timeline, events=events)
    return replace(base, themes=ordered, timeline=timeline, honours=honours)


def _check_font(assets_dir: Path, everything: list[tuple[str, Record | None]],
                problems: list[Problem]) -> None:
    """Every visible character must be in the bundled font (a missing one draws blank)."""
    from .fontcheck import FontUnreadable, covered, missing_glyphs

    try:
        cmap = covered(assets_dir)
    except FontUnreadable as exc:
        problems.append(Problem(display_path(exc.path), "",
                                f"{exc.why}: the bundled font is needed to draw the text "
                                "(regenerate it with: make font)"))
        return
    for file, obj in everything:
        if obj is None:
            continue
        for field, text in iter_texts(obj):
            missing = missing_glyphs(text, cmap)
            if missing:
                chars = " ".join(f"'{c}' (U+{ord(c):04X})" for c in missing[:5])
                problems.append(Problem(file, field, f"the bundled font cannot draw {chars}"
                                        + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")))


def iter_texts(obj: Any, prefix: str = "") -> Iterator[tuple[str, str]]:
    """Every visible string in a model, with its field path (e.g. figures[2].label.en)."""
    if isinstance(obj, Text):
        yield f"{prefix}.zh", obj.zh
        yield f"{prefix}.en", obj.en
    elif isinstance(obj, Record):
        for f in fields(obj):
            yield from iter_texts(getattr(obj, f.name), f"{prefix}.{f.name}" if prefix else f.name)
    elif isinstance(obj, (list, tuple)):
        for i, item in enumerate(obj):
            yield from iter_texts(item, f"{prefix}[{i}]")


def check_asset(path: str, assets_dir: Path) -> str | None:
    """None when ``path`` names an existing file inside assets/, else what is wrong."""
    if not path.isprintable() or len(path) > 1000:
        return f"expected a path inside assets/, got {show(path)} (too long, or with control characters)"
    p = PurePosixPath(path.replace("\\", "/"))
    if p.is_absolute() or (len(path) > 1 and path[1] == ":"):
        return f"expected a path inside assets/, got the absolute path {path!r}"
    if ".." in p.parts:
        return f"expected a path inside assets/, got {path!r} which leaves it"
    try:
        target = (assets_dir / p).resolve()
        target.relative_to(assets_dir.resolve())
    except ValueError:
        return f"expected a path inside assets/, got {path!r} which leaves it (through a link)"
    except (OSError, RuntimeError) as exc:  # a name too long, a symlink loop (RuntimeError)
        return f"cannot follow assets/{show(str(p))} ({getattr(exc, 'strerror', None) or exc})"
    why = regular_file_problem(target)  # a named pipe would block whoever opens it
    if why == "file not found":
        return f"file not found: assets/{p}"
    if why is None:
        why = svg_problem(target) if target.suffix.lower() == ".svg" else _image_size_problem(target)
    return f"assets/{p}: {why}" if why else None


def _image_size_problem(path: Path) -> str | None:
    try:
        size = path.stat().st_size
    except OSError as exc:  # removed since the last look
        return f"cannot read the file ({exc.strerror or exc})"
    return f"file is {size:,} bytes; the limit is {MAX_IMAGE_BYTES:,}" if size > MAX_IMAGE_BYTES else None


# a stated share and part / whole differ by the article's rounding (70.1 % stated, 70.2 % computed);
# more than a point apart, ``share`` names the wrong figure
SHARE_TOLERANCE = 1.0


def _check_share(file: str, field: str, stated, fid: str, figures: list, problems: list[Problem]) -> None:  # noqa: ANN001 - stated: the TOML value as read, any type
    """A donut's ``share`` names a % figure of the theme that agrees with part / whole."""
    if stated is None:
        problems.append(Problem(file, field, f"no figure with id {fid!r} in this theme"))
        return
    if stated.unit is None or stated.unit.en.strip() != "%":
        problems.append(Problem(file, field, f"expected a figure in %, got {fid!r}"))
        return
    part, whole = figures[0].value, figures[1].value
    if whole > 0 and abs(stated.value - part / whole * 100) > SHARE_TOLERANCE:
        problems.append(Problem(file, field, f"the stated share {stated.value:g}% of {fid!r} differs from "
                                             f"part / whole {part / whole * 100:.1f}% by more than "
                                             f"{SHARE_TOLERANCE:g} point"))


def _dupes(items: Iterable[tuple[str, str, str]], what: str, problems: list[Problem]) -> None:
    """items: (id, file, field). Report every id seen more than once."""
    seen: dict[str, tuple[str, str]] = {}
    for ident, file, field in items:
        if ident in seen:
            first_file, first_field = seen[ident]
            problems.append(Problem(file, field,
                                    f"duplicate {what} id {ident!r} (first in {first_file}: {first_field})"))
        else:
            seen[ident] = (file, field)


def _check_presentation(order: Iterable[str], file: str, theme_ids: set[str],
                        unknown_theme: Callable[[str], bool], problems: list[Problem]) -> None:
    """exhibition.toml ``presentation``: the presenter's screens, each named once."""
    themes = ", ".join(sorted(theme_ids))
    for field, target in listed_once(order, file, "presentation", problems):
        if target in ("home", "timeline", "honours"):
            continue
        if target.startswith("theme:"):
            if unknown_theme(target[6:]):
                problems.append(Problem(file, field, f"no theme with id {target[6:]!r} (themes: {themes})"))
            continue
        problems.append(Problem(file, field, "expected 'home', 'timeline', 'honours' or 'theme:<id>'"
                                f" (themes: {themes}), got {target!r}"))


def _check_references(base: Exhibition | None, ex_file: str, themes: list[tuple[str, Theme]],
                      broken_theme_ids: set[str] | None,
                      timeline: Timeline | None, tl_file: str, honours: Honours | None,
                      ho_file: str, assets_dir: Path, problems: list[Problem], reads: set[str]) -> None:
    """Checks that span files. Runs on whatever loaded, so that one broken file does not hide
    the problems of the others; references into a broken file are not reported twice."""
    sections = {s.id for s in base.source.sections} if base is not None else None
    theme_ids = {t.id for _, t in themes}

    def unknown_theme(tid: str) -> bool:
        return broken_theme_ids is not None and tid not in theme_ids and tid not in broken_theme_ids

    if base is not None:
        _dupes(((s.id, ex_file, f"source.sections[{i}].id") for i, s in enumerate(base.source.sections)),
               "section", problems)
    if base is not None and base.presentation:
        _check_presentation(base.presentation, ex_file, theme_ids, unknown_theme, problems)
    if base is not None and base.tour:  # the self-running tour's steps (content/tour.py)
        problems += tour.check(base.tour, ex_file, [t for _, t in themes], broken_theme_ids, timeline, honours)
    _dupes(((t.id, f, "id") for f, t in themes), "theme", problems)
    _dupes(((str(t.order), f, "order") for f, t in themes), "theme order", problems)
    _dupes(((fig.id, f, f"figures[{i}].id") for f, t in themes for i, fig in enumerate(t.figures)),
           "figure", problems)
    _dupes(((c.id, f, f"charts[{i}].id") for f, t in themes for i, c in enumerate(t.charts)),
           "chart", problems)
    _dupes(((s.id, f, f"stories[{i}].id") for f, t in themes for i, s in enumerate(t.stories)),
           "story", problems)

    def asset(file: str, field: str, path: str | None) -> None:
        if path is not None:
            if path.isprintable() and "\0" not in path:
                reads.add(str(assets_dir / PurePosixPath(path.replace("\\", "/"))))
            why = check_asset(path, assets_dir)
            if why:
                problems.append(Problem(file, field, why))

    def picture(file: str, where: str, item) -> None:  # noqa: ANN001 - a Story or an Event
        """A picture shown to visitors: its file, and its credit, which a real photo must carry."""
        asset(file, f"{where}.image", item.image)
        if item.image is not None and item.credit is None:
            problems.append(Problem(file, f"{where}.credit",
                                    f'expected the credit of the picture {item.image!r}, as'
                                    ' { zh = "…", en = "…" } naming who made it; a picture is not shown without one'))

    for file, t in themes:
        figs = {f.id: f for f in t.figures}
        asset(file, "icon", t.icon)
        if t.hero not in figs:
            problems.append(Problem(file, "hero", f"expected the id of a figure in this theme, got {t.hero!r}"))
        problems.extend(panel_problems(file, t))
        for i, fig in enumerate(t.figures):
            if sections is not None and fig.section not in sections:
                problems.append(Problem(file, f"figures[{i}].section",
                                        f"expected one of the article's sections ({', '.join(sorted(sections))}), "
                                        f"got {fig.section!r}"))
        for i, chart in enumerate(t.charts):
            missing = [fid for fid in chart.figures if fid not in figs]
            for j, fid in enumerate(chart.figures):
                if fid not in figs:
                    problems.append(Problem(file, f"charts[{i}].figures[{j}]",
                                            f"no figure with id {fid!r} in this theme"))
            if missing:
                continue
            cf = [figs[fid] for fid in chart.figures]
            units = {(f.unit.zh, f.unit.en) if f.unit else ("", "") for f in cf}
            if chart.share is not None:
                _check_share(file, f"charts[{i}].share", figs.get(chart.share), chart.share, cf, problems)
            if chart.kind in ("bar", "compare", "bullet") and len(units) > 1:
                problems.append(Problem(file, f"charts[{i}].figures",
                                        f"a {chart.kind} chart needs figures of one unit in both languages, got "
                                        + " / ".join(sorted(f"{zh} | {en}" for zh, en in units))))
            if chart.kind in ("bar", "compare", "donut", "bullet") and len({f.en_scale for f in cf}) > 1:
                problems.append(Problem(file, f"charts[{i}].figures",
                                        "the figures of one chart need the same en_scale"))
            if chart.kind == "gauge" and not (0 <= cf[0].value <= 100):
                problems.append(Problem(file, f"charts[{i}].figures[0]",
                                        f"a gauge shows a percentage 0-100, got {cf[0].value}"))
            if chart.kind == "donut" and not (0 < cf[0].value <= cf[1].value):
                problems.append(Problem(file, f"charts[{i}].figures", "a donut needs 0 < part <= whole"))
            if any(f.value < 0 for f in cf):
                problems.append(Problem(file, f"charts[{i}].figures", "charts draw only non-negative values"))
        for i, story in enumerate(t.stories):
            picture(file, f"stories[{i}]", story)
        if t.steps is not None:
            known = {"headline"} | set(figs) | {c.id for c in t.charts} | {s.id for s in t.stories}
            for i, step in enumerate(t.steps):
                if step not in known:
                    problems.append(Problem(file, f"steps[{i}]",
                                            f"expected 'headline' or a figure, chart or story id, got {step!r}"))

    if timeline is not None:
        _dupes(((e.id, tl_file, f"events[{i}].id") for i, e in enumerate(timeline.events)), "event", problems)
        _dupes(((e.id, tl_file, f"eras[{i}].id") for i, e in enumerate(timeline.eras)), "era", problems)
        for i, ev in enumerate(timeline.events):
            if unknown_theme(ev.theme):
                problems.append(Problem(tl_file, f"events[{i}].theme",
                                        f"no theme with id {ev.theme!r} (themes: {', '.join(sorted(theme_ids))})"))
            picture(tl_file, f"events[{i}]", ev)
    if honours is not None:
        _dupes(((h.id, ho_file, f"honours[{i}].id") for i, h in enumerate(honours.honours)), "honour", problems)
        for i, h in enumerate(honours.honours):
            if h.theme is not None and unknown_theme(h.theme):
                problems.append(Problem(ho_file, f"honours[{i}].theme",
                                        f"no theme with id {h.theme!r} (themes: {', '.join(sorted(theme_ids))})"))
            # a timeline that failed is reported in its own file, not again at each honour naming it
            if h.event is not None and timeline is not None and h.event not in {e.id for e in timeline.events}:
                problems.append(Problem(ho_file, f"honours[{i}].event",
                                        f"honour {h.id!r}: no timeline event with id {h.event!r}"))
            asset(ho_file, f"honours[{i}].icon", h.icon)
