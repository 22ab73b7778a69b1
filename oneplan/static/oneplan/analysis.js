// Analysis charts (ECharts): growth/specialisation bubbles, LQ bars, the shift-share waterfall,
// the LQ map of the reference's provinces, and stacked criterion points of a ranking. Drawn
// after the Thai web font has loaded, since canvas text does not re-render when a font arrives.
(function () {
  "use strict";
  const FONT = { fontFamily: "Sarabun, sans-serif" };
  const BLUE = "#1d4e89", GREEN = "#2f855a", RED = "#c53030", GREY = "#718096";
  const PALETTE = ["#1d4e89", "#2f855a", "#d69e2e", "#805ad5", "#dd6b20", "#319795", "#c53030"];

  function data(id) {
    const node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  function chart(id) {
    const node = document.getElementById(id);
    return node ? echarts.init(node, null, { renderer: "canvas" }) : null;
  }

  function text(key) {
    const labels = data("analysis-labels") || {};
    return labels[key] || key;
  }

  const pct = (v) => (v === null || v === undefined ? "–" : (100 * v).toFixed(1) + "%");

  function bubble(spec) {
    const c = chart("bubble-chart");
    if (!c) return;
    const rows = spec.sectors.filter((s) => s.lq !== null && s.growth !== null);
    const largest = Math.max(1, ...rows.map((s) => s.end || 0));
    c.setOption({
      textStyle: FONT, animation: false,
      grid: { left: 56, right: 24, top: 16, bottom: 40 },
      tooltip: { formatter: (p) => `${p.data.name}<br>LQ ${p.data.value[0].toFixed(2)} · ${pct(p.data.value[1])}` },
      xAxis: { type: "value", name: "LQ", nameLocation: "middle", nameGap: 26, scale: true, axisLabel: FONT },
      yAxis: { type: "value", axisLabel: Object.assign({ formatter: (v) => (100 * v).toFixed(0) + "%" }, FONT), scale: true },
      series: [{
        type: "scatter",
        data: rows.map((s) => ({ name: `${s.code} ${s.name}`, value: [s.lq, s.growth, s.end] })),
        symbolSize: (v) => 8 + 42 * Math.sqrt((v[2] || 0) / largest),
        itemStyle: { color: (p) => (p.data.value[0] >= 1 ? GREEN : BLUE), opacity: 0.75 },
        label: { show: true, formatter: (p) => p.data.name.split(" ")[0], position: "inside", color: "#fff", fontSize: 10 },
        markLine: {
          silent: true, symbol: "none", lineStyle: { type: "dashed", color: GREY },
          data: [{ xAxis: 1 }].concat(spec.reference_growth === null ? [] : [{ yAxis: spec.reference_growth }]),
          label: { show: false },
        },
      }],
    });
  }

  function lqBars(spec) {
    const c = chart("lq-chart");
    if (!c) return;
    const rows = spec.sectors.filter((s) => s.lq !== null).sort((a, b) => a.lq - b.lq);
    c.setOption({
      textStyle: FONT, animation: false,
      grid: { left: 180, right: 24, top: 8, bottom: 24 },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      xAxis: { type: "value", axisLabel: FONT },
      yAxis: { type: "category", data: rows.map((s) => `${s.code} ${s.name}`), axisLabel: Object.assign({ fontSize: 11, width: 170, overflow: "truncate" }, FONT) },
      series: [{
        type: "bar", data: rows.map((s) => ({ value: Number(s.lq.toFixed(2)), itemStyle: { color: s.lq >= 1 ? GREEN : BLUE } })),
        markLine: { silent: true, symbol: "none", data: [{ xAxis: 1 }], lineStyle: { color: RED, type: "dashed" }, label: { formatter: "1" } },
      }],
    });
  }

  function waterfall(spec) {
    const c = chart("waterfall-chart");
    if (!c || !spec.total) return;
    const t = spec.total;
    const steps = [
      [text("start") + " " + spec.years[0], t.start, true],
      [text("national_share"), t.national_share, false],
      [text("industry_mix"), t.industry_mix, false],
      [text("competitive"), t.competitive, false],
      [text("end") + " " + spec.years[1], t.end, true],
    ];
    let level = 0;
    const base = [], up = [], down = [], levels = [];
    steps.forEach(([, value, whole]) => {
      if (whole) { base.push(0); up.push(value); down.push("-"); level = value; return; }
      const from = value >= 0 ? level : level + value;
      base.push(from); up.push(value >= 0 ? value : "-"); down.push(value < 0 ? -value : "-");
      level += value;
      levels.push(level, from);
    });
    // Start the axis below the lowest level, so the parts are not dwarfed by the whole.
    const low = Math.min(t.start, t.end, ...levels);
    const floor = low > 0 ? Math.pow(10, Math.floor(Math.log10(low))) : 0;
    const axisMin = floor ? Math.floor((0.9 * low) / floor) * floor : 0;
    c.setOption({
      textStyle: FONT, animation: false,
      grid: { left: 72, right: 16, top: 16, bottom: 64 },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, formatter: (ps) => {
        const i = ps[0].dataIndex; return `${steps[i][0]}: ${steps[i][1].toLocaleString(undefined, { maximumFractionDigits: 1 })}`;
      } },
      xAxis: { type: "category", data: steps.map((s) => s[0]), axisLabel: Object.assign({ interval: 0, fontSize: 11, width: 90, overflow: "break", lineHeight: 13 }, FONT) },
      yAxis: { type: "value", min: axisMin, axisLabel: FONT },
      series: [
        { type: "bar", stack: "w", data: base, itemStyle: { color: "transparent" }, silent: true },
        { type: "bar", stack: "w", data: up, itemStyle: { color: (p) => (steps[p.dataIndex][2] ? BLUE : GREEN) } },
        { type: "bar", stack: "w", data: down, itemStyle: { color: RED } },
      ],
    });
  }

  function lqMap(spec) {
    const node = document.getElementById("lq-map");
    if (!node || !spec.map) return;
    echarts.registerMap("reference", spec.map);
    const c = echarts.init(node, null, { renderer: "canvas" });
    const values = spec.map_values.filter((v) => v.value !== null).map((v) => v.value);
    const high = Math.max(2, ...values);
    c.setOption({
      textStyle: FONT, animation: false,
      tooltip: { trigger: "item", formatter: (p) => `${(p.data && p.data.label) || p.name}: ${p.value === undefined || isNaN(p.value) ? "–" : p.value.toFixed(2)}` },
      visualMap: { min: 0, max: high, left: 8, bottom: 8, text: [high.toFixed(1), "0"], calculable: true,
        inRange: { color: ["#2b6cb0", "#bee3f8", "#f7fafc", "#c6f6d5", "#276749"] }, textStyle: FONT },
      series: [{ type: "map", map: "reference", roam: true, nameProperty: "name",
        emphasis: { label: { show: false } }, itemStyle: { borderColor: "#fff", borderWidth: 0.5 },
        data: spec.map_values.map((v) => ({ name: v.name, value: v.value === null ? NaN : Number(v.value.toFixed(3)), label: v.label })) }],
    });
  }

  function contributions(spec) {
    const c = chart("ranking-chart");
    if (!c || !spec || !spec.names.length) return;
    c.setOption({
      textStyle: FONT, animation: false,
      grid: { left: 200, right: 24, top: 32, bottom: 24 },
      legend: { top: 0, textStyle: FONT },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      xAxis: { type: "value", max: 100, axisLabel: FONT },
      yAxis: { type: "category", inverse: true, data: spec.names, axisLabel: Object.assign({ width: 190, overflow: "truncate" }, FONT) },
      series: spec.series.map((s, i) => ({ name: s.name, type: "bar", stack: "points", data: s.data, itemStyle: { color: PALETTE[i % PALETTE.length] } })),
    });
  }

  function draw() {
    const spec = data("positioning-data");
    if (spec) { bubble(spec); lqBars(spec); waterfall(spec); lqMap(spec); }
    contributions(data("ranking-data"));
  }

  function start() {
    if (document.fonts && document.fonts.load) {
      document.fonts.load("14px Sarabun", "ก").then(draw, draw);
    } else { draw(); }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
