// Perf cases charts: each service's versions over time (connection page) and the two versions of a case, drawn
// from data attributes (aggregated series as [epoch seconds, value] pairs, the same numbers as the tables).
(function () {
  "use strict";
  var colours = ["#2f5bea", "#e0a800", "#1f9d55", "#7a3db8", "#d63384", "#6c757d"];
  function line(canvas, datasets, yTitle) {
    new Chart(canvas, {
      type: "line",
      data: { datasets: datasets },
      options: {
        animation: false, maintainAspectRatio: false, parsing: false,
        scales: { x: { type: "linear", title: { display: true, text: "Seconds since the first sample" } },
                  y: { beginAtZero: true, title: { display: true, text: yTitle } } }
      }
    });
  }
  function series(name, points, i, t0) {
    return { label: name, borderColor: colours[i % colours.length], pointRadius: 0,
             data: points.map(function (p) { return { x: p[0] - t0, y: p[1] }; }) };
  }
  function first(lists) {
    var t0 = Infinity;
    lists.forEach(function (l) { if (l.length) { t0 = Math.min(t0, l[0][0]); } });
    return t0 === Infinity ? 0 : t0;
  }
  function draw() {
    if (typeof Chart === "undefined") {
      return;
    }
    var holder = document.getElementById("pc-charts-data");
    if (holder) {
      var charts = JSON.parse(holder.getAttribute("data-charts"));
      document.querySelectorAll("canvas.pc-chart").forEach(function (canvas) {
        var perVersion = charts[canvas.getAttribute("data-service")] || {};
        var names = Object.keys(perVersion);
        var t0 = first(names.map(function (n) { return perVersion[n]; }));
        line(canvas, names.map(function (n, i) { return series(n, perVersion[n], i, t0); }), "p95 latency (s)");
      });
    }
    var one = document.getElementById("pc-case-chart");
    if (one) {
      var c = JSON.parse(one.getAttribute("data-chart"));
      var t = first([c.baseline, c.candidate]);
      line(one, [series(c.baselineName, c.baseline, 0, t), series(c.candidateName, c.candidate, 1, t)], c.label);
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
