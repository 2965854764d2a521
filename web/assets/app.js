// gtg's page script: usage charts (uPlot) and a "/" shortcut to search.
// Pages work without it; it only adds.
(function () {
  "use strict";

  var colors = ["#2563eb", "#94a3b8"];

  function fmt(v) {
    return v == null ? "—" : Math.round(v * 100) / 100 + "";
  }

  var dayLabel = null;

  function drawCharts(root) {
    if (typeof uPlot === "undefined") return;
    dayLabel = dayLabel || uPlot.fmtDate("{MMM} {D}");
    root.querySelectorAll("[data-chart]").forEach(function (el) {
      if (el.dataset.drawn) return;
      el.dataset.drawn = "1";
      var d = JSON.parse(el.dataset.chart);
      var series = [{}];
      var axes = [{
        stroke: "#667085", grid: { stroke: "#eef0f3" }, ticks: { stroke: "#eef0f3" },
        values: function (u, splits) {
          return splits.map(function (ts) { return dayLabel(uPlot.tzDate(new Date(ts * 1e3), "Etc/UTC")); });
        }
      }];
      d.labels.forEach(function (label, i) {
        var scale = i === 0 ? "y" : "y2";
        series.push({
          label: label,
          scale: scale,
          stroke: colors[i % colors.length],
          width: i === 0 ? 2 : 1.5,
          fill: i === 0 ? "rgba(37, 99, 235, 0.07)" : undefined,
          points: { show: false },
          value: function (u, v) { return fmt(v); }
        });
        if (i < 2) {
          axes.push({
            scale: scale,
            side: i === 0 ? 3 : 1,
            stroke: colors[i % colors.length],
            grid: { show: i === 0, stroke: "#eef0f3" },
            ticks: { show: false },
            size: 50
          });
        }
      });
      var height = 220;
      var hooks = {};
      var scales = { x: { time: true } };
      if (d.bands) {
        // A health chart: the score on a fixed 0-100 scale, with the card's
        // green and yellow thresholds as dashed lines.
        series[1].stroke = "#1b2230";
        series[1].fill = "rgba(27, 34, 48, 0.05)";
        scales.y = { range: [0, 100] };
        axes[1].stroke = "#667085";
        var bandColors = ["#16a34a", "#ca8a04"];
        hooks.draw = [function (u) {
          var c = u.ctx;
          c.save();
          c.setLineDash([6, 4]);
          c.lineWidth = 1.5 * devicePixelRatio;
          d.bands.forEach(function (v, i) {
            var y = Math.round(u.valToPos(v, "y", true));
            c.strokeStyle = bandColors[i % bandColors.length];
            c.beginPath();
            c.moveTo(u.bbox.left, y);
            c.lineTo(u.bbox.left + u.bbox.width, y);
            c.stroke();
          });
          c.restore();
        }];
      }
      var opts = {
        hooks: hooks,
        width: el.clientWidth,
        height: height,
        series: series,
        axes: axes,
        scales: scales,
        cursor: { drag: { x: false, y: false } },
        legend: { live: true },
        // Days are UTC dates; show them as such wherever the browser is.
        tzDate: function (ts) { return uPlot.tzDate(new Date(ts * 1e3), "Etc/UTC"); }
      };
      var plot = new uPlot(opts, [d.x].concat(d.series), el);
      if (window.ResizeObserver) {
        new ResizeObserver(function () {
          if (el.clientWidth !== plot.width) plot.setSize({ width: el.clientWidth, height: height });
        }).observe(el);
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () { drawCharts(document); });
  document.addEventListener("htmx:load", function (e) { drawCharts(e.detail.elt); });

  // "/" focuses the search box, as on most list pages people know.
  document.addEventListener("keydown", function (e) {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    var box = document.querySelector("[data-hotkey='/']");
    if (box) {
      e.preventDefault();
      box.focus();
      box.select();
    }
  });
})();
