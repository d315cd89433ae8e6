"""The start-up cache of checked input (validated.py): a start on unchanged files reads the
records the last check produced and imports no pydantic; any change to a content file, an asset,
the configuration or the flags is checked again, so a broken file is still refused by name."""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from content_fixtures import make_site

from lusong_kiosk import validated
from lusong_kiosk.content import ContentError, default_dirs, load
from lusong_kiosk.content import model as content_model
from lusong_kiosk.records import decode, encode, record_classes

CONTENT, ASSETS = default_dirs()


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("LUSONG_KIOSK_DATA", str(folder))
    return folder


def test_records_survive_the_round_trip_through_json() -> None:
    ex = load(CONTENT, ASSETS, check_font=False)
    text = json.dumps(encode(ex), ensure_ascii=False)
    again = decode(json.loads(text), record_classes(vars(content_model)))
    assert again == ex and hash(again) == hash(ex)
    assert isinstance(again.themes, tuple) and isinstance(again.themes[0].figures[0].label, type(ex.title))


def test_decode_builds_only_the_named_records() -> None:
    with pytest.raises(ValueError, match="unknown record"):
        decode({"__t": "Popen", "args": ["rm"]}, record_classes(vars(content_model)))


def test_a_second_start_reads_the_cache_without_pydantic(data: Path) -> None:
    script = ("import sys; from lusong_kiosk.validated import load_content; "
              f"ex = load_content({str(CONTENT)!r}, {str(ASSETS)!r}); "
              "print(ex.summary()['figures'], 'pydantic' in sys.modules)")
    env = dict(os.environ, LUSONG_KIOSK_DATA=str(data))

    def run() -> str:
        return subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True,
                              check=True, timeout=120).stdout.split()

    figures = str(sum(len(t.figures) for t in load(CONTENT, ASSETS, check_font=False).themes))
    assert run() == [figures, "True"]  # the first start checks (and remembers)
    assert (data / "cache" / "content.json").is_file()
    assert run() == [figures, "False"]  # the next one reads what was checked


def test_an_edited_file_is_checked_again_and_refused_by_name(data: Path, tmp_path: Path) -> None:
    site = make_site(tmp_path / "site")
    first = validated.load_content(site.content, site.assets)
    assert validated.load_content(site.content, site.assets) == first  # from the cache
    site.replace("themes/01-a.toml", "value = 712.7", 'value = "712.7"')
    with pytest.raises(ContentError) as err:
        validated.load_content(site.content, site.assets)
    assert any(p.file.endswith("01-a.toml") and p.field == "figures[0].value" for p in err.value.problems)


def test_a_changed_value_is_read_as_changed(data: Path, tmp_path: Path) -> None:
    site = make_site(tmp_path / "site")
    validated.load_content(site.content, site.assets)
    site.replace("themes/01-a.toml", "value = 712.7", "value = 712.8")
    ex = validated.load_content(site.content, site.assets)
    assert ex.themes[0].figure("a-output").value == 712.8


def test_a_removed_asset_is_checked_again(data: Path, tmp_path: Path) -> None:
    site = make_site(tmp_path / "site")
    validated.load_content(site.content, site.assets)
    (site.assets / "icons" / "x.svg").unlink()
    with pytest.raises(ContentError, match="file not found"):
        validated.load_content(site.content, site.assets)


def test_a_damaged_cache_is_ignored(data: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    site = make_site(tmp_path / "site")
    good = validated.load_content(site.content, site.assets)
    cache = data / "cache" / "content.json"
    stored = json.loads(cache.read_text(encoding="utf-8"))
    stored["value"]["__t"] = "Nonsense"
    cache.write_text(json.dumps(stored), encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="lusong_kiosk.validated"):
        assert validated.load_content(site.content, site.assets) == good
    assert "ignoring the start-up cache" in caplog.text
    assert json.loads(cache.read_text(encoding="utf-8"))["value"]["__t"] == "Exhibition"  # rewritten


def test_problems_are_never_cached(data: Path, tmp_path: Path) -> None:
    site = make_site(tmp_path / "site")
    site.replace("themes/01-a.toml", 'accent = "#E8A33D"', 'accent = "orange"')
    for _ in range(2):
        with pytest.raises(ContentError):
            validated.load_content(site.content, site.assets)
    assert not (data / "cache" / "content.json").exists()


def test_settings_are_cached_per_configuration_and_flags(data: Path, tmp_path: Path) -> None:
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text('mode = "kiosk"\nidle_timeout = 45\n', encoding="utf-8")
    s = validated.load_settings(cfg, {"lang": "en"})
    assert (s.mode, s.idle_timeout, s.lang) == ("kiosk", 45.0, "en")
    assert validated.load_settings(cfg, {"lang": "en"}) == s  # from the cache
    assert validated.load_settings(cfg, {"lang": "zh"}).lang == "zh"  # other flags: checked
    cfg.write_text('mode = "kiosk"\nidle_timeout = -1\n', encoding="utf-8")
    with pytest.raises(ContentError, match="idle_timeout"):
        validated.load_settings(cfg, {"lang": "en"})


def test_an_unwritable_data_folder_only_costs_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("LUSONG_KIOSK_DATA", str(blocker))  # data/cache cannot be made under a file
    site = make_site(tmp_path / "site")
    assert validated.load_content(site.content, site.assets).themes[0].id == "alpha"


def test_the_key_ignores_files_the_app_does_not_read(tmp_path: Path) -> None:
    """A stray 1.5 GB video in content/ cost 7.7 s and 1.57 GB at every start: the key was made
    of every byte under content/. Now only the content files' names, sizes and times count."""
    content, assets = tmp_path / "content", tmp_path / "assets"
    shutil.copytree(CONTENT, content)
    shutil.copytree(ASSETS, assets)
    key = validated.content_key(content, assets)
    video = content / "opening-film.mp4"
    with video.open("wb") as f:  # sparse: large on paper, nothing on disk
        f.truncate(1 << 31)
    (assets / "images" / "unused.png").write_bytes(b"\0" * 1000)
    assert validated.content_key(content, assets) == key
    (content / "timeline.toml").touch()  # a content file saved again: checked again
    os.utime(content / "timeline.toml", ns=(1, 1))
    assert validated.content_key(content, assets) != key
