// Hearth's little JavaScript: it only enhances. Every task works without it.
(function () {
  "use strict";
  // Sign-up: send the browser's time zone so times are right from day one.
  document.querySelectorAll("[data-time-zone]").forEach(function (input) {
    if (!input.value) {
      try { input.value = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { /* keep the default */ }
    }
  });
  // On a phone a strip of links scrolls sideways: bring the current
  // page's into view, so that it says where the member is.
  document.querySelectorAll("ul.strip").forEach(function (ul) {
    var current = ul.querySelector("[aria-current=page]");
    if (!current || ul.scrollWidth <= ul.clientWidth) { return; }
    var li = current.parentNode;
    ul.scrollLeft = li.offsetLeft - ul.offsetLeft - (ul.clientWidth - li.offsetWidth) / 2;
  });
  // Offline, the page opened is answered with the crisis lines (sw.js).
  if ("serviceWorker" in navigator && window.isSecureContext) {
    navigator.serviceWorker.register("/sw.js").catch(function () { /* Hearth works without it */ });
  }
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
  // Drafts: what a member writes in a form marked data-draft (a share, a
  // reply or an edit, a journal entry, step work, the daily check-in, a
  // message) is kept in this tab (sessionStorage: gone when the tab
  // closes, and on signing out; never localStorage) until the page after
  // a successful save says so; a page that shows the form as it first was
  // gets the text back. Without JavaScript, the server carries a draft
  // through signing in again.
  var store = null;
  try { store = window.sessionStorage; store.getItem("x"); } catch (e) { store = null; }
  if (store) {
    var PREFIX = "hearth.draft:";
    var notice = document.querySelector("[data-notice]");
    var posted = notice && /^notice\.(share_posted|share_pending|reply_posted|share_saved|reach_out|reach_out_posted|reach_out_pending|reach_out_saved|entry_saved|step_saved|row_saved|checkin_saved|message_sent)$/.test(notice.getAttribute("data-notice"));
    if (posted) {
      for (var i = store.length - 1; i >= 0; i--) {
        var key = store.key(i);
        if (key && key.indexOf(PREFIX) === 0) {
          try { if (JSON.parse(store.getItem(key)).sent) { store.removeItem(key); } } catch (e) { store.removeItem(key); }
        }
      }
    }
    document.querySelectorAll("form[data-draft]").forEach(function (form) {
      var key = PREFIX + form.getAttribute("action");
      var fields = function () {
        return Array.prototype.filter.call(form.elements, function (el) {
          return el.name && (el.type === "text" || el.type === "date" || el.type === "checkbox" || el.type === "radio" ||
            el.tagName === "TEXTAREA" || el.tagName === "SELECT");
        });
      };
      // A checkbox or a radio button is one of the several of its name.
      var choice = function (el) { return el.type === "checkbox" || el.type === "radio"; };
      var nameOf = function (el) { return choice(el) ? el.name + "=" + el.value : el.name; };
      var values = function () {
        var v = {};
        fields().forEach(function (el) { v[nameOf(el)] = choice(el) ? el.checked : el.value; });
        return v;
      };
      // The words of a form's values: what its text fields hold.
      var words = function (v) {
        var out = [];
        fields().forEach(function (el) {
          if (el.type === "text" || el.tagName === "TEXTAREA") { out.push(typeof v[el.name] === "string" ? v[el.name] : ""); }
        });
        return out;
      };
      var said = function (w) { return w.some(function (x) { return x.trim() !== ""; }); };
      var same = function (a, b) { return JSON.stringify(a) === JSON.stringify(b); };
      var draft = null;
      try { draft = JSON.parse(store.getItem(key) || "null"); } catch (e) { draft = null; }
      var shown = words(values());
      // The form as it first was: empty, or the text being edited.
      if (draft && draft.values && Array.isArray(draft.orig) && said(words(draft.values)) && !same(words(draft.values), shown) &&
          (!said(shown) || same(shown, draft.orig))) {
        fields().forEach(function (el) {
          if (!(nameOf(el) in draft.values)) { return; }
          if (choice(el)) { el.checked = !!draft.values[nameOf(el)]; } else { el.value = draft.values[nameOf(el)]; }
        });
        var say = document.createElement("p");
        say.className = "hint";
        say.setAttribute("role", "status");
        say.textContent = form.getAttribute("data-draft");
        form.insertBefore(say, form.firstChild);
        var fold = form.closest && form.closest("details");
        if (fold) { fold.open = true; }
      }
      var orig = draft && Array.isArray(draft.orig) ? draft.orig : shown;
      var save = function (sent) {
        var v = values();
        if (!said(words(v))) { store.removeItem(key); return; }
        try { store.setItem(key, JSON.stringify({ orig: orig, values: v, sent: sent })); } catch (e) { /* full: the server still keeps it on a failed post */ }
      };
      if (draft) { save(false); }
      form.addEventListener("input", function () { save(false); });
      form.addEventListener("change", function () { save(false); });
      form.addEventListener("submit", function () { save(true); });
    });
  }
})();
