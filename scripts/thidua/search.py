"""Search: one Pagefind record per honoree, per campaign, per unit and per hand-written page.

Each record is written as a tiny HTML file into a scratch folder and indexed by the Pagefind
command line (its Python API answers ~10 calls a second, far too slow for an archive).
Only what people search is indexed: names (weighted high, with an accent-free alias where
a name has `đ`, which Pagefind does not fold), units, award forms, campaign titles.
Filters, sort keys and the link travel as Pagefind metadata.
"""
from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from . import status as st
from .model import Campaign, Honoree
from .text import fold, person_key, vi_key
from .views import campaign_path, honoree_path, unit_path, units

KIND_PERSON, KIND_GROUP, KIND_CAMPAIGN, KIND_UNIT, KIND_PAGE = "Cá nhân", "Tập thể", "Phong trào", "Đơn vị", "Trang"


@dataclass
class Record:
    url: str  # site-relative, e.g. "phong-trao/abc/#nguyen-van-an"
    title: str
    kind: str
    texts: list[tuple[str, float]]  # (text, weight)
    meta: dict[str, str] = field(default_factory=dict)
    filters: dict[str, str] = field(default_factory=dict)
    date: str = ""
    name_key: tuple = ()
    weight: float = 10.0  # of the title


def alias(text: str) -> str:
    """Accent-free spellings of the words Pagefind's own folding misses: those with đ/Đ.

    Pagefind strips tone marks itself, but `đ` has no decomposition, so `dang` would never
    find `Đặng`. Only those words are repeated, so ranking is not skewed by duplicates.
    """
    return " ".join(fold(word) for word in text.split() if re.search("[đĐ]", word))


def compounds(name: str) -> str:
    """The name's trailing word runs written as one folded word: `nguyenvanan vanan`.

    The search page adds the same compound of a multi-word query, so records whose name is
    exactly (or ends with) what was typed come first, ahead of records that only share
    common words such as "Văn" or "phòng".
    """
    words = re.sub(r"[^a-z0-9 ]", "", fold(name)).split()
    return " ".join("".join(words[i:]) for i in range(len(words) - 1))


def _weighted(text: str, weight: float) -> list[tuple[str, float]]:
    extra = alias(text)
    return [(text, weight)] + ([(extra, weight * 0.9)] if extra else [])


def honoree_record(h: Honoree, c: Campaign, campaign_status: str) -> Record:
    kind = KIND_PERSON if h.is_person else KIND_GROUP
    texts = _weighted(h.name, 10.0)[1:]  # the name itself is the record's title
    texts.append((compounds(h.name), 10.0))
    if h.unit:
        texts += _weighted(h.unit, 0.5)
    texts.append((h.award.name, 0.3))
    return Record(
        url=honoree_path(h), title=h.name, kind=kind, texts=texts,
        meta={"award": h.award.name, "position": h.position, "unit": h.unit, "campaign": c.label,
              "year": str(c.year), "honorific": h.honorific},
        filters={"phong_trao": c.label, "nam": str(c.year), "hinh_thuc": h.award.name,
                 "don_vi": h.unit or (h.name if not h.is_person else ""), "loai": kind,
                 "trang_thai": st.LABELS[campaign_status]},
        date=(h.decision.date if h.decision else c.period.end).isoformat(),
        name_key=person_key(h.name) if h.is_person else (vi_key(h.name), ()),
    )


def campaign_record(c: Campaign, campaign_status: str) -> Record:
    texts = _weighted(c.title, 5.0)[1:] + [(c.issuer_name, 1.0)]
    if c.theme:
        texts.append((c.theme, 0.5))
    if c.summary:
        texts.append((c.summary, 0.3))
    return Record(
        url=campaign_path(c.id), title=c.title, kind=KIND_CAMPAIGN, texts=texts, weight=5.0,
        meta={"issuer": c.issuer_name, "year": str(c.year), "status": st.LABELS[campaign_status]},
        filters={"phong_trao": c.label, "nam": str(c.year), "loai": KIND_CAMPAIGN,
                 "trang_thai": st.LABELS[campaign_status]},
        date=(c.period.start or c.period.end).isoformat(), name_key=(vi_key(c.title), ()),
    )


def unit_records(campaigns: list[Campaign]) -> list[Record]:
    return [Record(url=unit_path(u.name), title=u.name, kind=KIND_UNIT, texts=_weighted(u.name, 3.0)[1:],
                   meta={"count": str(len(u.members))}, filters={"loai": KIND_UNIT}, name_key=(vi_key(u.name), ()),
                   weight=3.0)
            for u in units(campaigns)]


_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)
_TITLE = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)
_TAGS = re.compile(r"<[^>]+>")


def content_records(site_dir: Path, paths: list[str]) -> list[Record]:
    """Hand-written pages (content/): their rendered article text, without headers and navigation."""
    records = []
    for path in paths:
        page = site_dir / path / "index.html"
        if not page.is_file():
            continue
        match = _ARTICLE.search(page.read_text(encoding="utf-8"))
        if not match:
            continue
        body = match.group(1)
        title_match = _TITLE.search(body)
        title = html.unescape(_TAGS.sub("", title_match.group(1))).strip() if title_match else path
        text = html.unescape(_TAGS.sub(" ", _TITLE.sub("", body)))
        records.append(Record(url=path, title=title, kind=KIND_PAGE, texts=[(text, 0.5)],
                              filters={"loai": KIND_PAGE}, name_key=(vi_key(title), ()), weight=5.0))
    return records


def build_records(campaigns: list[Campaign], today, site_dir: Path, content_paths: list[str]) -> list[Record]:
    records: list[Record] = []
    for c in campaigns:
        code = st.status(c, today)
        records.append(campaign_record(c, code))
        records += [honoree_record(h, c, code) for h in c.honorees]
    records += unit_records(campaigns)
    records += content_records(site_dir, content_paths)
    return records


def stub_html(record: Record, name_rank: int) -> str:
    """The HTML Pagefind reads for one record. Everything is escaped: data is text."""
    e = html.escape
    hidden = [f'<span data-pagefind-meta="url:{e(record.url)}"></span>',
              f'<span data-pagefind-meta="kind">{e(record.kind)}</span>',
              f'<span data-pagefind-sort="name:{name_rank:07d}"></span>']
    if record.date:
        hidden.append(f'<span data-pagefind-sort="date:{e(record.date)}"></span>')
    hidden += [f'<span data-pagefind-meta="{k}">{e(v)}</span>' for k, v in record.meta.items() if v]
    hidden += [f'<span data-pagefind-filter="{k}">{e(v)}</span>' for k, v in record.filters.items() if v]
    body = "".join(f'<p data-pagefind-weight="{w:g}">{e(t)}</p>' for t, w in record.texts if t)
    return (f'<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>{e(record.title)}</title></head>'
            f'<body><div hidden>{"".join(hidden)}</div><main data-pagefind-body>'
            f'<h1 data-pagefind-meta="title" data-pagefind-weight="{record.weight:g}">{e(record.title)}</h1>{body}</main>'
            f"</body></html>")


def write_stubs(records: list[Record], folder: Path) -> None:
    order = sorted(range(len(records)), key=lambda i: (records[i].name_key, records[i].url))
    rank = {index: position for position, index in enumerate(order)}
    for i, record in enumerate(records):
        sub = f"{folder}/{i // 1000:04d}"
        if i % 1000 == 0:
            os.makedirs(sub, exist_ok=True)
        with open(f"{sub}/{i % 1000:03d}.html", "wb") as out:
            out.write(stub_html(record, rank[i]).encode("utf-8"))


def scratch_dir() -> str | None:
    """Memory-backed /dev/shm where there is one: opening 100,000 small files there is ~8x faster."""
    shm = "/dev/shm"
    return shm if os.path.isdir(shm) and os.access(shm, os.W_OK) else None


def pagefind_binary() -> list[str]:
    return [sys.executable, "-m", "pagefind_bin"]


# Pagefind's ready-made UIs: the portal has its own search page, so these are not shipped.
UNUSED_BUNDLE_FILES = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
                       "pagefind-modular-ui.js", "pagefind-modular-ui.css", "pagefind-highlight.js")


def run_pagefind(source: Path, output: Path) -> None:
    if output.exists():
        shutil.rmtree(output)  # Pagefind keeps old files in its output folder otherwise
    result = subprocess.run(
        [*pagefind_binary(), "--site", str(source), "--output-path", str(output), "--force-language", "vi",
         "--quiet"],
        capture_output=True, text=True,
    )
    if result.returncode != 0:
        raise RuntimeError(f"Pagefind failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    for name in UNUSED_BUNDLE_FILES:
        (output / name).unlink(missing_ok=True)


def index_records(records: list[Record], site_dir: Path) -> int:
    """Write the records' stubs to a scratch folder and index them into site_dir/pagefind."""
    with tempfile.TemporaryDirectory(prefix="portal-search-", dir=scratch_dir()) as scratch:
        write_stubs(records, Path(scratch))
        run_pagefind(Path(scratch), site_dir / "pagefind")
    return len(records)


def index_site(site, site_dir: Path, content_paths: list[str]) -> int:
    """Index the built site into site_dir/pagefind; return the number of records."""
    return index_records(build_records(site.archive.published, site.info.today, site_dir, content_paths), site_dir)
