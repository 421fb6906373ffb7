// Small behaviours for Partnerwise; no inline scripts, so a strict CSP works.
(function () {
  "use strict";

  function focusSummary(root) {
    var summary = (root || document).querySelector("[data-focus-on-load]");
    if (summary) { summary.focus(); }
  }

  document.addEventListener("DOMContentLoaded", function () { focusSummary(document); });
  document.body.addEventListener("htmx:afterSwap", function (event) { focusSummary(event.target); });

  // Buttons with data-confirm ask before submitting.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });
})();

// A checkbox with data-check-all="name" ticks or clears every checkbox of that name.
document.addEventListener("change", function (event) {
  var all = event.target.closest("[data-check-all]");
  if (!all) { return; }
  var name = all.getAttribute("data-check-all");
  var form = all.closest("form") || document;
  form.querySelectorAll('input[type="checkbox"][name="' + name + '"]').forEach(function (box) {
    box.checked = all.checked;
  });
});
