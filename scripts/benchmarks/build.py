"""`scripts/portal bench`: how long the real build takes on a large reference archive.

Generates the archive (refdata.py) into a temporary folder, or into --keep (reused on the
next run if the parameters match), then times each stage in this process:

  check_s        thidua.load.load_archive alone (what `portal check` does), before the build
  then one cold build.build, with its own stage timings:
  load_validate  reading and checking the campaigns folder
  pages          thidua.views.build_pages (the site as data)
  render         MkDocs wrapping the pages in the theme and writing them
  files          data files, feeds, print views, embed block (written one at a time)
  search         search records and Pagefind
  publish        the rest of build.build (the atomic swap)

and prints ONE JSON line on stdout. Everything else the build prints goes to stderr.
Peak memory is the largest summed VmRSS of this process and all its descendants (the
search indexer runs as a child), polled from /proc in a background thread.
"""
from __future__ import annotations

import datetime as dt
import gc
import json
import os
import platform
import resource
import shutil
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

TODAY = dt.date(2026, 6, 1)


# --- memory ---------------------------------------------------------------------------------

def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", "rb") as f:
            for line in f:
                if line.startswith(b"VmRSS:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _children(pid: int) -> list[int]:
    kids: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return kids
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/children", "rb") as f:
                kids += [int(x) for x in f.read().split()]
        except (OSError, ValueError):
            continue
    return kids


def _children_by_scan(root: int) -> list[int]:
    """Fallback when /proc/<pid>/task/<tid>/children is missing: parent links of every process."""
    parents: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as f:
                stat = f.read()
            ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        parents.setdefault(ppid, []).append(int(name))
    out, todo = [], [root]
    while todo:
        for kid in parents.get(todo.pop(), []):
            out.append(kid)
            todo.append(kid)
    return out


def tree_rss_kb(root: int | None = None) -> tuple[int, int]:
    """(VmRSS of a process, summed VmRSS of all its descendants), in KiB."""
    root = os.getpid() if root is None else root
    if os.path.exists(f"/proc/{root}/task/{root}/children"):
        pids, todo = [], [root]
        while todo:
            kids = _children(todo.pop())
            pids += kids
            todo += kids
    else:
        pids = _children_by_scan(root)
    return _rss_kb(root), sum(_rss_kb(p) for p in pids)


class GcTime:
    """Time spent in the cyclic garbage collector, per generation (it grows with the live heap)."""

    def __init__(self):
        self.seconds = [0.0, 0.0, 0.0]
        self.runs = [0, 0, 0]
        self._started = 0.0

    def _callback(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            generation = info.get("generation", 2)
            self.seconds[generation] += time.perf_counter() - self._started
            self.runs[generation] += 1

    def __enter__(self) -> "GcTime":
        gc.callbacks.append(self._callback)
        return self

    def __exit__(self, *exc) -> None:
        gc.callbacks.remove(self._callback)


class PeakMemory:
    """Polls the process tree's RSS until stopped.

    `.peak_kb`: the largest sum over this process and its descendants (the search indexer);
    `.peak_children_kb`: the largest sum over the descendants alone.
    """

    def __init__(self, interval: float = 0.02):
        self.interval = interval
        self.peak_kb = self.peak_children_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="bench-rss", daemon=True)

    def sample(self) -> None:
        own, children = tree_rss_kb()
        self.peak_kb = max(self.peak_kb, own + children)
        self.peak_children_kb = max(self.peak_children_kb, children)

    def _run(self) -> None:
        while True:
            self.sample()
            if self._stop.wait(self.interval):
                break

    def __enter__(self) -> "PeakMemory":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()


@contextmanager
def _stdout_to_stderr():
    """Keep stdout for the one JSON line: whatever MkDocs or a child process prints goes to stderr."""
    sys.stdout.flush()
    saved = os.dup(1)
    os.dup2(2, 1)
    try:
        yield
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)


def _tree_size(path: Path) -> tuple[int, int]:
    """(bytes, files) under a folder."""
    total = files = 0
    for folder, _, names in os.walk(path):
        for name in names:
            try:
                total += os.lstat(os.path.join(folder, name)).st_size
                files += 1
            except OSError:
                pass
    return total, files


def _machine() -> dict:
    model = ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    try:
        memory_mb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // (1024 * 1024)
    except (ValueError, OSError):
        memory_mb = None
    try:
        from importlib.metadata import version
        mkdocs_version = version("mkdocs")
    except Exception:  # noqa: BLE001 - informational only
        mkdocs_version = None
    return {"cpus": os.cpu_count(), "cpus_usable": usable, "cpu_model": model, "memory_mb": memory_mb,
            "python": platform.python_version(), "implementation": platform.python_implementation(),
            "platform": platform.platform(), "mkdocs": mkdocs_version}


# --- the build benchmark ------------------------------------------------------------------------

def _work_root(args, prefix: str) -> tuple[Path, str | None, int, int]:
    """The benchmark's folder (kept with --keep, else temporary), size and seed."""
    keep = getattr(args, "keep", None)
    root = Path(keep).resolve() if keep else Path(tempfile.mkdtemp(prefix=prefix))
    root.mkdir(parents=True, exist_ok=True)
    return root, keep, int(args.honorees), int(args.seed)


def bench_build(args) -> int:
    from benchmarks import refdata

    root, keep, honorees, seed = _work_root(args, "thidua-bench-")
    result: dict = {"honorees": honorees, "seed": seed, "today": TODAY.isoformat()}
    load_start = os.getloadavg()
    cpu_start = os.times()
    stages: dict[str, float] = {}
    try:
        with _stdout_to_stderr(), PeakMemory() as memory, GcTime() as collector:
            t = time.perf_counter()
            counts = refdata.reusable(root, honorees, seed) if keep else None
            if counts is None:
                counts = refdata.generate_archive(root, honorees, seed)
                result["archive_reused"] = False
            else:
                refdata.copy_site_config(root)  # the theme and config may have changed since
                result["archive_reused"] = True
            result["generate_s"] = round(time.perf_counter() - t, 3)
            result["campaigns"] = counts["campaigns"]
            result["archive"] = {k: counts.get(k) for k in ("individuals", "collectives", "decisions", "units",
                                                            "issuers", "years", "files", "bytes")}
            after_generate_kb = sum(tree_rss_kb())
            result.update(_timed_build(root, stages))
            result["rss_after_generate_mb"] = round(after_generate_kb / 1024, 1)
        result["stages_s"] = {k: round(v, 3) for k, v in stages.items()}
        result["total_s"] = round(sum(stages.values()), 3)  # a cold `portal build`, without generating
        cpu = os.times()
        result["cpu_s"] = {"self": round(cpu.user + cpu.system - cpu_start.user - cpu_start.system, 3),
                           "children": round(cpu.children_user + cpu.children_system
                                             - cpu_start.children_user - cpu_start.children_system, 3)}
        # Other work on the machine makes wall times noisy: compare loadavg with machine.cpus.
        result["loadavg"] = {"start": round(load_start[0], 2), "end": round(os.getloadavg()[0], 2)}
        result["gc_s"] = round(sum(collector.seconds), 3)
        result["gc_full_runs"] = collector.runs[2]
        result["gc_full_s"] = round(collector.seconds[2], 3)
        result["peak_rss_mb"] = round(memory.peak_kb / 1024, 1)
        result["peak_children_rss_mb"] = round(memory.peak_children_kb / 1024, 1)
        self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        children_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        result["ru_maxrss_self_mb"] = round(self_kb / 1024, 1)
        # Linux counts a child's RSS before exec (a vfork shares this process's pages), so this is
        # at least this process's RSS when the child started; peak_children_rss_mb is the child's own.
        result["ru_maxrss_children_mb"] = round(children_kb / 1024, 1)
        site = root / "site"
        result["site_bytes"], result["site_files"] = _tree_size(site)
        index = site / "pagefind"
        result["search_index_bytes"], result["search_index_files"] = _tree_size(index) if index.is_dir() else (0, 0)
        result["data_bytes"], _ = _tree_size(site / "data") if (site / "data").is_dir() else (0, 0)
        with _stdout_to_stderr():
            result["successor"] = _timed_successor(root)
        result["machine"] = _machine()
        result["root"] = str(root) if keep else None
    finally:
        if not keep:
            shutil.rmtree(root, ignore_errors=True)
    print(json.dumps(result, ensure_ascii=False), flush=True)
    return 0


def _timed_build(root: Path, stages: dict[str, float]) -> dict:
    """`portal check` on its own, then one cold `portal build` (its own stage timings)."""
    from thidua import build, load

    out: dict = {}
    t = time.perf_counter()
    archive, problems = load.load_archive(root / "campaigns")
    out["check_s"] = round(time.perf_counter() - t, 3)
    out["problems"] = {"errors": sum(p.severity == "error" for p in problems),
                       "warnings": sum(p.severity != "error" for p in problems)}
    out["honorees_loaded"] = sum(len(c.honorees) for c in archive.campaigns)
    del archive, problems
    gc.collect()

    shutil.rmtree(root / "site", ignore_errors=True)  # a kept folder's last site: publish swaps into an empty place
    os.sync()  # the last run's writes reach the disk now, not during this build's timing
    t = time.perf_counter()
    result = build.build(root / "mkdocs.yml", root / "site", today=TODAY)
    wall = time.perf_counter() - t
    stages.update({key: float(value) for key, value in result.stages.items()})
    stages["publish"] = max(0.0, wall - sum(float(v) for v in result.stages.values()))
    out["build_s"] = round(wall, 3)
    out["pages"] = result.pages
    return out


def _timed_successor(root: Path) -> dict:
    """The same cold build through Material's successor (`build --renderer zensical`), after the
    MkDocs build and outside its memory and CPU figures: wall time and the route's stages."""
    from thidua import build
    from thidua.renderers.zensical.route import RendererMissing

    out = root / "site-zensical"
    shutil.rmtree(out, ignore_errors=True)
    os.sync()
    t = time.perf_counter()
    try:
        result = build.build(root / "mkdocs.yml", out, today=TODAY, renderer="zensical")
    except RendererMissing as missing:
        return {"renderer": "zensical", "skipped": str(missing)}
    wall = time.perf_counter() - t
    return {"renderer": "zensical", "build_s": round(wall, 3), "pages": result.pages,
            "stages_s": {key: round(float(value), 3) for key, value in result.stages.items()},
            "site_bytes": _tree_size(out)[0]}


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]


@contextmanager
def chromium():
    """Debian's headless Chromium driven by Playwright (its own browser downloads are not used)."""
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


def _prepare(root: Path, honorees: int, seed: int, keep: bool) -> dict:
    from benchmarks import refdata
    counts = refdata.reusable(root, honorees, seed) if keep else None
    if counts is None:
        counts = refdata.generate_archive(root, honorees, seed)
    else:
        refdata.copy_site_config(root)
    return counts


@contextmanager
def serve(directory: Path):
    """Serve a folder on 127.0.0.1 on a free port; yield the base URL."""
    import functools
    import http.server

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):  # keep the benchmark's and the tests' output readable
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


# --- the search benchmark -------------------------------------------------------------------------
#
# `portal bench-search`: on the reference archive, built as `portal build --precompress` builds it
# and served by the documented nginx (`portal nginx`), it measures
#   - the index: build time and memory of the search records, Pagefind and the names index; sizes;
#   - accuracy, in Chromium through the search page itself, for a seeded random sample of
#     individuals (seed and size printed): the exact name typed with and without accents (top 1),
#     family + given name (top 5), one wrong or missing letter in a name word (top 5), the name
#     typed in Telex and in VNI without an input method (top 1);
#   - a phone on a slow link (CDP network emulation: 150 ms, 1.6 Mbit/s down, a cold cache, a
#     360x640 screen): time to the first result, bytes on the wire before it and until the search
#     is done, the longest chain of requests before it, and whether the first result is in view;
#     for a rare name, `nguyen`, `nguyen van an`, `van` and a unit.

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


# --- serving the site as documented -------------------------------------------------------------------

@contextmanager
def nginx(site: Path, site_url: str):
    """The documented nginx in front of the built site (the config `portal nginx` prints), on a free
    loopback port; yields the site's base URL. None when nginx is not installed."""
    import socket
    import subprocess
    import urllib.request
    from urllib.parse import urlparse
    from thidua.deploy import nginx_config
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not os.access(binary, os.X_OK):
        yield None
        return
    work = Path(tempfile.mkdtemp(prefix="thidua-bench-nginx-"))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    (work / "server.conf").write_text(nginx_config(site, site_url, str(site), listen=f"127.0.0.1:{port}"), "utf-8")
    (work / "tmp").mkdir()
    (work / "nginx.conf").write_text(f"""
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/error.log;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {work}/tmp;
    proxy_temp_path {work}/tmp;
    fastcgi_temp_path {work}/tmp;
    uwsgi_temp_path {work}/tmp;
    scgi_temp_path {work}/tmp;
    include {work}/server.conf;
}}
""", "utf-8")
    if os.geteuid() == 0:
        text = (work / "nginx.conf").read_text("utf-8")
        (work / "nginx.conf").write_text("user root;\n" + text, "utf-8")
    process = subprocess.Popen([binary, "-c", str(work / "nginx.conf"), "-p", str(work), "-g", "daemon off;"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}{urlparse(site_url).path}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base, timeout=1)
                break
            except OSError:
                if process.poll() is not None:
                    break
                time.sleep(0.05)
        yield base if process.poll() is None else None
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)


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
            with nginx(root / "site", site_url) as base, chromium() as browser:
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
