// Charter's only script besides htmx: the CSRF header on htmx requests, the menu toggle on
// small screens, and confirmation prompts for destructive buttons (data-confirm="...").
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
    var confirmable = event.target.closest("[data-confirm]");
    if (confirmable && !window.confirm(confirmable.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });
})();
