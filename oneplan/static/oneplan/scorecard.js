// KPI scorecard charts (ECharts): a donut of statuses and, per KPI, the actual values (points
// coloured by status) against the dashed target line by fiscal year. Drawn after the Thai web
// font has loaded, since canvas text does not re-render when a font arrives.
(function () {
  "use strict";
  const COLOURS = { achieved: "#2f855a", on_track: "#3182ce", off_track: "#c53030", no_data: "#a0aec0" };
  const FONT = { fontFamily: "Sarabun, sans-serif" };

  function data(id) {
    const node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  function statusChart(counts, labels) {
    const node = document.getElementById("status-chart");
    if (!node || !counts) return;
    const chart = echarts.init(node, null, { renderer: "canvas" });
    chart.setOption({
      textStyle: FONT,
      animation: false,
      tooltip: { trigger: "item" },
      legend: { orient: "vertical", right: 0, top: "middle", textStyle: FONT },
      series: [{
        type: "pie", radius: ["45%", "75%"], center: ["32%", "50%"], label: { show: false },
        data: Object.keys(counts).map((key) => ({
          name: labels[key], value: counts[key], itemStyle: { color: COLOURS[key] },
        })),
      }],
    });
  }

  function kpiChart(node, spec, text) {
    const chart = echarts.init(node, null, { renderer: "canvas" });
    chart.setOption({
      textStyle: FONT,
      animation: false,
      grid: { left: 48, right: 8, top: 22, bottom: 22 },
      tooltip: { trigger: "axis" },
      legend: { top: 0, itemHeight: 8, textStyle: Object.assign({ fontSize: 11 }, FONT) },
      xAxis: { type: "category", data: spec.years, axisLabel: FONT },
      yAxis: { type: "value", scale: true, axisLabel: Object.assign({ fontSize: 10 }, FONT) },
      series: [
        {
          name: text.actual, type: "line", symbolSize: 10, lineStyle: { color: "#4a5568" },
          itemStyle: { color: "#4a5568" },
          data: spec.actual.map((value, i) => ({
            value: value, itemStyle: { color: COLOURS[spec.status[i]] || "#4a5568" },
          })),
        },
        { name: text.target, type: "line", data: spec.target, connectNulls: true,
          lineStyle: { type: "dashed", color: "#1d4e89" }, itemStyle: { color: "#1d4e89" } },
        { name: text.projected, type: "scatter", data: spec.projected, symbol: "diamond",
          symbolSize: 9, itemStyle: { color: "#805ad5" } },
      ],
    });
    return chart;
  }

  function draw() {
    const specs = data("kpi-charts") || {};
    const text = data("kpi-chart-text");
    statusChart(data("kpi-counts"), data("kpi-status-labels"));
    const charts = [];
    document.querySelectorAll(".kpi-chart[data-chart]").forEach((node) => {
      const spec = specs[node.dataset.chart];
      if (spec) charts.push(kpiChart(node, spec, text));
    });
    document.body.dataset.chartsReady = String(charts.length);
    window.addEventListener("resize", () => charts.forEach((c) => c.resize()));
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.fonts.load('16px "Sarabun"', "กขค").then(draw, draw);
  });
})();
