// The AI page's streamed "try it" box: posts the form with the page's CSRF token and shows the answer's pieces as
// the server-sent events arrive (start, piece…, end or error). No library: fetch and a stream reader.
(function () {
  "use strict";
  function setup() {
    var form = document.getElementById("stream-form");
    if (!form || !window.fetch || !window.TextDecoder) {
      return;
    }
    var answer = document.getElementById("stream-answer");
    var end = document.getElementById("stream-end");
    var result = document.getElementById("stream-result");
    var error = document.getElementById("stream-error");
    var button = document.getElementById("stream-submit");
    function fail(text) {
      error.textContent = text;
      error.hidden = false;
    }
    function onEvent(name, data) {
      var d = data ? JSON.parse(data) : {};
      if (name === "start") {
        end.textContent = "Answering…";
      } else if (name === "piece") {
        answer.textContent += d.text;
      } else if (name === "end") {
        end.textContent = d.message + (d.producedLocally ? " Produced locally: nothing left this server." : "");
        end.setAttribute("data-end", d.end);
      } else if (name === "error") {
        end.textContent = "";
        fail(d.reason);
      }
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var token = document.querySelector('meta[name="csrf-token"]');
      var header = document.querySelector('meta[name="csrf-header"]');
      var headers = { "Accept": "text/event-stream", "Content-Type": "application/x-www-form-urlencoded" };
      if (token && header) {
        headers[header.getAttribute("content")] = token.getAttribute("content");
      }
      answer.textContent = "";
      end.textContent = "";
      end.removeAttribute("data-end");
      error.hidden = true;
      result.hidden = false;
      button.disabled = true;
      fetch(form.getAttribute("action"), {
        method: "POST", credentials: "same-origin", headers: headers,
        body: new URLSearchParams(new FormData(form)).toString()
      }).then(function (response) {
        if (!response.ok) {
          return response.json().then(function (problem) {
            var fields = problem.errors || problem.fieldErrors || {};
            var text = Object.keys(fields).map(function (k) { return fields[k]; }).join(" ");
            fail(text || problem.detail || problem.title || ("The request failed (" + response.status + ")."));
          }, function () { fail("The request failed (" + response.status + ")."); });
        }
        var reader = response.body.getReader();
        var decoder = new TextDecoder();
        var buffer = "";
        function pump() {
          return reader.read().then(function (chunk) {
            if (chunk.done) {
              return;
            }
            buffer += decoder.decode(chunk.value, { stream: true });
            var at;
            while ((at = buffer.search(/\r?\n\r?\n/)) >= 0) {
              var block = buffer.substring(0, at);
              buffer = buffer.substring(at).replace(/^\r?\n\r?\n/, "");
              var name = "message";
              var data = [];
              block.split(/\r?\n/).forEach(function (line) {
                if (line.indexOf("event:") === 0) {
                  name = line.substring(6).trim();
                } else if (line.indexOf("data:") === 0) {
                  data.push(line.substring(5).replace(/^ /, ""));
                }
              });
              onEvent(name, data.join("\n"));
            }
            return pump();
          });
        }
        return pump();
      }).catch(function () {
        fail("The connection to the server was lost before the answer was complete.");
      }).then(function () {
        button.disabled = false;
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
