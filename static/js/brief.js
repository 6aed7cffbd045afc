// The brief form: picking sources (moved between the search results and the chosen list).
(function () {
  "use strict";
  var chosen = document.getElementById("selected-sources");
  var results = document.getElementById("source-results");
  if (!chosen || !results) return;
  var empty = document.getElementById("chosen-empty");
  function refresh() { if (empty) empty.hidden = chosen.children.length > 0; }
  // Checking a found source moves it to the chosen list; unchecking a chosen one removes it.
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!box.matches || !box.matches("input[name=sources]")) return;
    var item = box.closest(".source-pick");
    if (box.checked && !chosen.contains(item)) { chosen.appendChild(item); }
    else if (!box.checked && chosen.contains(item)) { item.remove(); }
    refresh();
  });
  chosen.addEventListener("click", function (event) {
    var button = event.target.closest("[data-move]");
    if (!button) return;
    var item = button.closest(".source-pick");
    if (button.dataset.move === "up" && item.previousElementSibling) chosen.insertBefore(item, item.previousElementSibling);
    if (button.dataset.move === "down" && item.nextElementSibling) chosen.insertBefore(item.nextElementSibling, item);
    button.focus();
  });
  refresh();
})();
