// The "preparing your report" page: asks the server how the render is getting on, says so, and starts the
// download when the file is ready. Without JavaScript the page refreshes itself instead (a <noscript> refresh).
(function () {
  "use strict";
  var root = document.querySelector("[data-render-wait]");
  if (!root || !window.fetch) { return; }
  var status = document.getElementById("render-status");
  var link = document.getElementById("render-download");
  var progress = root.querySelector("progress");
  var heading = document.getElementById("render-heading");
  var delay = 800;

  function say(text) { if (status.textContent.trim() !== text) { status.textContent = text; } }

  function ready(fileUrl) {
    heading.textContent = "Your report is ready";
    document.title = document.title.replace("Preparing your report", "Your report is ready");
    say("Your PDF report is ready. The download has started; if it did not, use the button below.");
    progress.value = 1; progress.max = 1;
    link.hidden = false;
    link.classList.add("primary");
    window.location.assign(fileUrl);
  }

  function failed(data) {
    heading.textContent = data.title;
    document.title = document.title.replace("Preparing your report", data.title);
    say(data.message);
    progress.hidden = true;
    link.textContent = "Try again";
    link.hidden = false;
  }

  function poll() {
    fetch(root.getAttribute("data-render-wait"), { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!(response.headers.get("Content-Type") || "").match(/json/)) { window.location.reload(); return null; }
        return response.json();
      })
      .then(function (data) {
        if (!data) { return; }
        if (data.state === "ready") { ready(data.file_url); return; }
        if (data.state === "failed") { failed(data); return; }
        if (data.state === "rendering") {
          say("Your PDF report is being prepared. This takes a few seconds; the download starts by itself when it is ready.");
        } else if (data.ahead > 0) {
          say("Your PDF report is in the queue: " + data.ahead + (data.ahead === 1 ? " report" : " reports") +
              " ahead of yours. The download starts by itself when it is ready.");
        }
        delay = Math.min(delay * 1.25, 3000);
        window.setTimeout(poll, delay);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }

  if (root.getAttribute("data-file") && link && !link.hidden) { window.location.assign(root.getAttribute("data-file")); return; }
  window.setTimeout(poll, delay);
}());
