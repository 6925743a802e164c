// Saves a section's answers as soon as one changes, so a closed tab or a dropped phone loses nothing.
// Without JavaScript the page still saves on "Save and continue" and "Back".
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch || !window.FormData) { return; }
  var status = form.querySelector(".autosave-status");
  var timer = null;
  function save() {
    var data = new FormData(form);
    data.append("autosave", "1");
    fetch(window.location.pathname, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (response) {
        if (status) { status.textContent = response.ok ? "Saved" : "Not saved: press Save and continue to see why"; }
      })
      .catch(function () {
        if (status) { status.textContent = "Offline: your answers will be saved when you press Save and continue"; }
      });
  }
  form.addEventListener("change", function () { window.clearTimeout(timer); timer = window.setTimeout(save, 300); });
  form.addEventListener("input", function (event) {
    if (event.target.tagName === "TEXTAREA") { window.clearTimeout(timer); timer = window.setTimeout(save, 1000); }
  });
}());
