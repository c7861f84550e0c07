"""The facts a machine can read from the plan's text, each with where it was found: the period,
the deadlines, the award forms with their quotas and criteria, who may be honoured, the
issuing body. What is not written is not guessed: it stays out, and the clerk is told.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from . import dates
from .labels import capitals
from .structure import Document, Found, Part, shorten, walk
from ..text import fold, slug

QUOTE_MAX = 160


@dataclass
class Located:
    """Where a text of the document stands: for comments ("mục IV.1, dòng 240")."""
    text: str
    path: tuple[str, ...]
    part: Part | None
    chain: str  # the folded headings of the part and its ancestors

    def where(self, offset: int = 0) -> str:
        section = _path(self.path)
        line = self.part.para.where_at(offset) if self.part and self.part.para else ""
        return ", ".join(x for x in (section, line) if x)


@dataclass
class Facts:
    period: dict = field(default_factory=dict)  # start, end, from_launch -> Found
    deadlines: list[Found] = field(default_factory=list)  # value: {kind, date}
    awards: list[Found] = field(default_factory=list)  # value: {name, quota_collective, ...}
    subjects: Found | None = None
    issuer_name: Found | None = None
    issuer_parent: Found | None = None
    kind: Found | None = None
    notes: list[str] = field(default_factory=list)


def read(doc: Document) -> Facts:
    texts = located_texts(doc)
    facts = Facts()
    period(texts, facts, doc)
    deadlines(texts, facts)
    awards(doc, texts, facts)
    subjects(doc, facts)
    issuer(doc, texts, facts)
    kind(doc, facts)
    return facts


def located_texts(doc: Document) -> list[Located]:
    out = []
    heads: dict[int, str] = {}
    for part, path in walk(doc.body):
        parent = heads.get(id(part), "")
        own = fold(" ".join(x for x in (part.heading, part.text if part.body else "") if x))
        chain = f"{parent} / {own}" if own else parent
        for child in part.body:
            heads[id(child)] = chain
        for text in (part.heading, part.text):
            if text:
                out.append(Located(text, path, part, chain))
        if part.table:
            out += [Located(" | ".join(row), path, part, chain) for row in part.table]
    return out


def quote(text: str, start: int, end: int) -> str:
    """The sentence around text[start:end], cut to a readable length."""
    left = max(text.rfind(". ", 0, start), text.rfind("; ", 0, start))
    left = left + 2 if left >= 0 else 0
    right = min([i for i in (text.find(". ", end), text.find("; ", end)) if i >= 0] or [len(text)])
    sentence = text[left:right + 1].strip() if right < len(text) else text[left:].strip()
    if len(sentence) > QUOTE_MAX:
        a = max(0, start - left - 60)
        if a:
            a = sentence.find(" ", a) + 1
        cut = sentence[a:a + QUOTE_MAX]
        cut = cut.rsplit(" ", 1)[0] if a + QUOTE_MAX < len(sentence) else cut
        sentence = ("…" if a else "") + cut.strip() + ("…" if a + QUOTE_MAX < len(sentence) else "")
    return sentence


def _read_from(where: str, text: str) -> str:
    return f"Đọc từ {where}: '{text}'"


# --- the period ----------------------------------------------------------------------------------

_SIGNING = (r"(?:ngày|khi)\s+(?:ký(?:\s+ban\s+hành)?|ban\s+hành)"
            r"(?:\s+(?:[Kk]ế\s+hoạch|văn\s+bản|[Qq]uyết\s+định|[Cc]hương\s+trình)(?:\s+này)?)?")
_LAUNCH = rf"nay|ngày phát động|khi phát động|thời điểm phát động|{_SIGNING}"
_PERIOD = re.compile(
    rf"(?:[Tt]ừ|[Kk]ể từ|[Bb]ắt đầu từ)\s+(?P<start>{_LAUNCH}|{dates.WHEN}|tháng\s+\d{{1,2}})\s*,?\s+"
    rf"(?:đến|tới)\s+(?:hết\s+)?(?:ngày\s+)?(?P<end>{dates.WHEN})")


def period(texts: list[Located], facts: Facts, doc: Document) -> None:
    candidates = []
    if doc.title:
        candidates.append((1, 0, Located(doc.title.value, (), None, ""), "tên kế hoạch"))
    for n, item in enumerate(texts):
        rank = 0 if "thoi gian" in item.chain and "ho so" not in item.chain else 1 if not item.path else 2
        candidates.append((rank, n + 1, item, ""))
    for rank, _, item, name in sorted(candidates, key=lambda c: (c[0], c[1])):
        match = _PERIOD.search(item.text)
        if not match:
            continue
        end = dates.when(match.group("end"), end=True)
        if not end:
            continue
        start_text = match.group("start")
        where = f"{name}, {doc.title.where}" if name else item.where(match.start())
        said = _read_from(where, quote(item.text, match.start(), match.end()))
        facts.period["end"] = Found(end, where, said)
        if re.fullmatch(_SIGNING, start_text) and doc.date:
            # from the day it is signed: that day is the document's date
            facts.period["start"] = Found(doc.date.value.isoformat(), where,
                                          f"{said}: từ ngày ký, tức ngày của văn bản ({doc.date.where})")
            return
        if re.fullmatch(_LAUNCH, start_text):
            note = ": từ ngày ký, mà văn bản chưa ghi đủ ngày ký; khi có ngày, thay from_launch bằng start" \
                if re.fullmatch(_SIGNING, start_text) else ""
            facts.period["from_launch"] = Found(True, where, said + note)
            return
        month = dates.month_without_year(start_text)
        start = f"{end[:4]}-{month:02d}" if month else dates.when(start_text, end=False)
        if start:
            note = " (năm lấy theo ngày kết thúc)" if month else ""
            facts.period["start"] = Found(start, where, said + note)
        return
    facts.notes.append("Không đọc được thời gian thi đua ('từ ngày … đến hết ngày …'): hãy điền facts.period.")


# --- deadlines -----------------------------------------------------------------------------------

_BEFORE = re.compile(rf"(?:[Tt]rước|[Cc]hậm nhất(?:\s+là)?|[Hh]ạn\s+(?:chót|cuối)?\s*(?:là)?|[Tt]rong\s+ngày)\s+"
                     rf"(?:ngày\s+)?(?P<date>{dates.DAY})")
_REVIEW_WORDS = ("tong ket", "so ket", "binh xet", "danh gia ket qua", "bao cao ket qua", "de nghi khen thuong",
                 "bao cao thanh tich")
_DOSSIER_VERBS = ("gui", "nop", "trinh", "chuyen")
_CEREMONY_WORDS = ("bieu duong", "trao thuong", "trao khen thuong", "ton vinh", "le trao", "le tong ket",
                   "hoi nghi tong ket", "le ky niem")
_AWARD_CONTEXT = ("khen thuong", "tong ket", "so ket", "binh xet")
_AWARD_CHAIN = _AWARD_CONTEXT + ("ho so",)


def _clauses(text: str):
    start = 0
    for match in re.finditer(r"(?<=[.;])\s+", text):
        yield start, text[start:match.start()]
        start = match.end()
    yield start, text[start:]


# What a unit does by a date, named by the deadline: its review acts, and sending a report (not a
# 'báo cáo thành tích', which is part of a dossier).
_REVIEW_ACTS = re.compile(r"\b(?:tong ket|so ket|binh xet|danh gia)\b|\b(?:gui|nop)\b.*\bbao cao\b(?! thanh tich)")
_MILESTONE_START = re.compile(r"(?<!\w)(?:đăng ký|[Gg]ửi|[Nn]ộp|[Ss]ơ kết|[Tt]ổng kết)(?!\w)")


def deadlines(texts: list[Located], facts: Facts) -> None:
    """Dates the plan sets for its steps: the review (tổng kết, báo cáo), the dossier (hồ sơ), the ceremony,
    and milestones of kind other with a title (registration, an interim sơ kết within the period)."""
    seen = set()
    end = _period_end(facts)
    for item in texts:
        for offset, clause in _clauses(item.text):
            folded = fold(clause)
            registration = bool(re.search(r"\bdang ky\b", folded))
            context = registration or any(w in folded for w in _AWARD_CONTEXT) or \
                any(w in item.chain for w in _AWARD_CHAIN)
            if not context:
                continue
            if re.search(r"(?:thoi gian|han|thoi han) (?:gui|nop) ho so", folded) and not dates.day(clause):
                facts.notes.append(f"Hạn nộp hồ sơ chưa có ngày: văn bản ghi '{clause.strip()}' "
                                   f"({item.where(offset)}).")
            ceremony = _ceremony_date(clause, folded)
            found = list(_BEFORE.finditer(clause)) + ([] if ceremony else list(_ON_DAY.finditer(clause)))
            for match in sorted(found, key=lambda m: m.start()):
                date = dates.day(match.group("date"))
                if not date:
                    continue
                for kind_, title in _deadline_kinds(clause, folded, item.chain, date, end, registration):
                    if (kind_, date) not in seen:
                        seen.add((kind_, date))
                        _add_deadline(facts, kind_, date, item, offset + match.start(), offset + match.end(), title)
            if ceremony and ("ceremony", ceremony) not in seen:
                seen.add(("ceremony", ceremony))
                _add_deadline(facts, "ceremony", ceremony, item, offset, offset + len(clause))
    _drop_early(facts)


def _period_end(facts: Facts) -> str:
    """The period's last day, YYYY-MM-DD ('' when not read): a month runs to its end."""
    import calendar
    end = facts.period.get("end")
    if not end:
        return ""
    if len(end.value) == 7:
        year, month = int(end.value[:4]), int(end.value[5:])
        return f"{end.value}-{calendar.monthrange(year, month)[1]:02d}"
    return end.value


def _deadline_kinds(clause: str, folded: str, chain: str, date: dt.date, end: str,
                    registration: bool) -> list[tuple[str, str]]:
    """The kinds of deadline a clause sets (both review and dossier when it names both: 'tổng kết, gửi báo
    cáo và hồ sơ … trước ngày …'), each with a title for kind other."""
    verbs = any(re.search(rf"\b{v}\b", folded) for v in _DOSSIER_VERBS)
    dossier = verbs and ("ho so" in folded or "ho so" in chain.rsplit("/", 1)[-1])
    acts = _REVIEW_ACTS.search(folded)
    if registration and not dossier and not acts:
        return [("other", _milestone_title(clause))]
    if acts and re.fullmatch(r"so ket", acts.group(0)) and "tong ket" not in folded and end \
            and date.isoformat() < end:
        return [("other", _milestone_title(clause))]  # 'sơ kết 6 tháng' within the period: a milestone
    review = bool(acts) or (not dossier and (any(w in folded for w in _REVIEW_WORDS)
                                             or any(w in chain for w in ("tong ket", "so ket"))))
    return [(k, "") for k, yes in (("review", review), ("dossier", dossier)) if yes]


def _milestone_title(clause: str) -> str:
    """A milestone's title from the words of its clause: from the act it names to the date ('Các đơn vị …
    đăng ký thi đua và gửi bản đăng ký về Sở trước ngày 15/4/2026' -> 'Đăng ký thi đua và gửi bản đăng ký
    về Sở')."""
    match = _MILESTONE_START.search(clause)
    text = clause[match.start():] if match else clause
    cuts = [m.start() for m in (_BEFORE.search(text), _ON_DAY.search(text)) if m]
    text = text[:min(cuts)] if cuts else text
    text = re.sub(r"\s*\((?:qua|thông qua)[^)]*\)", "", text).strip(" ,;:.")
    return shorten(text[:1].upper() + text[1:], 120)


_RANGE = re.compile(rf"\((?:{dates.DAY})\s*[-–—]\s*(?P<end>{dates.DAY})\)")
_ON_DAY = re.compile(rf"(?:vào|trong)\s+ngày\s+(?P<date>{dates.DAY})")


def _ceremony_date(clause: str, folded: str) -> dt.date | None:
    """The day of a ceremony the clause names: 'vào ngày 28/8/2025', or the anniversary it is held
    on ('vào dịp kỷ niệm … (28/8/1945 - 28/8/2025)')."""
    if not any(w in folded for w in _CEREMONY_WORDS) or "khen thuong" not in folded and "trao" not in folded:
        return None
    match = _ON_DAY.search(clause)
    if match:
        return dates.day(match.group("date"))
    at = clause.lower().find("vào dịp")
    if at >= 0:
        match = _RANGE.search(clause, at)
        if match:
            return dates.day(match.group("end"))
    return None


def _add_deadline(facts: Facts, kind_: str, date: dt.date, item: Located, start: int, end: int,
                  title: str = "") -> None:
    where = item.where(start)
    said = _read_from(where, quote(item.text, start, end))
    if kind_ == "ceremony" and not _ON_DAY.search(item.text[start:end]):
        said += " (ngày kỷ niệm ghi trong câu; hãy xác nhận ngày tổ chức)"
    value = {"kind": kind_, "date": date.isoformat()}
    if kind_ == "other":
        value["title"] = title
        said += " (mốc khác; tên mốc lấy từ câu văn bản, có thể rút gọn)"
    facts.deadlines.append(Found(value, where, said))


def _drop_early(facts: Facts) -> None:
    """A 'before' date earlier than the period's start is some other task's deadline."""
    start = facts.period.get("start")
    if not start:
        return
    first = start.value if len(start.value) == 10 else start.value + "-01"
    facts.deadlines = [d for d in facts.deadlines if d.value["date"] >= first or d.value["kind"] == "other"]


# --- award forms -----------------------------------------------------------------------------------

FORM_WORDS = ("huân chương", "huy chương", "bằng khen", "giấy khen", "cờ thi đua", "chiến sĩ thi đua", "danh hiệu",
              "lao động tiên tiến", "tập thể lao động", "bức trướng", "kỷ niệm chương", "giấy chứng nhận",
              "giải thưởng", "cờ truyền thống", "đơn vị quyết thắng", "chiến sĩ tiên tiến")
_FORM_START = re.compile(r"^(?:(?:Tặng|Xét tặng|Khen thưởng|Tặng thưởng|Đề nghị tặng|Trình tặng)\s+)?(?P<form>(?:%s)\b.*)$"
                         % "|".join(w[0].upper() + w[1:] for w in FORM_WORDS), re.S)
_PROPOSE = re.compile(r"^(?:Đề nghị|Trình|Đề xuất)\s+(?P<who>.+?)\s+(?:tặng thưởng|tặng|khen thưởng|công nhận|xét tặng)\s+"
                      r"(?P<form>(?:%s)\b.*)$" % "|".join(w[0].upper() + w[1:] for w in FORM_WORDS), re.S)
_GIVER = re.compile(r"^(?P<who>(?:Chủ tịch|Giám đốc|Bộ trưởng|Thủ tướng|Chánh|Trưởng|Ủy ban|UBND)\b.+?)\s+(?:tặng|khen thưởng)\s+"
                    r"(?P<form>(?:%s)\b.*)$" % "|".join(w[0].upper() + w[1:] for w in FORM_WORDS), re.S)
_NAME_END = re.compile(r"\s*(?:[:;(]|,|\s[-–—]\s|\s(?:cho|đối với|dành cho|với|khen thưởng cho|để|gồm|theo)\s|\.$|$)")
_QUOTA_COLLECTIVE = re.compile(r"\b(\d{1,4})\s+tập\s+thể", re.I)
_QUOTA_INDIVIDUAL = re.compile(r"\b(\d{1,4})\s+cá\s+nhân", re.I)
_QUOTA_OTHER = re.compile(r"^(?:cho\s+|gồm\s+|tối đa\s+|không quá\s+)?(?P<q>\d{1,4}\s+[^\d\s.;:/][^.;]*)")
_QUOTA_PHRASE = re.compile(r"[Ss]ố lượng(?: khen thưởng)?\s*:?\s*(?P<q>[^.;]+)")


def form_name(text: str) -> tuple[str, str] | None:
    """(award form's name, what follows it) when a text names one: 'Đề nghị Thủ tướng Chính phủ tặng
    Bằng khen cho …' -> ('Bằng khen của Thủ tướng Chính phủ', 'cho …')."""
    text = text.strip()
    for pattern in (_PROPOSE, _GIVER):
        match = pattern.match(text)
        if match:
            form, rest = _cut(match.group("form"))
            if " của " not in form and not fold(form).startswith(("danh hieu", "chien si")):
                form = f"{form} của {match.group('who').strip()}"
            return form, rest
    match = _FORM_START.match(text)
    if match:
        return _cut(match.group("form"))
    return None


def _cut(text: str) -> tuple[str, str]:
    match = _NAME_END.search(text, 3)
    name = text[:match.start()] if match else text
    return name.strip().rstrip(".,;:"), text[match.end():].strip() if match else ""


def awards(doc: Document, texts: list[Located], facts: Facts) -> None:
    """The award forms: from the 'hình thức khen thưởng' section, else from any section whose title is
    about khen thưởng ('IV. KHEN THƯỞNG', 'Phần III. THỜI GIAN VÀ KHEN THƯỞNG'), its parts that open with
    a form's name."""
    section = _awards_section(doc.body)
    forms: list[tuple[str, str, Part, tuple]] = []  # (name, rest of its text, part, path)
    if section is not None:
        part, path = section
        forms = _forms_in(part, path)
        if not forms:
            facts.notes.append(f"Mục hình thức khen thưởng ({_path(path)}, {part.where}) không nêu rõ tên hình thức "
                               "nào: hãy điền facts.awards.")
    rewards = _reward_sections(doc.body)
    if not forms:
        for part, path in rewards:
            forms += [f for f in _forms_in(part, path, prose=False) if f not in forms]
    if not forms:
        if section is None and rewards:
            part, path = rewards[0]
            where = _path(path)
            facts.notes.append(f"{where[0].upper()}{where[1:]} ('{shorten(_heading_of(part), 80)}', {part.where}) "
                               "nói về khen thưởng nhưng không nêu rõ tên hình thức nào (Bằng khen, Giấy khen…): "
                               "hãy điền "
                               "facts.awards nếu kế hoạch có.")
        elif section is None:
            facts.notes.append("Kế hoạch không có mục nào về khen thưởng (hình thức, tiêu chuẩn, số lượng): "
                               "facts.awards để trống.")
        return
    seen = set()
    ids = set()
    for name, rest, part, path in forms:
        key = fold(name)
        if key in seen:
            continue
        seen.add(key)
        value: dict = {"name": name}
        where = f"{_path(path)}, {part.where}" if part.para else _path(path)
        said = _read_from(where, (part.heading or part.text)[:QUOTE_MAX])
        if name != (part.heading or part.text).strip().rstrip(".;,"):
            said += f" (ghi thành '{name}')"
        _quota(value, rest, part, doc, name)
        criteria = _criteria_part(doc.body, name, part)
        if criteria is not None:
            criteria.id = criteria.id or _unique(f"tieu-chuan-{slug(name)}"[:60].strip("-"), ids)
            ids.add(criteria.id)
            value["criteria"] = criteria.id
        facts.awards.append(Found(value, where, said))


def _path(path: tuple) -> str:
    """A part's place as the plan would cite it: 'mục III.2.1' ('2.1.' under '2.' is not '2.2.1'), 'Phần III,
    mục 2.1', 'Điều 3'."""
    if not path:
        return "phần mở đầu"
    labels: list[str] = []
    for label in (x.rstrip(".):") for x in path):
        if labels and label.startswith(labels[-1] + ".") and labels[-1][:1].isdigit():
            labels[-1] = label  # '2.1' already says it is in '2'
        else:
            labels.append(label)
    if " " in labels[0]:  # 'Phần III', 'Chương II', 'Điều 3'
        return labels[0] + (", mục " + ".".join(labels[1:]) if labels[1:] else "")
    return "mục " + ".".join(labels)


def _unique(base: str, used: set) -> str:
    out, n = base, 2
    while out in used:
        out, n = f"{base}-{n}", n + 1
    return out


def _title_of(part: Part) -> str:
    return fold(part.heading or (part.text if part.body else part.text.split(":")[0]))


def _heading_of(part: Part) -> str:
    return part.heading or (part.text if part.body else part.text.split(":")[0])


def _reward_sections(body: list[Part]) -> list:
    """Sections whose title is about khen thưởng, outermost first (one inside another is not repeated)."""
    out: list = []
    for part, path in walk(body):
        title = _title_of(part)
        if part.body and "khen thuong" in title and len(title) < 160 and \
                not any(part in [p for p, _ in walk(outer.body)] for outer, _ in out):
            out.append((part, path))
    return out


def _awards_section(body: list[Part]):
    for part, path in walk(body):
        title = _title_of(part)
        if "hinh thuc" in title and ("khen thuong" in title or "danh hieu" in title) and len(title) < 160:
            return part, path
    return None


def _forms_in(section: Part, path: tuple, prose: bool = True) -> list:
    """Forms named in a section: its parts that open with a form's name, its tables, and (with `prose`,
    for the section of forms itself) forms listed in a sentence."""
    forms = []
    inline = section.text.split(":", 1)[1] if ":" in section.text else ""
    if inline.strip() and prose:
        forms += [(n, r, section, path) for n, r in _split_forms(inline)]
    for child, child_path in walk(section.body, path):
        if child.table:
            forms += _forms_in_table(child, child_path)
            continue
        found = form_name(child.heading or child.text)
        if found:
            forms.append((found[0], found[1], child, child_path))
        elif not child.label and child.text and prose:
            forms += [(n, r, child, child_path) for n, r in _split_forms(child.text)]
    return forms


def _split_forms(text: str) -> list[tuple[str, str]]:
    """Forms named in one sentence ('Giấy khen …, Bằng khen … cho 01 tập thể và 02 cá nhân'); a piece
    that names no form belongs to the one before (its quota)."""
    out: list[tuple[str, str]] = []
    for piece in re.split(r"[;,]\s+|\s+và\s+", text):
        piece = piece.strip()
        found = form_name(piece[:1].upper() + piece[1:]) if piece else None
        if found:
            out.append(found)
        elif out and piece:
            out[-1] = (out[-1][0], f"{out[-1][1]}, {piece}")
    return out


def _forms_in_table(part: Part, path: tuple) -> list:
    rows = part.table or []
    forms = []
    for row in rows:
        for cell in row:
            found = form_name(cell)
            if found:
                rest = " ".join(c for c in row if c != cell)
                forms.append((found[0], rest, part, path))
                break
    return forms


def _ancestors(body: list[Part], target: Part) -> list[Part]:
    def search(parts, trail):
        for part in parts:
            if part is target:
                return trail
            found = search(part.body, trail + [part])
            if found is not None:
                return found
        return None
    return search(body, []) or []


def _quota(value: dict, rest: str, part: Part, doc: Document, name: str) -> None:
    texts = [rest] + [p.heading or p.text for p, _ in walk(part.body) if "so luong" in fold(p.heading or p.text)]
    texts += _quota_lines(doc.body, name, part)
    for text in texts:
        collective, individual = _QUOTA_COLLECTIVE.search(text), _QUOTA_INDIVIDUAL.search(text)
        if collective or individual:
            if collective:
                value["quota_collective"] = int(collective.group(1))
            if individual:
                value["quota_individual"] = int(individual.group(1))
            return
    for text in texts:
        match = _QUOTA_PHRASE.search(text)
        if match and match.group("q").strip():
            value["quota_text"] = match.group("q").strip()
            return
    match = _QUOTA_OTHER.match(rest)
    if match:  # "05 tổ dân phố, 10 hộ gia đình tiêu biểu": numbers of units the schema has no field for
        value["quota_text"] = match.group("q").strip()


def _quota_lines(body: list[Part], name: str, own: Part) -> list[str]:
    """Items of a 'số lượng' section that name this form: '- Bằng khen …: 01 tập thể, 03 cá nhân'."""
    out = []
    for part, _ in walk(body):
        if part is own or "so luong" not in _title_of(part) or not part.body:
            continue
        for child, _ in walk(part.body):
            found = form_name(child.text or child.heading)
            if found and fold(found[0]) == fold(name):
                out.append(found[1])
    return out


def _criteria_part(body: list[Part], name: str, form_part: Part) -> Part | None:
    """The part holding this form's own criteria: a section under 'tiêu chuẩn' named after the
    form, or the form's own section when it holds sub-parts."""
    key = fold(name)
    for part, _ in walk(body):
        title = _title_of(part)
        if part is form_part or not part.body or not title:
            continue
        found = form_name(part.heading or part.text)
        named = (found and fold(found[0]) == key) or key in title
        if named and ("tieu chuan" in title or "tieu chi" in title or
                      any(w in fold(a.heading) for a in _ancestors(body, part) for w in ("tieu chuan", "tieu chi"))):
            return part
    if form_part.heading and form_part.body and any("tieu chuan" in fold(p.heading or p.text)
                                                    for p, _ in walk(form_part.body)):
        return form_part
    if form_part.label and not form_part.table and any(not _quota_only(p) for p in form_part.body):
        return form_part  # its own items ('2.2. Bằng khen …' / 'a) Đối với tập thể: …'), or what it is given for
    return None


def _quota_only(part: Part) -> bool:
    """A part that only says how many ('Số lượng: không quá 02 tập thể và 05 cá nhân.')."""
    return fold(part.heading or part.text).startswith(("so luong", "chi tieu")) and not part.body


# --- subjects, issuer, kind ---------------------------------------------------------------------------

# Who may be honoured, as a 'đối tượng' section names them: units are collectives, staff are individuals.
_COLLECTIVE = re.compile(r"(?<!\w)(?:tập thể|đơn vị|phòng|cơ quan|trường học|doanh nghiệp|khoa|tổ dân phố)(?!\w)", re.I)
_INDIVIDUAL = re.compile(r"(?<!\w)(?:cá nhân|công chức|viên chức|người lao động|cán bộ|giáo viên|nhà giáo|"
                         r"học sinh|đảng viên|đoàn viên|hội viên|chiến sĩ|nhân viên)(?!\w)", re.I)
_FOR_WHOM = re.compile(r"^[Đđ]ối với (tập thể|cá nhân)\b")


def subjects(doc: Document, facts: Facts) -> None:
    """Who may be honoured: from the 'đối tượng' section (its words for collectives and individuals), else
    from the criteria written 'Đối với tập thể' / 'Đối với cá nhân'."""
    best = None
    for part, path in walk(doc.body):
        title = _title_of(part)
        if "doi tuong" in title and len(title) < 160:
            score = (0 if title.startswith("doi tuong") else 2) + (0 if "khen thuong" in title else 1)
            if best is None or score < best[0]:
                best = (score, part, path)
    if best is not None:
        _, part, path = best
        said = " ".join([part.heading, part.text] + [p.heading + " " + p.text for p, _ in walk(part.body)])
        # the title names the section ('Đối tượng, hình thức khen thưởng'); the words after it name who
        said = said[len(part.heading):] if part.heading else said.split(":", 1)[-1]
        found = [(s, m) for s, m in (("tap-the", _COLLECTIVE.search(said)), ("ca-nhan", _INDIVIDUAL.search(said))) if m]
        if found:
            where = f"{_path(path)}, {part.where}"
            words = ", ".join(f"'{m.group(0)}'" for _, m in found)
            facts.subjects = Found([s for s, _ in found], where, _read_from(where, shorten(
                part.heading or part.text, QUOTE_MAX)) + f" (suy ra từ các chữ {words})")
            return
    seen: dict[str, tuple[Part, tuple]] = {}
    for part, path in walk(doc.body):
        match = _FOR_WHOM.match(part.heading or part.text)
        if match:
            seen.setdefault("tap-the" if match.group(1) == "tập thể" else "ca-nhan", (part, path))
    if seen:
        first = min(seen.values(), key=lambda v: [p for p, _ in walk(doc.body)].index(v[0]))
        where = f"{_path(first[1])}, {first[0].where}"
        kinds = [s for s in ("tap-the", "ca-nhan") if s in seen]
        facts.subjects = Found(kinds, where, "Suy ra từ tiêu chuẩn ghi riêng "
                               + " và ".join(f"'Đối với {'tập thể' if k == 'tap-the' else 'cá nhân'}' "
                                             f"({_path(seen[k][1])}, {seen[k][0].where})" for k in kinds)
                               + "; kế hoạch không có mục đối tượng riêng")


_ORG = (r"(?:Sở|Văn phòng|Ủy ban nhân dân|UBND|Ban|Hội đồng|Cục|Chi cục|Bộ|Trường|Công an|Liên đoàn|Đoàn|Viện|"
        r"Trung tâm|Thanh tra|Kho bạc|Bảo hiểm|Đài|Báo|Hội|Tỉnh đoàn|Bộ Chỉ huy)")
_LAUNCHER = re.compile(rf"(?<![\w])(?P<org>{_ORG}\s[^,.;:“”\"()]{{2,80}}?)\s+(?:phát động|xây dựng|ban hành|triển khai)"
                       r"\s+(?:đợt|phong trào|[Kk]ế hoạch|thi đua|[Cc]hương trình)")


_NOT_A_NAME = re.compile(r"\d|\b(?:về|của|và|với|cho|theo|trong|đã|sẽ|được|nhằm|để)\b")


def issuer(doc: Document, texts: list[Located], facts: Facts) -> None:
    """The issuing body and its parent. The heading block's issuer lines say who they are (the last the
    body, the one above it the parent); the text says how their names are written ('Sở Y tế', not 'SỞ Y
    TẾ'). The body's name carries its province, from the parent's line when its own lacks one."""
    names = issuer_names(doc.issuer_lines, doc.issuer_wheres)
    body, body_at = names[-1] if names else ("", "")
    parent, parent_at = names[-2] if len(names) >= 2 else ("", "")
    launcher = _launcher(texts)
    name = None
    if launcher and (not body or _same_body(launcher.value, body)):
        name = launcher
    elif body:
        name = _in_text(body, texts, body_at) or Found(
            org_case(body), body_at, f"Lấy từ dòng tên cơ quan ở đầu văn bản ({body_at}): '{body}', viết lại theo "
                                     "cách viết tên cơ quan (văn bản không nhắc lại tên này); hãy xác nhận")
    if name and parent and not _LOCALITY.search(name.value):
        place = _LOCALITY.search(org_case(parent))
        if place:
            value = f"{name.value} {place.group('name')}" if name.value.endswith(" " + place.group("kind")) \
                else f"{name.value} {place.group(0)}"
            name = Found(value, name.where, f"{name.quote}; thêm tên địa phương '{place.group(0)}' từ dòng cơ quan "
                                            f"chủ quản '{parent}' ({parent_at}), để tên cơ quan ghi đủ tỉnh")
    facts.issuer_name = name
    if parent:
        facts.issuer_parent = _in_text(parent, texts, parent_at) or Found(
            org_case(parent), parent_at, f"Lấy từ dòng cơ quan chủ quản ở đầu văn bản ({parent_at}): '{parent}', "
                                         "viết lại theo cách viết tên cơ quan; hãy xác nhận")


def _launcher(texts: list[Located]) -> Found | None:
    """The body the preamble says launches the plan: 'Sở Nội vụ tỉnh Lạng Sơn xây dựng Kế hoạch …'."""
    for item in (t for t in texts if not t.path):
        match = next((m for m in _LAUNCHER.finditer(item.text) if not _NOT_A_NAME.search(m.group("org"))), None)
        if match:
            where = item.where(match.start())
            return Found(match.group("org"), where, _read_from(where, quote(item.text, match.start(), match.end())))
    return None


# A line of the heading block that goes on with the one above ('ỦY BAN NHÂN DÂN' / 'PHƯỜNG HÀ GIANG 1').
_CONTINUES = re.compile(r"^(?:TỈNH|THÀNH PHỐ|PHƯỜNG|XÃ(?! HỘI)|HUYỆN|QUẬN|THỊ XÃ|THỊ TRẤN|ĐẶC KHU|VÀ|-)(?=\s|$)")
_LOCALITY_KINDS = ("thành phố", "thị xã", "thị trấn", "đặc khu", "tỉnh", "phường", "xã", "huyện", "quận")
_LOCALITY = re.compile(r"(?<!\w)(?P<kind>%s)\s+(?P<name>(?:[A-ZĐÀ-Ỹ]\w*|\d+)(?:\s+(?:[A-ZĐÀ-Ỹ]\w*|\d+)){0,3})"
                       % "|".join(_LOCALITY_KINDS))
# Words that open a body's name; the word after them opens its own name ('Sở Nông nghiệp …').
_ORG_TYPES = ("ỦY BAN NHÂN DÂN", "UỶ BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN", "BẢO HIỂM XÃ HỘI", "KHO BẠC NHÀ NƯỚC",
              "BỘ CHỈ HUY", "CHI CỤC", "TỔNG CỤC", "VĂN PHÒNG", "TRUNG TÂM", "THANH TRA", "CÔNG AN", "LIÊN ĐOÀN",
              "ĐẢNG ỦY", "ĐẢNG BỘ", "CÔNG ĐOÀN", "HỌC VIỆN", "BỆNH VIỆN", "TỔNG CÔNG TY", "CÔNG TY", "CHI NHÁNH",
              "TÒA ÁN", "ỦY BAN", "HỘI ĐỒNG", "SỞ", "BAN", "CỤC", "BỘ", "VỤ", "VIỆN", "TRƯỜNG", "HỘI", "ĐÀI", "BÁO",
              "PHÒNG", "ĐOÀN", "BCH", "QUỸ")


def issuer_names(lines: list[str], wheres: list[str] | None = None) -> list[tuple[str, str]]:
    """The heading block's issuer lines as names, each with where it starts: a line that goes on with the
    one above ('ỦY BAN NHÂN DÂN' / 'PHƯỜNG HÀ GIANG 1') is joined to it."""
    out: list[tuple[str, str]] = []
    for line, where in zip(lines, wheres or [""] * len(lines)):
        opens = any((line + " ").startswith(t + " ") for t in _ORG_TYPES + ("UBND",)) and \
            (len(line.split()) > 1 or line in ("UBND", "VĂN PHÒNG", "THANH TRA", "CÔNG AN"))  # 'TRƯỜNG' alone: no name
        wrapped = len(line.split()) <= 2 and not opens
        if out and (_CONTINUES.match(line) or wrapped):  # 'SỞ NÔNG NGHIỆP VÀ MÔI' / 'TRƯỜNG' in a narrow column
            out[-1] = (f"{out[-1][0]} {line}", out[-1][1])
        else:
            out.append((line, where))
    return out


def org_case(line: str) -> str:
    """A body's name printed in capitals, written as a name in running text: 'SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG'
    -> 'Sở Nông nghiệp và Môi trường', 'UBND TỈNH ĐỒNG THÁP' -> 'UBND tỉnh Đồng Tháp'."""
    from .. import legacy
    if not capitals(line):
        return line
    words = line.split()
    out: list[str] = []
    i = 0
    opens = True  # the next word opens a name (capital first letter)
    place = proper = False  # inside a place's name, or a name after an abbreviation: every word capitalised
    while i < len(words):
        rest = " ".join(words[i:])
        kind_ = next((k for k in _LOCALITY_KINDS if rest.lower().startswith(k + " ") and
                      not rest.upper().startswith("XÃ HỘI")), None)
        if kind_:
            out += kind_.split()
            i += len(kind_.split())
            place = True
            continue
        org = next((t for t in _ORG_TYPES if not out and (rest + " ").startswith(t + " ")), None)
        if org:
            out += [org.split()[0].capitalize()] + [w.lower() for w in org.split()[1:]]
            i += len(org.split())
            continue
        word = words[i]
        letters = "".join(c for c in word if c.isalpha())
        joins = word.upper() in ("VÀ", "-", "–")
        if letters and not legacy.is_vietnamese_syllable(letters.lower()):
            out.append(word)  # an abbreviation: UBND, HĐND, THPT; a proper name may follow ('THPT Chu Văn An')
            proper = True
        elif joins:
            out.append(word.lower())
            proper = False
        elif place or opens or proper:
            out.append(word.capitalize())
        else:
            out.append(word.lower())
        opens = joins or word.endswith(",")
        proper = proper and not opens
        i += 1
    text = " ".join(out)
    return text[:1].upper() + text[1:]


def _folded_body(text: str) -> str:
    key = " ".join(fold(text).lower().split())
    return re.sub(r"^(?:uy ban nhan dan|ubnd)\b", "ubnd", key)


def _same_body(name: str, line: str) -> bool:
    """Whether the preamble's launcher is the body of the heading block's line ('Văn phòng UBND tỉnh' and
    'VĂN PHÒNG')."""
    a, b = _folded_body(name), _folded_body(line)
    return a.startswith(b) or b.startswith(a)


def _in_text(line: str, texts: list[Located], where_line: str) -> Found | None:
    """The body as the text writes it in running prose ('SỞ NỘI VỤ' -> 'Sở Nội vụ tỉnh Lạng Sơn'): the
    same words, as whole words, the first with its capital ('cơ sở y tế' is not 'SỞ Y TẾ')."""
    words = line.split()
    if not words:
        return None
    variants = [r"\s+".join(map(re.escape, words))]
    key = _folded_body(line)
    if key.startswith("ubnd"):  # UBND and Ủy ban nhân dân are one name
        tail = words[1:] if words[0].upper() == "UBND" else words[4:]
        variants = [r"\s+".join(map(re.escape, head + tail)) for head in (["UBND"], "Ủy ban nhân dân".split(),
                                                                            "Uỷ ban nhân dân".split())]
    pattern = re.compile(r"(?<!\w)(?i:" + "|".join(f"(?:{v})" for v in variants) + r")(?!\w)"
                         r"(?:\s+(?:tỉnh|thành phố)\s+[A-ZĐÀ-Ỹ]\w*(?:\s+[A-ZĐÀ-Ỹ]\w*){0,2})?")
    for item in texts:
        for match in pattern.finditer(item.text):
            if not match.group(0)[0].isupper():
                continue
            where = item.where(match.start())
            return Found(match.group(0), where, f"Đọc từ {where} (dòng đầu văn bản '{line}', {where_line}): "
                                                f"'{quote(item.text, match.start(), match.end())}'")
    return None


_KINDS = (("dac biet", "dac-biet"), ("chuyen de", "chuyen-de"), ("thuong xuyen", "thuong-xuyen"),
          ("theo dot", "theo-dot"))


def kind(doc: Document, facts: Facts) -> None:
    if not doc.title:
        return
    title = fold(doc.title.value)
    for words, value in _KINDS:
        if words in title:
            facts.kind = Found(value, doc.title.where, f"Đoán từ tên kế hoạch ({doc.title.where}): có chữ "
                                                       f"'{words}'; hãy xác nhận")
            return
