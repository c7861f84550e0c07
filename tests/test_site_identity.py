"""Whose site it is: the issuing body's identity in mkdocs.yml (extra.portal), checked when it is
read, and its text, whatever characters it holds, shown as written by both renderers."""
from __future__ import annotations

import json
import os
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
