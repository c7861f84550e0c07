// Search page. People are found in the names index (thidua/search_names.py, whose docstring is
// the contract this script reads): every individual honoree as a row ordered by name, read a few
// small files at a time. Units and campaigns are matched here against the index's tables.
// Everything else (collectives by the text of their lists, campaign texts, hand-written pages,
// browsing by filters alone) is Pagefind's: its bundle loads only when a search needs it.
// All data is inserted as text, never as HTML.
(function () {
  "use strict";

  // --- Vietnamese text, as thidua.text has it (fold, tone_free, tone) ---------------------------
  var LATIN = /[\u00c0-\u024f\u1e00-\u1eff]/g;
  var COMBINING = /[\u0300-\u036f]/g;
  var TONE_MARK = /[\u0300\u0309\u0303\u0301\u0323]/g;
  var TONES = { "\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5 };

  function fold(s) { // text.fold: accents stripped, đ -> d, lower case, single spaces
    if (/[^\x00-\x7f]/.test(s)) {
      s = s.replace(LATIN, function (c) { return c.normalize("NFD"); }).replace(COMBINING, "")
        .replace(/đ/g, "d").replace(/Đ/g, "D");
    }
    return s.toLowerCase().replace(/\s+/g, " ").trim();
  }
  function toneFree(s) { return s.toLowerCase().normalize("NFD").replace(TONE_MARK, "").normalize("NFC"); }
  function tone(s) {
    var d = s.normalize("NFD");
    for (var i = 0; i < d.length; i++) if (TONES[d[i]]) return TONES[d[i]];
    return 0;
  }
  function tokens(query) {
    return query.normalize("NFC").toLowerCase().split(/[^\p{L}\p{M}\p{N}]+/u).filter(Boolean);
  }

  // Telex or VNI typed without an input method ("nguyeenx", "nguye64n"): the letters (with their
  // marks) and the tone they stand for, or null when the word carries no such keys.
  var TELEX_TONE = { f: 1, r: 2, x: 3, s: 4, j: 5, z: 0 };
  var VNI_TONE = { "2": 1, "3": 2, "4": 3, "1": 4, "5": 5, "0": 0 };
  var DOUBLE = { a: "â", e: "ê", o: "ô", d: "đ" };
  var HAT = { a: "â", e: "ê", o: "ô" }, HORN = { o: "ơ", u: "ư" }, BREVE = { a: "ă" };
  function isVowel(c) { return "aăâeêioôơuưy".indexOf(c) >= 0; }
  function lastIndex(out, table) {
    for (var i = out.length - 1; i >= 0; i--) if (table[out[i]]) return i;
    return -1;
  }
  function decodeTyping(word) {
    if (!/^[a-z0-9]+$/.test(word) || !/[aeiouy]/.test(word)) return null;
    var out = [], toneValue = 0, used = false, vowel = false;
    for (var i = 0; i < word.length; i++) {
      var c = word[i], prev = out[out.length - 1], at;
      if (vowel && c in TELEX_TONE) { toneValue = TELEX_TONE[c]; used = true; continue; }
      if (vowel && c in VNI_TONE) { toneValue = VNI_TONE[c]; used = true; continue; }
      if (DOUBLE[c] && prev === c && (c !== "d" || out.length === 1)) { out[out.length - 1] = DOUBLE[c]; used = true; continue; }
      if (c === "w" || c === "7") {
        at = lastIndex(out, { a: 1, o: 1, u: 1 });
        if (c === "7") at = lastIndex(out, HORN);
        if (at >= 0 && out[at] === "o" && out[at - 1] === "u") { out[at - 1] = "ư"; out[at] = "ơ"; }
        else if (at >= 0) out[at] = out[at] === "a" ? "ă" : HORN[out[at]];
        else if (c === "w") { out.push("ư"); vowel = true; }
        else return null;
        used = true;
        continue;
      }
      if (c === "6" || c === "8" || c === "9") {
        at = lastIndex(out, c === "6" ? HAT : c === "8" ? BREVE : { d: 1 });
        if (at < 0) return null;
        out[at] = c === "9" ? "đ" : (c === "6" ? HAT : BREVE)[out[at]];
        used = true;
        continue;
      }
      if (/[0-9]/.test(c)) return null;
      out.push(c);
      if (isVowel(c)) vowel = true;
    }
    if (!used) return null;
    return { letters: out.join(""), tone: toneValue };
  }

  // Edit distance (a swap of two neighbours counts as one edit), for short words.
  function distance(a, b) {
    if (a === b) return 0;
    var rows = [], i, j;
    for (i = 0; i <= a.length; i++) { rows.push([i]); }
    for (j = 1; j <= b.length; j++) rows[0][j] = j;
    for (i = 1; i <= a.length; i++) {
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var v = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, rows[i - 2][j - 2] + 1);
        rows[i][j] = v;
      }
    }
    return rows[a.length][b.length];
  }
  function withinOne(a, b) { return Math.abs(a.length - b.length) <= 1 && distance(a, b) <= 1; }

  var TEXT = { fold: fold, toneFree: toneFree, tone: tone, tokens: tokens, decodeTyping: decodeTyping };
  window.portalSearch = { text: TEXT };

  var app = document.getElementById("search-app");
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-q");
  if (!app || !form || !input) return; // other pages run warm.js

  var PAGE = 20; // people shown per step
  var GROUP = 3; // namesakes shown together before "all N people named …"
  var BIG = 3000; // a one-word search holding more names than this is read in name order
  var FULL = 6000; // up to this many people are all read, for filters and other orders
  var BATCH = 6; // Pagefind fragments fetched at once
  var STEP_PAGES = 40;
  var ALL_PAGES = 20;
  var NAME_PAGES = 30;
  var KIND_PERSON = "Cá nhân", KIND_UNIT = "Đơn vị", KIND_CAMPAIGN = "Phong trào";
  var FILTERS = [
    ["loai", "Loại kết quả"],
    ["nam", "Năm"],
    ["phong_trao", "Phong trào"],
    ["hinh_thuc", "Hình thức khen thưởng"],
    ["don_vi", "Đơn vị"],
    ["trang_thai", "Trạng thái phong trào"],
  ];
  var SORTS = [
    ["", "Phù hợp nhất"],
    ["date:desc", "Mới nhất"],
    ["date:asc", "Cũ nhất"],
    ["name:asc", "Theo tên (A–Z)"],
  ];
  var NOTE_PEOPLE = "Số trong ngoặc là số người, đơn vị hoặc phong trào phù hợp.";
  var NOTE_LISTS = "Số trong ngoặc là số danh sách khen thưởng, phong trào, đơn vị hoặc trang phù hợp, không phải số người.";
  var bundle = new URL(app.getAttribute("data-bundle"), window.location.href);
  var namesBase = new URL("ten/", bundle);
  var siteRoot = new URL("../", window.location.href);
  var pagefind = null;
  var loading = null;
  var current = { query: "" };
  var searches = 0;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function number(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, "."); } // 34.470, as vi-VN writes it

  // --- the page skeleton ---------------------------------------------------------------
  var filterBox = el("div", { "class": "filters" });
  var selects = {};
  FILTERS.forEach(function (f) {
    var wrap = el("div");
    var id = "loc-" + f[0];
    wrap.appendChild(el("label", { "for": id }, f[1]));
    var select = el("select", { id: id, name: f[0], "aria-describedby": "loc-chu-thich" });
    select.appendChild(el("option", { value: "" }, "Tất cả"));
    select.addEventListener("change", start);
    selects[f[0]] = select;
    wrap.appendChild(select);
    filterBox.appendChild(wrap);
  });
  var sortWrap = el("div");
  sortWrap.appendChild(el("label", { "for": "sap-xep" }, "Sắp xếp"));
  var sortSelect = el("select", { id: "sap-xep", name: "sap_xep" });
  SORTS.forEach(function (s) { sortSelect.appendChild(el("option", { value: s[0] }, s[1])); });
  sortSelect.addEventListener("change", start);
  sortWrap.appendChild(sortSelect);
  filterBox.appendChild(sortWrap);

  var meant = el("p", { "class": "search-meant", hidden: "" });
  var status = el("p", { "class": "search-status", role: "status", "aria-live": "polite" });
  var list = el("ol", { "class": "search-results", "aria-label": "Kết quả tìm kiếm" });
  var more = el("button", { type: "button", "class": "search-more", hidden: "" }, "Xem thêm kết quả");
  more.addEventListener("click", function () { (current.next || function () {})().catch(failed); });
  var deeper = el("button", { type: "button", "class": "search-deeper", hidden: "" },
                  "Tìm trong nội dung phong trào, tập thể và trang khác");
  deeper.addEventListener("click", function () { fullText(current, true).catch(failed); });
  var filterWrap = el("details", { "class": "filters-wrap" });
  filterWrap.appendChild(el("summary", {}, "Bộ lọc và sắp xếp"));
  filterWrap.appendChild(filterBox);
  var note = el("p", { id: "loc-chu-thich", "class": "filters-note" }, NOTE_PEOPLE);
  filterWrap.appendChild(note);
  if (window.matchMedia("(min-width: 45em)").matches) filterWrap.open = true;
  // Opened with a query, the page shows the filters once the first results are in: drawn before
  // them, the box would be pushed down as they arrive (a layout shift the reader sees).
  filterWrap.hidden = !!new URLSearchParams(window.location.search).get("q");
  app.appendChild(meant);
  app.appendChild(status);
  app.appendChild(list);
  app.appendChild(more);
  app.appendChild(deeper);
  app.appendChild(filterWrap); // below the results on a phone: the first result stays in view

  // --- state in the address bar, so a search can be shared ---------------------------------
  function readUrl() {
    var params = new URLSearchParams(window.location.search);
    input.value = params.get("q") || "";
    FILTERS.forEach(function (f) {
      selects[f[0]].dataset.wanted = params.get(f[0]) || "";
      if (params.get(f[0])) filterWrap.open = true;
    });
    sortSelect.value = params.get("sap_xep") || "";
  }

  function writeUrl(query) {
    var params = new URLSearchParams();
    if (query) params.set("q", query);
    var filters = chosenFilters();
    Object.keys(filters).forEach(function (k) { params.set(k, filters[k]); });
    if (sortSelect.value) params.set("sap_xep", sortSelect.value);
    var text = params.toString();
    window.history.replaceState(null, "", window.location.pathname + (text ? "?" + text : ""));
  }

  function chosenFilters() {
    var out = {};
    FILTERS.forEach(function (f) {
      var value = selects[f[0]].value || selects[f[0]].dataset.wanted;
      if (value) out[f[0]] = value;
    });
    return out;
  }

  function fillFilters(counts) {
    FILTERS.forEach(function (f) {
      var select = selects[f[0]];
      var keep = select.value || select.dataset.wanted || "";
      var values = Object.keys(counts[f[0]] || {}).sort(function (a, b) { return a.localeCompare(b, "vi"); });
      while (select.options.length > 1) select.remove(1);
      values.forEach(function (v) {
        select.appendChild(el("option", { value: v }, v + " (" + number(counts[f[0]][v]) + ")"));
      });
      if (keep && values.indexOf(keep) === -1) select.appendChild(el("option", { value: keep }, keep + " (0)"));
      select.value = keep;
      select.dataset.wanted = "";
    });
  }

  // --- the names index ------------------------------------------------------------------
  var names = null; // the promise of index.json, prepared
  var files = {}; // url -> promise of parsed JSON

  function json(url, reload) {
    return fetch(url, reload ? { cache: "reload" } : {}).then(function (r) {
      if (!r.ok) throw new Error(r.status + " " + url);
      return r.json();
    });
  }

  function loadNames(reload) {
    if (!names || reload) {
      // The page asks the browser to preload index.json (search.html), with the same URL and mode.
      names = json(new URL("index.json", namesBase).href, reload).then(prepare);
      files = {};
    }
    return names;
  }

  function prepare(ix) {
    if (ix.v !== 1) throw new Error("names index format " + ix.v);
    ix.foldOf = {};
    ix.f.forEach(function (f, i) { ix.foldOf[f] = i; });
    ix.foldWords = ix.f.map(function () { return []; });
    ix.wf.forEach(function (f, w) { ix.foldWords[f].push(w); });
    ix.letters = ix.wl.map(function (l) { return ix.l[l]; });
    ix.tones = ix.w.map(tone);
    ix.gBlock = {};
    ix.gb.forEach(function (b) { ix.gBlock[b[0]] = b; });
    ix.fBlock = {};
    ix.fb.forEach(function (b) { ix.fBlock[b[0]] = b; });
    ix.folder = new URL(ix.build + "/", namesBase);
    ix.lists = [];
    ix.li.forEach(function (run) { run.slice(1).forEach(function (a) { ix.lists.push([run[0], a]); }); });
    return ix;
  }

  // The unit pages, for units found by name: read once people are shown, or at once when no
  // name can match.
  function unitPages(ix) {
    if (!ix.units) {
      ix.units = file(ix, "dv.json").then(function (data) {
        Object.keys(data.ct || {}).forEach(function (i) { ix.c[i][4] = data.ct[i]; }); // campaign titles
        return data.dv.map(function (u) { return [typeof u[0] === "number" ? ix.u[u[0]] : u[0], u[1], u[2], u[3] || ""]; });
      });
    }
    return ix.units;
  }

  function file(ix, name) {
    var url = new URL(name, ix.folder).href;
    if (!files[url]) files[url] = json(url).catch(function (e) { delete files[url]; throw e; });
    return files[url];
  }

  // The rows of a page of the G or F order, in page order (each with its id, its position in G).
  var decoded = {};
  function pageRows(ix, order, k) {
    var key = ix.build + order + k;
    if (decoded[key]) return Promise.resolve(decoded[key]);
    return file(ix, order + k + ".json").then(function (data) {
      var rows = [], at = 0, id = order === "g" ? k * ix.page : 0;
      data.n.forEach(function (run) {
        var ids = run.slice(0, -1);
        for (var j = 0; j < run[run.length - 1]; j++, at++) {
          if (order === "f") id = at === 0 ? data.g[0] : id + data.g[at];
          var x = data.x && data.x[at];
          var anchor = ids.map(function (w) { return ix.f[ix.wf[w]]; }).join("-");
          if (typeof x === "number") anchor += "-" + x;
          else if (typeof x === "string") anchor = x;
          var entry = ix.lists[data.l[at]], campaign = ix.c[entry[0]];
          rows.push({ id: id, ids: ids, name: ids.map(function (w) { return ix.w[w]; }).join(" "),
                       honorific: ix.h[+data.h[at]] || "", position: data.p[at] >= 0 ? ix.p[data.p[at]] : "",
                       unit: data.u[at] >= 0 ? ix.u[data.u[at]] : "", award: ix.a[entry[1]], campaign: campaign[1],
                       year: campaign[2], status: ix.s[campaign[3]] || "",
                       url: ((ix.lp || {})[data.l[at]] || campaign[0]) + "#" + anchor });
          if (order === "g") id++;
        }
      });
      decoded[key] = rows;
      return rows;
    });
  }

  // Rows wanted as [G id, F position], each a promise: read from whichever order needs fewer
  // pages (pages already on their way count for nothing).
  function rowPromises(ix, wanted) {
    var g = {}, f = {};
    wanted.forEach(function (w) { g[Math.floor(w[0] / ix.page)] = 1; f[Math.floor(w[1] / ix.page)] = 1; });
    function missing(order, pages) {
      return Object.keys(pages).filter(function (k) { return !files[new URL(order + k + ".json", ix.folder).href]; }).length;
    }
    var gm = missing("g", g), fm = missing("f", f);
    var order = fm < gm || (fm === gm && Object.keys(f).length < Object.keys(g).length) ? "f" : "g";
    var at = order === "g" ? 0 : 1;
    return wanted.map(function (w) {
      var k = Math.floor(w[at] / ix.page);
      return pageRows(ix, order, k).then(function (rows) { return rows[w[at] - k * ix.page]; });
    });
  }
  function readRows(ix, wanted) { return Promise.all(rowPromises(ix, wanted)); }

  // --- understanding what was typed --------------------------------------------------------
  // Each word of the query becomes the words of the index it may stand for, each with a cost:
  // 0 the same word, 0.8 its beginning (the last word only, as it may still be typed), 1.2 one
  // letter wrong, missing, extra or swapped; typed with marks, a mark that differs adds 1 (a
  // letter: u/ư) or 0.5 (the tone), so the exact spelling comes first.
  function understand(ix, query, typos) {
    var quoted = /^\s*["“”].*["“”]\s*$/.test(query);
    var words = tokens(query);
    var accented = words.some(function (w) { return fold(w) !== w || decodeTyping(w); });
    var parts = words.map(function (word, i) {
      var typed = { fold: fold(word), letters: toneFree(word), tone: tone(word), telex: false };
      var telex = decodeTyping(word);
      var readings = [typed];
      if (telex) readings.unshift({ fold: fold(telex.letters), letters: telex.letters, tone: telex.tone, telex: true });
      var last = i === words.length - 1 && !quoted;
      var matches = {}, how = {};
      function add(w, cost, kind) {
        if (!(w in matches) || cost < matches[w]) { matches[w] = cost; how[w] = kind; }
      }
      readings.forEach(function (r) {
        var exact = ix.foldOf[r.fold];
        var range = prefixRange(ix.f, r.fold);
        var whole = exact !== undefined;
        for (var f = range[0]; f < range[1]; f++) {
          var isWhole = f === exact;
          if (!isWhole && (!last || quoted) && whole) continue;
          if (!isWhole && r.fold.length < 2 && words.length === 1) continue;
          ix.foldWords[f].forEach(function (w) {
            var cost = (isWhole ? 0 : 0.8) + (accented ? marks(ix, r, w, isWhole ? "whole" : "prefix") : 0);
            add(w, cost, r.telex ? "telex" : isWhole ? "word" : "prefix");
          });
        }
      });
      var none = Object.keys(matches).length === 0;
      var missing = accented && !readings.some(function (r) { // typed with marks no name has
        return ix.foldOf[r.fold] !== undefined && ix.foldWords[ix.foldOf[r.fold]].some(function (w) {
          return ix.letters[w] === r.letters;
        });
      });
      if ((typos || none || missing) && !quoted) {
        readings.forEach(function (r) {
          if (r.fold.length < 2 && words.length === 1) return;
          ix.f.forEach(function (f, fi) {
            if (f === r.fold || !withinOne(r.fold, f)) return;
            ix.foldWords[fi].forEach(function (w) {
              add(w, 1.2 + (accented ? marks(ix, r, w, "typo") : 0), "typo");
            });
          });
        });
      }
      return { word: word, matches: matches, how: how, last: last };
    });
    return { query: query, words: words, parts: parts, accented: accented, quoted: quoted, typos: !!typos };
  }

  function prefixRange(sorted, prefix) {
    var lo = 0, hi = sorted.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (sorted[mid] < prefix) lo = mid + 1; else hi = mid; }
    var end = lo;
    while (end < sorted.length && sorted[end].indexOf(prefix) === 0) end++;
    return [lo, end];
  }

  function marks(ix, reading, w, kind) {
    var letters = ix.letters[w], t = ix.tones[w], cost = 0;
    if (kind === "whole") {
      for (var i = 0; i < letters.length; i++) if (letters[i] !== reading.letters[i]) cost += 1;
      return cost + (t !== reading.tone ? 0.5 : 0);
    }
    if (kind === "prefix") {
      for (var j = 0; j < reading.letters.length; j++) if (letters[j] !== reading.letters[j]) cost += 1;
      return cost + (reading.tone && t !== reading.tone ? 0.5 : 0);
    }
    cost = Math.max(0, distance(reading.letters, letters) - distance(reading.fold, ix.f[ix.wf[w]]));
    return cost + (t !== reading.tone ? 0.5 : 0);
  }

  // What a name costs for the query: every query word on a word of its own, in the order of the
  // name ("family … given") at no cost, the last on the given name and the first on the family
  // name best; Infinity when some word finds no place. Returns [cost, place of each word].
  function nameCost(plan, ids) {
    var m = plan.parts.length, k = ids.length;
    if (m === 0 || m > k) return [Infinity, null];
    if (plan.quoted && m !== k) return [Infinity, null];
    var best = Infinity, bestPlaces = null, places = [], used = [];
    function walk(i, sum) {
      if (sum >= best) return;
      if (i === m) {
        var c = sum + structure(places, k);
        if (c < best) { best = c; bestPlaces = places.slice(); }
        return;
      }
      var matches = plan.parts[i].matches;
      for (var p = 0; p < k; p++) {
        if (used[p] || !(ids[p] in matches)) continue;
        if (plan.quoted && (p !== i || matches[ids[p]] > 0)) continue;
        used[p] = true;
        places[i] = p;
        walk(i + 1, sum + matches[ids[p]]);
        used[p] = false;
      }
    }
    walk(0, 0);
    return [best, bestPlaces];
  }

  function structure(places, k) {
    var m = places.length, cost = 0;
    for (var i = 0; i < m; i++) for (var j = i + 1; j < m; j++) if (places[i] > places[j]) cost += 1;
    if (m === 1) cost += places[0] === k - 1 ? 0 : places[0] === 0 ? 0.2 : 0.4;
    else cost += (places[0] === 0 ? 0 : 0.3) + (places[m - 1] === k - 1 ? 0 : 0.4);
    return m > 1 ? cost + (k - m) * 0.05 : cost; // a longer name: a little further down
  }

  function foldsOf(ix, part) {
    var seen = {};
    Object.keys(part.matches).forEach(function (w) { seen[ix.wf[w]] = true; });
    return Object.keys(seen).map(Number);
  }

  function namesHolding(ix, folds) {
    return folds.reduce(function (sum, f) { return sum + ix.fn[f]; }, 0);
  }

  // --- finding people ------------------------------------------------------------------------
  // Either the names holding the query's rarest word (one small file per spelling of it: every
  // person whose name holds it, counted and ranked exactly), or, for one common word, the people
  // read in name order from the blocks where that word is the given name, then the family name,
  // then a middle name.
  function findPeople(ix, plan) {
    if (!plan.parts.length || plan.parts.some(function (p) { return !Object.keys(p.matches).length; })) {
      return Promise.resolve({ mode: "names", groups: [], total: 0 });
    }
    var pivot = null, pivotFolds = null, size = Infinity;
    plan.parts.forEach(function (part) {
      var folds = foldsOf(ix, part), n = namesHolding(ix, folds);
      if (folds.length <= 12 && n < size) { pivot = part; pivotFolds = folds; size = n; }
    });
    if (!pivot || (plan.parts.length === 1 && size > BIG && !plan.quoted)) return Promise.resolve(scan(ix, plan));
    likelyPages(ix, plan).forEach(function (p) { pageRows(ix, p[0], p[1]).catch(function () {}); });
    return Promise.all(pivotFolds.map(function (f) { return file(ix, "n" + f + ".json"); })).then(function (lists) {
      var seen = {}, groups = [];
      lists.forEach(function (data) {
        var g = 0;
        data.n.forEach(function (e) {
          g += e[0];
          if (seen[g]) return;
          seen[g] = true;
          var ids = e.slice(3), c = nameCost(plan, ids);
          if (c[0] < Infinity) groups.push({ g: g, f: e[1], count: e[2], ids: ids, cost: c[0], places: c[1] });
        });
      });
      // Equal costs: in name order for one word (so a step reads one or two pages); for more
      // words the commoner name first (most likely meant).
      var several = plan.parts.length > 1;
      groups.sort(function (a, b) { return a.cost - b.cost || (several ? b.count - a.count : 0) || a.g - b.g; });
      var total = groups.reduce(function (s, x) { return s + x.count; }, 0);
      return { mode: "names", groups: groups, total: total, exact: true };
    });
  }

  // The pages where the first people most likely are, read with the names-lists: for one word,
  // the first page where it is the given name (else the family name); for more, the G pages
  // where the last word is the given name and the first the family name.
  function likelyPages(ix, plan) {
    var m = plan.parts.length, last = plan.parts[m - 1], first = plan.parts[0], out = [];
    function push(order, k) {
      if (out.length < 4 && !out.some(function (p) { return p[0] === order && p[1] === k; })) out.push([order, k]);
    }
    function best(part, place) {
      return Object.keys(part.matches).filter(function (w) { return part.matches[w] < 1 && ix.wc[w][place]; })
        .sort(function (a, b) { return part.matches[a] - part.matches[b]; });
    }
    var given = best(last, 0);
    if (m === 1) {
      given.forEach(function (w) { var b = ix.gBlock[ix.wl[w]]; if (b) push("g", Math.floor(b[1] / ix.page)); });
      if (!out.length) {
        best(first, 1).forEach(function (w) { var b = ix.fBlock[ix.wl[w]]; if (b) push("f", Math.floor(b[1] / ix.page)); });
      }
      return out;
    }
    var family = best(first, 1).map(function (w) { return ix.wl[w]; });
    var middle = m > 2 ? best(plan.parts[1], 2).map(function (w) { return ix.wl[w]; }) : [null];
    function compare(a, b) { // page keys and targets: [given, family, middle]; null: any middle
      for (var i = 0; i < 3; i++) {
        if (b[i] === null || a[i] === null) return 0;
        if (a[i] !== b[i]) return a[i] - b[i];
      }
      return 0;
    }
    given.forEach(function (w) {
      var l = ix.wl[w], b = ix.gBlock[l];
      if (!b) return;
      for (var k = Math.floor(b[1] / ix.page); k <= Math.floor((b[2] - 1) / ix.page); k++) {
        family.forEach(function (fl) {
          middle.forEach(function (ml) {
            var target = [l, fl, ml];
            if (compare(ix.gk[k], target) <= 0 && (!ix.gk[k + 1] || compare(ix.gk[k + 1], target) >= 0)) push("g", k);
          });
        });
      }
    });
    return out;
  }

  // One common word: classes in order of cost, each a run of rows read page by page.
  function scan(ix, plan) {
    var part = plan.parts[0], classes = [];
    Object.keys(part.matches).forEach(function (key) {
      var w = +key, cost = part.matches[w], b;
      if (ix.wc[w][0] && (b = ix.gBlock[ix.wl[w]])) classes.push({ cost: cost, order: "g", from: b[1], to: b[2], place: "given", words: [w] });
      if (ix.wc[w][1] && (b = ix.fBlock[ix.wl[w]])) classes.push({ cost: cost + 0.2, order: "f", from: b[1], to: b[2], place: "family", words: [w] });
      if (ix.wc[w][2]) classes.push({ cost: cost + 0.4, order: "g", from: 0, to: ix.rows, place: "middle", words: [w] });
    });
    classes.sort(function (a, b) { return a.cost - b.cost || a.from - b.from; });
    var merged = []; // words of one cost in the same run are read together
    classes.forEach(function (c) {
      var same = merged.filter(function (m) { return m.cost === c.cost && m.order === c.order && m.from === c.from && m.place === c.place; })[0];
      if (same) same.words = same.words.concat(c.words); else merged.push(c);
    });
    var folds = foldsOf(ix, part);
    var total = folds.reduce(function (s, f) { return s + ix.fr[f]; }, 0);
    return { mode: "scan", classes: merged, total: total, exact: folds.length === 1, at: 0, row: merged.length ? merged[0].from : 0 };
  }

  function inClass(c, row) {
    var ids = row.ids, k = ids.length;
    if (c.place === "given") return c.words.indexOf(ids[k - 1]) >= 0;
    if (c.place === "family") return k > 1 && c.words.indexOf(ids[0]) >= 0;
    for (var i = 1; i < k - 1; i++) if (c.words.indexOf(ids[i]) >= 0) return true;
    return false;
  }

  // The next people of a scan: PAGE of them, namesakes beyond GROUP folded into one line (a run
  // of namesakes is read to its end, so the next step starts with a new name).
  async function scanStep(ix, found, state, collapse) {
    var shown = [], folds = [];
    while (found.at < found.classes.length) {
      var c = found.classes[found.at];
      if (found.row >= c.to) {
        found.at += 1;
        if (found.at < found.classes.length) found.row = found.classes[found.at].from;
        continue;
      }
      var k = Math.floor(found.row / ix.page);
      var rows = await pageRows(ix, c.order, k);
      if (state !== current) return { rows: shown, folds: folds };
      var base = k * ix.page, end = Math.min(c.to, base + ix.page);
      for (; found.row < end; found.row++) {
        var row = rows[found.row - base];
        if (!row || !inClass(c, row) || !filtersAllow(state, row)) continue;
        if (found.classes.slice(0, found.at).some(function (e) { return inClass(e, row); })) continue;
        var run = found.run;
        if (run && run.name === row.name) {
          run.count += 1;
          if (!collapse || run.visible < GROUP) { shown.push(row); run.visible += 1; }
          else if (!run.folded) { folds.push({ after: shown.length, row: row, open: true }); run.folded = true; }
          continue;
        }
        if (shown.length >= PAGE) return { rows: shown, folds: folds };
        found.run = { name: row.name, count: 1, visible: 1 };
        shown.push(row);
      }
    }
    return { rows: shown, folds: folds };
  }

  // --- units and campaigns, from the index's tables -----------------------------------------
  var folded = {};
  function foldedWords(key, text) {
    return folded[key] || (folded[key] = fold(text).split(/[^a-z0-9]+/).filter(Boolean));
  }
  // Each query word is a word of the text or, the last one, its beginning: the cost, or Infinity.
  function wordsMatch(wanted, words) {
    var cost = 0;
    for (var i = 0; i < wanted.length; i++) {
      var best = Infinity, forms = wanted[i].forms;
      for (var j = 0; j < words.length && best > 0; j++) {
        for (var f = 0; f < forms.length; f++) {
          if (words[j] === forms[f]) best = 0;
          else if (wanted[i].last && best > 0.8 && words[j].indexOf(forms[f]) === 0) best = 0.8;
        }
      }
      if (best === Infinity) return Infinity;
      cost += best;
    }
    return cost;
  }
  function others(ix, plan, units) {
    if (!plan.parts.length || plan.quoted) return [];
    var out = [];
    var wanted = plan.parts.map(function (part) {
      var telex = decodeTyping(part.word);
      return { last: part.last, forms: [fold(part.word)].concat(telex ? [fold(telex.letters)] : []) };
    });
    units.forEach(function (u, i) {
      var cost = wordsMatch(wanted, foldedWords("u" + i, u[0]));
      if (cost < Infinity) out.push({ cost: cost, kind: KIND_UNIT, title: u[0], url: u[1], count: u[2], issuer: u[3] });
    });
    ix.c.forEach(function (c, i) {
      var cost = wordsMatch(wanted, foldedWords("c" + i, c[1] + " " + (c[4] || "")));
      if (cost < Infinity) out.push({ cost: cost + 0.1, kind: KIND_CAMPAIGN, title: c[4] || c[1], url: c[0], year: c[2],
                                      status: ix.s[c[3]] || "" });
    });
    out.sort(function (a, b) { return a.cost - b.cost || a.title.localeCompare(b.title, "vi"); });
    return out;
  }

  // --- filters and orders over people found by name ------------------------------------------
  function facetsOf(row) {
    return { loai: KIND_PERSON, nam: String(row.year), phong_trao: row.campaign, hinh_thuc: row.award,
             don_vi: row.unit, trang_thai: row.status };
  }
  function filtersAllow(state, row) {
    var facets = facetsOf(row);
    return Object.keys(state.filters).every(function (k) { return facets[k] === state.filters[k]; });
  }
  function otherAllowed(state, item) {
    var f = state.filters;
    if (f.loai && f.loai !== item.kind) return false;
    if (f.nam && String(item.year || "") !== f.nam) return false;
    return !f.phong_trao && !f.hinh_thuc && !f.don_vi && !(f.trang_thai && f.trang_thai !== item.status);
  }

  // Every row of the groups found (at most FULL): for filters with counts and the other orders.
  async function allRows(ix, found, state) {
    if (found.rows) return found.rows;
    var wanted = [];
    found.groups.forEach(function (grp, gi) {
      for (var j = 0; j < grp.count; j++) wanted.push([grp.g + j, grp.f + j, gi]);
    });
    var rows = await readRows(ix, wanted);
    rows.forEach(function (row, i) { row.group = wanted[i][2]; });
    found.rows = rows;
    return rows;
  }

  function countFacets(state, rows, items) {
    var counts = {};
    FILTERS.forEach(function (f) { counts[f[0]] = {}; });
    function add(facets) {
      FILTERS.forEach(function (f) {
        var key = f[0], value = facets[key];
        if (!value) return;
        var ok = Object.keys(state.filters).every(function (k) { return k === key || facets[k] === state.filters[k]; });
        if (ok) counts[key][value] = (counts[key][value] || 0) + 1;
      });
    }
    rows.forEach(function (row) { add(facetsOf(row)); });
    items.forEach(function (item) { add({ loai: item.kind, nam: item.year ? String(item.year) : "", trang_thai: item.status }); });
    return counts;
  }

  // --- searching ---------------------------------------------------------------------
  function start() { search().catch(failed); }

  function failed(error) {
    if (error && /^404 /.test(error.message || "") && !current.retried) { // a newer build replaced the index
      current.retried = true;
      loadNames(true).then(start, failedShown);
      return;
    }
    failedShown();
  }
  function failedShown() {
    more.hidden = true;
    app.dataset.state = "done";
    filterWrap.hidden = false;
    status.textContent = "Không tải được bộ tìm kiếm. Hãy thử lại sau hoặc xem danh sách khen thưởng theo tên.";
  }

  function begin(query) {
    var state = current = { query: query, filters: chosenFilters(), sort: sortSelect.value, id: ++searches };
    state.unit = state.filters.don_vi || "";
    app.dataset.state = "busy";
    app.dataset.query = query;
    writeUrl(query);
    return state;
  }

  function finish(state) {
    if (state === current) app.dataset.state = "done";
    filterWrap.hidden = false;
  }

  async function search() {
    var query = input.value.trim();
    var state = begin(query);
    meant.hidden = true;
    deeper.hidden = true;
    if (!query) return fullText(state, false);
    status.textContent = "Đang tìm…";
    var ix = await loadNames().catch(function () { return null; });
    if (state !== current) return;
    if (!ix) return fullText(state, false);
    var plan = understand(ix, query, false);
    if (plan.parts.some(function (p) { return !Object.keys(p.matches).length; })) unitPages(ix); // no name can match
    var found = await findPeople(ix, plan);
    if (state !== current) return;
    var extra = null;
    if (!found.total) {
      extra = others(ix, plan, await unitPages(ix));
      if (!extra.length && !plan.quoted) { // nothing as typed: one letter may be wrong
        plan = understand(ix, query, true);
        found = await findPeople(ix, plan);
      }
      if (state !== current) return;
    }
    if (!found.total && !extra.length) return fullText(state, false);
    state.ix = ix;
    state.plan = plan;
    state.found = found;
    state.others = extra ? extra.filter(function (item) { return otherAllowed(state, item); }) : [];
    state.shown = 0;
    state.group = 0;
    state.inGroup = 0;
    state.othersShown = 0;
    state.shownUrls = {};
    list.textContent = "";
    note.textContent = NOTE_PEOPLE;
    var filtered = Object.keys(state.filters).some(function (k) { return k !== "loai" || state.filters[k] !== KIND_PERSON; });
    if (found.mode === "names" && (state.sort || filtered) && found.total <= FULL) {
      await prepareAllRows(state);
      if (state !== current) return;
    }
    state.next = function () { return showPeople(state); };
    state.othersPending = !extra;
    await showPeople(state);
    if (state !== current) return;
    if (!extra) { // units and campaigns come after the first people: found once those are shown
      state.others = others(ix, plan, await unitPages(ix)).filter(function (item) { return otherAllowed(state, item); });
      if (state !== current) return;
      state.othersPending = false;
      appendOthers(state);
    }
    finish(state);
    countWhenShown(state);
  }

  // The filters' counts, in people, need every row found: read when the filters are in view
  // (on a phone they are folded away: nothing is read until they are opened).
  function countWhenShown(state) {
    if (state.found.mode !== "names" || state.found.total > FULL || state.counting) return;
    if (!filterWrap.open) return;
    state.counting = prepareAllRows(state, true).then(function () {
      if (state === current) fillFilters(countFacets(state, state.all, state.others));
    }).catch(function () {});
  }

  async function prepareAllRows(state, countOnly) {
    var rows = await allRows(state.ix, state.found, state);
    if (state !== current) return;
    state.all = rows;
    if (countOnly) return;
    var chosen = rows.filter(function (row) { return filtersAllow(state, row); });
    if (state.sort === "date:desc") chosen.sort(function (a, b) { return b.year - a.year || a.id - b.id; });
    else if (state.sort === "date:asc") chosen.sort(function (a, b) { return a.year - b.year || a.id - b.id; });
    else if (state.sort === "name:asc") chosen.sort(function (a, b) { return a.id - b.id; });
    else chosen.sort(function (a, b) { return a.group - b.group || a.id - b.id; });
    state.listed = chosen;
    state.totalShown = chosen.length;
  }

  // The next people: up to PAGE, namesakes beyond GROUP folded into one line that opens them.
  async function showPeople(state) {
    var ix = state.ix, found = state.found, rows = [], folds = [];
    var collapse = !state.sort && !state.plan.quoted;
    if (state.listed) {
      var at = state.shown;
      while (rows.length < PAGE && at < state.listed.length) {
        var row = state.listed[at++];
        var run = countRun(state.listed, at - 1);
        if (collapse && run.index >= GROUP) {
          if (run.index === GROUP) folds.push({ after: rows.length, row: row, count: run.count });
          continue;
        }
        rows.push(row);
      }
      state.shown = at;
      state.finished = at >= state.listed.length;
    } else if (found.mode === "names") {
      var wanted = [], items = [];
      while (wanted.length < PAGE && state.group < found.groups.length) {
        var grp = found.groups[state.group];
        if (collapse && state.inGroup >= GROUP) {
          items.push({ group: grp, count: grp.count });
          state.group += 1;
          state.inGroup = 0;
          continue;
        }
        items.push(wanted.length);
        wanted.push([grp.g + state.inGroup, grp.f + state.inGroup]);
        state.inGroup += 1;
        if (state.inGroup >= grp.count) { state.group += 1; state.inGroup = 0; }
      }
      state.finished = state.group >= found.groups.length;
      // Each person is shown as soon as their page is there: the first one often already is.
      var promises = rowPromises(ix, wanted);
      for (var i = 0; i < items.length; i++) {
        if (typeof items[i] === "object") { list.appendChild(renderFold(state, items[i])); continue; }
        var person = await promises[items[i]];
        if (state !== current) return;
        list.appendChild(renderPerson(person));
      }
      state.people = (state.people || 0) + wanted.length;
      appendOthers(state);
      if (!state.othersPending) finish(state);
      return;
    } else {
      var step = await scanStep(ix, found, state, collapse);
      rows = step.rows;
      folds = step.folds;
      state.finished = found.at >= found.classes.length;
    }
    if (state !== current) return;
    var fragment = document.createDocumentFragment();
    rows.forEach(function (row, i) {
      folds.filter(function (f) { return f.after === i; }).forEach(function (f) { fragment.appendChild(renderFold(state, f)); });
      fragment.appendChild(renderPerson(row));
    });
    folds.filter(function (f) { return f.after >= rows.length; }).forEach(function (f) { fragment.appendChild(renderFold(state, f)); });
    list.appendChild(fragment);
    state.people = (state.people || 0) + rows.length;
    appendOthers(state);
    if (!state.othersPending) finish(state);
  }

  // Units and campaigns: a few after the first people, all of them once the people are done.
  function appendOthers(state) {
    var fragment = document.createDocumentFragment();
    var room = state.finished ? Infinity : (state.othersShown === 0 ? 5 : 0);
    while (!state.othersPending && state.othersShown < state.others.length && room-- > 0) {
      fragment.appendChild(renderRecord(state.others[state.othersShown++]));
    }
    list.appendChild(fragment);
    more.hidden = state.finished && state.othersShown >= state.others.length;
    deeper.hidden = !more.hidden;
    showMeant(state);
    status.textContent = peopleStatus(state);
  }

  function countRun(rows, i) {
    var s = i;
    while (s > 0 && rows[s - 1].name === rows[i].name) s--;
    var e = i;
    while (e + 1 < rows.length && rows[e + 1].name === rows[i].name) e++;
    return { index: i - s, count: e - s + 1 };
  }

  // The query as read, when that is not what was typed: "Kết quả cho Nguyễn Văn An".
  function showMeant(state) {
    var plan = state.plan, top = state.found.groups && state.found.groups[0];
    var changed = false, words = [];
    if (top && top.places && top.cost < 3) {
      words = plan.parts.map(function (part, i) {
        var w = top.ids[top.places[i]], kind = part.how[w];
        if (kind === "typo" || kind === "telex") changed = true;
        return state.ix.w[w];
      });
    }
    meant.hidden = !changed;
    if (changed) meant.textContent = "Kết quả cho “" + words.join(" ") + "”";
  }

  function peopleStatus(state) {
    var found = state.found, about = " cho “" + state.query + "”";
    var people = state.listed ? state.listed.length : found.total;
    if (state.plan.quoted) about = " tên “" + state.plan.words.join(" ").replace(/^./, function (c) { return c; }) + "”";
    if (state.plan.quoted && found.groups && found.groups[0]) {
      about = " tên “" + found.groups[0].ids.map(function (w) { return state.ix.w[w]; }).join(" ") + "”";
    }
    if (!people) return "Tìm thấy " + othersText(state.others) + about + ".";
    var text = "Tìm thấy " + (found.exact || state.listed ? "" : "khoảng ") + number(people) + " người" + about;
    var top = found.groups && found.groups[0];
    if (top && top.count > 1 && !state.listed && found.groups.length > 1 && top.cost < 0.5 &&
        top.ids.length === state.plan.parts.length) { // the name exactly as typed: how many have it
      text += ", trong đó " + number(top.count) + " người tên “" + top.ids.map(function (w) { return state.ix.w[w]; }).join(" ") + "”";
    }
    if (state.others.length) text += "; " + othersText(state.others);
    text += ".";
    if (state.plan.quoted) text += " Xếp theo năm, mới nhất trước.";
    if (!state.listed && (state.sort || Object.keys(state.filters).length) && found.mode === "names") {
      text += " Quá nhiều người để lọc hoặc sắp xếp: hãy gõ thêm họ, tên đệm hoặc tên.";
    } else if (found.mode === "scan" && (state.sort || Object.keys(state.filters).length)) {
      text += state.sort ? " Quá nhiều người để sắp xếp: hãy gõ thêm tên đệm hoặc tên."
        : " Số người trên là trước khi lọc; bộ lọc được áp dụng khi xem dần.";
    }
    return text;
  }

  function othersText(items) {
    var units = items.filter(function (i) { return i.kind === KIND_UNIT; }).length;
    var campaigns = items.length - units;
    return [units ? number(units) + " đơn vị" : "", campaigns ? number(campaigns) + " phong trào" : ""].filter(Boolean).join(", ");
  }

  function renderFold(state, f) {
    var li = el("li", { "class": "search-group" });
    var row = f.row || null;
    var name = row ? row.name : f.group.ids.map(function (w) { return state.ix.w[w]; }).join(" ");
    var link = el("a", { href: "?q=" + encodeURIComponent("\"" + name + "\"") + "&sap_xep=date%3Adesc" },
                  "Xem tất cả " + (f.open ? "" : number(f.count) + " ") + "người tên " + name + " (theo năm, có bộ lọc)");
    li.appendChild(link);
    return li;
  }

  function renderPerson(row) {
    var li = el("li", { "class": "search-result", "data-name": row.name });
    li.appendChild(el("span", { "class": "search-result__kind" }, KIND_PERSON + " · "));
    li.appendChild(el("a", { href: new URL(row.url, siteRoot).href, "class": "search-result__title" },
                      (row.honorific ? row.honorific + " " : "") + row.name));
    [[row.position, row.unit].filter(Boolean).join(", "), row.award, row.campaign + (row.year ? " (" + row.year + ")" : "")]
      .filter(Boolean).forEach(function (t) { li.appendChild(el("span", { "class": "search-result__meta" }, t)); });
    return li;
  }

  function renderRecord(m) {
    var li = el("li", { "class": "search-result", "data-kind": m.kind });
    li.appendChild(el("span", { "class": "search-result__kind" }, m.kind + " · "));
    li.appendChild(el("a", { href: new URL(m.url, siteRoot).href, "class": "search-result__title" }, m.title));
    var lines = [];
    if (m.issuer) lines.push(m.issuer + (m.year ? " · " + m.year : "") + (m.status ? " · " + m.status : ""));
    else if (m.kind === KIND_CAMPAIGN) lines.push([m.year, m.status].filter(Boolean).join(" · "));
    if (m.count) lines.push(number(+m.count) + " lượt khen thưởng");
    lines.forEach(function (t) { li.appendChild(el("span", { "class": "search-result__meta" }, t)); });
    return li;
  }

  // --- Pagefind: everything that is not a person's name, and browsing by filters -------------
  function load() {
    loading = loading || import(new URL("pagefind.js", bundle).href).then(async function (pf) {
      // Pagefind 1.5 also ranks a page up when its title metadata matches. A unit's or campaign's
      // title is its heading, already ranked with the weight search.py gave it, while a list has
      // no title: left on, "nguyen" put every unit of "huyện Hưng Nguyên" before the people.
      await pf.options({ basePath: bundle.pathname, excerptLength: 0, ranking: { metaWeights: { title: 0 } } });
      await pf.init();
      pagefind = pf;
      return pf;
    });
    return loading;
  }

  function pagefindOptions(filters, sort) {
    var options = { filters: filters };
    if (sort) {
      var parts = sort.split(":");
      options.sort = {};
      options.sort[parts[0]] = parts[1];
    }
    return options;
  }

  // The old way, for what the names index does not hold: every page holding all the words (or,
  // without words, all the filters choose), each list's honorees kept when every word begins a
  // word of their name, unit or award form. `after`: below people already shown (then the
  // individuals' lists are left out: the names index found them).
  async function fullText(state, after) {
    if (after) state = Object.assign(begin(state.query), { plan: state.plan });
    var query = state.query;
    state.terms = words(query);
    state.byName = state.sort === "name:asc";
    state.sources = []; state.pages = {}; state.nextSource = 0; state.waiting = []; state.foundFull = 0;
    state.shownFull = 0; state.listsRead = {}; state.seen = {}; state.after = after;
    note.textContent = NOTE_LISTS;
    if (!after) list.textContent = "";
    more.hidden = true;
    deeper.hidden = true;
    if (!query && Object.keys(state.filters).length === 0) {
      status.textContent = "Nhập tên người, tập thể, đơn vị hoặc chọn bộ lọc để xem danh sách.";
      if (pagefind) fillFilters(await pagefind.filters());
      return finish(state);
    }
    status.textContent = "Đang tìm…";
    var pf = await load();
    if (after) { // what is shown already is not shown twice
      Array.prototype.forEach.call(list.querySelectorAll(".search-result__title"), function (a) { state.seen[a.href] = true; });
    }
    var all = await pf.search(query || null, pagefindOptions(state.filters, state.sort));
    if (state !== current) return;
    all.results.forEach(function (r) { state.pages[r.id] = true; state.sources.push(r); });
    fillFilters(all.filters || {});
    if (state.byName) {
      await read(state, Infinity, NAME_PAGES);
      state.waiting.sort(function (a, b) { return a.rank - b.rank; });
    } else if (Object.keys(state.pages).length <= ALL_PAGES) {
      await read(state, Infinity, Infinity);
    }
    state.next = function () { return showMoreFull(state); };
    await showMoreFull(state);
  }

  function words(text) {
    return fold(text).replace(/[^a-z0-9\s]/g, "").split(/\s+/).filter(Boolean);
  }
  function hasAll(terms, own) {
    return terms.every(function (t) { return own.some(function (w) { return w.indexOf(t) === 0; }); });
  }

  // What a result shows travels in one metadata value that Pagefind does not index
  // (search.py `unsearchable`): each UTF-8 byte as two hexadecimal digits written with the
  // punctuation marks of UNSEARCHABLE_DIGITS.
  var UNSEARCHABLE_DIGITS = "!#$%()*+,-./:;=?", digitValue = {};
  for (var v = 0; v < 16; v++) digitValue[UNSEARCHABLE_DIGITS[v]] = v;
  function pageData(d) {
    var text = (d.meta && d.meta.d) || "";
    var bytes = new Uint8Array(text.length >> 1);
    for (var i = 0; i < bytes.length; i++) bytes[i] = digitValue[text[2 * i]] << 4 | digitValue[text[2 * i + 1]];
    return JSON.parse(new TextDecoder().decode(bytes));
  }

  function sectionScore(sub) {
    return sub.weighted_locations.reduce(function (sum, w) { return sum + w.balanced_score; }, 0);
  }

  function expected(state, source) {
    if (!state.terms.length) return PAGE / 2;
    return Math.max(1, Math.floor(source.words.length / state.terms.length));
  }

  async function read(state, want, limit) {
    var count = 0;
    while (state.nextSource < state.sources.length && state.waiting.length < want && count < limit) {
      var batch = [], ids = {}, expect = 0;
      while (batch.length < Math.min(BATCH, limit - count) && state.nextSource < state.sources.length &&
             !ids[state.sources[state.nextSource].id] && state.waiting.length + expect < want) {
        ids[state.sources[state.nextSource].id] = true;
        expect += expected(state, state.sources[state.nextSource]);
        batch.push(state.sources[state.nextSource++]);
      }
      count += batch.length;
      var data = await Promise.all(batch.map(function (s) { return s.data(); }));
      if (state !== current) return;
      data.forEach(function (d) {
        var m = pageData(d);
        if (!m.rows) return take(state, { key: m.url, record: m, rank: m.rank });
        state.listsRead[m.url] = true;
        honorees(state, d, m).forEach(function (item) { take(state, item); });
      });
    }
  }

  function take(state, item) {
    var href = new URL(item.key, siteRoot).href;
    if (state.seen[item.key] || state.seen[href]) return;
    state.seen[item.key] = true;
    state.foundFull += 1;
    state.waiting.push(item);
  }

  function honorees(state, d, m) {
    var anchors = d.anchors.filter(function (a) { return a.element === "h2"; })
      .sort(function (a, b) { return a.location - b.location; });
    var scores = {};
    d.sub_results.forEach(function (s) { if (s.anchor) scores[s.anchor.id] = sectionScore(s); });
    var content = d.content.split(/\s+/);
    var award = words(m.title);
    var page = m.url.split("#")[0];
    var items = anchors.map(function (a, i) {
      var row = m.rows[i];
      return { key: page + "#" + a.id, name: a.text, anchor: a.id, honorific: m.texts[row[0]] || "",
               position: m.texts[row[1]] || "", unit: m.units[row[2]] || "", rank: row[3], list: m, score: scores[a.id] || 0,
               end: i + 1 < anchors.length ? anchors[i + 1].location : content.length, start: a.location };
    }).filter(function (item) {
      if (state.unit && unitOf(item) !== state.unit) return false;
      if (!state.terms.length) return true;
      var own = words(content.slice(item.start, item.end).join(" ") + " " + item.unit);
      return hasAll(state.terms, own.concat(award));
    });
    if (state.terms.length) items.sort(function (a, b) { return b.score - a.score; });
    return items;
  }

  function unitOf(item) { return item.unit || (item.list.kind === "Tập thể" ? item.name : ""); }

  async function showMoreFull(state) {
    if (!state.byName) await read(state, PAGE, STEP_PAGES);
    if (state !== current) return;
    state.waiting.splice(0, PAGE).forEach(function (item) {
      list.appendChild(item.record ? renderRecord(item.record) : renderListed(item));
      state.shownFull += 1;
    });
    var unread = state.nextSource < state.sources.length;
    more.hidden = state.waiting.length === 0 && (state.byName || !unread);
    status.textContent = fullStatus(state);
    finish(state);
  }

  function fullStatus(state) {
    var about = state.query ? " cho “" + state.query + "”" : "";
    var where = state.after ? " trong nội dung phong trào, tập thể và trang" : "";
    if (state.nextSource >= state.sources.length) {
      // After the names' results, what the texts add: those shown above are not counted again.
      if (state.after) {
        return state.foundFull === 0 ? "Không có thêm kết quả nào" + about + where + "."
          : "Thêm " + number(state.foundFull) + " kết quả" + about + where + ".";
      }
      return state.foundFull === 0 ? "Không tìm thấy kết quả nào" + about + "."
        : "Tìm thấy " + number(state.foundFull) + " kết quả" + about + ".";
    }
    var pages = Object.keys(state.pages).length, read = number(Object.keys(state.listsRead).length);
    var found = "Tìm thấy " + number(pages) + " danh sách khen thưởng, phong trào, đơn vị hoặc trang phù hợp" + about + ". ";
    if (state.byName) {
      return found + "Chỉ xếp theo tên " + number(state.foundFull) + " kết quả trong " + read +
        " danh sách đầu tiên; hãy thêm từ khóa hoặc chọn bộ lọc để thu hẹp.";
    }
    return found + "Đang hiện " + number(state.shownFull) + " kết quả đầu tiên, lấy từ " + read +
      " danh sách đã xem; bấm “Xem thêm kết quả” để xem tiếp.";
  }

  function renderListed(item) {
    var m = item.list;
    var li = el("li", { "class": "search-result", "data-name": item.name });
    li.appendChild(el("span", { "class": "search-result__kind" }, m.kind + " · "));
    li.appendChild(el("a", { href: new URL(item.key, siteRoot).href, "class": "search-result__title" },
                      (item.honorific ? item.honorific + " " : "") + item.name));
    [[item.position, item.unit].filter(Boolean).join(", "), m.title, m.campaign + (m.year ? " (" + m.year + ")" : "")]
      .filter(Boolean).forEach(function (t) { li.appendChild(el("span", { "class": "search-result__meta" }, t)); });
    return li;
  }

  // --- events ----------------------------------------------------------------------------
  form.addEventListener("submit", function (event) { event.preventDefault(); start(); });
  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { if (input.value.trim() !== current.query) start(); }, 250);
  });
  // The header's box on this page searches here, without loading the page again.
  var header = document.querySelector("form.portal-search");
  if (header) {
    header.addEventListener("submit", function (event) {
      var q = header.querySelector("input[name=q]");
      if (!q) return;
      event.preventDefault();
      input.value = q.value;
      start();
    });
  }
  // Browsing by filters alone uses Pagefind's filter counts: they load on the first touch.
  var allFilters = false;
  filterBox.addEventListener("focusin", function () {
    if (allFilters || current.found) return;
    allFilters = true;
    load().then(function (pf) { return pf.filters(); }).then(function (counts) {
      var state = current;
      if (state.found) return;
      if (!state.query && Object.keys(state.filters).length === 0) return fillFilters(counts);
      return pagefind.search(state.query || null, pagefindOptions(state.filters, state.sort)).then(function (r) {
        if (state === current && !state.found) fillFilters(r.filters || {});
      });
    }).catch(failed);
  });
  filterWrap.addEventListener("toggle", function () { if (current.found) countWhenShown(current); });
  window.portalSearch.run = function (query) { input.value = query; start(); };
  readUrl();
  if (input.value.trim()) start();
  else { loadNames().catch(function () {}); start(); }
})();
