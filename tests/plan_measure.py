"""Measuring how faithfully a page reproduces a plan: the plan's words and structural labels in the
plan's order (a longest common subsequence over word tokens), whitespace, line wraps, Markdown
markup and page numbers aside. Used by the import-plan tests and the example-site tests."""
from __future__ import annotations

import html
import re
import unicodedata

def lcs_length(a: list[str], b: list[str]) -> int:
    """Length of the longest common subsequence of two token lists (bit-parallel, Hyyrö 2004)."""
    masks: dict[str, int] = {}
    for i, token in enumerate(a):
        masks[token] = masks.get(token, 0) | (1 << i)
    full = (1 << len(a)) - 1
    v = full
    for token in b:
        u = v & masks.get(token, 0)
        v = ((v + u) | (v - u)) & full
    return len(a) - bin(v).count("1")


def words(text: str) -> list[str]:
    return re.findall(r"\w+", unicodedata.normalize("NFC", text))


_LABEL = re.compile(r"^(?:[IVX]+\.|\d{1,2}(?:\.\d{1,2})*\.|[a-zđ]\))(?=\s)")
PAGE_NUMBER = re.compile(r"^\d{1,3}$")


def seed_lines(text: str) -> list[str]:
    """The seed's lines as a reader sees them: Markdown markup, blank lines and page numbers aside."""
    out = []
    for line in unicodedata.normalize("NFC", text).splitlines():
        line = re.sub(r"^\s*#+\s*", "", line).replace("**", "").strip()
        if line and not PAGE_NUMBER.match(line):
            out.append(line)
    return out


def seed_labels(text: str) -> list[str]:
    return [m.group(0) for m in (_LABEL.match(line) for line in seed_lines(text)) if m]


def article(page_html: str) -> str:
    match = re.search(r'<article class="plan"[^>]*>(.*?)</article>', page_html, re.S)
    assert match, "the campaign page has no <article class=\"plan\">"
    return match.group(1)


def page_text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", fragment))


def page_labels(fragment: str) -> list[str]:
    labels = [html.unescape(x).strip() for x in re.findall(r'<span class="plan-label">([^<]*)</span>', fragment)]
    return [x for x in labels if x not in ("-", "+", "•", "–", "—")]


def measure(seed_text: str, page_html: str) -> tuple[float, float]:
    plan_words = words(" ".join(seed_lines(seed_text)))
    shown = words(page_text(article(page_html)))
    plan_labels, shown_labels = seed_labels(seed_text), page_labels(article(page_html))
    return (lcs_length(plan_words, shown) / len(plan_words),
            lcs_length(plan_labels, shown_labels) / len(plan_labels))


