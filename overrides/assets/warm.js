/* Every page but the search page: a touch of the header's search box fetches, at low priority,
   what the search page will need first (the page and the names index), so that the search
   answers sooner on a slow phone. The search page runs search.js instead. */
(function () {
  "use strict";
  var header = document.querySelector("form.portal-search");
  if (!header) return;
  var done = false;
  function warm() {
    if (done) return;
    done = true;
    var page = new URL(header.getAttribute("action"), window.location.href);
    [page.href, new URL("../pagefind/ten/index.json", page).href].forEach(function (href) {
      var link = document.createElement("link");
      link.rel = "prefetch";
      link.href = href;
      document.head.appendChild(link);
    });
  }
  header.addEventListener("focusin", warm);
  header.addEventListener("pointerdown", warm);
})();
