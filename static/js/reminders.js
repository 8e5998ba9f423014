// The number of open items in the menu: when the page could not read it from the cache, ask for it once the page
// has loaded, so that no page waits for the rules to run (cycles/views/reminders.py, reminder_count_view).
(function () {
  "use strict";
  var badge = document.querySelector("[data-reminder-count][data-url]");
  if (!badge || !window.fetch) { return; }
  fetch(badge.getAttribute("data-url"), { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (data) {
      if (data && data.count > 0) {
        badge.textContent = String(data.count);
        badge.classList.remove("d-none");
      }
    })
    .catch(function () { /* the link still works without its number */ });
})();
