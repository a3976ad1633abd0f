// The staff console: plain DOM, no framework. Data from the API is only ever set as textContent.
(function () {
  "use strict";
  var store = window.sessionStorage;
  var state = { queue: null, ticket: null, etag: null };
  var $ = function (id) { return document.getElementById(id); };

  function flash(text) { $("flash").textContent = text; }

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (className) { node.className = className; }
    return node;
  }

  function api(method, path, body, etag) {
    var headers = { "x-functions-key": store.getItem("key") || "", "x-staff-id": store.getItem("me") || "", "Accept": "application/json" };
    if (body !== undefined) { headers["Content-Type"] = "application/json"; }
    if (etag) { headers["If-Match"] = etag; }
    return fetch(path, { method: method, headers: headers, body: body === undefined ? undefined : JSON.stringify(body) })
      .then(function (response) {
        return response.text().then(function (text) {
          var data = null;
          try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
          if (response.status === 401) {
            store.removeItem("key");
            showSignedIn();
            flash("The staff key was not accepted. Sign in again.");
          }
          return { status: response.status, ok: response.ok, etag: response.headers.get("ETag"), data: data };
        });
      });
  }

  function problemText(result) {
    var d = result.data || {};
    var parts = [d.title || ("The request failed (" + result.status + ").")];
    if (d.detail) { parts.push(d.detail); }
    if (d.errors) { Object.keys(d.errors).forEach(function (k) { parts.push(k + ": " + [].concat(d.errors[k]).join(" ")); }); }
    return parts.join(" ");
  }

  // A refused key is reported once by api(); other failures say what the API said.
  function fail(result) { if (result.status !== 401) { flash(problemText(result)); } }

  function signedIn() { return !!store.getItem("key") && !!store.getItem("me"); }

  function showSignedIn() {
    var on = signedIn();
    $("queues").hidden = !on;
    $("key-form").hidden = on;
    $("signed-in").hidden = !on;
    $("signed-in-as").textContent = on ? store.getItem("me") : "";
  }

  $("key-form").addEventListener("submit", function (event) {
    event.preventDefault();
    store.setItem("key", $("key").value.trim());
    store.setItem("me", $("me").value.trim());
    $("key").value = "";
    showSignedIn();
    route();
  });
  $("sign-out").addEventListener("click", function () {
    store.removeItem("key"); store.removeItem("me");
    location.hash = "";
    showSignedIn();
    flash("");
    ["list-view", "ticket-view", "metrics-view"].forEach(function (id) { $(id).hidden = true; });
  });

  Array.prototype.forEach.call(document.querySelectorAll("[data-queue]"), function (button) {
    button.addEventListener("click", function () { location.hash = "queue/" + button.getAttribute("data-queue"); });
  });
  $("back").addEventListener("click", function (event) { event.preventDefault(); location.hash = "queue/" + (state.queue || "open"); });

  var waiting = ["new", "open", "pending"];
  var queues = {
    mine: { title: "Mine", calls: function () { return ["assignee=" + encodeURIComponent(store.getItem("me"))]; }, keep: function (t) { return waiting.indexOf(t.status) >= 0; } },
    unassigned: { title: "Unassigned", calls: function () { return ["status=new", "status=open"]; }, keep: function (t) { return !t.assignee; } },
    breaching: { title: "Breaching within 2 hours", calls: function () { return ["breachingWithin=120"]; }, keep: function (t) { return waiting.indexOf(t.status) >= 0; } },
    open: { title: "All open", calls: function () { return waiting.map(function (s) { return "status=" + s; }); }, keep: function () { return true; } }
  };

  function show(view) {
    ["list-view", "ticket-view", "metrics-view"].forEach(function (id) { $(id).hidden = id !== view; });
  }

  function pressed(name) {
    Array.prototype.forEach.call(document.querySelectorAll("[data-queue]"), function (b) {
      b.setAttribute("aria-pressed", b.getAttribute("data-queue") === name ? "true" : "false");
    });
  }

  function loadQueue(name) {
    var queue = queues[name];
    state.queue = name;
    pressed(name);
    show("list-view");
    $("list-title").textContent = queue.title;
    Promise.all(queue.calls().map(function (q) { return api("GET", "/api/tickets?pageSize=200&" + q); })).then(function (results) {
      var failed = results.filter(function (r) { return !r.ok; })[0];
      if (failed) { fail(failed); return; }
      var seen = {};
      var items = [];
      results.forEach(function (r) { r.data.items.forEach(function (t) { if (!seen[t.reference] && queue.keep(t)) { seen[t.reference] = true; items.push(t); } }); });
      items.sort(function (a, b) { return a.createdAt < b.createdAt ? 1 : -1; });
      var rows = $("list-rows");
      rows.replaceChildren();
      items.forEach(function (t) {
        var tr = document.createElement("tr");
        var first = document.createElement("td");
        var link = el("a", t.reference);
        link.href = "#ticket/" + encodeURIComponent(t.reference);
        first.appendChild(link);
        tr.appendChild(first);
        tr.appendChild(el("td", t.subject));
        tr.appendChild(el("td", t.status));
        tr.appendChild(el("td", t.severity));
        tr.appendChild(el("td", t.category, "hide-narrow"));
        tr.appendChild(el("td", t.assignee || "—", "hide-narrow"));
        tr.appendChild(el("td", new Date(t.createdAt).toLocaleString(), "hide-narrow"));
        rows.appendChild(tr);
      });
      $("list-empty").hidden = items.length > 0;
    });
  }

  function loadTicket(reference, message) {
    return api("GET", "/api/tickets/" + encodeURIComponent(reference)).then(function (result) {
      if (!result.ok) { fail(result); return; }
      renderTicket(result.data, result.etag);
      if (message) { flash(message); }
    });
  }

  function renderTicket(t, etag) {
    state.ticket = t;
    state.etag = etag;
    show("ticket-view");
    pressed(null);
    $("ticket-title").textContent = t.reference + ": " + t.subject;
    var meta = $("ticket-meta");
    meta.replaceChildren();
    [["Status", t.status], ["Severity", t.severity], ["Category", t.category], ["Assignee", t.assignee || "unassigned"],
     ["Channel", t.channel], ["Requester", (t.requester.name || "") + " <" + (t.requester.email || t.requester.phone || "?") + ">"],
     ["Created", new Date(t.createdAt).toLocaleString()]].forEach(function (pair) {
      var div = el("div");
      div.appendChild(el("span", pair[0]));
      div.appendChild(el("strong", pair[1]));
      meta.appendChild(div);
    });
    $("take").hidden = (t.assignee || "").toLowerCase() === (store.getItem("me") || "").toLowerCase();
    $("correct-category").value = t.category;
    $("correct-severity").value = t.severity;
    var list = $("timeline");
    list.replaceChildren();
    (t.timeline || []).forEach(function (e) {
      var li = el("li", null, e.type);
      li.appendChild(el("div", new Date(e.at).toLocaleString() + " · " + e.type + " · " + e.actor, "when"));
      var details = Object.keys(e.details || {}).filter(function (k) { return k !== "body" && k !== "messageId"; })
        .map(function (k) { return k + ": " + e.details[k]; }).join(" · ");
      if (details) { li.appendChild(el("div", details)); }
      if (e.details && e.details.body) { li.appendChild(el("p", e.details.body, "body")); }
      list.appendChild(li);
    });
  }

  // Every change carries the ETag it was made on; on 412 the ticket is reloaded and the user told.
  function change(method, path, body, done) {
    var t = state.ticket;
    return api(method, path, body, state.etag).then(function (result) {
      if (result.status === 412) {
        if (result.data) { renderTicket(result.data, result.etag); }
        flash("Someone else changed " + t.reference + " meanwhile. It has been reloaded: check it and try again.");
        return;
      }
      if (!result.ok) { fail(result); return; }
      if (result.data && result.data.reference === t.reference) { renderTicket(result.data, result.etag); } else { return loadTicket(t.reference); }
      if (done) { done(); }
      flash((body && body.status ? "Saved: status " + body.status + ". " : "Saved. ") + t.reference + " updated.");
    });
  }

  function ticketPath(suffix) { return "/api/tickets/" + encodeURIComponent(state.ticket.reference) + (suffix || ""); }

  $("take").addEventListener("click", function () { change("PATCH", ticketPath(), { assignee: store.getItem("me") }); });
  Array.prototype.forEach.call(document.querySelectorAll("[data-status]"), function (button) {
    button.addEventListener("click", function () { change("PATCH", ticketPath(), { status: button.getAttribute("data-status") }); });
  });
  $("reply-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var body = { body: $("reply-body").value, author: store.getItem("me") };
    if ($("reply-status").value) { body.status = $("reply-status").value; }
    change("POST", ticketPath("/replies"), body, function () { $("reply-body").value = ""; });
  });
  $("note-form").addEventListener("submit", function (event) {
    event.preventDefault();
    change("POST", ticketPath("/notes"), { body: $("note-body").value, author: store.getItem("me") }, function () { $("note-body").value = ""; });
  });
  $("correct-form").addEventListener("submit", function (event) {
    event.preventDefault();
    change("PATCH", ticketPath(), { category: $("correct-category").value, severity: $("correct-severity").value });
  });
  $("merge-form").addEventListener("submit", function (event) {
    event.preventDefault();
    change("POST", ticketPath("/merge"), { into: $("merge-into").value.trim() });
  });

  function percent(v) { return v === null || v === undefined ? "n/a" : (v * 100).toFixed(1) + "%"; }
  function minutes(v) { return v === null || v === undefined ? "n/a" : (v < 120 ? v.toFixed(0) + " min" : (v / 60).toFixed(1) + " h"); }

  function loadMetrics() {
    pressed("metrics");
    show("metrics-view");
    api("GET", "/api/metrics").then(function (result) {
      if (!result.ok) { fail(result); return; }
      var m = result.data;
      var kpis = $("kpis");
      kpis.replaceChildren();
      [["New tickets", m.tickets], ["First response p50 / p90", minutes(m.firstResponse.p50Minutes) + " / " + minutes(m.firstResponse.p90Minutes)],
       ["Resolution p50 / p90", minutes(m.resolution.p50Minutes) + " / " + minutes(m.resolution.p90Minutes)],
       ["Backlog", m.backlog], ["Oldest open", m.oldestOpenReference ? m.oldestOpenReference + ", " + minutes(m.oldestOpenAgeMinutes) : "none"],
       ["Escalation rate", percent(m.escalationRate)], ["First-contact resolution", percent(m.firstContactResolutionRate)],
       ["Per channel", Object.keys(m.volumeByChannel).map(function (k) { return k + " " + m.volumeByChannel[k]; }).join(", ")]].forEach(function (pair) {
        var div = el("div", pair[0]);
        div.appendChild(el("strong", pair[1]));
        kpis.appendChild(div);
      });
      var rows = $("sla-rows");
      rows.replaceChildren();
      m.slaCompliance.forEach(function (s) {
        var tr = document.createElement("tr");
        [s.severity, s.target, s.met, s.breached, percent(s.rate)].forEach(function (v) { tr.appendChild(el("td", v)); });
        rows.appendChild(tr);
      });
      $("hours").textContent = m.volumeByHourUtc.map(function (n, h) { return (h < 10 ? "0" : "") + h + "h " + n; }).join(" · ");
    });
  }

  function route() {
    if (!signedIn()) { return; }
    var hash = decodeURIComponent(location.hash.replace(/^#/, ""));
    if (hash.indexOf("ticket/") === 0) { loadTicket(hash.substring(7)); }
    else if (hash === "queue/metrics") { loadMetrics(); }
    else if (hash.indexOf("queue/") === 0 && queues[hash.substring(6)]) { loadQueue(hash.substring(6)); }
    else { loadQueue("open"); }
  }

  window.addEventListener("hashchange", route);
  showSignedIn();
  route();
})();
