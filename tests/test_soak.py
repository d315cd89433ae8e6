"""`lusong-kiosk soak`: the monkey drives the real kiosk with 2,000 random events and nothing
breaks (no exception, no escape from the kiosk); the same seed sends the same input."""

from __future__ import annotations

import json


def test_soak_2000_events_in_kiosk_mode(qapp, tmp_path, capsys):
    from lusong_kiosk.cli import main

    out = tmp_path / "soak.json"
    # --max-stall 5: the 1 s criterion is for a quiet machine; CI shares its cores with other jobs
    code = main(["soak", "--events", "2000", "--seed", "1", "--mode", "kiosk", "--json", str(out),
                 "--max-stall", "5"])
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["exceptions"] == 0, report["exception_tracebacks"]
    assert report["events"] == 2000
    assert report["escaped"] == [] and report["escapes_refused"] > 50  # Esc, Alt+F4, Ctrl+Q, Ctrl+W, F11, close
    assert report["idle_resets"] > 10 and report["attract_loops"] > 10
    assert report["rss_mb"]["end"] > 0
    out = capsys.readouterr().out
    assert "events sent" in out
    # The 1 s stall limit is the soak's own verdict on a quiet machine (this seed's slowest, a
    # text-size tap at 4K, takes ~0.3 s); a test must not judge wall-clock time on shared CI
    # cores, so here the stall is only reported (--max-stall 5) and every other criterion holds.
    assert code == 0 or report["slowest_stall_ms"] > 5000, out
    assert report["slowest_events"] == sorted(report["slowest_events"], key=lambda e: -e["ms"])


def test_same_seed_same_sequence(qapp):
    from lusong_kiosk.devtools.soak import make_events, sequence_hash, soak

    report = soak(200, 3, "kiosk")
    assert report["exceptions"] == 0 and report["events"] == 200
    assert report["sequence_sha256"] == sequence_hash(make_events(200, 3, "kiosk"))
    assert soak(200, 3, "kiosk")["sequence_sha256"] == report["sequence_sha256"]
    assert sequence_hash(make_events(200, 4, "kiosk")) != report["sequence_sha256"]


def test_demo_mode_leaves_out_the_quitting_keys():
    from lusong_kiosk.devtools.soak import make_events

    events = make_events(3000, 5, "demo")
    assert not [e for e in events if e[0] == "forbidden" and e[1] in ("Key_Escape", "close")]
    assert [e for e in make_events(3000, 5, "kiosk") if e[0] == "forbidden" and e[1] == "Key_Escape"]


def test_chaos_changes_the_files_under_the_input_and_nothing_breaks(qapp):
    """--chaos: content and asset files rewritten, broken, deleted, piped and restored in a
    temporary copy while the monkey runs; the live update loads them, applies the good ones
    and refuses the bad ones; no exception, no escape."""
    from lusong_kiosk.devtools.chaos import chaos_events
    from lusong_kiosk.devtools.soak import make_events, sequence_hash, soak

    report = soak(300, 2, "kiosk", chaos=True, max_stall_s=60)
    assert report["exceptions"] == 0, report["exception_tracebacks"]
    assert report["escaped"] == []
    chaos = report["chaos"]
    assert sum(chaos["file_ops"].values()) == sum(map(len, chaos_events(300, 2))) > 3
    assert chaos["loads"] >= 1 and chaos["updates_applied"] + chaos["updates_refused"] >= 1
    # the input is the seed's, chaos or not
    assert report["sequence_sha256"] == sequence_hash(make_events(300, 2, "kiosk"))
