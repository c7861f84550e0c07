"""The shape of campaign and honoree files, declared once.

The same declaration drives validation (validate.py) and the published JSON Schema
(`scripts/portal schema`), so the editor hints and the build never disagree.
Every field is plain text unless stated: no Markdown, no HTML. A text may hold several
paragraphs separated by a blank line.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Spec:
    doc: str = ""


@dataclass(frozen=True)
class Text(Spec):
    max_len: int = 20000
    multiline: bool = True


@dataclass(frozen=True)
class Slug(Spec):
    pass


@dataclass(frozen=True)
class Date(Spec):
    """A date `YYYY-MM-DD`; with month_ok also a month `YYYY-MM`."""
    month_ok: bool = False


@dataclass(frozen=True)
class Int(Spec):
    minimum: int = 0
    maximum: int = 1_000_000


@dataclass(frozen=True)
class Bool(Spec):
    pass


@dataclass(frozen=True)
class Enum(Spec):
    values: tuple[str, ...] = ()


@dataclass(frozen=True)
class Obj(Spec):
    fields: dict = field(default_factory=dict)
    required: tuple[str, ...] = ()
    ref: str = ""  # a name for a shape that contains itself (published once under $defs)


@dataclass(frozen=True)
class List(Spec):
    item: Spec = field(default_factory=Text)
    max_items: int = 100_000


TEXTS = List("Danh sách", item=Text(max_len=2000), max_items=500)

# One part of the plan's text, as written: a section (label and heading), a paragraph or a list item
# (text, with its own label or bullet), or a table; each may hold further parts, as deep as the plan goes.
NODE = Obj(
    "Một phần của văn bản, đúng như văn bản ghi: một mục (nhãn và tiêu đề), một đoạn hoặc một ý "
    "(nội dung, có nhãn hoặc gạch đầu dòng của nó), hoặc một bảng; mỗi phần có thể chứa các phần con",
    fields={
        "label": Text("Nhãn đúng như văn bản: I., 1., 2.1., a), đ), -, +", max_len=20, multiline=False),
        "heading": Text("Tiêu đề của mục, đúng như văn bản, ví dụ 'MỤC ĐÍCH, YÊU CẦU'", max_len=1000),
        "text": Text("Nội dung đoạn hoặc ý (nhiều đoạn cách nhau một dòng trống)"),
        "id": Slug("Mã của mục, để một hình thức khen thưởng trỏ tới tiêu chuẩn của nó (facts.awards[].criteria)"),
        "table": Obj(
            "Một bảng đơn giản",
            fields={
                "header": List("Dòng tiêu đề của bảng", item=Text(max_len=500, multiline=False), max_items=20),
                "rows": List("Các dòng của bảng, mỗi dòng một danh sách ô",
                             item=List(item=Text(max_len=2000), max_items=20), max_items=1000),
            },
            required=("rows",),
        ),
    },
    ref="node",
)
NODE.fields["body"] = List("Các phần con, theo thứ tự của văn bản", item=NODE, max_items=1000)

KINDS = ("thuong-xuyen", "dac-biet", "chuyen-de", "theo-dot")
KIND_LABELS = {
    "thuong-xuyen": "Thi đua thường xuyên",
    "dac-biet": "Thi đua đặc biệt",
    "chuyen-de": "Thi đua chuyên đề",
    "theo-dot": "Thi đua theo đợt",
}

DEADLINE_KINDS = ("review", "dossier", "ceremony", "other")
DEADLINE_LABELS = {
    "review": "Hạn tổng kết, đề nghị khen thưởng",
    "dossier": "Hạn nộp hồ sơ khen thưởng",
    "ceremony": "Lễ biểu dương, trao thưởng",
    "other": "",
}
SUBJECTS = ("tap-the", "ca-nhan")

FACTS = Obj(
    "Các thông tin máy đọc được, tách khỏi câu chữ của văn bản: thời gian, các hạn, hình thức khen thưởng, "
    "đối tượng. Trang web hiện chúng một lần trong khung 'Thông tin chính'",
    fields={
        "period": Obj(
            "Thời gian thi đua",
            fields={
                "start": Date("Ngày bắt đầu, hoặc tháng YYYY-MM", month_ok=True),
                "end": Date("Ngày kết thúc, hoặc tháng YYYY-MM (đến hết tháng)", month_ok=True),
                "from_launch": Bool("true: từ ngày phát động"),
            },
            required=("end",),
        ),
        "deadlines": List(
            "Các hạn và mốc kế hoạch nêu",
            item=Obj(
                fields={
                    "kind": Enum("review (tổng kết), dossier (nộp hồ sơ), ceremony (lễ biểu dương), other (khác)",
                                 values=DEADLINE_KINDS),
                    "date": Date("Ngày"),
                    "title": Text("Nội dung mốc (bắt buộc với other)", max_len=300, multiline=False),
                },
                required=("kind", "date"),
            ),
            max_items=100,
        ),
        "awards": List(
            "Hình thức khen thưởng kế hoạch nêu",
            item=Obj(
                fields={
                    "name": Text("Tên hình thức, ví dụ 'Bằng khen của Chủ tịch UBND tỉnh'", max_len=300, multiline=False),
                    "quota_collective": Int("Số tập thể tối đa"),
                    "quota_individual": Int("Số cá nhân tối đa"),
                    "quota_text": Text("Số lượng ghi như văn bản, khi không phải một con số", max_len=500),
                    "criteria": Slug("Mã (id) của mục trong body ghi tiêu chuẩn riêng của hình thức này"),
                },
                required=("name",),
            ),
            max_items=50,
        ),
        "subjects": List("Đối tượng khen thưởng: tap-the, ca-nhan", item=Enum(values=SUBJECTS), max_items=2),
    },
    required=("period",),
)

CAMPAIGN = Obj(
    "Một phong trào thi đua (tệp campaign.yml)",
    fields={
        "id": Slug("Mã phong trào: chữ thường không dấu, số, gạch nối; trùng tên thư mục; không bao giờ đổi"),
        "former_ids": List("Mã cũ của phong trào (nếu buộc phải đổi mã): địa chỉ cũ sẽ chuyển tiếp về địa chỉ mới",
                           item=Slug(), max_items=20),
        "draft": Bool("true: bản nháp, không xuất bản"),
        "kind": Enum("Loại phong trào", values=KINDS),
        "title": Text("Tên phong trào: trích yếu của văn bản, đúng như văn bản ghi", max_len=1000, multiline=False),
        "short_title": Text("Tên ngắn gọn cho bộ lọc, danh sách (dưới 80 ký tự)", max_len=120, multiline=False),
        "summary": Text("Tóm tắt một hai câu cho danh sách và khi chia sẻ (của trang web, không phải của văn bản)",
                        max_len=600),
        "issuer": Obj(
            "Cơ quan ban hành",
            fields={
                "name": Text("Tên cơ quan, ví dụ 'Sở Nội vụ tỉnh Lạng Sơn'", max_len=300, multiline=False),
                "parent": Text("Cơ quan chủ quản, ví dụ 'UBND tỉnh Lạng Sơn'", max_len=300, multiline=False),
            },
            required=("name",),
        ),
        "document": Obj(
            "Phần đầu văn bản, đúng như văn bản ghi",
            fields={
                "type": Text("Tên loại văn bản như văn bản in, ví dụ 'KẾ HOẠCH'; mặc định 'KẾ HOẠCH'",
                             max_len=100, multiline=False),
                "issuer_lines": List("Tên cơ quan ở góc trái như văn bản in, mỗi dòng một mục, ví dụ "
                                     "['UBND TỈNH LẠNG SƠN', 'SỞ NỘI VỤ']; mặc định lấy từ issuer",
                                     item=Text(max_len=300, multiline=False), max_items=4),
                "number": Text("Số, ký hiệu, ví dụ '123/KH-SNV'; để '/KH-SNV' nếu chưa có số", max_len=100, multiline=False),
                "place": Text("Địa danh", max_len=100, multiline=False),
                "date": Date("Ngày ký"),
                "date_text": Text("Ngày ghi như văn bản khi chưa đủ ngày, ví dụ 'ngày   tháng 7 năm 2024'",
                                  max_len=100, multiline=False),
                "motto": Bool("false: văn bản không in Quốc hiệu, Tiêu ngữ (mặc định có)"),
            },
        ),
        "body": List("Nội dung văn bản, từng phần theo đúng thứ tự của văn bản", item=NODE, max_items=2000),
        "recipients": TEXTS,
        "signer": Obj(
            "Người ký",
            fields={
                "on_behalf": Text("Thẩm quyền ký, ví dụ 'KT. GIÁM ĐỐC'; hai dòng như 'TM. ỦY BAN NHÂN DÂN' rồi "
                                  "'KT. CHỦ TỊCH' thì cách nhau một dòng trống", max_len=200),
                "title": Text("Chức vụ, ví dụ 'GIÁM ĐỐC'", max_len=200, multiline=False),
                "name": Text("Họ và tên", max_len=200, multiline=False),
            },
            required=("title", "name"),
        ),
        "facts": FACTS,
        "attachments": List(
            "Tệp đính kèm trong thư mục phong trào",
            item=Obj(
                fields={
                    "file": Text("Đường dẫn tệp, tương đối với thư mục phong trào", max_len=300, multiline=False),
                    "title": Text("Tên hiển thị", max_len=300, multiline=False),
                },
                required=("file", "title"),
            ),
            max_items=50,
        ),
    },
    required=("id", "title", "issuer", "body", "signer", "facts"),
)

# Keys of the campaign file before the plan's text became one ordered tree (`body`): a file
# that has them is told to run `scripts/portal migrate`.
OLD_CAMPAIGN_KEYS = ("document_type", "headings", "legal_basis", "preamble", "theme", "purposes", "requirements",
                     "period", "targets", "tasks", "other_sections", "review", "milestones", "awards",
                     "organization", "closing")

HONOREE_TYPES = ("ca-nhan", "tap-the")

HONOREE = Obj(
    "Một cá nhân hoặc tập thể được khen thưởng",
    fields={
        "id": Slug("Mã cố định cho đường dẫn; bỏ trống thì tạo từ tên"),
        "type": Enum("ca-nhan (cá nhân) hoặc tap-the (tập thể)", values=HONOREE_TYPES),
        "name": Text("Họ và tên, hoặc tên tập thể", max_len=300, multiline=False),
        "honorific": Enum("Danh xưng", values=("Ông", "Bà")),
        "position": Text("Chức vụ", max_len=300, multiline=False),
        "unit": Text("Đơn vị công tác (tên tại thời điểm khen thưởng)", max_len=300, multiline=False),
        "award": Text("Hình thức khen thưởng, trùng một hình thức của phong trào", max_len=300, multiline=False),
        "decision": Text("Số quyết định, trùng một mục trong 'decisions'", max_len=100, multiline=False),
        "citation": Text("Tóm tắt thành tích", max_len=4000),
    },
    required=("type", "name", "award"),
)

HONOREES_FILE = Obj(
    "Danh sách khen thưởng của một phong trào (tệp honorees.yml)",
    fields={
        "example": Bool("true: dữ liệu minh họa, trang web ghi rõ"),
        "decisions": List(
            "Các quyết định khen thưởng",
            item=Obj(
                fields={
                    "number": Text("Số quyết định, ví dụ '123/QĐ-SNV'", max_len=100, multiline=False),
                    "date": Date("Ngày quyết định"),
                    "signer": Text("Cơ quan, người có thẩm quyền ký, ví dụ 'Giám đốc Sở Nội vụ'", max_len=300, multiline=False),
                    "title": Text("Trích yếu quyết định", max_len=1000),
                },
                required=("number", "date"),
            ),
            max_items=1000,
        ),
        "honorees": List("Danh sách", item=HONOREE, max_items=50_000),
    },
)

# Keys that would carry personal data. Refused anywhere in honoree files, with the reason.
PRIVATE_KEYS = {
    "cccd": "số căn cước công dân", "cmnd": "số chứng minh nhân dân", "national id": "số định danh",
    "so dinh danh": "số định danh", "can cuoc": "số căn cước", "ngay sinh": "ngày sinh",
    "birth": "ngày sinh", "dob": "ngày sinh", "nam sinh": "năm sinh", "phone": "số điện thoại",
    "dien thoai": "số điện thoại", "sdt": "số điện thoại", "mobile": "số điện thoại",
    "email": "thư điện tử", "e mail": "thư điện tử", "address": "địa chỉ", "dia chi": "địa chỉ",
    "que quan": "quê quán", "noi o": "nơi ở", "ho khau": "hộ khẩu", "tai khoan": "số tài khoản",
}


def to_json_schema(spec: Spec, title: str | None = None) -> dict:
    """The JSON Schema (draft 2020-12) an editor uses for hints and checks."""
    defs: dict = {}
    out = _json(spec, defs)
    if title:
        out = {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title, **out}
    if defs:
        out["$defs"] = defs
    return out


def _json(spec: Spec, defs: dict) -> dict:
    base: dict = {"description": spec.doc} if spec.doc else {}
    if isinstance(spec, Text):
        return {**base, "type": "string", "maxLength": spec.max_len}
    if isinstance(spec, Slug):
        return {**base, "type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"}
    if isinstance(spec, Date):
        pattern = r"^\d{4}-\d{2}(-\d{2})?$" if spec.month_ok else r"^\d{4}-\d{2}-\d{2}$"
        return {**base, "type": "string", "pattern": pattern}
    if isinstance(spec, Int):
        return {**base, "type": "integer", "minimum": spec.minimum, "maximum": spec.maximum}
    if isinstance(spec, Bool):
        return {**base, "type": "boolean"}
    if isinstance(spec, Enum):
        return {**base, "enum": list(spec.values)}
    if isinstance(spec, List):
        return {**base, "type": "array", "items": _json(spec.item, defs), "maxItems": spec.max_items}
    if isinstance(spec, Obj):
        if spec.ref:
            if spec.ref not in defs:
                defs[spec.ref] = {}  # placeholder: the shape refers to itself
                defs[spec.ref] = _object(spec, base, defs)
            return {"$ref": f"#/$defs/{spec.ref}"}
        return _object(spec, base, defs)
    raise TypeError(spec)


def _object(spec: Obj, base: dict, defs: dict) -> dict:
    out = {**base, "type": "object", "additionalProperties": False,
           "properties": {k: _json(v, defs) for k, v in spec.fields.items()}}
    if spec.required:
        out["required"] = list(spec.required)
    return out
