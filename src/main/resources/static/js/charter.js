// Charter's only script besides htmx: the CSRF header on htmx requests, the menu toggle on
// small screens, confirmation prompts for destructive buttons (data-confirm="...") and copy
// buttons (data-copy="#selector" copies that field's value).
(function () {
  "use strict";
  document.addEventListener("htmx:configRequest", function (event) {
    var token = document.querySelector('meta[name="csrf-token"]');
    var header = document.querySelector('meta[name="csrf-header"]');
    if (token && header) {
      event.detail.headers[header.content] = token.content;
    }
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
