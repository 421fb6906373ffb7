// Small behaviours for Partnerwise; no inline scripts, so a strict CSP works.
(function () {
  "use strict";

  // Parts that only work with JavaScript (the search boxes) are hidden without it.
  document.documentElement.classList.add("js");

  function focusSummary(root) {
    var summary = (root || document).querySelector("[data-focus-on-load]");
    if (summary) { summary.focus(); }
  }

  document.addEventListener("DOMContentLoaded", function () { focusSummary(document); });
  document.body.addEventListener("htmx:afterSwap", function (event) { focusSummary(event.target); });
  // Content htmx brings in (the inline log form, its errors) takes the keyboard focus.
  document.body.addEventListener("htmx:load", function (event) {
    var elt = event.detail.elt;
    if (!elt.querySelector) { return; }
    var wanted = "[data-focus-on-load], [data-autofocus]";
    var target = elt.matches(wanted) ? elt :
      (elt.querySelector("[data-focus-on-load]") || elt.querySelector("[data-autofocus]"));
    if (target) { target.focus(); }
  });

  // Error summary links move the focus to the field itself. A link to a group (a
  // fieldset of radio buttons, the person picker) would otherwise only scroll to it,
  // leaving the focus behind, so focus its chosen or first control instead; the
  // label or legend is scrolled into view with it, so the question is on screen.
  document.addEventListener("click", function (event) {
    var link = event.target.closest(".error-summary a[href^='#']");
    if (!link) { return; }
    var id = decodeURIComponent(link.getAttribute("href").slice(1));
    // Radio buttons rendered one by one have no element with the field's id, only its name.
    var target = document.getElementById(id) ||
      document.querySelector("[name='" + CSS.escape(id) + "']:not([type=hidden])");
    if (!target) { return; }
    var controls = "input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea:not([disabled])";
    var control = target.matches(controls) ? target :
      (target.querySelector("input:checked:not([type=hidden])") || target.querySelector(controls));
    if (!control) { return; }
    event.preventDefault();
    var details = control.closest("details");
    if (details) { details.open = true; }
    var label = control.labels && control.labels[0];
    var legend = target.matches("fieldset") && target.querySelector("legend");
    var caption = (target === control ? label : legend || label) || control;
    caption.scrollIntoView({ block: "start" });
    control.focus({ preventScroll: true });
  });

  // Buttons with data-confirm ask before submitting.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });

  // Log form pickers: Enter in a search box searches instead of saving the form.
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.matches("[data-picker-search]")) {
      event.preventDefault();
    }
  });

  // Ticking a search result or suggestion moves it to the chosen list, so the next
  // search does not wipe it out.
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!box.matches("[data-pick]") || !box.checked) { return; }
    var picker = box.closest(".picker");
    var chosen = picker && picker.querySelector(".picker-chosen");
    var item = box.closest(".pick-item");
    if (chosen && item && !chosen.contains(item)) {
      var from = item.parentElement;
      chosen.appendChild(item);
      // An emptied results box would still draw its border around leftover whitespace.
      if (from && !from.textContent.trim()) { from.textContent = ""; }
      box.focus();
    }
  });

  // Cancel on the inline log form: put back the empty slot the button loads into.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-dismiss-log]");
    if (!button) { return; }
    var wrapper = document.getElementById(button.getAttribute("data-dismiss-log"));
    if (wrapper) {
      var empty = document.createElement("div");
      empty.id = wrapper.id;
      wrapper.replaceWith(empty);
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

// A search box with data-list-filter="ID" narrows the list #ID as you type (accents
// and case ignored): its items are data-list-items (default .form-check), counted as
// data-list-noun. Ticked items always stay in view, and hidden ones keep their ticks,
// so narrowing never loses a choice; Enter in the box filters rather than submits.
(function () {
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/\s+/g, " ").trim();
  }

  function apply(box) {
    var list = document.getElementById(box.getAttribute("data-list-filter"));
    var input = box.querySelector("input[type=search]");
    var count = box.querySelector("[aria-live]");
    if (!list || !input) { return; }
    var noun = box.getAttribute("data-list-noun") || "items";
    var wanted = fold(input.value);
    var items = list.querySelectorAll(box.getAttribute("data-list-items") || ".form-check");
    var shown = 0, ticked = 0;
    items.forEach(function (item) {
      var tick = item.querySelector("input[type=checkbox]");
      var checked = tick && tick.checked;
      // The item's own label: not the choices (ratings, contacts) shown under a ticked one.
      var label = item.querySelector("label");
      var match = !wanted || fold((label || item).textContent).indexOf(wanted) !== -1;
      item.hidden = !(match || checked);
      if (!item.hidden) { shown += 1; }
      if (checked) { ticked += 1; }
    });
    if (count) {
      var text = wanted ? shown + " of " + items.length + " " + noun + " shown" : items.length + " " + noun;
      count.textContent = text + (ticked ? ", " + ticked + " ticked" : "");
    }
  }

  document.addEventListener("input", function (event) {
    var box = event.target.closest("[data-list-filter]");
    if (box) { apply(box); }
  });
  document.addEventListener("change", function (event) {
    document.querySelectorAll("[data-list-filter]").forEach(function (box) {
      var list = document.getElementById(box.getAttribute("data-list-filter"));
      if (list && list.contains(event.target)) { apply(box); }
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.closest("[data-list-filter]")) {
      event.preventDefault();
    }
  });
})();

// Log an email: drop an .eml or .msg on the box (or choose one) and the form is read at once.
// Without JavaScript the file input and its "Read the email" button do the same.
(function () {
  "use strict";

  function zone(target) { return target && target.closest ? target.closest("[data-email-drop]") : null; }

  function send(form) {
    if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
  }

  ["dragenter", "dragover"].forEach(function (name) {
    document.addEventListener(name, function (event) {
      var form = zone(event.target);
      if (!form) { return; }
      event.preventDefault();
      form.classList.add("is-dragover");
    });
  });
  document.addEventListener("dragleave", function (event) {
    var form = zone(event.target);
    if (form && !form.contains(event.relatedTarget)) { form.classList.remove("is-dragover"); }
  });
  document.addEventListener("drop", function (event) {
    var form = zone(event.target);
    if (!form) { return; }
    event.preventDefault();
    form.classList.remove("is-dragover");
    var input = form.querySelector("input[type=file]");
    if (!input || !event.dataTransfer || !event.dataTransfer.files.length) { return; }
    input.files = event.dataTransfer.files;
    send(form);
  });
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (input.matches && input.matches("[data-email-drop] input[type=file]") && input.files.length) {
      send(input.form);
    }
  });
})();

// "/" jumps to the search box (the page's own, else the nav bar's), unless typing already.
(function () {
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) { return; }
    var target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) { return; }
    var box = document.getElementById("q") || document.getElementById("nav-q");
    if (!box || box.offsetParent === null) {
      var link = document.querySelector(".nav-search-link");
      if (link) { event.preventDefault(); window.location.href = link.href; }
      return;
    }
    event.preventDefault();
    box.focus();
    box.select();
  });
})();
