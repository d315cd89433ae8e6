"""Limits a file must pass before a parser or a renderer sees it. Imports no Qt.

A small file can still cost a great deal to read: Python's TOML reader is quadratic in the parts
of a dotted key (``x.a.a.a... = 1``), and QtSvg renders every ``<use>`` of a ``<use>`` again, so
8 levels of 8 make 8**8 shapes from under 2 KB. So:

- :func:`read_regular` opens any path the app reads without blocking (a named pipe put where a
  file was expected is refused, never waited on) and reads at most a given number of bytes;
- :func:`toml_shape_problem` scans TOML text (linear, strings and comments skipped) for a key of
  too many dotted parts or brackets nested too deep, before ``tomllib`` runs;
- :func:`svg_problem` parses an SVG with the standard library's expat (no entity declarations
  allowed, so no entity expansion) and counts its elements, its ``<use>`` references, how deep
  they nest and how many shapes they expand to, before QtSvg renders it.

``check``, the loader and the screens all call these, so what ``check`` accepts never stalls the
screen and what it refuses is never rendered.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from xml.parsers import expat

MAX_KEY_PARTS = 32  # a dotted key: a.b.c has 3 parts (the content uses at most 3)
MAX_NESTING = 32  # [ and { open at once
MAX_SVG_BYTES = 1_000_000  # an icon is ~1 KB
MAX_SVG_ELEMENTS = 10_000
MAX_SVG_USES = 200  # <use> elements in one file
MAX_USE_DEPTH = 3  # a <use> of something that holds a <use> of ...
MAX_SVG_EXPANDED = 20_000  # elements once every <use> is replaced by what it points at
MAX_IMAGE_BYTES = 20_000_000  # a raster picture (PNG, JPEG)

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_HREF = "http://www.w3.org/1999/xlink href"


class Refused(Exception):
    """The file was not read: ``why`` says what is wrong, for a curator."""

    def __init__(self, why: str):
        self.why = why
        super().__init__(why)


def read_regular(path: Path | str, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; Refused otherwise.

    Opened with O_NONBLOCK and checked with fstat on the open descriptor: a named pipe (or a
    device, a folder) is refused at once instead of blocking the reader forever, and a file
    swapped between a stat and the open is still the one checked.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise Refused(f"cannot read the file ({exc.strerror or exc})") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise Refused("not a regular file (a folder, a named pipe or a device)")
        if st.st_size > limit:
            raise Refused(f"file is {st.st_size:,} bytes; the limit is {limit:,}")
        chunks, left = [], limit + 1  # the file may grow after fstat(): read no more
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as exc:
        raise Refused(f"cannot read the file ({exc.strerror or exc})") from None
    finally:
        os.close(fd)
    raw = b"".join(chunks)
    if len(raw) > limit:
        raise Refused(f"file is over the limit of {limit:,} bytes")
    return raw


def regular_file_problem(path: Path | str) -> str | None:
    """None for an existing regular file (links followed), else what it is instead."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return "file not found"
    except (OSError, ValueError) as exc:
        return f"cannot read the file ({getattr(exc, 'strerror', None) or exc})"
    if not stat.S_ISREG(st.st_mode):
        return "not a regular file (a folder, a named pipe or a device)"
    return None


# Strings and comments are skipped whole; outside them, '.' counts a key part and the other
# characters end a key or open and close a level.
_TOML_TOKENS = re.compile(r'''
    """(?:[^\\]|\\.)*?"""       # multi-line basic string
  | \'\'\'.*?\'\'\'             # multi-line literal string
  | "(?:[^"\\\n]|\\.)*"         # basic string
  | '[^'\n]*'                   # literal string
  | \#[^\n]*                    # comment
  | [.=,\n\[\]{}]
''', re.VERBOSE | re.DOTALL)


def toml_shape_problem(text: str) -> tuple[int, str] | None:
    """(line, what is wrong) when a key has more than MAX_KEY_PARTS parts or brackets nest more
    than MAX_NESTING deep, else None. Linear in the text; runs before ``tomllib``."""
    dots = depth = 0
    for m in _TOML_TOKENS.finditer(text):
        c = m.group()
        if c == ".":
            dots += 1
            if dots >= MAX_KEY_PARTS:
                return (text.count("\n", 0, m.start()) + 1,
                        f"a key of more than {MAX_KEY_PARTS} dotted parts (a.b.c has 3); not read")
        elif c in "[{":
            dots = 0
            depth += 1
            if depth > MAX_NESTING:
                return (text.count("\n", 0, m.start()) + 1,
                        f"brackets nested more than {MAX_NESTING} deep; not read")
        elif c in "]}":
            dots = 0
            depth = max(0, depth - 1)
        elif len(c) == 1:  # = , or a line break: the key (or a number such as 1.5) ended
            dots = 0
    return None


class _Element:
    """One element of an SVG: the ids its <use> points at, and its children."""

    __slots__ = ("refs", "kids")

    def __init__(self) -> None:
        self.refs: list[str] = []
        self.kids: list[_Element] = []


class _SvgCounter:
    """Expat callbacks: elements, ids, and which ids each element's <use>s point at."""

    def __init__(self) -> None:
        self.elements = 0
        self.uses = 0
        self.stack: list[_Element] = []  # the open elements
        self.by_id: dict[str, _Element] = {}
        self.root: _Element | None = None

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.elements += 1
        if self.elements > MAX_SVG_ELEMENTS:
            raise Refused(f"more than {MAX_SVG_ELEMENTS:,} elements; not drawn")
        node = _Element()
        local = name.rsplit(" ", 1)[-1]
        if local == "use":
            self.uses += 1
            if self.uses > MAX_SVG_USES:
                raise Refused(f"more than {MAX_SVG_USES} <use> elements; not drawn")
            href = attrs.get(XLINK_HREF) or attrs.get("href") or ""
            if href.startswith("#"):
                node.refs.append(href[1:])
        elif local == "image":
            href = attrs.get(XLINK_HREF) or attrs.get("href") or ""
            if not href.startswith("data:"):  # QtSvg would open that path: a pipe, a huge file
                raise Refused("an <image> that refers to another file (embed it as data:); not drawn")
        ident = attrs.get("id")
        if ident:
            self.by_id.setdefault(ident, node)
        if self.stack:
            self.stack[-1].kids.append(node)
        else:
            self.root = node
        self.stack.append(node)

    def end(self, name: str) -> None:
        self.stack.pop()


def _refuse_entities(*args: object) -> None:
    raise Refused("declares XML entities (not allowed in an SVG here); not drawn")


def svg_problem(path: Path | str) -> str | None:
    """None when the SVG at ``path`` is safe to hand to QtSvg, else why not (for a curator)."""
    try:
        return svg_data_problem(read_regular(path, MAX_SVG_BYTES))
    except Refused as exc:
        return exc.why


def svg_data_problem(raw: bytes) -> str | None:
    """:func:`svg_problem` for bytes already read (the screens render exactly what was checked)."""
    if len(raw) > MAX_SVG_BYTES:
        return f"file is {len(raw):,} bytes; the limit is {MAX_SVG_BYTES:,}"
    counter = _SvgCounter()
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.EntityDeclHandler = _refuse_entities
    parser.StartElementHandler = counter.start
    parser.EndElementHandler = counter.end
    try:
        parser.Parse(raw, True)
    except Refused as exc:
        return exc.why
    except expat.ExpatError as exc:
        return f"not well-formed XML (line {exc.lineno}: {expat.errors.messages[exc.code]})"
    if counter.root is None:
        return "no SVG element"
    return _expansion_problem(counter.root, counter.by_id)


def _expansion_problem(root: _Element, by_id: dict[str, _Element]) -> str | None:
    """How deep <use>s nest and how many elements they expand to, without expanding them."""
    size: dict[int, int] = {}
    depth: dict[int, int] = {}
    visiting: set[int] = set()

    def walk(node: _Element) -> tuple[int, int]:
        key = id(node)
        if key in size:
            return size[key], depth[key]
        if key in visiting:
            raise Refused("a <use> that refers to itself; not drawn")
        visiting.add(key)
        n, d = 1, 0
        for kid in node.kids:
            kn, kd = walk(kid)
            n, d = n + kn, max(d, kd)
        for ref in node.refs:
            target = by_id.get(ref)
            if target is not None:
                tn, td = walk(target)
                n, d = n + tn, max(d, td + 1)
        visiting.discard(key)
        size[key], depth[key] = min(n, MAX_SVG_EXPANDED + 1), d
        return size[key], d

    try:
        n, d = walk(root)
    except Refused as exc:
        return exc.why
    except RecursionError:  # elements nested hundreds deep: no icon is
        return "elements nested too deeply; not drawn"
    if d > MAX_USE_DEPTH:
        return f"<use> elements nested {d} deep; the limit is {MAX_USE_DEPTH}; not drawn"
    if n > MAX_SVG_EXPANDED:
        return f"its <use> elements expand to more than {MAX_SVG_EXPANDED:,} elements; not drawn"
    return None

