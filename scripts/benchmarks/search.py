"""`scripts/portal bench-search`: on the reference archive, built as `portal build --precompress`
builds it and served by the documented nginx (`portal nginx`), it measures
  - the index: build time and memory of the search records, Pagefind and the names index; sizes;
  - accuracy, in Chromium through the search page itself, for a seeded random sample of
    individuals (seed and size printed): the exact name typed with and without accents (top 1),
    family + given name (top 5), one wrong or missing letter in a name word (top 5), the name
    typed in Telex and in VNI without an input method (top 1);
  - a phone on a slow link (CDP network emulation: 150 ms, 1.6 Mbit/s down, a cold cache, a
    360x640 screen): time to the first result, bytes on the wire before it and until the search
    is done, the longest chain of requests before it, and whether the first result is in view;
    for a rare name, `nguyen`, `nguyen van an`, `van` and a unit.

Prints ONE JSON line, as `portal bench` does (build.py: the archive, memory and machine figures).
"""
from __future__ import annotations

import json
import os
import shutil
import time
from contextlib import contextmanager
from pathlib import Path

from benchmarks.build import TODAY, PeakMemory, _machine, _prepare, _stdout_to_stderr, _tree_size, _work_root
from benchmarks.loopback import chromium, nginx_or_none, serve


SLOW_LINK = {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 // 8, "uploadThroughput": 750_000 // 8}
PHONE = {"width": 360, "height": 640}
SAMPLE = 200


def _throttled_queries(archive) -> dict[str, str]:
    """The queries timed on the slow link: a rare full name (one person), a common family name,
    the commonest full name, a common word and a unit's name, typed without accents."""
    from collections import Counter
    from thidua.text import fold
    names = Counter(h.name for c in archive.published for h in c.honorees if h.is_person)
    rare = sorted(n for n, k in names.items() if k == 1 and len(n.split()) >= 3)[len(names) // 7 % 50]
    units = Counter(h.unit for c in archive.published for h in c.honorees if h.unit)
    unit = sorted(units.items(), key=lambda item: (-item[1], item[0]))[len(units) // 3][0]
    return {"rare_name": fold(rare), "common_family_name": "nguyen", "common_full_name": "nguyen van an",
            "common_word": "van", "unit": fold(unit)}


# --- how people type a name -------------------------------------------------------------------------

_TELEX_TONES = {1: "f", 2: "r", 3: "x", 4: "s", 5: "j"}
_VNI_TONES = {1: "2", 2: "3", 3: "4", 4: "1", 5: "5"}
_TELEX_LETTERS = {"ă": "aw", "â": "aa", "ê": "ee", "ô": "oo", "ơ": "ow", "ư": "uw", "đ": "dd"}
_VNI_LETTERS = {"ă": "a8", "â": "a6", "ê": "e6", "ô": "o6", "ơ": "o7", "ư": "u7", "đ": "d9"}


def typed_without_input_method(name: str, scheme: str, tone_after_vowel: bool = False) -> str:
    """A name as someone types it in Telex or VNI on a keyboard without a Vietnamese input
    method: lower case, the marks as keys (`Nguyễn Văn An` -> `nguyeenx vawn an`, `nguye6n4 va8n an`).
    The tone key goes at the end of the word, or right after its vowel."""
    from thidua.text import tone, tone_free
    letters_map, tones = (_TELEX_LETTERS, _TELEX_TONES) if scheme == "telex" else (_VNI_LETTERS, _VNI_TONES)
    out = []
    for word in name.lower().split():
        keys, mark = [], ""
        for c in word:
            keys.append(letters_map.get(tone_free(c), tone_free(c)))
            if tone(c):
                mark = tones[tone(c)]
                if tone_after_vowel:
                    keys[-1] += mark
        if mark and not tone_after_vowel:
            keys.append(mark)
        out.append("".join(keys))
    return " ".join(out)


def one_letter_wrong(name: str, rng) -> str:
    """The name with one letter of one word replaced by another or left out (the word keeps at
    least one letter)."""
    import unicodedata
    words = name.split()
    i = rng.randrange(len(words))
    word = words[i]
    letters = [c for c in unicodedata.normalize("NFC", word)]
    at = rng.randrange(len(letters))
    if len(letters) > 1 and rng.random() < 0.5:
        del letters[at]
    else:
        choices = [c for c in "abcdeghiklmnopqrstuvxy" if c != letters[at].lower()]
        letters[at] = rng.choice(choices)
    words[i] = "".join(letters)
    return " ".join(words)


def accuracy_queries(archive, seed: int, size: int = SAMPLE) -> tuple[list[dict], dict]:
    """For a seeded random sample of individuals: each query kind, the query and what counts as
    found. Names are compared as written (accented kinds) or folded."""
    import random
    from thidua.text import fold
    people = sorted(((c.id, h.id, h.name) for c in archive.published for h in c.honorees if h.is_person))
    rng = random.Random(seed)
    sample = rng.sample(people, min(size, len(people)))
    queries = []
    for _, _, name in sample:
        words = name.split()
        queries.append({"kind": "exact_accented", "query": name, "target": name, "top": 1, "compare": "exact"})
        queries.append({"kind": "exact_plain", "query": fold(name), "target": name, "top": 1, "compare": "fold"})
        if len(words) >= 3:
            queries.append({"kind": "family_given", "query": fold(words[0] + " " + words[-1]), "target": name,
                            "top": 5, "compare": "family_given"})
        accented = rng.random() < 0.5
        typo = one_letter_wrong(name if accented else fold(name), rng)
        queries.append({"kind": "typo", "query": typo, "target": name, "top": 5, "compare": "fold"})
        after = rng.random() < 0.5
        queries.append({"kind": "telex", "query": typed_without_input_method(name, "telex", after), "target": name,
                        "top": 1, "compare": "exact"})
        queries.append({"kind": "vni", "query": typed_without_input_method(name, "vni", after), "target": name,
                        "top": 1, "compare": "exact"})
    return queries, {"seed": seed, "honorees": len(sample), "people": len(people)}


def _hit(query: dict, shown: list[str]) -> tuple[bool, bool]:
    """(found as the kind asks, found with the exact full name) among the shown names."""
    from thidua.text import fold
    top = shown[: query["top"]]
    target = query["target"]
    strict = any(fold(n) == fold(target) for n in top) if query["compare"] != "exact" else target in top
    if query["compare"] == "exact":
        return target in top, strict
    if query["compare"] == "fold":
        return any(fold(n) == fold(target) for n in top), strict
    t = fold(target).split()
    return any(n and fold(n).split()[0] == t[0] and fold(n).split()[-1] == t[-1] for n in top), strict


# Runs queries one after another through the search page itself (its box and its rendering),
# returning the names of the first results. A page without the names index (an older search.js)
# is driven through its form and read from its titles.
_RUN_QUERIES = """async (queries) => {
  const app = document.getElementById('search-app');
  const input = document.getElementById('search-q');
  const form = document.getElementById('search-form');
  const status = () => (document.querySelector('.search-status') || {}).textContent || '';
  const names = () => Array.from(document.querySelectorAll('.search-results > li.search-result')).slice(0, 5).map(li =>
    li.dataset.name || (li.querySelector('.search-result__title') || {}).textContent.replace(/^(Ông|Bà) /, ''));
  const settle = (q) => new Promise((resolve) => {
    const started = performance.now();
    const check = () => {
      const s = status();
      const done = window.portalSearch && window.portalSearch.run
        ? app.dataset.state === 'done' && app.dataset.query === q
        : s && !s.startsWith('Đang') && (s.includes('“' + q + '”') || s.startsWith('Không'));
      if (done || performance.now() - started > 20000) resolve(done); else setTimeout(check, 5);
    };
    setTimeout(check, 0);
  });
  const out = [];
  for (const q of queries) {
    const t = performance.now();
    if (window.portalSearch && window.portalSearch.run) window.portalSearch.run(q);
    else { input.value = q; form.requestSubmit(); }
    const ok = await settle(q);
    out.push({ names: ok ? names() : [], ms: performance.now() - t, status: status() });
  }
  return out;
}"""


def _accuracy(browser, base: str, queries: list[dict]) -> dict:
    from collections import defaultdict
    context = browser.new_context()
    page = context.new_page()
    page.goto(base + "tim-kiem/")
    page.wait_for_selector("#search-q")
    answers = []
    for k in range(0, len(queries), 100):
        answers += page.evaluate(_RUN_QUERIES, [q["query"] for q in queries[k:k + 100]])
    context.close()
    kinds: dict = defaultdict(lambda: {"queries": 0, "found": 0, "found_exact_name": 0, "misses": [], "ms": []})
    for q, answer in zip(queries, answers):
        entry = kinds[q["kind"]]
        found, strict = _hit(q, answer["names"])
        entry["queries"] += 1
        entry["found"] += found
        entry["found_exact_name"] += strict
        entry["ms"].append(answer["ms"])
        if not found and len(entry["misses"]) < 8:
            entry["misses"].append({"query": q["query"], "target": q["target"], "shown": answer["names"][: q["top"]]})
    out = {}
    for kind, entry in kinds.items():
        ms = sorted(entry.pop("ms"))
        out[kind] = {**entry, "rate": round(entry["found"] / entry["queries"], 4),
                     "top": next(q["top"] for q in queries if q["kind"] == kind),
                     "median_ms": round(ms[len(ms) // 2], 1)}
    return out


# --- a phone on a slow link -------------------------------------------------------------------------

# When the first result enters the page, in ms from the start of navigation (Playwright's polling
# is too coarse for this).
_FIRST_RESULT_CLOCK = """new MutationObserver((changes, observer) => {
  const first = document.querySelector('.search-results > li .search-result__title');
  if (first) {
    window.__firstResult = performance.now();
    const box = first.closest('li').getBoundingClientRect();
    window.__firstResultBox = [box.top, box.bottom];
    observer.disconnect();
  }
}).observe(document, {childList: true, subtree: true});"""


def _round_trips(requests: list[dict]) -> None:
    """Each request's round trips before it could start, from when requests started and ended:
    the page 1, then one more than the longest chain of requests done before it started. (A
    request that waited for nothing but was late, such as the favicon, counts as if it had
    waited; Pagefind's worker fetches are counted too, which Chromium's initiators do not show.)"""
    done: list[tuple[float, int]] = []
    for r in sorted(requests, key=lambda r: r["start"]):
        r["depth"] = 1 + max((d for end, d in done if end <= r["start"]), default=0)
        if r["end"] is not None:
            done.append((r["end"], r["depth"]))


def _slow_link(browser, base: str, query: str) -> dict:
    """One search on a phone on a slow link with a cold cache: a fresh browser context. The page's
    requests are timed and sized by Chromium (bytes on the wire: headers and the body as sent,
    gzipped where nginx gzips it); those of Pagefind's worker, which the page's session does not
    report, by Playwright."""
    from urllib.parse import quote
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW_LINK)  # the worker's fetches are slowed too
    sent: dict = {}
    done: dict = {}
    cdp.on("Network.requestWillBeSent", lambda e: sent.setdefault(e["requestId"], e))
    cdp.on("Network.loadingFinished", lambda e: done.setdefault(e["requestId"], e))
    finished: list = []
    page.on("requestfinished", lambda r: finished.append(r))
    page.add_init_script(_FIRST_RESULT_CLOCK)
    page.goto(f"{base}tim-kiem/?q={quote(query)}")
    page.wait_for_function("() => window.__firstResult", timeout=60000)
    page.wait_for_function("() => !document.getElementById('search-app').dataset.state || "
                           "document.getElementById('search-app').dataset.state === 'done'", timeout=60000)
    page.wait_for_timeout(300)  # late requests (the filters' counts, Pagefind's last fetches) show up
    first = page.evaluate("window.__firstResult") / 1000
    origin = page.evaluate("performance.timeOrigin") / 1000
    box = page.evaluate("window.__firstResultBox")
    status = page.locator(".search-status").inner_text()
    requests, seen = [], set()
    document = next((e for e in sent.values() if e.get("type") == "Document"), None)
    offset = document["wallTime"] - document["timestamp"] if document else 0.0
    for rid, event in sent.items():
        url = event["request"]["url"]
        if url.startswith("data:") or rid not in done:
            continue
        seen.add(url)
        requests.append({"url": url, "bytes": int(done[rid]["encodedDataLength"]),
                         "start": event["timestamp"] + offset - origin, "end": done[rid]["timestamp"] + offset - origin})
    for r in list(finished):  # the worker's
        if r.url in seen or r.url.startswith("data:"):
            continue
        timing, sizes = r.timing, r.sizes()
        body = sizes["responseBodySize"] or int((r.response().headers if r.response() else {}).get("content-length", 0))
        start = timing["startTime"] / 1000
        requests.append({"url": r.url, "bytes": body + sizes["responseHeadersSize"], "start": start - origin,
                         "end": start + timing["responseEnd"] / 1000 - origin if timing["responseEnd"] >= 0 else None})
    context.close()
    _round_trips(requests)
    cutoff = first + 0.02
    before = [r for r in requests if r["end"] is not None and r["end"] <= cutoff]
    return {"query": query, "first_result_s": round(first, 3),
            "bytes_before_first_result": sum(r["bytes"] for r in before),
            "bytes_until_done": sum(r["bytes"] for r in requests),
            "round_trips_before_first_result": max((r["depth"] for r in before), default=0),
            "first_result_in_view": bool(box and box[1] <= PHONE["height"]), "first_result_box_px": box,
            "requests": [{"url": r["url"].replace(base, "/"), "bytes": r["bytes"], "depth": r["depth"],
                          "start_ms": round(r["start"] * 1000),
                          "end_ms": round(r["end"] * 1000) if r["end"] is not None else None}
                         for r in sorted(requests, key=lambda r: r["start"])],
            "results": status}


SLOW_RUNS = 3


def _slow_link_runs(browser, base: str, query: str, times: int) -> dict:
    """The search on the slow link a few times, each with a cold cache: the median run, with
    every run's time to the first result (a shared machine makes single runs noisy)."""
    runs = sorted((_slow_link(browser, base, query) for _ in range(times)), key=lambda r: r["first_result_s"])
    median = runs[len(runs) // 2]
    return {**median, "first_result_s_runs": [r["first_result_s"] for r in runs],
            "bytes_before_first_result_runs": [r["bytes_before_first_result"] for r in runs]}


def _search_page_is_current(root: Path) -> bool:
    """The kept site's search page was made from the current template and script."""
    from thidua.render import render
    page = root / "site" / "tim-kiem" / "index.html"
    return page.is_file() and render("search.html").strip() in page.read_text("utf-8")


def _refresh_search_assets(root: Path) -> None:
    """A kept site may be older than the search page's script and styles: the index about to be
    written must be read by the script that matches it."""
    for name in ("search.js", "portal.css"):
        shutil.copyfile(root / "overrides" / "assets" / name, root / "site" / "assets" / name)


def _precompress_search(site: Path) -> None:
    """What `build --precompress` writes, for the files a search fetches (the rest of a kept site
    is not needed here)."""
    from thidua.deploy import precompress
    for folder in ("tim-kiem", "assets", "pagefind"):
        for stale in (site / folder).rglob("*.gz"):
            stale.unlink()
        precompress(site / folder)


def _names_index_sizes(site: Path) -> dict:
    import gzip
    folder = site / "pagefind" / "ten"
    if not (folder / "index.json").is_file():
        return {}
    index = (folder / "index.json").read_bytes()
    build = json.loads(index)["build"]
    pages = sorted((folder / build).glob("g*.json"))
    lists = sorted((folder / build).glob("n*.json"), key=lambda p: p.stat().st_size)
    def gz(path):
        return len(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))
    sample = pages[:: max(1, len(pages) // 10)]
    total, count = _tree_size(folder)
    return {"bytes": total, "files": count - sum(1 for _ in folder.rglob("*.gz")),
            "index_json_bytes": len(index), "index_json_gzip": len(gzip.compress(index, compresslevel=9, mtime=0)),
            "pages": len(pages), "page_gzip_mean": round(sum(gz(p) for p in sample) / max(1, len(sample))),
            "names_lists": len(lists), "largest_names_list_gzip": gz(lists[-1]) if lists else 0}


def bench_search(args) -> int:
    """Index build time and memory, accuracy by kind of query, and what a phone on a slow link
    fetches and waits for."""
    from thidua.build import build
    from thidua.search import build_records, index_records
    from thidua.site import build_site

    root, keep, honorees, seed = _work_root(args, "thidua-bench-search-")
    sample_seed = int(os.environ.get("PORTAL_SEARCH_SAMPLE_SEED", seed))
    sample_size = int(os.environ.get("PORTAL_SEARCH_SAMPLE", SAMPLE))
    result: dict = {"honorees": honorees, "seed": seed, "loadavg_start": round(os.getloadavg()[0], 2)}
    try:
        with _stdout_to_stderr():
            _prepare(root, honorees, seed, bool(keep))
            from thidua.renderers import config as portal_config
            portal = portal_config.load(root / "mkdocs.yml")
            site_url = portal.url() if portal.site_url else "http://localhost/"
            if not _search_page_is_current(root):
                build(root / "mkdocs.yml", root / "site", today=TODAY)
                result["site_rebuilt"] = True
            else:
                _refresh_search_assets(root)
            site = build_site(root / "campaigns", TODAY, "bench")
            with PeakMemory() as memory:
                t = time.perf_counter()
                records = build_records(site.archive.published, TODAY, [])
                result["records"] = index_records(records, root / "site")  # what a reader can find
                result["index_build_s"] = round(time.perf_counter() - t, 3)
            result["pagefind_pages"] = len(records)
            del records
            result["index_peak_rss_mb"] = round(memory.peak_kb / 1024, 1)  # with this process's site
            result["index_peak_pagefind_rss_mb"] = round(memory.peak_children_kb / 1024, 1)
            result["index_bytes"], result["index_files"] = _tree_size(root / "site" / "pagefind")
            result["names_index"] = _names_index_sizes(root / "site")
            _precompress_search(root / "site")
            queries, result["sample"] = accuracy_queries(site.archive, sample_seed, sample_size)
            slow = _throttled_queries(site.archive)
            with nginx_or_none(root / "site", site_url) as base, chromium() as browser:
                result["server"] = "nginx (portal nginx config, gzip_static)" if base else "python http.server (no gzip)"
                with (serve(root / "site") if base is None else _nothing(base)) as url:
                    runs = SLOW_RUNS if honorees >= 10_000 else 1  # `make test` runs it small, once
                    result["slow_link"] = {"link": SLOW_LINK, "screen": PHONE, "runs": runs,
                                           "loadavg": round(os.getloadavg()[0], 2),
                                           **{label: _slow_link_runs(browser, url, q, runs) for label, q in slow.items()}}
                    result["accuracy"] = _accuracy(browser, url, queries)
            # The figures of earlier versions of this benchmark, kept under their names.
            result["queries"] = {label: {"query": q["query"], "first_result_s": q["first_result_s"],
                                         "first_query_bytes": q["bytes_until_done"], "results": q["results"]}
                                 for label, q in result["slow_link"].items() if isinstance(q, dict) and "query" in q}
        result["loadavg_end"] = round(os.getloadavg()[0], 2)  # compare with machine.cpus: the machine may be shared
        result["machine"] = _machine()
    finally:
        if not keep:
            shutil.rmtree(root, ignore_errors=True)
    print(json.dumps(result, ensure_ascii=False), flush=True)
    return 0


@contextmanager
def _nothing(value):
    yield value
