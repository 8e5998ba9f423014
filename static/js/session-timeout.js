/* Warns a few minutes before the session ends (30 minutes without activity, 12 hours at most; see
   producers/accounts/middleware.py). "Stay logged in" asks the server, which counts that as activity. */
(function () {
  "use strict";
  var box = document.getElementById("session-warning");
  if (!box) { return; }
  var warn = Number(box.dataset.warnSeconds) * 1000;
  var pingUrl = box.dataset.pingUrl;
  var maxEnd = Date.now() + Number(box.dataset.maxSeconds) * 1000;
  var idleEnd = Date.now() + Number(box.dataset.idleSeconds) * 1000;
  var timer = null;

  function show(which) {
    box.querySelectorAll("[data-when]").forEach(function (line) {
      line.classList.toggle("d-none", line.dataset.when !== which);
    });
    box.querySelector("[data-action=stay]").classList.toggle("d-none", which !== "idle");
    box.querySelector("[data-action=login]").classList.toggle("d-none", which !== "ended");
    box.classList.remove("d-none");
  }

  function check() {
    var now = Date.now();
    var end = Math.min(idleEnd, maxEnd);
    if (now >= end) {
      show("ended");
      return;
    }
    if (now >= end - warn) {
      show(maxEnd <= idleEnd ? "max" : "idle");
    } else {
      box.classList.add("d-none");
    }
    timer = window.setTimeout(check, Math.min(15000, Math.max(1000, end - warn - now)));
  }

  box.querySelector("[data-action=stay]").addEventListener("click", function () {
    fetch(pingUrl, { credentials: "same-origin", headers: { "Accept": "text/plain" } }).then(function (response) {
      if (response.status === 204) {
        idleEnd = Date.now() + Number(box.dataset.idleTotal) * 1000;
      } else {
        idleEnd = Date.now();
      }
      window.clearTimeout(timer);
      check();
    });
  });
  check();
})();
