"""`lusong-kiosk soak`: the monkey drives the real kiosk with 800 random events and nothing
breaks (no exception, no escape from the kiosk); the same seed sends the same input."""

from __future__ import annotations

import json

import pytest


@pytest.mark.long
def test_soak_800_events_in_kiosk_mode(qapp, tmp_path, capsys):
    """800 events of seed 1 hold 54 escape attempts and 17 long pauses: enough to see every
    attempt refused and the idle reset and attract loop come again and again."""
    from collections import Counter

    from lusong_kiosk.cli import main
    from lusong_kiosk.devtools.soak_input import make_events, sequence_hash

    out = tmp_path / "soak.json"
    # --max-stall 5: the 1 s criterion is for a quiet machine; CI shares its cores with other jobs
    code = main(["soak", "--events", "800", "--seed", "1", "--mode", "kiosk", "--json", str(out),
                 "--max-stall", "5"])
    report = json.loads(out.read_text(encoding="utf-8"))
    sent = Counter(ev[0] for ev in make_events(800, 1, "kiosk"))
    assert report["exceptions"] == 0, report["exception_tracebacks"]
    assert report["events"] == 800 and report["sequence_sha256"] == sequence_hash(make_events(800, 1, "kiosk"))
    # Esc, Alt+F4, Ctrl+Q, Ctrl+W, F11, close: every attempt refused
    assert report["escaped"] == [] and report["escapes_refused"] == sent["forbidden"] > 50
    assert report["idle_resets"] >= sent["pause"] > 10 and report["attract_loops"] > 10
    assert report["rss_mb"]["end"] > 0
    out = capsys.readouterr().out
    assert "events sent" in out
    # The 1 s stall limit is the soak's own verdict on a quiet machine; a test must not judge
    # wall-clock time on shared CI cores, so here the stall is only reported (--max-stall 5)
    # and every other criterion holds.
    assert code == 0 or report["slowest_stall_ms"] > 5000, out
    assert report["slowest_events"] == sorted(report["slowest_events"], key=lambda e: -e["ms"])


def test_same_seed_same_sequence():
    """The soak sends make_events' sequence (the test above checks its hash in the report), and
    make_events depends on the seed alone."""
    from lusong_kiosk.devtools.soak_input import make_events, sequence_hash

    first = sequence_hash(make_events(200, 3, "kiosk"))
    assert sequence_hash(make_events(200, 3, "kiosk")) == first
    assert sequence_hash(make_events(200, 4, "kiosk")) != first
    assert make_events(200, 3, "kiosk") == make_events(200, 3, "kiosk")


def test_demo_mode_leaves_out_the_quitting_keys():
    from lusong_kiosk.devtools.soak_input import make_events

    events = make_events(3000, 5, "demo")
    assert not [e for e in events if e[0] == "forbidden" and e[1] in ("Key_Escape", "close")]
    assert [e for e in make_events(3000, 5, "kiosk") if e[0] == "forbidden" and e[1] == "Key_Escape"]


@pytest.mark.long
def test_chaos_changes_the_files_under_the_input_and_nothing_breaks(qapp):
    """--chaos: content and asset files rewritten, broken, deleted, piped and restored in a
    temporary copy while the monkey runs; the live update loads them, applies the good ones
    and refuses the bad ones; no exception, no escape."""
    from lusong_kiosk.devtools.chaos import chaos_events
    from lusong_kiosk.devtools.soak import soak
    from lusong_kiosk.devtools.soak_input import make_events, sequence_hash

    report = soak(150, 2, "kiosk", chaos=True, max_stall_s=60)  # 7 file operations, the first at event 28
    assert report["exceptions"] == 0, report["exception_tracebacks"]
    assert report["escaped"] == []
    chaos = report["chaos"]
    assert sum(chaos["file_ops"].values()) == sum(map(len, chaos_events(150, 2))) > 3
    assert chaos["loads"] >= 1 and chaos["updates_applied"] + chaos["updates_refused"] >= 1
    # the input is the seed's, chaos or not
    assert report["sequence_sha256"] == sequence_hash(make_events(150, 2, "kiosk"))
