"""Rules that look across fields and records: dates in order, awards offered, no duplicates,
safe attachments. Each returns problems; none raises.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from . import plan
from .model import AwardForm, Campaign, Decision, Honoree, Node
from .problems import Problem
from .text import has_letters, match_key, slug

ATTACHMENT_TYPES = {".pdf", ".png", ".jpg", ".jpeg", ".webp", ".doc", ".docx", ".xls", ".xlsx", ".odt", ".ods"}
ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024

Marks = dict[str, tuple[int, int]]

# Anchors the campaign page uses for its own sections (templates/campaign.html), and the prefix of
# its award-group anchors: an honoree's id must not take one of them.
PAGE_ANCHORS = frozenset({"thong-tin-chinh", "moc-thoi-gian", "van-ban", "danh-sach-khen-thuong", "tai-ve",
                          "tep-dinh-kem"})
# Prefixes of generated anchors: award groups (views.honoree_groups) and the plan's parts (plan.py).
ANCHOR_PREFIXES = ("ht-", plan.ANCHOR_PREFIX)
# Ids the site's theme gives elements of its pages (overrides/, templates/): the search boxes and
# the home and list pages' sections. An honoree's anchor equal to one would jump there instead
# (tests/test_text_hardening.py checks this list against the templates).
THEME_IDS = frozenset({"portal-q", "home-q", "nf-q", "__skip", "search-app", "search-form", "search-q", "dang-thi-dua",
                       "moc-sap-toi", "moi-khen-thuong", "phong-trao-moi", "ca-nhan-tap-the", "don-vi-duoc-khen",
                       "noi-dung"})
THEME_ID_PREFIXES = ("tt-", "chu-")


_RESERVED_PREFIXES = ANCHOR_PREFIXES + THEME_ID_PREFIXES


def reserved_anchor(anchor: str) -> bool:
    """True when an anchor is taken by the page itself: its parts, award groups or the theme."""
    return anchor in PAGE_ANCHORS or anchor in THEME_IDS or anchor.startswith(_RESERVED_PREFIXES)


class _Reporter:
    def __init__(self, file: str, marks: Marks):
        self.file, self.marks, self.problems = file, marks, []

    def __call__(self, field: str, message: str, severity: str = "error") -> None:
        line, column = self._where(field)
        self.problems.append(Problem(self.file, line, column, field, message, severity))

    def _where(self, field: str) -> tuple[int, int]:
        """The field's place, else its nearest enclosing field's ('a.b[3].c' -> 'a.b[3]' -> 'a.b')."""
        while field:
            found = self.marks.get(field)
            if found:
                return found
            field = re.sub(r"(?:\.[^.\[]*|\[\d+\])$", "", field)
        return (0, 0)


def check_campaign(campaign: Campaign, folder: Path, file: str, marks: Marks) -> list[Problem]:
    report = _Reporter(file, marks)
    if campaign.id != folder.name:
        report("id", f"Mã phong trào '{campaign.id}' phải trùng tên thư mục '{folder.name}'.")
    if campaign.id.isdigit():  # phong-trao/<n>/ is page n of the campaign list
        report("id", f"Mã phong trào '{campaign.id}' chỉ gồm chữ số, trùng với địa chỉ một trang của danh sách "
                     f"phong trào. Hãy thêm chữ, ví dụ 'thi-dua-{campaign.id}' (và đổi tên thư mục theo).")
    _check_dates(campaign, report)
    _check_body(campaign.body, "body", report)
    ids = plan.ids(campaign.body)
    seen: dict[str, int] = {}
    for i, form in enumerate(campaign.award_forms, start=1):
        key = match_key(form.name)
        if key in seen:
            report(f"facts.awards[{i}].name", f"Hình thức '{form.name}' đã có ở mục {seen[key]}.")
        seen.setdefault(key, i)
        if form.criteria and form.criteria not in ids:
            known = ", ".join(sorted(ids)) or "chưa mục nào có id"
            report(f"facts.awards[{i}].criteria", f"Không có mục nào trong body có id '{form.criteria}' "
                                                  f"(các id đang có: {known}). Thêm 'id: {form.criteria}' vào mục "
                                                  "ghi tiêu chuẩn của hình thức này, hoặc bỏ trường criteria.")
    for i, attachment in enumerate(campaign.attachments, start=1):
        message = _attachment_problem(folder, attachment.file)
        if message:
            report(f"attachments[{i}].file", message)
        else:
            attachment.size = (folder / attachment.file).stat().st_size
    return report.problems


def _check_dates(campaign: Campaign, report: _Reporter) -> None:
    period = campaign.period
    if period.start and period.end < period.start:
        report("facts.period.end", f"Thời gian thi đua kết thúc ({period.end:%d/%m/%Y}) trước khi bắt đầu "
                                   f"({period.start:%d/%m/%Y}).")
    for i, deadline in enumerate(campaign.deadlines, start=1):
        field = f"facts.deadlines[{i}]"
        if deadline.kind == "other" and not deadline.title:
            report(f"{field}.title", "Mốc loại 'other' cần 'title' nói mốc đó là gì.")
        if deadline.kind == "review" and period.start and deadline.date < period.start:
            report(f"{field}.date", f"Hạn tổng kết ({deadline.date:%d/%m/%Y}) trước ngày bắt đầu thi đua "
                                    f"({period.start:%d/%m/%Y}).")


def _check_body(nodes: list[Node], field: str, report: _Reporter) -> None:
    """Every part of the plan says something: a heading, a text or a table."""
    for i, node in enumerate(nodes, start=1):
        here = f"{field}[{i}]"
        if not (node.heading or node.text or node.table):
            what = f"Mục '{node.label}'" if node.label else "Phần này"
            report(here, f"{what} không có tiêu đề (heading), nội dung (text) hay bảng (table); "
                         "hãy điền nội dung như văn bản, hoặc xóa phần này.")
        if node.table:
            widths = {len(r) for r in node.table.rows} | ({len(node.table.header)} if node.table.header else set())
            if len(widths) > 1:
                report(f"{here}.table", f"Các dòng của bảng có số ô khác nhau ({', '.join(map(str, sorted(widths)))}); "
                                        "mỗi dòng cần đủ số ô như dòng tiêu đề.", "warning")
        _check_body(node.body, f"{here}.body", report)


def _attachment_problem(folder: Path, name: str) -> str | None:
    path = folder / name
    if name.startswith("/") or ".." in Path(name).parts:
        return f"Tệp đính kèm '{name}' phải nằm trong thư mục phong trào (không dùng '..' hay đường dẫn tuyệt đối)."
    if any(p.is_symlink() for p in [path, *path.parents[:len(Path(name).parts) - 1]]):
        return f"Tệp đính kèm '{name}' là liên kết tượng trưng (symlink); hãy chép tệp thật vào thư mục."
    if path.is_dir():
        return (f"'{name}' là một thư mục, không phải tệp; hãy ghi đường dẫn tới chính tệp cần đính kèm, ví dụ "
                f"'{name.rstrip('/')}/ke-hoach.pdf'.")
    if not path.is_file():
        return f"Không tìm thấy tệp đính kèm '{name}' trong thư mục phong trào."
    if path.suffix.lower() not in ATTACHMENT_TYPES:
        return (f"Loại tệp '{path.suffix}' không được phép; chỉ nhận PDF, ảnh và tài liệu văn phòng "
                f"({', '.join(sorted(ATTACHMENT_TYPES))}).")
    if path.stat().st_size > ATTACHMENT_MAX_BYTES:
        return f"Tệp đính kèm '{name}' lớn hơn {ATTACHMENT_MAX_BYTES // (1024 * 1024)} MB."
    return None


# --- personal data inside public texts ------------------------------------------------------
# Texts are matched in NFKC form, so full-width characters (＠, ０９１２) count as the usual ones.

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_ID_WORDS = re.compile(r"(?i)\b(?:cccd|cmnd|cmtnd|căn cước(?: công dân)?|chứng minh (?:nhân dân|thư)|định danh"
                       r"(?: cá nhân)?)\s*(?:số|là)?\s*:?\s*\d(?:[\d.-]|\s(?=\d))*")
# A date or a year after a birth word: "Ngày sinh: 12/03/1985", "sinh năm 1985", "năm sinh 1985".
_WHEN = r"(?:\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{2,4}|\d{1,2}\s+tháng\s+\d{1,2}(?:\s+năm\s+\d{4})?|(?:19|20)\d{2}\b)"
_BIRTH_VALUE = rf"\s*(?::\s*{_WHEN}?|(?:là\s*)?{_WHEN})"
_BIRTH = re.compile(r"(?i)\b(?:ngày\s+(?:tháng\s+)?(?:năm\s+)?sinh|năm\s+sinh|sinh\s+(?:ngày|năm))" + _BIRTH_VALUE)
# Words that make a compound with "sinh" ("học sinh năm 2024" is about pupils, not a birth year).
_SINH_COMPOUNDS = frozenset({"học", "vệ", "hy", "phát", "nảy", "sản", "thí", "giáng", "tái", "sơ", "song", "ký",
                             "thư", "nho", "cứu", "tân", "hồi", "dân", "giáo"})
# A run of digits in groups: "0912 345 678", "001.085.012.345", "(+84) 912-345-678", "024 3825 1234".
# Digits next to a letter or a '/' are part of a decision number or a date (321/QĐ-SNV, 12/03/2024).
_DIGITS = re.compile(r"(?<![\w/+])(?:\(\+?\d{1,4}\)[ .-]?|\+)?\d+(?:[ .-]\d+)*(?![\w/])")


def _number_kind(run: str) -> str | None:
    """What a run of digits is, if it is a phone number or an ID card number, else None."""
    digits = re.sub(r"\D", "", run)
    if run.lstrip("(").startswith("+") or digits.startswith("0084"):
        return "số điện thoại" if 8 <= len(digits.lstrip("0")) <= 15 else None
    if len(digits) == 10 and digits.startswith("0") or len(digits) == 11 and digits.startswith("02"):
        return "số điện thoại"  # mobile 0xx xxx xxxx, landline 02x xxxx xxxx
    if len(digits) == 12 and (digits.startswith("0") or run.isdigit()):
        return "số căn cước công dân"  # its first three digits are a province code: 001-096
    return None


# Each rule below runs only when a text has what it needs (a run of digits, an @, a keyword):
# most texts have none, and this screen reads every text of the archive.
_LONG_RUN = re.compile(r"[0-9][0-9 .()+-]{7,}")
_WORD_BEFORE = re.compile(r"(\w+)\s+$")


def private_text(value: str) -> tuple[str, str] | None:
    """(what kind of personal data, the words that hold it) when a text seems to hold some, else None."""
    text = value if unicodedata.is_normalized("NFKC", value) else unicodedata.normalize("NFKC", value)
    if "@" in text:
        email = _EMAIL.search(text)
        if email:
            return "địa chỉ thư điện tử", email.group()
    if _LONG_RUN.search(text):
        for run in _DIGITS.finditer(text):
            kind = _number_kind(run.group())
            if kind:
                return kind, run.group()
    lowered = text.lower()
    if "cccd" in lowered or "cmnd" in lowered or "cmtnd" in lowered or "căn cước" in lowered \
            or "chứng minh" in lowered or "định danh" in lowered:
        id_words = _ID_WORDS.search(text)
        if id_words:
            return "số căn cước, chứng minh nhân dân", id_words.group()
    if "sinh" in lowered:
        for birth in _BIRTH.finditer(text):
            before = _WORD_BEFORE.search(text, 0, birth.start()) if birth.group().lower().startswith("sinh") else None
            if not before or before.group(1).lower() not in _SINH_COMPOUNDS:
                return "ngày sinh, năm sinh", birth.group()
    return None


def _texts(value, field: str):
    """(field path, text) for every text inside a checked value, at any depth, in file order;
    paths as the loader's marks write them ('a.b', 'a[2]')."""
    if isinstance(value, str):
        yield field, value
    elif isinstance(value, dict):
        for key, item in value.items():
            here = f"{field}.{key}" if field else key
            if isinstance(item, str):
                yield here, item  # the common case, without a nested generator
            else:
                yield from _texts(item, here)
    elif isinstance(value, list):
        for i, item in enumerate(value, start=1):
            yield from _texts(item, f"{field}[{i}]")


# The answers for short texts, which come back row after row (units, positions, award forms, citations).
_KEEP_UP_TO = 200
_kept_private_text = lru_cache(maxsize=1 << 14)(private_text)


def _holds_private(value) -> bool:
    """Whether any text inside `value` seems to hold personal data: the common answer, no, without
    making the path of every field."""
    if isinstance(value, str):
        return (_kept_private_text if len(value) <= _KEEP_UP_TO else private_text)(value) is not None
    if isinstance(value, dict):
        return any(map(_holds_private, value.values()))
    if isinstance(value, list):
        return any(map(_holds_private, value))
    return False


def screen_texts(value, field: str = "") -> tuple[str, str] | None:
    """(field, message) for the first text inside `value` that seems to hold personal data."""
    if not _holds_private(value):
        return None
    for where, text in _texts(value, field):
        found = private_text(text)
        if found:
            what, words = found
            return where, (f"Nội dung có vẻ chứa dữ liệu cá nhân ({what}: “{words.strip()}”); trang công khai không "
                           "đăng số điện thoại, thư điện tử, số căn cước hay ngày, năm sinh của ai (Nghị định "
                           "13/2023/NĐ-CP). Hãy xóa phần đó; số điện thoại, thư điện tử của cơ quan đặt ở trang "
                           "Giới thiệu (content/gioi-thieu.md).")
    return None


def screen_campaign(value: dict, file: str, marks: Marks) -> list[Problem]:
    """Personal data anywhere in a campaign file: every text of the checked value, whatever its shape."""
    report = _Reporter(file, marks)
    for where, text in _texts(value, ""):
        leak = screen_texts(text, where)
        if leak:
            report(*leak)
    return report.problems


def attach_honorees(campaign: Campaign, listing: dict, file: str, marks: Marks) -> list[Problem]:
    """Turn checked honoree entries into records on the campaign, reporting what does not fit."""
    report = _Reporter(file, marks)
    campaign.example_data = listing.get("example", False)
    decisions: dict[str, Decision] = {}
    print_slugs: dict[str, tuple[int, str]] = {}
    for i, value in enumerate(listing.get("decisions", []), start=1):
        decision = Decision(value["number"], value["date"], value.get("signer", ""), value.get("title", ""))
        if decision.number in decisions:
            report(f"decisions[{i}].number", f"Quyết định số {decision.number} đã khai báo ở trên.")
            continue
        decisions[decision.number] = decision
        clash = _print_slug_problem(decision.number, i, print_slugs)
        if clash:
            report(f"decisions[{i}].number", clash)
        leak = screen_texts(value, f"decisions[{i}]")
        if leak:
            report(*leak)
        start = campaign.period.start or campaign.doc_date
        if start and decision.date < start:
            report(f"decisions[{i}].date", f"Quyết định số {decision.number} ghi ngày {decision.date:%d/%m/%Y}, trước "
                                           f"khi phong trào bắt đầu ({start:%d/%m/%Y}); kiểm tra lại năm.", "warning")
    campaign.decisions = list(decisions.values())
    forms = {match_key(f.name): f for f in campaign.award_forms}
    form_of: dict[str, AwardForm | None] = {}  # as written in the file -> the form (a few spellings)
    used_ids: set[str] = set()
    seen: dict[tuple, int] = {}
    honorees: list[Honoree] = []
    entries = listing.get("honorees", [])
    explicit = {v["id"] for v in entries if "id" in v}
    for i, value in enumerate(entries, start=1):
        field = f"honorees[{i}]"
        form = form_of.get(value["award"], False)
        if form is False:
            form = form_of[value["award"]] = forms.get(match_key(value["award"]))
        if form is None:
            offered = "; ".join(f.name for f in campaign.award_forms) or "phong trào chưa khai báo hình thức nào"
            report(f"{field}.award", f"Hình thức '{value['award']}' không có trong kế hoạch của phong trào "
                                     f"(các hình thức: {offered}).")
            continue
        decision = None
        if "decision" in value:
            decision = decisions.get(value["decision"])
            if decision is None:
                report(f"{field}.decision", f"Quyết định số '{value['decision']}' chưa được khai báo trong 'decisions'.")
                continue
        nameless = _nameless(value, field)
        if nameless:
            report(*nameless)
            continue
        leak = screen_texts(value, field)
        if leak:
            report(*leak)
            continue
        if value["type"] == "tap-the" and value.get("honorific"):
            report(f"{field}.honorific", "Tập thể không có danh xưng Ông/Bà.")
            continue
        # Exact (case-insensitive) text: "Nguyễn Văn Hùng" and "Nguyễn Văn Hưng" are two people.
        key = (value["type"], value["name"].lower(), value.get("unit", "").lower(), form.name)
        if key in seen:
            report(field, f"Trùng với mục {seen[key]}: cùng tên, đơn vị và hình thức khen thưởng.")
            continue
        seen[key] = i
        if "id" in value:
            honoree_id = value["id"]
            if honoree_id in used_ids:
                report(f"{field}.id", f"Mã '{honoree_id}' đã dùng cho một người khác trong phong trào này.")
                continue
            if reserved_anchor(honoree_id):
                report(f"{field}.id", f"Mã '{honoree_id}' trùng mã của một phần trang phong trào (một mục của văn "
                                      "bản, một nhóm khen thưởng hay ô tìm kiếm), nên liên kết tới người này sẽ nhảy "
                                      f"sai chỗ; hãy chọn mã khác, ví dụ 'kt-{honoree_id}'.")
                continue
        else:
            base = slug(value["name"]) or "muc"
            if reserved_anchor(base):
                base = f"kt-{base}"  # an honoree never takes an anchor of the page's own parts
            honoree_id = _free_id(base, used_ids | explicit)
        used_ids.add(honoree_id)
        honorees.append(Honoree(
            id=honoree_id, type=value["type"], name=value["name"], award=form, campaign_id=campaign.id,
            honorific=value.get("honorific", ""), position=value.get("position", ""), unit=value.get("unit", ""),
            decision=decision, citation=value.get("citation", ""), order=i,
        ))
    campaign.honorees = honorees
    return report.problems


def _nameless(value: dict, field: str) -> tuple[str, str] | None:
    """(field, message) when a name or unit has nothing to show or, where the site needs one, no
    address: a unit's page and a collective's are named after the slug of the name."""
    for key in ("name", "unit"):
        text = value.get(key)
        what = "đơn vị" if key == "unit" else "tên"
        if not text:
            continue
        if not has_letters(text):
            return f"{field}.{key}", (f"'{text}' không có chữ hay số nào; hãy ghi {what} đúng như quyết định"
                                      + (", hoặc bỏ trống trường này nếu không có đơn vị." if key == "unit" else "."))
        if (key == "unit" or value["type"] == "tap-the") and not slug(text):
            return f"{field}.{key}", (f"'{text}' không có chữ cái Latinh (a–z, có dấu hay không) hay chữ số nào, nên "
                                      "không tạo được địa chỉ trang đơn vị (don-vi/…); hãy ghi tên đơn vị bằng chữ "
                                      "tiếng Việt, hoặc thêm tên phiên âm bằng chữ Latinh.")
    return None


def _print_slug_problem(number: str, index: int, taken: dict[str, tuple[int, str]]) -> str | None:
    """A decision whose print view (urls.print_path: the slug of its number) would have no
    address of its own, or share another decision's. Records the slug in `taken`."""
    key = slug(number)
    if not key:
        return (f"Số quyết định '{number}' không có chữ cái Latinh hay chữ số nào, nên bản in của quyết định không có "
                "địa chỉ riêng (phong-trao/<mã>/in/…); hãy ghi đúng số, ký hiệu như văn bản, ví dụ '123/QĐ-SNV'.")
    if key in taken:
        other_index, other = taken[key]
        return (f"Quyết định số '{number}' và quyết định số '{other}' (mục {other_index}) có chung địa chỉ bản in "
                f"in/{key}/, vì chỉ khác nhau ở chữ hoa, dấu hoặc ký hiệu. Nếu là một quyết định, hãy giữ một mục và "
                "sửa 'decision' của từng người cho giống nhau; nếu là hai, hãy ghi số đúng như văn bản.")
    taken[key] = (index, number)
    return None


def _free_id(base: str, used: set[str]) -> str:
    """`base`, or `base-2`, `base-3`... in order of appearance: stable while the list only grows."""
    if base not in used:
        return base
    n = 2
    while f"{base}-{n}" in used:
        n += 1
    return f"{base}-{n}"


def check_archive(campaigns: list[Campaign]) -> list[tuple[str, str, str]]:
    """Rules across campaigns: an old id (former_ids) is never reused, nor claimed twice.
    Returns (campaign id, field, message); the loader knows where each field stands."""
    found = []
    current = {c.id for c in campaigns}
    claimed: dict[str, str] = {}
    for c in campaigns:
        for i, old in enumerate(c.former_ids, start=1):
            if old in current:
                message = f"Mã cũ '{old}' đang là mã của một phong trào khác; địa chỉ đó không thể chuyển tiếp."
            elif old in claimed:
                message = f"Mã cũ '{old}' đã được phong trào '{claimed[old]}' khai báo."
            else:
                claimed[old] = c.id
                continue
            found.append((c.id, f"former_ids[{i}]", message))
    return found
