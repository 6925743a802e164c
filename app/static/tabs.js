// Turns the results details into accessible tabs (role=tablist, aria-selected, arrow keys, Home/End).
// Without JavaScript the tabs stay links to anchored sections, all shown one after another.
(function () {
  "use strict";
  var root = document.querySelector("[data-tabs]");
  if (!root) { return; }
  var tabs = Array.prototype.slice.call(root.querySelectorAll('[role="tab"]'));
  var panels = tabs.map(function (tab) { return document.getElementById(tab.getAttribute("aria-controls")); });
  function select(index, focus) {
    tabs.forEach(function (tab, i) {
      var on = i === index;
      tab.setAttribute("aria-selected", on ? "true" : "false");
      tab.setAttribute("tabindex", on ? "0" : "-1");
      panels[i].hidden = !on;
    });
    if (focus) { tabs[index].focus(); }
  }
  tabs.forEach(function (tab, i) {
    tab.addEventListener("click", function (event) {
      event.preventDefault();
      select(i, false);
      if (window.history && window.history.replaceState) { window.history.replaceState(null, "", tab.getAttribute("href")); }
    });
    tab.addEventListener("keydown", function (event) {
      var keys = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 };
      if (!(event.key in keys)) { return; }
      event.preventDefault();
      select((keys[event.key] + tabs.length) % tabs.length, true);
    });
  });
  root.classList.add("tabs-ready");
  // Links elsewhere on the page (e.g. "The full roadmap") open their tab.
  function fromHash() {
    var found = tabs.findIndex(function (tab) { return tab.getAttribute("href") === window.location.hash; });
    if (found >= 0) { select(found, false); }
    return found;
  }
  window.addEventListener("hashchange", fromHash);
  if (fromHash() < 0) { select(0, false); }
}());
