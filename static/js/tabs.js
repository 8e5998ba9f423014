/* A row of tabs that scrolls sideways on a phone shows the current tab, even when it is the last one. */
(function () {
  "use strict";
  document.querySelectorAll(".app-tabs .nav-link.active").forEach(function (tab) {
    var row = tab.closest(".app-tabs");
    if (row && row.scrollWidth > row.clientWidth) {
      row.scrollLeft = tab.offsetLeft - (row.clientWidth - tab.offsetWidth) / 2;
    }
  });
})();
