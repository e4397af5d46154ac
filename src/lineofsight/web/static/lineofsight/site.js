// Line of Sight: the little script the pages need. Kept in a static file: the CSP forbids inline scripts.
(function () {
  "use strict";
  // After HTMX replaces part of the page, move keyboard and screen-reader focus to the element the
  // server marked (a status message or the refreshed heading), so the change is announced.
  // (An outerHTML swap replaces the target itself, so look in the whole document.)
  document.addEventListener("htmx:afterSettle", function () {
    var focus = document.querySelector("[data-focus-after-swap]");
    if (focus) {
      if (!focus.hasAttribute("tabindex")) { focus.setAttribute("tabindex", "-1"); }
      focus.focus();
    }
  });
  // A page that reports a problem (a load that failed) moves focus to the summary, so it is read first.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector("[data-focus-on-load]");
    if (summary) { summary.focus(); }
  });
})();
