// The console's only script (no CDN, no framework): the 「氏名を隠す」 screen guard, the idle
// sign-out, and confirmation of destructive forms. Everything works without it except these.
(function () {
  "use strict";
  var body = document.body;

  // Screen guard: F8 toggles, Esc always hides. Remembered for this tab while it stays open.
  var guard = document.getElementById("hide-names");
  function setHidden(on) {
    body.classList.toggle("names-hidden", on);
    if (guard) guard.setAttribute("aria-pressed", on ? "true" : "false");
    try { sessionStorage.setItem("frr-hide-names", on ? "1" : "0"); } catch (e) { /* private mode */ }
  }
  try { setHidden(sessionStorage.getItem("frr-hide-names") === "1"); } catch (e) { setHidden(false); }
  if (guard) guard.addEventListener("click", function () { setHidden(!body.classList.contains("names-hidden")); });
  document.addEventListener("keydown", function (event) {
    if (event.key === "F8") { event.preventDefault(); setHidden(!body.classList.contains("names-hidden")); }
    else if (event.key === "Escape") { setHidden(true); }
  });

  // Idle sign-out (IV-4-2): the server ends the session anyway; this leaves the screen too.
  var idle = parseInt(body.getAttribute("data-idle-seconds") || "0", 10);
  var form = document.getElementById("logout-form");
  if (idle > 0 && form) {
    var last = Date.now();
    var warning = document.getElementById("idle-warning");
    ["keydown", "mousedown", "mousemove", "wheel", "touchstart"].forEach(function (name) {
      document.addEventListener(name, function () { last = Date.now(); if (warning) warning.hidden = true; },
                                {passive: true});
    });
    var timer = setInterval(function () {
      var quiet = (Date.now() - last) / 1000;
      if (quiet >= idle) {
        clearInterval(timer);  // once: a second submission would cancel the first
        setHidden(true);
        form.querySelector("input[name=idle]").value = "1";
        form.submit();
      } else if (warning && quiet >= idle - 60) {
        warning.hidden = false;
      }
    }, 1000);
  }

  // Forms that revoke or disable ask first.
  document.querySelectorAll("form[data-confirm]").forEach(function (f) {
    f.addEventListener("submit", function (event) {
      if (!window.confirm(f.getAttribute("data-confirm"))) event.preventDefault();
    });
  });
})();
