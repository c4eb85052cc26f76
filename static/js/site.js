// Progressive enhancements only: every feature works without this file.
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  ready(function () {
    // Collapsible main menu on phones.
    var toggle = document.querySelector(".main-nav__toggle");
    var list = document.getElementById("main-nav-list");
    if (toggle && list) {
      var narrow = window.matchMedia("(max-width: 799px)");
      var sync = function () {
        if (narrow.matches) {
          toggle.hidden = false;
          if (toggle.getAttribute("aria-expanded") !== "true") list.setAttribute("data-collapsed", "");
        } else {
          toggle.hidden = true;
          list.removeAttribute("data-collapsed");
        }
      };
      toggle.addEventListener("click", function () {
        var open = toggle.getAttribute("aria-expanded") === "true";
        toggle.setAttribute("aria-expanded", String(!open));
        if (open) list.setAttribute("data-collapsed", "");
        else list.removeAttribute("data-collapsed");
      });
      narrow.addEventListener("change", sync);
      sync();
    }

    // After a failed submit a form's error summary takes the focus, so keyboard and
    // screen-reader users hear what went wrong; each error links to its field.
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
      if (!summary.hasAttribute("tabindex")) summary.setAttribute("tabindex", "-1");
      var active = document.activeElement;
      if (!active || active === document.body || active === document.documentElement) {
        summary.focus();
      }
      summary.addEventListener("click", function (event) {
        var link = event.target.closest("a[href^='#']");
        if (!link) return;
        var field = document.getElementById(decodeURIComponent(link.hash.slice(1)));
        if (!field) return;
        event.preventDefault();
        (field.closest(".field") || field).scrollIntoView({ block: "start" });
        field.focus({ preventScroll: true });
      });
    }

    // "Print this guide": open every FAQ answer before printing.
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
    window.addEventListener("beforeprint", function () {
      document.querySelectorAll("details").forEach(function (d) {
        if (!d.open) { d.setAttribute("data-print-opened", ""); d.open = true; }
      });
    });
    window.addEventListener("afterprint", function () {
      document.querySelectorAll("details[data-print-opened]").forEach(function (d) {
        d.open = false; d.removeAttribute("data-print-opened");
      });
    });
  });
})();
