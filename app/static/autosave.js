// Saves each answer on its own as soon as it changes, with the version the page loaded, so a closed tab,
// a dropped phone or a refresh loses nothing and a stale tab never overwrites a newer answer.
// - Every change is first queued in this browser (localStorage) and taken off the queue once the server
//   has it: a page opened again replays what was still queued.
// - A conflict (the answer changed in another tab since this page loaded) shows both answers by the
//   question; the user keeps one. Nothing is overwritten without that choice.
// - A lost session (cookie gone) is answered with a fresh token and the answer is sent again.
// - Leaving the page with answers not yet saved asks first.
// Without JavaScript the page still saves on "Save and continue" and "Back", with the same version check.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch || !window.FormData) { return; }
  var status = form.querySelector(".autosave-status");
  var progress = document.querySelector("[data-progress]");
  var storeKey = "csm-pending:" + window.location.pathname;
  var timers = {};  // question id -> debounce timer
  var inFlight = {};  // question id -> true while its save is on the way
  var again = {};  // question id -> changed again while its save was on the way
  var leaving = false;

  function field(name) { return form.querySelector("[name='" + name + "']"); }
  function fieldset(qid) { return form.querySelector("[data-question='" + qid + "']"); }

  function readQueue() {
    try { return JSON.parse(window.localStorage.getItem(storeKey) || "{}"); } catch (e) { return {}; }
  }
  function writeQueue(queue) {
    try {
      if (Object.keys(queue).length) { window.localStorage.setItem(storeKey, JSON.stringify(queue)); }
      else { window.localStorage.removeItem(storeKey); }
    } catch (e) { /* private mode or full: the save itself still goes out */ }
  }

  function current(qid) {
    var checked = form.querySelector("input[type=radio][name='" + qid + "']:checked");
    var note = field(qid + "__note");
    return { value: checked ? checked.value : "", note: note ? note.value : "",
             version: field(qid + "__version").value, shown: field(qid + "__shown").value };
  }
  function put(qid, answer) {
    Array.prototype.forEach.call(form.querySelectorAll("input[type=radio][name='" + qid + "']"), function (radio) {
      radio.checked = radio.value === answer.value;
    });
    var note = field(qid + "__note");
    if (note) { note.value = answer.note || ""; }
  }
  function queueAnswer(qid) {
    var queue = readQueue();
    queue[qid] = current(qid);
    writeQueue(queue);
  }
  function unqueue(qid) {
    var queue = readQueue();
    delete queue[qid];
    writeQueue(queue);
  }

  function answeredOnPage() {
    return Array.prototype.filter.call(form.querySelectorAll("[data-question]"), function (set) {
      return set.querySelector("input[type=radio]:checked") !== null;
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

  function cue(qid, text, failed) {
    var set = fieldset(qid);
    var el = set && set.querySelector(".saved-cue");
    if (el) { el.textContent = text; el.classList.toggle("is-error", Boolean(failed)); }
    if (status) { status.textContent = failed ? text : ""; }
  }
  function noteError(qid, message) {
    var note = field(qid + "__note");
    var el = document.getElementById(note ? note.id + "-error" : "");
    if (!note || !el) { return; }
    el.textContent = message || "";
    el.hidden = !message;
    if (message) { note.setAttribute("aria-invalid", "true"); note.setAttribute("aria-describedby", el.id); }
    else { note.removeAttribute("aria-invalid"); note.removeAttribute("aria-describedby"); }
  }
  function tooLong(qid) {
    var note = field(qid + "__note");
    var limit = note && Number(note.getAttribute("data-limit"));
    if (!limit || note.value.length <= limit) { noteError(qid, ""); return false; }
    noteError(qid, "This note has " + note.value.length + " characters; keep it to " + limit +
      " or fewer. Nothing was cut: shorten it and it is saved.");
    return true;
  }

  function showConflict(qid, html) {
    var set = fieldset(qid);
    var old = set.querySelector("[data-conflict]");
    if (old) { old.remove(); }
    var holder = document.createElement("div");
    holder.innerHTML = html;
    var box = holder.firstElementChild;
    var choices = set.querySelector(".choices");
    set.insertBefore(box, choices);
    cue(qid, "Not saved: this answer changed elsewhere. Choose which one to keep.", true);
  }

  function send(qid, retried) {
    if (inFlight[qid]) { again[qid] = true; return Promise.resolve(); }
    if (tooLong(qid)) { cue(qid, "Not saved yet: the note is too long", true); return Promise.resolve(); }
    var answer = current(qid);
    var data = new FormData();
    data.append("csrf_token", field("csrf_token").value);
    data.append("autosave", "1");
    data.append(qid, answer.value);
    data.append(qid + "__note", answer.note);
    data.append(qid + "__version", answer.version);
    data.append(qid + "__shown", answer.shown);
    inFlight[qid] = true;
    return fetch(window.location.pathname, { method: "POST", body: data, credentials: "same-origin",
                                             headers: { "Accept": "application/json" } })
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (body) {
          return { status: response.status, body: body };
        });
      })
      .then(function (reply) {
        inFlight[qid] = false;
        var body = reply.body || {};
        if (reply.status === 400 && body.expired && !retried) {
          field("csrf_token").value = body.csrf_token;  // the session was lost: a new one, and the answer again
          return send(qid, true);
        }
        if (body.saved && body.saved[qid]) {
          field(qid + "__version").value = body.saved[qid].version;
          field(qid + "__shown").value = body.saved[qid].shown;
        }
        if (body.conflicts && body.conflicts[qid]) {
          showConflict(qid, body.conflicts[qid].html);
        } else if (body.errors && Object.keys(body.errors).length) {
          var messages = body.errors[qid + "__note"] || body.errors[qid] || [];
          if (body.errors[qid + "__note"]) { noteError(qid, messages[0]); }
          cue(qid, "Not saved: " + (messages[0] || "check this answer"), true);
        } else if (reply.status === 200) {
          if (!again[qid]) { unqueue(qid); }
          noteError(qid, "");
          cue(qid, "Saved", false);
          moveProgress();
        } else if (reply.status === 403 || reply.status === 404 || reply.status === 410) {
          unqueue(qid);  // refused for good (a read-only demo, a closed session): sending again would not help
          cue(qid, "Not saved: this page no longer accepts answers. Reload it to see why.", true);
        } else {
          cue(qid, "Not saved yet: it is kept on this device and sent again", true);
        }
        if (again[qid]) { again[qid] = false; queueAnswer(qid); return send(qid); }
        return null;
      })
      .catch(function () {
        inFlight[qid] = false;
        cue(qid, "Offline: this answer is kept on this device and sent when the connection is back", true);
      });
  }

  function later(qid, delay) {
    queueAnswer(qid);  // kept at once: a refresh before the save goes out replays it
    window.clearTimeout(timers[qid]);
    timers[qid] = window.setTimeout(function () { delete timers[qid]; send(qid); }, delay);
  }

  function questionOf(target) {
    var set = target.closest("[data-question]");
    return set ? set.getAttribute("data-question") : null;
  }
  form.addEventListener("change", function (event) {
    var qid = questionOf(event.target);
    if (qid && event.target.type !== "hidden") { later(qid, 300); }
  });
  form.addEventListener("input", function (event) {
    var qid = questionOf(event.target);
    if (qid && event.target.tagName === "TEXTAREA") { tooLong(qid); later(qid, 1000); }
  });

  // A conflict's buttons: keep mine (sent again against the newer version) or keep the saved one.
  form.addEventListener("click", function (event) {
    var button = event.target.closest("button[name=resolve]");
    if (!button) { return; }
    event.preventDefault();
    var parts = button.value.split(":");
    var qid = parts[0];
    var box = fieldset(qid).querySelector("[data-conflict]");
    field(qid + "__version").value = box.getAttribute("data-version");
    field(qid + "__shown").value = box.getAttribute("data-shown");
    if (parts[1] === "saved") {
      put(qid, { value: box.getAttribute("data-saved-value"), note: box.getAttribute("data-saved-note") });
      unqueue(qid);
      cue(qid, "The saved answer is kept", false);
      moveProgress();
    } else {
      queueAnswer(qid);
      send(qid);
    }
    box.remove();
  });

  function pending() {
    return Object.keys(readQueue()).length > 0 || Object.keys(timers).length > 0 ||
      Object.keys(inFlight).some(function (qid) { return inFlight[qid]; });
  }
  window.addEventListener("beforeunload", function (event) {
    if (leaving || !pending()) { return undefined; }
    event.preventDefault();
    event.returnValue = "";  // the browser asks "Leave site? Changes you made may not be saved."
    return "";
  });

  // "Save and continue" or "Back": wait for saves on the way (their new versions go with the page), then post.
  form.addEventListener("submit", function (event) {
    var waiting = Object.keys(inFlight).filter(function (qid) { return inFlight[qid]; });
    if (leaving || !waiting.length) { leaving = true; writeQueue({}); return; }
    event.preventDefault();
    var submitter = event.submitter;
    var tries = 0;
    (function check() {
      tries += 1;
      var still = Object.keys(inFlight).some(function (qid) { return inFlight[qid]; });
      if (still && tries < 50) { window.setTimeout(check, 100); return; }
      leaving = true;
      writeQueue({});
      if (form.requestSubmit) { form.requestSubmit(submitter || undefined); } else { form.submit(); }
    }());
  });

  window.addEventListener("online", function () {
    Object.keys(readQueue()).forEach(function (qid) { if (fieldset(qid)) { send(qid); } });
  });

  // Answers queued before a refresh, a crash or a lost connection: put them back and send them.
  var queued = readQueue();
  Object.keys(queued).forEach(function (qid) {
    if (!fieldset(qid)) { return; }
    put(qid, queued[qid]);
    field(qid + "__version").value = queued[qid].version;
    field(qid + "__shown").value = queued[qid].shown;
    send(qid);
  });
}());
