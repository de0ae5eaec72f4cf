// Crews analytics charts, drawn from the report in #crews-analytics-data (the same counts as the API answers).
// A suppressed cell (null) is drawn as a gap, never as zero.
(function () {
  "use strict";
  var colours = ["#2f5bea", "#e0a800", "#1f9d55", "#7a3db8", "#d63384", "#6c757d"];
  function bars(canvas, cells, stacked) {
    var labels = [], series = [];
    cells.forEach(function (c) {
      if (labels.indexOf(c.label) < 0) { labels.push(c.label); }
      if (series.indexOf(c.series) < 0) { series.push(c.series); }
    });
    var datasets = series.map(function (s, i) {
      return { label: s, backgroundColor: colours[i % colours.length], data: labels.map(function (l) {
        var cell = cells.filter(function (c) { return c.label === l && c.series === s; })[0];
        return cell ? cell.count : 0;
      }) };
    });
    new Chart(canvas, { type: "bar", data: { labels: labels, datasets: datasets },
      options: { animation: false, maintainAspectRatio: false,
        scales: { x: { stacked: stacked }, y: { stacked: stacked, beginAtZero: true } } } });
  }
  function draw() {
    var holder = document.getElementById("crews-analytics-data");
    if (typeof Chart === "undefined" || !holder) { return; }
    var report = JSON.parse(holder.getAttribute("data-report"));
    bars(document.getElementById("an-volume"), report.volumes, true);
    bars(document.getElementById("an-sentiment"), report.sentiment, true);
    bars(document.getElementById("an-category"), report.categories, false);
  }
  if (document.readyState === "complete") { draw(); } else { window.addEventListener("load", draw); }
})();
