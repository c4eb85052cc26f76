// Accounts and the personal cabinet: progressive enhancements only, every form works
// without this file. Loaded with `defer` from the members layouts (CSP: script-src 'self').
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  ready(function () {
    // After a failed submit the summary of errors takes the focus, so that keyboard and
    // screen-reader users hear what went wrong (js/site.js may do the same for any
    // [data-error-summary]; focusing twice is harmless).
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) return;
    var active = document.activeElement;
    if (!active || active === document.body || active === document.documentElement) {
      summary.focus();
    }
    // Each error links to its field: put the cursor into the field and show its label.
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) return;
      var field = document.getElementById(decodeURIComponent(link.hash.slice(1)));
      if (!field) return;
      event.preventDefault();
      (field.closest(".field") || field).scrollIntoView({ block: "start" });
      field.focus({ preventScroll: true });
    });
  });
})();
