// An honoree's address is its entry's #anchor on the page that lists it. When an entry has moved
// to another page (a campaign's list grew past its page, or more of its honours were published),
// a link from before lands here without that anchor: the campaign's open data says where the
// entry is now, and the browser goes there. Nothing happens when the anchor is on this page.
(function () {
  "use strict";
  var me = document.currentScript;
  var id = decodeURIComponent(window.location.hash.slice(1));
  if (!me || !id || document.getElementById(id)) return;
  var here = window.location.href;
  fetch(new URL(me.getAttribute("data-json"), here).href).then(function (r) {
    return r.ok ? r.json() : null;
  }).then(function (data) {
    var found = data && (data.honorees || []).filter(function (h) { return h.id === id; })[0];
    if (!found) return;
    var marker = "phong-trao/" + data.campaign.id + "/", at = found.url.indexOf(marker);
    if (at < 0) return;
    var target = new URL(found.url.slice(at + marker.length), new URL(me.getAttribute("data-campaign"), here));
    if (target.pathname !== window.location.pathname) window.location.replace(target.href);
  }).catch(function () { /* the entry stays unfound: the page is still the campaign's */ });
})();
