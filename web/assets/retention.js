// Charts of the renewals page and the dashboard's retention card (uPlot):
// monthly series as bars or lines, money or percentages. Pages work
// without it; it only adds.
(function () {
  "use strict";

  var colors = ["#94a3b8", "#2563eb", "#1b2230", "#16a34a"];
  var lineColors = ["#2563eb", "#1b2230", "#a3acb9"];

  function money(v) {
    if (v == null) return "—";
    var a = Math.abs(v);
    if (a >= 1e6) return "$" + (v / 1e6).toFixed(1).replace(/\.0$/, "") + "M";
    if (a >= 1e4) return "$" + Math.round(v / 1e3) + "k";
    return "$" + Math.round(v).toLocaleString("en-US");
  }

  function pct(v) { return v == null ? "—" : (v * 100).toFixed(1) + "%"; }

  function draw(root) {
    if (typeof uPlot === "undefined") return;
    var month = uPlot.fmtDate("{MMM} {YY}");
    // htmx:load names each swapped-in element, which may be a chart itself.
    var els = Array.prototype.slice.call(root.querySelectorAll("[data-rchart]"));
    if (root.matches && root.matches("[data-rchart]")) els.push(root);
    els.forEach(function (el) {
      if (el.dataset.drawn) return;
      el.dataset.drawn = "1";
      var d = JSON.parse(el.dataset.rchart);
      var fmt = d.format === "pct" ? pct : money;
      var bars = uPlot.paths && uPlot.paths.bars ? uPlot.paths.bars({ size: [0.6, 60] }) : null;
      var series = [{ label: "Month", value: function (u, ts) { return ts == null ? "" : month(uPlot.tzDate(new Date(ts * 1e3), "Etc/UTC")); } }];
      var line = 0;
      d.labels.forEach(function (label, i) {
        var isBar = d.kinds[i] === "bars" && bars;
        var c = isBar ? colors[0] : lineColors[line++ % lineColors.length];
        series.push({
          label: label,
          stroke: c,
          width: isBar ? 0 : (line === 3 ? 1.5 : 2),
          dash: !isBar && line === 3 ? [5, 4] : undefined,
          fill: isBar ? "rgba(148, 163, 184, 0.45)" : undefined,
          paths: isBar ? bars : undefined,
          points: { show: !isBar, size: 6 },
          value: function (u, v) { return fmt(v); }
        });
      });
      var height = 230;
      var opts = {
        width: el.clientWidth,
        height: height,
        series: series,
        // Half a month either side, so the first and last bars show whole.
        scales: { x: { time: true, range: function (u, lo, hi) { return [lo - 15 * 86400, hi + 15 * 86400]; } }, y: d.format === "pct" ? { range: function (u, lo, hi) { return [Math.min(lo, 0.8), Math.max(hi, 1.05)]; } } : { range: function (u, lo, hi) { return [0, hi * 1.1 || 1]; } } },
        axes: [
          { stroke: "#667085", grid: { stroke: "#eef0f3" }, ticks: { stroke: "#eef0f3" },
            values: function (u, splits) { return splits.map(function (ts) { return month(uPlot.tzDate(new Date(ts * 1e3), "Etc/UTC")); }); } },
          { stroke: "#667085", grid: { stroke: "#eef0f3" }, ticks: { show: false }, size: 60,
            values: function (u, splits) { return splits.map(fmt); } }
        ],
        cursor: { drag: { x: false, y: false } },
        legend: { live: true },
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

  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  document.addEventListener("htmx:load", function (e) { draw(e.detail.elt); });
})();
