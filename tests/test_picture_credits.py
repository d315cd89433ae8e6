"""Pictures: a real photo later added to a story or a timeline event must carry its credit;
`check` refuses one without, naming the file and the field."""

from __future__ import annotations

from pathlib import Path

import pytest
from content_fixtures import Site, make_site

A = "themes/01-a.toml"
TL = "timeline.toml"
CREDIT = 'credit = { zh = "摄影：某某", en = "Photo: someone" }'


@pytest.fixture
def site(tmp_path: Path) -> Site:
    s = make_site(tmp_path)
    (s.assets / "images").mkdir(exist_ok=True)
    (s.assets / "images" / "park.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a photo, but a file")
    return s


def test_a_picture_without_its_credit_is_refused_naming_file_and_field(site: Site) -> None:
    site.replace(TL, 'theme = "alpha"', 'theme = "alpha"\nimage = "images/park.jpg"')
    story_text = 'text = { zh = "内容", en = "Text" }'
    site.replace(A, story_text, f'{story_text}\nimage = "images/park.jpg"')
    code, out = site.check()
    assert code == 1, out
    lines = [line for line in out.splitlines() if ".credit:" in line]
    assert len(lines) == 2, out
    assert any("events[0].credit: expected the credit of the picture 'images/park.jpg'" in line for line in lines)
    assert any("stories[0].credit: expected the credit of the picture 'images/park.jpg'" in line for line in lines)


def test_a_picture_with_its_credit_passes(site: Site) -> None:
    site.replace(TL, 'theme = "alpha"', f'theme = "alpha"\nimage = "images/park.jpg"\n{CREDIT}')
    code, out = site.check()
    assert code == 0, out


def test_no_picture_needs_no_credit(site: Site) -> None:
    code, out = site.check()
    assert code == 0, out
