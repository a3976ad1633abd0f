// Progressive enhancement of the support form: inline validation, then a JSON post and the
// reference shown in place. Without this script the form posts and the server renders the pages.
(function () {
  "use strict";
  var form = document.getElementById("support-form");
  if (!form || !window.fetch) { return; }
  var status = document.getElementById("status");
  var idempotencyKey = window.crypto && crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random();
  var emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
  var rules = {
    name: function (v) { return v ? "" : "Please tell us your name."; },
    email: function (v) { return !v ? "Please give an email address so we can answer you." : (emailPattern.test(v) ? "" : "This does not look like an email address (name@example.com)."); },
    phone: function (v) { return !v || /^\+?[0-9 ()\-.]{6,}$/.test(v) ? "" : "This does not look like a phone number; include the country code (+44 …)."; },
    subject: function (v) { return v ? "" : "Please give a subject."; },
    message: function (v) { return v ? "" : "Please describe what you need."; }
  };

  function field(name) { return document.getElementById("f-" + name); }

  function showError(name, message) {
    var input = field(name);
    var error = document.getElementById(name + "-error");
    if (!input || !error) { return; }
    error.textContent = message || "";
    error.hidden = !message;
    if (message) { input.setAttribute("aria-invalid", "true"); } else { input.removeAttribute("aria-invalid"); }
  }

  function check(name) {
    var input = field(name);
    var message = rules[name](input.value.trim());
    showError(name, message);
    return message;
  }

  // Keeps the count in the status line true while the person fixes fields.
  function recount() {
    if (!status.getAttribute("data-count")) { return; }
    var open = form.querySelectorAll("[aria-invalid=true]").length;
    summarize(open);
  }

  function summarize(count) {
    status.setAttribute("data-count", count ? String(count) : "");
    announce(count === 0 ? "" : count === 1 ? "One field needs attention." : count + " fields need attention.");
  }

  Object.keys(rules).forEach(function (name) {
    var input = field(name);
    input.addEventListener("blur", function () { if (input.value.trim() || input.hasAttribute("aria-invalid")) { check(name); recount(); } });
    input.addEventListener("input", function () { if (input.hasAttribute("aria-invalid")) { check(name); recount(); } });
  });

  function announce(text) {
    status.textContent = text;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var summary = document.getElementById("error-summary");
    if (summary) { summary.remove(); }
    var invalid = Object.keys(rules).filter(function (name) { return check(name); });
    if (invalid.length) {
      summarize(invalid.length);
      field(invalid[0]).focus();
      return;
    }

    var data = {};
    new FormData(form).forEach(function (value, key) { data[key] = String(value); });
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    announce("Sending…");
    fetch(form.getAttribute("action"), {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "Idempotency-Key": idempotencyKey },
      body: JSON.stringify(data)
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) { return { response: response, body: body }; });
    }).then(function (result) {
      var response = result.response, body = result.body;
      if (response.status === 202 && body.reference) {
        showConfirmation(body.reference);
        return;
      }
      button.disabled = false;
      if (response.status === 400 && body.errors) {
        var names = Object.keys(body.errors);
        names.forEach(function (name) { showError(name, body.errors[name][0]); });
        summarize(names.length);
        if (field(names[0])) { field(names[0]).focus(); }
      } else if (response.status === 429) {
        announce("We received many messages from your network just now. Please try again in " + (response.headers.get("Retry-After") || "60") + " seconds.");
      } else {
        announce("Sorry, your message could not be sent just now. Please try again in a minute.");
      }
    }).catch(function () {
      button.disabled = false;
      announce("Sorry, your message could not be sent: check your connection and try again.");
    });
  });

  function showConfirmation(reference) {
    var box = document.createElement("div");
    box.id = "confirmation";
    box.className = "confirmation";
    box.setAttribute("tabindex", "-1");
    var p = document.createElement("p");
    p.appendChild(document.createTextNode("Thank you, we have your message. Your reference is "));
    var strong = document.createElement("strong");
    strong.id = "reference";
    strong.textContent = reference;
    p.appendChild(strong);
    p.appendChild(document.createTextNode("."));
    var p2 = document.createElement("p");
    p2.textContent = "We have sent a confirmation to your email address; please keep the reference in the subject when you write again.";
    box.appendChild(p);
    box.appendChild(p2);
    form.replaceWith(box);
    var heading = document.querySelector("h1");
    if (heading) { heading.textContent = "Thank you"; }
    var intro = heading && heading.nextElementSibling;
    if (intro && intro.tagName === "P") { intro.hidden = true; }
    // The box says it on screen; the status region still tells screen readers.
    status.className = "visually-hidden";
    announce("Message sent. Your reference is " + reference + ".");
    box.focus();
  }
})();
