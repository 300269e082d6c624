/* One inspection's dashboard: measures due per week and measures by status (ECharts, served locally). */
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  if (!window.echarts) return;
  var d = JSON.parse(document.getElementById("chart-data").textContent);
  echarts.init(document.getElementById("chart-weeks")).setOption({grid: {left: 40, right: 10, bottom: 60}, tooltip: {},
    xAxis: {type: "category", data: d.weeks, axisLabel: {rotate: 30}}, yAxis: {type: "value", minInterval: 1},
    series: [{type: "bar", data: d.counts, itemStyle: {color: "#2da44e"}}]});
  var statusBox = document.getElementById("chart-mstatus"), labels = {};
  ["not_started", "in_progress", "submitted", "confirmed", "closed"].forEach(function (k) { labels[k] = statusBox.getAttribute("data-label-" + k); });
  echarts.init(statusBox).setOption({tooltip: {}, series: [{type: "pie", radius: ["40%", "70%"],
    data: Object.keys(labels).map(function (k) { return {name: labels[k], value: d.status[k] || 0}; })}]});
});
