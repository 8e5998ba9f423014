/* The searchable checkbox lists of the training form (templates/cycles/trainings/_checklist.html). A file of its
   own, not an inline script, for the Content-Security-Policy; the words it writes come translated in the list's
   data-checklist-counted attribute. */
document.querySelectorAll("[data-checklist]").forEach(function (list) {
  var items = Array.prototype.slice.call(list.querySelectorAll("[data-checklist-item]"));
  if (!items.length) { return; }
  var filter = list.querySelector("[data-checklist-filter]");
  var tickedOnly = list.querySelector("[data-checklist-ticked]");
  var count = list.querySelector("[data-checklist-count]");
  var nothing = list.querySelector("[data-checklist-nothing]");
  var fold = function (text) { return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, ""); };
  items.forEach(function (item) { item.dataset.text = fold(item.textContent); });
  var box = function (item) { return item.querySelector("input[type=checkbox]"); };
  var shown = function () { return items.filter(function (item) { return !item.hidden; }); };
  var counted = list.dataset.checklistCounted || "";
  var update = function () {
    var words = fold(filter.value).split(/\s+/).filter(Boolean);
    items.forEach(function (item) {
      var matches = words.every(function (word) { return item.dataset.text.indexOf(word) !== -1; });
      item.hidden = !matches || (tickedOnly.checked && !box(item).checked);
    });
    var ticked = items.filter(function (item) { return box(item).checked; }).length;
    count.textContent = ticked + " " + counted + " " + items.length;
    nothing.hidden = shown().length > 0;
  };
  var tick = function (value) { shown().forEach(function (item) { box(item).checked = value; }); update(); };
  list.querySelector("[data-checklist-tools]").hidden = false;
  filter.addEventListener("input", update);
  tickedOnly.addEventListener("change", update);
  list.querySelector("[data-checklist-all]").addEventListener("click", function () { tick(true); });
  list.querySelector("[data-checklist-none]").addEventListener("click", function () { tick(false); });
  list.addEventListener("change", function (event) { if (event.target !== tickedOnly) { update(); } });
  /* Enter in the filter must not send the form. */
  filter.addEventListener("keydown", function (event) { if (event.key === "Enter") { event.preventDefault(); } });
  update();
});
