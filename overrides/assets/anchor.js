// An honoree's address is its entry's #anchor on the page that lists it. When an entry has moved
// to another page of its campaign (the list grew past the campaign page, or more of its honours
// were published), a link from before lands here without that anchor: the campaign's open data
// (data/phong-trao/<id>.json) says where the entry is now, and the browser goes there. Nothing
// happens when the anchor is on this page. The theme loads this script on a campaign's pages only.
(function () {
  "use strict";
  var me = document.currentScript;
  var id = decodeURIComponent(window.location.hash.slice(1));
  if (!me || !id || document.getElementById(id)) return;
  var root = new URL("../", me.src); // the script is assets/anchor.js
  var rest = window.location.pathname.slice(root.pathname.length).split("/"); // phong-trao/<id>/...
  if (rest[0] !== "phong-trao" || !rest[1]) return;
  var campaign = new URL("phong-trao/" + rest[1] + "/", root);
  fetch(new URL("data/phong-trao/" + rest[1] + ".json", root).href).then(function (r) {
    return r.ok ? r.json() : null;
  }).then(function (data) {
    var found = data && (data.honorees || []).filter(function (h) { return h.id === id; })[0];
    var marker = "phong-trao/" + rest[1] + "/", at = found ? found.url.indexOf(marker) : -1;
    if (at < 0) return;
    var target = new URL(found.url.slice(at + marker.length), campaign);
    if (target.pathname !== window.location.pathname) window.location.replace(target.href);
  }).catch(function () { /* the entry stays unfound: the page is still the campaign's */ });
})();
