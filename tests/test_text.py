from thidua.awards import precedence
from thidua.text import clean, fold, initial_letter, nfc, person_key, slug, vi_key


def test_fold_handles_d_with_stroke_and_nfd():
    assert fold("Đặng Văn Đức") == "dang van duc"
    decomposed = "Nguye\u0302\u0303n"
    assert fold(decomposed) == "nguyen"
    assert nfc(decomposed) == "Nguyễn"


def test_slug_rule():
    assert slug("Đặng Văn Đức") == "dang-van-duc"
    assert slug("  Phòng Tổ chức - Biên chế, Sở Nội vụ ") == "phong-to-chuc-bien-che-so-noi-vu"


def test_slug_and_fold_agree_on_any_white_space_and_decomposed_text():
    for text in ("Nguye\u0302\u0303n\tVăn\u00a0An", " \u3000Nguyễn  Văn An\n", "Nguyễn Văn An"):
        assert slug(text) == "nguyen-van-an"
        assert fold(text) == "nguyen van an"


def test_clean_folds_every_kind_of_white_space_and_keeps_a_clean_text_as_is():
    assert clean("Nguyễn\u00a0Văn\t An\u2028") == "Nguyễn Văn An"
    assert clean(" Nguyễn  Văn An") == "Nguyễn Văn An"
    assert clean("Nguye\u0302\u0303n Văn An") == "Nguyễn Văn An"
    assert clean("Nguyễn Văn An") == "Nguyễn Văn An"


def test_vietnamese_alphabet_order():
    words = ["Đào", "Dung", "Ân", "Ăn", "An", "Ơn", "Ôn", "On", "Ưng", "Uyên", "Bình"]
    assert sorted(words, key=vi_key) == ["An", "Ăn", "Ân", "Bình", "Dung", "Đào", "On", "Ôn", "Ơn", "Uyên", "Ưng"]


def test_tone_order_none_huyen_hoi_nga_sac_nang():
    words = ["má", "mạ", "mà", "mã", "mả", "ma"]
    assert sorted(words, key=vi_key) == ["ma", "mà", "mả", "mã", "má", "mạ"]


def test_people_sort_by_given_name_first():
    names = ["Nguyễn Văn Bình", "Trần Thị An", "Lê Văn An", "Đỗ Thị Đào", "Phạm Minh Dũng"]
    assert sorted(names, key=person_key) == [
        "Lê Văn An", "Trần Thị An", "Nguyễn Văn Bình", "Phạm Minh Dũng", "Đỗ Thị Đào"]
    assert initial_letter("Đỗ Thị Đào", person=True) == "Đ"
    assert initial_letter("Phòng Nội vụ", person=False) == "P"


def test_award_precedence_highest_first():
    forms = ["Giấy khen của Giám đốc Sở Nội vụ", "Lao động tiên tiến", "Bằng khen của Thủ tướng Chính phủ",
             "Huân chương Lao động hạng Ba", "Bằng khen của Bộ trưởng Bộ Nội vụ", "Cờ thi đua của UBND tỉnh",
             "Bằng khen của Chủ tịch UBND tỉnh", "Chiến sĩ thi đua cơ sở"]
    ranked = sorted(forms, key=precedence)
    assert ranked == ["Huân chương Lao động hạng Ba", "Bằng khen của Thủ tướng Chính phủ",
                      "Bằng khen của Bộ trưởng Bộ Nội vụ", "Bằng khen của Chủ tịch UBND tỉnh",
                      "Cờ thi đua của UBND tỉnh", "Giấy khen của Giám đốc Sở Nội vụ", "Chiến sĩ thi đua cơ sở",
                      "Lao động tiên tiến"]


def test_precedence_reads_whole_words():
    assert precedence("Chiến sĩ thi đua cơ sở (ngành Nội vụ)") == precedence("Chiến sĩ thi đua cấp cơ sở") == 70
    assert precedence("Chiến sĩ thi đua cấp tỉnh") < precedence("Giấy khen của Giám đốc Sở")
    assert precedence("Tập thể lao động tiên tiến") > precedence("Lao động tiên tiến")


def test_formal_dates_and_months_as_plans_write_them():
    import datetime as dt

    from thidua.text import date_formal, date_vn, month_vn
    assert date_formal(dt.date(2024, 7, 15)) == "ngày 15 tháng 7 năm 2024"
    assert date_formal(dt.date(2025, 2, 5)) == "ngày 05 tháng 02 năm 2025"
    assert month_vn(dt.date(2024, 7, 1)) == "tháng 7/2024"
    assert date_vn(dt.date(2025, 8, 5)) == "05/08/2025"


def test_a_long_title_is_shortened_before_a_clause_never_inside_a_phrase():
    from thidua.text import shorten
    title = ("Kế hoạch tổ chức phong trào thi đua đặc biệt lập thành tích chào mừng Kỷ niệm 80 năm Ngày thành lập "
             "ngành Tổ chức Nhà nước (28/8/1945 - 28/8/2025)")
    assert shorten(title) == "Kế hoạch tổ chức phong trào thi đua đặc biệt lập thành tích…"
    assert shorten("Phong trào thi đua thực hiện thắng lợi các nhiệm vụ phát triển kinh tế - xã hội năm 2024 của ngành "
                   "Giáo dục và Đào tạo tỉnh Cao Bằng") == \
        "Phong trào thi đua thực hiện thắng lợi các nhiệm vụ phát triển kinh tế - xã hội…"
    assert shorten("Thi đua ngắn") == "Thi đua ngắn"
    no_break = " ".join(["Thiđua"] * 20)
    assert shorten(no_break).endswith("Thiđua…") and len(shorten(no_break)) <= 90


def test_numbers_are_written_with_dots_between_thousands():
    from thidua.wording import honours, number_vn
    assert number_vn(100000) == "100.000" and number_vn(999) == "999" and number_vn(1234567) == "1.234.567"
    assert honours(22999) == "22.999 lượt khen thưởng"
