// Portfolio charts (uPlot): each element with data-uplot holds a JSON spec
// the server wrote, so the page says what it shows even without scripts
// (a table or caption beside it carries the numbers).
//
//   {"kind": "line" | "bars", "time": true, "x": [...],
//    "series": [{"label": "Green", "color": "#16a34a", "values": [...]}],
//    "money": "USD", "xlabels": ["0–5", ...], "height": 200}
(function () {
  "use strict";

  function short(v, cur) {
    if (v == null) return "—";
    var sym = { USD: "$", EUR: "€", GBP: "£" }[cur] || "";
    var a = Math.abs(v), s;
    if (a >= 1e9) s = (v / 1e9).toFixed(1) + "B";
    else if (a >= 1e6) s = (v / 1e6).toFixed(1) + "M";
    else if (a >= 1e3) s = (v / 1e3).toFixed(0) + "k";
    else s = Math.round(v) + "";
    return sym + s;
  }

  function draw(el) {
    if (el.dataset.drawn || typeof uPlot === "undefined") return;
    el.dataset.drawn = "1";
    var d = JSON.parse(el.dataset.uplot);
    var fmtY = d.money !== undefined ? function (v) { return short(v, d.money); } : function (v) { return v == null ? "—" : Math.round(v) + ""; };
    var dayLabel = uPlot.fmtDate("{MMM} {D}");
    var bars = d.kind === "bars";
    var series = [{
      value: function (u, v, si, i) {
        if (v == null) return "—";
        if (d.xlabels) return d.xlabels[i] || "";
        return d.time ? dayLabel(uPlot.tzDate(new Date(v * 1e3), "Etc/UTC")) : v;
      }
    }];
    d.series.forEach(function (s) {
      var o = {
        label: s.label, stroke: s.color, width: bars ? 0 : 2, points: { show: false },
        value: function (u, v) { return fmtY(v); }
      };
      if (bars) {
        o.fill = s.color;
        o.paths = uPlot.paths.bars({ size: [0.9, 40], align: 0 });
      }
      series.push(o);
    });
    var axes = [
      {
        stroke: "#667085", grid: { show: false }, ticks: { stroke: "#eef0f3" },
        values: d.xlabels ? function (u, splits) { return splits.map(function (x) { return x == null ? "" : Math.round(x) + ""; }); }
          : d.time ? function (u, splits) { return splits.map(function (ts) { return dayLabel(uPlot.tzDate(new Date(ts * 1e3), "Etc/UTC")); }); } : undefined
      },
      { stroke: "#667085", grid: { stroke: "#eef0f3" }, ticks: { show: false }, size: 56, values: function (u, splits) { return splits.map(fmtY); } }
    ];
    var height = d.height || 200;
    var opts = {
      width: el.clientWidth, height: height, series: series, axes: axes,
      scales: { x: { time: !!d.time, range: bars ? function (u, min, max) { return [min - (d.step || 0) / 2, max + (d.step || 0) / 2]; } : undefined }, y: { range: function (u, min, max) { return [0, Math.max(max, 1) * 1.08]; } } },
      cursor: { drag: { x: false, y: false }, points: { show: !bars } },
      legend: { live: true },
      tzDate: function (ts) { return uPlot.tzDate(new Date(ts * 1e3), "Etc/UTC"); }
    };
    var data = [d.x].concat(d.series.map(function (s) { return s.values; }));
    var plot = new uPlot(opts, data, el);
    if (window.ResizeObserver) {
      new ResizeObserver(function () {
        if (el.clientWidth !== plot.width) plot.setSize({ width: el.clientWidth, height: height });
      }).observe(el);
    }
  }

  function drawAll(root) {
    root.querySelectorAll("[data-uplot]").forEach(draw);
  }
  document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
  document.addEventListener("htmx:load", function (e) { drawAll(e.detail.elt); });
})();
