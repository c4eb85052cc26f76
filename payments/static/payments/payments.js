/* The payment page: a "copy" button for the purpose line, and the live status
   while we wait for the provider's confirmation (polls payments:status and reloads
   once the status changes). No inline script: the site's CSP is script-src 'self'. */
(function () {
  "use strict";

  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var target = document.getElementById(button.getAttribute("data-copy"));
    if (!target || !navigator.clipboard) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(target.textContent.trim()).then(function () {
        button.textContent = button.getAttribute("data-copied");
      });
    });
  });

  var box = document.querySelector("[data-status-url]");
  if (!box) {
    return;
  }
  var url = box.getAttribute("data-status-url");
  var current = box.getAttribute("data-status");
  var tries = 0;

  function later() {
    tries += 1;
    if (tries < 240) {
      window.setTimeout(poll, tries < 40 ? 3000 : 15000);
    }
  }

  function poll() {
    window
      .fetch(url, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (data && data.status !== current) {
          window.location.replace(window.location.pathname);
        } else {
          later();
        }
      })
      .catch(later);
  }

  later();
})();
