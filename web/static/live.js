// Hearth's live updates over Server-Sent Events. They only enhance: every
// page shows what is new when it is loaded again, and without JavaScript
// nothing here runs.
//
// The contract with pages (markup only; no script of a page's own needed):
//
//   <body data-live="/events">   the stream's address; the layout sets it
//                                for signed-in members. No attribute, no
//                                stream.
//   data-live-topics="group.12"  on any element: more topics to hear
//                                (space-separated). The server refuses a
//                                group the member does not belong to. The
//                                member's own topic (notifications) is
//                                always heard.
//   data-unread-badge            an element showing the unread
//                                notifications count (the header's badge):
//                                refreshed on each "notification" event
//                                from GET /api/v1/notifications?limit=0.
//   data-live-list="group.12"    a list that grows by itself: for each
//   data-live-fragment="/groups/{group}/shares/{subject}/fragment"
//                                "share" (and "reply") event on that topic,
//                                the fragment URL, {group} and {subject}
//                                filled in from the event, is fetched with
//                                the member's cookies and its HTML inserted
//                                at the top of the list (data-live-insert=
//                                "end": at the end). data-live-fragment-reply
//                                gives replies another URL; data-live-kinds
//                                ="share reply" says which kinds to fetch
//                                (default: share reply). A fragment already
//                                shown (an element with the same id) is not
//                                inserted twice. An answer that is not 200
//                                (a 404: hidden since, or not for this
//                                member) inserts nothing.
//   data-live-refresh="message"  an element (with an id) that is fetched
//   data-live-subject="7"        again with the page, and replaced, on an
//                                event of one of those kinds (for the
//                                subject given, when there is one): a
//                                conversation's messages, who has seen a
//                                reach-out.
//   data-live-alert="reach_out"  a hidden role="alert" box (the layout's)
//   data-live-href="/x/{subject}" shown, wherever the member is, on an
//                                event of that kind, its link pointing
//                                at the subject: a reach-out to answer.
//   body[data-live-open]         set once the stream is open (for tests).
//   [data-live-status]           a polite live region the layout provides:
//                                insertions are announced in it with its
//                                data-new-item text.
//
// Every event is also dispatched on document as a CustomEvent
// "hearth:event", detail {id, kind, topic, group, subject}, so that a page
// may do more. Events carry identifiers only, never what anyone wrote.
(function () {
  "use strict";
  var body = document.body;
  var url = body && body.getAttribute("data-live");
  if (!url || !window.EventSource || !window.fetch) { return; }

  var topics = [];
  document.querySelectorAll("[data-live-topics],[data-live-list]").forEach(function (el) {
    ((el.getAttribute("data-live-topics") || "") + " " + (el.getAttribute("data-live-list") || "")).split(/\s+/).forEach(function (t) {
      if (t && topics.indexOf(t) < 0) { topics.push(t); }
    });
  });

  var status = document.querySelector("[data-live-status]");
  function announce() {
    if (!status) { return; }
    status.textContent = "";
    // A fresh text node after a tick, so screen readers hear it again.
    setTimeout(function () { status.textContent = status.getAttribute("data-new-item") || ""; }, 50);
  }

  function setBadges(n) {
    document.querySelectorAll("[data-unread-badge]").forEach(function (b) {
      b.textContent = "";
      b.hidden = !(n > 0);
      if (n > 0) {
        var sr = document.createElement("span");
        sr.className = "visually-hidden";
        sr.textContent = ": ";
        b.appendChild(sr);
        b.appendChild(document.createTextNode(String(n)));
      }
      b.setAttribute("data-unread", String(n || 0));
    });
  }

  function refreshUnread() {
    fetch("/api/v1/notifications?limit=0", { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (j) { if (j && typeof j.unread === "number") { setBadges(j.unread); } })
      .catch(function () { /* the badge stays as it was */ });
  }

  function fill(template, e) {
    return template.replace(/\{group\}/g, encodeURIComponent(e.group)).replace(/\{subject\}/g, encodeURIComponent(e.subject));
  }

  function insertFragment(list, e) {
    var kinds = (list.getAttribute("data-live-kinds") || "share reply").split(/\s+/);
    if (kinds.indexOf(e.kind) < 0) { return; }
    var template = (e.kind === "reply" && list.getAttribute("data-live-fragment-reply")) || list.getAttribute("data-live-fragment");
    if (!template) { return; }
    fetch(fill(template, e), { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (r) { return r.status === 200 ? r.text() : null; })
      .then(function (html) {
        if (!html) { return; }
        var holder = document.createElement("template");
        holder.innerHTML = html.trim();
        var nodes = Array.prototype.slice.call(holder.content.childNodes);
        var added = false;
        nodes.forEach(function (node) {
          if (node.id && document.getElementById(node.id)) { return; } // shown already
          if (list.getAttribute("data-live-insert") === "end") { list.appendChild(node); } else { list.insertBefore(node, list.firstChild); }
          added = true;
        });
        if (added) { announce(); }
      })
      .catch(function () { /* seen on the next load */ });
  }

  function refreshPart(el, e) {
    if (el.getAttribute("data-live-refresh").split(/\s+/).indexOf(e.kind) < 0) { return; }
    var subject = el.getAttribute("data-live-subject");
    if (subject && subject !== String(e.subject)) { return; }
    fetch(location.pathname + location.search, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (r) { return r.status === 200 ? r.text() : null; })
      .then(function (html) {
        if (!html) { return; }
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById(el.id);
        if (!fresh || fresh.innerHTML === el.innerHTML) { return; }
        el.innerHTML = fresh.innerHTML;
        announce();
      })
      .catch(function () { /* seen on the next load */ });
  }

  function showAlert(box, e) {
    if (box.getAttribute("data-live-alert").split(/\s+/).indexOf(e.kind) < 0) { return; }
    var link = box.querySelector("a");
    var href = box.getAttribute("data-live-href");
    if (link && href) { link.setAttribute("href", fill(href, e)); }
    box.hidden = false;
  }

  function handle(e) {
    document.dispatchEvent(new CustomEvent("hearth:event", { detail: e }));
    document.querySelectorAll("[data-live-alert]").forEach(function (box) { showAlert(box, e); });
    document.querySelectorAll("[data-live-refresh][id]").forEach(function (el) { refreshPart(el, e); });
    if (e.kind === "notification") { refreshUnread(); }
    document.querySelectorAll("[data-live-list]").forEach(function (list) {
      if (list.getAttribute("data-live-list").split(/\s+/).indexOf(e.topic) >= 0) { insertFragment(list, e); }
    });
  }

  var last = 0;
  var source = null;
  var refused = 0;
  function open() {
    var q = topics.map(function (t) { return "topic=" + encodeURIComponent(t); });
    if (last) { q.push("last=" + last); }
    source = new EventSource(url + (q.length ? "?" + q.join("&") : ""));
    source.onopen = function () { refused = 0; body.setAttribute("data-live-open", "1"); };
    source.onmessage = function (m) {
      var e;
      try { e = JSON.parse(m.data); } catch (err) { return; }
      e.id = Number(m.lastEventId) || 0;
      if (e.id && e.id <= last) { return; } // once each
      if (e.id) { last = e.id; }
      handle(e);
    };
    source.onerror = function () {
      // The browser reconnects by itself (with Last-Event-ID) unless the
      // server refused (signed out, say): try again later, a few times,
      // resuming from the last ID.
      if (source.readyState === EventSource.CLOSED && ++refused <= 5) {
        setTimeout(open, 15000 * refused);
      }
    };
  }
  open();
})();
