"""The names index (thidua/search_names.py) against its written contract, from both sides: a reader
written here from the module's docstring alone checks what the build writes, and the search page's
own script (overrides/assets/search.js) is checked to fold, split and read it the same way."""
from __future__ import annotations

import datetime as dt
import json
import random
from collections import Counter, defaultdict
from urllib.parse import quote

import pytest

from browser import chromium, serve
from conftest import ROOT
from benchmarks.search import typed_without_input_method
from thidua import listing
from thidua.build import build
from thidua.load import load_archive
from benchmarks.refdata import generate_archive
from thidua.search import KIND_CAMPAIGN, KIND_PERSON, KIND_UNIT, build_records
from thidua.search_names import build as build_names
from thidua.text import fold, person_key, tone, tone_free, vi_key

TODAY = dt.date(2026, 6, 1)


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """A generated archive of 2,500 honorees (many namesakes), its published campaigns and its records."""
    root = tmp_path_factory.mktemp("names")
    generate_archive(root, 2500, seed=12)
    loaded, _ = load_archive(root / "campaigns")
    campaigns = loaded.as_of(TODAY).published
    return root, campaigns, build_records(campaigns, TODAY, [])


def read_index(files: dict[str, bytes]) -> dict:
    """Everything the contract says the files hold, read back: rows of G and F, names-lists."""
    index = json.loads(files["ten/index.json"])
    folder = f"ten/{index['build']}/"
    lists = [(run[0], award) for run in index["li"] for award in run[1:]]
    assert set(files) == {"ten/index.json"} | {name for name in files if name.startswith(folder)}

    def page(order: str, k: int) -> list[dict]:
        data = json.loads(files[f"{folder}{order}{k}.json"])
        rows, at = [], 0
        for run in data["n"]:
            ids = run[:-1]
            for _ in range(run[-1]):
                code = (data.get("x") or {}).get(str(at))
                anchor = "-".join(index["f"][index["wf"][w]] for w in ids)
                anchor = f"{anchor}-{code}" if isinstance(code, int) else code if isinstance(code, str) else anchor
                campaign, award = lists[data["l"][at]]
                rows.append({"name": " ".join(index["w"][w] for w in ids), "ids": ids, "anchor": anchor,
                             "unit": index["u"][data["u"][at]] if data["u"][at] >= 0 else "",
                             "position": index["p"][data["p"][at]] if data["p"][at] >= 0 else "",
                             "honorific": index["h"][int(data["h"][at])], "campaign": index["c"][campaign],
                             "page": index["lp"].get(str(data["l"][at]), index["c"][campaign][0]),
                             "award": index["a"][award]})
                at += 1
        assert at == len(data["l"]) == len(data["u"]) == len(data["p"]) == len(data["h"])
        if order == "f":
            ids, g = [], 0
            for i, delta in enumerate(data["g"]):
                g = delta if i == 0 else g + delta
                ids.append(g)
            for row, g in zip(rows, ids):
                row["g"] = g
        return rows

    pages = -(-index["rows"] // index["page"])
    g_rows = [row for k in range(pages) for row in page("g", k)]
    f_rows = [row for k in range(pages) for row in page("f", k)]
    for position, row in enumerate(g_rows):
        row["g"] = position
    names = {}
    for i in range(len(index["f"])):
        name = f"{folder}n{i}.json"
        if index["fn"][i]:
            g, entries = 0, []
            for e in json.loads(files[name])["n"]:
                g += e[0]
                entries.append({"g": g, "f": e[1], "rows": e[2], "ids": e[3:]})
            names[i] = entries
        else:
            assert name not in files
    return {"index": index, "g": g_rows, "f": f_rows, "names": names}


def test_every_individual_is_one_row_with_what_a_result_shows(archive):
    _, campaigns, records = archive
    read = read_index(build_names(records, (KIND_PERSON, KIND_CAMPAIGN, KIND_UNIT)))
    expected = Counter((listing.honoree_path(c, h), h.name, h.honorific, h.position, h.unit, h.award.name)
                       for c in campaigns for h in c.honorees if h.is_person)
    for order in ("g", "f"):
        got = Counter((r["page"] + "#" + r["anchor"], r["name"], r["honorific"], r["position"], r["unit"], r["award"])
                      for r in read[order])
        assert got == expected
    years = {f"phong-trao/{c.id}/": c.year for c in campaigns}
    assert all(r["campaign"][2] == years[r["campaign"][0]] for r in read["g"])


def test_orders_blocks_and_page_keys(archive):
    _, _, records = archive
    read = read_index(build_names(records, (KIND_PERSON, KIND_CAMPAIGN, KIND_UNIT)))
    index, g_rows, f_rows = read["index"], read["g"], read["f"]
    keys = [(person_key(r["name"]), -r["campaign"][2]) for r in g_rows]
    assert keys == sorted(keys)  # name order, namesakes newest first
    letters = index["l"]
    assert letters == sorted(letters, key=vi_key)
    family = [tone_free(r["name"].split()[0]) for r in f_rows]
    assert [letters.index(t) for t in family] == sorted(letters.index(t) for t in family)
    family_of = [letters.index(tone_free(r["name"].split()[0])) for r in g_rows]
    assert [r["g"] for r in f_rows] == sorted(range(len(g_rows)), key=lambda g: (family_of[g], g))
    for t, start, end in index["gb"]:
        inside = {tone_free(r["name"].split()[-1]) for r in g_rows[start:end]}
        assert inside == {letters[t]}
        assert all(tone_free(r["name"].split()[-1]) != letters[t] for r in g_rows[:start] + g_rows[end:])
    for t, start, end in index["fb"]:
        assert {family[p] for p in range(start, end)} == {letters[t]}
    def middle(words):
        return tone_free(words[1]) if len(words) > 2 else None
    for k, (given, fam, mid) in enumerate(index["gk"]):
        first = g_rows[k * index["page"]]["name"].split()
        assert (letters[given], letters[fam], letters[mid] if mid >= 0 else None) == (
            tone_free(first[-1]), tone_free(first[0]), middle(first))
    for k, (fam, given, mid) in enumerate(index["fk"]):
        first = f_rows[k * index["page"]]["name"].split()
        assert (letters[fam], letters[given], letters[mid] if mid >= 0 else None) == (
            tone_free(first[0]), tone_free(first[-1]), middle(first))


def test_words_counts_and_names_lists(archive):
    _, _, records = archive
    read = read_index(build_names(records, (KIND_PERSON, KIND_CAMPAIGN, KIND_UNIT)))
    index, g_rows = read["index"], read["g"]
    words = index["w"]
    assert words == sorted(words, key=lambda w: (fold(w), vi_key(w), w))
    assert [index["f"][i] for i in index["wf"]] == [fold(w) for w in words]
    assert [index["l"][i] for i in index["wl"]] == [tone_free(w) for w in words]
    counts = defaultdict(lambda: [0, 0, 0])
    holding = Counter()
    for r in g_rows:
        parts = r["name"].split()
        counts[parts[-1]][0] += 1
        if len(parts) > 1:
            counts[parts[0]][1] += 1
        for w in parts[1:-1]:
            counts[w][2] += 1
        for f in {fold(w) for w in parts}:
            holding[f] += 1
    assert index["wc"] == [counts[w] for w in words]
    assert index["fr"] == [holding[f] for f in index["f"]]
    # Each distinct name is one run of rows in G and in F, listed under every fold it holds.
    runs = {}
    for r in g_rows:
        runs.setdefault(r["name"], [r["g"], 0])[1] += 1
    f_start = {}
    for position, r in enumerate(read["f"]):
        f_start.setdefault(r["name"], position)
    for i, f in enumerate(index["f"]):
        entries = read["names"].get(i, [])
        expected = sorted(name for name in runs if f in {fold(w) for w in name.split()})
        got = [" ".join(words[w] for w in e["ids"]) for e in entries]
        assert sorted(got) == expected and len(entries) == index["fn"][i]
        assert [e["g"] for e in entries] == sorted(e["g"] for e in entries)
        for e, name in zip(entries, got):
            assert (e["g"], e["rows"], e["f"]) == (runs[name][0], runs[name][1], f_start[name])


def test_anchors_that_are_not_the_names_folds_are_written_out(tmp_path):
    """An explicit id, and the -2 of a second namesake in one campaign, reach the page as written."""
    from helpers import write_campaign
    honorees = """\
        # yaml-language-server: $schema=../../schemas/honorees.schema.json
        decisions:
          - number: 12/QĐ-SNV
            date: 2025-07-20
        honorees:
          - {type: ca-nhan, name: Nguyễn Văn An, award: Giấy khen của Giám đốc Sở Nội vụ, decision: 12/QĐ-SNV}
          - {type: ca-nhan, name: Nguyễn Văn An, unit: Phòng A, award: Giấy khen của Giám đốc Sở Nội vụ, decision: 12/QĐ-SNV}
          - {type: ca-nhan, id: ky-su-o-neil, name: O'Neil Trần, award: Giấy khen của Giám đốc Sở Nội vụ, decision: 12/QĐ-SNV}
        """
    write_campaign(tmp_path, "2025-thu", honorees=honorees)
    archive, problems = load_archive(tmp_path)
    assert [p for p in problems if p.severity == "error"] == []
    records = build_records(archive.published, dt.date(2025, 9, 1), [])
    read = read_index(build_names(records, (KIND_PERSON, KIND_CAMPAIGN, KIND_UNIT)))
    assert sorted(r["anchor"] for r in read["g"]) == sorted(
        h.id for c in archive.published for h in c.honorees)
    assert {"nguyen-van-an", "nguyen-van-an-2", "ky-su-o-neil"} == {r["anchor"] for r in read["g"]}


# --- the script's side ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def page(archive, tmp_path_factory):
    root, _, _ = archive
    build(root / "mkdocs.yml", root / "site", today=TODAY)
    with serve(root / "site") as base, chromium() as browser:
        page = browser.new_page()
        page.goto(base + "tim-kiem/")
        page.wait_for_function("() => window.portalSearch && window.portalSearch.run")
        yield base, page, json.loads((root / "site" / "pagefind" / "ten" / "index.json").read_text("utf-8"))


TRICKY = ["Đặng Văn Đức", "NGUYỄN  THỊ\u00a0HỒNG", "Nguye\u0302\u0303n", "Hoà", "Hòa", "Thủy", "Thuỷ", "Ông Ø Ł",
          "Phạm-Văn", "Ư Ơ Ă Â Ê Ô", "Lê Thị Ánh\tTuyết", "Quốc", "Gia", "Giàng A Páo", "K'Ly", "Y Moan Ênuôl"]


@pytest.mark.browser
def test_the_script_folds_as_the_core_does(page, archive):
    _, pg, index = page
    _, campaigns, _ = archive
    texts = TRICKY + index["w"] + sorted({h.unit for c in campaigns for h in c.honorees if h.unit})
    got = pg.evaluate("texts => texts.map(t => { const x = window.portalSearch.text;"
                      " return [x.fold(t), x.toneFree(t), x.tone(t)]; })", texts)
    assert got == [[fold(t), tone_free(t), tone(t)] for t in texts]
    words = index["w"]
    tones = pg.evaluate("ws => ws.map(w => window.portalSearch.text.tone(w))", words)
    assert tones == [tone(w) for w in words]


@pytest.mark.browser
def test_the_script_reads_telex_and_vni_as_the_letters_and_tone_of_each_word(page):
    _, pg, index = page
    cases = []
    for w in index["w"]:
        for scheme in ("telex", "vni"):
            for after in (False, True):
                typed = typed_without_input_method(w, scheme, after)
                cases.append((typed, tone_free(w), tone(w)))
    got = pg.evaluate("cs => cs.map(c => window.portalSearch.text.decodeTyping(c))", [c[0] for c in cases])
    for (typed, letters, t), decoded in zip(cases, got):
        if typed == letters:  # nothing to read: a word without marks
            assert decoded is None, typed
        else:
            assert decoded == {"letters": letters, "tone": t}, typed
    assert pg.evaluate("window.portalSearch.text.decodeTyping('an')") is None
    assert pg.evaluate("window.portalSearch.text.decodeTyping('sown')") == {"letters": "sơn", "tone": 0}


@pytest.mark.browser
def test_every_individual_is_found_first_by_exact_name_with_its_link(page, archive):
    """The script decodes pages, runs and anchors as written: each sampled person's exact name
    puts one of them first, and every namesake of theirs links to their own anchor."""
    base, pg, _ = page
    _, campaigns, _ = archive
    people = [h for c in campaigns for h in c.honorees if h.is_person]
    by_id = {c.id: c for c in campaigns}
    links = defaultdict(set)
    for h in people:
        links[h.name].add(listing.honoree_path(by_id[h.campaign_id], h))
    for name in random.Random(4).sample(sorted(n for n in links if len(links[n]) <= 20), 40):
        q = "\"" + name + "\""
        pg.goto(f"{base}tim-kiem/?q={quote(q)}")
        pg.wait_for_function("() => document.getElementById('search-app').dataset.state === 'done'")
        shown = pg.locator(".search-result__title").evaluate_all("as => as.map(a => a.href)")
        assert {href.split("/", 3)[3] for href in shown} == links[name], name
