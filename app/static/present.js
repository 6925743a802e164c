// The presenter on a projector: keyboard shortcuts, full screen, and the room's answers counted as they
// arrive (the #room region is polled every two seconds; an unchanged question answers 304). Without
// JavaScript the links and buttons do the same. Keys are ignored while typing the reason.
(function () {
  "use strict";
  function go(key) {
    var link = document.querySelector("a[data-key='" + key + "']");
    if (link) { window.location.href = link.href; }
  }
  function fullScreen() {
    var root = document.documentElement;
    if (document.fullscreenElement) { document.exitFullscreen(); } else if (root.requestFullscreen) { root.requestFullscreen(); }
  }
  function choose(value) {
    var radio = document.getElementById("agree-" + value);
    if (radio) { radio.checked = true; radio.focus(); }
  }
  function record() {
    var form = document.querySelector("form.agreement");
    if (form && form.querySelector("input[name='value']:checked")) { form.requestSubmit ? form.requestSubmit() : form.submit(); }
  }
  var button = document.querySelector("[data-fullscreen]");
  if (button && document.documentElement.requestFullscreen) {
    button.hidden = false;
    button.addEventListener("click", fullScreen);
  }
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.altKey || event.ctrlKey || event.metaKey) { return; }
    if (target.tagName === "TEXTAREA" || (target.tagName === "INPUT" && target.type === "text")) { return; }
    var key = event.key;
    if (target.type === "radio" && key.indexOf("Arrow") === 0) { return; }  // arrows move between the levels there
    if (key === "n" || key === "ArrowRight") { go("next"); }
    else if (key === "p" || key === "ArrowLeft") { go("previous"); }
    else if (key === "r") { go("reveal"); }
    else if (key === "f") { fullScreen(); }
    else if (/^[0-4]$/.test(key)) { choose(key); }
    else if (key === "Enter" && !(target.tagName === "BUTTON" || target.tagName === "A")) { event.preventDefault(); record(); }
    else { return; }
  });
  var room = document.getElementById("room");
  if (room && window.fetch) { window.csmPoll(room, 2000); }
}());
