/* A search box above long lists of choices (a member among thousands): a <select data-searchable> gets a text
   field whose words hide the options that do not contain them. Without JavaScript the plain list still works. */
(function () {
  "use strict";
  var fold = function (text) { return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, ""); };
  document.querySelectorAll("select[data-searchable]").forEach(function (select) {
    var options = Array.prototype.slice.call(select.options).filter(function (option) { return option.value; });
    options.forEach(function (option) { option.dataset.text = fold(option.textContent); });
    var search = document.createElement("input");
    search.type = "search";
    search.className = "form-control form-control-sm mb-1";
    search.placeholder = select.dataset.searchable || "Search";
    search.setAttribute("aria-label", search.placeholder);
    search.setAttribute("aria-controls", select.id);
    select.parentNode.insertBefore(search, select);
    search.addEventListener("input", function () {
      var words = fold(search.value).split(/\s+/).filter(Boolean);
      var first = null;
      options.forEach(function (option) {
        var matches = words.every(function (word) { return option.dataset.text.indexOf(word) !== -1; });
        option.hidden = !matches;
        option.disabled = !matches && !option.selected;
        if (matches && first === null) { first = option; }
      });
      /* One match left: choose it, so that a phone user need not open the list. */
      if (first !== null && options.filter(function (o) { return !o.hidden; }).length === 1) {
        select.value = first.value;
      }
    });
    /* Enter in the search box must not send the form. */
    search.addEventListener("keydown", function (event) { if (event.key === "Enter") { event.preventDefault(); } });
  });
})();
