"""Pages of the public site, as data: path, title, description and an HTML body.

This is the whole site minus the theme. A renderer adapter (scripts/portal_mkdocs.py) wraps each
body in the Material layout; another renderer could take the same pages.
Templates in templates/ only print what the view functions prepared here.
"""
from __future__ import annotations

import datetime as dt
import heapq
import html
import posixpath
from urllib.parse import quote
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Callable
from operator import itemgetter

from markupsafe import Markup

from . import status as st
from .memo import MEMO
from . import planview
from . import statsview
from .model import Archive, AwardForm, Campaign, Honoree
from .planview import period_text, timeline_events
from .render import render
from .schema import KIND_LABELS
from .text import (date_vn, initial_letter, letter_rank, person_key, slug,
                   vi_key, yaml_string)

LIST_PAGE_SIZE = 1000
RECENT_HONOREES = 12


@dataclass
class SitePage:
    path: str  # site-relative directory path: "" for home, "phong-trao/abc/"
    title: str
    source: str | Callable[[], str]  # the HTML body, or what makes it when the renderer first asks
    description: str = ""
    kind: str = "page"
    search_exclude: bool = False
    extra: dict = field(default_factory=dict)
    _made: str | None = field(default=None, repr=False, compare=False)

    @property
    def body(self) -> str:
        if self._made is None:
            self._made = self.source() if callable(self.source) else self.source
        return self._made

    def release(self) -> None:
        """Forget a made body (once the renderer has written the page), so that a large site's
        pages are never all in memory at once; asking for the body again makes it again."""
        if callable(self.source):
            self._made = None

    @property
    def src(self) -> str:
        return f"{self.path}index.md"

    def front_matter(self) -> str:
        """Title, description and kind as YAML front matter. Title and description are HTML-escaped:
        Material's templates print them unescaped. Values are written as YAML double-quoted scalars
        by text.yaml_string (many times faster than a YAML dumper; JSON's surrogate pairs for
        characters such as 🇻🇳 are not valid YAML, and MkDocs drops front matter it cannot read)."""
        meta = {"title": html.escape(self.title), "description": html.escape(self.description), "kind": self.kind}
        lines = [f"{key}: {yaml_string(value)}" for key, value in meta.items()]
        if self.search_exclude:
            lines.append("search_exclude: true")
        return "---\n" + "\n".join(lines) + "\n---\n\n"

    def as_markdown(self) -> str:
        """The page as a Markdown file: front matter, then the HTML body (Markdown leaves it as is)."""
        return self.front_matter() + self.body

    def toc(self) -> list[dict]:
        """The page's table of contents, the same for every renderer: its headings (toc.py)."""
        from .toc import table_of_contents
        return table_of_contents(self.body)


@dataclass
class SiteInfo:
    name: str
    today: dt.date
    issuer: str = ""


# --- paths: one place for every URL the site has ----------------------------------------

def campaign_path(campaign_id: str) -> str:
    return f"phong-trao/{campaign_id}/"


def honoree_path(honoree: Honoree) -> str:
    return f"{campaign_path(honoree.campaign_id)}#{honoree.id}"


def unit_path(unit: str) -> str:
    return f"don-vi/{slug(unit)}/"


def year_path(year: int) -> str:
    return f"nam/{year}/"


def letter_path(letter_slug: str, page: int = 1) -> str:
    return f"khen-thuong/{letter_slug}/" + (f"{page}/" if page > 1 else "")


def print_path(campaign_id: str, decision_number: str | None = None) -> str:
    return campaign_path(campaign_id) + "in/" + (f"{slug(decision_number)}/" if decision_number else "")


def attachment_path(campaign_id: str, file: str) -> str:
    """Where a campaign's attached file is published: at its own path inside the campaign folder.
    Links to it are percent-encoded (a name may hold '#', '?' or spaces)."""
    return f"{campaign_path(campaign_id)}tep/{file}"


def plan_print_path(campaign_id: str) -> str:
    """The A4 print view of the plan itself, laid out as the signed document."""
    return f"{campaign_path(campaign_id)}van-ban/"


def campaign_data_path(campaign_id: str, ext: str) -> str:
    return f"data/phong-trao/{campaign_id}.{ext}"


def rel(from_path: str, to_path: str) -> str:
    """Relative link between two site paths (directories ending in "/"), so the site works under
    any sub-path: below the page, the rest of the path; elsewhere, up to the root and down."""
    target, _, anchor = to_path.partition("#")
    if target == from_path and anchor:
        return f"#{anchor}"
    if target.startswith(from_path):
        link = target[len(from_path):] or "./"
    else:
        link = "../" * from_path.count("/") + target
    return link + (f"#{anchor}" if anchor else "")


# --- small formatters ---------------------------------------------------------------------

def decision_text(honoree: Honoree) -> str:
    d = honoree.decision
    if not d:
        return ""
    signer = f" của {d.signer}" if d.signer else ""
    return f"Quyết định số {d.number} ngày {date_vn(d.date)}{signer}"


def status_view(campaign: Campaign, today: dt.date) -> dict:
    code = st.status(campaign, today)
    view = {"code": code, "label": st.LABELS[code], "days_left": None}
    if code == st.RUNNING:
        view["days_left"] = st.days_left(campaign, today)
    return view


# --- honorees -----------------------------------------------------------------------------

def honoree_entry(h: Honoree, page_path: str, campaigns: dict[str, Campaign], with_campaign: bool) -> dict:
    campaign = campaigns[h.campaign_id]
    return {
        "id": h.id, "name": h.name, "honorific": h.honorific, "position": h.position, "is_person": h.is_person,
        "unit": h.unit, "unit_url": rel(page_path, unit_path(h.unit)) if h.unit else "",
        "award": h.award.name, "decision": decision_text(h), "citation": h.citation,
        "url": rel(page_path, honoree_path(h)),
        "campaign": campaign.label if with_campaign else "", "campaign_url": rel(page_path, campaign_path(campaign.id)),
        "year": campaign.year,
    }


# Each honoree appears on up to four pages (campaign, unit, A-Z list, home). A campaign's entries
# are rendered in one template call (a call per entry costs far more), cut apart after each _SEP,
# with links from the site root behind _ROOT, which becomes "../" x depth on each page. Both are
# markup, never text: autoescaping turns every "<" that comes from data into "&lt;", so no name,
# whatever characters it holds, can make or break them (private-use characters once did).
_ROOT = Markup("<!--root-->")
_SEP = Markup("<!--/entry-->")
_URL_KEYS = ("unit_url", "url", "campaign_url")


def campaign_entries(campaign: Campaign, campaigns: dict[str, Campaign], with_campaign: bool,
                     anchor: bool) -> dict[str, str]:
    """Honoree id -> entry HTML (links from the site root behind _ROOT) for a whole campaign,
    rendered in one template call and split apart."""
    entries = []
    for h in campaign.honorees:
        entry = honoree_entry(h, "", campaigns, with_campaign)
        entry.update({k: _ROOT + entry[k] for k in _URL_KEYS if entry[k]})  # Markup + str escapes the str
        entries.append(entry)
    html_text = render("honoree_entries.html", entries=entries, show_campaign=with_campaign, anchor=anchor, sep=_SEP)
    pieces = html_text.split(_SEP)
    if len(pieces) != len(entries) + 1:  # the template writes one separator after each entry, and only there
        raise RuntimeError(f"honoree_entries.html: {len(pieces) - 1} separators for {len(entries)} entries")
    return dict(zip((h.id for h in campaign.honorees), pieces))


def _listed(campaign: Campaign, campaigns: dict[str, Campaign]) -> dict[str, bytes]:
    """A campaign's entries as listed beside other campaigns' (with the campaign named), made once
    per campaign object: unit pages, A-Z pages and the home page share them. Kept as UTF-8, half
    the memory of Vietnamese text in Python strings: they are all held while the lists render."""
    def make() -> dict[str, bytes]:
        return {key: entry.encode("utf-8") for key, entry in campaign_entries(campaign, campaigns, True, False).items()}
    return MEMO.get("listed entries", (campaign,), (), make)


def honorees_html(honorees: list[Honoree], page_path: str, campaigns: dict[str, Campaign]) -> Markup:
    """Entries (with their campaign) for a listing, as one piece of HTML."""
    by_campaign = {cid: _listed(campaigns[cid], campaigns) for cid in {h.campaign_id for h in honorees}}
    joined = b"".join([by_campaign[h.campaign_id][h.id] for h in honorees]).decode("utf-8")
    return Markup(joined.replace(_ROOT, "../" * page_path.count("/")))


HONOREE_KINDS = (("tap-the", "Tập thể"), ("ca-nhan", "Cá nhân"))


def by_award(honorees: list[Honoree]) -> list[tuple[AwardForm, list[tuple[str, list[Honoree]]]]]:
    """The listing order of an award decision: award forms by precedence, then collectives before
    individuals, each in file order. Empty forms and kinds are left out."""
    by_form: dict[str, list[Honoree]] = defaultdict(list)
    for h in honorees:
        by_form[h.award.name].append(h)
    forms = sorted({h.award.name: h.award for h in honorees}.values(), key=lambda f: (f.rank, f.order))
    return [(form, [(kind, [h for h in by_form[form.name] if h.type == kind]) for kind, _ in HONOREE_KINDS
                    if any(h.type == kind for h in by_form[form.name])])
            for form in forms]


def honoree_groups(campaign: Campaign, page_path: str, campaigns: dict[str, Campaign]) -> list[dict]:
    """Honorees by award form in order of precedence; collectives, then individuals."""
    labels = dict(HONOREE_KINDS)
    entries = campaign_entries(campaign, campaigns, False, anchor=True)
    prefix = "../" * page_path.count("/")
    return [{"award": form.name, "id": f"ht-{slug(form.name)}", "count": sum(len(m) for _, m in parts),
             "parts": [{"label": labels[kind], "count": len(members),
                        "entries": Markup("".join(entries[h.id] for h in members).replace(_ROOT, prefix))}
                       for kind, members in parts]}
            for form, parts in by_award(campaign.honorees)]


def running_campaigns(campaigns: list[Campaign], today: dt.date) -> list[Campaign]:
    """Campaigns in their period on `today`, the soonest to end first."""
    return sorted((c for c in campaigns if st.status(c, today) == st.RUNNING), key=lambda c: c.period.end)


def recently_honoured(campaigns: list[Campaign], count: int) -> list[Honoree]:
    """The latest honours: newest decision first, then by award precedence and list order."""
    def latest(honorees) -> list[Honoree]:
        return heapq.nlargest(count, (h for h in honorees if h.decision),
                              key=lambda h: (h.decision.date, -h.award.rank, -h.order))
    return latest(h for c in campaigns for h in MEMO.get("latest", (c,), (count,), lambda c=c: latest(c.honorees)))


# --- pages ----------------------------------------------------------------------------------

def build_pages(archive: Archive, site: SiteInfo, figures: dict | None = None,
                all_units: list[Unit] | None = None) -> list[SitePage]:
    """Every themed page. Pages that depend on few campaigns come from the memo when those
    campaigns did not change (see memo.py); pages over the whole archive are made anew.
    `figures` (stats.figures of the archive) adds the statistics page; `all_units` is units() of
    the archive when the caller has it already."""
    campaigns = archive.published
    by_id = {c.id: c for c in campaigns}
    options = (site.today, site.name, site.issuer)
    pages = [home_page(campaigns, by_id, site), campaigns_page(campaigns, site)]
    pages += [MEMO.get("campaign page", (c,), options, lambda c=c: campaign_page(c, by_id, site)) for c in campaigns]
    pages += year_pages(campaigns, site)
    pages += unit_pages(campaigns, by_id, site.today, all_units)
    pages += honoree_list_pages(campaigns, by_id)
    if figures is not None:
        pages.append(statsview.stats_page(figures, site.today))
    pages.append(search_page())
    return pages


def _campaign_card(c: Campaign, page_path: str, today: dt.date) -> dict:
    return {"title": c.title, "url": rel(page_path, campaign_path(c.id)), "issuer": c.issuer_name,
            "period": period_text(c), "status": status_view(c, today), "year": c.year,
            "kind": KIND_LABELS.get(c.kind, ""), "summary": c.summary, "honorees": len(c.honorees)}


def _sorted_campaigns(campaigns: list[Campaign]) -> list[Campaign]:
    return sorted(campaigns, key=lambda c: (c.period.end, c.id), reverse=True)


def home_page(campaigns: list[Campaign], by_id: dict[str, Campaign], site: SiteInfo) -> SitePage:
    today = site.today
    running = running_campaigns(campaigns, today)
    upcoming_dates = [(when, shown, what, c) for c in campaigns if st.status(c, today) != st.CONCLUDED
                      for when, shown, what in timeline_events(c) if when >= today]
    upcoming_dates.sort(key=lambda x: (x[0], x[3].id))
    body = render(
        "home.html",
        site=site.name,
        today=date_vn(today),
        running=[_campaign_card(c, "", today) for c in running],
        deadlines=[{"date": shown, "what": w, "campaign": c.title, "url": rel("", campaign_path(c.id)),
                    "days": (d - today).days} for d, shown, w, c in upcoming_dates[:8]],
        recent=honorees_html(recently_honoured(campaigns, RECENT_HONOREES), "", by_id),
        counts={"campaigns": len(campaigns), "honorees": sum(len(c.honorees) for c in campaigns)},
    )
    return SitePage("", "Trang chủ", body, f"Các phong trào thi đua và khen thưởng của {site.issuer or site.name}.",
                    kind="home")


def campaigns_page(campaigns: list[Campaign], site: SiteInfo) -> SitePage:
    path = "phong-trao/"
    groups = []
    newest_first = _sorted_campaigns(campaigns)
    for code in st.ORDER:
        chosen = [c for c in newest_first if st.status(c, site.today) == code]
        if chosen:
            groups.append({"label": st.LABELS[code], "code": code,
                           "campaigns": [_campaign_card(c, path, site.today) for c in chosen]})
    years = sorted({c.year for c in campaigns}, reverse=True)
    body = render("campaigns.html", groups=groups,
                  years=[{"year": y, "url": rel(path, year_path(y))} for y in years])
    return SitePage(path, "Phong trào thi đua", body, "Danh sách các phong trào thi đua, trạng thái và thời gian.",
                    kind="list")


def campaign_page(c: Campaign, by_id: dict[str, Campaign], site: SiteInfo) -> SitePage:
    description = c.summary or f"{c.document_kind} {c.title} của {c.issuer_name}. {period_text(c)}."
    return SitePage(campaign_path(c.id), c.title, lambda: campaign_body(c, by_id, site), description, kind="campaign",
                    extra={"campaign": c.id})


def campaign_body(c: Campaign, by_id: dict[str, Campaign], site: SiteInfo) -> str:
    path = campaign_path(c.id)
    return render(
        "campaign.html",
        d=planview.document(c),
        stats=statsview.campaign_block(c, site.today),
        f=planview.facts(c, site.today),
        c={
            "title": c.title, "document_kind": c.document_kind, "year": c.year,
            "year_url": rel(path, year_path(c.year)), "status": status_view(c, site.today),
            "attachments": [{"title": a.title, "url": quote(rel(path, attachment_path(c.id, a.file))),
                             "type": posixpath.splitext(a.file)[1].lstrip(".").upper(),
                             "size": f"{max(1, a.size // 1024)} KB"} for a in c.attachments],
            "example": c.example_data, "groups": honoree_groups(c, path, by_id), "honoree_count": len(c.honorees),
            "decisions": [{"number": d.number, "date": date_vn(d.date), "signer": d.signer, "title": d.title}
                          for d in c.decisions],
            "downloads": _downloads(c, path),
        },
    )


def _downloads(c: Campaign, path: str) -> dict:
    """Links to the print views and data files of one campaign (paths fixed in printview/opendata)."""
    prints = [{"label": "Toàn bộ danh sách (A4)", "url": rel(path, print_path(c.id))}]
    prints += [{"label": f"Quyết định số {d.number}", "url": rel(path, print_path(c.id, d.number))}
               for d in c.decisions if any(h.decision is d for h in c.honorees)]
    formats = (("csv", "CSV, mở bằng Excel"), ("xlsx", "Excel"), ("json", "JSON")) if c.honorees else (("json", "JSON"),)
    data = [{"label": label, "url": rel(path, campaign_data_path(c.id, ext))} for ext, label in formats]
    return {"plan": rel(path, plan_print_path(c.id)), "prints": prints if c.honorees else [], "data": data}


def year_pages(campaigns: list[Campaign], site: SiteInfo) -> list[SitePage]:
    by_year: dict[int, list[Campaign]] = defaultdict(list)
    for c in campaigns:
        by_year[c.year].append(c)
    years = sorted(by_year, reverse=True)
    index = render("years.html", years=[{"year": y, "url": rel("nam/", year_path(y)), "count": len(by_year[y]),
                                         "honorees": sum(len(c.honorees) for c in by_year[y])} for y in years])
    pages = [SitePage("nam/", "Lưu trữ theo năm", index, "Các phong trào thi đua theo năm.", kind="list")]
    for y in years:
        path = year_path(y)
        cards = [_campaign_card(c, path, site.today) for c in _sorted_campaigns(by_year[y])]
        body = render("year.html", year=y, campaigns=cards, back=rel(path, "nam/"),
                      stats=statsview.year_block(y, by_year[y], site.today))
        pages.append(SitePage(path, f"Năm {y}", body, f"Các phong trào thi đua năm {y}.", kind="list"))
    return pages


@dataclass
class Unit:
    key: str  # the slug: its page is don-vi/<key>/
    name: str  # the spelling used most often
    spellings: list[str]
    members: list[Honoree]  # the unit itself when honoured as a collective, and its people


def _unit_memberships(c: Campaign) -> list[tuple[str, str, Honoree]]:
    """(unit slug, spelling, honoree): the units a campaign's honorees belong to, or are."""
    found = []
    for h in c.honorees:
        spellings = [h.unit] if h.unit else []
        if not h.is_person and h.name != h.unit:
            spellings.append(h.name)
        found += [(slug(unit), unit, h) for unit in spellings]
    return found


def units(campaigns: list[Campaign]) -> list[Unit]:
    """Every unit honoured or with honoured people, in Vietnamese order; one rule for the unit
    pages and the search records. Spellings that slug alike are one unit."""
    members: dict[str, list[Honoree]] = defaultdict(list)
    names: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for c in campaigns:
        for key, unit, h in MEMO.get("unit memberships", (c,), (), lambda c=c: _unit_memberships(c)):
            members[key].append(h)
            names[key][unit] += 1
    found = []
    for key, counts in names.items():
        name = max(counts, key=lambda n: (counts[n], n))
        found.append(Unit(key, name, sorted(counts), members[key]))
    return sorted(found, key=lambda u: vi_key(u.name))


def unit_pages(campaigns: list[Campaign], by_id: dict[str, Campaign], today: dt.date,
               all_units: list[Unit] | None = None) -> list[SitePage]:
    """A page per unit: honours to the unit itself and to its people, newest first."""
    all_units = units(campaigns) if all_units is None else all_units
    members = {u.key: u.members for u in all_units}
    names = {u.key: u.spellings for u in all_units}
    display = {u.key: u.name for u in all_units}
    pages = []
    order = [u.key for u in all_units]
    index_entries = [{"name": display[k], "url": rel("don-vi/", f"don-vi/{k}/"), "count": len(members[k])}
                     for k in order]
    pages.append(SitePage("don-vi/", "Đơn vị", render("units.html", units=index_entries),
                          "Các đơn vị và cá nhân, tập thể thuộc đơn vị đã được khen thưởng.", kind="list"))
    for key in order:
        others = tuple(sorted(set(names[key]) - {display[key]}))
        def body(key=key, others=others) -> str:
            return MEMO.get("unit page", tuple(members[key]), (key, display[key], others, today),
                            lambda: _unit_body(key, display[key], others, members[key], by_id, today))
        pages.append(SitePage(f"don-vi/{key}/", display[key], body, f"Khen thưởng của {display[key]} và cá nhân, "
                                                                    "tập thể thuộc đơn vị.", kind="unit"))
    return pages


def _unit_body(key: str, name: str, others: tuple, members: list[Honoree], by_id: dict[str, Campaign],
               today: dt.date) -> str:
    path = f"don-vi/{key}/"
    honours = sorted(members, key=lambda h: (-by_id[h.campaign_id].year, h.award.rank, person_key(h.name)))
    own = [h for h in honours if not h.is_person and slug(h.name) == key]
    people = [h for h in honours if h.is_person or slug(h.name) != key]
    return render("unit.html", name=name, own=honorees_html(own, path, by_id), people=honorees_html(people, path, by_id),
                  aliases=list(others), back=rel(path, "don-vi/"),
                  stats=statsview.unit_block(key, members, by_id, today))


# Letters with marks are letters of their own in Vietnamese: each gets its own address (Telex style).
_LETTER_SLUGS = {"Ă": "aw", "Â": "aa", "Đ": "dd", "Ê": "ee", "Ô": "oo", "Ơ": "ow", "Ư": "uw"}


def _letter_slug(letter: str) -> str:
    return _LETTER_SLUGS.get(letter) or slug(letter) or "khac"


def _filing(c: Campaign) -> list[tuple[tuple, str, Honoree]]:
    """(sort key, letter, honoree) for a campaign's honorees: by given name, then campaign and id."""
    return [((person_key(h.name) if h.is_person else (vi_key(h.name), ()), h.campaign_id, h.id),
             initial_letter(h.name, h.is_person), h) for h in c.honorees]


def honoree_list_pages(campaigns: list[Campaign], by_id: dict[str, Campaign]) -> list[SitePage]:
    """Everyone honoured, in Vietnamese alphabetical order by given name, filed by letter."""
    filed = [entry for c in campaigns for entry in MEMO.get("a-z filing", (c,), (), lambda c=c: _filing(c))]
    filed.sort(key=itemgetter(0))
    everyone = [h for _, _, h in filed]
    by_letter: dict[str, list[Honoree]] = defaultdict(list)
    for _, letter, h in filed:
        by_letter[letter].append(h)
    letters = sorted(by_letter, key=letter_rank)
    single = len(everyone) <= LIST_PAGE_SIZE
    index_path = "khen-thuong/"
    pages = []
    nav = [{"letter": x, "count": len(by_letter[x]),
            "url": f"#chu-{_letter_slug(x)}" if single else rel(index_path, letter_path(_letter_slug(x)))}
           for x in letters]
    sections = []
    if single:
        sections = [{"letter": x, "id": f"chu-{_letter_slug(x)}",
                     "entries": honorees_html(by_letter[x], index_path, by_id)} for x in letters]
    body = render("honorees.html", letters=nav, sections=sections, total=len(everyone), pager=None)
    pages.append(SitePage(index_path, "Danh sách khen thưởng", body,
                          "Tất cả cá nhân, tập thể được khen thưởng, xếp theo tên.", kind="list"))
    if single:
        return pages
    for x in letters:
        chunks = [by_letter[x][i:i + LIST_PAGE_SIZE] for i in range(0, len(by_letter[x]), LIST_PAGE_SIZE)]
        for number, chunk in enumerate(chunks, start=1):
            path = letter_path(_letter_slug(x), number)
            pager = [{"number": k, "url": rel(path, letter_path(_letter_slug(x), k)), "current": k == number}
                     for k in range(1, len(chunks) + 1)] if len(chunks) > 1 else None
            letters_here = [{**entry, "url": rel(path, letter_path(_letter_slug(entry["letter"])))}
                            for entry in nav]
            def body(path=path, chunk=chunk, pager=pager, letters_here=letters_here, x=x, pages=len(chunks)) -> str:
                # `pages` is bound now: read in the closure, len(chunks) would be the last letter's count.
                return MEMO.get("letter page", tuple(chunk),
                                (path, len(everyone), tuple((e["letter"], e["count"]) for e in nav), pages),
                                lambda: render("honorees.html", letters=letters_here, total=len(everyone), pager=pager,
                                               sections=[{"letter": x, "id": f"chu-{_letter_slug(x)}",
                                                          "entries": honorees_html(chunk, path, by_id)}]))
            title = f"Khen thưởng: tên bắt đầu bằng {x}" + (f" (trang {number})" if number > 1 else "")
            pages.append(SitePage(path, title, body, f"Cá nhân, tập thể được khen thưởng có tên bắt đầu bằng {x}.",
                                  kind="list"))
    return pages


def redirect_files(campaigns: list[Campaign]) -> dict[str, bytes]:
    """Old campaign addresses (former_ids) keep working: a page that forwards to the new one."""
    files = {}
    for c in campaigns:
        for old in c.former_ids:
            target = rel(campaign_path(old), campaign_path(c.id))
            script = rel(campaign_path(old), "assets/redirect.js")
            files[campaign_path(old) + "index.html"] = render("redirect.html", title=c.title, url=target,
                                                              script=script).encode()
    return files


def search_page() -> SitePage:
    return SitePage("tim-kiem/", "Tìm kiếm", render("search.html"),
                    "Tìm người, tập thể được khen thưởng và các phong trào thi đua.", kind="search",
                    search_exclude=True)
