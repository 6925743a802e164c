// Saves a page's answers as soon as one changes, so a closed tab or a dropped phone loses nothing.
// "Saved" appears next to the question just answered, and the progress bar moves as you answer.
// Without JavaScript the page still saves on "Save and continue" and "Back".
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch || !window.FormData) { return; }
  var status = form.querySelector(".autosave-status");
  var progress = document.querySelector("[data-progress]");
  var timer = null;
  var pending = null;  // the question whose change is waiting to be saved

  function answeredOnPage() {
    return Array.prototype.filter.call(form.querySelectorAll("[data-question]"), function (fieldset) {
      return fieldset.querySelector("input[type=radio]:checked") !== null;
    }).length;
  }
  var before = answeredOnPage();

  function moveProgress() {
    if (!progress) { return; }
    var all = Number(progress.getAttribute("data-all"));
    var done = Number(progress.getAttribute("data-done")) - before + answeredOnPage();
    var bar = progress.querySelector("progress");
    var count = progress.querySelector(".progress-count");
    if (bar) { bar.value = done; bar.textContent = done + " of " + all; }
    if (count) { count.textContent = done + " of " + all + " questions answered"; }
  }

  function cue(question, text, failed) {
    Array.prototype.forEach.call(form.querySelectorAll(".saved-cue"), function (el) { el.textContent = ""; });
    var el = question && question.querySelector(".saved-cue");
    if (el) { el.textContent = text; el.classList.toggle("is-error", Boolean(failed)); }
    if (status) { status.textContent = failed ? text : ""; }
  }

  function save() {
    var question = pending;
    var data = new FormData(form);
    data.append("autosave", "1");
    fetch(window.location.pathname, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (response) {
        if (response.ok) { cue(question, "Saved", false); moveProgress(); }
        else { cue(question, "Not saved: press Save and continue to see why", true); }
      })
      .catch(function () {
        cue(question, "Offline: this answer will be saved when you press Save and continue", true);
      });
  }

  function later(event, delay) {
    pending = event.target.closest("[data-question]") || pending;
    window.clearTimeout(timer);
    timer = window.setTimeout(save, delay);
  }
  form.addEventListener("change", function (event) { later(event, 300); });
  form.addEventListener("input", function (event) {
    if (event.target.tagName === "TEXTAREA") { later(event, 1000); }
  });
}());
