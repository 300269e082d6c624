/* The supervision dashboard: completion rate and problems by status for each unit (ECharts, local). */
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  if (!window.echarts) return;
  var d = JSON.parse(document.getElementById("chart-data").textContent);
  var rate = echarts.init(document.getElementById("chart-rate"));
  rate.setOption({grid: {left: 40, right: 10, bottom: 80}, tooltip: {}, xAxis: {type: "category", data: d.units, axisLabel: {rotate: 30}},
    yAxis: {type: "value", max: 100, axisLabel: {formatter: "{value}%"}}, series: [{type: "bar", data: d.rate, itemStyle: {color: "#8f1d1d"}}]});
  var statusBox = document.getElementById("chart-status"), names = {};
  ["completed", "long_term", "in_progress", "open"].forEach(function (k) { names[k] = statusBox.getAttribute("data-label-" + k); });
  var colors = {completed: "#2da44e", long_term: "#f5b700", in_progress: "#1f5fbf", open: "#c4c9d0"};
  var status = echarts.init(statusBox);
  status.setOption({grid: {left: 40, right: 10, bottom: 80}, tooltip: {trigger: "axis"}, legend: {top: 0},
    xAxis: {type: "category", data: d.units, axisLabel: {rotate: 30}}, yAxis: {type: "value"},
    series: Object.keys(names).map(function (k) { return {name: names[k], type: "bar", stack: "s", data: d.statuses[k], itemStyle: {color: colors[k]}}; })});
  window.addEventListener("resize", function () { rate.resize(); status.resize(); });
});
