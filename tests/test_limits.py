"""Files that `check` accepts cannot stall the screen (content/limits.py): a dotted-key bomb, a
<use> bomb, named pipes where files were expected; problems capped per file. Each of these was
accepted, or hung, before the limits."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest
from content_fixtures import Site, make_site, time_limit

from lusong_kiosk.devtools.chaos import use_bomb  # 8 levels of 8 <use>: 1.8 KB that QtSvg expands to 8**8 shapes
from lusong_kiosk.content import ContentError, load

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")


@pytest.fixture
def site(tmp_path) -> Site:
    return make_site(tmp_path)


def test_a_dotted_key_of_20000_parts_is_refused_before_it_is_parsed(site: Site) -> None:
    site.append("timeline.toml", "\nx" + ".a" * 20_000 + " = 1\n")  # 40 KB; tomllib: 11 s, 1.6 GB
    with time_limit(30):  # a guard against a hang, not a speed test
        code, out = site.check()
    assert code == 1
    assert "timeline.toml: line" in out and "dotted parts" in out, out


def test_brackets_nested_deeper_than_the_limit_are_refused(site: Site) -> None:
    site.append("honours.toml", "\ndeep = " + "[" * 200 + "]" * 200 + "\n")
    code, out = site.check()
    assert code == 1 and "honours.toml: line" in out and "nested more than" in out, out


def test_dots_inside_strings_and_comments_are_not_key_parts(site: Site) -> None:
    site.append("timeline.toml", "\n# " + "a." * 100 + "\n")
    site.replace("exhibition.toml", 'en = "', 'en = "' + "x." * 100, 1)
    code, out = site.check()
    assert "dotted parts" not in out, out


def test_a_use_bomb_icon_is_refused_by_check_and_never_rendered(site: Site, qapp, caplog, monkeypatch) -> None:
    (site.assets / "icons" / "x.svg").write_text(use_bomb(), encoding="utf-8")
    code, out = site.check()
    assert code == 1 and "assets/icons/x.svg" in out and "<use>" in out, out

    from lusong_kiosk.ui.widgets import icons

    built: list[str] = []  # the files a renderer was made of (after the file's checks)

    def watched(path: str, *version):
        renderer = real(path, *version)
        built.append(Path(path).name)
        return renderer

    real = icons.kept_renderer
    monkeypatch.setattr(icons, "kept_renderer", watched)
    caplog.set_level(logging.WARNING)
    pm = icons.icon_pixmap(site.assets, "icons/x.svg", 64)
    assert not pm.isNull() and "<use>" in caplog.text
    assert "x.svg" not in built  # the screen drew a placeholder instead
    shipped = Path(__file__).parent.parent / "assets" / "icons" / "touch.svg"
    (site.assets / "icons" / "y.svg").write_bytes(shipped.read_bytes())
    icons.icon_pixmap(site.assets, "icons/y.svg", 67)
    assert "y.svg" in built, "the renderer was not watched: the check above proves nothing"


def test_an_svg_declaring_entities_or_naming_another_file_is_refused(site: Site) -> None:
    laughs = ('<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">'
              '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
              '<svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>')
    (site.assets / "icons" / "x.svg").write_text(laughs, encoding="utf-8")
    code, out = site.check()
    assert code == 1 and "entities" in out, out
    (site.assets / "icons" / "x.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        '<image xlink:href="/dev/zero" width="1" height="1"/></svg>', encoding="utf-8")
    code, out = site.check()
    assert code == 1 and "another file" in out, out


@needs_fifo
def test_a_named_pipe_in_place_of_a_font_is_refused_not_waited_on(tmp_path) -> None:
    site = make_site(tmp_path)
    fonts = site.assets / "fonts"
    real = fonts.resolve()
    fonts.unlink()
    fonts.mkdir()
    for f in real.glob("*.otf"):
        (fonts / f.name).symlink_to(f)
    regular = fonts / "NotoSansSC-Regular-subset.otf"
    regular.unlink()
    os.mkfifo(regular)
    with time_limit(30):
        code, out = site.check()
    assert code == 1 and "NotoSansSC-Regular-subset.otf" in out and "not a regular file" in out, out


@needs_fifo
def test_the_app_falls_back_to_the_system_font_when_its_font_is_a_named_pipe(tmp_path, qapp, caplog) -> None:
    from lusong_kiosk import fonts

    (tmp_path / "fonts").mkdir()
    os.mkfifo(tmp_path / "fonts" / fonts.FONT_FILES[0])
    caplog.set_level(logging.ERROR)
    with time_limit(30):
        family = fonts.register_fonts(tmp_path)
    assert family == fonts.fallback_family()
    assert "not a regular file" in caplog.text


@needs_fifo
def test_a_named_pipe_in_place_of_an_icon_is_refused_and_never_opened_by_the_screen(site: Site, qapp) -> None:
    icon = site.assets / "icons" / "x.svg"
    icon.unlink()
    os.mkfifo(icon)
    with time_limit(30):
        code, out = site.check()
        from lusong_kiosk.ui.widgets import icon_pixmap

        pm = icon_pixmap(site.assets, "icons/x.svg", 32)
    assert code == 1 and "assets/icons/x.svg" in out and "not a regular file" in out, out
    assert not pm.isNull()


def test_problems_are_capped_per_file_with_a_count_of_the_rest(site: Site) -> None:
    from lusong_kiosk.content.problems import MAX_PER_FILE

    site.append("timeline.toml", "".join(f"\nunknown_{i} = 1" for i in range(MAX_PER_FILE + 30)) + "\n")
    with pytest.raises(ContentError) as err:
        load(site.content, site.assets, check_font=False)
    mine = [p for p in err.value.problems if p.file.endswith("timeline.toml")]
    assert len(mine) == MAX_PER_FILE + 1
    assert mine[-1].message.startswith("and 30 more problem(s)"), mine[-1]
