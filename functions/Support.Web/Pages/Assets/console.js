// The staff console: plain DOM, no framework. Data from the API is only ever set as textContent.
(function () {
  "use strict";
  var state = { queue: null, ticket: null, etag: null, people: {} };
  var $ = function (id) { return document.getElementById(id); };

  function flash(text) { $("flash").textContent = text; }

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (className) { node.className = className; }
    return node;
  }

  // The sign-in cookie goes with every same-origin call; the console header marks a change as the console's own (no cross-site form can send it).
  var consoleHeaders = { "x-support-console": "1", "Accept": "application/json" };

  function api(method, path, body, etag) {
    var headers = { "x-support-console": "1", "Accept": "application/json" };
    if (body !== undefined) { headers["Content-Type"] = "application/json"; }
    if (etag) { headers["If-Match"] = etag; }
    return fetch(path, { method: method, headers: headers, body: body === undefined ? undefined : JSON.stringify(body) })
      .then(function (response) {
        return response.text().then(function (text) {
          var data = null;
          try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
          if (response.status === 401) {
            state.me = null;
            showSignedIn();
            flash("Your sign-in has ended. Sign in again.");
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

  // An ended sign-in is reported once by api(); other failures say what the API said.
  function fail(result) { if (result.status !== 401) { flash(problemText(result)); } }

  function signedIn() { return !!state.me; }

  // Locally the page offers the development sign-in (a roster id), in Azure the work account (Easy Auth); the host says which.
  var signIn = $("sign-in");
  $("aad-sign-in").hidden = signIn.getAttribute("data-sign-in") !== "aad";
  $("dev-sign-in").hidden = signIn.getAttribute("data-sign-in") !== "dev";
  $("post-login").value = location.pathname;
  $("aad-sign-in").firstElementChild.href = "/.auth/login/aad?post_login_redirect_uri=" + encodeURIComponent(location.pathname);
  $("sign-out").href = "/.auth/logout?post_logout_redirect_uri=" + encodeURIComponent(location.pathname);

  function showSignedIn() {
    var on = signedIn();
    $("queues").hidden = !on;
    $("search-form").hidden = !on;
    $("keys-hint").hidden = !on;
    signIn.hidden = on;
    $("signed-in").hidden = !on;
    $("signed-in-as").textContent = on ? state.me.name + " (" + state.me.id + ")" : "";
    if (!on) { ["list-view", "ticket-view", "metrics-view", "macros-view", "today-view"].forEach(function (id) { $(id).hidden = true; }); }
  }

  // Who the sign-in says this is; the roster decides whether they are staff (403 says why not).
  function whoAmI() {
    return api("GET", "/api/me").then(function (result) {
      state.me = result.ok ? result.data : null;
      if (result.status === 401) { flash(""); }
      else if (!result.ok) { flash(problemText(result)); }
      showSignedIn();
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-queue]"), function (button) {
    button.addEventListener("click", function () { location.hash = "queue/" + button.getAttribute("data-queue"); });
  });
  $("back").addEventListener("click", function (event) {
    event.preventDefault();
    location.hash = state.queue && state.queue.indexOf("search/") === 0 ? state.queue : "queue/" + (state.queue || "open");
  });

  var waiting = ["new", "open", "pending"];
  var severityRank = { S1: 1, S2: 2, S3: 3 };
  function isWaiting(t) { return waiting.indexOf(t.status) >= 0; }
  function me() { return state.me ? state.me.id.toLowerCase() : ""; }
  function dueTime(t) { return t.nextSlaDue ? Date.parse(t.nextSlaDue) : Infinity; }
  // The right ticket first: the next SLA due time, the more severe first on a tie, then the oldest.
  function byDue(a, b) {
    return dueTime(a) - dueTime(b) || severityRank[a.severity] - severityRank[b.severity] || (a.createdAt < b.createdAt ? -1 : 1);
  }
  function byActivity(a, b) { return a.updatedAt < b.updatedAt ? 1 : -1; }
  var breachingWithinMs = 2 * 3600 * 1000;

  var queues = {
    mine: { title: "Mine", keep: function (t) { return isWaiting(t) && (t.assignee || "").toLowerCase() === me(); }, order: byDue },
    unassigned: { title: "Unassigned", keep: function (t) { return isWaiting(t) && !t.assignee; }, order: byDue },
    breaching: { title: "Breaching soon", keep: function (t) { return isWaiting(t) && dueTime(t) <= Date.now() + breachingWithinMs; }, order: byDue },
    open: { title: "All open", keep: isWaiting, order: byDue },
    pending: { title: "Pending", keep: function (t) { return t.status === "pending"; }, order: byDue },
    solved: { title: "Recently solved", keep: function (t) { return t.status === "solved"; }, order: byActivity }
  };

  function show(view) {
    ["list-view", "ticket-view", "metrics-view", "macros-view", "today-view"].forEach(function (id) { $(id).hidden = id !== view; });
  }

  // Each new view takes the focus on its heading, so keyboard and screen-reader users land on it and hear its name.
  function arrive(id) { var h = $(id); if (h) { h.focus(); } }

  function pressed(name) {
    Array.prototype.forEach.call(document.querySelectorAll("[data-queue]"), function (b) {
      b.setAttribute("aria-pressed", b.getAttribute("data-queue") === name ? "true" : "false");
    });
  }

  function span(ms) {
    var minutes = Math.round(Math.abs(ms) / 60000);
    if (minutes < 60) { return minutes + " min"; }
    var hours = Math.round(minutes / 60);
    return hours < 48 ? hours + " h" : Math.round(hours / 24) + " d";
  }

  function dueText(t) {
    if (!t.nextSlaDue) { return "—"; }
    var left = Date.parse(t.nextSlaDue) - Date.now();
    return left < 0 ? "overdue " + span(left) : "due in " + span(left);
  }

  function agoText(iso) { return span(Date.now() - Date.parse(iso)) + " ago"; }

  function fetchLists() {
    return Promise.all(["new", "open", "pending", "solved"].map(function (s) { return api("GET", "/api/tickets?pageSize=200&status=" + s); }))
      .then(function (results) {
        var failed = results.filter(function (r) { return !r.ok; })[0];
        if (failed) { fail(failed); return null; }
        var all = [];
        results.forEach(function (r) { all = all.concat(r.data.items); });
        Object.keys(queues).forEach(function (name) {
          var count = all.filter(queues[name].keep).length;
          var badge = document.querySelector("[data-count=" + name + "]");
          if (badge) { badge.textContent = "(" + count + ")"; }
        });
        return all;
      });
  }

  function renderRows(items) {
    var rows = $("list-rows");
    rows.replaceChildren();
    items.forEach(function (t) {
      var tr = document.createElement("tr");
      var due = dueText(t);
      if (due.indexOf("overdue") === 0) { tr.className = "overdue"; }
      var pick = el("td", null, "pick");
      var box = document.createElement("input");
      box.type = "checkbox";
      box.value = t.reference;
      box.setAttribute("aria-label", "Select " + t.reference);
      box.addEventListener("change", selectionChanged);
      pick.appendChild(box);
      tr.appendChild(pick);
      var first = document.createElement("td");
      var link = el("a", t.reference);
      link.href = "#ticket/" + encodeURIComponent(t.reference);
      first.appendChild(link);
      tr.appendChild(first);
      tr.appendChild(el("td", t.subject, "subject"));
      tr.appendChild(el("td", t.severity, "severity " + t.severity));
      tr.appendChild(el("td", due, "due"));
      tr.appendChild(el("td", t.assignee ? person(t.assignee) : "unassigned", "assignee"));
      tr.appendChild(el("td", t.status, "hide-narrow"));
      var last = el("td", agoText(t.updatedAt), "hide-narrow");
      last.title = when(t.updatedAt);
      tr.appendChild(last);
      rows.appendChild(tr);
    });
    $("list-empty").hidden = items.length > 0;
    state.current = -1;
    $("pick-all").checked = false;
    selectionChanged();
  }

  function selected() {
    return Array.prototype.filter.call($("list-rows").querySelectorAll("input[type=checkbox]"), function (b) { return b.checked; })
      .map(function (b) { return b.value; });
  }

  function selectionChanged() {
    var picked = selected();
    $("bulk-form").hidden = picked.length === 0;
    $("bulk-count").textContent = plural(picked.length, "ticket") + " selected.";
    var list = $("bulk-people");
    if (list.children.length === 0) {
      list.replaceChildren.apply(list, Object.keys(state.people).map(function (id) { var o = document.createElement("option"); o.value = state.people[id].name; return o; }));
    }
  }

  $("pick-all").addEventListener("change", function () {
    var on = $("pick-all").checked;
    Array.prototype.forEach.call($("list-rows").querySelectorAll("input[type=checkbox]"), function (b) { b.checked = on; });
    selectionChanged();
  });
  $("bulk-clear").addEventListener("click", function () {
    $("pick-all").checked = false;
    Array.prototype.forEach.call($("list-rows").querySelectorAll("input[type=checkbox]"), function (b) { b.checked = false; });
    selectionChanged();
  });

  // A roster person by id or name as typed; a unique beginning of a name will do.
  function personCalled(typed) {
    typed = typed.trim().toLowerCase();
    return Object.keys(state.people).filter(function (id) { return id === typed || state.people[id].name.toLowerCase() === typed; })[0]
      || (function () {
        var starts = Object.keys(state.people).filter(function (id) { return state.people[id].name.toLowerCase().indexOf(typed) === 0; });
        return starts.length === 1 ? starts[0] : null;
      })();
  }

  // Each ticket is changed on its own current ETag, so one that someone else just changed is refused alone and named.
  function changeOne(reference, body) {
    var path = "/api/tickets/" + encodeURIComponent(reference);
    return api("GET", path).then(function (current) {
      if (!current.ok) { return { reference: reference, error: problemText(current) }; }
      return api("PATCH", path, body, current.etag).then(function (result) {
        return result.ok ? { reference: reference } : { reference: reference, error: problemText(result) };
      });
    });
  }

  $("bulk-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var body = {};
    var typed = $("bulk-assignee").value.trim();
    if (typed) {
      var match = personCalled(typed);
      if (!match) { flash("Nobody on the roster is called \u201c" + typed + "\u201d. Pick a name from the list."); return; }
      body.assignee = match;
    }
    if ($("bulk-status").value) { body.status = $("bulk-status").value; }
    if (!body.assignee && !body.status) { flash("Choose someone to assign them to, a status, or both."); return; }
    var picked = selected();
    var button = $("bulk-form").querySelector("button[type=submit]");
    button.disabled = true;
    // One after another: a small team's selection is short, and the API's answers stay in order for the summary.
    picked.reduce(function (done, reference) {
      return done.then(function (results) { return changeOne(reference, body).then(function (r) { return results.concat([r]); }); });
    }, Promise.resolve([])).then(function (results) {
      button.disabled = false;
      var failed = results.filter(function (r) { return r.error; });
      var what = [body.assignee ? "assigned to " + person(body.assignee) : null, body.status ? "set to " + body.status : null].filter(Boolean).join(" and ");
      var summary = plural(results.length - failed.length, "ticket") + " " + what + ".";
      if (failed.length) { summary += " Not changed: " + failed.map(function (r) { return r.reference + " (" + r.error + ")"; }).join("; "); }
      $("bulk-assignee").value = "";
      $("bulk-status").value = "";
      route();
      flash(summary);
    });
  });

  function loadQueue(name) {
    var queue = queues[name];
    state.queue = name;
    pressed(name);
    show("list-view");
    $("list-title").textContent = queue.title;
    return fetchLists().then(function (all) {
      if (!all) { return; }
      renderRows(all.filter(queue.keep).sort(queue.order));
      arrive("list-title");
    });
  }

  function loadSearch(text) {
    state.queue = "search/" + text;
    pressed(null);
    show("list-view");
    $("search").value = text;
    $("list-title").textContent = "Search: " + text;
    fetchLists();
    return api("GET", "/api/tickets?q=" + encodeURIComponent(text)).then(function (result) {
      if (!result.ok) { fail(result); return; }
      renderRows(result.data.items);
      $("list-title").textContent = "Search: " + text + " (" + result.data.items.length + " found)";
      arrive("list-title");
    });
  }

  $("search-form").addEventListener("submit", function (event) {
    event.preventDefault();
    location.hash = "search/" + encodeURIComponent($("search").value.trim());
  });

  // j/k move through the list, r replies, / searches; never while typing in a field.
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.ctrlKey || event.metaKey || event.altKey || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) || target.isContentEditable) { return; }
    if (event.key === "/" && signedIn()) { event.preventDefault(); $("search").focus(); return; }
    if ((event.key === "j" || event.key === "k") && !$("list-view").hidden) {
      var links = $("list-rows").querySelectorAll("a");
      if (!links.length) { return; }
      event.preventDefault();
      state.current = Math.max(0, Math.min(links.length - 1, (state.current === undefined ? -1 : state.current) + (event.key === "j" ? 1 : -1)));
      Array.prototype.forEach.call($("list-rows").children, function (row, i) { row.classList.toggle("current", i === state.current); });
      links[state.current].focus();
      return;
    }
    if (event.key === "r" && !$("ticket-view").hidden && !$("reply-form").hidden) { event.preventDefault(); $("reply-body").focus(); }
  });

  function loadTicket(reference, message) {
    if (!state.counted) { state.counted = true; fetchLists(); }
    return api("GET", "/api/tickets/" + encodeURIComponent(reference)).then(function (result) {
      if (!result.ok) { fail(result); return; }
      renderTicket(result.data, result.etag);
      if (message) { flash(message); } else { arrive("ticket-title"); }
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
    [["Status", t.status], ["Severity", t.severity], ["Category", t.category], ["Assignee", t.assignee ? person(t.assignee) : "unassigned"],
     ["Channel", channelWords[t.channel] || t.channel], ["Requester", [t.requester.name, t.requester.email, t.requester.phone].filter(Boolean).join(", ") || "unknown"],
     ["Created", new Date(t.createdAt).toLocaleString()]].forEach(function (pair) {
      var div = el("div");
      div.appendChild(el("span", pair[0]));
      div.appendChild(el("strong", pair[1]));
      meta.appendChild(div);
    });
    $("take").hidden = (t.assignee || "").toLowerCase() === me();
    $("unassign").hidden = !t.assignee;
    var closed = t.status === "closed";
    ["assign-form", "escalate-form", "ticket-actions", "reply-form", "note-form", "correct-form", "merge-form"].forEach(function (id) { $(id).hidden = closed; });
    $("merge-confirm").hidden = true;
    $("closed-notice").hidden = !closed;
    if (closed) {
      var into = (t.timeline || []).filter(function (e) { return e.type === "merged"; }).map(function (e) { return e.details.into; })[0];
      $("closed-why").textContent = t.reference + " is closed" + (into ? " (merged into " + into + ")" : "") +
        ", and a closed ticket is final: no reply, note or status change can be added to it. To carry on with the customer, open a follow-up ticket.";
    }
    // A Solved ticket is reopened by a reply only when the staff member chooses so.
    var choices = t.status === "solved"
      ? [["", "Keep it solved"], ["pending", "Reopen: Pending (waiting on the customer)"], ["open", "Reopen: Open"]]
      : [["pending", "Pending (waiting on the customer)"], ["", "Leave as is"], ["solved", "Solved"]];
    $("reply-status").replaceChildren.apply($("reply-status"), choices.map(function (c) { var o = el("option", c[1]); o.value = c[0]; return o; }));
    var list = $("people-list");
    list.replaceChildren.apply(list, Object.keys(state.people).map(function (id) { var o = document.createElement("option"); o.value = state.people[id].name; return o; }));
    $("correct-category").value = t.category;
    $("correct-severity").value = t.severity;
    renderBookingLink(t);
    renderWhy(t);
    renderDuplicates(t);
    renderConversation(t);
    renderActivity(t);
    renderGitHub(t);
    renderCustomer(t);
    loadTicketMacros(t);
  }

  // Why the ticket has its category and severity: the deciding lines, then (when the model took part) every rule that
  // fired, the model's probabilities beside the S1 threshold, and the labelled tickets nearest to this one.
  function renderWhy(t) {
    $("why-title").textContent = "Why " + t.category + ", " + t.severity;
    var fill = function (id, nodes) { var list = $(id); list.replaceChildren.apply(list, nodes); };
    var items = function (texts) { return texts.map(function (text) { return el("li", text); }); };
    var x = t.triage;
    var reasons = t.triageReasons || [];
    fill("why-decision", items(x ? reasons.filter(function (r) { return r.indexOf("rules: ") !== 0; }) : reasons));
    $("why-details").hidden = !x;
    if (!x) { return; }
    fill("why-rules", items(x.rules.length ? x.rules : ["none"]));
    var ranked = function (p) {
      return Object.keys(p).sort(function (a, b) { return p[b] - p[a]; }).map(function (k) { return k + " " + share(p[k]); }).join(", ");
    };
    fill("why-probabilities", [["Category", ranked(x.categoryProbabilities)],
      ["Severity", ranked(x.severityProbabilities) + " (S1 from " + share(x.s1Threshold) + ")"], ["Model", x.model]]
      .reduce(function (nodes, pair) { return nodes.concat([el("dt", pair[0]), el("dd", pair[1])]); }, []));
    fill("why-similar", x.similar.map(function (s) {
      var li = el("li");
      li.appendChild(el("strong", s.category + ", " + s.severity));
      li.appendChild(document.createTextNode(" (" + share(s.similarity) + " similar, " + s.id + "): " + s.excerpt));
      return li;
    }));
  }

  function share(v) { return v > 0 && v < 0.01 ? (v * 100).toFixed(1) + "%" : Math.round(v * 100) + "%"; }

  // Offered, not done: merging closes this ticket for good, so the button opens the side-by-side comparison first.
  function renderDuplicates(t) {
    var found = t.status === "closed" ? [] : (t.possibleDuplicates || []);
    var list = $("duplicates");
    list.replaceChildren.apply(list, found.map(function (d) {
      var li = el("li");
      var link = el("a", d.reference);
      link.href = "#ticket/" + d.reference;
      li.appendChild(link);
      li.appendChild(document.createTextNode(": " + d.subject + " (" + share(d.similarity) + " similar) "));
      var merge = el("button", "Merge this ticket into " + d.reference + "…", "secondary");
      merge.type = "button";
      merge.addEventListener("click", function () { $("merge-into").value = d.reference; $("merge-form").requestSubmit(); });
      li.appendChild(merge);
      return li;
    }));
    $("duplicates-box").hidden = found.length === 0;
  }

  // A signed link to the booking page for this ticket, for staff to paste into a reply; a closed ticket takes no bookings.
  function renderBookingLink(t) {
    var box = $("booking-link-box");
    box.hidden = true;
    $("booking-link").value = "";
    if (t.status === "closed") { return; }
    api("GET", "/api/tickets/" + encodeURIComponent(t.reference) + "/booking-link").then(function (result) {
      if (!result.ok || !state.ticket || state.ticket.reference !== t.reference) { return; }
      $("booking-link").value = result.data.url;
      box.hidden = false;
    });
  }

  $("booking-link-copy").addEventListener("click", function () {
    var field = $("booking-link");
    var copied = function () { flash("Booking link copied: paste it into your reply."); };
    field.select();
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(field.value).then(copied, function () { flash("Copying was not allowed: the link is selected, copy it with Ctrl+C."); });
    } else {
      flash("The link is selected: copy it with Ctrl+C.");
    }
  });

  // Where engineering tracks the ticket: pending until GitHub has it; staff log it (or link it to an issue) here.
  function renderGitHub(t) {
    var box = $("github-box");
    var g = t.github;
    var gitHubOn = !!state.repositories && state.repositories.length > 0;
    box.hidden = !gitHubOn && t.category !== "feature-request" && !t.forum;
    if (box.hidden) { return; }
    var stateText = $("github-state");
    stateText.hidden = !gitHubOn;
    stateText.replaceChildren();
    if (!g) {
      stateText.textContent = "Not logged in GitHub.";
    } else if (g.status === "pending") {
      stateText.textContent = "GitHub: pending (" + g.repository + (g.number ? "#" + g.number : ", new issue") + ")";
    } else {
      stateText.appendChild(document.createTextNode("GitHub: "));
      var link = el("a", g.repository + "#" + g.number);
      link.href = g.url;
      link.rel = "noopener noreferrer";
      link.target = "_blank";
      stateText.appendChild(link);
    }
    $("github-form").hidden = !gitHubOn || !!g || t.status === "closed";
    var select = $("github-repository");
    select.replaceChildren.apply(select, state.repositories.map(function (r) { var o = el("option", r); o.value = r; return o; }));
    $("github-issue").value = "";
    var f = t.forum;
    var isRequest = t.category === "feature-request";
    $("forum-state").hidden = !f && !isRequest;
    $("forum-state").replaceChildren();
    if (f && f.status === "posted") {
      $("forum-state").appendChild(document.createTextNode(f.plusOne ? "Forum: +1 on " : "Forum: "));
      var topic = el("a", f.title);
      topic.href = f.url;
      topic.rel = "noopener noreferrer";
      topic.target = "_blank";
      $("forum-state").appendChild(topic);
    } else {
      $("forum-state").textContent = f ? "Forum: pending (" + f.title + ")" : "Not on the forum yet.";
    }
    $("forum-form").hidden = !!f || !isRequest || t.status === "closed";
    $("forum-title").value = t.subject;
    var drafts = (t.timeline || []).filter(function (e) { return e.type === "reply-drafted"; });
    state.draft = drafts.length ? drafts[drafts.length - 1].details.body : null;
    $("github-draft").hidden = !state.draft || t.status === "closed";
  }

  $("github-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var body = { repository: $("github-repository").value };
    var issue = parseInt($("github-issue").value, 10);
    if (issue > 0) { body.issue = issue; }
    change("POST", ticketPath("/github"), body);
  });
  $("forum-form").addEventListener("submit", function (event) {
    event.preventDefault();
    change("POST", ticketPath("/forum"), { title: $("forum-title").value });
  });
  $("github-draft").addEventListener("click", function () {
    $("reply-body").value = state.draft;
    $("reply-body").focus();
  });

  // Canned replies as they read on this ticket, for the person answering it.
  function loadTicketMacros(t) {
    var select = $("reply-macro");
    select.replaceChildren(el("option", "Choose one to insert…"));
    select.firstChild.value = "";
    state.macros = {};
    api("GET", "/api/tickets/" + encodeURIComponent(t.reference) + "/macros").then(function (result) {
      if (!result.ok) { return; }
      result.data.macros.forEach(function (m) {
        state.macros[m.id] = m;
        var option = el("option", m.title);
        option.value = m.id;
        select.appendChild(option);
      });
      select.parentNode.hidden = result.data.macros.length === 0;
    });
  }

  $("reply-macro").addEventListener("change", function () {
    var m = state.macros[$("reply-macro").value];
    if (!m) { return; }
    var box = $("reply-body");
    box.value = box.value.trim() ? box.value.replace(/\s+$/, "") + "\n\n" + m.body : m.body;
    if (m.status) { $("reply-status").value = m.status; }
    $("reply-macro").value = "";
    box.focus();
  });

  // Who this is, how often they have written, and what is still open for them: beside the conversation.
  function renderCustomer(t) {
    var body = $("customer-body");
    var key = t.requester.email || t.requester.phone;
    if (!key) { body.replaceChildren(el("p", "The customer left no address or number.")); return; }
    api("GET", "/api/contacts/" + encodeURIComponent(key)).then(function (result) {
      if (!state.ticket || state.ticket.reference !== t.reference) { return; }
      if (!result.ok) { body.replaceChildren(el("p", problemText(result))); return; }
      var c = result.data;
      var parts = [];
      var f = facts([["Name", c.names.join(", ")], ["Email", c.emails.join(", ")], ["Phone", c.phones.join(", ")], ["Organisation", c.organisation],
        ["First contact", when(c.firstContact)], ["Last contact", when(c.lastContact)],
        ["Tickets", c.tickets.length + " in all, " + c.openCount + " open"]]);
      if (f) { parts.push(f); }
      var list = el("ul", null, "customer-tickets");
      c.tickets.forEach(function (other) {
        var li = el("li");
        if (other.reference === t.reference) { li.appendChild(el("strong", other.reference + " (this ticket)")); }
        else { var a = el("a", other.reference); a.href = "#ticket/" + other.reference; li.appendChild(a); }
        li.appendChild(el("span", " · " + other.status + " · " + (channelWords[other.channel] || other.channel) + " · " + other.subject));
        list.appendChild(li);
      });
      parts.push(list);
      parts.push(linkControls(t, c));
      body.replaceChildren.apply(body, parts);
    });
  }

  // Staff put together what belongs to one customer, or take apart what does not (a shared office phone).
  function linkControls(t, c) {
    var box = el("div", null, "links");
    var others = c.emails.concat(c.phones).filter(function (k) { return k.toLowerCase() !== c.key.toLowerCase(); });
    if (others.length) {
      var list = el("ul", null, "customer-tickets");
      list.setAttribute("aria-label", "Linked addresses and numbers");
      others.forEach(function (other) {
        var li = el("li", other + " ");
        var unlink = el("button", "Unlink", "link");
        unlink.type = "button";
        unlink.setAttribute("aria-label", "Unlink " + other + " from " + c.key);
        unlink.addEventListener("click", function () { relink(t, c.key, other, "DELETE", "Unlinked " + other + " from " + c.key + "."); });
        li.appendChild(unlink);
        list.appendChild(li);
      });
      box.appendChild(list);
    }
    var form = el("form", null, "bar");
    var field = el("div", null, "field");
    var label = el("label", "Link another address or number");
    label.htmlFor = "link-other";
    var input = document.createElement("input");
    input.id = "link-other";
    input.required = true;
    input.placeholder = "name@example.com or +44…";
    field.appendChild(label);
    field.appendChild(input);
    form.appendChild(field);
    var button = el("button", "Link", "secondary");
    button.type = "submit";
    form.appendChild(button);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      relink(t, c.key, input.value.trim(), "PUT", "Linked " + input.value.trim() + " to " + c.key + ".");
    });
    box.appendChild(form);
    return box;
  }

  function relink(t, key, other, method, done) {
    api(method, "/api/contacts/" + encodeURIComponent(key) + "/links/" + encodeURIComponent(other)).then(function (result) {
      if (!result.ok) { fail(result); return; }
      flash(done);
      renderCustomer(t);
    });
  }

  var channelWords = { web: "web form", email: "email", voice: "phone", chat: "Slack", console: "console" };
  var hiddenDetails = { body: 1, messageId: 1, inquiryId: 1, callSid: 1, replyId: 1, mail: 1, rawMail: 1, fullText: 1, html: 1,
    attachmentBlobs: 1, attachmentFiles: 1, bodyBlob: 1, response: 1, sentAt: 1, subject: 1, cc: 1, url: 1, text: 1 };

  function person(id) { return (state.people[(id || "").toLowerCase()] || {}).name || id; }

  function when(iso) { return new Date(iso).toLocaleString(); }

  function size(bytes) {
    if (bytes === null || bytes === undefined) { return ""; }
    return bytes < 1024 ? bytes + " B" : bytes < 1048576 ? (bytes / 1024).toFixed(1) + " KB" : (bytes / 1048576).toFixed(1) + " MB";
  }

  function facts(pairs) {
    var dl = el("dl", null, "facts");
    pairs.forEach(function (p) {
      if (p[1] === null || p[1] === undefined || p[1] === "") { return; }
      dl.appendChild(el("dt", p[0]));
      dl.appendChild(el("dd", p[1]));
    });
    return dl.children.length ? dl : null;
  }

  // The file is fetched with the sign-in and handed to the browser as a download.
  function download(att) {
    fetch(att.url, { headers: consoleHeaders }).then(function (response) {
      if (!response.ok) { flash("The file " + att.name + " could not be downloaded (" + response.status + ")."); return null; }
      return response.blob();
    }).then(function (blob) {
      if (!blob) { return; }
      var a = document.createElement("a");
      a.href = URL.createObjectURL(blob);
      a.download = att.name;
      a.textContent = att.name;
      a.hidden = true;
      document.body.appendChild(a);
      a.click();
      setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
    });
  }

  // Mail HTML is sanitized by the API and still only shown in a sandboxed frame (no scripts, an opaque origin)
  // under its own policy on top of the console's, which the frame inherits: nothing remote is loaded.
  function htmlFrame(m, remoteImages) {
    var frame = document.createElement("iframe");
    frame.setAttribute("sandbox", "");
    frame.setAttribute("title", "Formatted mail from " + (m.fromName || m.from || "the sender"));
    frame.setAttribute("referrerpolicy", "no-referrer");
    frame.className = "mail-html";
    // Remote images only when the staff member asked for this mail's: loading one tells the sender it was read.
    var policy = "default-src 'none'; img-src data:" + (remoteImages ? " https:" : "");
    frame.srcdoc = "<!doctype html><meta charset=utf-8><meta http-equiv=\"Content-Security-Policy\" content=\"" + policy + "\">" +
      "<base target=_blank>" + m.html;
    return frame;
  }

  // The sender learns the mail was read when its remote images load, so they load only on request, for this mail.
  function remoteImagesOffer(t, m, formatted) {
    var offer = el("p", "Remote images in this mail are not loaded, so the sender cannot tell it was read. ", "hint");
    var load = el("button", "Load remote images", "link");
    load.type = "button";
    load.addEventListener("click", function () {
      api("GET", "/api/tickets/" + encodeURIComponent(t.reference) + "?remoteImages=true").then(function (result) {
        if (!result.ok) { fail(result); return; }
        var fresh = (result.data.messages || []).filter(function (x) { return x.id === m.id; })[0];
        if (!fresh || !fresh.html) { return; }
        formatted.querySelector("iframe").replaceWith(htmlFrame(fresh, true));
        offer.replaceChildren(document.createTextNode("Remote images are loaded for this mail."));
      });
    });
    offer.appendChild(load);
    return offer;
  }

  function renderMessage(t, m) {
    var li = el("li", null, "message " + m.direction);
    li.id = "message-" + m.id;
    var article = el("article");
    var who = m.direction === "in" || m.senderAuth ? (m.fromName ? m.fromName + " (" + (m.from || "") + ")" : (m.from || "Customer"))
      : person(m.from);
    var kind = m.direction === "note" ? "internal note" : m.direction === "out" ? "reply to the customer" : "from the customer";
    var head = el("header");
    head.appendChild(el("strong", who, "who"));
    if (m.senderAuth === "fail") {
      // The mail may not be from the address it shows: SPF and DKIM did not vouch for it.
      var mark = el("span", "unverified sender", "unverified");
      mark.setAttribute("title", m.senderAuthWhy || "SPF and DKIM did not vouch for the From address");
      head.appendChild(mark);
    }
    head.appendChild(el("span", " · " + kind + " · by " + (channelWords[m.channel] || m.channel) + " · ", "when"));
    var time = el("time", when(m.sentAt || m.at), "when");
    time.setAttribute("datetime", m.sentAt || m.at);
    head.appendChild(time);
    article.appendChild(head);
    if (m.mergedFrom) { article.appendChild(el("p", "Came with " + m.mergedFrom + " when it was merged into this ticket.", "hint")); }
    var mail = facts([["To", m.to], ["Cc", m.cc], ["Subject", m.id === "inquiry" ? null : m.subject]]);
    if (mail && m.channel === "email") { article.appendChild(mail); }
    if (m.form) { var f = facts([["Phone", m.form.phone], ["Product", m.form.product], ["Chosen urgency", m.form.chosenSeverity]]); if (f) { article.appendChild(f); } }
    if (m.call) {
      var c = facts([["Caller", m.call.caller], ["Number called", m.call.number],
        ["Duration", m.call.durationSeconds === null || m.call.durationSeconds === undefined ? null : m.call.durationSeconds + " s"],
        ["Answered by", m.call.voicemail ? "nobody: voicemail" : m.call.answeredBy]]);
      if (c) { article.appendChild(c); }
    }
    if (m.call && m.call.voicemail) { article.appendChild(el("p", m.transcription ? "Transcription:" : "No transcription yet.", "label")); }
    article.appendChild(el("p", m.text, "body"));
    if (m.recording) {
      var rec = el("p");
      var seconds = m.recording.durationSeconds ? " (" + m.recording.durationSeconds + " s)" : "";
      if (m.recording.url) {
        var listen = el("button", "Listen to the recording" + seconds, "link");
        listen.type = "button";
        listen.addEventListener("click", function () { download({ url: m.recording.url, name: m.recording.name }); });
        rec.appendChild(listen);
      } else {
        rec.textContent = "The recording" + seconds + " is being copied from Twilio; reload in a minute to listen.";
      }
      article.appendChild(rec);
    }
    if (m.fullText && m.fullText !== m.text) {
      var more = el("details");
      more.appendChild(el("summary", "Show the whole mail with quoted history"));
      more.appendChild(el("p", m.fullText, "body quoted"));
      article.appendChild(more);
    }
    if (m.html) {
      var formatted = el("details", null, "formatted");
      formatted.appendChild(el("summary", "Show as formatted (HTML)"));
      formatted.addEventListener("toggle", function () {
        if (formatted.open && !formatted.querySelector("iframe")) {
          formatted.appendChild(htmlFrame(m, false));
          if (m.html.indexOf("data-remote-src") >= 0) { formatted.appendChild(remoteImagesOffer(t, m, formatted)); }
        }
      });
      article.appendChild(formatted);
    }
    if (m.attachments && m.attachments.length) {
      var files = el("ul", null, "attachments");
      files.setAttribute("aria-label", "Attachments");
      m.attachments.forEach(function (att) {
        var item = el("li");
        var button = el("button", "Download " + att.name, "link");
        button.type = "button";
        button.addEventListener("click", function () { download(att); });
        item.appendChild(button);
        item.appendChild(el("span", " " + [att.contentType, size(att.size)].filter(Boolean).join(", "), "when"));
        files.appendChild(item);
      });
      article.appendChild(files);
    }
    li.appendChild(article);
    return li;
  }

  function renderConversation(t) {
    var list = $("conversation");
    list.replaceChildren();
    (t.messages || []).forEach(function (m) { list.appendChild(renderMessage(t, m)); });
  }

  // System events in words a person reads; internal ids stay in the API.
  function describe(e) {
    var d = e.details || {};
    var by = e.actor === "system" ? "" : e.actor === "customer" ? " by the customer" : " by " + person(e.actor);
    switch (e.type) {
      case "received": return "Ticket opened from the " + (channelWords[d.channel] || d.channel) + (d.followUpOf ? ", following up " + d.followUpOf : "") + ".";
      case "triaged": return "Triaged as " + d.category + ", " + d.severity + (d.why ? " (" + d.why + ")" : "") + ".";
      case "assigned": return "Assigned to " + person(d.assignee) + by + (d.previous ? ", was " + person(d.previous) : "") + (d.why ? " (" + d.why + ")" : "") + ".";
      case "status-changed": return "Status changed from " + d.from + " to " + d.to + by + (d.why ? " (" + d.why + ")" : "") + ".";
      case "corrected": return person(e.actor) + " corrected the " + d.field + " from " + d.from + " to " + d.to + ".";
      case "acknowledged": return "Acknowledgement mailed to " + d.to + (d.why ? " (" + d.why + ")" : "") + ".";
      case "reply-sent": return "Reply mailed to " + d.to + (d.why ? " (" + d.why + ")" : "") + ".";
      case "assignee-notified": return "Assignee told by mail (" + d.to + ").";
      case "mail-suppressed": return "A mail was not sent" + (d.why ? ": " + d.why : "") + ".";
      case "manager-attention": case "manager-notified": return "Manager alerted" + (d.why ? ": " + d.why : "") + ".";
      case "bounced": return "Mail to " + (d.recipient || "the customer") + " could not be delivered" + (d.diagnostic ? ": " + d.diagnostic : "") + ".";
      case "merged": return "Merged into " + d.into + by + ".";
      case "merged-from": return d.from + " was merged into this ticket" + by + "; its messages are in the conversation.";
      case "merge-notice-sent": return "The customer was told by mail (" + d.to + ") which reference to use.";
      case "unassigned": return "Unassigned" + by + (d.previous ? ", was " + person(d.previous) : "") + ".";
      case "sla-warning": return "SLA warning: " + (d.target || "a target") + " is due soon.";
      case "sla-breached": return "SLA breached: " + (d.target || "a target") + ".";
      case "escalated": return "Escalated to " + person(d.to) + (d.by ? " by " + person(d.by) : "") + (d.from ? ", was " + person(d.from) : "") + (d.why ? " (" + d.why + ")" : d.target ? " (" + d.target + " breached)" : "") + ".";
      case "voicemail-recording": return "The voicemail's recording arrived.";
      case "github-issue-owed": return "To be logged in GitHub (" + d.repository + ")" + by + (d.why ? ": " + d.why : "") + ".";
      case "github-issue-filed": return "Logged in GitHub as " + d.repository + "#" + d.issue + ".";
      case "github-issue-linked": return "Linked to GitHub issue " + d.repository + "#" + d.issue + by
        + (d.nearDuplicate ? ", where " + d.nearDuplicate + " reports the same problem (" + share(parseFloat(d.similarity)) + " similar)" : "") + ".";
      case "github-issue-announced": return "GitHub issue " + d.repository + "#" + d.issue + " was told of this ticket (" + d.affectedCustomers + " affected customers).";
      case "github-issue-dropped": return "The GitHub link was dropped: " + d.why + ".";
      case "github-activity": return githubWords(d);
      case "forum-topic-owed": return "Confirmed for the forum as \u201c" + d.title + "\u201d" + by + ".";
      case "forum-topic-posted": return (d.plusOne ? "Added as +1 to forum topic " : "Posted as forum topic ") + d.url + ".";
      case "reply-drafted": return "A reply was drafted for " + (d["for"] ? person(d["for"]) : "the owner") + ": nothing was sent; use it from the Engineering box.";
      case "voicemail-transcription": return "The voicemail's transcription arrived.";
      default:
        var rest = Object.keys(d).filter(function (k) { return !hiddenDetails[k]; }).map(function (k) { return k + ": " + d[k]; }).join(", ");
        return e.type.replace(/-/g, " ") + by + (rest ? " (" + rest + ")" : "") + ".";
    }
  }

  function githubWords(d) {
    var issue = "GitHub issue " + d.repository + "#" + d.issue;
    var who = d.by ? " by " + d.by : "";
    switch (d.action) {
      case "closed-completed": return issue + " was closed as completed" + who + ".";
      case "closed-not-planned": return issue + " was closed as not planned" + who + ".";
      case "reopened": return issue + " was reopened" + who + ".";
      case "labeled": return issue + " was labelled \u201c" + d.label + "\u201d" + who + ".";
      case "comment": return (d.by || "A maintainer") + " on " + d.repository + "#" + d.issue + ": \u201c" + d.comment + "\u201d";
      default: return issue + ": " + d.action + ".";
    }
  }

  var messageTypes = { "customer-message": 1, "staff-reply": 1, "note": 1, "merged-message": 1 };

  function renderActivity(t) {
    var list = $("timeline");
    list.replaceChildren();
    (t.timeline || []).filter(function (e) { return !messageTypes[e.type]; }).forEach(function (e) {
      var li = el("li", null, e.type);
      var time = el("time", when(e.at), "when");
      time.setAttribute("datetime", e.at);
      li.appendChild(time);
      var text = describe(e);
      var ref = (text.match(/SUP-[0-9A-Z]{6}/) || [])[0];
      if (ref && ref !== t.reference) {
        var parts = text.split(ref);
        var p = el("p");
        p.appendChild(document.createTextNode(parts[0]));
        var link = el("a", ref);
        link.href = "#ticket/" + ref;
        p.appendChild(link);
        p.appendChild(document.createTextNode(parts.slice(1).join(ref)));
        li.appendChild(p);
      } else {
        li.appendChild(el("p", text));
      }
      list.appendChild(li);
    });
  }

  // Every change carries the ETag it was made on; on 412 the ticket is reloaded and the user told.
  function change(method, path, body, done) {
    var t = state.ticket;
    return api(method, path, body, state.etag).then(function (result) {
      if (result.status === 412) {
        return loadTicket(t.reference, "Someone else changed " + t.reference + " meanwhile. It has been reloaded: check it and try again.");
      }
      if (result.status === 409 && state.ticket && /is closed/.test((result.data || {}).detail || "")) {
        flash(result.data.detail);
        $("closed-why").textContent = result.data.detail;
        $("closed-notice").hidden = false;
        $("follow-up").focus();
        return;
      }
      if (!result.ok) { fail(result); return; }
      if (done) { done(); }
      // The change's answer has no conversation: reload the ticket as GET shows it.
      return loadTicket(t.reference, (body && body.status ? "Saved: status " + body.status + ". " : "Saved. ") + t.reference + " updated.");
    });
  }

  function ticketPath(suffix) { return "/api/tickets/" + encodeURIComponent(state.ticket.reference) + (suffix || ""); }

  $("take").addEventListener("click", function () { change("PATCH", ticketPath(), { assignee: state.me.id }); });
  $("unassign").addEventListener("click", function () { change("PATCH", ticketPath(), { assignee: "" }); });
  $("escalate-form").addEventListener("submit", function (event) {
    event.preventDefault();
    change("POST", ticketPath("/escalate"), { why: $("escalate-why").value }, function () { $("escalate-why").value = ""; });
  });
  $("assign-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var match = personCalled($("assign-to").value);
    if (!match) { flash("Nobody on the roster is called \u201c" + $("assign-to").value.trim() + "\u201d. Pick a name from the list."); return; }
    change("PATCH", ticketPath(), { assignee: match }, function () { $("assign-to").value = ""; });
  });
  $("follow-up").addEventListener("click", function () {
    var closedRef = state.ticket.reference;
    api("POST", ticketPath("/follow-ups"), {}).then(function (result) {
      if (!result.ok) { fail(result); return; }
      var reference = result.data.reference;
      flash("Follow-up " + reference + " opened for closed " + closedRef + "; it is being triaged…");
      // Intake accepted it; triage opens the ticket a moment later.
      (function open(tries) {
        api("GET", "/api/tickets/" + encodeURIComponent(reference)).then(function (r) {
          if (r.ok) { location.hash = "ticket/" + reference; return; }
          if (r.status === 404 && tries > 0) { setTimeout(function () { open(tries - 1); }, 500); return; }
          fail(r);
        });
      })(20);
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll("[data-status]"), function (button) {
    button.addEventListener("click", function () { change("PATCH", ticketPath(), { status: button.getAttribute("data-status") }); });
  });
  $("reply-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var body = { body: $("reply-body").value };
    if ($("reply-status").value) { body.status = $("reply-status").value; }
    change("POST", ticketPath("/replies"), body, function () { $("reply-body").value = ""; });
  });
  $("note-form").addEventListener("submit", function (event) {
    event.preventDefault();
    change("POST", ticketPath("/notes"), { body: $("note-body").value }, function () { $("note-body").value = ""; });
  });
  $("correct-form").addEventListener("submit", function (event) {
    event.preventDefault();
    change("PATCH", ticketPath(), { category: $("correct-category").value, severity: $("correct-severity").value });
  });
  function card(t, role) {
    var div = el("div", null, "card");
    div.appendChild(el("h4", role + ": " + t.reference));
    var f = facts([["Subject", t.subject], ["Requester", [t.requester.name, t.requester.email || t.requester.phone].filter(Boolean).join(", ")],
      ["Status", t.status], ["Assignee", t.assignee ? person(t.assignee) : "unassigned"], ["Messages", (t.messages || []).length]]);
    if (f) { div.appendChild(f); }
    var first = (t.messages || [])[0];
    if (first) { div.appendChild(el("p", first.text, "body")); }
    return div;
  }

  // Merging shows both tickets side by side and asks first: it closes one of them for good.
  $("merge-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var into = $("merge-into").value.trim().toUpperCase();
    api("GET", "/api/tickets/" + encodeURIComponent(into)).then(function (result) {
      if (!result.ok) { fail(result); return; }
      var t = state.ticket;
      $("merge-from-card").replaceChildren(card(t, "Duplicate, will be closed"));
      $("merge-into-card").replaceChildren(card(result.data, "Kept"));
      $("merge-what").textContent = "The messages and attachments of " + t.reference + " move into " + into + "'s conversation, both timelines link each other, and "
        + (t.requester.email || "the customer") + " gets one mail saying to use " + into + ".";
      $("merge-yes").textContent = "Merge " + t.reference + " into " + into;
      $("merge-yes").setAttribute("data-into", into);
      $("merge-confirm").hidden = false;
      $("merge-confirm").focus();
    });
  });
  $("merge-no").addEventListener("click", function () { $("merge-confirm").hidden = true; $("merge-into").focus(); });
  $("merge-yes").addEventListener("click", function () {
    change("POST", ticketPath("/merge"), { into: $("merge-yes").getAttribute("data-into") });
  });

  function percent(v) { return v === null || v === undefined ? "n/a" : (v * 100).toFixed(1) + "%"; }
  function minutes(v) { return v === null || v === undefined ? "n/a" : (v < 120 ? v.toFixed(0) + " min" : (v / 60).toFixed(1) + " h"); }

  // The definitions a person needs to trust a figure: shown on hover, and listed under the figures for keyboard and touch.
  var definitions = {
    tickets: ["New tickets", "Tickets created in the period, on every channel; merged duplicates included."],
    firstResponse: ["First response p50 / p90", "From the ticket's creation to the first reply sent to the customer (internal notes do not count); half of tickets were answered within the p50, nine in ten within the p90."],
    resolution: ["Resolution p50 / p90", "From creation to the first move to Solved or Closed; merged duplicates are left out."],
    backlog: ["Backlog", "Tickets waiting now: New, Open or Pending, whenever they were created."],
    oldest: ["Oldest open", "The backlog's oldest ticket and how long ago it was created."],
    escalation: ["Escalation rate", "Share of the period's tickets that drew the manager's attention or whose severity staff raised."],
    fcr: ["First-contact resolution", "Share of resolved tickets solved with at most one reply and no further message from the customer."],
    channels: ["Per channel", "Tickets created in the period on each channel."],
    customers: ["Cases per customer", "Tickets per customer in the period; a customer is one email address, or one phone number for callers without one."],
    sla: ["SLA compliance", "A target is met when met by its due time and breached when it was not; targets still running are counted but left out of the rate. The daily chart puts each target on the day it was met, or breached."],
    engineering: ["Cases needing engineering", "Share of the period's tickets (merged duplicates left out) logged in or linked to a GitHub issue; the aim is at most 10%."],
    papercuts: ["Papercuts", "The period's S2 and S3 tickets grouped by category, product and shared key phrases of their subjects, ranked by customers \u00d7 tickets \u00d7 mean hours to handle; themes of one ticket are left out."],
    regions: ["Business hours per region", "Tickets created while each voice region was open (its own hours, time zone and holidays) and while it was closed."]
  };

  function kpi(key, value) {
    var div = el("div");
    var label = el("span", definitions[key][0]);
    label.title = definitions[key][1];
    div.appendChild(label);
    div.appendChild(value instanceof Node ? value : el("strong", value));
    return div;
  }

  // Read from the page's own chart, so the script names no address at all.
  var svgNs = $("hours-chart").namespaceURI;
  function svg(tag, attributes, text) {
    var node = document.createElementNS(svgNs, tag);
    Object.keys(attributes).forEach(function (k) { node.setAttribute(k, attributes[k]); });
    if (text !== undefined) { node.textContent = String(text); }
    return node;
  }

  // Bars scaled to the largest value, each with its own tooltip; every nth label under the axis.
  function barChart(target, values, labelOf, tipOf, heightOf, classOf, labelEvery) {
    var width = 24, gap = 4, height = 120, bottom = 18;
    var chart = $(target);
    chart.replaceChildren();
    chart.toggleAttribute("hidden", values.length === 0);
    // At least a week's width, so a chart of one or two days keeps bars of a reasonable height.
    chart.setAttribute("viewBox", "0 0 " + Math.max(values.length, 7) * width + " " + (height + bottom));
    values.forEach(function (v, i) {
      var h = Math.round(heightOf(v) * height);
      var bar = svg("rect", { x: i * width + gap / 2, y: height - h, width: width - gap, height: Math.max(h, 1), "class": "bar " + (classOf ? classOf(v) : "") });
      bar.appendChild(svg("title", {}, tipOf(v, i)));
      chart.appendChild(bar);
      if (i % labelEvery === 0) {
        chart.appendChild(svg("text", { x: i * width + width / 2, y: height + bottom - 4, "text-anchor": "middle" }, labelOf(v, i)));
      }
    });
  }

  function plural(n, noun) { return n + " " + noun + (n === 1 ? "" : "s"); }

  function isoDay(date) { return date.toISOString().substring(0, 10); }

  function metricsRange(hash) {
    var query = new URLSearchParams(hash.split("?")[1] || "");
    var to = query.get("to") || isoDay(new Date());
    var from = query.get("from") || isoDay(new Date(Date.parse(to) - 6 * 86400000));
    return { from: from, to: to };
  }

  $("metrics-range").addEventListener("submit", function (event) {
    event.preventDefault();
    location.hash = "queue/metrics?from=" + $("metrics-from").value + "&to=" + $("metrics-to").value;
  });

  // The period's papercuts, under the figures: each theme with its example tickets and what engineering tracks of it.
  function loadPapercuts(from, end, asked) {
    var list = $("papercuts");
    api("GET", "/api/reports/papercuts?from=" + encodeURIComponent(from) + "&to=" + encodeURIComponent(end)).then(function (result) {
      if (asked !== metricsAsked) { return; }
      list.replaceChildren();
      if (!result.ok) { list.appendChild(el("li", problemText(result))); return; }
      if (result.data.themes.length === 0) { list.appendChild(el("li", "No theme came up more than once.")); return; }
      result.data.themes.forEach(function (p) {
        var li = el("li");
        li.appendChild(el("strong", p.category + (p.product ? " / " + p.product : "") + ": " + p.keyPhrases.join(", ")));
        var tracked = p.gitHubIssues.concat(p.forumTopics);
        li.appendChild(el("span", " · " + plural(p.tickets, "ticket") + ", " + plural(p.customers, "customer") + ", " + p.handlingHours + " h to handle · "
          + (tracked.length ? "tracked: " + tracked.join(", ") : "not tracked yet") + " · examples: "));
        p.examples.forEach(function (x, i) {
          var a = el("a", x.reference);
          a.href = "#ticket/" + x.reference;
          a.title = x.subject;
          if (i > 0) { li.appendChild(document.createTextNode(", ")); }
          li.appendChild(a);
        });
        list.appendChild(li);
      });
    });
  }

  // Ranges can be asked for faster than the figures arrive: only the last one asked for is shown.
  var metricsAsked = 0;

  function loadMetrics(range) {
    var asked = ++metricsAsked;
    pressed("metrics");
    show("metrics-view");
    $("metrics-from").value = range.from;
    $("metrics-to").value = range.to;
    // The API's end is exclusive; the form's "to" day is included.
    var end = isoDay(new Date(Date.parse(range.to) + 86400000));
    api("GET", "/api/metrics?from=" + encodeURIComponent(range.from) + "&to=" + encodeURIComponent(end)).then(function (result) {
      if (asked !== metricsAsked) { return; }
      if (!result.ok) { fail(result); return; }
      $("metrics-title").textContent = "KPIs, " + range.from + " to " + range.to;
      arrive("metrics-title");
      var m = result.data;
      var kpis = $("kpis");
      kpis.replaceChildren();
      var oldest = el("strong", "none");
      if (m.oldestOpenReference) {
        oldest.replaceChildren();
        var link = el("a", m.oldestOpenReference);
        link.href = "#ticket/" + m.oldestOpenReference;
        oldest.appendChild(link);
        oldest.appendChild(document.createTextNode(", " + minutes(m.oldestOpenAgeMinutes)));
      }
      var c = m.casesPerCustomer;
      [kpi("tickets", m.tickets),
       kpi("firstResponse", minutes(m.firstResponse.p50Minutes) + " / " + minutes(m.firstResponse.p90Minutes)),
       kpi("resolution", minutes(m.resolution.p50Minutes) + " / " + minutes(m.resolution.p90Minutes)),
       kpi("backlog", m.backlog), kpi("oldest", oldest),
       kpi("escalation", percent(m.escalationRate)), kpi("fcr", percent(m.firstContactResolutionRate)),
       kpi("channels", Object.keys(m.volumeByChannel).map(function (k) { return k + " " + m.volumeByChannel[k]; }).join(", ")),
       kpi("customers", c.casesPerCustomer === null ? "n/a" : c.casesPerCustomer + " (" + plural(c.customers, "customer") + ", " + c.returning + " wrote again)"),
       kpi("engineering", percent(m.engineeringHelpRate) + " (" + plural(m.engineeringHelp, "case") + ")")
      ].forEach(function (div) { kpis.appendChild(div); });
      loadPapercuts(range.from, end, asked);

      var rows = $("sla-rows");
      rows.replaceChildren();
      m.slaCompliance.forEach(function (s) {
        var tr = document.createElement("tr");
        [s.severity, s.target, s.met, s.breached, s.running, percent(s.rate)].forEach(function (v) { tr.appendChild(el("td", v)); });
        rows.appendChild(tr);
      });

      barChart("trend-chart", m.slaTrend, function (d) { return d.date.substring(5); },
        function (d) { return d.date + ": " + percent(d.rate) + " met (" + d.met + " met, " + d.breached + " breached)"; },
        function (d) { return d.rate === null ? 0 : d.rate; }, function (d) { return d.rate !== null && d.rate < 0.9 ? "low" : ""; },
        Math.max(1, Math.ceil(m.slaTrend.length / 10)));
      $("trend-caption").textContent = m.slaTrend.length === 0
        ? "No SLA target was met or breached in this period."
        : m.slaTrend.map(function (d) { return d.date + " " + percent(d.rate); }).join(" · ");

      var busiest = Math.max.apply(null, m.volumeByHourUtc.concat([1]));
      barChart("hours-chart", m.volumeByHourUtc, function (n, h) { return (h < 10 ? "0" : "") + h; },
        function (n, h) { return (h < 10 ? "0" : "") + h + ":00 UTC: " + n + " tickets"; },
        function (n) { return n / busiest; }, null, 3);
      $("hours").textContent = m.volumeByHourUtc.map(function (n, h) { return (h < 10 ? "0" : "") + h + "h " + n; }).join(" · ");

      var regions = $("region-rows");
      regions.replaceChildren();
      m.volumeByRegionHours.forEach(function (r) {
        var tr = document.createElement("tr");
        [r.region + " (" + r.timeZone + ")", r.inBusinessHours, r.outsideBusinessHours].forEach(function (v) { tr.appendChild(el("td", v)); });
        regions.appendChild(tr);
      });

      var returning = $("returning");
      returning.replaceChildren();
      c.most.forEach(function (customer) { returning.appendChild(el("li", customer.key + ": " + customer.tickets + " tickets")); });
      if (c.most.length === 0) { returning.appendChild(el("li", "Nobody wrote more than once.")); }

      var list = $("definition-list");
      list.replaceChildren();
      Object.keys(definitions).forEach(function (k) { list.appendChild(el("dt", definitions[k][0])); list.appendChild(el("dd", definitions[k][1])); });
    });
  }

  // The signed-in person's sessions today: when (their clock and the customer's), who, the number to call, the ticket.
  function loadToday(message) {
    pressed("today");
    show("today-view");
    return api("GET", "/api/bookings/today").then(function (result) {
      if (!result.ok) { fail(result); return; }
      var list = $("sessions");
      list.replaceChildren();
      result.data.sessions.forEach(function (s) { list.appendChild(sessionCard(s)); });
      $("today-empty").hidden = result.data.sessions.length > 0;
      var badge = document.querySelector("[data-count=today]");
      badge.textContent = "(" + result.data.sessions.length + ")";
      if (message) { flash(message); } else { arrive("today-title"); }
    });
  }

  var statusWords = { booked: "Booked", done: "Done", "no-show": "No-show" };

  function sessionCard(s) {
    var li = el("li", null, "box session " + s.status);
    li.dataset.id = s.id;
    var title = el("h3", s.staffTime);
    li.appendChild(title);
    var phone = null;
    if (s.customerPhone) {
      phone = el("a", s.customerPhone);
      phone.href = "tel:" + s.customerPhone;
    }
    var ticket = null;
    if (s.ticketReference) {
      ticket = el("a", s.ticketReference);
      ticket.href = "#ticket/" + encodeURIComponent(s.ticketReference);
    }
    var dl = el("dl", null, "facts");
    [["Kind", s.kindName], ["Customer", s.customerName], ["Customer's time", s.customerTime], ["Number to call", phone || "none given"],
     ["Email", s.customerEmail], ["Ticket", ticket || "none"], ["Note", s.note], ["Status", statusWords[s.status] || s.status]].forEach(function (p) {
      if (p[1] === null || p[1] === undefined || p[1] === "") { return; }
      dl.appendChild(el("dt", p[0]));
      var dd = el("dd");
      if (p[1] instanceof Node) { dd.appendChild(p[1]); } else { dd.textContent = p[1]; }
      dl.appendChild(dd);
    });
    li.appendChild(dl);
    if (s.status !== "booked") { return li; }
    var actions = el("div", null, "actions");
    [["done", "Done", "Mark " + s.customerName + "'s session done"], ["no-show", "No-show", "Mark " + s.customerName + " as a no-show"]].forEach(function (a) {
      var button = el("button", a[1], "secondary");
      button.type = "button";
      button.setAttribute("aria-label", a[2]);
      button.addEventListener("click", function () { markSession(s, a[0]); });
      actions.appendChild(button);
    });
    var move = el("button", "Reschedule", "secondary");
    move.type = "button";
    move.setAttribute("aria-label", "Reschedule " + s.customerName + "'s session");
    move.setAttribute("aria-expanded", "false");
    move.addEventListener("click", function () { rescheduleForm(s, li, move); });
    actions.appendChild(move);
    li.appendChild(actions);
    return li;
  }

  function markSession(s, outcome) {
    api("POST", "/api/bookings/" + encodeURIComponent(s.id) + "/" + outcome).then(function (result) {
      if (!result.ok) { fail(result); return; }
      loadToday(s.customerName + "'s session is marked " + (outcome === "done" ? "done" : "a no-show") + (s.ticketReference ? " on " + s.ticketReference + "." : "."));
    });
  }

  // The free times of the session's kind (its giver's first), on the signed-in person's clock; the customer is mailed the new time.
  function rescheduleForm(s, li, toggle) {
    var open = li.querySelector("form.reschedule");
    if (open) { open.remove(); toggle.setAttribute("aria-expanded", "false"); toggle.focus(); return; }
    toggle.setAttribute("aria-expanded", "true");
    var form = el("form", null, "reschedule bar");
    var field = el("div", null, "field");
    var label = el("label", "New time for " + s.customerName + "'s session");
    label.htmlFor = "move-" + s.id;
    var select = document.createElement("select");
    select.id = "move-" + s.id;
    select.required = true;
    field.appendChild(label);
    field.appendChild(select);
    form.appendChild(field);
    var submit = el("button", "Move the session");
    submit.type = "submit";
    form.appendChild(submit);
    li.appendChild(form);
    var fill = function (slots) {
      select.replaceChildren.apply(select, slots.map(function (slot) { var o = el("option", slot.time); o.value = slot.start; return o; }));
      submit.disabled = slots.length === 0;
      if (slots.length === 0) { select.appendChild(el("option", "No free time in the next days")); }
    };
    api("GET", "/api/bookings/" + encodeURIComponent(s.id) + "/free").then(function (result) {
      if (!result.ok) { fail(result); return; }
      fill(result.data.slots);
      select.focus();
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var chosen = select.options[select.selectedIndex];
      submit.disabled = true;
      api("POST", "/api/bookings/" + encodeURIComponent(s.id) + "/reschedule", { start: select.value }).then(function (result) {
        submit.disabled = false;
        if (result.status === 409 && result.data && result.data.slots) {
          fill(result.data.slots);
          flash("That time was just taken. These are the next free times.");
          return;
        }
        if (!result.ok) { fail(result); return; }
        loadToday(s.customerName + "'s session moved to " + chosen.textContent + "; they have been sent the new time.");
      });
    });
  }

  function macroEditor(m) {
    var li = el("li", null, "box");
    var n = $("macro-list").children.length + 1;
    var id = "macro-" + n + "-" + Math.random().toString(36).slice(2, 7);
    li.dataset.id = m.id || ("macro-" + Date.now().toString(36) + n);
    [["title", "Title", "input"], ["body", "Text", "textarea"]].forEach(function (f) {
      var field = el("div", null, "field");
      var label = el("label", f[1] + " of canned reply " + n);
      label.htmlFor = id + "-" + f[0];
      var input = document.createElement(f[2]);
      input.id = id + "-" + f[0];
      input.name = f[0];
      input.required = true;
      if (f[2] === "textarea") { input.rows = 5; }
      input.value = m[f[0]] || "";
      field.appendChild(label);
      field.appendChild(input);
      li.appendChild(field);
    });
    var statusField = el("div", null, "field");
    var statusLabel = el("label", "Status after the reply, canned reply " + n);
    statusLabel.htmlFor = id + "-status";
    var status = document.createElement("select");
    status.id = id + "-status";
    status.name = "status";
    [["", "Leave as chosen"], ["pending", "Pending"], ["solved", "Solved"], ["open", "Open"]].forEach(function (o) { var option = el("option", o[1]); option.value = o[0]; status.appendChild(option); });
    status.value = m.status || "";
    statusField.appendChild(statusLabel);
    statusField.appendChild(status);
    li.appendChild(statusField);
    var remove = el("button", "Remove canned reply " + n, "secondary");
    remove.type = "button";
    remove.addEventListener("click", function () { li.remove(); });
    li.appendChild(remove);
    return li;
  }

  function loadMacros() {
    pressed("macros");
    show("macros-view");
    api("GET", "/api/macros").then(function (result) {
      if (!result.ok) { fail(result); return; }
      state.macrosEtag = result.etag;
      $("placeholders").textContent = Object.keys(result.data.placeholders).map(function (k) { return "{{" + k + "}} " + result.data.placeholders[k]; }).join("; ");
      var list = $("macro-list");
      list.replaceChildren();
      result.data.macros.forEach(function (m) { list.appendChild(macroEditor(m)); });
      arrive("macros-title");
    });
  }

  $("macro-add").addEventListener("click", function () {
    var li = macroEditor({});
    $("macro-list").appendChild(li);
    li.querySelector("input").focus();
  });

  $("macros-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var macros = Array.prototype.map.call($("macro-list").children, function (li) {
      var status = li.querySelector("[name=status]").value;
      return { id: li.dataset.id, title: li.querySelector("[name=title]").value.trim(), body: li.querySelector("[name=body]").value, status: status || null };
    });
    api("PUT", "/api/macros", { macros: macros }, state.macrosEtag).then(function (result) {
      if (result.status === 412) { loadMacros(); flash("Someone else saved the canned replies meanwhile. They have been reloaded: make your change again."); return; }
      if (!result.ok) { fail(result); return; }
      state.macrosEtag = result.etag;
      var n = result.data.macros.length;
      flash("Canned replies saved: " + n + (n === 1 ? " canned reply." : " canned replies."));
    });
  });

  function loadPeople() {
    return Promise.all([api("GET", "/api/roster"), api("GET", "/api/integrations/github/repositories")]).then(function (results) {
      var roster = results[0];
      state.repositories = results[1].ok && results[1].data ? results[1].data.repositories : [];
      if (!roster.ok || !roster.data) { return; }
      state.people = {};
      (roster.data.people || []).forEach(function (p) { state.people[p.id.toLowerCase()] = p; });
    });
  }

  function route() {
    if (!signedIn()) { return; }
    if (!state.peopleLoaded) { state.peopleLoaded = true; loadPeople().then(route); return; }
    var hash = decodeURIComponent(location.hash.replace(/^#/, ""));
    if (hash.indexOf("ticket/") === 0) { loadTicket(hash.substring(7)); }
    else if (hash === "queue/metrics" || hash.indexOf("queue/metrics?") === 0) { loadMetrics(metricsRange(hash)); }
    else if (hash === "queue/macros") { loadMacros(); }
    else if (hash === "queue/today") { loadToday(); }
    else if (hash.indexOf("search/") === 0 && hash.length > 7) { loadSearch(hash.substring(7)); }
    else if (hash.indexOf("queue/") === 0 && queues[hash.substring(6)]) { loadQueue(hash.substring(6)); }
    else { loadQueue("open"); }
  }

  window.addEventListener("hashchange", route);
  showSignedIn();
  whoAmI().then(route);
})();
