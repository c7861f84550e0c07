"""Legacy Vietnamese encodings: TCVN3 (ABC) and VNI-Windows, as cp1252 shows them."""
from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thidua import legacy
from thidua.legacy import TCVN3, VNI, convert, detect, encode, is_vietnamese_syllable, plausible

VOWELS = "aăâeêioôơuưy"
TONES = ["", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"]
ALL_VOWELS = [unicodedata.normalize("NFC", v + t) for v in VOWELS for t in TONES]

NAMES = [
    "Nguyễn Văn An", "Trần Thị Bình", "Lê Thị Hồng Nhung", "Phạm Quốc Tuấn", "Hoàng Văn Đức", "Đặng Thị Ánh Tuyết",
    "Vũ Đình Khoa", "Võ Thị Sáu", "Bùi Xuân Phái", "Đỗ Thị Ẩn", "Hồ Sỹ Dũng", "Ngô Bảo Châu", "Dương Thị Thúy",
    "Lý Thường Kiệt", "Đinh Tiên Hoàng", "Lương Văn Chánh", "Trịnh Công Sơn", "Khuất Duy Tiến", "Lường Văn Pỉnh",
    "Nông Thị Hường", "Ưng Hoàng Phúc", "Lục Văn Quyết", "Triệu Thị Yến", "Kiều Thị Ngọc Diễm", "Quách Tuấn Khanh",
    "Phó Giám đốc Sở Nội vụ", "Chuyên viên Phòng Tổ chức biên chế", "Trưởng phòng Thi đua - Khen thưởng",
    "Sở Nội vụ tỉnh Lạng Sơn", "Văn phòng Ủy ban nhân dân tỉnh", "Trường Trung học phổ thông Việt Bắc",
    "Bệnh viện Đa khoa tỉnh", "Hoàn thành xuất sắc nhiệm vụ được giao năm 2024",
    "Giấy khen của Giám đốc Sở Nội vụ", "Bằng khen của Chủ tịch UBND tỉnh", "Chiến sĩ thi đua cơ sở",
    "Cờ thi đua của Bộ trưởng", "Huân chương Lao động hạng Ba", "Khuyến khích nghiên cứu khoa học",
    "Quyết định về việc khen thưởng thành tích xuất sắc", "Ngữ văn, lịch sử, địa lý, giáo dục công dân",
]
UPPER = ["NGUYỄN VĂN ĐỨC", "TRẦN THỊ ẤN", "PHÒNG TỔ CHỨC BIÊN CHẾ", "SỞ NỘI VỤ", "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN",
         "DANH SÁCH CÁ NHÂN, TẬP THỂ ĐƯỢC KHEN THƯỞNG", "LƯƠNG THỊ ƯỚC", "HỒ THỊ YẾN", "Ỷ LẠI"]
LATIN1 = ["José", "José María Núñez", "Müller", "Loïc", "Raúl", "João", "François Noël", "Zoë Chloé", "Anaïs Gaëlle",
          "Søren", "Björn Åström", "Raphaël", "Citroën", "Bogotá", "Côte d'Ivoire", "Thérèse", "Nuñez", "Guðrún"]
# TCVN3 cannot say that a toned vowel is a capital (see the module docstring).
TCVN3_CASE_LOST = {"Văn phòng Ủy ban nhân dân tỉnh": "Văn phòng ủy ban nhân dân tỉnh"}
UNICODE_VI = NAMES + UPPER + ["Lê", "Võ Lê", "Tô Mô", "Hà Lê", "Lê Hà", "Tô Hà", "Phó", "Hồ", "Vũ", "Ông Bà"]


# --- the tables, checked against known legacy text -------------------------------------------

@pytest.mark.parametrize("legacy_text, unicode_text", [
    ("NguyÔn V¨n A", "Nguyễn Văn A"),
    ("B¶o Th¾ng", "Bảo Thắng"),
    ("M\u00adêng Kh\u00ad¬ng", "Mường Khương"),
    ("Ninh B×nh", "Ninh Bình"),
    ("B¸t X¸t", "Bát Xát"),
    ("Phßng Tæ chøc c¸n bé", "Phòng Tổ chức cán bộ"),
    ("Tr\u00adêng §¹i häc", "Trường Đại học"),
    ("¡ ¢ £ ¤ ¥ ¦ §", "Ă Â Ê Ô Ơ Ư Đ"),
    ("¨ © ª « ¬ \u00ad ®", "ă â ê ô ơ ư đ"),
    ("µ¶·¸¹", "àảãáạ"), ("»¼½¾Æ", "ằẳẵắặ"), ("ÇÈÉÊË", "ầẩẫấậ"), ("ÌÎÏÐÑ", "èẻẽéẹ"), ("ÒÓÔÕÖ", "ềểễếệ"),
    ("×ØÜÝÞ", "ìỉĩíị"), ("ßáâãä", "òỏõóọ"), ("åæçèé", "ồổỗốộ"), ("êëìíî", "ờởỡớợ"), ("ïñòóô", "ùủũúụ"),
    ("õö÷øù", "ừửữứự"), ("úûüýþ", "ỳỷỹýỵ"),
])
def test_tcvn3_table(legacy_text, unicode_text):
    assert convert(legacy_text, TCVN3) == unicode_text


@pytest.mark.parametrize("legacy_text, unicode_text", [
    ("Nguyeãn Vaên A", "Nguyễn Văn A"),
    ("Xin chaøo caùc baïn", "Xin chào các bạn"),
    ("Sôû Noäi vuï", "Sở Nội vụ"),
    ("Tröôûng phoøng", "Trưởng phòng"),
    ("aù aø aû aõ aï", "á à ả ã ạ"),
    ("aâ aá aà aå aã aä", "â ấ ầ ẩ ẫ ậ"),
    ("aê aé aè aú aü aë", "ă ắ ằ ẳ ẵ ặ"),
    ("í ì æ ó ò", "í ì ỉ ĩ ị"),
    ("yù yø yû yõ î", "ý ỳ ỷ ỹ ỵ"),
    ("ô ôù ö öï ñ Ñ", "ơ ớ ư ự đ Đ"),
    ("AÙ AÂ AÊ OÂ EÃ UÏ Ô Ö Í Î", "Á Â Ă Ô Ễ Ụ Ơ Ư Í Ỵ"),
    ("Aù", "Á"),  # a capital base with a lower-case mark: the base decides the case
])
def test_vni_table(legacy_text, unicode_text):
    assert convert(legacy_text, VNI) == unicode_text


# --- round trips -------------------------------------------------------------------------------

@pytest.mark.parametrize("encoding", [TCVN3, VNI])
@pytest.mark.parametrize("vowel", ALL_VOWELS)
def test_every_vowel_and_tone_round_trips(encoding, vowel):
    for word in (vowel, "đ" + vowel, "Đ" + vowel, "ngh" + vowel + "ng"):
        assert convert(encode(word, encoding), encoding) == word


@pytest.mark.parametrize("vowel", ALL_VOWELS)
def test_vni_capitals_round_trip(vowel):
    for word in (vowel.upper(), "Đ" + vowel.upper(), "NGH" + vowel.upper() + "NG"):
        assert convert(encode(word, VNI), VNI) == word


@pytest.mark.parametrize("encoding", [TCVN3, VNI])
@pytest.mark.parametrize("text", NAMES + UPPER)
def test_names_round_trip_and_are_detected(encoding, text):
    legacy_text = encode(text, encoding)
    assert legacy_text != text
    assert detect(legacy_text) == encoding
    expected = TCVN3_CASE_LOST.get(text, text) if encoding == TCVN3 else text
    assert convert(legacy_text, encoding) == expected


def test_tcvn3_capital_with_tone_is_guessed_from_the_name_around_it():
    # VN3 has no code for Á: the byte is the one for á. In a name, every word is capitalised.
    assert encode("Đặng Thị Ánh", TCVN3) == "§Æng ThÞ ¸nh"
    assert convert("§Æng ThÞ ¸nh", TCVN3) == "Đặng Thị Ánh"
    assert convert("Ph¹m ¸nh", TCVN3) == "Phạm Ánh"


def test_tcvn3_limit_sentence_start_capital_is_lost():
    # Documented limit: outside names and all-capital text, the case of a toned capital is unknown.
    assert convert(encode("Ủy ban nhân dân tỉnh", TCVN3), TCVN3) == "ủy ban nhân dân tỉnh"


def test_tcvn3_single_capital_word_follows_the_rest_of_the_text():
    assert convert("Vò V¡N AN", TCVN3) == "VŨ VĂN AN"
    assert convert("Vò V¨n An", TCVN3) == "Vũ Văn An"


def test_convert_gives_nfc():
    for encoding in (TCVN3, VNI):
        out = convert(encode("Nguyễn Thị Hồng Nhung", encoding), encoding)
        assert out == unicodedata.normalize("NFC", out)


def test_unknown_encoding_is_refused():
    with pytest.raises(ValueError):
        convert("abc", "VISCII")
    with pytest.raises(ValueError):
        encode("abc", "VISCII")


# --- detection -------------------------------------------------------------------------------

@pytest.mark.parametrize("text", UNICODE_VI)
def test_unicode_vietnamese_is_never_flagged(text):
    assert detect(text) is None
    assert detect(unicodedata.normalize("NFD", text)) is None


@pytest.mark.parametrize("text", LATIN1 + ["", "Nguyen Van A", "UBND tinh Lang Son", "123/QĐ-UBND", "15/08/2025",
                                           "Phòng 1, Sở Nội vụ", "Ông", "Bà"])
def test_ascii_and_latin1_names_are_never_flagged(text):
    assert detect(text) is None


def test_short_text_is_judged_only_beside_other_legacy_text():
    assert detect("Phã") is None          # "Phó" in TCVN3, also a valid Unicode syllable
    assert plausible("Phã", TCVN3)
    assert detect("Phoù") is None         # "Phó" in VNI, also French "où"
    assert plausible("Phoù", VNI)
    assert not plausible("José", TCVN3) and not plausible("José", VNI)
    assert not plausible("Nguyễn", TCVN3)


def test_weak_tcvn3_letters_only_are_detected_when_unicode_reading_is_not_vietnamese():
    assert detect("Vâ Thóy") == TCVN3   # Võ Thúy
    assert convert("Vâ Thóy", TCVN3) == "Võ Thúy"


def test_long_legacy_text_with_a_typo_is_still_detected():
    citation = encode("Hoàn thành xuất sắc nhiệm vụ được giao trong công tác tổ chức cán bộ năm 2024", TCVN3)
    assert detect(citation + " Þx") == TCVN3


@pytest.mark.parametrize("word, valid", [
    ("nguyễn", True), ("Trường", True), ("khuya", True), ("quốc", True), ("giữa", True), ("nghiêng", True),
    ("boong", True), ("khuỷu", True), ("rẳl", False), ("jỗo", False), ("lọc", True), ("lộc", True),
    ("lồc", False), ("thóy", False), ("bb", False), ("", False), ("nguyeãn", False),
])
def test_syllable_check(word, valid):
    assert is_vietnamese_syllable(word) is valid


# --- properties -----------------------------------------------------------------------------

SYLLABLES = st.sampled_from([w for text in NAMES for w in text.lower().replace(",", "").split() if w.isalpha()])


@settings(max_examples=200, deadline=None)
@given(st.lists(SYLLABLES, min_size=1, max_size=8))
def test_any_lower_case_vietnamese_round_trips(words):
    text = " ".join(words)
    assert detect(text) is None
    for encoding in (TCVN3, VNI):
        assert convert(encode(text, encoding), encoding) == text


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=0x24F), max_size=30))
def test_detect_never_crashes_and_answers_a_known_value(text):
    assert detect(text) in (None, TCVN3, VNI)
    for encoding in legacy.ENCODINGS:
        convert(text, encoding)
