// The AI page's usage chart: tokens per day, one stacked bar per provider, drawn from the canvas's data-chart
// attribute (the same numbers as the table under it).
(function () {
  "use strict";
  var names = { ORG_ENDPOINT: "Your endpoint", ORG_KEY: "Your key", SERVER_KEY: "Server", LOCAL: "Local" };
  var colours = { ORG_ENDPOINT: "#7a3db8", ORG_KEY: "#2f5bea", SERVER_KEY: "#e0a800", LOCAL: "#1f9d55" };
  function draw() {
    var canvas = document.getElementById("ai-usage-chart");
    if (!canvas || typeof Chart === "undefined") {
      return;
    }
    var data = JSON.parse(canvas.getAttribute("data-chart"));
    var datasets = Object.keys(data.series).map(function (provider) {
      return { label: names[provider] || provider, data: data.series[provider], backgroundColor: colours[provider] || "#9aa3b5" };
    });
    new Chart(canvas, {
      type: "bar",
      data: { labels: data.labels.map(function (d) { return d.substring(8); }), datasets: datasets },
      options: {
        animation: false,
        maintainAspectRatio: false,
        scales: { x: { stacked: true, title: { display: true, text: "Day of the month (UTC)" } },
                  y: { stacked: true, beginAtZero: true, title: { display: true, text: "Tokens" } } }
      }
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
