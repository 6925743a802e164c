// Refreshes the workshop dashboard's live region every few seconds without reloading the page.
(function () {
  "use strict";
  var region = document.getElementById("live");
  if (!region || !window.fetch) { return; }
  var source = region.getAttribute("data-source");
  function refresh() {
    if (document.hidden) { return; }
    fetch(source, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html === null) { return; }
        var open = region.querySelector("details[open]") !== null;
        region.innerHTML = html;
        if (open) { var details = region.querySelector("details"); if (details) { details.open = true; } }
      })
      .catch(function () { /* the next tick tries again */ });
  }
  window.setInterval(refresh, 3000);
}());
