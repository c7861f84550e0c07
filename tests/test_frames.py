"""Frames (renderers/mkdocs/frames.py): the generated pages share Material's template, rendered
once per kind of page, and the site is the one a full render of every page makes, byte for byte,
even when a theme override prints a page's own text where the frame does not expect it."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from conftest import ROOT
from thidua.renderers import config as portal_config
from thidua.renderers.mkdocs import route
from thidua.site import build_site

TODAY = dt.date(2025, 9, 1)
NOT_FRAMED = None  # route._build's checks: None renders every page in full


# Where a theme override may print a page's own text: in the frame (the footer), or in the
# navigation, which each frame renders once.
PLACES = {"footer": ("main.html", '<footer class="md-footer portal-footer">'),
          "navigation": ("partials/nav.html", '<ul class="md-nav__list" data-md-scrollfix>')}


def project(tmp_path: Path, printed: str = "", place: str = "footer") -> Path:
    """The example project in tmp_path, with `printed` added to every page at `place` (PLACES:
    outside the blocks a frame leaves to each page)."""
    root = tmp_path / "project"
    shutil.copytree(ROOT, root, ignore=shutil.ignore_patterns(".venv", "site", ".git", "tests", ".site-*"))
    if printed:
        name, anchor = PLACES[place]
        template = root / "overrides" / name
        text = template.read_text(encoding="utf-8")
        assert text.count(anchor) == 1
        template.write_text(text.replace(anchor, anchor + printed), encoding="utf-8")
    return root


def pages(root: Path, out: Path, checks) -> dict[str, bytes]:
    """Every HTML file of the site rendered into out, through MkDocs, with these checks of the frames."""
    portal = portal_config.load(root / "mkdocs.yml")
    site = build_site(portal.campaigns, TODAY, portal.site_name, portal.issuer, portal.url())
    out.mkdir()
    if checks is NOT_FRAMED:
        route._build(site, portal, out, TODAY, None)
    else:
        route.render(site, portal, out, TODAY, checks)
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*.html"))}


def differing(a: dict[str, bytes], b: dict[str, bytes]) -> list[str]:
    assert a.keys() == b.keys()
    return [path for path in a if a[path] != b[path]]


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    root = project(tmp_path_factory.mktemp("frames"))
    return root, pages(root, root / "full", NOT_FRAMED)


def test_the_framed_site_is_the_fully_rendered_one_byte_for_byte(example):
    root, full = example
    framed = pages(root, root / "framed", route.CHECKS)
    assert len(full) > 40 and differing(full, framed) == []


@pytest.mark.parametrize("place", PLACES)
def test_frames_are_shared_without_checks_so_the_checks_are_what_catch_a_page_specific_frame(tmp_path, place):
    """A footer or navigation that prints the page's title is outside the page's own blocks: a
    frame made from one page would print that page's title on every other, as it does when
    nothing is checked."""
    root = project(tmp_path, "<p>{{ page.title }}</p>", place)
    full = pages(root, tmp_path / "full", NOT_FRAMED)
    unchecked = pages(root, tmp_path / "unchecked", {"first_checks": 0, "check_every": 10 ** 9})
    wrong = differing(full, unchecked)
    assert len(wrong) > 10
    assert any(p.startswith("phong-trao/") for p in wrong) and any(p.startswith("don-vi/") for p in wrong)

    # The first checks drop such a frame: its pages render in full.
    assert differing(full, pages(root, tmp_path / "checked", route.CHECKS)) == []
    # A frame found wrong only after pages were written from it: every page is rendered again.
    assert differing(full, pages(root, tmp_path / "late", {"first_checks": 1, "check_every": 3})) == []
