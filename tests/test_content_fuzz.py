"""Content fuzzing: bad input never reaches the visitor.

Property-based tests (hypothesis) that start from VALID content — the tiny fixture of
content_fixtures.py or a copy of the shipped content/ — and break it: at the level of the file
(bytes: truncation, random bytes, invalid UTF-8, BOM, CRLF, NUL, size over the limit, a missing
file, a folder or a named pipe in its place) and at the level of the parsed data (keys deleted,
renamed or added; items duplicated; values of the wrong type, odd Unicode, 1 MB strings, NaN,
infinities, huge numbers, impossible dates, deep nesting), re-serialised by the small TOML writer
below (tomllib cannot write).

The property: ``load(content, assets)`` returns an Exhibition whose derived values are all usable,
or raises ContentError whose every problem names a file of the content (and, when the file
itself could be read, a field) — never any other exception, and never a hang (each example runs
under a time limit).

CI runs ``FUZZ_EXAMPLES`` (120) examples per test, derandomised so that a failure reproduces.
A longer local run: ``LUSONG_FUZZ_EXAMPLES=5000 LUSONG_FUZZ_RANDOM=1 LUSONG_FUZZ_STATS=1
pytest -s tests/test_content_fuzz.py``.
"""

from __future__ import annotations

import collections
import contextlib
import copy
import datetime as dt
import math
import os
import re
import shutil
import sys
import tempfile
import time
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from content_fixtures import FILES, make_site, time_limit
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from lusong_kiosk.content import ContentError, Exhibition, load
from lusong_kiosk.content.loader import MAX_FILE_BYTES, iter_texts
from lusong_kiosk.content.model import FIRST_YEAR, LAST_YEAR, MAX_TEXT

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "content"
ASSETS = ROOT / "assets"

FUZZ_EXAMPLES = int(os.environ.get("LUSONG_FUZZ_EXAMPLES", "120"))
FUZZ = settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,  # some examples write a megabyte; the time limit below catches hangs
    derandomize=not os.environ.get("LUSONG_FUZZ_RANDOM"),  # CI: the same examples every run
    database=None,  # write nothing into the checkout
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.function_scoped_fixture],
)
TIME_LIMIT_S = 20.0  # one load() never takes this long; a hang fails the example instead
STATS: collections.Counter[str] = collections.Counter()


# -- a tiny TOML writer ---------------------------------------------------------------------------

class Raw:
    """TOML text written as is (numbers too long for str(), deep nesting, impossible dates)."""

    def __init__(self, text: str):
        self.text = text

    def __repr__(self) -> str:
        return f"Raw({self.text[:60]!r}{'...' if len(self.text) > 60 else ''})"


_BARE = re.compile(r"^[A-Za-z0-9_-]+$")
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x1f\x7f]')


def toml_string(s: str) -> str:
    """A basic string; lone surrogates pass through and become invalid UTF-8 in the file."""
    return '"' + _NEEDS_ESCAPE.sub(lambda m: _ESCAPES.get(m.group()) or f"\\u{ord(m.group()):04X}", s) + '"'


def toml_key(k: str) -> str:
    return k if _BARE.match(k) else toml_string(k)


def toml_value(v: Any) -> str:
    if isinstance(v, Raw):
        return v.text
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return repr(v)
    if isinstance(v, str):
        return toml_string(v)
    if isinstance(v, (dt.datetime, dt.date, dt.time)):
        return v.isoformat()
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{toml_key(k)} = {toml_value(x)}" for k, x in v.items()) + " }" if v else "{}"
    raise TypeError(f"cannot write {type(v).__name__}")


def toml_dumps(data: dict[str, Any]) -> str:
    """Plain values first, then [tables] and [[arrays of tables]], the way a curator writes."""
    lines: list[str] = []

    def table(d: dict[str, Any], path: tuple[str, ...]) -> None:
        later: list[tuple[str, Any]] = []
        for k, v in d.items():
            if (isinstance(v, dict) and v) or (isinstance(v, list) and v and all(isinstance(x, dict) for x in v)):
                later.append((k, v))
            else:
                lines.append(f"{toml_key(k)} = {toml_value(v)}")
        for k, v in later:
            name = ".".join(toml_key(p) for p in (*path, k))
            for item in ([v] if isinstance(v, dict) else v):
                lines.append("")
                lines.append(f"[{name}]" if isinstance(v, dict) else f"[[{name}]]")
                table(item, (*path, k))

    table(data, ())
    return "\n".join(lines) + "\n"


def toml_bytes(data: dict[str, Any]) -> bytes:
    return toml_dumps(data).encode("utf-8", "surrogatepass")


# -- the base content -----------------------------------------------------------------------------

class Base:
    """A pristine content folder kept in memory, and a work folder restored before each example."""

    def __init__(self, name: str, root: Path, files: dict[str, bytes], assets: Path):
        self.name = name
        self.content = root / "content"
        self.assets = assets
        self.files = files

    def restore(self) -> None:
        if self.content.is_symlink() or self.content.is_file():
            self.content.unlink()
        elif self.content.exists():
            shutil.rmtree(self.content)
        for name, raw in self.files.items():
            path = self.content / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(raw)


@pytest.fixture(scope="module")
def bases(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Base]:
    mini_root = tmp_path_factory.mktemp("fuzz-mini")
    site = make_site(mini_root)
    mini = Base("mini", mini_root, {n: t.encode("utf-8") for n, t in FILES.items()}, site.assets)
    shipped_root = tmp_path_factory.mktemp("fuzz-shipped")
    files = {p.relative_to(SHIPPED).as_posix(): p.read_bytes() for p in sorted(SHIPPED.rglob("*.toml"))}
    shipped = Base("shipped", shipped_root, files, ASSETS)
    for b in (mini, shipped):
        b.restore()
        load(b.content, b.assets)  # both start valid
    return {"mini": mini, "shipped": shipped}


# -- the property ---------------------------------------------------------------------------------

def exercise(ex: Exhibition) -> None:
    """Everything the screens derive from a loaded model must work."""
    assert ex.summary()["themes"] >= 1
    hash(ex)  # frozen all the way down
    for theme in ex.themes:
        for fig in theme.figures:
            for lang in ("zh", "en"):
                value, decimals = fig.display_value(lang), fig.display_precision(lang)
                assert math.isfinite(value) and 0 <= decimals <= 12, (fig.id, value, decimals)
                assert f"{value:,.{decimals}f}"
            if fig.period is not None:
                assert fig.period.isascii()
        for chart in theme.charts:
            assert all(math.isfinite(f.value) for f in theme.chart_figures(chart))
    for ev in ex.events:
        assert ev.date.isascii() and FIRST_YEAR <= ev.year <= LAST_YEAR
        assert ev.sort_key and ev.precision and FIRST_YEAR <= ev.decimal_year < LAST_YEAR + 1
    for field, text in iter_texts(ex):
        assert text.strip() and "\x00" not in text and len(text) <= MAX_TEXT, field


def inside(name: str, *folders: Path) -> bool:
    path = Path(name)
    path = path if path.is_absolute() else Path.cwd() / path
    path = Path(os.path.normpath(path))
    return any(path == f or f in path.parents for f in (Path(os.path.normpath(f)) for f in folders))


# Problems about a whole file, which have no field to name.
FILE_LEVEL = ("file missing", "file is ", "cannot read", "not a regular file", "no theme files",
              "not valid UTF-8", "NUL character", "TOML syntax error", "nested too deeply",
              "more digits than", "content folder not found", "bundled font")


def check_property(base: Base, parsed_ok: set[str]) -> str:
    """Load ``base``; return "loaded" or "refused" (the property holds) or fail the test.

    ``parsed_ok``: files the mutation wrote through the TOML writer: their problems must name a
    field, unless they are about the whole file (not UTF-8, not TOML, over the size limit ...).
    """
    t0 = time.perf_counter()
    with time_limit(TIME_LIMIT_S):
        try:
            ex = load(base.content, base.assets)
        except ContentError as err:
            outcome = "refused"
            assert err.problems, "a ContentError without problems"
            assert str(err)
            for p in err.problems:
                assert p.file and p.message, p
                assert len(p.message) <= 400 and len(p.field) <= 400, f"{str(p)[:300]}...: too long for a log line"
                assert inside(p.file, base.content, base.assets), f"{p}: names no file of the content"
                rel = Path(p.file).name
                if any(Path(p.file).as_posix().endswith(name) for name in parsed_ok) and not p.field:
                    assert any(s in p.message for s in FILE_LEVEL), f"{p}: names no field (file {rel})"
        else:
            outcome = "loaded"
            assert isinstance(ex, Exhibition)
            exercise(ex)
    STATS["max load ms"] = max(STATS["max load ms"], round((time.perf_counter() - t0) * 1000))
    STATS[outcome] += 1
    return outcome


@pytest.fixture(scope="module", autouse=True)
def _report() -> Iterator[None]:
    yield
    if os.environ.get("LUSONG_FUZZ_STATS"):
        print("\nfuzz statistics:", dict(sorted(STATS.items())), file=sys.__stdout__)


# -- nasty values ---------------------------------------------------------------------------------

ODD = [
    "", " ", "\u3000", "\t\n", "مرحبا بالعالم", "שלום", "\u202eevil\u202c", "\u200f", "\u200b",
    "e\u0301\u0301\u0301\u0301\u0301", "Z\u0351\u0352\u0353\u0354\u0355\u0356", "👨‍👩‍👧‍👦", "🇨🇳", "😀",
    "\x00", "a\x00b", "\x7f", "\x1b[31m", "\ufeff", "\ufffe", "\uffff", "\U0010ffff", "\ud800", "\udfff",
    "a\ud83db", "\r", "\u2028", "\u2029", "１２３", "٢٠٢٠", "²", "¹²", "二〇二〇", "2020\n", "∞", "NaN",
    "../../../etc/passwd", "/etc/passwd", "C:\\Windows\\win.ini", "icons/../../x.svg", "icons/\x00.svg",
    "芦淞区", "非凡十年", "x" * 65, "a-b", "A-B", "-a", "\\", '"', "'''", '"""', "#", "[x]", "{}",
]

def long_text(size: int) -> st.SearchStrategy[str]:
    return st.text(min_size=1, max_size=8).map(lambda s: (s * (size // len(s) + 1))[:size])


strings = st.one_of(
    st.sampled_from(ODD),
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=40),
    st.sampled_from([1000, 100_000, 990_000, 1_000_001]).flatmap(long_text),
)

numbers = st.one_of(
    st.sampled_from([math.nan, math.inf, -math.inf, -0.0, 0, 0.0, -1, 1, 99, 100, 101, 1e12, 1e12 + 1,
                     -1e12, 1e308, -1e308, 5e-324, 2**63 - 1, -(2**63), 2**64, 10**100, 1954, 2022,
                     2023, 1953, 0.1, 1e-7, 1e-300]),
    st.integers(),
    st.floats(),
    # longer than Python's int() reads by default (4300 digits) — only writable as raw text
    st.integers(min_value=4200, max_value=6000).map(lambda n: Raw("9" * n)),
)

dates = st.one_of(
    st.dates(), st.datetimes(), st.times(),
    st.sampled_from(["2021-02-30", "2021-13-01", "2021-00-10", "0000-01-01", "9999-12-31", "1953-12-31",
                     "2023-01-01", "2021-2-3", "2021/02/03", "21", "20210203", "2021-02-03T10:00",
                     "2021-H1", "2016-2020", "2020-H3", "2020-00", " 2020", "2020 ", "٢٠٢٠", "２０２０",
                     "2020\n", "2020-11\n", "1954-08-16", "2022-12-31"]),
    st.sampled_from(["2021-02-30", "2021-13-01", "0000-00-00", "2021-02-29T25:61:61Z", "1954-08-16",
                     "1979-05-27T07:32:00-08:00", "07:32:00", "2021-06-31"]).map(Raw),
)


def deep(n: int, kind: str) -> Raw:
    if kind == "array":
        return Raw("[" * n + "1" + "]" * n)
    if kind == "table":
        return Raw("{ a = " * n + "1" + " }" * n)
    return Raw("[" * n + "{ a = 1 }" + "]" * n)


nesting = st.builds(deep, st.sampled_from([2, 10, 50, 100, 200, 400, 1000, 5000, 100_000]),
                    st.sampled_from(["array", "table", "mixed"]))

scalars = st.one_of(strings, numbers, st.booleans(), dates)
values = st.one_of(
    scalars,
    nesting,
    st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                  st.dictionaries(strings.filter(lambda s: len(s) < 100),
                                                                  inner, max_size=3)),
                 max_leaves=8),
)

keys = st.one_of(
    st.sampled_from(["id", "value", "title", "zh", "en", "figures", "charts", "order", "date", "theme",
                     "idd", "Title", "valeu", "²", "١٢", "1" * 5000, "", " ", "a.b", "\x00", "ключ", "标题"]),
    st.text(max_size=20),
)


# -- mutations ------------------------------------------------------------------------------------

def pick_file(data: st.DataObject, base: Base) -> str:
    return data.draw(st.sampled_from(sorted(base.files)), label="file")


def walk(data: st.DataObject, tree: Any) -> list[Any]:
    """A path into a parsed TOML tree (a list of keys and indices), biased towards leaves."""
    path: list[Any] = []
    node = tree
    depth = data.draw(st.integers(min_value=1, max_value=6), label="depth")
    while len(path) < depth and isinstance(node, (dict, list)) and node:
        key = data.draw(st.sampled_from(list(node) if isinstance(node, dict) else list(range(len(node)))))
        path.append(key)
        node = node[key]
    return path


def mutate_tree(data: st.DataObject, tree: dict[str, Any]) -> str:
    """One change to the parsed data; returns its name."""
    path = walk(data, tree)
    if not path:
        op = data.draw(st.sampled_from(["add", "clear"]))
        if op == "clear":
            tree.clear()
        else:
            tree[data.draw(keys)] = data.draw(values)
        return op
    parent = tree
    for p in path[:-1]:
        parent = parent[p]
    key = path[-1]
    op = data.draw(st.sampled_from(["delete", "replace", "replace", "replace", "duplicate", "rename",
                                    "add", "wrap", "empty", "nest"]), label="op")
    if op == "delete":
        del parent[key]
    elif op == "replace":
        parent[key] = data.draw(values, label="value")
    elif op == "duplicate":
        if isinstance(parent, list):
            parent.insert(key, copy.deepcopy(parent[key]))
        else:
            parent[key] = [parent[key], copy.deepcopy(parent[key])]
    elif op == "rename":
        if isinstance(parent, dict):
            parent[data.draw(keys, label="new key")] = parent.pop(key)
        else:
            parent[key] = {data.draw(keys): parent[key]}
    elif op == "add":
        target = parent[key] if isinstance(parent[key], dict) else parent
        if isinstance(target, dict):
            target[data.draw(keys, label="new key")] = data.draw(values, label="value")
        else:
            target.append(data.draw(values, label="value"))
    elif op == "wrap":
        parent[key] = data.draw(st.sampled_from([[parent[key]], {"zh": parent[key]}, {"value": parent[key]}]))
    elif op == "empty":
        parent[key] = type(parent[key])() if isinstance(parent[key], (str, list, dict)) else None
        if parent[key] is None:
            del parent[key]
    else:  # nest: the value, deeply nested
        n = data.draw(st.sampled_from([5, 50, 300, 3000]))
        parent[key] = Raw("[" * n + toml_value(parent[key]) + "]" * n)
    return op


BAD_UTF8 = [b"\xff", b"\xfe\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\xc0\xaf", b"\xe2\x82", b"\xf4\x90\x80\x80",
            b"\x80", b"\xf0\x9f\x98"]


def mutate_bytes(data: st.DataObject, raw: bytes) -> tuple[str, bytes]:
    """One change to a file's bytes; returns its name and the new bytes."""
    n = len(raw)
    pos = data.draw(st.integers(min_value=0, max_value=n), label="pos")
    op = data.draw(st.sampled_from([
        "truncate", "cut", "insert-bytes", "overwrite-bytes", "random-file", "empty", "bom", "crlf",
        "bom+crlf", "lone-cr", "utf16", "bad-utf8", "nul", "dup-line", "drop-line", "swap-lines",
        "over-limit", "at-limit", "huge-string", "huge-int", "deep", "impossible-date", "dup-table",
    ]), label="op")
    lines = raw.split(b"\n")
    line = data.draw(st.integers(min_value=0, max_value=max(0, len(lines) - 1)), label="line")
    if op == "truncate":
        return op, raw[:pos]
    if op == "cut":
        return op, raw[:pos] + raw[pos + data.draw(st.integers(1, 200)):]
    if op == "insert-bytes":
        return op, raw[:pos] + data.draw(st.binary(min_size=1, max_size=64)) + raw[pos:]
    if op == "overwrite-bytes":
        junk = data.draw(st.binary(min_size=1, max_size=64))
        return op, raw[:pos] + junk + raw[pos + len(junk):]
    if op == "random-file":
        return op, data.draw(st.binary(max_size=2000))
    if op == "empty":
        return op, b""
    if op == "bom":
        return op, b"\xef\xbb\xbf" + raw
    if op == "crlf":
        return op, raw.replace(b"\n", b"\r\n")
    if op == "bom+crlf":
        return op, b"\xef\xbb\xbf" + raw.replace(b"\n", b"\r\n")
    if op == "lone-cr":
        return op, raw.replace(b"\n", b"\r", data.draw(st.integers(1, 5)))
    if op == "utf16":
        return op, raw.decode("utf-8", "replace").encode(data.draw(st.sampled_from(["utf-16", "utf-16-le", "utf-32"])))
    if op == "bad-utf8":
        return op, raw[:pos] + data.draw(st.sampled_from(BAD_UTF8)) + raw[pos:]
    if op == "nul":
        return op, raw[:pos] + b"\x00" + raw[pos:]
    if op == "dup-line":  # a key given twice, or a table header twice
        return op, b"\n".join(lines[: line + 1] + lines[line:])
    if op == "drop-line":
        return op, b"\n".join(lines[:line] + lines[line + 1:])
    if op == "swap-lines":
        other = data.draw(st.integers(min_value=0, max_value=max(0, len(lines) - 1)))
        lines[line], lines[other] = lines[other], lines[line]
        return op, b"\n".join(lines)
    if op == "over-limit":
        pad = MAX_FILE_BYTES + 1 - n + data.draw(st.sampled_from([0, 1, 1_000, 3_000_000]))
        return op, raw + b"#" + b"x" * max(0, pad - 2) + b"\n"
    if op == "at-limit":  # exactly the limit: still read
        return op, raw + b"#" + b"x" * max(0, MAX_FILE_BYTES - n - 2) + b"\n"
    if op == "huge-string":
        size = data.draw(st.sampled_from([500_000, MAX_FILE_BYTES - n - 40, 1_000_001]))
        return op, raw + f'\nzz = "{"é" * (max(1, size) // 2)}"\n'.encode()
    if op == "huge-int":
        digits = data.draw(st.sampled_from([19, 20, 400, 4300, 4301, 10_000, 500_000]))
        return op, raw + b"\nzz = " + b"9" * digits + b"\n"
    if op == "deep":
        d = data.draw(st.sampled_from([100, 300, 1000, 10_000, 200_000]))
        return op, raw + b"\nzz = " + b"[" * d + b"]" * d + b"\n"
    if op == "impossible-date":
        date = data.draw(st.sampled_from([b"2021-02-30", b"2021-13-01", b"0000-00-00", b"2021-02-29T25:00:00"]))
        return op, raw + b"\nzz = " + date + b"\n"
    # dup-table: the first [[...]] block appended again (duplicate ids, or a second [table])
    m = re.search(rb"^\[\[?[^\n]+\]\]?\n(?:(?!\[)[^\n]*\n)*", raw, re.M)
    return op, raw + b"\n" + (m.group(0) if m else b"[source]\n")


def mutate_files(data: st.DataObject, base: Base) -> str:
    """Change the folder itself: a file missing, a folder, link or named pipe in its place, a copy."""
    name = pick_file(data, base)
    path = base.content / name
    op = data.draw(st.sampled_from(["missing", "folder", "fifo", "self-link", "copy-theme", "no-themes",
                                    "no-content", "content-is-a-file"]), label="op")
    if op == "fifo" and not hasattr(os, "mkfifo"):
        op = "missing"
    if op == "missing":
        path.unlink()
    elif op == "folder":
        path.unlink()
        path.mkdir()
    elif op == "fifo":
        path.unlink()
        os.mkfifo(path)  # a reader that opens it blocks until a writer comes: must not be opened
    elif op == "self-link":
        path.unlink()
        path.symlink_to(path.name)  # a loop
    elif op == "copy-theme":
        themes = sorted((base.content / "themes").glob("*.toml"))
        shutil.copy(themes[0], base.content / "themes" / "99-copy.toml")
    elif op == "no-themes":
        shutil.rmtree(base.content / "themes")
    elif op == "no-content":
        shutil.rmtree(base.content)
    else:
        shutil.rmtree(base.content)
        base.content.write_text("not a folder")
    return op


# -- the tests ------------------------------------------------------------------------------------

def test_the_writer_round_trips_the_shipped_content(bases: dict[str, Base]) -> None:
    for base in bases.values():
        for name, raw in base.files.items():
            data = tomllib.loads(raw.decode("utf-8"))
            assert tomllib.loads(toml_dumps(data)) == data, name
    odd = {"a b": ["\x00\x7f\"\\\n", math.inf, -0.0, dt.date(2021, 2, 3), {"c": [{}]}], "t": {"u": [{"v": 1}]}}
    again = tomllib.loads(toml_dumps(odd))
    assert again == odd


@FUZZ
@given(data=st.data())
def test_data_mutations_are_loaded_or_refused_with_file_and_field(bases: dict[str, Base],
                                                                   data: st.DataObject) -> None:
    base = bases[data.draw(st.sampled_from(["mini", "shipped"]), label="base")]
    base.restore()
    parsed_ok: set[str] = set()
    trees: dict[str, dict[str, Any]] = {}
    for _ in range(data.draw(st.integers(min_value=1, max_value=4), label="changes")):
        name = pick_file(data, base)
        path = base.content / name
        tree = trees.setdefault(name, tomllib.loads(base.files[name].decode("utf-8")))
        op = mutate_tree(data, tree)
        STATS[f"data:{op}"] += 1
        STATS["mutations"] += 1
        raw = toml_bytes(tree)
        path.write_bytes(raw)
        note(f"{name}: {op} -> {len(raw):,} bytes")
        parsed_ok.add(name)  # every problem of these files names a field, unless it is about the file
    check_property(base, parsed_ok)


@FUZZ
@given(data=st.data())
def test_byte_mutations_are_loaded_or_refused_with_file(bases: dict[str, Base], data: st.DataObject) -> None:
    base = bases[data.draw(st.sampled_from(["mini", "shipped"]), label="base")]
    base.restore()
    for _ in range(data.draw(st.integers(min_value=1, max_value=3), label="changes")):
        name = pick_file(data, base)
        path = base.content / name
        op, raw = mutate_bytes(data, path.read_bytes())
        STATS[f"bytes:{op}"] += 1
        STATS["mutations"] += 1
        note(f"{name}: {op} -> {len(raw):,} bytes")
        path.write_bytes(raw)
    check_property(base, set())


@FUZZ
@given(data=st.data())
def test_folder_mutations_are_loaded_or_refused_with_file(bases: dict[str, Base], data: st.DataObject) -> None:
    base = bases[data.draw(st.sampled_from(["mini", "shipped"]), label="base")]
    base.restore()
    op = mutate_files(data, base)
    STATS[f"folder:{op}"] += 1
    STATS["mutations"] += 1
    note(op)
    assert check_property(base, set()) == "refused"
    base.restore()


@pytest.mark.parametrize("op", ["bom", "crlf", "bom+crlf", "at-limit"])
def test_harmless_encodings_still_load(bases: dict[str, Base], op: str) -> None:
    """A BOM, Windows line ends or a file of exactly the size limit are not problems."""

    class Fixed:
        def draw(self, strategy: Any, label: str | None = None) -> Any:
            return {"op": op}.get(label or "", 0)

    for base in bases.values():
        base.restore()
        for name in base.files:
            path = base.content / name
            path.write_bytes(mutate_bytes(Fixed(), path.read_bytes())[1])  # type: ignore[arg-type] - a stand-in for hypothesis data
        assert check_property(base, set()) == "loaded"


def test_a_named_pipe_is_refused_not_read_forever(bases: dict[str, Base]) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes here")
    base = bases["mini"]
    base.restore()
    path = base.content / "timeline.toml"
    path.unlink()
    os.mkfifo(path)
    with time_limit(TIME_LIMIT_S), pytest.raises(ContentError) as err:
        load(base.content, base.assets)
    assert any(p.file.endswith("timeline.toml") and "not a regular file" in p.message for p in err.value.problems)


def test_a_number_longer_than_python_reads_is_a_problem_with_its_line(bases: dict[str, Base]) -> None:
    base = bases["mini"]
    base.restore()
    path = base.content / "themes/01-a.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("value = 300", "value = " + "3" * 5000), encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load(base.content, base.assets)
    (p,) = err.value.problems
    assert p.file.endswith("01-a.toml") and p.field.startswith("line ") and "digits" in p.message


def test_text_of_distinct_characters_the_font_lacks_is_checked_fast() -> None:
    """220,000 distinct missing characters, each twice: listed once each, without a hang (a check
    that compared every character with every other would run for hours, far past the guard)."""
    from lusong_kiosk.content.fontcheck import covered, missing_glyphs

    odd = "".join(chr(c) for c in range(0x10000, 0x10000 + 220_000))
    cmap = covered(ASSETS)
    with time_limit(30):  # a guard against a hang, not a speed test
        missing = missing_glyphs(odd + odd, cmap)
    assert len(missing) == len(set(missing)) > 200_000 and missing[0] == odd[0]


def test_a_megabyte_of_text_is_refused_with_its_field(bases: dict[str, Base]) -> None:
    base = bases["mini"]
    base.restore()
    path = base.content / "honours.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('text = { zh = "内容"', f'text = {{ zh = "{"x" * 990_000}"'), encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load(base.content, base.assets)
    (p,) = err.value.problems
    assert p.field == "honours[0].text.zh" and p.message == f"text of 990,000 characters; the limit is {MAX_TEXT:,}"


@pytest.mark.parametrize("key", ["²", "١٢", "1" * 5000])
def test_an_unknown_key_made_of_digits_is_reported(bases: dict[str, Base], key: str) -> None:
    base = bases["mini"]
    base.restore()
    path = base.content / "honours.toml"
    path.write_text(f'"{key}" = 1\n' + path.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load(base.content, base.assets)
    (p,) = err.value.problems
    assert p.field in (f'"{key}"', "1" * 37 + "...") and "unknown field" in p.message


@pytest.mark.parametrize("path", ["icons/\x00.svg", "icons/loop.svg", "0" * 1000, "icons/" + "x" * 300 + ".svg"])
def test_an_asset_path_with_nul_or_a_link_loop_is_a_problem(bases: dict[str, Base], path: str) -> None:
    base = bases["mini"]
    base.restore()
    loop = base.assets / "icons" / "loop.svg"
    if not loop.is_symlink():
        loop.symlink_to("loop.svg")
    text = (base.content / "honours.toml").read_text(encoding="utf-8")
    (base.content / "honours.toml").write_text(text.replace('icon = "icons/x.svg"', f"icon = {toml_string(path)}"),
                                              encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load(base.content, base.assets)
    (p,) = err.value.problems
    assert p.field == "honours[0].icon", p


@pytest.mark.parametrize("value", ["0.0", "-0.1", "1e-300", "1e300"])
def test_an_english_scale_that_cannot_be_shown_is_refused(bases: dict[str, Base], value: str) -> None:
    base = bases["mini"]
    base.restore()
    path = base.content / "themes/01-a.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("en_scale = 0.1", f"en_scale = {value}", 1), encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load(base.content, base.assets)
    (p,) = err.value.problems
    assert p.field == "figures[0].en_scale", p


@pytest.mark.parametrize("date", ['"٢٠٢٠"', '"２０２０"', '"2020\\n"', '"2020-11\\n"'])
def test_a_date_in_other_digits_or_with_a_line_break_is_refused(bases: dict[str, Base], date: str) -> None:
    base = bases["mini"]
    base.restore()
    path = base.content / "timeline.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('date = "2021-06"', f"date = {date}"), encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load(base.content, base.assets)
    (p,) = err.value.problems
    assert p.field == "events[1].date", p



# -- limits: inputs small on disk and costly to read (content/limits.py) ---------------------------

LIMITS = settings(max_examples=max(5, FUZZ_EXAMPLES // 8), deadline=None, derandomize=True, database=None,
                  suppress_health_check=[HealthCheck.too_slow])


@contextlib.contextmanager
def fresh_site() -> Iterator[Any]:
    """A content folder of its own per example (the mini base's assets are shared)."""
    with tempfile.TemporaryDirectory() as d:
        yield make_site(Path(d))


def refused_naming(site: Any, needle: str) -> list[str]:
    with time_limit(TIME_LIMIT_S), pytest.raises(ContentError) as err:
        load(site.content, site.assets)
    return [str(p) for p in err.value.problems if needle in p.file]


@LIMITS
@given(parts=st.integers(min_value=33, max_value=30_000), name=st.sampled_from(sorted(FILES)),
       header=st.booleans())
def test_deep_dotted_keys_are_refused_before_they_are_parsed(parts: int, name: str, header: bool) -> None:
    key = "x" + ".a" * (parts - 1)
    with fresh_site() as site:
        site.append(name, f"\n[{key}]\ny = 1\n" if header else f"\n{key} = 1\n")
        problems = refused_naming(site, name)
    assert any("dotted parts" in p for p in problems), problems


@LIMITS
@given(levels=st.integers(min_value=3, max_value=10), fan=st.integers(min_value=2, max_value=10))
def test_use_nesting_is_refused_by_check(levels: int, fan: int) -> None:
    from lusong_kiosk.devtools.chaos import use_bomb

    with fresh_site() as site:
        (site.assets / "icons" / "x.svg").write_text(use_bomb(levels, fan), encoding="utf-8")
        problems = refused_naming(site, "")
    assert any("assets/icons/x.svg" in p and "<use>" in p for p in problems), problems


@LIMITS
@given(which=st.sampled_from([*sorted(FILES), "icon"]), extra=st.integers(min_value=1, max_value=1 << 30))
def test_huge_files_are_refused_without_being_read(which: str, extra: int) -> None:
    from lusong_kiosk.content.limits import MAX_SVG_BYTES

    with fresh_site() as site:
        path = site.assets / "icons" / "x.svg" if which == "icon" else site.content / which
        with path.open("r+b") as f:  # sparse: huge on paper, nothing on disk
            f.truncate((MAX_SVG_BYTES if which == "icon" else MAX_FILE_BYTES) + extra)
        problems = refused_naming(site, "")
    assert any("the limit is" in p for p in problems), problems


@settings(LIMITS, max_examples=5)
@given(n=st.integers(min_value=1, max_value=1000), where=st.sampled_from(["content", "content/themes-extra",
                                                                          "assets/images"]))
def test_numerous_stray_files_change_nothing(n: int, where: str) -> None:
    from lusong_kiosk.validated import content_key

    with fresh_site() as site:
        reads: set[str] = set()
        ex = load(site.content, site.assets, reads=reads)
        key = content_key(site.content, site.assets)
        folder = site.content.parent / where
        folder.mkdir(parents=True, exist_ok=True)
        for i in range(n):
            (folder / f"stray-{i}.mp4").write_bytes(b"")
        again: set[str] = set()
        assert load(site.content, site.assets, reads=again) == ex
        assert again == reads and content_key(site.content, site.assets) == key


def every_path_the_app_opens() -> list[str]:
    with tempfile.TemporaryDirectory() as d:
        site = make_site(Path(d))
        reads: set[str] = set()
        load(site.content, site.assets, reads=reads)
        return sorted(os.path.relpath(p, d) for p in reads)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
@pytest.mark.parametrize("rel", every_path_the_app_opens())
def test_a_named_pipe_at_any_path_the_app_opens_is_refused(rel: str) -> None:
    with fresh_site() as site:
        root = site.content.parent
        fonts = site.assets / "fonts"
        real = fonts.resolve()
        fonts.unlink()  # the fonts are linked from the repository: pipes go in a folder of our own
        fonts.mkdir()
        for f in real.glob("*.otf"):
            (fonts / f.name).symlink_to(f)
        (root / rel).unlink()
        os.mkfifo(root / rel)
        problems = refused_naming(site, "")
    assert any(Path(rel).name in p and "not a regular file" in p for p in problems), problems
