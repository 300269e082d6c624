/* A background job's page: polls its status while it is queued or running (data-poll on #job). */
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box || !box.hasAttribute("data-poll")) return;
  var url = box.getAttribute("data-status-url");
  function poll() {
    fetch(url, {credentials: "same-origin"}).then(function (r) { return r.json(); }).then(function (s) {
      document.getElementById("job-state").textContent = s.state_display;
      document.getElementById("job-count").textContent = s.done + " / " + s.total;
      document.getElementById("job-progress").value = s.percent;
      document.getElementById("job-message").textContent = s.message;
      if (s.state === "done" || s.state === "failed") { if (s.state === "done") { location.reload(); } return; }
      setTimeout(poll, 800);
    }).catch(function () { setTimeout(poll, 2000); });
  }
  poll();
})();
