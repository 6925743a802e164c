// Live regions of the facilitator's screens: the dashboard's #live and the presenter's #room are fetched
// every few seconds without reloading the page. The server tags each version with an ETag and answers 304
// while nothing changed; the pages are never stored by the browser (no-store), so the tag is kept here.
(function () {
  "use strict";
  window.csmPoll = function (region, interval) {
    // The page came with the region's version: the first poll of an unchanged page is a 304 already.
    var source = region.getAttribute("data-source"), tag = region.getAttribute("data-etag"), shown = null;
    function refresh() {
      if (document.hidden) { return; }
      var headers = { "Accept": "text/html" };
      if (tag) { headers["If-None-Match"] = tag; }
      fetch(source, { credentials: "same-origin", cache: "no-store", headers: headers })
        .then(function (response) {
          if (response.status !== 200) { return null; }  // 304: nothing new; an error: the next tick tries again
          tag = response.headers.get("ETag");
          return response.text();
        })
        .then(function (html) {
          if (html === null || html === shown) { return; }
          shown = html;
          var open = region.querySelector("details[open]") !== null;
          region.innerHTML = html;
          if (open) { var details = region.querySelector("details"); if (details) { details.open = true; } }
        })
        .catch(function () { /* the next tick tries again */ });
    }
    window.setInterval(refresh, interval);
  };
  var live = document.getElementById("live");
  if (live && window.fetch) { window.csmPoll(live, 3000); }
}());
