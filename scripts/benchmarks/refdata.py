"""A synthetic reference archive for benchmarks: realistic in shape, deterministic in bytes.

`generate_archive(root, honorees, seed)` writes `root/campaigns/<id>/campaign.yml` and
`honorees.yml` (by default one campaign per 100 honorees, 2006-2025, 30 issuing bodies in six
provinces, 600 units, 10% collectives) and copies the site configuration (`mkdocs.yml`,
`content/`, `overrides/`) beside it, so `root/mkdocs.yml` builds the reference site.

Everything is drawn from one `random.Random(seed)` in a fixed order and written by the small
YAML emitter below (plain scalars where safe, JSON-style double quotes otherwise, which is
valid YAML), so the same seed gives byte-identical files and a million honorees take
seconds, not minutes. The data is invented and marked `example: true`: the names follow the
real distribution of Vietnamese family names, they are nobody in particular.
"""
from __future__ import annotations

import datetime as dt
import json
import random
import re
import shutil
from bisect import bisect
from itertools import accumulate
from pathlib import Path

from thidua import migrate

REPO = Path(__file__).resolve().parents[2]
MARKER = ".refdata.json"
VERSION = 3  # bump when the output changes, so kept benchmark folders are regenerated
FIRST_YEAR, LAST_YEAR = 2006, 2025

# --- the YAML emitter --------------------------------------------------------------------

_YAML_WORDS = {"true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"}
_PLAIN_UNSAFE = re.compile(r"[:#\"'\\`\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]")
_ESCAPE = re.compile(r"[\x7f-\x9f\u2028\u2029\ufeff]")


def scalar(value) -> str:
    """One YAML scalar: plain when it cannot be misread, else a JSON string (valid YAML)."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):  # (year, month)
        return f"{value[0]:04d}-{value[1]:02d}"
    text = str(value)
    if (text and text[0].isalpha() and not text[-1].isspace() and text.lower() not in _YAML_WORDS
            and not _PLAIN_UNSAFE.search(text)):
        return text
    quoted = json.dumps(text, ensure_ascii=False)
    # JSON leaves these raw; YAML readers treat them as line breaks or refuse them.
    return _ESCAPE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def _emit(value, indent: str, out: list[str]) -> None:
    if isinstance(value, dict):
        for key, v in value.items():
            if v is None or v == [] or v == {} or v == "":
                continue
            if isinstance(v, dict):
                out.append(f"{indent}{key}:")
                _emit(v, indent + "  ", out)
            elif isinstance(v, list):
                out.append(f"{indent}{key}:")
                _emit(v, indent, out)
            else:
                out.append(f"{indent}{key}: {scalar(v)}")
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, (dict, list)):
                inner: list[str] = []
                _emit(item, indent + "  ", inner)
                if not inner:
                    continue
                out.append(f"{indent}- {inner[0][len(indent) + 2:]}")
                out.extend(inner[1:])
            else:
                out.append(f"{indent}- {scalar(item)}")
    else:
        raise TypeError(type(value))


def dump(value: dict, header: str = "") -> str:
    """A mapping as block YAML (keys in insertion order; empty values left out)."""
    out = [header] if header else []
    _emit(value, "", out)
    return "\n".join(out) + "\n"


# --- people ---------------------------------------------------------------------------------

FAMILY = [  # share in percent (Vietnamese family names; Hoàng/Huỳnh and Vũ/Võ split north/south)
    ("Nguyễn", 38.0), ("Trần", 11.0), ("Lê", 9.5), ("Phạm", 7.0), ("Hoàng", 3.4), ("Huỳnh", 1.7),
    ("Phan", 4.5), ("Vũ", 2.2), ("Võ", 1.7), ("Đặng", 2.1), ("Bùi", 2.0), ("Đỗ", 1.4), ("Hồ", 1.3),
    ("Ngô", 1.3), ("Dương", 1.0), ("Lý", 0.5),
    ("Trương", 1.0), ("Đinh", 1.0), ("Lương", 0.8), ("Đoàn", 0.8), ("Trịnh", 0.8), ("Mai", 0.7),
    ("Lâm", 0.6), ("Hà", 0.7), ("Cao", 0.5), ("Chu", 0.5), ("Tạ", 0.4), ("Lưu", 0.4), ("Nông", 0.6),
    ("Triệu", 0.4), ("Tô", 0.3), ("Văn", 0.3), ("Thái", 0.3), ("Kiều", 0.2), ("Quách", 0.2),
    ("Lã", 0.2), ("Khổng", 0.1), ("Vi", 0.3), ("Hứa", 0.2), ("Ninh", 0.1),
]
MIDDLE_M = [("Văn", 40), ("Hữu", 7), ("Đức", 8), ("Minh", 8), ("Quang", 6), ("Công", 5), ("Xuân", 4),
            ("Thanh", 4), ("Ngọc", 3), ("Đình", 5), ("Bá", 2), ("Trọng", 3), ("Quốc", 4), ("Tuấn", 2),
            ("Mạnh", 2), ("Anh", 2), ("Hoàng", 2), ("Thế", 2)]
MIDDLE_F = [("Thị", 45), ("Thị Thu", 8), ("Thị Hồng", 7), ("Thị Thanh", 6), ("Thị Ngọc", 4),
            ("Thị Minh", 3), ("Thị Kim", 4), ("Thị Lan", 2), ("Thị Mai", 2), ("Thị Bích", 2), ("Ngọc", 4),
            ("Thu", 3), ("Hồng", 3), ("Thanh", 3), ("Minh", 2), ("Phương", 2)]
GIVEN_M = [("An", 4), ("Anh", 5), ("Bình", 3), ("Cường", 3), ("Chiến", 2), ("Dũng", 5), ("Duy", 2),
           ("Đạt", 3), ("Hải", 4), ("Hùng", 5), ("Hưng", 3), ("Hiếu", 3), ("Hoàng", 2), ("Huy", 3),
           ("Khánh", 2), ("Khoa", 1), ("Kiên", 2), ("Lâm", 2), ("Long", 4), ("Mạnh", 2), ("Minh", 5),
           ("Nam", 4), ("Nghĩa", 2), ("Phong", 2), ("Phúc", 2), ("Quân", 2), ("Quang", 3), ("Sơn", 4),
           ("Tài", 2), ("Thắng", 3), ("Thành", 4), ("Toàn", 2), ("Trung", 4), ("Tú", 2), ("Tuấn", 5),
           ("Việt", 2), ("Vinh", 2), ("Hòa", 2), ("Hiệp", 1), ("Lộc", 2), ("Thịnh", 1), ("Đông", 1)]
GIVEN_F = [("Anh", 4), ("Chi", 2), ("Dung", 3), ("Giang", 2), ("Hà", 4), ("Hạnh", 3), ("Hằng", 4),
           ("Hiền", 3), ("Hoa", 4), ("Hồng", 2), ("Huyền", 4), ("Hương", 5), ("Lan", 4), ("Liên", 2),
           ("Linh", 5), ("Loan", 2), ("Mai", 4), ("Ngân", 2), ("Nga", 3), ("Ngọc", 2), ("Nhung", 3),
           ("Oanh", 2), ("Phương", 4), ("Quyên", 1), ("Tâm", 2), ("Thảo", 4), ("Thủy", 4), ("Thu", 2),
           ("Trang", 5), ("Tuyết", 2), ("Vân", 3), ("Yến", 3), ("Nhàn", 1), ("Huệ", 2), ("Hậu", 1)]


class _Choice:
    """Weighted choice with precomputed cumulative weights: one random() per draw."""

    def __init__(self, pairs):
        self.values = [v for v, _ in pairs]
        self.cum = list(accumulate(w for _, w in pairs))
        self.total = self.cum[-1]

    def __call__(self, rng: random.Random):
        return self.values[bisect(self.cum, rng.random() * self.total)]


_FAMILY, _MIDDLE_M, _MIDDLE_F = _Choice(FAMILY), _Choice(MIDDLE_M), _Choice(MIDDLE_F)
_GIVEN_M, _GIVEN_F = _Choice(GIVEN_M), _Choice(GIVEN_F)


def person(rng: random.Random) -> tuple[str, bool]:
    """(full name, is_female)."""
    female = rng.random() < 0.52
    middle = (_MIDDLE_F if female else _MIDDLE_M)(rng)
    given = (_GIVEN_F if female else _GIVEN_M)(rng)
    while middle.endswith(given):
        given = (_GIVEN_F if female else _GIVEN_M)(rng)
    return f"{_FAMILY(rng)} {middle} {given}", female


# --- places, bodies, units ------------------------------------------------------------------

# Six provinces that kept their names in the 2025 merger, each with its seat and districts.
PROVINCES = [
    ("Lạng Sơn", "Lạng Sơn", ["Cao Lộc", "Văn Lãng", "Tràng Định", "Bình Gia", "Bắc Sơn", "Chi Lăng",
                              "Hữu Lũng", "Lộc Bình", "Đình Lập", "Văn Quan"]),
    ("Cao Bằng", "Cao Bằng", ["Bảo Lạc", "Bảo Lâm", "Hà Quảng", "Trùng Khánh", "Hạ Lang", "Quảng Hòa",
                              "Hòa An", "Nguyên Bình", "Thạch An"]),
    ("Nghệ An", "Vinh", ["Diễn Châu", "Quỳnh Lưu", "Yên Thành", "Nghi Lộc", "Hưng Nguyên", "Nam Đàn",
                         "Thanh Chương", "Đô Lương", "Anh Sơn", "Con Cuông"]),
    ("Thanh Hóa", "Thanh Hóa", ["Hoằng Hóa", "Hậu Lộc", "Nga Sơn", "Quảng Xương", "Thọ Xuân", "Triệu Sơn",
                                "Nông Cống", "Yên Định", "Vĩnh Lộc", "Thạch Thành"]),
    ("Hà Tĩnh", "Hà Tĩnh", ["Can Lộc", "Cẩm Xuyên", "Đức Thọ", "Hương Khê", "Hương Sơn", "Kỳ Anh", "Lộc Hà",
                            "Nghi Xuân", "Thạch Hà", "Vũ Quang"]),
    ("Quảng Ninh", "Hạ Long", ["Ba Chẽ", "Bình Liêu", "Đầm Hà", "Hải Hà", "Tiên Yên", "Vân Đồn", "Cô Tô"]),
]
COMMUNES = ["Tân Lập", "Hòa Bình", "Quang Trung", "Tân Thành", "Đồng Tâm", "Hợp Thành", "Minh Khai",
            "Thống Nhất", "Quyết Thắng", "Hưng Đạo", "Tân Tiến", "Phú Lộc", "Xuân Lâm", "Yên Hòa",
            "Thanh Sơn", "Kim Đồng", "Hồng Phong", "Đức Thịnh", "Tiến Thành", "Vĩnh Hòa"]
GIFTED_SCHOOLS = {"Lạng Sơn": "Trường THPT Chuyên Chu Văn An", "Cao Bằng": "Trường THPT Chuyên Cao Bằng",
                  "Nghệ An": "Trường THPT Chuyên Phan Bội Châu", "Thanh Hóa": "Trường THPT Chuyên Lam Sơn",
                  "Hà Tĩnh": "Trường THPT Chuyên Hà Tĩnh", "Quảng Ninh": "Trường THPT Chuyên Hạ Long"}

# An issuing body type: key, name, document suffix, ministry and its abbreviation, the head's title.
BODIES = [
    {"key": "snv", "name": "Sở Nội vụ", "abbr": "SNV", "ministry": "Bộ Nội vụ", "mabbr": "BNV",
     "head": "Giám đốc Sở Nội vụ", "sector": "ngành Nội vụ", "staff": "công chức, viên chức, người lao động",
     "anniversary": ("Ngày thành lập ngành Tổ chức Nhà nước", 1945, "28/8")},
    {"key": "sgddt", "name": "Sở Giáo dục và Đào tạo", "abbr": "SGDĐT", "ministry": "Bộ Giáo dục và Đào tạo",
     "mabbr": "BGDĐT", "head": "Giám đốc Sở Giáo dục và Đào tạo", "sector": "ngành Giáo dục",
     "staff": "cán bộ quản lý, giáo viên, nhân viên", "anniversary": ("Ngày Nhà giáo Việt Nam", 1982, "20/11")},
    {"key": "syt", "name": "Sở Y tế", "abbr": "SYT", "ministry": "Bộ Y tế", "mabbr": "BYT",
     "head": "Giám đốc Sở Y tế", "sector": "ngành Y tế", "staff": "cán bộ, viên chức, người lao động",
     "anniversary": ("Ngày Thầy thuốc Việt Nam", 1955, "27/2")},
    {"key": "vp", "name": "Văn phòng UBND", "abbr": "VP", "ministry": "Văn phòng Chính phủ", "mabbr": "VPCP",
     "head": "Chánh Văn phòng UBND tỉnh", "sector": "Văn phòng UBND tỉnh",
     "staff": "công chức, viên chức, người lao động",
     "anniversary": ("Ngày truyền thống Văn phòng Chính phủ", 1945, "28/8")},
    {"key": "stc", "name": "Sở Tài chính", "abbr": "STC", "ministry": "Bộ Tài chính", "mabbr": "BTC",
     "head": "Giám đốc Sở Tài chính", "sector": "ngành Tài chính", "staff": "công chức, viên chức, người lao động",
     "anniversary": ("Ngày truyền thống ngành Tài chính", 1945, "28/8")},
]
DEPARTMENTS = {
    "snv": ["Văn phòng Sở", "Thanh tra Sở", "Phòng Tổ chức biên chế", "Phòng Xây dựng chính quyền và Công tác thanh niên",
            "Phòng Cải cách hành chính", "Phòng Công chức, viên chức", "Ban Thi đua - Khen thưởng", "Ban Tôn giáo",
            "Chi cục Văn thư - Lưu trữ"],
    "sgddt": ["Văn phòng Sở", "Phòng Tổ chức cán bộ", "Phòng Giáo dục Trung học", "Phòng Giáo dục Tiểu học",
              "Phòng Khảo thí và Quản lý chất lượng giáo dục"],
    "syt": ["Văn phòng Sở", "Phòng Tổ chức cán bộ", "Phòng Nghiệp vụ Y", "Phòng Kế hoạch - Tài chính"],
    "vp": ["Phòng Hành chính - Tổ chức", "Phòng Tổng hợp", "Phòng Kinh tế", "Phòng Khoa giáo - Văn xã",
           "Trung tâm Thông tin"],
    "stc": ["Văn phòng Sở", "Thanh tra Sở", "Phòng Quản lý ngân sách", "Phòng Tài chính đầu tư",
            "Phòng Quản lý giá và công sản", "Phòng Tài chính hành chính sự nghiệp"],
}
POSITIONS = {
    "dept": [("Trưởng phòng", 2), ("Phó Trưởng phòng", 3), ("Chuyên viên chính", 4), ("Chuyên viên", 10),
             ("Kế toán viên", 1), ("Nhân viên", 1)],
    "school": [("Hiệu trưởng", 1), ("Phó Hiệu trưởng", 2), ("Tổ trưởng chuyên môn", 3), ("Giáo viên", 14),
               ("Nhân viên thư viện", 1), ("Kế toán", 1)],
    "hospital": [("Giám đốc", 1), ("Phó Giám đốc", 2), ("Trưởng khoa", 3), ("Bác sĩ", 8), ("Điều dưỡng", 8),
                 ("Dược sĩ", 2), ("Kỹ thuật viên", 2)],
    "station": [("Trạm trưởng", 1), ("Bác sĩ", 2), ("Y sĩ", 3), ("Điều dưỡng", 2), ("Nữ hộ sinh", 1)],
    "commune": [("Chủ tịch UBND xã", 1), ("Phó Chủ tịch UBND xã", 2), ("Công chức Văn phòng - Thống kê", 3),
                ("Công chức Tư pháp - Hộ tịch", 2), ("Công chức Địa chính - Xây dựng", 2),
                ("Công chức Tài chính - Kế toán", 2), ("Công chức Văn hóa - Xã hội", 2)],
}
_POSITIONS = {k: _Choice(v) for k, v in POSITIONS.items()}
SUBGROUPS = {"school": ["Tổ Toán - Tin", "Tổ Ngữ văn", "Tổ Ngoại ngữ", "Tổ Khoa học tự nhiên"],
             "hospital": ["Khoa Nội tổng hợp", "Khoa Ngoại", "Khoa Nhi", "Khoa Hồi sức cấp cứu"]}
UNITS_PER_ISSUER = 20


def _district_units(body: str, province: str, district: str, rng: random.Random) -> list[tuple[str, str]]:
    commune = f"xã {rng.choice(COMMUNES)}, huyện {district}"
    return {
        "snv": [(f"Phòng Nội vụ huyện {district}", "dept"), (f"UBND {commune}", "commune")],
        "sgddt": [(f"Trường THPT {district}", "school"), (f"Phòng Giáo dục và Đào tạo huyện {district}", "dept")],
        "syt": [(f"Trung tâm Y tế huyện {district}", "hospital"), (f"Trạm Y tế {commune}", "station")],
        "vp": [(f"Văn phòng HĐND và UBND huyện {district}", "dept"), (f"UBND {commune}", "commune")],
        "stc": [(f"Phòng Tài chính - Kế hoạch huyện {district}", "dept"), (f"UBND {commune}", "commune")],
    }[body]


def _more_district_units(body: str, district: str, rng: random.Random) -> list[tuple[str, str]]:
    """Second-round units, for provinces with few districts."""
    commune = f"xã {rng.choice(COMMUNES)}, huyện {district}"
    return {
        "snv": [(f"UBND {commune}", "commune")],
        "sgddt": [(f"Trường THPT {district} 2", "school")],
        "syt": [(f"Trạm Y tế {commune}", "station")],
        "vp": [(f"UBND {commune}", "commune")],
        "stc": [(f"UBND {commune}", "commune")],
    }[body]


def issuers(rng: random.Random) -> list[dict]:
    """30 issuing bodies (five kinds in six provinces), each with its 20 units."""
    out = []
    seen: set[str] = set()  # every unit belongs to one issuer: 600 distinct units
    for province, seat, districts in PROVINCES:
        for body in BODIES:
            name = f"{body['name']} tỉnh {province}"
            units = [(f"{d}, {name}", "dept") for d in DEPARTMENTS[body["key"]]]
            if body["key"] == "syt":
                units.append((f"Bệnh viện Đa khoa tỉnh {province}", "hospital"))
            if body["key"] == "sgddt":
                units.append((GIFTED_SCHOOLS[province], "school"))
            seen.update(u for u, _ in units)
            pool = [u for d in districts for u in _district_units(body["key"], province, d, rng)]
            pool += [u for d in districts for u in _more_district_units(body["key"], d, rng)]
            while len(units) < UNITS_PER_ISSUER:
                unit = pool.pop(0) if pool else _more_district_units(body["key"], rng.choice(districts), rng)[0]
                if unit[0] not in seen:
                    units.append(unit)
                    seen.add(unit[0])
            out.append({**body, "issuer": name, "province": province, "seat": seat, "units": units,
                        "head": body["head"] if body["key"] != "vp" else f"Chánh Văn phòng UBND tỉnh {province}"})
    return out


# --- award forms and decisions --------------------------------------------------------------

# (name template, authority, collective?, individual?, weight among honorees, quota range or None)
FORMS = [
    ("Bằng khen của Thủ tướng Chính phủ", "ttg", True, True, 1, ((1, 2), (2, 5))),
    ("Bằng khen của Bộ trưởng {ministry}", "bo", True, True, 3, ((2, 5), (5, 15))),
    ("Bằng khen của Chủ tịch UBND tỉnh", "ubnd", True, True, 5, None),
    ("Cờ thi đua của UBND tỉnh", "ubnd", True, False, 1, ((1, 3), None)),
    ("Chiến sĩ thi đua cấp tỉnh", "ubnd", False, True, 1, (None, (3, 10))),
    ("Giấy khen của {head}", "so", True, True, 10, None),
    ("Chiến sĩ thi đua cơ sở", "so", False, True, 6, None),
    ("Lao động tiên tiến", "so", False, True, 12, None),
    ("Tập thể lao động xuất sắc", "so", True, False, 4, None),
]
LABELS = ["a)", "b)", "c)", "d)", "đ)", "e)", "g)", "h)", "i)", "k)", "l)", "m)", "n)"]


def _form_name(template: str, issuer: dict) -> str:
    if "{ministry}" in template and issuer["key"] == "vp":
        return "Bằng khen của Bộ trưởng, Chủ nhiệm Văn phòng Chính phủ"
    return template.format(ministry=issuer["ministry"], head=issuer["head"].replace(f" tỉnh {issuer['province']}",
                                                                                    " tỉnh"))


def _authority(key: str, issuer: dict) -> tuple[str, str]:
    """(signer, decision number suffix) of an authority."""
    return {
        "ttg": ("Thủ tướng Chính phủ", "QĐ-TTg"),
        "bo": ("Bộ trưởng, Chủ nhiệm Văn phòng Chính phủ" if issuer["key"] == "vp" else f"Bộ trưởng {issuer['ministry']}",
               f"QĐ-{issuer['mabbr']}"),
        "ubnd": (f"Chủ tịch UBND tỉnh {issuer['province']}", "QĐ-UBND"),
        "so": (issuer["head"], f"QĐ-{issuer['abbr']}"),
    }[key]


def choose_forms(rng: random.Random) -> list[tuple]:
    """2-5 forms, at most 3 authorities, and an uncapped form for collectives and for individuals."""
    while True:
        k = rng.randint(2, 5)
        picked = sorted(rng.sample(range(len(FORMS)), k))
        forms = [FORMS[i] for i in picked]
        authorities = {f[1] for f in forms}
        if (len(authorities) <= 3 and any(f[2] and f[5] is None for f in forms)
                and any(f[3] and f[5] is None for f in forms)):
            return forms


# --- the plan ---------------------------------------------------------------------------------

def _legal_basis(year: int) -> list[str]:
    if year >= 2024:
        law = "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"
        decree = ("Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết "
                  "thi hành một số điều của Luật Thi đua, khen thưởng;")
    else:
        law = "Căn cứ Luật Thi đua, Khen thưởng ngày 26 tháng 11 năm 2003" + (
            "; Luật sửa đổi, bổ sung một số điều của Luật Thi đua, Khen thưởng ngày 16 tháng 11 năm 2013;"
            if year >= 2014 else ";")
        if year >= 2017:
            decree = ("Căn cứ Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 của Chính phủ quy định chi tiết "
                      "thi hành một số điều của Luật Thi đua, khen thưởng;")
        elif year >= 2010:
            decree = ("Căn cứ Nghị định số 42/2010/NĐ-CP ngày 15 tháng 4 năm 2010 của Chính phủ quy định chi tiết "
                      "thi hành một số điều của Luật Thi đua, Khen thưởng;")
        else:
            decree = ("Căn cứ Nghị định số 121/2005/NĐ-CP ngày 30 tháng 9 năm 2005 của Chính phủ quy định chi "
                      "tiết và hướng dẫn thi hành một số điều của Luật Thi đua, Khen thưởng;")
    return [law, decree]


def _decree_form(year: int) -> str:
    if year >= 2024:
        return "Mẫu số 08, Phụ lục I kèm theo Nghị định số 98/2023/NĐ-CP ngày 31/12/2023 của Chính phủ"
    if year >= 2017:
        return "Mẫu số 01, Phụ lục kèm theo Nghị định số 91/2017/NĐ-CP ngày 31/7/2017 của Chính phủ"
    return "theo mẫu quy định tại Thông tư hướng dẫn thi hành Luật Thi đua, Khen thưởng"


ROMAN = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI",
         "XVII", "XVIII", "XIX", "XX"]

TASKS = [
    ("Công tác tham mưu", "chủ động rà soát, tham mưu ban hành kịp thời các văn bản chỉ đạo, hướng dẫn thuộc "
                          "lĩnh vực được giao, bảo đảm chất lượng và đúng tiến độ."),
    ("Cải cách hành chính", "đẩy mạnh cải cách thủ tục hành chính, giải quyết 100% hồ sơ đúng hạn; nâng cao "
                            "chỉ số hài lòng của người dân, tổ chức."),
    ("Chuyển đổi số", "ứng dụng hiệu quả phần mềm quản lý văn bản và hồ sơ công việc; 100% văn bản trao đổi "
                      "giữa các cơ quan dưới dạng điện tử, trừ văn bản mật."),
    ("Kỷ luật, kỷ cương", "chấp hành nghiêm kỷ luật, kỷ cương hành chính, văn hóa công vụ; thực hành tiết "
                          "kiệm, chống lãng phí."),
    ("Xây dựng đội ngũ", "quan tâm đào tạo, bồi dưỡng nâng cao trình độ chuyên môn, nghiệp vụ; phát hiện, "
                         "bồi dưỡng, nhân rộng điển hình tiên tiến."),
    ("Phòng, chống tham nhũng", "thực hiện tốt công tác phòng, chống tham nhũng, tiêu cực; công khai, minh "
                                "bạch trong hoạt động công vụ."),
    ("Công tác thi đua, khen thưởng", "đổi mới nội dung, hình thức tổ chức phong trào thi đua; khen thưởng "
                                      "kịp thời, chính xác, đúng người, đúng việc."),
    ("Sáng kiến, mô hình mới", "khuyến khích đề xuất sáng kiến, cải tiến lề lối làm việc; mỗi đơn vị có ít "
                               "nhất 01 mô hình hoặc cách làm hay được nhân rộng."),
]
TARGETS = [
    "100% tập thể, cá nhân đăng ký và tham gia phong trào thi đua.",
    "Phấn đấu 100% nhiệm vụ được giao hoàn thành đúng tiến độ, bảo đảm chất lượng.",
    "Ít nhất {pct1}% tập thể hoàn thành xuất sắc nhiệm vụ, {pct2}% hoàn thành tốt nhiệm vụ; không có tập thể "
    "không hoàn thành nhiệm vụ.",
    "Có ít nhất {n:02d} đơn vị có mô hình mới, cách làm hay được công nhận.",
    "Không có cá nhân vi phạm pháp luật, bị xử lý kỷ luật.",
]
CITATIONS = [
    "Hoàn thành xuất sắc nhiệm vụ năm {y}.",
    "Hoàn thành xuất sắc nhiệm vụ hai năm liên tục ({p} - {y}).",
    "Có thành tích xuất sắc trong phong trào thi đua; là tấm gương tiêu biểu của đơn vị.",
    "Có sáng kiến được công nhận và áp dụng hiệu quả tại đơn vị năm {y}.",
    "Tham mưu hoàn thành đúng tiến độ các nhiệm vụ trọng tâm của đơn vị năm {y}.",
    "Tích cực tham gia phong trào thi đua, hoàn thành tốt nhiệm vụ được giao.",
    "Có nhiều đóng góp trong công tác chuyển đổi số và cải cách hành chính năm {y}.",
    "Dẫn đầu phong trào thi đua của đơn vị năm {y}.",
]


def _topic(rng: random.Random, issuer: dict, year: int) -> tuple[str, str, str]:
    """(kind, title, theme) for a campaign of this issuer and year."""
    what, founded, day = issuer["anniversary"]
    sector = issuer["sector"]
    roll = rng.random()
    if (year - founded) % 5 == 0 and roll < 0.6:
        n = year - founded
        title = (f"Phát động phong trào thi đua đặc biệt lập thành tích chào mừng kỷ niệm {n} năm {what} "
                 f"({day}/{founded} - {day}/{year})")
        return "dac-biet", title, f"Đoàn kết, sáng tạo, thi đua lập thành tích chào mừng kỷ niệm {n} năm {what}"
    if year % 5 == 0 and roll < 0.5:
        congress = ROMAN[(year - 2010) // 5 + 15]  # 2010: XV, 2015: XVI, 2020: XVII, 2025: XVIII
        title = (f"Phát động đợt thi đua đặc biệt chào mừng Đại hội đại biểu Đảng bộ tỉnh {issuer['province']} "
                 f"lần thứ {congress}, nhiệm kỳ {year} - {year + 5}")
        return "dac-biet", title, "Đoàn kết, dân chủ, kỷ cương, sáng tạo, phát triển"
    if roll < 0.55:
        if issuer["key"] == "sgddt":
            return ("thuong-xuyen", f"Phát động phong trào thi đua năm học {year} - {year + 1}",
                    "Dạy tốt, học tốt")
        return ("thuong-xuyen", f"Phát động phong trào thi đua thực hiện thắng lợi nhiệm vụ {sector} năm {year}",
                "Kỷ cương, trách nhiệm, hành động, sáng tạo, hiệu quả")
    if roll < 0.8:
        theme = rng.choice([
            "Cả nước chung tay vì người nghèo - Không để ai bị bỏ lại phía sau",
            "Cả nước thi đua xây dựng nông thôn mới",
            "Đẩy mạnh cải cách hành chính, chuyển đổi số",
            "Cán bộ, công chức, viên chức thi đua thực hiện văn hóa công sở",
            "Dân vận khéo",
        ])
        return "chuyen-de", f"Phát động phong trào thi đua chuyên đề “{theme}” năm {year}", theme
    return ("theo-dot", f"Phát động đợt thi đua cao điểm chào mừng kỷ niệm Ngày giải phóng miền Nam, thống nhất "
                        f"đất nước (30/4) và Ngày Quốc tế Lao động (1/5) năm {year}", "Thi đua lập thành tích")


def _day(rng: random.Random, year: int, month: int) -> dt.date:
    return dt.date(year, month, rng.randint(1, 28))


def _plan(rng: random.Random, issuer: dict, cid: str, year: int, forms: list[tuple], signer: str) -> tuple[dict, dict]:
    """campaign.yml as a dict, and facts the honoree list needs (dates)."""
    kind, title, theme = _topic(rng, issuer, year)
    if kind == "thuong-xuyen" and issuer["key"] == "sgddt":
        start, end = dt.date(year, 9, 5), dt.date(year + 1, 5, 31)
    elif kind == "thuong-xuyen":
        start, end = dt.date(year, 1, rng.randint(2, 20)), dt.date(year, 12, rng.randint(15, 31))
    elif kind == "theo-dot":
        start, end = _day(rng, year, 2), dt.date(year, 4, 30)
    else:
        start = _day(rng, year, rng.randint(1, 6))
        end = _day(rng, year, rng.randint(start.month + 3, 12))
    months = kind == "dac-biet" and rng.random() < 0.3
    period = {"start": (start.year, start.month) if months else start,
              "end": (end.year, end.month) if months else end}
    if months:
        start, end = start.replace(day=1), (end.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        period["text"] = f"Từ tháng {start.month} năm {start.year} đến hết tháng {end.month} năm {end.year}."
    else:
        period["text"] = f"Từ ngày {start.day}/{start.month}/{start.year} đến hết ngày {end.day}/{end.month}/{end.year}."
    review = end + dt.timedelta(days=rng.randint(5, 20))
    dossier = review + dt.timedelta(days=rng.randint(0, 15))
    doc_date = start - dt.timedelta(days=rng.randint(3, 20))
    staff = issuer["staff"]
    tasks = rng.sample(TASKS, rng.randint(3, 6))
    targets = rng.sample(TARGETS, rng.randint(2, 4))
    awards_forms = []
    for i, (template, _, col, ind, _, quota) in enumerate(forms):
        entry = {"label": LABELS[i], "name": _form_name(template, issuer)}
        if quota:
            if quota[0] and col:
                entry["quota_collective"] = rng.randint(*quota[0])
            if quota[1] and ind:
                entry["quota_individual"] = rng.randint(*quota[1])
        awards_forms.append(entry)
    plan = {
        "id": cid,
        "kind": kind,
        "title": title,
        "summary": f"{issuer['issuer']} phát động {title.removeprefix('Phát động ')}; "
                   f"tổng kết trước ngày {review.day:02d}/{review.month:02d}/{review.year}.",
        "issuer": {"name": issuer["issuer"], "parent": f"UBND tỉnh {issuer['province']}"},
        "document": {"number": f"{rng.randint(12, 980)}/KH-{issuer['abbr'] if issuer['key'] != 'vp' else 'VPUBND'}",
                     "date": doc_date, "place": issuer["seat"]},
        "legal_basis": _legal_basis(year),
        "theme": f"“{theme}”",
        "purposes": [
            f"Phát huy tinh thần đoàn kết, chủ động, sáng tạo của {staff} {issuer['sector']} tỉnh "
            f"{issuer['province']}, phấn đấu hoàn thành xuất sắc nhiệm vụ được giao năm {year}.",
            "Biểu dương, khen thưởng kịp thời tập thể, cá nhân có thành tích tiêu biểu, xuất sắc; phát hiện, "
            "nhân rộng điển hình tiên tiến.",
        ],
        "requirements": ["Phong trào thi đua được triển khai sâu rộng, thiết thực, hiệu quả; việc bình xét khen "
                         "thưởng bảo đảm công khai, minh bạch, đúng người, đúng thành tích."],
        "period": period,
        "targets": {"items": [{"label": LABELS[i], "text": t.format(pct1=rng.choice([20, 25, 30]),
                                                                      pct2=rng.choice([60, 65, 70]),
                                                                      n=rng.randint(3, 9))}
                              for i, t in enumerate(targets)]},
        "tasks": {"intro": "Để thực hiện thắng lợi các chỉ tiêu trên, các đơn vị tập trung thực hiện các nhiệm vụ, "
                           "giải pháp sau:",
                  "items": [{"label": LABELS[i], "title": t, "text": x} for i, (t, x) in enumerate(tasks)]},
        "review": {"deadline": review,
                   "text": f"Trước ngày {review.day:02d}/{review.month:02d}/{review.year}, các đơn vị tổ chức tổng "
                           "kết, bình xét và đề nghị khen thưởng tập thể, cá nhân có thành tích xuất sắc."},
        "awards": {
            "forms": awards_forms,
            "subjects": {"collective": f"Các phòng, đơn vị thuộc và trực thuộc {issuer['issuer']}.",
                         "individual": f"{staff[0].upper()}{staff[1:]} thuộc {issuer['issuer']}."},
            "criteria": {
                "collective": {"items": [{"label": "-", "text": "Hoàn thành xuất sắc nhiệm vụ được giao; nội bộ "
                                                               "đoàn kết, chấp hành tốt chủ trương, chính sách."},
                                         {"label": "-", "text": "Có phong trào thi đua thiết thực, hiệu quả."}]},
                "individual": {"items": [{"label": "-", "text": "Hoàn thành xuất sắc nhiệm vụ, là tấm gương tiêu "
                                                               "biểu trong phong trào thi đua."},
                                         {"label": "-", "text": "Có sáng kiến hoặc giải pháp được áp dụng hiệu quả."
                                          if rng.random() < 0.5 else "Có ít nhất 10 năm công tác trong ngành."}]},
            },
            "dossier": {
                "copies": 2, "copies_text": "02 bộ",
                "components": ["Tờ trình đề nghị khen thưởng của đơn vị;",
                               "Biên bản họp bình xét thi đua, khen thưởng;",
                               f"Báo cáo thành tích của tập thể, cá nhân ({_decree_form(year)})."],
                "deadline": dossier,
                "submit_to": f"{issuer['issuer']} (bộ phận thường trực Hội đồng Thi đua - Khen thưởng).",
            },
        },
        "organization": {"items": [
            {"label": "1.", "text": "Thủ trưởng các đơn vị quán triệt, triển khai kế hoạch đến toàn thể "
                                    f"{staff}; đăng ký thi đua trước ngày "
                                    f"{(start + dt.timedelta(days=20)).strftime('%d/%m/%Y')}."},
            {"label": "2.", "text": "Bộ phận thường trực Hội đồng Thi đua - Khen thưởng theo dõi, hướng dẫn, đôn "
                                    "đốc và tổng hợp kết quả."},
        ]},
        "recipients": [f"UBND tỉnh {issuer['province']}", "Hội đồng TĐKT tỉnh", "Các đơn vị thuộc và trực thuộc",
                       "Lưu: VT."],
        "signer": ({"on_behalf": "KT. GIÁM ĐỐC", "title": "PHÓ GIÁM ĐỐC", "name": signer}
                   if issuer["key"] != "vp" and rng.random() < 0.4 else
                   {"title": "CHÁNH VĂN PHÒNG" if issuer["key"] == "vp" else "GIÁM ĐỐC", "name": signer}),
    }
    if kind == "dac-biet" and rng.random() < 0.5:
        plan["review"]["ceremony"] = "Tổ chức biểu dương, khen thưởng vào dịp kỷ niệm."
        plan["review"]["ceremony_date"] = dossier + dt.timedelta(days=rng.randint(20, 40))
    # Written as a plan of the usual order (I. Mục đích, yêu cầu … V. Tổ chức thực hiện), as one tree.
    return migrate.convert(plan), {"dossier": dossier, "year": year}


# --- honorees ---------------------------------------------------------------------------------

def _honorees_yaml(entries: list[tuple], decisions: list[dict]) -> str:
    """The honorees file, written line by line (the bulk of the archive)."""
    q = _quoted
    out = ["# Dữ liệu tham chiếu tổng hợp (scripts/thidua/refdata.py): không phải người thật.",
           "example: true", "decisions:"]
    for d in decisions:
        out += [f"- number: {q(d['number'])}", f"  date: {d['date'].isoformat()}", f"  signer: {q(d['signer'])}",
                f"  title: {q(d['title'])}"]
    out.append("honorees:")
    for kind, name, honorific, position, unit, award, decision, citation in entries:
        out.append(f"- type: {kind}")
        out.append(f"  name: {q(name)}")
        if honorific:
            out.append(f"  honorific: {honorific}")
        if position:
            out.append(f"  position: {q(position)}")
        if unit:
            out.append(f"  unit: {q(unit)}")
        out.append(f"  award: {q(award)}")
        out.append(f"  decision: {q(decision)}")
        if citation:
            out.append(f"  citation: {q(citation)}")
    return "\n".join(out) + "\n"


_quote_cache: dict[str, str] = {}
_fold_cache: dict[str, str] = {}


def _folded(name: str) -> str:
    """The validator's duplicate key folds accents: Hùng and Hưng in one unit count as one person."""
    folded = _fold_cache.get(name)
    if folded is None:
        from thidua.text import match_key
        folded = _fold_cache[name] = match_key(name)
    return folded



def _quoted(text: str) -> str:
    cached = _quote_cache.get(text)
    if cached is None:
        cached = scalar(text)
        if len(_quote_cache) < 200_000:
            _quote_cache[text] = cached
    return cached


def _counts(rng: random.Random, honorees: int, campaigns: int) -> list[int]:
    """Honorees per campaign: tens to hundreds, skewed like real lists, summing exactly."""
    weights = [min(5.0, max(0.15, rng.lognormvariate(0.0, 0.75))) for _ in range(campaigns)]
    base = 1 if honorees >= campaigns else 0
    rest = honorees - base * campaigns
    total = sum(weights)
    shares = [rest * w / total for w in weights]
    counts = [base + int(s) for s in shares]
    left = honorees - sum(counts)
    by_remainder = sorted(range(campaigns), key=lambda i: (-(shares[i] - int(shares[i])), i))
    for i in by_remainder[:left]:
        counts[i] += 1
    return counts


def _campaign_honorees(rng: random.Random, issuer: dict, forms: list[dict], count: int, year: int,
                       decisions_by_form: dict[str, str]) -> tuple[list[tuple], int]:
    """(entries, collectives) for one campaign; no person+unit+award or collective+award twice."""
    names = [f["name"] for f in forms]
    caps = [[f.get("quota_collective"), f.get("quota_individual")] for f in forms]
    col_forms = [i for i, f in enumerate(forms) if f["_col"]]
    ind_forms = [i for i, f in enumerate(forms) if f["_ind"]]
    col_choice = _Choice([(i, forms[i]["_weight"]) for i in col_forms])
    ind_choice = _Choice([(i, forms[i]["_weight"]) for i in ind_forms])
    units = issuer["units"]
    collectives_pool = [(u, "") for u, _ in units] + [
        (f"{g}, {u}", u) for u, kind in units for g in SUBGROUPS.get(kind, ())]
    seen: set = set()
    entries: list[tuple] = []
    collectives = 0
    col_slots = len(collectives_pool) * len(col_forms)
    for _ in range(count):
        if rng.random() < 0.10 and collectives < col_slots // 2:
            picked = None
            for _attempt in range(50):
                form = col_choice(rng)
                if caps[form][0] is not None and caps[form][0] <= 0:
                    continue
                name, unit = collectives_pool[rng.randrange(len(collectives_pool))]
                if ("c", _folded(name), form) not in seen:
                    picked = form, name, unit
                    break
            if picked is not None:
                form, name, unit = picked
                seen.add(("c", _folded(name), form))
                if caps[form][0] is not None:
                    caps[form][0] -= 1
                collectives += 1
                citation = rng.choice(CITATIONS).format(y=year, p=year - 1) if rng.random() < 0.6 else ""
                entries.append((form, ("tap-the", name, "", "", unit, names[form], decisions_by_form[names[form]],
                                       citation)))
                continue
        while True:
            form = ind_choice(rng)
            if caps[form][1] is None or caps[form][1] > 0:
                break
        unit, unit_kind = units[rng.randrange(len(units))]
        while True:
            name, female = person(rng)
            key = ("p", _folded(name), unit, form)
            if key not in seen:
                break
        seen.add(key)
        if caps[form][1] is not None:
            caps[form][1] -= 1
        honorific = ("Bà" if female else "Ông") if rng.random() < 0.8 else ""
        position = _POSITIONS[unit_kind](rng)
        citation = rng.choice(CITATIONS).format(y=year, p=year - 1) if rng.random() < 0.6 else ""
        entries.append((form, ("ca-nhan", name, honorific, position, unit, names[form], decisions_by_form[names[form]],
                               citation)))
    entries.sort(key=lambda e: e[0])  # as a decision lists them: by award form, stable within one
    return [e for _, e in entries], collectives


# --- the archive ------------------------------------------------------------------------------

def generate_archive(root: Path, honorees: int, seed: int, campaigns: int | None = None) -> dict:
    """Write the reference archive under root/campaigns (replacing an earlier one) and the site
    configuration beside it; return counts of what was written."""
    root = Path(root)
    if root.resolve() == REPO.resolve():
        raise ValueError("refusing to generate the reference archive into the repository itself")
    campaigns = max(3, honorees // 100) if campaigns is None else campaigns
    if campaigns < 1 or honorees < 0:
        raise ValueError("need at least one campaign and a non-negative number of honorees")
    target = root / "campaigns"
    if target.exists():
        if not (root / MARKER).exists() and any(target.iterdir()):
            raise ValueError(f"{target} exists and was not written by refdata; refusing to replace it")
        shutil.rmtree(target)
    target.mkdir(parents=True)
    copy_site_config(root)

    rng = random.Random(seed)
    bodies = issuers(rng)
    # One signer per issuing body and five-year term.
    signers = {(b["issuer"], term): person(rng)[0] for b in bodies for term in range(FIRST_YEAR, LAST_YEAR + 1, 5)}
    counts = _counts(rng, honorees, campaigns)
    width = max(4, len(str(campaigns)))
    years = LAST_YEAR - FIRST_YEAR + 1
    stats = {"honorees": 0, "individuals": 0, "collectives": 0, "decisions": 0, "files": 0, "bytes": 0}
    units_used: set[str] = set()
    family_nguyen = 0
    for i in range(campaigns):
        year = FIRST_YEAR + (i * years) // campaigns
        issuer = bodies[rng.randrange(len(bodies))]
        cid = f"{year}-{issuer['key']}-{_slug_ascii(issuer['province'])}-{i + 1:0{width}d}"
        forms = choose_forms(rng)
        signer = signers[(issuer["issuer"], FIRST_YEAR + (year - FIRST_YEAR) // 5 * 5)]
        plan, facts = _plan(rng, issuer, cid, year, forms, signer)
        form_meta = []
        for entry, (_, authority, col, ind, weight, _) in zip(plan["facts"]["awards"], forms):
            form_meta.append({**entry, "_authority": authority, "_col": col, "_ind": ind, "_weight": weight})
        # One decision per authority, lower authorities decide first.
        decisions: list[dict] = []
        by_authority: dict[str, dict] = {}
        for authority in ("so", "ubnd", "bo", "ttg"):
            mine = [f["name"] for f in form_meta if f["_authority"] == authority]
            if not mine:
                continue
            signer_title, suffix = _authority(authority, issuer)
            when = facts["dossier"] + dt.timedelta(days=10 + 12 * len(decisions) + rng.randint(0, 20))
            if len(mine) == 1 and mine[0].startswith(("Bằng khen", "Giấy khen", "Cờ thi đua")):
                title = f"Về việc tặng {mine[0]} cho tập thể, cá nhân có thành tích xuất sắc"
            else:
                title = f"Về việc khen thưởng tập thể, cá nhân có thành tích xuất sắc trong phong trào thi đua năm {year}"
            decision = {"number": f"{rng.randint(15, 3999)}/{suffix}", "date": when, "signer": signer_title,
                        "title": title}
            decisions.append(decision)
            by_authority[authority] = decision
        decisions_by_form = {f["name"]: by_authority[f["_authority"]]["number"] for f in form_meta}
        folder = target / cid
        folder.mkdir()
        text = dump(plan, "# Dữ liệu tham chiếu tổng hợp (scripts/thidua/refdata.py): không phải văn bản thật.")
        stats["bytes"] += _write(folder / "campaign.yml", text)
        stats["files"] += 1
        if counts[i]:
            entries, collectives = _campaign_honorees(rng, issuer, form_meta, counts[i], year, decisions_by_form)
            text = _honorees_yaml(entries, decisions)
            stats["bytes"] += _write(folder / "honorees.yml", text)
            stats["files"] += 1
            stats["honorees"] += len(entries)
            stats["collectives"] += collectives
            stats["individuals"] += len(entries) - collectives
            stats["decisions"] += len(decisions)
            for e in entries:
                units_used.add(e[4] or e[1])
                if e[0] == "ca-nhan" and e[1].startswith("Nguyễn "):
                    family_nguyen += 1
    _quote_cache.clear()
    _fold_cache.clear()
    stats.update(campaigns=campaigns, issuers=len({b["issuer"] for b in bodies}),
                 units=len({u for b in bodies for u, _ in b["units"]}), units_used=len(units_used),
                 years=min(campaigns, years), seed=seed,
                 nguyen_share=round(family_nguyen / stats["individuals"], 4) if stats["individuals"] else 0.0)
    (root / MARKER).write_text(json.dumps({"version": VERSION, "honorees": honorees, "seed": seed,
                                           "campaigns": campaigns, "counts": stats}, ensure_ascii=False,
                                          sort_keys=True) + "\n", encoding="utf-8")
    return stats


def _write(path: Path, text: str) -> int:
    data = text.encode("utf-8")
    path.write_bytes(data)
    return len(data)


def _slug_ascii(text: str) -> str:
    from thidua.text import slug
    return slug(text)


def copy_site_config(root: Path) -> None:
    """mkdocs.yml, content/ and overrides/ from the repository, so root/mkdocs.yml builds the site.

    Hook scripts stay in the repository: their paths are made absolute in the copied config.
    """
    for name in ("content", "overrides"):
        shutil.rmtree(root / name, ignore_errors=True)
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, root / name)
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    lines, in_hooks = [], False
    for line in text.splitlines(keepends=True):
        if re.match(r"^hooks:\s*$", line):
            in_hooks = True
        elif in_hooks and re.match(r"^\S", line):
            in_hooks = False
        elif in_hooks:
            m = re.match(r"^(\s*-\s*)(\S.*?)(\s*)$", line)
            if m and not Path(m.group(2)).is_absolute() and (REPO / m.group(2)).is_file():
                line = f"{m.group(1)}{(REPO / m.group(2)).as_posix()}{m.group(3)}"
        lines.append(line)
    (root / "mkdocs.yml").write_text("".join(lines), encoding="utf-8")


def reusable(root: Path, honorees: int, seed: int, campaigns: int | None = None) -> dict | None:
    """The counts of an archive generated earlier with the same parameters, if it is still there."""
    try:
        info = json.loads((Path(root) / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    campaigns = max(3, honorees // 100) if campaigns is None else campaigns
    if (info.get("version"), info.get("honorees"), info.get("seed"), info.get("campaigns")) != \
            (VERSION, honorees, seed, campaigns) or not (Path(root) / "campaigns").is_dir():
        return None
    return info.get("counts")
