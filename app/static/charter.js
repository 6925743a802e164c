// The charter editor never loses a word: it saves a few seconds after you stop typing, warns before
// you leave with text it could not save, and asks before "Reset to draft" replaces your text.
// Without JavaScript every button saves first, and Reset shows a confirmation step from the server.
(function () {
  "use strict";
  var form = document.querySelector("form[data-charter-autosave]");
  if (!form || !window.fetch || !window.FormData) { return; }
  var status = form.querySelector(".autosave-status");
  var dirty = false, leaving = false, timer = null;

  function say(text) { if (status) { status.textContent = text; } }

  function save() {
    var data = new FormData(form);
    data.append("autosave", "1");
    fetch(window.location.pathname, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (response) {
        if (response.ok) { dirty = false; say("Saved"); return; }
        return response.json().then(function (body) {
          say("Not saved yet: " + ((body && body.problems && body.problems[0]) || "press Save and preview to see why"));
        });
      })
      .catch(function () { say("Offline: your text is still here; press Save and preview when you are back online"); });
  }

  form.addEventListener("input", function () {
    dirty = true;
    say("");
    window.clearTimeout(timer);
    timer = window.setTimeout(save, 1500);
  });
  form.addEventListener("change", function (event) {
    if (event.target.tagName === "SELECT") { dirty = true; window.clearTimeout(timer); timer = window.setTimeout(save, 300); }
  });
  form.addEventListener("submit", function (event) {
    var button = event.submitter;
    if (button && button.hasAttribute("data-confirm")) {
      if (!window.confirm(button.getAttribute("data-confirm"))) { event.preventDefault(); return; }
      var confirmed = document.createElement("input");  // skip the server's confirmation step: already asked
      confirmed.type = "hidden"; confirmed.name = "reset_confirmed"; confirmed.value = "1";
      form.appendChild(confirmed);
    }
    leaving = true;
    window.clearTimeout(timer);
  });
  window.addEventListener("beforeunload", function (event) {
    if (dirty && !leaving) { event.preventDefault(); event.returnValue = ""; }
  });
}());
