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
  var STEP_PAGES = 40; // pages read per step at most: words spread over many lists stay quick
  var ALL_PAGES = 20; // up to this many matching pages are all read at once, so the count is exact
  var NAME_PAGES = 30; // sorting by name reads at most this many pages
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
  var pagefind = null; // set once loaded
  var loading = null;
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

  var status = el("p", { "class": "search-status", role: "status", "aria-live": "polite" });
  var list = el("ol", { "class": "search-results", "aria-label": "Kết quả tìm kiếm" });
  var more = el("button", { type: "button", "class": "search-more", hidden: "" }, "Xem thêm kết quả");
  more.addEventListener("click", function () { showMore(current).catch(failed); });
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
  // what was typed. Compounds start with a mark no ordinary word starts with (search.py).
  var COMPOUND_MARK = "zz";
  function compound(terms) { return terms.length > 1 ? COMPOUND_MARK + terms.join("") : ""; }

  // Pagefind finds a list when its words are anywhere in it, maybe in different honorees'
  // sections or units. An honoree matches when each query word begins a word of its own
  // section (name and spellings), of its unit or of the list's award form, as Pagefind
  // matches words by their beginning.
  function hasAll(terms, own) {
    return terms.every(function (t) { return own.some(function (w) { return w.indexOf(t) === 0; }); });
  }

  // What a result shows travels in one metadata value that Pagefind does not index
  // (search.py `unsearchable`): each UTF-8 byte as a Braille pattern, U+2800 + byte.
  function pageData(d) {
    var text = (d.meta && d.meta.d) || "";
    var bytes = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) - 0x2800;
    return JSON.parse(new TextDecoder().decode(bytes));
  }

  function sectionScore(sub) {
    return sub.weighted_locations.reduce(function (sum, w) { return sum + w.balanced_score; }, 0);
  }

  // --- searching ---------------------------------------------------------------------
  function start() { search().catch(failed); }

  function failed() {
    more.hidden = true;
    status.textContent = "Không tải được bộ tìm kiếm. Hãy thử lại sau hoặc xem danh sách khen thưởng theo tên.";
  }

  // Once, shared by a search and a touch of the filters that may come at the same time.
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

  // A search runs in up to two phases. A query of several words first looks for names: those
  // that are the typed words (a quoted, whole-word search of the compound), then those that
  // start with them. Only when that finds nothing, or the reader asks for more, does it look
  // for every honoree and page holding all the words: those words are common, their index
  // chunks large and many lists hold them only spread over different people.
  async function search() {
    var query = input.value.trim();
    var filters = chosenFilters();
    var sort = sortSelect.value;
    var state = current = { query: query, terms: words(query), filters: filters, sort: sort,
                            unit: filters.don_vi || "", byName: sort === "name:asc", broad: false,
                            sources: [], pages: {}, next: 0, waiting: [], found: 0, shown: 0, listsRead: {},
                            seen: {} };
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
    var name = sort ? "" : compound(state.terms);
    if (name) {
      var named = await Promise.all([pf.search("\"" + name + "\"", { filters: filters }),
                                     pf.search(name, { filters: filters })]);
      if (state !== current) return;
      named.forEach(function (r) { addSources(state, r.results, true); });
      fillFilters(named[1].filters || {});
    }
    if (state.sources.length === 0) await broaden(state);
    if (state !== current) return;
    list.textContent = "";
    if (state.byName) {
      await read(state, Infinity, NAME_PAGES);
      state.waiting.sort(function (a, b) { return a.rank - b.rank; });
    } else if (Object.keys(state.pages).length <= ALL_PAGES) {
      await read(state, Infinity, Infinity);
    }
    await showMore(state);
  }

  // The second phase: every page holding all the words (or, without words, all the filters choose).
  async function broaden(state) {
    var all = await pagefind.search(state.query || null, pagefindOptions(state.filters, state.sort));
    if (state !== current) return;
    state.broad = true;
    addSources(state, all.results, false);
    fillFilters(all.filters || {});
  }

  function addSources(state, results, byName) {
    results.forEach(function (r) {
      state.pages[r.id] = true;
      state.sources.push({ result: r, byName: byName });
    });
  }

  // How many results a page should give, before it is read, so a batch fetches no more lists
  // than needed: a list gives about one per hit in its honorees' names (search.py indexes a
  // list's units once), a campaign or unit one. Without words, guess half a page per list.
  function expected(state, source) {
    if (!state.terms.length) return PAGE / 2;
    return Math.max(1, Math.floor(source.result.words.length / state.terms.length));
  }

  // Reads pages in order until `want` results wait to be shown or `limit` pages were read.
  // A batch never holds the same page twice: Pagefind reuses one object per fragment.
  async function read(state, want, limit) {
    var count = 0;
    while (state.next < state.sources.length && state.waiting.length < want && count < limit) {
      var batch = [];
      var ids = {};
      var expect = 0;
      while (batch.length < Math.min(BATCH, limit - count) && state.next < state.sources.length &&
             !ids[state.sources[state.next].result.id] && state.waiting.length + expect < want) {
        ids[state.sources[state.next].result.id] = true;
        expect += expected(state, state.sources[state.next]);
        batch.push(state.sources[state.next++]);
      }
      count += batch.length;
      var data = await Promise.all(batch.map(function (s) { return s.result.data(); }));
      if (state !== current) return;
      data.forEach(function (d, i) {
        var m = pageData(d);
        if (!m.rows) return take(state, { key: m.url, record: m, rank: m.rank });
        state.listsRead[m.url] = true;
        honorees(state, d, m, batch[i].byName).forEach(function (item) { take(state, item); });
      });
    }
  }

  function take(state, item) {
    if (state.seen[item.key]) return;
    state.seen[item.key] = true;
    state.found += 1;
    state.waiting.push(item);
  }

  // The honorees of one list that the query (and the unit filter) select, best sections first.
  // Found by name, they are the sections holding the name; otherwise those holding every word.
  // The list's rows are in the order of its sections (search.py page_data).
  function honorees(state, d, m, byName) {
    var anchors = d.anchors.filter(function (a) { return a.element === "h2"; })
      .sort(function (a, b) { return a.location - b.location; });
    var scores = {};
    d.sub_results.forEach(function (s) { if (s.anchor) scores[s.anchor.id] = sectionScore(s); });
    var content = d.content.split(/\s+/);
    var award = words(m.title); // a list's title is its award form (search.py list_record)
    var page = m.url.split("#")[0];
    var items = anchors.map(function (a, i) {
      var row = m.rows[i];
      return { key: page + "#" + a.id, name: a.text, anchor: a.id, honorific: row[0], position: row[1],
               unit: m.units[row[2]] || "", rank: row[3], list: m, score: scores[a.id] || 0,
               end: i + 1 < anchors.length ? anchors[i + 1].location : content.length, start: a.location };
    }).filter(function (item) {
      if (state.unit && unitOf(item) !== state.unit) return false;
      if (byName) return item.anchor in scores;
      if (!state.terms.length) return true;
      var own = words(content.slice(item.start, item.end).join(" ") + " " + item.unit);
      return hasAll(state.terms, own.concat(award));
    });
    if (state.terms.length) items.sort(function (a, b) { return b.score - a.score; }); // stable: ties keep list order
    return items;
  }

  // The unit filter's value for an honoree, as search.py's unit_key: a collective without a unit is one.
  function unitOf(item) { return item.unit || (item.list.kind === "Tập thể" ? item.name : ""); }

  async function showMore(state) {
    if (!state.byName) {
      await read(state, PAGE, STEP_PAGES);
      // Every name found is shown: more means the second phase.
      if (state === current && state.waiting.length === 0 && !state.broad && state.next >= state.sources.length) {
        await broaden(state);
        await read(state, PAGE, STEP_PAGES);
      }
    }
    if (state !== current) return;
    state.waiting.splice(0, PAGE).forEach(function (item) {
      list.appendChild(item.record ? renderRecord(item.record) : renderHonoree(item));
      state.shown += 1;
    });
    var unread = state.next < state.sources.length;
    more.hidden = state.waiting.length === 0 && (state.byName || (!unread && state.broad));
    status.textContent = statusText(state);
  }

  function statusText(state) {
    var about = state.query ? " cho “" + state.query + "”" : "";
    var pages = Object.keys(state.pages).length;
    var read = number(Object.keys(state.listsRead).length);
    if (state.next >= state.sources.length) {
      if (!state.broad) {
        return "Tìm thấy " + number(state.found) + " kết quả mang tên “" + state.query + "”. Bấm “Xem thêm kết quả” " +
          "để tìm cả những người, tập thể, đơn vị có các từ này ở vị trí khác.";
      }
      return state.found === 0 ? "Không tìm thấy kết quả nào" + about + "."
        : "Tìm thấy " + number(state.found) + " kết quả" + about + ".";
    }
    // Not every page is read yet: say what is known, pages (a list names many people), not people.
    var found = "Tìm thấy " + number(pages) + " danh sách khen thưởng, phong trào, đơn vị hoặc trang phù hợp" +
      about + ". ";
    if (state.byName) {
      return found + "Chỉ xếp theo tên " + number(state.found) + " kết quả trong " + read +
        " danh sách đầu tiên; hãy thêm từ khóa hoặc chọn bộ lọc để thu hẹp.";
    }
    if (state.shown === 0) {
      return found + "Trong " + read + " danh sách đã xem chưa có ai có đủ các từ; bấm “Xem thêm kết quả” để xem tiếp.";
    }
    return found + "Đang hiện " + number(state.shown) + " kết quả đầu tiên, lấy từ " + read +
      " danh sách đã xem; bấm “Xem thêm kết quả” để xem tiếp.";
  }

  function renderHonoree(item) {
    var m = item.list;
    var li = el("li", { "class": "search-result" });
    li.appendChild(el("span", { "class": "search-result__kind" }, m.kind + " · "));
    li.appendChild(el("a", { href: new URL(item.key, siteRoot).href, "class": "search-result__title" },
                      (item.honorific ? item.honorific + " " : "") + item.name));
    var lines = [[item.position, item.unit].filter(Boolean).join(", "), m.title,
                 m.campaign + (m.year ? " (" + m.year + ")" : "")];
    lines.filter(Boolean).forEach(function (t) { li.appendChild(el("span", { "class": "search-result__meta" }, t)); });
    return li;
  }

  function renderRecord(m) {
    var li = el("li", { "class": "search-result" });
    li.appendChild(el("span", { "class": "search-result__kind" }, m.kind + " · "));
    li.appendChild(el("a", { href: new URL(m.url, siteRoot).href, "class": "search-result__title" }, m.title));
    var lines = [];
    if (m.issuer) lines.push(m.issuer + (m.year ? " · " + m.year : "") + (m.status ? " · " + m.status : ""));
    if (m.count) lines.push(m.count + " lượt khen thưởng");
    lines.forEach(function (t) { li.appendChild(el("span", { "class": "search-result__meta" }, t)); });
    return li;
  }

  form.addEventListener("submit", function (event) { event.preventDefault(); start(); });
  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { if (input.value.trim() !== current.query) start(); }, 250);
  });
  // The index loads on the first search or the first touch of a filter, not with the page. The
  // filters' own files (a search loads only those it uses) load on the first touch of a filter:
  // then the options get their counts, for the current search if there is one.
  var allFilters = false;
  filterBox.addEventListener("focusin", function () {
    if (allFilters) return;
    allFilters = true;
    load().then(function (pf) { return pf.filters(); }).then(function (counts) {
      var state = current;
      if (!state.query && Object.keys(state.filters).length === 0) return fillFilters(counts);
      return pagefind.search(state.query || null, pagefindOptions(state.filters, state.sort)).then(function (r) {
        if (state === current) fillFilters(r.filters || {});
      });
    }).catch(failed);
  });
  readUrl();
  start();
})();
