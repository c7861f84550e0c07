"""`scripts/portal import-plan FILE [--id ID]`: write campaigns/ID/campaign.yml (draft: true) from the
plan's document, with a comment above every fact saying where it was read, and tell the clerk,
in Vietnamese, what to fill and what to confirm.
"""
from __future__ import annotations

import os
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .. import yamlwrite
from ..load import CAMPAIGN_FILE, load_campaign
from ..schema import DEADLINE_LABELS
from ..text import is_safe_slug, slug
from . import facts as facts_mod
from .facts import _LOCALITY
from .extract import ExtractError, extract
from .lines import paragraphs
from .structure import Document, Part, parse, shorten

FILL = "CẦN ĐIỀN"
ID_MAX = 60
HEADER = ("yaml-language-server: $schema=../../schemas/campaign.schema.json\n"
          "Nhập từ '{name}' bằng 'scripts/portal import-plan'. Đây là bản nháp (draft: true):\n"
          "hãy so từng phần với văn bản gốc, điền các chỗ ghi " + FILL + ", xác nhận các thông tin có ghi chú\n"
          "'Đọc từ …', rồi đổi draft thành false. Có thể thêm short_title (tên ngắn) và summary (tóm tắt)\n"
          "cho trang web.")


@dataclass
class Result:
    value: dict
    comments: dict = field(default_factory=dict)
    fill: list[str] = field(default_factory=list)  # required and not read: check refuses until filled
    confirm: list[str] = field(default_factory=list)  # read, to be checked against the document
    notes: list[str] = field(default_factory=list)
    source_name: str = ""


def import_plan(path: Path, convert_legacy: bool = False) -> Result:
    """Read a plan's file into the campaign mapping; raises ExtractError when it cannot be read."""
    source = extract(path, convert_legacy)
    doc = parse(paragraphs(source))
    found = facts_mod.read(doc)
    result = assemble(doc, found)
    result.notes = source.warnings + doc.notes + found.notes
    result.source_name = path.name
    return result


# --- the mapping ---------------------------------------------------------------------------------

def assemble(doc: Document, found: facts_mod.Facts) -> Result:
    r = Result({"id": "", "draft": True})
    c = r.comments
    if found.kind:
        r.value["kind"] = found.kind.value
        c[("kind",)] = found.kind.quote
    _title(doc, r)
    _issuer(found, r)
    _document(doc, r)
    r.value["body"] = [node(p) for p in doc.body]
    _body_comments(doc, r)
    if doc.recipients:
        r.value["recipients"] = doc.recipients
        c[("recipients",)] = f"Đọc từ {doc.recipients_where} ('Nơi nhận:'): {len(doc.recipients)} nơi nhận."
    _signer(doc, r)
    _facts(found, r)
    return r


def _title(doc: Document, r: Result) -> None:
    if doc.title:
        r.value["title"] = doc.title.value
        r.comments[("title",)] = f"Đọc từ {doc.title.where}: tên (trích yếu) của văn bản, ngay dưới dòng " \
                                 f"'{doc.type.value if doc.type else ''}'."
        r.confirm.append(f"Tên kế hoạch: {shorten(doc.title.value, 200)}")
    else:
        r.value["title"] = ""
        r.comments[("title",)] = f"{FILL}: không tìm thấy tên (trích yếu) của văn bản; chép đúng như văn bản."
        r.fill.append("title: tên (trích yếu) của kế hoạch")


def _issuer(found: facts_mod.Facts, r: Result) -> None:
    issuer: dict = {}
    if found.issuer_name:
        issuer["name"] = found.issuer_name.value
        r.comments[("issuer", "name")] = found.issuer_name.quote
        how = "; tên tỉnh lấy từ dòng cơ quan chủ quản" if "thêm tên địa phương" in found.issuer_name.quote else ""
        how = "; viết lại từ dòng in hoa ở đầu văn bản" + how if found.issuer_name.quote.startswith("Lấy từ") else how
        r.confirm.append(f"Cơ quan ban hành: {found.issuer_name.value} ({found.issuer_name.where}{how})")
    else:
        issuer["name"] = ""
        r.comments[("issuer", "name")] = f"{FILL}: không đọc được tên cơ quan ban hành, ví dụ 'Sở Nội vụ tỉnh Lạng Sơn'."
        r.fill.append("issuer.name: tên cơ quan ban hành")
    if found.issuer_parent:
        issuer["parent"] = found.issuer_parent.value
        r.comments[("issuer", "parent")] = found.issuer_parent.quote
    else:
        r.comments[("issuer",)] = "Chưa có 'parent' (cơ quan chủ quản, ví dụ 'UBND tỉnh Lạng Sơn'): văn bản trích " \
                                  "ra không có dòng đó; thêm nếu cần."
    r.value["issuer"] = issuer


def _document(doc: Document, r: Result) -> None:
    d: dict = {}
    c = r.comments
    if doc.type:
        d["type"] = doc.type.value
        c[("document", "type")] = f"Đọc từ {doc.type.where}."
    else:
        r.fill.append("document.type: tên loại văn bản như văn bản in (KẾ HOẠCH, PHÁT ĐỘNG…); bỏ trống là 'KẾ HOẠCH'")
    if doc.issuer_lines:
        lines = doc.issuer_lines[:3] + [" ".join(doc.issuer_lines[3:])] if len(doc.issuer_lines) > 4 \
            else doc.issuer_lines
        d["issuer_lines"] = lines
        c[("document", "issuer_lines")] = f"Đọc từ {doc.issuer_where}: tên cơ quan ở góc trái, như văn bản in."
    for key, item in (("number", doc.number), ("place", doc.place), ("date", doc.date), ("date_text", doc.date_text)):
        if item is not None:
            d[key] = item.value.isoformat() if key == "date" else item.value
            c[("document", key)] = f"Đọc từ {item.where}: '{item.quote}'"
    if doc.number and doc.number.value.startswith("/"):
        r.confirm.append(f"Số văn bản để trống ('{doc.number.value}'): điền số khi văn bản đã ký")
    if doc.date_text:
        r.confirm.append(f"Ngày ký chưa đủ ngày ('{doc.date_text.value}'): khi có ngày, ghi document.date")
    if doc.motto:
        d["motto"] = True
        c[("document", "motto")] = "Văn bản có Quốc hiệu, Tiêu ngữ."
    missing = [name for name, item in (("số", doc.number), ("địa danh, ngày", doc.place or doc.date or doc.date_text))
               if item is None]
    if not doc.motto:
        missing.append("Quốc hiệu, Tiêu ngữ (trang vẫn in mặc định; ghi motto: false nếu văn bản không có)")
    if not doc.issuer_lines:
        missing.append("tên cơ quan ở góc trái (issuer_lines; mặc định lấy từ issuer)")
    if missing:
        note = "Văn bản trích ra không có: " + "; ".join(missing) + ". Điền theo văn bản gốc nếu có."
        c[("document",)] = note
        r.confirm.append(note)
    r.value["document"] = d


def node(part: Part) -> dict:
    out: dict = {}
    if part.label:
        out["label"] = part.label
    if part.heading:
        out["heading"] = part.heading
    if part.text:
        out["text"] = part.text
    if part.id:
        out["id"] = part.id
    if part.table:
        rows = [list(row) for row in part.table]
        out["table"] = {"header": rows[0], "rows": rows[1:]} if len(rows) > 1 else {"rows": rows}
    if part.body:
        out["body"] = [node(p) for p in part.body]
    return out


def _body_comments(doc: Document, r: Result) -> None:
    if not doc.body:
        r.comments[("body",)] = f"{FILL}: không đọc được nội dung văn bản."
        r.fill.append("body: nội dung văn bản")
        return
    first, last = doc.body[0], _last(doc.body)
    r.comments[("body",)] = (f"Nội dung văn bản từ {first.where} đến {last.where}, chia theo nhãn của văn bản "
                             "(I., 1., a), -…). Hãy so với văn bản gốc: thứ tự, nhãn, tiêu đề và câu chữ.")
    for i, part in enumerate(doc.body):
        if part.label:
            r.comments[("body", i)] = f"Từ {part.where}."


def _last(parts: list[Part]) -> Part:
    part = parts[-1]
    return _last(part.body) if part.body else part


def _signer(doc: Document, r: Result) -> None:
    signer: dict = {}
    c = r.comments
    if doc.on_behalf:
        signer["on_behalf"] = doc.on_behalf.value
        c[("signer", "on_behalf")] = f"Đọc từ {doc.on_behalf.where}: '{doc.on_behalf.quote}'" + (
            "; hai dòng như văn bản in" if "\n" in doc.on_behalf.value else "")
    for key, item, what in (("title", doc.signer_title, "chức vụ người ký, ví dụ 'GIÁM ĐỐC'"),
                            ("name", doc.signer_name, "họ và tên người ký")):
        if item:
            signer[key] = item.value
            c[("signer", key)] = f"Đọc từ {item.where}: '{item.quote}'"
        else:
            signer[key] = ""
            c[("signer", key)] = f"{FILL}: không đọc được {what}."
            r.fill.append(f"signer.{key}: {what}")
    if doc.signer_title and doc.signer_name:
        behalf = f"thẩm quyền '{' / '.join(doc.on_behalf.value.splitlines())}', " if doc.on_behalf else ""
        r.confirm.append(f"Người ký: {behalf}chức vụ '{doc.signer_title.value}', họ tên '{doc.signer_name.value}'")
    r.value["signer"] = signer


def _facts(found: facts_mod.Facts, r: Result) -> None:
    c = r.comments
    period: dict = {}
    for key in ("start", "end", "from_launch"):
        item = found.period.get(key)
        if item is not None:
            period[key] = item.value
            c[("facts", "period", key)] = item.quote
    if "end" not in period:
        period["end"] = FILL  # refused by check: "Ngày 'CẦN ĐIỀN' không đúng dạng YYYY-MM-DD …"
        c[("facts", "period", "end")] = (f"{FILL}: không đọc được thời gian thi đua. Ghi ngày kết thúc YYYY-MM-DD "
                                         "(hoặc tháng YYYY-MM); thêm start, hoặc from_launch: true nếu thi đua từ "
                                         "ngày phát động.")
        r.fill.append("facts.period.end: ngày (hoặc tháng) kết thúc thi đua")
    else:
        start = period.get("start") or ("ngày phát động" if period.get("from_launch") else "?")
        signed = " (ngày ký văn bản)" if "start" in period and "từ ngày ký" in found.period["start"].quote else ""
        r.confirm.append(f"Thời gian thi đua: {start}{signed} đến {period['end']} ({found.period['end'].where})")
    out: dict = {"period": period}
    out["deadlines"] = [d.value for d in found.deadlines]
    for i, d in enumerate(found.deadlines):
        c[("facts", "deadlines", i)] = d.quote
        what = DEADLINE_LABELS.get(d.value["kind"]) or f"Mốc '{d.value.get('title', '')}'"
        r.confirm.append(f"{what}: {d.value['date']} ({d.where})")
    if not found.deadlines:
        c[("facts", "deadlines")] = ("Không đọc được hạn tổng kết, hạn nộp hồ sơ hay ngày lễ biểu dương ('trước "
                                     "ngày …'). Thêm nếu văn bản có: - kind: review (hoặc dossier, ceremony, other) / "
                                     "date: YYYY-MM-DD.")
    elif not any(d.value["kind"] == "dossier" for d in found.deadlines):
        c[("facts", "deadlines")] = "Không thấy hạn nộp hồ sơ riêng (kind: dossier); thêm nếu văn bản có."
    out["awards"] = [a.value for a in found.awards]
    for i, a in enumerate(found.awards):
        c[("facts", "awards", i)] = a.quote
        r.confirm.append(f"Hình thức khen thưởng: {a.value['name']}{_quota_note(a.value)} ({a.where})")
    if not found.awards:
        c[("facts", "awards")] = ("Không đọc được hình thức khen thưởng nào. Thêm nếu văn bản có: - name: Giấy khen "
                                  "của Giám đốc Sở …")
    out["subjects"] = found.subjects.value if found.subjects else []
    if found.subjects:
        names = {"tap-the": "tập thể", "ca-nhan": "cá nhân"}
        r.confirm.append(f"Đối tượng khen thưởng: {', '.join(names[x] for x in found.subjects.value)} (suy ra từ "
                         f"{found.subjects.where})")
    if found.subjects:
        c[("facts", "subjects")] = found.subjects.quote
    else:
        c[("facts", "subjects")] = "Không thấy mục đối tượng khen thưởng; thêm tap-the, ca-nhan nếu văn bản có."
    r.value["facts"] = out


def _quota_note(value: dict) -> str:
    parts = [f"{value[k]:02d} {w}" for k, w in (("quota_collective", "tập thể"), ("quota_individual", "cá nhân"))
             if k in value]
    if value.get("quota_text"):
        parts.append(value["quota_text"])
    return f", số lượng {', '.join(parts)}" if parts else ""


# --- the campaign id -------------------------------------------------------------------------------

# Words a title opens with that say nothing of its campaign; and words that open a phrase, before which an
# id may end without cutting a word of two syllables in half ('… chuyên' of 'chuyên nghiệp').
_GENERIC = re.compile(r"^(?:ke-hoach-)?(?:(?:phat-dong|to-chuc|thuc-hien|trien-khai)-)?(?:(?:phong-trao|dot)-)?"
                      r"(?:thi-dua(?:-|$))?(?:(?:dac-biet|chuyen-de|thuong-xuyen|theo-dot)(?:-|$))?")
_TAIL = re.compile(r"(?:^|-)(?:(?:nam-hoc|giai-doan|nam|nhiem-ky)-)?\d{4}(?:-\d{4})*$")
_PHRASE_START = {"va", "cua", "tai", "trong", "ve", "cho", "voi", "nham", "de", "theo", "tren", "gan", "huong",
                 "chao", "giai", "nhan", "ngay"}


def default_id(value: dict, path: Path) -> str:
    """The guide's form, year-province-theme: '2025-quang-tri-van-phong-chuyen-nghiep-hien-dai'. The theme is the
    title's quoted slogan, else the title without its opening words ('Phát động phong trào thi đua') and its
    year; it is cut only where a phrase ends, so no word is cut in half."""
    title = value.get("title") or path.stem
    quoted = re.search(r"[“\"]([^”\"]{3,})[”\"]", title)
    theme = quoted.group(1) if quoted else title
    phrases = [slug(x) for x in re.split(r"[,;:.()“”\"–—]|\s-\s", theme)]
    phrases = [x for x in phrases if x]
    if not quoted and phrases:
        phrases[0] = _GENERIC.sub("", phrases[0])
        phrases[-1] = _TAIL.sub("", phrases[-1])
        phrases = [x for x in phrases if x] or [_TAIL.sub("", slug(title)) or slug(title)]
    place = next((m for m in _LOCALITY.finditer((value.get("issuer") or {}).get("name", ""))
                  if m.group("kind") in ("tỉnh", "thành phố")), None)
    province = slug(place.group("name")) if place else ""
    head = [x for x in (_year(value), province) if x and f"-{x}-" not in f"-{'-'.join(phrases)}-"]
    words, starts = [], set()
    for phrase in phrases:
        starts.add(len(words))
        words += phrase.split("-")
    base = "-".join(head)
    best = base
    for k in range(1, len(words) + 1):
        candidate = "-".join(head + words[:k])
        if len(candidate) > ID_MAX:
            break
        if k == len(words) or k in starts or words[k] in _PHRASE_START:
            best = candidate
    if best == base and words:  # one long phrase: cut between syllables, as little as can be
        best = "-".join(head + [words[0]])[:ID_MAX].strip("-")
        for k in range(1, len(words) + 1):
            candidate = "-".join(head + words[:k])
            if len(candidate) <= ID_MAX:
                best = candidate
    return best.strip("-") or "ke-hoach"


def _year(value: dict) -> str:
    document = value.get("document", {})
    period = value.get("facts", {}).get("period", {})
    for candidate in (document.get("date"), document.get("date_text"), period.get("start"), period.get("end")):
        if candidate:
            digits = [w for w in str(candidate).replace("-", " ").split() if len(w) == 4 and w.isdigit()]
            if digits:
                return digits[0]
    return ""


# --- the command -------------------------------------------------------------------------------------

def run(args) -> int:
    path, root = Path(args.file), Path(args.root)
    try:
        result = import_plan(path, getattr(args, "convert_legacy", False))
    except ExtractError as exc:
        print(f"Không nhập được: {exc}", file=sys.stderr)
        return 2
    campaign_id = args.id or default_id(result.value, path)
    if not is_safe_slug(campaign_id):
        print(f"Mã phong trào '{campaign_id}' không hợp lệ: chỉ dùng chữ thường không dấu a-z, số 0-9 và dấu gạch "
              "nối (ví dụ 2024-thi-dua-dac-biet).", file=sys.stderr)
        return 2
    result.value["id"] = campaign_id
    text = dump(result)
    if getattr(args, "dry_run", False):
        sys.stdout.write(text)
        _report(result, None, [])
        return 0
    target = root / campaign_id / CAMPAIGN_FILE
    if target.exists() and not args.force:
        print(f"{target} đã có. Không ghi đè: chọn mã khác bằng --id, hoặc thêm --force để ghi đè (mất mọi sửa đổi "
              "trong tệp đó).", file=sys.stderr)
        return 2
    write(target, text)
    _, problems = load_campaign(target.parent, root)
    _report(result, target, problems)
    return 0




def dump(result: Result) -> str:
    """The draft's YAML. A signing authority of two lines ("TM. ỦY BAN NHÂN DÂN" / "KT. CHỦ TỊCH") is
    written as two paragraphs of signer.on_behalf, which the page prints as two lines."""
    signer = result.value.get("signer", {})
    if "\n" in signer.get("on_behalf", ""):
        signer["on_behalf"] = "\n\n".join(line for line in signer["on_behalf"].splitlines() if line.strip())
    return yamlwrite.dump(result.value, result.comments, HEADER.format(name=result.source_name))


def write(target: Path, text: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".import-plan-", suffix=".yml", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _report(result: Result, target: Path | None, problems: list) -> None:
    out = sys.stdout if target else sys.stderr
    body = result.value.get("body", [])
    if target:
        print(f"Đã ghi {target} (bản nháp, draft: true): {_count(body)} phần nội dung, "
              f"{len(result.value.get('recipients', []))} nơi nhận.", file=out)
    if result.fill:
        print(f"Cần điền ({len(result.fill)}; 'scripts/portal check' báo lỗi và 'build' dừng cho tới khi điền xong):",
              file=out)
        for item in result.fill:
            print(f"  - {item}", file=out)
    if result.confirm:
        print("Cần xác nhận với văn bản gốc (mỗi mục có ghi chú 'Đọc từ …' trong tệp):", file=out)
        for item in result.confirm:
            print(f"  - {item}", file=out)
    if result.notes:
        print("Lưu ý:", file=out)
        for item in result.notes:
            print(f"  - {item}", file=out)
    others = [p for p in problems if p.severity == "error" and not _is_placeholder(p, result)]
    for problem in others:
        print(f"  {problem}", file=out)
    print("Khi đã xong: đổi 'draft: true' thành 'draft: false' rồi chạy 'scripts/portal check'.", file=out)


def _is_placeholder(problem, result: Result) -> bool:
    return any(problem.field and problem.field.startswith(item.split(":")[0]) for item in result.fill)


def _count(parts: list[dict]) -> int:
    return sum(1 + _count(p.get("body", [])) for p in parts)
