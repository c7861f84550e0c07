"""Rules that look across fields and records: dates in order, awards offered, no duplicates,
safe attachments. Each returns problems; none raises.
"""
from __future__ import annotations

import re
from pathlib import Path

from .model import Campaign, Decision, Honoree
from .problems import Problem
from .text import match_key, slug

ATTACHMENT_TYPES = {".pdf", ".png", ".jpg", ".jpeg", ".webp", ".doc", ".docx", ".xls", ".xlsx", ".odt", ".ods"}
ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024

Marks = dict[str, tuple[int, int]]

# Anchors the campaign page uses for its own sections (templates/campaign.html), and the prefix of
# its award-group anchors: an honoree's id must not take one of them.
PAGE_ANCHORS = frozenset({"can-cu", "chu-de", "danh-sach-khen-thuong", "hinh-thuc", "ho-so", "khen-thuong",
                          "moc-thoi-gian", "muc-dich-yeu-cau", "noi-dung", "tai-ve", "tep-dinh-kem", "thoi-gian",
                          "to-chuc-thuc-hien"})


class _Reporter:
    def __init__(self, file: str, marks: Marks):
        self.file, self.marks, self.problems = file, marks, []

    def __call__(self, field: str, message: str, severity: str = "error") -> None:
        line, column = self.marks.get(field) or self.marks.get(field.rsplit(".", 1)[0]) or (0, 0)
        self.problems.append(Problem(self.file, line, column, field, message, severity))


def check_campaign(campaign: Campaign, folder: Path, file: str, marks: Marks) -> list[Problem]:
    report = _Reporter(file, marks)
    if campaign.id != folder.name:
        report("id", f"Mã phong trào '{campaign.id}' phải trùng tên thư mục '{folder.name}'.")
    period = campaign.period
    if period.start and period.end < period.start:
        report("period.end", f"Thời gian thi đua kết thúc ({period.end:%d/%m/%Y}) trước khi bắt đầu "
                             f"({period.start:%d/%m/%Y}).")
    if campaign.review_deadline and period.start and campaign.review_deadline < period.start:
        report("review.deadline", "Hạn tổng kết trước ngày bắt đầu thi đua.")
    seen: dict[str, int] = {}
    for i, form in enumerate(campaign.award_forms, start=1):
        key = match_key(form.name)
        if key in seen:
            report(f"awards.forms[{i}].name", f"Hình thức '{form.name}' đã có ở mục {seen[key]}.")
        seen.setdefault(key, i)
    for i, attachment in enumerate(campaign.attachments, start=1):
        message = _attachment_problem(folder, attachment.file)
        if message:
            report(f"attachments[{i}].file", message)
        else:
            attachment.size = (folder / attachment.file).stat().st_size
    return report.problems


def _attachment_problem(folder: Path, name: str) -> str | None:
    path = folder / name
    if name.startswith("/") or ".." in Path(name).parts:
        return f"Tệp đính kèm '{name}' phải nằm trong thư mục phong trào (không dùng '..' hay đường dẫn tuyệt đối)."
    if any(p.is_symlink() for p in [path, *path.parents[:len(Path(name).parts) - 1]]):
        return f"Tệp đính kèm '{name}' là liên kết tượng trưng (symlink); hãy chép tệp thật vào thư mục."
    if not path.is_file():
        return f"Không tìm thấy tệp đính kèm '{name}' trong thư mục phong trào."
    if path.suffix.lower() not in ATTACHMENT_TYPES:
        return (f"Loại tệp '{path.suffix}' không được phép; chỉ nhận PDF, ảnh và tài liệu văn phòng "
                f"({', '.join(sorted(ATTACHMENT_TYPES))}).")
    if path.stat().st_size > ATTACHMENT_MAX_BYTES:
        return f"Tệp đính kèm '{name}' lớn hơn {ATTACHMENT_MAX_BYTES // (1024 * 1024)} MB."
    return None


# Personal data written inside a public text field (citation, position...). Refused with the reason.
_PRIVATE_TEXT = [
    (re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.]+\b"), "địa chỉ thư điện tử"),
    (re.compile(r"(?<!\d)(?:\+84|0)(?:[\s.]?\d){9}(?!\d)"), "số điện thoại"),
    (re.compile(r"(?<![\d/])\d{12}(?![\d/])"), "số căn cước công dân"),
    (re.compile(r"(?i)\b(?:cccd|cmnd|căn cước)\b"), "số căn cước, chứng minh nhân dân"),
    (re.compile(r"(?i)\bsinh (?:ngày|năm)\b"), "ngày sinh, năm sinh"),
]
HONOREE_TEXT_FIELDS = ("name", "position", "unit", "citation")


def private_text(value: str) -> str | None:
    """What kind of personal data a text seems to hold, or None."""
    for pattern, what in _PRIVATE_TEXT:
        if pattern.search(value):
            return what
    return None


def attach_honorees(campaign: Campaign, listing: dict, file: str, marks: Marks) -> list[Problem]:
    """Turn checked honoree entries into records on the campaign, reporting what does not fit."""
    report = _Reporter(file, marks)
    campaign.example_data = listing.get("example", False)
    decisions: dict[str, Decision] = {}
    for i, value in enumerate(listing.get("decisions", []), start=1):
        decision = Decision(value["number"], value["date"], value.get("signer", ""), value.get("title", ""))
        if decision.number in decisions:
            report(f"decisions[{i}].number", f"Quyết định số {decision.number} đã khai báo ở trên.")
            continue
        decisions[decision.number] = decision
        start = campaign.period.start or campaign.doc_date
        if start and decision.date < start:
            report(f"decisions[{i}].date", f"Quyết định số {decision.number} ghi ngày {decision.date:%d/%m/%Y}, trước "
                                           f"khi phong trào bắt đầu ({start:%d/%m/%Y}); kiểm tra lại năm.", "warning")
    campaign.decisions = list(decisions.values())
    forms = {match_key(f.name): f for f in campaign.award_forms}
    used_ids: set[str] = set()
    seen: dict[tuple, int] = {}
    honorees: list[Honoree] = []
    entries = listing.get("honorees", [])
    explicit = {v["id"] for v in entries if "id" in v}
    for i, value in enumerate(entries, start=1):
        field = f"honorees[{i}]"
        form = forms.get(match_key(value["award"]))
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
        blank = [f for f in ("name", "unit") if value.get(f) and not slug(value[f])]
        if blank:
            report(f"{field}.{blank[0]}", f"'{value[blank[0]]}' không có chữ hay số nào; nếu không có "
                                          f"{'đơn vị' if blank[0] == 'unit' else 'tên'}, hãy bỏ trống trường này.")
            continue
        leaked = [(f, private_text(value[f])) for f in HONOREE_TEXT_FIELDS if value.get(f) and private_text(value[f])]
        if leaked:
            name, what = leaked[0]
            report(f"{field}.{name}", f"Nội dung có vẻ chứa dữ liệu cá nhân ({what}); trang công khai chỉ đăng họ tên, "
                                      "chức vụ, đơn vị, hình thức khen thưởng và thành tích. Hãy xóa phần đó.")
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
            if honoree_id in PAGE_ANCHORS or honoree_id.startswith("ht-"):
                report(f"{field}.id", f"Mã '{honoree_id}' trùng tên một mục của trang phong trào; hãy chọn mã khác.")
                continue
        else:
            base = slug(value["name"]) or "muc"
            base = f"{base}-1" if base in PAGE_ANCHORS or base.startswith("ht-") else base
            honoree_id = _free_id(base, used_ids | explicit)
        used_ids.add(honoree_id)
        honorees.append(Honoree(
            id=honoree_id, type=value["type"], name=value["name"], award=form, campaign_id=campaign.id,
            honorific=value.get("honorific", ""), position=value.get("position", ""), unit=value.get("unit", ""),
            decision=decision, citation=value.get("citation", ""), order=i,
        ))
    campaign.honorees = honorees
    return report.problems


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
