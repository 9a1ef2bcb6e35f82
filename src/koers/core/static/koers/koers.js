// Small progressive enhancements; every page works without this file.
document.documentElement.classList.add("js");

// On a phone the main menu folds behind a "Menu" button (without JavaScript it is simply always shown).
document.addEventListener("click", function (event) {
  var toggle = event.target.closest(".site-header__toggle");
  if (!toggle) return;
  var menu = document.getElementById(toggle.getAttribute("aria-controls"));
  var open = toggle.getAttribute("aria-expanded") !== "true";
  toggle.setAttribute("aria-expanded", open ? "true" : "false");
  menu.classList.toggle("is-open", open);
});
document.addEventListener("change", function (event) {
  var target = event.target;
  if (target.matches("[data-autosubmit]")) {
    target.form.requestSubmit ? target.form.requestSubmit() : target.form.submit();
  }
});

// A table wider than the screen scrolls inside its .table-wrap. Such a region must be reachable with the
// keyboard (WCAG 2.1.1) and named for screen readers: give it focus and the table's caption as its name.
function koersScrollableTables(root) {
  (root || document).querySelectorAll("main table").forEach(function (table) {
    if (!table.parentElement.classList.contains("table-wrap")) {
      var wrap = document.createElement("div");
      wrap.className = "table-wrap";
      table.parentNode.insertBefore(wrap, table);
      wrap.appendChild(table);
    }
  });
  (root || document).querySelectorAll(".table-wrap").forEach(function (wrap) {
    if (wrap.scrollWidth > wrap.clientWidth + 1) {
      var caption = wrap.querySelector("caption");
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", caption ? caption.textContent.trim() : "Tabel");
    } else if (wrap.getAttribute("role") === "region") {
      wrap.removeAttribute("tabindex");
      wrap.removeAttribute("role");
      wrap.removeAttribute("aria-label");
    }
  });
}
document.addEventListener("DOMContentLoaded", function () { koersScrollableTables(); });
window.addEventListener("resize", function () { koersScrollableTables(); });
document.addEventListener("htmx:afterSettle", function (event) { koersScrollableTables(event.target); });
// A table in a closed <details> has no width yet: measure it again when it opens ("toggle" does not bubble).
document.addEventListener("toggle", function (event) { if (event.target.open) koersScrollableTables(event.target); }, true);

// After a failed submit the form starts with an error summary (includes/form.html). Move the focus there, so
// that the page does not stay at the top and a screen reader reads the errors first.
function koersFocusErrorSummary(root) {
  var summary = (root || document).querySelector("[data-error-summary]");
  if (summary) summary.focus();
}
document.addEventListener("DOMContentLoaded", function () { koersFocusErrorSummary(); });
document.addEventListener("htmx:afterSettle", function (event) { koersFocusErrorSummary(event.target); });

// A form with data-bevestig asks before it is sent (e.g. deleting a meting). Without JavaScript it is sent at once.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (form.matches && form.matches("form[data-bevestig]") && !window.confirm(form.getAttribute("data-bevestig"))) {
    event.preventDefault();
  }
});

// A hook for tools and tests, read by nothing in Koers itself: <body data-htmx-idle="true"> once htmx has processed
// the page and whenever no htmx request, swap or settle is under way ("false" from the moment a request is sent);
// data-htmx-settled counts the settled swaps. htmx attaches its triggers to new content only when it settles, so
// the browser tests (tests/browser/conftest.py) wait for these instead of waiting a fixed time.
(function () {
  var BUSY = ".htmx-request, .htmx-swapping, .htmx-settling, .htmx-added";
  var settled = 0;
  function mark() {
    document.body.dataset.htmxIdle = document.querySelector(BUSY) ? "false" : "true";
  }
  document.addEventListener("DOMContentLoaded", mark);
  document.addEventListener("htmx:beforeSend", function () { document.body.dataset.htmxIdle = "false"; });
  document.addEventListener("htmx:afterRequest", function () { window.setTimeout(mark, 0); });
  document.addEventListener("htmx:afterSettle", function () {
    settled += 1;
    document.body.dataset.htmxSettled = String(settled);
    window.setTimeout(mark, 0);
  });
})();

// The plan tree remembers per user which branches are open: a <details data-tak> that changes is sent (htmx)
// to the URL in #tree[data-boomstand]. The initial state comes from the server, so only real changes are sent.
function koersTreeSave(details) {
  var tree = details.closest("[data-boomstand]");
  var open = details.open ? "1" : "0";
  if (!tree || !window.htmx || details.dataset.open === open) return;
  details.dataset.open = open;
  htmx.ajax("POST", tree.dataset.boomstand, { source: details, swap: "none", values: { tak: details.dataset.tak, open: open } });
}
document.addEventListener("toggle", function (event) {
  if (event.target.matches && event.target.matches("details[data-tak]")) koersTreeSave(event.target);
}, true);
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-tree-all]");
  if (!button) return;
  var open = button.dataset.treeAll === "open";
  var tree = document.querySelector("#tree[data-boomstand]");
  var keys = [];
  tree.querySelectorAll("details[data-tak]").forEach(function (details) {
    if (details.dataset.tak) keys.push(details.dataset.tak);
    details.dataset.open = open ? "1" : "0"; // set first: the toggle that follows then sends nothing
    details.open = open;
  });
  if (window.htmx && keys.length) {
    htmx.ajax("POST", tree.dataset.boomstand, { source: tree, swap: "none", values: { tak: keys.join(","), open: open ? "1" : "0" } });
  }
});
