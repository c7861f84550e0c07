/* The header's menu button for the keyboard. Material's drawer (under 76.25em, where the tabs are
   hidden) is a checkbox that a <label> toggles: a pointer can, the Tab key cannot reach a label.
   Here the label becomes a button: Enter, Space or a tap opens the drawer and moves into it,
   Escape closes it and comes back. Without this script the label still opens it with a tap. */
(function () {
  "use strict";
  var toggle = document.getElementById("__drawer");
  var label = document.querySelector("label.portal-header__menu");
  if (!toggle || !label) return;
  var button = document.createElement("button");
  button.type = "button";
  button.className = label.className;
  button.innerHTML = label.innerHTML; // the page's own icon and its hidden text
  button.setAttribute("aria-expanded", "false");
  label.parentNode.replaceChild(button, label);
  function sync() { button.setAttribute("aria-expanded", toggle.checked ? "true" : "false"); }
  function set(open) {
    toggle.checked = open;
    sync();
    if (!open) { button.focus(); return; }
    window.setTimeout(function () { // once the drawer is visible: its first link that is shown
      var links = document.querySelectorAll(".md-sidebar--primary .md-nav__list a");
      for (var i = 0; i < links.length; i++) {
        if (links[i].getClientRects().length && getComputedStyle(links[i]).visibility !== "hidden") {
          links[i].focus();
          return;
        }
      }
    }, 0);
  }
  button.addEventListener("click", function () { set(!toggle.checked); });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && toggle.checked) set(false);
  });
  toggle.addEventListener("change", sync); // closed by a tap on the page beside the drawer
})();
