// Charter's only script besides htmx: the CSRF header on htmx requests, the menu toggle on
// small screens, confirmation prompts for destructive buttons (data-confirm="...") and copy
// buttons (data-copy="#selector" copies that field's value). A form with data-fresh-csrf="/path"
// takes the current sign-in's token from that page just before it is sent (the "Send again" page
// after a sign-in elsewhere), and an htmx request refused for a stale sign-in shows that page.
(function () {
  "use strict";
  document.addEventListener("htmx:configRequest", function (event) {
    var token = document.querySelector('meta[name="csrf-token"]');
    var header = document.querySelector('meta[name="csrf-header"]');
    if (token && header) {
      event.detail.headers[header.content] = token.content;
    }
  });
  document.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail.xhr;
    var main = document.getElementById("main");
    if (xhr.status === 403 && xhr.getResponseHeader("X-Charter-Resend") && main) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
      event.detail.target = main;
      event.detail.selectOverride = "#main";
      event.detail.swapOverride = "outerHTML";
      window.scrollTo(0, 0);
    }
  });
  document.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-fresh-csrf]");
    if (!form || form.getAttribute("data-fresh-sent") || !window.fetch || !window.DOMParser) {
      return;
    }
    event.preventDefault();
    form.setAttribute("data-fresh-sent", "1");
    var send = function () { form.submit(); };
    fetch(form.getAttribute("data-fresh-csrf"), { credentials: "same-origin", redirect: "manual" })
      .then(function (r) { return r.ok ? r.text() : ""; })
      .then(function (html) {
        var meta = new DOMParser().parseFromString(html, "text/html").querySelector('meta[name="csrf-token"]');
        var field = form.querySelector('input[name="_csrf"]');
        if (meta && field) {
          field.value = meta.content;
        }
        send();
      }, send);
  });
  document.addEventListener("click", function (event) {
    var toggle = event.target.closest("[data-charter-toggle]");
    if (toggle) {
      var target = document.querySelector(toggle.getAttribute("data-charter-toggle"));
      if (target) {
        var open = target.classList.toggle("show");
        toggle.setAttribute("aria-expanded", open ? "true" : "false");
      }
    }
    var copy = event.target.closest("[data-copy]");
    if (copy) {
      copyValue(copy);
    }
    var confirmable = event.target.closest("[data-confirm]");
    if (confirmable && !window.confirm(confirmable.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });
  function copyValue(button) {
    var field = document.querySelector(button.getAttribute("data-copy"));
    if (!field) {
      return;
    }
    var status = document.getElementById("copy-status");
    var done = function () {
      var label = button.textContent;
      button.textContent = "Copied";
      if (status) {
        status.textContent = "Copied to the clipboard.";
      }
      window.setTimeout(function () { button.textContent = label; }, 2000);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(done, function () { fallback(field); done(); });
    } else {
      fallback(field);
      done();
    }
  }
  function fallback(field) {
    field.focus();
    field.select();
    document.execCommand("copy");
  }
})();
