"""Feeds for the department's news page: RSS 2.0, Atom 1.0 and JSON Feed 1.1.

Items are campaigns (launched or updated) and award decisions, newest first. Dates come
from the data and the build day only, so the same input gives the same bytes.
"""
from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from email.utils import format_datetime

from .model import Campaign
from .text import xml_text
from .listing import period_text
from .urls import campaign_path
from . import wording

FEED_SIZE = 50
RSS, ATOM, JSONFEED = "feed.xml", "atom.xml", "feed.json"
VN = dt.timezone(dt.timedelta(hours=7))


@dataclass
class FeedItem:
    id: str
    title: str
    summary: str
    url: str
    date: dt.date


def campaign_date(c: Campaign, today: dt.date) -> dt.date:
    """The plan's signing date; without one, its start, or the build day for a plan announced
    before its period starts (so an upcoming campaign is in the feed now, not when it begins)."""
    return c.doc_date or min(c.period.start or c.period.end, today)


def items(campaigns: list[Campaign], base_url: str, today: dt.date) -> list[FeedItem]:
    out: list[FeedItem] = []
    for c in campaigns:
        url = base_url + campaign_path(c.id)
        out.append(FeedItem(f"{url}#ke-hoach", f"{c.document_type}: {c.title}",
                            c.summary or f"{c.issuer_name}. {period_text(c)}.", url, campaign_date(c, today)))
        for d in c.decisions:  # the archive is as of `today`: later decisions are not in it
            count = sum(1 for h in c.honorees if h.decision is d)
            out.append(FeedItem(
                f"{url}#qd-{d.number}", f"Quyết định khen thưởng số {d.number} ({c.label})",
                f"{wording.decision_text(d)} khen thưởng {wording.number_vn(count)} tập thể, cá nhân "
                f"trong phong trào {c.title}.", f"{url}#danh-sach-khen-thuong", d.date))
    out.sort(key=lambda i: (i.date, i.id), reverse=True)
    return out[:FEED_SIZE]


def _moment(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(8, 0), VN)


def _add(parent: ET.Element, tag: str, text: str | None = None, attrs: dict[str, str] | None = None) -> ET.Element:
    """A child element. Its text and attributes lose any character XML 1.0 cannot hold (ElementTree
    would write them as they are and the feed would not parse): validation refuses them in the
    data, this keeps every feed well-formed whatever reaches it (the site name comes from mkdocs.yml)."""
    element = ET.SubElement(parent, tag, {k: xml_text(v) for k, v in (attrs or {}).items()})
    if text is not None:
        element.text = xml_text(text)
    return element


def rss(entries: list[FeedItem], title: str, base_url: str, today: dt.date) -> bytes:
    root = ET.Element("rss", {"version": "2.0", "xmlns:atom": "http://www.w3.org/2005/Atom"})
    channel = ET.SubElement(root, "channel")
    for tag, text in (("title", title), ("link", base_url), ("description", f"Phong trào thi đua và quyết định "
                                                                             f"khen thưởng - {title}"),
                      ("language", "vi"), ("lastBuildDate", format_datetime(_moment(today)))):
        _add(channel, tag, text)
    _add(channel, "atom:link", attrs={"href": base_url + RSS, "rel": "self", "type": "application/rss+xml"})
    for e in entries:
        item = ET.SubElement(channel, "item")
        _add(item, "title", e.title)
        _add(item, "link", e.url)
        _add(item, "description", e.summary)
        _add(item, "guid", e.id, {"isPermaLink": "false"})
        _add(item, "pubDate", format_datetime(_moment(e.date)))
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="utf-8", xml_declaration=False)


def atom(entries: list[FeedItem], title: str, base_url: str, today: dt.date) -> bytes:
    ns = "http://www.w3.org/2005/Atom"
    root = ET.Element("feed", {"xmlns": ns, "xml:lang": "vi"})
    _add(root, "title", title)
    _add(root, "id", base_url)
    _add(root, "updated", _moment(max([e.date for e in entries], default=today)).isoformat())
    _add(root, "link", attrs={"href": base_url + ATOM, "rel": "self"})
    _add(root, "link", attrs={"href": base_url})
    author = ET.SubElement(root, "author")
    _add(author, "name", title)
    for e in entries:
        entry = ET.SubElement(root, "entry")
        _add(entry, "title", e.title)
        _add(entry, "id", e.id)
        _add(entry, "link", attrs={"href": e.url})
        _add(entry, "updated", _moment(e.date).isoformat())
        _add(entry, "summary", e.summary)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="utf-8", xml_declaration=False)


def json_feed(entries: list[FeedItem], title: str, base_url: str) -> bytes:
    document = {
        "version": "https://jsonfeed.org/version/1.1", "title": title, "home_page_url": base_url,
        "feed_url": base_url + JSONFEED, "language": "vi",
        "items": [{"id": e.id, "url": e.url, "title": e.title, "content_text": e.summary,
                   "date_published": _moment(e.date).isoformat()} for e in entries],
    }
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def feed_files(campaigns: list[Campaign], title: str, base_url: str, today: dt.date) -> dict[str, bytes]:
    entries = items(campaigns, base_url, today)
    return {RSS: rss(entries, title, base_url, today), ATOM: atom(entries, title, base_url, today),
            JSONFEED: json_feed(entries, title, base_url)}
