// Hearth's little JavaScript: it only enhances. Every task works without it.
(function () {
  "use strict";
  // Sign-up: send the browser's time zone so times are right from day one.
  document.querySelectorAll("[data-time-zone]").forEach(function (input) {
    if (!input.value) {
      try { input.value = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { /* keep the default */ }
    }
  });
  // Buttons that need JavaScript stay hidden without it.
  document.querySelectorAll(".js-only").forEach(function (el) { el.hidden = false; });
  // Copy the text of an element (recovery codes, a new token).
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      var el = document.getElementById(button.getAttribute("data-copy"));
      if (!el || !navigator.clipboard) { return; }
      var text = Array.prototype.map.call(el.querySelectorAll("li"), function (li) { return li.textContent.trim(); }).join("\n") || el.textContent.trim();
      navigator.clipboard.writeText(text).then(function () { button.setAttribute("aria-pressed", "true"); });
    });
  });
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();
