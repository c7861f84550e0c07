// Search page: Pagefind's JS API with Vietnamese labels, filters with counts, sorting,
// and results that link straight to an honoree's anchor. Loaded only on /tim-kiem/, so no
// other page fetches the index. All data is inserted as text, never as HTML.
(function () {
  "use strict";

  var app = document.getElementById("search-app");
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-q");
  if (!app || !form || !input) return;

  var PAGE = 20;
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
  var shown = 0;
  var current = null;
  var run = 0;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // --- the page skeleton ---------------------------------------------------------------
  var filterBox = el("div", { "class": "filters" });
  var selects = {};
  FILTERS.forEach(function (f) {
    var wrap = el("div");
    var id = "loc-" + f[0];
    wrap.appendChild(el("label", { "for": id }, f[1]));
    var select = el("select", { id: id, name: f[0] });
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
  more.addEventListener("click", function () { showMore(); });
  var filterWrap = el("details", { "class": "filters-wrap" });
  filterWrap.appendChild(el("summary", {}, "Bộ lọc và sắp xếp"));
  filterWrap.appendChild(filterBox);
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
        var n = counts[f[0]][v];
        var option = el("option", { value: v }, v + " (" + n + ")");
        select.appendChild(option);
      });
      if (keep && values.indexOf(keep) === -1) select.appendChild(el("option", { value: keep }, keep + " (0)"));
      select.value = keep;
      select.dataset.wanted = "";
    });
  }

  // --- searching ---------------------------------------------------------------------
  async function load() {
    if (pagefind) return pagefind;
    pagefind = await import(new URL("pagefind.js", bundle).href);
    await pagefind.options({ basePath: bundle.pathname, excerptLength: 0 });
    await pagefind.init();
    return pagefind;
  }

  // The same folding as the index (thidua.search.compounds): a multi-word query written as
  // one word finds records whose name is exactly, or ends with, what was typed.
  function compound(query) {
    var words = query.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d")
      .toLowerCase().replace(/[^a-z0-9 ]/g, "").split(/\s+/).filter(Boolean);
    return words.length > 1 ? words.join("") : "";
  }

  async function exactFirst(pf, query, options) {
    var exact = compound(query);
    var all = await pf.search(query || null, options);
    if (!exact || options.sort || !all) return all;
    var top = await pf.search(exact, { filters: options.filters });
    if (!top || top.results.length === 0) return all;
    var seen = {};
    top.results.forEach(function (r) { seen[r.id] = true; });
    all.results = top.results.concat(all.results.filter(function (r) { return !seen[r.id]; }));
    return all;
  }

  async function search() {
    var mine = ++run;
    var query = input.value.trim();
    var filters = chosenFilters();
    writeUrl(query);
    if (!query && Object.keys(filters).length === 0) {
      list.textContent = "";
      more.hidden = true;
      status.textContent = "Nhập tên người, tập thể, đơn vị hoặc chọn bộ lọc để xem danh sách.";
      if (pagefind) fillFilters(await pagefind.filters());
      return;
    }
    status.textContent = "Đang tìm…";
    var pf2 = await load();
    var options = { filters: filters };
    if (sortSelect.value) {
      var parts = sortSelect.value.split(":");
      options.sort = {};
      options.sort[parts[0]] = parts[1];
    }
    var result = await exactFirst(pf2, query, options);
    if (mine !== run || !result) return;
    current = result.results;
    shown = 0;
    list.textContent = "";
    fillFilters(result.filters || {});
    await showMore();
    if (mine !== run) return;
    status.textContent = current.length === 0
      ? "Không tìm thấy kết quả nào" + (query ? " cho “" + query + "”" : "") + "."
      : "Tìm thấy " + current.length + " kết quả" + (query ? " cho “" + query + "”" : "") + ".";
  }

  async function showMore() {
    var mine = run;
    var batch = current.slice(shown, shown + PAGE);
    var data = await Promise.all(batch.map(function (r) { return r.data(); }));
    if (mine !== run) return;
    data.forEach(function (d) { list.appendChild(renderResult(d)); });
    shown += batch.length;
    more.hidden = shown >= current.length;
  }

  function renderResult(d) {
    var m = d.meta || {};
    var li = el("li", { "class": "search-result" });
    var link = el("a", { href: new URL(m.url || d.url, siteRoot).href, "class": "search-result__title" });
    link.textContent = (m.honorific ? m.honorific + " " : "") + (m.title || d.url);
    li.appendChild(el("span", { "class": "search-result__kind" }, (m.kind || "") + " · "));
    li.appendChild(link);
    var lines = [];
    if (m.position || m.unit) lines.push([m.position, m.unit].filter(Boolean).join(", "));
    if (m.award) lines.push(m.award);
    if (m.campaign) lines.push(m.campaign + (m.year ? " (" + m.year + ")" : ""));
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
