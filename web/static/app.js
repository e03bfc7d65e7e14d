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
  // The meeting finder's "use my location": the browser asks the visitor
  // first; the point goes only into this search, rounded to about 100 m.
  document.querySelectorAll("[data-locate]").forEach(function (button) {
    var form = button.form;
    if (!form) { return; }
    var status = form.querySelector("[data-locate-status]");
    var say = function (what) { if (status) { status.textContent = button.getAttribute(what) || ""; } };
    var set = function (sel, value) { var el = form.querySelector(sel); if (el) { el.value = value; } };
    button.addEventListener("click", function () {
      if (!navigator.geolocation) { say("data-failed"); return; }
      say("data-asking");
      navigator.geolocation.getCurrentPosition(function (pos) {
        set("[data-lat]", pos.coords.latitude.toFixed(3));
        set("[data-lon]", pos.coords.longitude.toFixed(3));
        set("[data-plabel]", "");
        set("[name=place]", "");
        say("data-used");
        if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
      }, function () { say("data-failed"); }, { maximumAge: 600000, timeout: 20000 });
    });
    // A place typed afresh replaces a point found before.
    var place = form.querySelector("[name=place]");
    if (place) {
      place.addEventListener("input", function () { set("[data-lat]", ""); set("[data-lon]", ""); set("[data-plabel]", ""); });
    }
  });
  // Search forms leave their empty fields out of the address, so that a
  // search is short to read, share and bookmark.
  document.querySelectorAll("form[data-tidy]").forEach(function (form) {
    form.addEventListener("submit", function () {
      Array.prototype.forEach.call(form.elements, function (el) {
        if (el.name && !el.disabled && el.value === "" && el.type !== "checkbox") { el.disabled = true; }
      });
    });
  });
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();
