// The charter editor never loses a word: it saves a few seconds after you stop typing, warns before
// you leave with text it could not save, and asks before "Reset to draft" replaces your text.
// Without JavaScript every button saves first, and Reset shows a confirmation step from the server.
(function () {
  "use strict";
  var form = document.querySelector("form[data-charter-autosave]");
  if (!form || !window.fetch || !window.FormData) { return; }
  var status = form.querySelector(".autosave-status");
  var dirty = false, leaving = false, timer = null, edits = 0;

  function say(text) { if (status) { status.textContent = text; } }

  // The preview beside the editor follows the text as typed: the server renders and sanitises it
  // (the same Markdown rules as the PDF), so what you see is what the charter prints.
  var previewUrl = form.getAttribute("data-preview-url");
  var previewBox = document.getElementById("preview-content");
  var warningsBox = document.getElementById("matrix-warnings");
  var previewTimer = null, previewAsked = 0;

  function refreshPreview() {
    var asked = ++previewAsked;
    fetch(previewUrl, { method: "POST", body: new FormData(form), credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (body) {
        if (!body || asked !== previewAsked) { return; }  // an older answer arriving late is dropped
        previewBox.innerHTML = body.preview;
        if (warningsBox) { warningsBox.innerHTML = body.warnings; }
      })
      .catch(function () { /* offline: the last preview stays; saving says what happened */ });
  }

  function schedulePreview(delay) {
    if (!previewUrl || !previewBox) { return; }
    window.clearTimeout(previewTimer);
    previewTimer = window.setTimeout(refreshPreview, delay);
  }

  // A KPI's metric shows what it measures right under its select (the definitions list is on the page).
  function describeMetric(select) {
    var hint = document.getElementById(select.id + "-definition");
    var definition = form.querySelector('dd[data-metric="' + select.value + '"]');
    if (hint) { hint.textContent = definition ? definition.textContent : "Choose a metric to see what it measures."; }
  }

  function save() {
    var data = new FormData(form), sent = edits;
    data.append("autosave", "1");
    fetch(window.location.pathname, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (response) {
        if (response.ok) { dirty = edits !== sent; say(dirty ? "" : "Saved"); return; }  // typed while saving: still to save
        return response.json().then(function (body) {
          say("Not saved yet: " + ((body && body.problems && body.problems[0]) || "press Save and preview to see why"));
        });
      })
      .catch(function () { say("Offline: your text is still here; press Save and preview when you are back online"); });
  }

  form.addEventListener("input", function () {
    dirty = true;
    edits += 1;
    schedulePreview(400);
    say("");
    window.clearTimeout(timer);
    timer = window.setTimeout(save, 1500);
  });
  form.addEventListener("change", function (event) {
    if (event.target.tagName !== "SELECT") { return; }
    if (event.target.classList.contains("metric-select")) { describeMetric(event.target); }
    event.target.className = event.target.className.replace(/\blevel-\w+/, "level-" + (event.target.value || "none"));
    dirty = true;
    edits += 1;
    schedulePreview(0);
    window.clearTimeout(timer);
    timer = window.setTimeout(save, 300);
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
