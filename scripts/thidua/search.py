"""Search: one Pagefind page per honoree list, campaign, unit and hand-written page.

Honorees are not indexed one page each: a page per person would cost Pagefind ~48 KB of
memory per honoree, and its page list (fetched before any query) would grow by a hash per
honoree. They are indexed as the lists an award decision annexes: one page per (campaign,
award form, individuals or collectives). Each honoree is a section of that page, an `<h2>`
with the honoree's anchor on the campaign page, which Pagefind returns as a sub-result when
the section holds a hit. What a result shows of each honoree (honorific, position, unit, the
rank of the name in Vietnamese order) travels in the list's metadata, keyed by anchor.

Each page is written as a tiny HTML file into a scratch folder and indexed by the Pagefind
command line (its Python API answers ~10 calls a second, far too slow for an archive).
Only what people search is indexed: names (weighted high, with an accent-free alias where
a name has `đ`, which Pagefind does not fold), units, award forms, campaign titles.
Filters and sort keys are Pagefind's; the link and what a result shows travel as metadata
that Pagefind does not index (see `unsearchable`).

People are also found by name without Pagefind: `Indexing` makes the names index
(search_names.py) from the same records while Pagefind runs, and writes it into the bundle.
"""
from __future__ import annotations

import html
from itertools import groupby
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from . import search_names
from . import status as st
from .model import AwardForm, Campaign, Honoree
from .owners import clear_unowned
from .text import fold, person_key, vi_key
from .listing import award_anchor, by_award, honoree_page_numbers, units
from .urls import campaign_honorees_path, campaign_path, unit_path

KIND_PERSON, KIND_GROUP, KIND_CAMPAIGN, KIND_UNIT, KIND_PAGE = "Cá nhân", "Tập thể", "Phong trào", "Đơn vị", "Trang"


@dataclass
class Section:
    """One honoree of a list: a heading with the honoree's anchor, then its indexed text.

    The unit is not part of it: a list indexes each of its units once (most of its honorees
    share a few), and the search page matches unit words against the unit shown with each
    honoree. That halves the words Pagefind indexes and every common word's postings."""
    anchor: str
    name: str
    texts: list[tuple[str, float]]
    shown: tuple[str, str, str]  # honorific, position, unit: what the result shows besides the name
    name_key: tuple
    rank: int = 0  # position of the name in Vietnamese order among everything indexed


@dataclass
class Record:
    url: str  # site-relative, e.g. "phong-trao/abc/#ht-bang-khen"
    title: str  # a list's: its award form, the heading its url points to
    kind: str
    texts: list[tuple[str, float]]  # (text, weight)
    meta: dict[str, object] = field(default_factory=dict)
    filters: dict[str, list[str]] = field(default_factory=dict)  # a filter may hold several values
    date: str = ""
    name_key: tuple = ()
    weight: float = 10.0  # of the title
    sections: list[Section] = field(default_factory=list)  # the honorees, for a list
    owner: str = ""  # a list's campaign page, when the list is on a page of its own (a long list)


def alias(text: str) -> str:
    """Accent-free spellings of the words Pagefind's own folding misses: those with đ/Đ.

    Pagefind strips tone marks itself, but `đ` has no decomposition, so `dang` would never
    find `Đặng`. Only those words are repeated, so ranking is not skewed by duplicates.
    """
    if "đ" not in text and "Đ" not in text:
        return ""
    return " ".join(fold(word) for word in text.split() if "đ" in word or "Đ" in word)


def _weighted(text: str, weight: float) -> list[tuple[str, float]]:
    extra = alias(text)
    return [(text, weight)] + ([(extra, weight * 0.9)] if extra else [])


def unit_filter(h: Honoree) -> str:
    """The unit filter's value for an honoree: its unit; a collective without one is a unit itself."""
    return h.unit or ("" if h.is_person else h.name)


def honoree_section(h: Honoree) -> Section:
    texts = _weighted(h.name, 10.0)[1:]  # the name itself is the section's heading
    return Section(anchor=h.id, name=h.name, texts=texts, shown=(h.honorific, h.position, h.unit),
                   name_key=person_key(h.name) if h.is_person else (vi_key(h.name), ()))


def list_record(c: Campaign, form: AwardForm, members: list[Honoree], campaign_status: str, number: int = 0) -> Record:
    """The honorees of one award form and one type in a campaign, as one page: a decision's annex.

    Before the honorees' sections, the list indexes its award form, so a query for the form
    finds every honoree of the list, and its units at low weight. The campaign title is
    indexed once, in the campaign's own record.
    """
    kind = KIND_PERSON if members[0].is_person else KIND_GROUP
    dates = [h.decision.date for h in members if h.decision]
    units = sorted({h.unit for h in members} - {""}, key=vi_key)
    return Record(
        url=_list_url(c, form, members, number), title=form.name, kind=kind,
        texts=_weighted(form.name, 0.3) + [text for unit in units for text in _weighted(unit, 0.5)],
        meta={"campaign": c.label, "year": str(c.year), "units": units},
        filters={"phong_trao": [c.label], "nam": [str(c.year)], "hinh_thuc": [form.name], "loai": [kind],
                 "trang_thai": [st.LABELS[campaign_status]],
                 "don_vi": sorted({unit_filter(h) for h in members} - {""}, key=vi_key)},
        date=max(dates, default=c.period.end).isoformat(),
        sections=[honoree_section(h) for h in members],
        owner=campaign_path(c.id) if number else "",
    )


def _list_url(c: Campaign, form: AwardForm, members: list[Honoree], number: int) -> str:
    """On the campaign page, the award form's heading; on a page of a long list, its first entry."""
    if number == 0:
        return campaign_path(c.id) + "#" + award_anchor(form.name)
    return campaign_honorees_path(c.id, number) + "#" + members[0].id


def list_records(c: Campaign, campaign_status: str) -> list[Record]:
    """A campaign's honoree lists, in the order of its pages: award precedence, collectives first;
    a list that runs over several pages of a long campaign list is a record per page."""
    numbers = honoree_page_numbers(c)
    return [list_record(c, form, list(group), campaign_status, number)
            for form, parts in by_award(c.honorees) for _, members in parts
            for number, group in groupby(members, key=lambda h: numbers[h.id])]


def campaign_record(c: Campaign, campaign_status: str) -> Record:
    texts = _weighted(c.title, 5.0)[1:] + [(c.issuer_name, 1.0)]
    if c.summary:
        texts.append((c.summary, 0.3))
    return Record(
        url=campaign_path(c.id), title=c.title, kind=KIND_CAMPAIGN, texts=texts, weight=5.0,
        meta={"issuer": c.issuer_name, "year": str(c.year), "status": st.LABELS[campaign_status]},
        filters={"phong_trao": [c.label], "nam": [str(c.year)], "loai": [KIND_CAMPAIGN],
                 "trang_thai": [st.LABELS[campaign_status]]},
        date=(c.period.start or c.period.end).isoformat(), name_key=(vi_key(c.title), ()),
    )


def unit_records(campaigns: list[Campaign]) -> list[Record]:
    """A record per unit page."""
    return [Record(url=unit_path(u.key), title=u.name, kind=KIND_UNIT, texts=_weighted(u.name, 3.0)[1:],
                   meta={"count": str(len(u.members)), "issuer": u.issuer}, filters={"loai": [KIND_UNIT]},
                   name_key=(vi_key(u.name), ()), weight=3.0)
            for u in units(campaigns)]


_TITLE = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)
_TAGS = re.compile(r"<[^>]+>")


def content_path(md: Path, docs_dir: Path) -> str:
    """The site path of a hand-written page (content/x.md -> "x/", index.md -> "")."""
    rel = md.relative_to(docs_dir).with_suffix("").as_posix()
    return "" if rel == "index" else (rel[: -len("index")] if rel.endswith("/index") else rel + "/")


def content_records(docs_dir: Path, extensions: list | None = None, extension_configs: dict | None = None) -> list[Record]:
    """Hand-written pages (content/*.md): their text, from the Markdown rendered as the site renders
    it (the renderer's Markdown extensions), so the index can be built before the site is."""
    import markdown
    records = []
    for md in sorted(docs_dir.rglob("*.md")):
        text = md.read_text(encoding="utf-8")
        if text.startswith("---\n"):  # front matter: the renderer's business
            text = text.split("\n---\n", 1)[-1]
        body = markdown.markdown(text, extensions=extensions or [], extension_configs=extension_configs or {})
        path = content_path(md, docs_dir)
        title_match = _TITLE.search(body)
        title = html.unescape(_TAGS.sub("", title_match.group(1))).strip() if title_match else path
        text = html.unescape(_TAGS.sub(" ", _TITLE.sub("", body)))
        records.append(Record(url=path, title=title, kind=KIND_PAGE, texts=_weighted(text, 0.5),
                              filters={"loai": [KIND_PAGE]}, name_key=(vi_key(title), ()), weight=5.0))
    return records


def build_records(campaigns: list[Campaign], today, pages: list[Record]) -> list[Record]:
    """Campaign, list and unit records for the archive, then `pages` (content_records)."""
    records: list[Record] = []
    for c in campaigns:
        code = st.status(c, today)
        records.append(campaign_record(c, code))
        records += list_records(c, code)
    records += unit_records(campaigns)
    records += pages
    return records


def assign_name_ranks(records: list[Record]) -> list[int]:
    """Rank every honoree and every other record by name in Vietnamese order, in one sequence,
    so the search page can sort honorees of different lists and records together. A list's own
    rank (its Pagefind sort key) is that of its first name: lists sorted by it come in the
    order their first honorees would."""
    named = [(s.name_key, r.url, s.anchor, s) for r in records for s in r.sections]
    named += [(r.name_key, r.url, "", r) for r in records if not r.sections]
    named.sort(key=lambda entry: entry[:3])
    rank = {id(entry[3]): position for position, entry in enumerate(named)}
    for r in records:
        for s in r.sections:
            s.rank = rank[id(s)]
    return [min(s.rank for s in r.sections) if r.sections else rank[id(r)] for r in records]


def _paragraphs(texts: list[tuple[str, float]]) -> str:
    return "".join(f'<p data-pagefind-weight="{w:g}">{html.escape(t)}</p>' for t, w in texts if t)


def _section_html(s: Section) -> str:
    return f'<h2 id="{html.escape(s.anchor)}" data-pagefind-weight="10">{html.escape(s.name)}</h2>{_paragraphs(s.texts)}'


# Sixteen ASCII punctuation marks as hexadecimal digits: none is a letter or a digit, none is
# special in HTML, and none is among the characters Pagefind keeps inside words (`_`...).
UNSEARCHABLE_DIGITS = "!#$%()*+,-./:;=?"
_PAIRS = {byte: UNSEARCHABLE_DIGITS[byte >> 4] + UNSEARCHABLE_DIGITS[byte & 15] for byte in range(256)}


def unsearchable(text: str) -> str:
    """Text Pagefind keeps but does not index: each UTF-8 byte as two of UNSEARCHABLE_DIGITS.

    Pagefind 1.5 also indexes metadata as searchable words, so plain metadata would let "phong"
    find every page by its address (phong-trao/…) and a position ("Chuyên viên") find every list,
    and at 100,000 honorees the rows below cost it 3.5 s and 500 MB. Its word splitter drops
    characters that are not letters or digits. Two ASCII characters a byte are a third smaller
    than one Braille pattern (three bytes in UTF-8), for Pagefind and in the fragments a reader
    downloads. search.js decodes it.
    """
    return text.encode("utf-8").decode("latin-1").translate(_PAIRS)  # latin-1: one character per byte


def page_data(record: Record, name_rank: int) -> dict:
    """What the search page shows of a record. A list's honorees are rows in the order of their
    sections, whose anchors Pagefind returns with the ids: [honorific, position, unit, name
    rank]. Honorific and position are indexes into the list's `texts`, the unit into its
    `units` (-1: none): most honorees of a list share a few of each, and every byte here costs
    Pagefind two (`unsearchable`). Another record carries its own name rank."""
    data = {"url": record.url, "kind": record.kind, "title": record.title, **record.meta}
    if not record.sections:
        return {**data, "rank": name_rank}
    units = {unit: i for i, unit in enumerate(record.meta["units"])}
    texts: dict[str, int] = {}

    def text(value: str) -> int:
        return texts.setdefault(value, len(texts)) if value else -1

    rows = [[text(s.shown[0]), text(s.shown[1]), units.get(s.shown[2], -1), s.rank] for s in record.sections]
    return {**data, "texts": list(texts), "rows": rows}


def stub_html(record: Record, name_rank: int) -> str:
    """The HTML Pagefind reads for one record. Everything is escaped: data is text.

    A list has no title heading: the campaign title is indexed once, in the campaign's own
    record, so the list's indexed text is its award form and then one section per honoree.
    """
    e = html.escape
    packed = unsearchable(json.dumps(page_data(record, name_rank), ensure_ascii=False, separators=(",", ":")))
    hidden = [f'<span data-pagefind-meta="d">{packed}</span>',
              f'<span data-pagefind-sort="name:{name_rank:07d}"></span>']
    if record.date:
        hidden.append(f'<span data-pagefind-sort="date:{e(record.date)}"></span>')
    hidden += [f'<span data-pagefind-filter="{k}">{e(v)}</span>' for k, values in record.filters.items()
               for v in values if v]
    if record.sections:
        body = _paragraphs(record.texts) + "".join(_section_html(s) for s in record.sections)
    else:
        body = f'<h1 data-pagefind-weight="{record.weight:g}">{e(record.title)}</h1>' + _paragraphs(record.texts)
    return (f'<!doctype html><html lang="vi"><head><meta charset="utf-8"></head>'
            f'<body><div hidden>{"".join(hidden)}</div><main data-pagefind-body>{body}</main></body></html>')


def write_stubs(records: list[Record], folder: Path) -> None:
    ranks = assign_name_ranks(records)
    for i, record in enumerate(records):
        sub = f"{folder}/{i // 1000:04d}"
        if i % 1000 == 0:
            os.makedirs(sub, exist_ok=True)
        with open(f"{sub}/{i % 1000:03d}.html", "wb") as out:
            out.write(stub_html(record, ranks[i]).encode("utf-8"))


def entries(records: list[Record]) -> int:
    """What a reader can find: every honoree of every list, and every other record."""
    return sum(len(r.sections) or 1 for r in records)


def scratch_dir() -> str | None:
    """Memory-backed /dev/shm where there is one: opening 100,000 small files there is ~8x faster."""
    shm = "/dev/shm"
    return shm if os.path.isdir(shm) and os.access(shm, os.W_OK) else None


SCRATCH_PREFIX = "portal-search-"


def new_scratch(owner: int | None = None) -> tempfile.TemporaryDirectory:
    """A scratch folder for the stubs, named after this process, or after the build `owner` whose
    child this is (`portal-search-<pid>-…`). The folders of builds that were killed are removed
    first: /dev/shm is memory, and nothing else empties it until the machine restarts. A folder
    named without a pid (older code) goes once it is 6 hours old."""
    parent = scratch_dir() or tempfile.gettempdir()
    clear_unowned(Path(parent), SCRATCH_PREFIX, unnamed_age=6 * 3600)
    return tempfile.TemporaryDirectory(prefix=f"{SCRATCH_PREFIX}{owner or os.getpid()}-", dir=parent)


def pagefind_binary() -> list[str]:
    return [sys.executable, "-m", "pagefind_bin"]


# Pagefind's ready-made UIs: the portal has its own search page, so these are not shipped.
UNUSED_BUNDLE_FILES = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
                       "pagefind-modular-ui.js", "pagefind-modular-ui.css", "pagefind-highlight.js")


class Indexing:
    """Pagefind at work on the records' stubs, in a process of its own, so that the build goes on
    beside it (on two cores, it indexes while MkDocs renders)."""

    def __init__(self, records: list[Record], site_dir: Path):
        self.entries = entries(records)
        self._process = None
        self._names: dict[str, bytes] = {}
        self._output = site_dir / "pagefind"
        if self._output.exists():
            shutil.rmtree(self._output)  # Pagefind keeps old files in its output folder otherwise
        self._scratch = new_scratch()
        try:
            write_stubs(records, Path(self._scratch.name))
            self._process = subprocess.Popen(
                [*pagefind_binary(), "--site", self._scratch.name, "--output-path", str(self._output),
                 "--force-language", "vi", "--quiet"],
                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            # The names index (search_names.py) is made while Pagefind indexes, and written into
            # its bundle once Pagefind is done with the folder.
            self._names = search_names.build(records, (KIND_PERSON, KIND_CAMPAIGN, KIND_UNIT))
        except BaseException:
            if self._process is not None:
                self._process.kill()
                self._process.wait()
            self._scratch.cleanup()  # /dev/shm is memory: leave nothing behind
            raise

    def wait(self) -> int:
        """Wait for Pagefind (again: at once); return the number of entries a reader can find."""
        if self._process is not None:
            output, _ = self._process.communicate()
            code, self._process = self._process.returncode, None
            self._scratch.cleanup()
            if code != 0:
                raise RuntimeError(f"Pagefind failed ({code}):\n{output}")
            for name in UNUSED_BUNDLE_FILES:
                (self._output / name).unlink(missing_ok=True)
            search_names.write(self._names, self._output)
            self._names = {}
        return self.entries

    def stop(self) -> None:
        """Stop Pagefind (the build failed elsewhere) and remove its scratch folder."""
        if self._process is not None:
            self._process.kill()
            self._process.wait()
            self._process = None
            self._scratch.cleanup()


def index_records(records: list[Record], site_dir: Path) -> int:
    """Index the records into site_dir/pagefind and wait; return the number of entries a reader can
    find (honorees and other records)."""
    return Indexing(records, site_dir).wait()
