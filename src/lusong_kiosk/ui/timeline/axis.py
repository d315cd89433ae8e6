"""The timeline's geometry as plain numbers (no Qt): the segmented time axis, zoom steps,
year ticks and the lane-and-cluster layout of cards.

Coordinates are "along" (the time direction: x in landscape, y in portrait) and "across"
(away from the axis line, towards the cards), in device-independent pixels.

The axis is segmented, with room where the events are: the quiet years 1954–2009 are one short
segment, and from 2010 on each year is a segment as long as its number of events (a year
without events still gets ``QUIET_YEAR``). So 2022, with half the events, is the widest stretch,
and 2011–2016 shrink to a few ticks. A visitor reads it like a book's chapters: 1954 | 2010 |
2017–2019 | 2020 | 2021 | 2022, each year labelled where it begins. The segments come from the
events' dates only, so both languages share one axis.

Zooming multiplies pixels per unit by ``2 ** (step / STEPS_PER_DOUBLING)``; step 0 is the
reading scale the view picks (every event a card of its own where the content allows).
"""

from __future__ import annotations

import datetime as _dt
import functools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

FIRST = 1954.0
BREAK = 2010.0
END = 2023.0  # exclusive: the end of 2022
QUIET_YEAR = 0.6  # units for a year (from 2010) without events
OLD_LEAST = 1.5  # units for 1954–2009 together, however few its events
STEPS_PER_DOUBLING = 6
MAX_STEP = 2 * STEPS_PER_DOUBLING  # 4x the reading scale, which already shows every card


def zoom_factor(step: int) -> float:
    return 2.0 ** (step / STEPS_PER_DOUBLING)


def step_for_factor(factor: float) -> float:
    """The (fractional) number of zoom steps that multiply the zoom by ``factor``."""
    return math.log2(max(factor, 1e-9)) * STEPS_PER_DOUBLING


def clamp_step(step: float) -> int:
    return max(0, min(MAX_STEP, round(step)))


class Axis:
    """Decimal years <-> axis units over segments: [first, brk) as one, then one per year.

    ``dates`` are the events' dates (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``); a segment's
    length in units is its number of events, at least ``QUIET_YEAR`` a year (``OLD_LEAST`` for
    the whole of first..brk).
    """

    def __init__(self, dates: Iterable[str] = (), first: float = FIRST, brk: float = BREAK, end: float = END):
        self.first, self.brk, self.end = first, brk, end
        years = [int(d[:4]) for d in dates]
        self.bounds: list[float] = [first] + [float(y) for y in range(int(brk), int(math.ceil(end)))] + [end]
        weights = [max(OLD_LEAST, float(sum(1 for y in years if y < brk)))]
        for y in range(int(brk), int(math.ceil(end))):
            weights.append(max(QUIET_YEAR, float(sum(1 for v in years if v == y))))
        self.base = weights
        self.set_least({})

    def set_least(self, least: dict[tuple[float, float], float]) -> None:
        """Stretch the segments inside each (t0, t1) so that it is at least that many units long
        (room for an era's title); the events' own proportions are kept elsewhere."""
        weights = list(self.base)
        for (t0, t1), units in least.items():
            inside = [i for i in range(len(weights)) if self.bounds[i] >= t0 and self.bounds[i + 1] <= t1]
            have = sum(weights[i] for i in inside)
            if inside and have < units:
                for i in inside:
                    weights[i] *= units / have
        self.weights = weights
        self.starts: list[float] = []
        acc = 0.0
        for w in weights:
            self.starts.append(acc)
            acc += w
        self.total = acc

    def _seg(self, t: float) -> int:
        for i in range(len(self.weights) - 1, -1, -1):
            if t >= self.bounds[i]:
                return i
        return 0

    def u(self, t: float) -> float:
        t = min(max(t, self.first), self.end)
        i = self._seg(t)
        a, b = self.bounds[i], self.bounds[i + 1]
        return self.starts[i] + (t - a) / (b - a) * self.weights[i]

    def t(self, u: float) -> float:
        u = min(max(u, 0.0), self.total)
        i = len(self.weights) - 1
        while i > 0 and u < self.starts[i]:
            i -= 1
        a, b = self.bounds[i], self.bounds[i + 1]
        return a + (u - self.starts[i]) / self.weights[i] * (b - a)

    def units_per_year(self, t: float) -> float:
        i = self._seg(min(max(t, self.first), self.end - 1e-9))
        return self.weights[i] / (self.bounds[i + 1] - self.bounds[i])


def event_span(date: str) -> tuple[float, float]:
    """The period a date names, in decimal years: "2020" -> (2020, 2021); a day -> that day.

    Cards hang at the start of the period, so positions follow the content's date order
    (a year-only date sorts before the months of that year).
    """
    parts = [int(p) for p in date.split("-")]
    y = parts[0]
    if len(parts) == 1:
        return float(y), float(y + 1)
    if len(parts) == 2:
        m = parts[1]
        return y + (m - 1) / 12.0, y + m / 12.0
    start = _dt.date(y, 1, 1)
    days = (_dt.date(y + 1, 1, 1) - start).days
    doy = (_dt.date(y, parts[1], parts[2]) - start).days
    return y + doy / days, y + (doy + 1) / days


# ticks ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Tick:
    year: int
    labelled: bool


def ticks(axis: Axis, ppu: float, label_px: float, keep_first: bool = False) -> list[Tick]:
    """A tick where each year from ``brk`` begins, and at ``first``; labels at least ``label_px``
    apart (centre to centre).

    The years that hold events are labelled first (the segments a visitor reads), then
    ``first`` and ``brk``, then the quiet years where there is room; ``keep_first``: ``first``
    before all of them (the overview, where the whole story from 1954 is on view). No ticks
    inside first..brk: that stretch is one compressed segment, drawn with a break mark.
    """
    first, brk, last = int(axis.first), int(axis.brk), int(math.ceil(axis.end)) - 1
    years = [first] + list(range(brk, last + 1))
    busy = {int(b) for b, w in zip(axis.bounds, axis.base, strict=False) if w > QUIET_YEAR and b >= brk}
    order = sorted(years, key=lambda y: (not (keep_first and y == first), y not in busy and y not in (first, brk),
                                         -y if y in busy else y))
    accepted: list[float] = []
    labelled: set[int] = set()
    for y in order:
        p = axis.u(y) * ppu
        if all(abs(p - q) >= label_px for q in accepted):
            accepted.append(p)
            labelled.add(y)
    return [Tick(y, y in labelled) for y in years]


# layout ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Placed:
    """One card on the timeline: a single event (one member) or a cluster (several)."""

    members: tuple[int, ...]  # indices into the windows, consecutive, in date order
    start: float  # along, where the card begins
    extent: float  # along, the card's length
    lane: int  # 0 = nearest the axis
    stem: float  # along, where its stem meets the axis (inside the members' dated period)

    @property
    def is_cluster(self) -> bool:
        return len(self.members) > 1


def _earliest_fit(lane: list[tuple[float, float]], s: float, e: float, gap: float) -> float:
    for a, b in lane:  # sorted, non-overlapping
        if s + e + gap <= a:
            return s
        s = max(s, b + gap)
    return s


def _spread_stems(placed: list[Placed], spans: Sequence[tuple[float, float]], gap: float) -> list[Placed]:
    """Stems at least ``gap`` apart where their periods and cards allow: cards of one year with
    no month, stacked in the lanes at the year's start, all met the axis at one point, their
    dots one on another. Each moves on (never back) within its period and its card's length."""
    if gap <= 0:
        return placed
    out = list(placed)

    def room(j: int) -> float:
        return min(spans[j][1], out[j].start + out[j].extent - gap)

    last, last_j = -math.inf, -1
    for j in sorted(range(len(out)), key=lambda j: out[j].stem):
        pl = out[j]
        if pl.stem < last + gap:
            if last + gap <= room(j):
                out[j] = replace(pl, stem=last + gap)
            elif last_j >= 0 and pl.stem + gap <= room(last_j):
                # this one cannot move on (a day, or the end of its card): the one before it
                # moves on past it, where its own period and card allow (a month's dot after
                # a day's early in that month)
                out[last_j] = replace(out[last_j], stem=pl.stem + gap)
                last = out[last_j].stem
                continue
        if out[j].stem >= last:
            last, last_j = out[j].stem, j
    return out


def layout(windows: Sequence[tuple[float, float]], extents: Sequence[float], cluster_extent: float,
           lanes: int, gap: float, lo: float, hi: float, inset: float = 0.0,
           years: Sequence[int] | None = None, stem_gap: float = 0.0) -> list[Placed]:
    """:func:`_layout`, remembered for its last few inputs. The view lays the same step out again
    and again (each resize, sync, pan to an edge, and ``step_to_show_alone`` tries every step
    ahead): nine calls in ten repeat an earlier one, and a call with merges costs milliseconds.
    It is a pure function of its arguments, so the memory never goes stale."""
    return list(_layout(tuple(map(tuple, windows)), tuple(extents), cluster_extent, lanes, gap, lo, hi, inset,
                        None if years is None else tuple(years), stem_gap))


@functools.lru_cache(maxsize=32)
def _layout(windows: tuple[tuple[float, float], ...], extents: tuple[float, ...], cluster_extent: float,
            lanes: int, gap: float, lo: float, hi: float, inset: float,
            years: tuple[int, ...] | None, stem_gap: float) -> tuple[Placed, ...]:
    """Lay cards out in ``lanes`` lanes so that none overlap; cluster where they cannot.

    ``windows[i]`` (in date order) is where event i's stem may meet the axis: one point for a
    day, the span of a month or a year otherwise, so a "2022" card may sit anywhere in 2022.
    A card starts ``inset`` before its stem and stays inside ``lo``..``hi``.

    Cards with the least freedom are placed first, each at the earliest free spot of any lane
    (interval scheduling). When one finds no spot, it is merged with its previous or next
    card (in date order) into a cluster and the layout starts again; one card always fits.
    The merge prefers a neighbour of the same year (``years[i]``), then the closer, then the
    smaller. Stems that would meet the axis within ``stem_gap`` of each other are then moved on,
    inside their period and under their card, where they can (:func:`_spread_stems`).
    """
    n = len(windows)
    if n == 0:
        return ()
    lanes = max(1, lanes)
    groups: list[list[int]] = [[i] for i in range(n)]
    while True:
        ext, win, span = [], [], []
        for g in groups:
            e = extents[g[0]] if len(g) == 1 else cluster_extent
            a_lo = windows[g[0]][0]
            a_hi = max(windows[i][1] for i in g)
            s_min = min(max(a_lo - inset, lo), hi - e)
            s_max = max(s_min, min(a_hi - inset, hi - e))
            ext.append(e)
            win.append((s_min, s_max))
            span.append((a_lo, a_hi))
        order = sorted(range(len(groups)), key=lambda j: (win[j][1] - win[j][0], win[j][0], j))
        occupied: list[list[tuple[float, float]]] = [[] for _ in range(lanes)]
        starts: dict[int, tuple[float, int]] = {}
        failed = -1
        for j in order:
            best: tuple[float, int] | None = None
            for k in range(lanes):
                s = _earliest_fit(occupied[k], win[j][0], ext[j], gap)
                if s <= win[j][1] + 1e-6 and (best is None or s < best[0] - 1e-6):
                    best = (s, k)
            if best is None:
                failed = j
                break
            starts[j] = best
            occupied[best[1]].append((best[0], best[0] + ext[j]))
            occupied[best[1]].sort()
        if failed < 0 or len(groups) == 1:
            out = []
            for j, g in enumerate(groups):
                s, k = starts.get(j, (win[j][0], 0))
                stem = min(max(s + inset, span[j][0]), span[j][1])
                out.append(Placed(tuple(g), s, ext[j], k, stem))
            return tuple(_spread_stems(out, span, stem_gap))
        cand = [i for i in (failed - 1, failed) if 0 <= i < len(groups) - 1]

        def cost(i: int) -> tuple:
            a, b = groups[i], groups[i + 1]
            crosses = years is not None and years[a[-1]] != years[b[0]]
            return (crosses, windows[b[0]][0] - windows[a[-1]][0], len(a) + len(b))

        best_pair = min(cand, key=cost)
        groups[best_pair:best_pair + 2] = [groups[best_pair] + groups[best_pair + 1]]


def clear_edge(placed: list[Placed], wins: Sequence[tuple[float, float]], spans: Sequence[tuple[float, float]],
               edge: float, pad: float, gap: float, inset: float, stem_gap: float) -> tuple[list[Placed], bool]:
    """``placed`` with the cards that straddle ``edge`` (where a view begins) moved clear of it,
    on to ``pad`` after it or back to ``pad`` before it, where their start window ``wins[j]``
    and their lane's neighbours (``gap`` apart) allow; their stems follow (``inset`` inside the
    card, inside ``spans[j]``, ``stem_gap`` apart). Returns the cards and whether none straddles
    the edge now."""
    def straddles(pl: Placed) -> bool:
        return pl.start < edge - 0.5 < pl.start + pl.extent - 1.0

    cut = [j for j, pl in enumerate(placed) if straddles(pl)]
    if not cut:
        return placed, True
    out = list(placed)
    clean = True
    for j in cut:
        pl = out[j]
        lane = sorted((o.start, o.start + o.extent) for k, o in enumerate(out) if o.lane == pl.lane and k != j)
        after = next((a for a, _ in lane if a >= pl.start), math.inf)
        before = max((b for _, b in lane if b <= pl.start + pl.extent), default=-math.inf)
        moved = None
        for s in (edge + pad, edge - pad - pl.extent):
            if wins[j][0] - 1e-6 <= s <= wins[j][1] + 1e-6 and s - gap >= before - 1e-6 \
                    and s + pl.extent + gap <= after + 1e-6:
                moved = s
                break
        if moved is None:
            clean = False
            continue
        stem = min(max(moved + inset, spans[j][0]), spans[j][1])
        out[j] = replace(pl, start=moved, stem=stem)
    return _spread_stems(out, spans, stem_gap), clean
