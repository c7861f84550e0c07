"""The names index: what Pagefind lacks for Vietnamese person names, built at index time.

Pagefind finds words; people look for a name. This index holds every individual honoree as a
row, ordered by name, so the search page can find a person with a few small fetches, rank
exact spellings first, read Telex or VNI typed without an input method and correct a typo
against the archive's own names (overrides/assets/search.js reads it). It is written into the
Pagefind bundle (`pagefind/ten/`), so the preview, which links the last build's bundle, has it.

THE CONTRACT (format 1). search.js reads exactly this; tests/test_search_names.py checks both sides.

Orders. Every individual is one row. Rows are sorted two ways:
  G: `text.person_key(name)` (given name first, Vietnamese order), then the newest year first,
     then the order of the lists in the index; a row's position in G is its id.
  F: the family name's letters (`text.tone_free`), then G.
Namesakes (the same name as written) are consecutive in both, newest first. The rows whose
given name has the same letters (tone aside) are one run in G ("block"), and so are those
whose family name has the same letters in F; within a G block, rows are ordered by family name.

`pagefind/ten/index.json`, fetched first (the search page preloads it):
  v        1, this format
  build    the folder of the other files: `pagefind/ten/<build>/` (a hash of their content)
  page     rows per page (P); page k holds rows k*P ... k*P+P-1 of its order
  rows     the number of rows
  w        every word of a name as written (exact text), sorted by fold then Vietnamese order
  wf, wl   per word: index into f (its `text.fold`) and into l (its `text.tone_free`)
  wc       per word: [rows with it as given name, as family name, as a middle name]
  f        the folds of the words, sorted; fr: rows holding a word of that fold (each row once);
           fn: distinct names holding one (their list is n<i>.json, i the fold's index)
  l        the letters of the words, in Vietnamese order (index order is sort order)
  gb, fb   [letters, start, end]: the G block of a given name's letters, the F block of a
           family name's letters, as row ranges [start, end)
  gk, fk   per G page [given letters, family letters, first middle name's letters or -1] of
           its first row; per F page [family letters, given letters, middle letters or -1]
  c        campaigns: [page path, label, year, status index]
  li       the lists of individuals, by campaign: [campaign, award form, award form, ...], each
           award form one list; a list's index counts them in this order
  lp       {list index: page path} for lists on a page of their own (a long list's pages), not
           on their campaign's page
  a, u, p, h, s   award forms, units, positions, honorifics ("" first), campaign statuses

`<build>/g<k>.json` and `<build>/f<k>.json`, page k of G or F:
  n        namesake runs in page order: [word, ..., word, rows]
  l, u, p  per row: list, unit (-1: none), position (-1: none); h: honorifics, one digit a row
  x        {row in page: anchor}: a row's anchor on its campaign page is the folds of its words
           joined by "-" (its id), except where x says: a number k for "-k" after that, or the id
  g        (F pages only) each row's id, the first as is, the others as the difference from the one
           before
`<build>/n<i>.json`: every distinct name holding a word of fold f[i], in G order:
  n        [G start minus the previous entry's G start, F start, rows, word, ..., word]
`<build>/dv.json`: what units and campaigns are found by:
  dv       the unit pages: [name (index into u, or the name itself), page path, honours, issuing body]
  ct       {campaign index: its full title}, for campaigns whose label is shorter

Everything is JSON (the documented nginx serves `.json` gzipped). search.js folds what is
typed as `text.fold` and `text.tone_free` do; the tests compare the two on every word.
"""
from __future__ import annotations

import hashlib
import json
import os
from collections import defaultdict
from pathlib import Path

from .text import fold, tone_free, vi_key

FORMAT = 1
PAGE_ROWS = 512
FOLDER = "ten"  # inside the Pagefind bundle


class Name:
    """One distinct name as written, shared by its namesakes' rows."""
    __slots__ = ("text", "words", "key", "rank", "ids", "anchor")

    def __init__(self, text: str, key: tuple):
        self.text, self.words, self.key = text, text.split(" "), key
        self.rank = 0
        self.ids: list[int] = []
        self.anchor = ""  # the anchor its rows have unless told otherwise: the words' folds joined by "-"


def _dump(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def collect(records, kinds: tuple[str, str, str]) -> tuple[list[tuple], dict[str, Name], dict, list[list]]:
    """The rows (individuals of the lists), their names and the tables, from thidua.search records.
    kinds: the record kinds of individuals' lists, of campaigns and of units. A row is
    (name, -year, record order, section order, list, unit, position, honorific, anchor); the
    unit pages are [name, path, honours], the titles {campaign index: title} where the label is
    shorter."""
    person_kind, campaign_kind, unit_kind = kinds
    campaigns: dict[str, int] = {}
    table_c: list[list] = []
    titles: dict[int, str] = {}  # a campaign's full title, where its label is shorter
    statuses: list[str] = []
    for r in records:
        if r.kind == campaign_kind:
            status = r.filters.get("trang_thai", [""])[0]
            if status not in statuses:
                statuses.append(status)
            label = r.filters.get("phong_trao", [r.title])[0]
            campaigns[r.url] = len(table_c)
            table_c.append([r.url, label, int(r.meta.get("year") or 0), statuses.index(status)])
            if r.title != label:
                titles[len(table_c) - 1] = r.title
    awards: dict[str, int] = {}
    lists: list[list[int]] = []
    pages: dict[str, str] = {}  # list index -> its own page, where that is not the campaign's
    list_count = 0
    rows: list[tuple] = []
    names: dict[str, Name] = {}
    for order, r in enumerate(records):
        if r.kind != person_kind or not r.sections:
            continue
        page = r.url.split("#", 1)[0]
        path = r.owner or page
        if page != path:
            pages[str(list_count)] = page
        if path not in campaigns:  # a list without its campaign record: not expected, kept findable
            campaigns[path] = len(table_c)
            table_c.append([path, r.meta.get("campaign", ""), int(r.meta.get("year") or 0), 0])
        year = int(r.meta.get("year") or 0)
        index = list_count
        list_count += 1
        award = awards.setdefault(r.title, len(awards))
        if lists and lists[-1][0] == campaigns[path]:
            lists[-1].append(award)
        else:
            lists.append([campaigns[path], award])
        for n, s in enumerate(r.sections):
            name = names.get(s.name)
            if name is None:
                name = names[s.name] = Name(s.name, s.name_key)
            honorific, position, unit = s.shown
            rows.append((name, -year, order, n, index, unit, position, honorific, s.anchor))
    unit_pages = [[r.title, r.url, int(r.meta.get("count") or 0), r.meta.get("issuer", "")]
                  for r in records if r.kind == unit_kind]
    tables = {"c": table_c, "li": lists, "lp": pages, "a": list(awards), "s": statuses}
    return rows, names, tables, (unit_pages, titles)


def _anchor_code(anchor: str, name: Name):
    """None when the anchor is the name's usual one, k when it is that and "-k", else the anchor."""
    base = name.anchor
    if anchor == base:
        return None
    tail = anchor[len(base) + 1:]
    if anchor.startswith(base + "-") and tail.isdigit() and str(int(tail)) == tail and int(tail) >= 2:
        return int(tail)
    return anchor


class _Strings(dict):
    """A table of distinct strings ("" first), each string's index its value."""

    def __init__(self):
        super().__init__({"": 0})

    def __missing__(self, text: str) -> int:
        self[text] = len(self)
        return self[text]


def build(records, kinds: tuple[str, str, str]) -> dict[str, bytes]:
    """Every file of the names index, as {path inside the Pagefind bundle: bytes}."""
    rows, names, tables, (unit_pages, titles) = collect(records, kinds)
    ordered = sorted(names.values(), key=lambda name: name.key)
    for rank, name in enumerate(ordered):
        name.rank = rank
    rows.sort(key=lambda r: (r[0].rank, r[1], r[2], r[3]))
    n = len(rows)

    words = sorted({w for name in ordered for w in name.words}, key=lambda w: (fold(w), vi_key(w), w))
    word_id = {w: i for i, w in enumerate(words)}
    folds = sorted({fold(w) for w in words})
    fold_id = {f: i for i, f in enumerate(folds)}
    letters = sorted({tone_free(w) for w in words}, key=lambda t: (vi_key(t), t))
    letter_id = {t: i for i, t in enumerate(letters)}
    w_fold = [fold_id[fold(w)] for w in words]
    w_letters = [letter_id[tone_free(w)] for w in words]
    for name in ordered:
        name.ids = [word_id[w] for w in name.words]
        name.anchor = "-".join([folds[w_fold[i]] for i in name.ids])

    # F: family letters, then G (rows are in G order: a stable sort keeps it).
    family_letters = [w_letters[r[0].ids[0]] for r in rows]
    given_letters = [w_letters[r[0].ids[-1]] for r in rows]
    middle_letters = [w_letters[r[0].ids[1]] if len(r[0].ids) > 2 else -1 for r in rows]
    f_order = sorted(range(n), key=family_letters.__getitem__)
    f_position = [0] * n
    for position, g in enumerate(f_order):
        f_position[g] = position

    counts = [[0, 0, 0] for _ in words]
    fold_rows = [0] * len(folds)
    per_name = defaultdict(int)
    for r in rows:
        per_name[r[0]] += 1
    for name, k in per_name.items():
        ids = name.ids
        counts[ids[-1]][0] += k
        if len(ids) > 1:
            counts[ids[0]][1] += k
        for i in ids[1:-1]:
            counts[i][2] += k
        for f in {w_fold[i] for i in ids}:
            fold_rows[f] += k

    def blocks(letter_of: list[int], order) -> list[list[int]]:
        out: list[list[int]] = []
        for position, g in enumerate(order):
            t = letter_of[g]
            if out and out[-1][0] == t:
                out[-1][2] = position + 1
            else:
                out.append([t, position, position + 1])
        return out

    units, positions, honorifics = _Strings(), _Strings(), _Strings()
    list_of = [r[4] for r in rows]
    unit_of = [units[r[5]] - 1 for r in rows]
    position_of = [positions[r[6]] - 1 for r in rows]
    honorific_of = [str(honorifics[r[7]]) for r in rows]
    if len(honorifics) > 10:
        raise ValueError("more than 10 honorifics: they are written one digit a row")
    anchor_of = [_anchor_code(r[8], r[0]) for r in rows]

    def page(members, with_ids: bool) -> bytes:
        runs: list[list[int]] = []
        last = None
        for g in members:
            name = rows[g][0]
            if name is last:
                runs[-1][-1] += 1
            else:
                runs.append([*name.ids, 1])
                last = name
        data = {"n": runs, "l": [list_of[g] for g in members], "u": [unit_of[g] for g in members],
                "p": [position_of[g] for g in members], "h": "".join([honorific_of[g] for g in members])}
        anchors = {str(k): anchor_of[g] for k, g in enumerate(members) if anchor_of[g] is not None}
        if anchors:
            data["x"] = anchors
        if with_ids:
            data["g"] = [members[0]] + [b - a for a, b in zip(members, members[1:])]
        return _dump(data)

    files: dict[str, bytes] = {}
    g_pages = [range(k, min(k + PAGE_ROWS, n)) for k in range(0, n, PAGE_ROWS)]
    f_pages = [f_order[k:k + PAGE_ROWS] for k in range(0, n, PAGE_ROWS)]
    for k, members in enumerate(g_pages):
        files[f"g{k}.json"] = page(members, False)
    for k, members in enumerate(f_pages):
        files[f"f{k}.json"] = page(members, True)

    # Distinct names, each a run of rows in G; for each fold, the names holding a word of it.
    holding: dict[int, list[list[int]]] = defaultdict(list)
    previous: dict[int, int] = defaultdict(int)
    g = 0
    while g < n:
        name = rows[g][0]
        count = per_name[name]
        for f in sorted({w_fold[i] for i in name.ids}):
            holding[f].append([g - previous[f], f_position[g], count, *name.ids])
            previous[f] = g
        g += count
    fold_names = [len(holding.get(f, ())) for f in range(len(folds))]
    for f, entries in holding.items():
        files[f"n{f}.json"] = _dump({"n": entries})
    files["dv.json"] = _dump({"dv": [[units[name] - 1 if name in units and name else name, path, count, issuer]
                                     for name, path, count, issuer in unit_pages],
                              "ct": {str(i): title for i, title in sorted(titles.items())}})

    digest = hashlib.sha256()
    for name, data in sorted(files.items()):
        digest.update(name.encode() + b"\0" + data)
    build_id = digest.hexdigest()[:12]
    index = {
        "v": FORMAT, "build": build_id, "page": PAGE_ROWS, "rows": n,
        "w": words, "wf": w_fold, "wl": w_letters, "wc": counts,
        "f": folds, "fr": fold_rows, "fn": fold_names, "l": letters,
        "gb": blocks(given_letters, range(n)), "fb": blocks(family_letters, f_order),
        "gk": [[given_letters[m[0]], family_letters[m[0]], middle_letters[m[0]]] for m in g_pages],
        "fk": [[family_letters[m[0]], given_letters[m[0]], middle_letters[m[0]]] for m in f_pages],
        **tables, "u": list(units)[1:], "p": list(positions)[1:], "h": list(honorifics),
    }
    out = {f"{FOLDER}/{build_id}/{name}": data for name, data in files.items()}
    out[f"{FOLDER}/index.json"] = _dump(index)
    return out


def write(files: dict[str, bytes], bundle: Path) -> None:
    """Write the index into the Pagefind bundle folder (after Pagefind has written its own)."""
    folders = {os.path.dirname(name) for name in files}
    for folder in sorted(folders):
        (bundle / folder).mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        with open(bundle / name, "wb") as out:
            out.write(data)
