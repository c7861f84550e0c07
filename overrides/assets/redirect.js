// Old addresses (former_ids) forward to the new page, keeping the #anchor of a person.
(function () {
  "use strict";
  var link = document.querySelector("link[rel=canonical]");
  if (link) window.location.replace(new URL(link.getAttribute("href"), window.location.href).href + window.location.hash);
})();
