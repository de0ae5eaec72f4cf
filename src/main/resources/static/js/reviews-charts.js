// Reviews: the print button, and the reviewee's signals per week and per tool, drawn from the canvas's data attribute (the same numbers
// as the evidence list).
(function () {
  "use strict";
  var colours = { GITHUB: "#2f5bea", JIRA: "#1f9d55", SLACK: "#7a3db8", GMAIL: "#e0a800" };
  function draw() {
    document.querySelectorAll("[data-charter-print]").forEach(function (b) {
      b.addEventListener("click", function () { window.print(); });
    });
    var canvas = document.getElementById("rv-timeline");
    if (!canvas || typeof Chart === "undefined") {
      return;
    }
    var t = JSON.parse(canvas.getAttribute("data-chart"));
    var datasets = Object.keys(t.series).map(function (source) {
      return { label: source, data: t.series[source], backgroundColor: colours[source] || "#6c757d" };
    });
    new Chart(canvas, {
      type: "bar",
      data: { labels: t.weeks, datasets: datasets },
      options: {
        animation: false, maintainAspectRatio: false,
        scales: { x: { stacked: true, title: { display: true, text: "Week starting" } },
                  y: { stacked: true, beginAtZero: true, title: { display: true, text: "Signals" } } }
      }
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
