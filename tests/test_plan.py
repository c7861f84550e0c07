"""The plan's tree on the page: printed as written, in order, nothing added; anchors made of the
plan's own labels; runs of labelled items kept as lists with their own labels."""
from __future__ import annotations

import datetime as dt
import html
import re

from thidua import listing, plan, planview
from thidua.model import Campaign, Node, Period, Table
from thidua.render import render


def _tree() -> list[Node]:
    return [
        Node(text="Căn cứ Luật Thi đua, khen thưởng năm 2022;"),
        Node(label="I.", heading="MỤC ĐÍCH, YÊU CẦU", body=[
            Node(label="1.", heading="Mục đích", body=[Node(label="-", text="Phát huy tinh thần."),
                                                      Node(label="-", text="Biểu dương kịp thời.")]),
            Node(label="2.", heading="Nội dung", body=[
                Node(label="2.1.", text="Tham mưu đề án.", body=[Node(label="+", text="Bước một.")]),
                Node(label="2.2.", text="Chuyển đổi số."),
                Node(text="Tập trung cao độ."),
                Node(label="đ)", text="Ý đ."), Node(label="d)", text="Ý d."),
            ]),
        ]),
        Node(label="II.", heading="SỐ LƯỢNG", body=[
            Node(table=Table(header=["Hình thức", "Số lượng"], rows=[["Bằng khen", "01"]]))]),
        Node(text="Trên đây là kế hoạch./."),
    ]


def test_anchors_are_made_of_the_plans_labels():
    anchors = {p.node.label or p.node.text[:6]: p.anchor for p in plan.walk(_tree())}
    assert anchors["I."] == "muc-i" and anchors["1."] == "muc-i-1" and anchors["2."] == "muc-i-2"
    assert anchors["2.1."] == "muc-i-2-1"  # the dotted number stands for itself, not i-2-2-1
    assert anchors["đ)"] == "muc-i-2-dd" and anchors["d)"] == "muc-i-2-d"  # đ and d never share an address
    assert anchors["+"] == "" and anchors["-"] == ""  # bullets are not addresses


def test_the_same_labels_twice_get_distinct_anchors():
    nodes = [Node(label="1.", text="Một."), Node(label="1.", text="Lại một."), Node(label="a)", text="A", id="rieng")]
    assert [p.anchor for p in plan.walk(nodes)] == ["muc-1", "muc-1-2", "muc-rieng"]


def test_the_page_prints_every_word_and_label_in_order_and_adds_none():
    c = Campaign(id="x", title="Kế hoạch thử", issuer_name="Sở Nội vụ tỉnh Thử", period=Period(end=dt.date(2025, 1, 1)),
                 signer_title="GIÁM ĐỐC", signer_name="Nguyễn Văn A", body=_tree(), motto=False)
    page = render("print-plan.html", d=planview.document(c), heading="x", back="../", css="x.css")
    body = page[page.index('<div class="plan-body">'):page.index("<footer")]
    shown = html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))).split()
    written = " ".join(plan.texts(c.body)).split()
    assert shown == written  # the same words, in the same order, and nothing else
    # Headings by depth; runs of labelled items are lists; a table stays a table.
    assert '<h2 id="muc-i"><span class="plan-label">I.</span> MỤC ĐÍCH, YÊU CẦU</h2>' in body
    assert '<h3 id="muc-i-1"><span class="plan-label">1.</span> Mục đích</h3>' in body
    assert body.count('<ul class="plan-items">') == 4  # -/-, 2.1./2.2., +, đ)/d) after the paragraph
    assert "<th scope=\"col\">Hình thức</th>" in body and "<td>01</td>" in body
    assert "<ol" not in body and 'type="a"' not in body


def test_the_outline_lists_every_heading_with_its_label():
    c = Campaign(id="x", title="t", issuer_name="i", period=Period(end=dt.date(2025, 1, 1)), signer_title="s",
                 signer_name="n", body=_tree())
    assert planview.outline(c) == [(2, "muc-i", "I. MỤC ĐÍCH, YÊU CẦU"), (3, "muc-i-1", "1. Mục đích"),
                                   (3, "muc-i-2", "2. Nội dung"), (2, "muc-ii", "II. SỐ LƯỢNG")]


def test_a_period_in_months_shows_its_months_on_the_timeline():
    c = Campaign(id="x", title="t", issuer_name="i", signer_title="s", signer_name="n",
                 period=Period(start=dt.date(2025, 9, 1), end=dt.date(2026, 5, 31), start_is_month=True,
                               end_is_month=True), doc_date=dt.date(2025, 9, 5))
    shown = [(s, w) for _, s, w in listing.timeline_events(c)]
    assert ("tháng 9/2025", "Bắt đầu thi đua") in shown and ("hết tháng 5/2026", "Kết thúc thi đua") in shown
