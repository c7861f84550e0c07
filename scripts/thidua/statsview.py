"""The figures of stats.py as view data: the statistics page (thong-ke/), the small block on
campaign, year and unit pages, and the bar charts they draw.

A chart is inline SVG drawn at build time (no script, nothing fetched): one horizontal bar a
row, its label and number written above the bar, so it reads at 390 px, in print and without
colour (collectives are solid, individuals striped, and a legend names both). Bar lengths are
percentages of the chart's width and the text is in CSS pixels, so the chart fits any width
without shrinking its text. Every chart comes with a text summary and a table of its numbers.
Templates (_stats_charts.html, stats.html, _stats_block.html) only print what is made here.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

from . import stats
from . import urls
from .pages.page import SitePage
from .wording import honours, number_vn
from .model import Campaign, Honoree
from .render import render
from .text import date_vn

PAGE_PATH = urls.STATS
ROW_HEIGHT = 40  # label line, then the bar
BAR_Y, BAR_HEIGHT, LABEL_Y = 20, 14, 15
LEGEND_HEIGHT = 26
SHORT_LABEL, FULL_LABEL = 40, 80  # characters shown on a phone, and on wider screens and paper
TOP_BODIES, TOP_UNITS = 12, 10  # rows charted; the data files keep them all
# The block's heading on campaign pages, beside honorees' anchors: an honoree id is a slug
# ([a-z0-9-]), so an id with "_" can never be one.
BLOCK_ID = "thong_ke"
DOWNLOAD_ID = "tai-du-lieu"
DATA_FILES = (("data/thong-ke.json", "JSON"), ("data/thong-ke.csv", "CSV, mở bằng Excel"),
              ("data/thong-ke-chi-tieu.csv", "Số lượng theo kế hoạch, CSV"))


# --- Vietnamese numbers --------------------------------------------------------------------

def percent(part: int, whole: int) -> str:
    """A share with a decimal comma: '9,4%'; '50%' rather than '50,0%'."""
    if not whole:
        return "0%"
    text = f"{100 * part / whole:.1f}".replace(".", ",")
    return (text[:-2] if text.endswith(",0") else text) + "%"


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[:limit - 1].rsplit(" ", 1)[0].rstrip(",;:-–") + "…"


def _pct(value: float) -> str:
    return f"{value:.2f}%"


# --- charts --------------------------------------------------------------------------------

COLORS = {"col": "#1d4f91", "ind": "#a8500c", "plain": "#3f3f3f"}  # 8.1, 5.5 and 10.5 to 1 on white


def _segment(start: float, length: float, fill: str) -> dict:
    """A piece of a bar, in percent of the chart's width: collectives solid, individuals ("ind")
    striped, "plain" grey for what is neither."""
    return {"x": _pct(start), "width": _pct(length), "end": _pct(start + length), "color": COLORS[fill],
            "striped": fill == "ind"}


@lru_cache(maxsize=20_000)
def _label(text: str) -> dict:
    """A chart row's label as drawn (the same award forms and units come back on many pages):
    the returned dict is shared, and only ever copied."""
    full, short = _cut(text, FULL_LABEL), _cut(text, SHORT_LABEL)
    return {"full": full, "short": short if short != full else "", "tip": text if full != text or short != full else ""}


def bar_chart(title: str, summary: str, rows: list[dict], stacked: bool = True) -> dict:
    """Rows (stats.py breakdown rows) as a horizontal bar chart, the longest bar the chart's width.
    Stacked: each bar is its collectives (solid) then its individuals (striped)."""
    top = LEGEND_HEIGHT if stacked else 0
    scale = max((r["total"] for r in rows), default=0) or 1
    drawn = []
    for i, r in enumerate(rows):
        y = top + i * ROW_HEIGHT
        col, ind = 100 * r["collectives"] / scale, 100 * r["individuals"] / scale
        if stacked:
            segments = [_segment(0, col, "col")] if col else []
            if ind:
                segments.append(_segment(col, ind, "ind"))
        else:
            segments = [_segment(0, col + ind, r.get("fill", "col"))] if col + ind else []
        drawn.append({**_label(r["label"]), "value": number_vn(r["total"]), "y": y + LABEL_Y, "bar_y": y + BAR_Y,
                      "mid": y + BAR_Y + BAR_HEIGHT // 2, "segments": segments, "marker": None})
    return {"title": title, "summary": summary, "legend": stacked, "rows": drawn,
            "height": top + len(rows) * ROW_HEIGHT, "bar_height": BAR_HEIGHT, "quota": False}


def quota_chart(title: str, summary: str, quotas: list[dict]) -> dict:
    """One bar per quota line: the plan's number is the outlined track, the honours given fill
    it; past the number, the bar runs on and a dashed mark shows where the number was."""
    drawn = []
    for i, q in enumerate(quotas):
        y = i * ROW_HEIGHT
        scale = max(q["quota"], q["awarded"]) or 1
        label = f"{q['award']} ({stats.TYPE_LABELS[q['type']].lower()})"
        value = f"{number_vn(q['awarded'])}/{number_vn(q['quota'])}"
        if q["awarded"] > q["quota"]:
            value += f", vượt {number_vn(q['awarded'] - q['quota'])}"
        fill = "col" if q["type"] == stats.COLLECTIVE else "ind"
        drawn.append({**_label(label), "value": value, "y": y + LABEL_Y, "bar_y": y + BAR_Y,
                      "mid": y + BAR_Y + BAR_HEIGHT // 2, "track": _pct(100 * q["quota"] / scale),
                      "segments": [_segment(0, 100 * q["awarded"] / scale, fill)] if q["awarded"] else [],
                      "marker": _pct(100 * q["quota"] / scale) if q["awarded"] > q["quota"] else None})
    return {"title": title, "summary": summary, "legend": False, "rows": drawn,
            "height": len(quotas) * ROW_HEIGHT, "bar_height": BAR_HEIGHT, "quota": True}


# --- tables --------------------------------------------------------------------------------

def breakdown_table(caption: str, head: str, rows: list[dict], total: int, campaigns: bool = True,
                    foot: dict | None = None, share: bool = True) -> dict:
    """Label, campaigns, collectives, individuals, total and share of all honours, a row each.
    A row's campaigns may be None (a row that sums others, whose campaigns overlap): "–"."""
    def cells(r: dict) -> list[str]:
        values = [r["campaigns"]] if campaigns else []
        values += [r["collectives"], r["individuals"], r["total"]]
        return ["–" if v is None else number_vn(v) for v in values] + ([percent(r["total"], total)] if share else [])
    columns = (["Phong trào"] if campaigns else []) + ["Tập thể", "Cá nhân", "Tổng"] + (["Tỷ lệ"] if share else [])
    return table(caption, [head], columns, [{"label": r["label"], "url": r.get("url", ""), "text": (), "cells": cells(r)}
                                            for r in rows],
                 {"label": foot["label"], "cells": cells(foot)} if foot else None)


def table(caption: str, text_head: list[str], num_head: list[str], rows: list[dict], foot: dict | None = None) -> dict:
    """A table for _stats_charts.html: a row header (label, url), text cells, then numbers."""
    return {"caption": caption, "head": text_head[:1], "text_head": text_head[1:], "num_head": num_head,
            "rows": rows, "foot": foot}


def quota_table(caption: str, quotas: list[dict]) -> dict:
    rows = []
    for q in quotas:
        share = percent(q["awarded"], q["quota"]) if q["quota"] else "–"
        rows.append({"label": q["award"], "url": "", "text": (stats.TYPE_LABELS[q["type"]],),
                     "cells": [number_vn(q["quota"]), number_vn(q["awarded"]), share]})
    return table(caption, ["Hình thức khen thưởng", "Đối tượng"], ["Theo kế hoạch", "Đã khen thưởng", "Tỷ lệ"], rows)


# --- summaries -----------------------------------------------------------------------------

def _most(rows: list[dict]) -> dict | None:
    return max(rows, key=lambda r: r["total"], default=None) if any(r["total"] for r in rows) else None


def totals_text(t: dict) -> str:
    if not t["total"]:
        return "Chưa có khen thưởng nào được công bố."
    return (f"{honours(t['total'])}: {number_vn(t['collectives'])} tập thể, "
            f"{number_vn(t['individuals'])} cá nhân")


def year_summary(rows: list[dict], total: int) -> str:
    if not rows:
        return "Chưa có phong trào nào."
    most = _most(rows)
    span = f"Năm {rows[0]['label']}" if len(rows) == 1 else f"Từ năm {rows[0]['label']} đến năm {rows[-1]['label']}"
    text = f"{span}: {honours(total)}"
    if most and len(rows) > 1:
        text += f"; nhiều nhất là năm {most['label']} ({number_vn(most['total'])} lượt, {percent(most['total'], total)})"
    return text + "."


def award_summary(rows: list[dict], total: int) -> str:
    most = _most(rows)
    if not most:
        return "Chưa có khen thưởng nào."
    return (f"{number_vn(len(rows))} hình thức, xếp theo thứ bậc khen thưởng từ cao xuống thấp. Nhiều nhất: "
            f"{most['label']} ({number_vn(most['total'])} lượt, {percent(most['total'], total)}).")


def type_summary(t: dict) -> str:
    if not t["total"]:
        return "Chưa có khen thưởng nào."
    return (f"Cá nhân: {number_vn(t['individuals'])} lượt ({percent(t['individuals'], t['total'])}); "
            f"tập thể: {number_vn(t['collectives'])} lượt ({percent(t['collectives'], t['total'])}).")


def body_summary(rows: list[dict], total: int, what: str) -> str:
    most = _most(rows)
    if not most:
        return "Chưa có khen thưởng nào."
    return (f"{number_vn(len(rows))} {what}. Nhiều nhất: {most['label']} ({number_vn(most['total'])} lượt, "
            f"{percent(most['total'], total)}).")


def quota_summary_text(summary: dict) -> str:
    if not summary["lines"]:
        return "Không có kế hoạch nào nêu số lượng khen thưởng cụ thể."
    return (f"{number_vn(summary['campaigns'])} phong trào có kế hoạch nêu số lượng khen thưởng cho "
            f"{number_vn(summary['lines'])} hình thức và đối tượng: {number_vn(summary['met'])} đạt đúng số lượng, "
            f"{number_vn(summary['under'])} thấp hơn, {number_vn(summary['over'])} vượt số lượng.")


def campaign_quota_text(quotas: list[dict]) -> str:
    s = stats.quota_summary(quotas)
    return (f"Kế hoạch nêu số lượng cho {number_vn(s['lines'])} hình thức và đối tượng: {number_vn(s['met'])} đạt đúng, "
            f"{number_vn(s['under'])} thấp hơn, {number_vn(s['over'])} vượt số lượng.")


# --- the rows a chart shows ----------------------------------------------------------------

def _top(rows: list[dict], limit: int, other_label: str) -> list[dict]:
    """The first `limit` rows, and the rest summed into one row (the figures keep every row)."""
    if len(rows) <= limit:
        return rows
    rest = rows[limit - 1:]
    other = stats.empty_row("", f"{other_label} ({number_vn(len(rest))})")
    for r in rest:
        for key in ("collectives", "individuals", "total"):
            other[key] += r[key]
    other["campaigns"] = None  # a campaign may count in several of these rows
    return rows[:limit - 1] + [other]


def _linked(rows: list[dict], page_path: str, path_of) -> list[dict]:
    return [{**r, "url": urls.rel(page_path, path_of(r))} for r in rows]


# --- the statistics page -------------------------------------------------------------------

def stats_body(f: dict, today: dt.date) -> str:
    t = f["totals"]
    total = t["total"]
    years = _linked(f["by_year"], PAGE_PATH, lambda r: urls.year_path(r["year"]))
    awards, types = f["by_award"], f["by_type"]
    signers = _top(f["by_signer"], TOP_BODIES, "Các cơ quan khác")
    issuers = _top(f["by_issuer"], TOP_BODIES, "Các cơ quan khác")
    top_units = _linked(f.get("by_unit", [])[:TOP_UNITS], PAGE_PATH, lambda r: urls.unit_path(r["key"]))
    quota = stats.quota_summary(f["quotas"])
    quota_rows = [{**stats.empty_row(k, label), "total": quota[k], "collectives": quota[k], "fill": fill}
                  for k, label, fill in (("met", "Đạt đúng số lượng", "plain"), ("under", "Thấp hơn số lượng", "plain"),
                                         ("over", "Vượt số lượng", "plain"))]
    foot = {**t, "label": "Tổng cộng"}
    sections = [
        {"id": "theo-nam", "heading": "Theo năm",
         "note": "Năm của phong trào: năm bắt đầu thời gian thi đua, như trang Lưu trữ.",
         "chart": bar_chart("Số lượt khen thưởng theo năm", year_summary(years, total), years),
         "table": breakdown_table("Số lượt khen thưởng theo năm", "Năm", years, total, foot=foot)},
        {"id": "theo-hinh-thuc", "heading": "Theo hình thức khen thưởng", "note": "",
         "chart": bar_chart("Số lượt khen thưởng theo hình thức", award_summary(awards, total), awards),
         "table": breakdown_table("Số lượt khen thưởng theo hình thức", "Hình thức khen thưởng", awards, total,
                                  foot=foot)},
        {"id": "tap-the-ca-nhan", "heading": "Tập thể và cá nhân", "note": "",
         "chart": bar_chart("Tập thể và cá nhân được khen thưởng", type_summary(t), types),
         "table": breakdown_table("Tập thể và cá nhân được khen thưởng", "Loại", types, total, foot=foot)},
        {"id": "theo-co-quan-quyet-dinh", "heading": "Theo cơ quan quyết định khen thưởng",
         "note": "Người có thẩm quyền ký quyết định khen thưởng, như ghi trong quyết định.",
         "chart": bar_chart("Số lượt khen thưởng theo cơ quan quyết định",
                            body_summary(f["by_signer"], total, "cơ quan, người có thẩm quyền quyết định"), signers),
         "table": breakdown_table("Số lượt khen thưởng theo cơ quan quyết định", "Cơ quan quyết định", signers,
                                  total, foot=foot)},
        {"id": "theo-co-quan-phat-dong", "heading": "Theo cơ quan phát động phong trào",
         "note": "Cơ quan ban hành kế hoạch phát động phong trào thi đua.",
         "chart": bar_chart("Số lượt khen thưởng theo cơ quan phát động",
                            body_summary(f["by_issuer"], total, "cơ quan phát động phong trào"), issuers),
         "table": breakdown_table("Số lượt khen thưởng theo cơ quan phát động", "Cơ quan phát động", issuers,
                                  total, foot=foot)},
        {"id": "don-vi-nhieu-nhat", "heading": "Đơn vị được khen thưởng nhiều nhất",
         "note": ("Mỗi đơn vị tính cả khen thưởng của chính đơn vị và của cá nhân, tập thể thuộc đơn vị, như trang "
                  "Đơn vị; một tập thể trực thuộc được tính cho cả tập thể đó và đơn vị chủ quản."),
         "chart": bar_chart(f"{number_vn(len(top_units))} đơn vị được khen thưởng nhiều nhất",
                            body_summary(f.get("by_unit", []), total, "đơn vị có khen thưởng"), top_units),
         "table": breakdown_table(f"{number_vn(len(top_units))} đơn vị được khen thưởng nhiều nhất", "Đơn vị",
                                  top_units, total, share=False)},
        {"id": "so-voi-ke-hoach", "heading": "So với số lượng trong kế hoạch",
         "note": ("Chỉ tính các hình thức mà kế hoạch nêu số lượng cụ thể cho tập thể hoặc cá nhân. Từng phong trào: "
                  "mục Thống kê trên trang phong trào, và tệp dữ liệu bên dưới."),
         "chart": bar_chart("Số lượng khen thưởng so với kế hoạch", quota_summary_text(quota),
                            quota_rows, stacked=False) if quota["lines"] else None,
         "table": table("Số lượng khen thưởng so với kế hoạch", ["Kết quả"], ["Hình thức và đối tượng", "Tỷ lệ"],
                        [{"label": r["label"], "url": "", "text": (),
                          "cells": [number_vn(r["total"]), percent(r["total"], quota["lines"])]} for r in quota_rows],
                        {"label": "Tổng cộng", "cells": [number_vn(quota["lines"]), "100%"]})},
    ]
    return render("stats.html", today=date_vn(today), totals=totals_text(t), t=t,
                  counts={"campaigns": number_vn(t["campaigns"]), "with": number_vn(t["campaigns_with_honours"]),
                          "decisions": number_vn(t["decisions"])},
                  sections=sections, example=t["example"], download_id=DOWNLOAD_ID,
                  downloads=[{"url": urls.rel(PAGE_PATH, path), "label": label, "path": path}
                             for path, label in DATA_FILES])


def stats_page(f: dict, today: dt.date):
    return SitePage(PAGE_PATH, "Thống kê khen thưởng", lambda: stats_body(f, today),
                    "Số lượt khen thưởng theo năm, hình thức, cơ quan quyết định, đơn vị và so với kế hoạch.",
                    kind="list")


# --- the block on campaign, year and unit pages ---------------------------------------------

def block(f: dict, page_path: str, subject: str, by_year: bool = False, quotas: bool = False,
          campaigns_column: bool = True, chart: bool = True) -> dict | None:
    """The figures of one campaign, year or unit, for _stats_block.html; None when nothing is counted."""
    t = f["totals"]
    if not t["total"]:
        return None
    charts = []
    # By year, a unit's honours as a short list.
    years = [{"year": r["label"], "value": number_vn(r["total"])} for r in f["by_year"]] \
        if by_year and len(f["by_year"]) > 1 else []
    awards = f["by_award"]
    charts.append({"chart": bar_chart("Theo hình thức khen thưởng", award_summary(awards, t["total"]), awards)
                   if chart else None,
                   "table": breakdown_table("Số lượt khen thưởng theo hình thức", "Hình thức khen thưởng", awards,
                                            t["total"], campaigns=campaigns_column,
                                            foot={**t, "label": "Tổng cộng"} if len(awards) > 1 else None)})
    if quotas and f["quotas"]:
        charts.append({"chart": quota_chart("So với số lượng trong kế hoạch",
                                            campaign_quota_text(f["quotas"]), f["quotas"]),
                       "table": quota_table("Khen thưởng so với số lượng trong kế hoạch", f["quotas"])})
    summary = (f"{subject} có {honours(t['total'])} đã công bố: {number_vn(t['collectives'])} tập thể, "
               f"{number_vn(t['individuals'])} cá nhân.")
    return {"id": BLOCK_ID, "summary": summary, "years": years, "charts": charts,
            "link": urls.rel(page_path, PAGE_PATH)}


def campaign_block(c: Campaign, today: dt.date) -> dict | None:
    """The block of a campaign page: its honours by award form, and against the plan's quotas."""
    return block({**stats.breakdown([c]), "quotas": stats.quota_rows(c)}, urls.campaign_path(c.id), "Phong trào",
                 quotas=True, campaigns_column=False)


def year_block(year: int, campaigns: list[Campaign], today: dt.date) -> dict | None:
    return block(stats.breakdown(campaigns), urls.year_path(year), f"Các phong trào năm {year}")


def unit_block(key: str, members: list[Honoree], by_id: dict[str, Campaign], today: dt.date) -> dict | None:
    campaigns = [by_id[cid] for cid in dict.fromkeys([h.campaign_id for h in members])]
    # A table without its chart: a thousand unit pages each drawing one cost the build more than
    # the rest of the statistics together.
    return block(stats.breakdown(campaigns, members), f"don-vi/{key}/", "Đơn vị và các tập thể, cá nhân thuộc đơn vị",
                 by_year=True, chart=False)
