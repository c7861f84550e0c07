"""Whose site it is: the issuing body's identity in mkdocs.yml (extra.portal), checked when it is
read, and its text, whatever characters it holds, shown as written by both renderers."""
from __future__ import annotations

import json
import re

import pytest

from conftest import ROOT
from thidua.renderers import config as portal_config


def _config(tmp_path, portal: str):
    path = tmp_path / "mkdocs.yml"
    path.write_text("site_name: Thử\nextra:\n  portal:\n" + "".join(f"    {line}\n" for line in portal.splitlines()),
                    encoding="utf-8")
    return path


def test_the_example_config_says_which_body_of_which_province_and_how_to_reach_it():
    portal = portal_config.load(ROOT / "mkdocs.yml")
    assert "Lạng Sơn" in portal.site_name and portal.issuer == "Sở Nội vụ tỉnh Lạng Sơn"
    assert portal.issuer_parent == "Ủy ban nhân dân tỉnh Lạng Sơn" and "Lạng Sơn" in portal.address
    assert portal.email.endswith("@langson.gov.vn") and portal.phone_uri == "tel:02053812345"
    assert portal.responsible.startswith("Ban Thi đua")


def test_the_identity_keys_are_read_trimmed_and_an_unset_one_is_empty(tmp_path):
    portal = portal_config.load(_config(tmp_path, "issuer: Sở Nội vụ tỉnh Thử\nphone: '+84 (205) 381-2345 '\n"
                                                  "email: vanphong@thu.gov.vn"))
    assert portal.phone == "+84 (205) 381-2345" and portal.phone_uri == "tel:+842053812345"
    assert portal.email == "vanphong@thu.gov.vn" and portal.address == "" and portal.responsible == ""
    assert portal.theme_portal()["issuer_parent"] == ""  # every key is set for the templates


@pytest.mark.parametrize("line, message", [
    ("email: sonv.langson.gov.vn", "extra.portal.email: 'sonv.langson.gov.vn' không phải địa chỉ thư điện tử"),
    ("email: so nv@langson.gov.vn", "không phải địa chỉ thư điện tử"),
    ("phone: gọi Văn phòng", "extra.portal.phone: 'gọi Văn phòng' không phải số điện thoại"),
    ("phone: '0205'", "không phải số điện thoại"),
    ("phone: 02051234", "extra.portal.phone: YAML đọc số điện thoại thành một con số (mất số 0 ở đầu): hãy đặt "
                           "nó trong dấu nháy"),
    ("address: [Số 2, Hùng Vương]", "extra.portal.address phải là một chuỗi chữ"),
    ("responsable: Ban Thi đua", "extra.portal.responsable: khóa không có trong cấu hình của cổng. "
                                 "Có phải ý bạn là 'responsible'?"),
    ("issuer_parrent: UBND tỉnh", "Có phải ý bạn là 'issuer_parent'?"),
])
def test_a_wrong_identity_value_is_refused_naming_the_file_and_field(tmp_path, line, message):
    path = _config(tmp_path, line)
    with pytest.raises(portal_config.ConfigError) as refused:
        portal_config.load(path)
    assert str(refused.value).startswith(f"{path.resolve()}: ") and message in str(refused.value)


# --- the same text and the same theme under both renderers -----------------------------------------

TRICKY = {  # every character HTML gives a meaning to, and markup that must stay text
    "site_name": "Thi đua & khen thưởng <b>Lạng Sơn</b> \"mẫu\" 'thử'",
    "    issuer": "Sở Nội vụ tỉnh <i>Lạng Sơn</i> & \"A\"",
    "    issuer_parent": "UBND tỉnh 'Lạng Sơn' <script>alert(1)</script>",
    "    address": "Số 2 <Hùng Vương> & ngõ \"3\", Lạng Sơn",
    "    responsible": "Ban Thi đua & Khen thưởng <u>x</u>",
}
VISIBLE = r"""() => ({
  title: document.title,
  name: document.querySelector('.portal-brand__name').innerText,
  drawer: document.querySelector('.md-nav--primary > .md-nav__title').textContent.trim(),
  logo: document.querySelector('.md-nav--primary .md-logo').title,
  footer: document.querySelector('.portal-footer__identity').textContent.replace(/\s+/g, ' '),
  og: document.querySelector('meta[property="og:site_name"]').content,
  markup: document.querySelectorAll('header b, header i, footer b, footer i, footer u, footer script').length,
  toc: [...document.querySelectorAll('details.portal-toc a')].map(a => a.getAttribute('href')),
  tocShown: !!document.querySelector('details.portal-toc')?.checkVisibility(),
})"""


@pytest.mark.browser
def test_config_text_and_the_phone_table_of_contents_are_the_same_under_both_renderers(tmp_path):
    """Text from mkdocs.yml holding & < > " ' shows as written, never as entities (Zensical showed
    "&amp;") nor as markup, in the title, header, drawer, footer and link previews of both
    renderers' pages; the phone's table of contents is the same on both."""
    from test_renderers import require_zensical
    require_zensical()
    from browser import chromium, serve
    from thidua.build import build
    project = tmp_path / "p"
    project.mkdir()
    for name in ("campaigns", "content"):
        (project / name).symlink_to(ROOT / name)
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace("custom_dir: overrides",
                                                                     f"custom_dir: {ROOT / 'overrides'}")
    for key, value in TRICKY.items():
        text, count = re.subn(rf"(?m)^{key}: .*$", lambda _: f"{key}: {json.dumps(value, ensure_ascii=False)}", text)
        assert count == 1, key
    (project / "mkdocs.yml").write_text(text, encoding="utf-8")
    sites = {}
    for renderer in ("mkdocs", "zensical"):
        sites[renderer] = tmp_path / renderer / "thi-dua"
        build(project / "mkdocs.yml", sites[renderer], renderer=renderer, site_url="https://example.gov.vn/thi-dua/")
    plain = {key.strip(): value for key, value in TRICKY.items()}
    seen = {}
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 390, "height": 800})
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for renderer, site in sites.items():
            with serve(site.parent) as base:
                for path in ("", "gioi-thieu/", "phong-trao/", "phong-trao/2024-lang-son-80-nam-nganh-noi-vu/"):
                    page.goto(f"{base}thi-dua/{path}")
                    seen[renderer, path] = shown = page.evaluate(VISIBLE)
                    assert shown["name"] == shown["drawer"] == shown["logo"] == shown["og"] == plain["site_name"]
                    assert shown["title"].endswith(" - " + plain["site_name"]) or shown["title"] == plain["site_name"]
                    for key in ("issuer", "issuer_parent", "address"):
                        assert plain[key] in shown["footer"], (renderer, path, key, shown["footer"])
                    assert "Chịu trách nhiệm nội dung: " + plain["responsible"] in shown["footer"]
                    assert shown["markup"] == 0 and "&amp;" not in str(shown) and "&lt;" not in str(shown)
    assert dialogs == []
    for path in {path for _, path in seen}:
        assert seen["mkdocs", path] == seen["zensical", path], path
    campaign = seen["zensical", "phong-trao/2024-lang-son-80-nam-nganh-noi-vu/"]
    assert campaign["tocShown"] and len(campaign["toc"]) > 15
