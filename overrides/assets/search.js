// Search page: Pagefind's JS API with Vietnamese labels, filters with counts, sorting, and one
// result per honoree that links straight to the honoree's anchor. Loaded only on /tim-kiem/, so
// no other page fetches the index. All data is inserted as text, never as HTML.
//
// The index (thidua/search.py) holds one Pagefind page per honoree list (a campaign's honorees
// of one award form and one type), each honoree an <h2 id> section, plus one page per campaign,
// unit and hand-written page. A list's fragment is read only when its honorees are shown.
(function () {
  "use strict";

  var app = document.getElementById("search-app");
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-q");
  if (!app || !form || !input) return;

  var PAGE = 20; // results shown per step
  var BATCH = 6; // fragments fetched at once
  var STEP_LISTS = 40; // lists read per step at most: words spread over many lists stay quick
  var ALL_PAGES = 20; // up to this many matching pages are all read at once, so the count is exact
  var EXACT_LISTS = 20; // lists holding the typed name read first, their honorees by closeness
  var NAME_LISTS = 60; // sorting by name reads at most this many lists
  var LIST_KINDS = ["Cá nhân", "Tập thể"]; // the `loai` of list pages (search.py KIND_PERSON, KIND_GROUP)
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
  var bundle = new URL(app.getAttribute("data-bundle"), window.location.href);
  var siteRoot = new URL("../", window.location.href);
  var pagefind = null;
  var current = null; // the state of the latest search; older searches stop when it changes

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function number(n) { return n.toLocaleString("vi-VN"); }

  // --- the page skeleton ---------------------------------------------------------------
  var filterBox = el("div", { "class": "filters" });
  var selects = {};
  FILTERS.forEach(function (f) {
    var wrap = el("div");
    var id = "loc-" + f[0];
    wrap.appendChild(el("label", { "for": id }, f[1]));
    var select = el("select", { id: id, name: f[0], "aria-describedby": "loc-chu-thich" });
    select.appendChild(el("option", { value: "" }, "Tất cả"));
    select.addEventListener("change", function () { search(); });
    selects[f[0]] = select;
    wrap.appendChild(select);
    filterBox.appendChild(wrap);
  });
  var sortWrap = el("div");
  sortWrap.appendChild(el("label", { "for": "sap-xep" }, "Sắp xếp"));
  var sortSelect = el("select", { id: "sap-xep", name: "sap_xep" });
  SORTS.forEach(function (s) { sortSelect.appendChild(el("option", { value: s[0] }, s[1])); });
  sortSelect.addEventListener("change", function () { search(); });
  sortWrap.appendChild(sortSelect);
  filterBox.appendChild(sortWrap);

  var status = el("p", { "class": "search-status", role: "status", "aria-live": "polite" });
  var list = el("ol", { "class": "search-results", "aria-label": "Kết quả tìm kiếm" });
  var more = el("button", { type: "button", "class": "search-more", hidden: "" }, "Xem thêm kết quả");
  more.addEventListener("click", function () { showMore(current); });
  var filterWrap = el("details", { "class": "filters-wrap" });
  filterWrap.appendChild(el("summary", {}, "Bộ lọc và sắp xếp"));
  filterWrap.appendChild(filterBox);
  // The counts are of pages in the index, not of people: a list names many honorees.
  filterWrap.appendChild(el("p", { id: "loc-chu-thich", "class": "filters-note" },
    "Số trong ngoặc là số danh sách khen thưởng, phong trào, đơn vị hoặc trang phù hợp, không phải số người."));
  if (window.matchMedia("(min-width: 45em)").matches) filterWrap.open = true;
  app.appendChild(filterWrap);
  app.appendChild(status);
  app.appendChild(list);
  app.appendChild(more);

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

  // --- matching, with the same folding as the index (thidua.search.compounds) ------------------
  function words(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase()
      .replace(/[^a-z0-9\s]/g, "").split(/\s+/).filter(Boolean);
  }

  // A multi-word query written as one word finds honorees whose name is exactly, or ends with,
  // what was typed.
  function compound(terms) { return terms.length > 1 ? terms.join("") : ""; }

  // Pagefind finds a list when its words are anywhere in it, maybe in different honorees'
  // sections. An honoree matches when each query word begins a word of its own section or of
  // the list's common text (the award form), as Pagefind matches words by their beginning.
  function hasAll(terms, own, common) {
    return terms.every(function (t) {
      return own.concat(common).some(function (w) { return w.indexOf(t) === 0; });
    });
  }

  function sectionScore(sub) {
    return sub.weighted_locations.reduce(function (sum, w) { return sum + w.balanced_score; }, 0);
  }

  // --- searching ---------------------------------------------------------------------
  async function load() {
    if (pagefind) return pagefind;
    pagefind = await import(new URL("pagefind.js", bundle).href);
    await pagefind.options({ basePath: bundle.pathname, excerptLength: 0 });
    await pagefind.init();
    return pagefind;
  }

  function pagefindOptions(filters, sort) {
    var options = { filters: Object.assign({}, filters) };
    // Always true, but it loads the small `loai` filter, whose counts split lists from other pages.
    if (!filters.loai) options.filters.loai = { none: [""] };
    if (sort) {
      var parts = sort.split(":");
      options.sort = {};
      options.sort[parts[0]] = parts[1];
    }
    return options;
  }

  async function search() {
    var query = input.value.trim();
    var filters = chosenFilters();
    var sort = sortSelect.value;
    var state = current = { query: query, terms: words(query), unit: filters.don_vi || "", byName: sort === "name:asc",
                            sources: [], next: 0, waiting: [], found: 0, shown: 0, listsRead: 0, seen: {} };
    writeUrl(query);
    if (!query && Object.keys(filters).length === 0) {
      list.textContent = "";
      more.hidden = true;
      status.textContent = "Nhập tên người, tập thể, đơn vị hoặc chọn bộ lọc để xem danh sách.";
      if (pagefind) fillFilters(await pagefind.filters());
      return;
    }
    status.textContent = "Đang tìm…";
    var pf = await load();
    var exactTerm = sort ? "" : compound(state.terms);
    var results = await Promise.all([
      pf.search(query || null, pagefindOptions(filters, sort)),
      exactTerm ? pf.search(exactTerm, { filters: filters }) : null,
    ]);
    if (state !== current || !results[0]) return;
    var all = results[0];
    var kinds = (all.filters || {}).loai || {};
    state.lists = LIST_KINDS.reduce(function (n, k) { return n + (kinds[k] || 0); }, 0);
    state.others = all.results.length - state.lists;
    state.sources = all.results.map(function (r) { return { result: r }; });
    list.textContent = "";
    fillFilters(all.filters || {});
    if (results[1] && results[1].results.length) await readExact(state, results[1].results.slice(0, EXACT_LISTS));
    if (state.byName) {
      await read(state, Infinity, NAME_LISTS);
      state.waiting.sort(function (a, b) { return a.rank - b.rank; });
    } else if (state.sources.length <= ALL_PAGES) {
      await read(state, Infinity, Infinity);
    }
    await showMore(state);
  }

  // The honorees whose name is, or ends with, the query: read together and put first, the
  // closest spellings (the whole word rather than a longer one) before the others.
  async function readExact(state, results) {
    var data = await Promise.all(results.map(function (r) { return r.data(); }));
    if (state !== current) return;
    var found = [];
    data.forEach(function (d) { if (d.meta.rows) found = found.concat(honorees(state, d, true)); });
    found.sort(function (a, b) { return b.score - a.score; });
    found.forEach(function (item) { take(state, item); });
  }

  // Reads pages in order until `want` results wait to be shown or `limit` pages were read.
  // A batch never holds the same page twice: Pagefind reuses one object per fragment.
  async function read(state, want, limit) {
    var count = 0;
    while (state.next < state.sources.length && state.waiting.length < want && count < limit) {
      var batch = state.sources.slice(state.next, state.next + Math.min(BATCH, limit - count));
      state.next += batch.length;
      count += batch.length;
      var data = await Promise.all(batch.map(function (s) { return s.result.data(); }));
      if (state !== current) return;
      data.forEach(function (d) {
        if (!d.meta.rows) return take(state, { record: d, rank: Number(d.meta.rank), score: 0 });
        state.listsRead += 1;
        honorees(state, d, false).forEach(function (item) { take(state, item); });
      });
    }
  }

  function take(state, item) {
    if (item.key) {
      if (state.seen[item.key]) return;
      state.seen[item.key] = true;
    }
    state.found += 1;
    state.waiting.push(item);
  }

  // The honorees of one list that the query (and the unit filter) select, best sections first.
  function honorees(state, d, exact) {
    var rows = JSON.parse(d.meta.rows);
    var anchors = d.anchors.filter(function (a) { return rows[a.id]; })
      .sort(function (a, b) { return a.location - b.location; });
    var scores = {};
    d.sub_results.forEach(function (s) { if (s.anchor) scores[s.anchor.id] = sectionScore(s); });
    var chosen = anchors;
    if (exact) {
      chosen = anchors.filter(function (a) { return a.id in scores; });
    } else if (state.terms.length) {
      var content = d.content.split(/\s+/);
      var common = words(content.slice(0, anchors.length ? anchors[0].location : content.length).join(" "));
      chosen = anchors.filter(function (a, i) {
        var end = i + 1 < anchors.length ? anchors[i + 1].location : content.length;
        return hasAll(state.terms, words(content.slice(a.location, end).join(" ")), common);
      });
    }
    var page = d.meta.url.split("#")[0];
    var items = chosen.map(function (a) {
      var row = rows[a.id];
      return { key: page + "#" + a.id, name: a.text, anchor: a.id, row: row, list: d.meta, rank: row[3],
               score: scores[a.id] || 0 };
    }).filter(function (item) { return !state.unit || unitOf(item) === state.unit; });
    if (state.terms.length) items.sort(function (a, b) { return b.score - a.score; }); // stable: ties keep list order
    return items;
  }

  // The unit filter's value for an honoree, as search.py's unit_key: a collective without a unit is one.
  function unitOf(item) { return item.row[2] || (item.list.kind === "Tập thể" ? item.name : ""); }

  async function showMore(state) {
    if (!state.byName) await read(state, PAGE, STEP_LISTS);
    if (state !== current) return;
    state.waiting.splice(0, PAGE).forEach(function (item) {
      list.appendChild(item.record ? renderRecord(item.record) : renderHonoree(item));
      state.shown += 1;
    });
    more.hidden = state.waiting.length === 0 && (state.byName || state.next >= state.sources.length);
    status.textContent = statusText(state);
  }

  function statusText(state) {
    var about = state.query ? " cho “" + state.query + "”" : "";
    var complete = state.next >= state.sources.length;
    if (complete) {
      return state.found === 0 ? "Không tìm thấy kết quả nào" + about + "."
        : "Tìm thấy " + number(state.found) + " kết quả" + about + ".";
    }
    var pages = [state.lists ? number(state.lists) + " danh sách khen thưởng" : "",
                 state.others ? number(state.others) + " phong trào, đơn vị, trang" : ""].filter(Boolean).join(" và ");
    var found = "Tìm thấy " + pages + " phù hợp" + about + ". ";
    if (state.byName) {
      return found + "Chỉ xếp theo tên " + number(state.found) + " kết quả trong " + number(state.listsRead) +
        " danh sách đầu tiên; hãy thêm từ khóa hoặc chọn bộ lọc để thu hẹp.";
    }
    if (state.shown === 0) {
      return found + "Trong " + number(state.listsRead) + " danh sách đã xem chưa có ai khớp đủ các từ; " +
        "bấm “Xem thêm kết quả” để xem tiếp.";
    }
    return found + "Đang hiện " + number(state.shown) + " kết quả đầu tiên, từ " + number(state.listsRead) +
      " danh sách đã xem.";
  }

  function renderHonoree(item) {
    var m = item.list;
    var row = item.row;
    var li = el("li", { "class": "search-result" });
    li.appendChild(el("span", { "class": "search-result__kind" }, m.kind + " · "));
    var href = new URL(m.url.split("#")[0] + "#" + item.anchor, siteRoot).href;
    li.appendChild(el("a", { href: href, "class": "search-result__title" }, (row[0] ? row[0] + " " : "") + item.name));
    var lines = [[row[1], row[2]].filter(Boolean).join(", "), m.award,
                 m.campaign + (m.year ? " (" + m.year + ")" : "")];
    lines.filter(Boolean).forEach(function (t) { li.appendChild(el("span", { "class": "search-result__meta" }, t)); });
    return li;
  }

  function renderRecord(d) {
    var m = d.meta || {};
    var li = el("li", { "class": "search-result" });
    li.appendChild(el("span", { "class": "search-result__kind" }, (m.kind || "") + " · "));
    li.appendChild(el("a", { href: new URL(m.url || d.url, siteRoot).href, "class": "search-result__title" },
                      m.title || d.url));
    var lines = [];
    if (m.issuer) lines.push(m.issuer + (m.year ? " · " + m.year : "") + (m.status ? " · " + m.status : ""));
    if (m.count) lines.push(m.count + " lượt khen thưởng");
    lines.forEach(function (t) { li.appendChild(el("span", { "class": "search-result__meta" }, t)); });
    return li;
  }

  form.addEventListener("submit", function (event) { event.preventDefault(); search(); });
  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(search, 250);
  });
  // The index loads on the first search or the first touch of a filter, not with the page.
  filterBox.addEventListener("focusin", function () {
    if (!pagefind) load().then(function (pf) { return pf.filters(); }).then(fillFilters);
  });
  readUrl();
  search().catch(function () {
    status.textContent = "Không tải được bộ tìm kiếm. Hãy thử lại sau hoặc xem danh sách khen thưởng theo tên.";
  });
})();
