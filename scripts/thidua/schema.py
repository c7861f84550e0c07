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


@dataclass(frozen=True)
class List(Spec):
    item: Spec = field(default_factory=Text)
    max_items: int = 100_000


@dataclass(frozen=True)
class TextOr(Spec):
    """Either a plain text or an object (a list item with a label, a title, sub-items)."""
    obj: Obj = field(default_factory=Obj)


def _item(depth: int) -> Spec:
    fields = {
        "label": Text("Nhãn giữ nguyên như văn bản: a), đ), 2.1., -", max_len=20, multiline=False),
        "title": Text("Tiêu đề in đậm ở đầu mục", max_len=500),
        "text": Text("Nội dung của mục"),
    }
    if depth > 0:
        fields["items"] = List("Các mục con", item=_item(depth - 1), max_items=500)
    return TextOr("Một mục: chỉ văn bản, hoặc có nhãn, tiêu đề và mục con", obj=Obj(fields=fields))


ITEM = _item(3)

BLOCK = Obj(
    "Một phần của kế hoạch: đoạn mở đầu, các mục, đoạn kết",
    fields={
        "intro": Text("Đoạn mở đầu"),
        "items": List("Các mục, giữ nhãn a) b) c) d) đ) e)...", item=ITEM, max_items=500),
        "note": Text("Đoạn kết hoặc lưu ý"),
    },
)

SECTION = Obj(
    "Một mục lớn khác của kế hoạch (giữ tiêu đề như văn bản)",
    fields={
        "heading": Text("Tiêu đề mục, ví dụ 'CHỦ ĐỀ THI ĐUA'", max_len=300, multiline=False),
        "intro": Text("Đoạn mở đầu"),
        "items": List("Các mục", item=ITEM, max_items=500),
        "note": Text("Đoạn kết"),
    },
    required=("heading",),
)

PARAGRAPHS = List("Các đoạn văn", item=Text(), max_items=200)
TEXTS = List("Danh sách", item=Text(max_len=2000), max_items=500)

# The section titles a plan usually has; a campaign may word them as its plan does (headings:).
DEFAULT_HEADINGS = {
    "purpose_requirements": "Mục đích, yêu cầu",
    "purposes": "Mục đích",
    "requirements": "Yêu cầu",
    "period": "Thời gian thi đua",
    "content": "Nội dung thi đua",
    "targets": "Chỉ tiêu thi đua",
    "tasks": "Nhiệm vụ, giải pháp",
    "awards": "Tổng kết, khen thưởng",
    "review": "Tổng kết",
    "forms": "Hình thức khen thưởng",
    "subjects": "Đối tượng khen thưởng",
    "criteria": "Tiêu chuẩn khen thưởng",
    "dossier": "Hồ sơ đề nghị khen thưởng",
    "organization": "Tổ chức thực hiện",
}

KINDS = ("thuong-xuyen", "dac-biet", "chuyen-de", "theo-dot")
KIND_LABELS = {
    "thuong-xuyen": "Thi đua thường xuyên",
    "dac-biet": "Thi đua đặc biệt",
    "chuyen-de": "Thi đua chuyên đề",
    "theo-dot": "Thi đua theo đợt",
}

CAMPAIGN = Obj(
    "Một phong trào thi đua (tệp campaign.yml)",
    fields={
        "id": Slug("Mã phong trào: chữ thường không dấu, số, gạch nối; trùng tên thư mục; không bao giờ đổi"),
        "former_ids": List("Mã cũ của phong trào (nếu buộc phải đổi mã): địa chỉ cũ sẽ chuyển tiếp về địa chỉ mới",
                           item=Slug(), max_items=20),
        "draft": Bool("true: bản nháp, không xuất bản"),
        "kind": Enum("Loại phong trào", values=KINDS),
        "document_type": Text("Loại văn bản, mặc định 'Kế hoạch'", max_len=100, multiline=False),
        "title": Text("Tên phong trào (trích yếu kế hoạch)", max_len=500, multiline=False),
        "short_title": Text("Tên ngắn gọn cho bộ lọc, danh sách (dưới 80 ký tự)", max_len=120, multiline=False),
        "summary": Text("Tóm tắt một hai câu cho danh sách và khi chia sẻ", max_len=600),
        "issuer": Obj(
            "Cơ quan ban hành",
            fields={
                "name": Text("Tên cơ quan, ví dụ 'Sở Nội vụ tỉnh Lạng Sơn'", max_len=300, multiline=False),
                "parent": Text("Cơ quan chủ quản, ví dụ 'UBND tỉnh Lạng Sơn'", max_len=300, multiline=False),
            },
            required=("name",),
        ),
        "document": Obj(
            "Số, ngày, nơi ban hành",
            fields={
                "number": Text("Số văn bản, ví dụ '123/KH-SNV'; để '/KH-SNV' nếu chưa có số", max_len=100, multiline=False),
                "date": Date("Ngày ký"),
                "date_text": Text("Ngày ghi như văn bản khi chưa đủ ngày, ví dụ 'ngày   tháng 7 năm 2024'", max_len=100, multiline=False),
                "place": Text("Địa danh", max_len=100, multiline=False),
            },
        ),
        "headings": Obj(
            "Tiêu đề các mục khi kế hoạch ghi khác mặc định (không ghi số thứ tự), "
            "ví dụ period: 'Thời gian thực hiện'",
            fields={key: Text(f"Mặc định: '{label}'", max_len=200, multiline=False)
                    for key, label in DEFAULT_HEADINGS.items()},
        ),
        "legal_basis": TEXTS,
        "preamble": PARAGRAPHS,
        "theme": Text("Chủ đề, khẩu hiệu thi đua", max_len=2000),
        "purposes": PARAGRAPHS,
        "requirements": PARAGRAPHS,
        "period": Obj(
            "Thời gian thi đua",
            fields={
                "start": Date("Ngày bắt đầu, hoặc tháng YYYY-MM", month_ok=True),
                "end": Date("Ngày kết thúc, hoặc tháng YYYY-MM (đến hết tháng)", month_ok=True),
                "from_launch": Bool("true: từ ngày phát động"),
                "text": Text("Thời gian ghi như văn bản", max_len=500),
            },
            required=("end",),
        ),
        "targets": BLOCK,
        "tasks": BLOCK,
        "other_sections": List("Các mục khác của nội dung thi đua", item=SECTION, max_items=50),
        "review": Obj(
            "Sơ kết, tổng kết",
            fields={
                "deadline": Date("Hạn tổng kết, đề nghị khen thưởng"),
                "text": Text("Nội dung tổng kết"),
                "ceremony": Text("Lễ biểu dương, trao thưởng"),
                "ceremony_date": Date("Ngày lễ biểu dương"),
            },
        ),
        "milestones": List(
            "Các mốc khác",
            item=Obj(fields={"date": Date("Ngày"), "title": Text("Nội dung", max_len=300)}, required=("date", "title")),
            max_items=100,
        ),
        "awards": Obj(
            "Khen thưởng",
            fields={
                "forms": List(
                    "Hình thức khen thưởng",
                    item=Obj(
                        fields={
                            "name": Text("Tên hình thức, ví dụ 'Bằng khen của Chủ tịch UBND tỉnh'", max_len=300, multiline=False),
                            "label": Text("Nhãn như văn bản: a), -", max_len=20, multiline=False),
                            "text": Text("Câu chữ như văn bản, nếu khác tên", max_len=1000),
                            "quota_collective": Int("Số tập thể tối đa"),
                            "quota_individual": Int("Số cá nhân tối đa"),
                            "quota_text": Text("Số lượng ghi như văn bản", max_len=500),
                        },
                        required=("name",),
                    ),
                    max_items=50,
                ),
                "intro": Text("Đoạn mở đầu phần khen thưởng"),
                "subjects": Obj(
                    "Đối tượng khen thưởng",
                    fields={
                        "text": Text("Đối tượng chung"),
                        "collective": Text("Đối với tập thể"),
                        "individual": Text("Đối với cá nhân"),
                    },
                ),
                "criteria": Obj(
                    "Tiêu chuẩn khen thưởng",
                    fields={"general": BLOCK, "collective": BLOCK, "individual": BLOCK},
                ),
                "dossier": Obj(
                    "Hồ sơ đề nghị khen thưởng",
                    fields={
                        "copies": Int("Số bộ hồ sơ", minimum=1, maximum=100),
                        "copies_text": Text("Số lượng ghi như văn bản, ví dụ '02 bộ'", max_len=100, multiline=False),
                        "components": TEXTS,
                        "note": Text("Lưu ý về hồ sơ"),
                        "deadline": Date("Hạn nộp hồ sơ"),
                        "deadline_text": Text("Thời gian gửi hồ sơ ghi như văn bản", max_len=1000),
                        "submit_to": Text("Nơi nhận hồ sơ", max_len=1000),
                    },
                ),
            },
        ),
        "organization": BLOCK,
        "closing": PARAGRAPHS,
        "recipients": TEXTS,
        "signer": Obj(
            "Người ký",
            fields={
                "on_behalf": Text("Thẩm quyền ký, ví dụ 'KT. GIÁM ĐỐC'", max_len=100, multiline=False),
                "title": Text("Chức vụ, ví dụ 'GIÁM ĐỐC'", max_len=200, multiline=False),
                "name": Text("Họ và tên", max_len=200, multiline=False),
            },
            required=("title", "name"),
        ),
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
    required=("id", "title", "issuer", "period", "signer"),
)

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
    out = _json(spec)
    if title:
        out = {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title, **out}
    return out


def _json(spec: Spec) -> dict:
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
        return {**base, "type": "array", "items": _json(spec.item), "maxItems": spec.max_items}
    if isinstance(spec, TextOr):
        return {**base, "anyOf": [{"type": "string"}, _json(spec.obj)]}
    if isinstance(spec, Obj):
        out = {**base, "type": "object", "additionalProperties": False,
               "properties": {k: _json(v) for k, v in spec.fields.items()}}
        if spec.required:
            out["required"] = list(spec.required)
        return out
    raise TypeError(spec)
