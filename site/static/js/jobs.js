// A job's page follows its progress: ask the status address every two seconds, move the bar, reload when done.
(function () {
  "use strict";
  var job = document.querySelector("[data-job-status-url]");
  if (!job || job.getAttribute("data-job-finished") === "true") {
    return;
  }
  var url = job.getAttribute("data-job-status-url");
  var bar = job.querySelector("[data-job-bar]");
  var status = job.querySelector("[data-job-status]");
  var rows = job.querySelector("[data-job-rows]");
  var phase = job.querySelector("[data-job-phase]");

  function show(state) {
    if (bar) {
      bar.value = state.percent;
      bar.textContent = state.percent + "%";
    }
    if (status) {
      status.textContent = state.status_label;
    }
    if (phase) {
      phase.textContent = state.phase;
    }
    if (rows && state.rows_total) {
      rows.textContent = rows
        .getAttribute("data-template")
        .replace("{done}", state.rows_done.toLocaleString())
        .replace("{total}", state.rows_total.toLocaleString());
    }
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (state) {
        if (!state) {
          window.setTimeout(poll, 5000);
          return;
        }
        show(state);
        if (state.finished) {
          window.location.reload();
        } else {
          window.setTimeout(poll, 2000);
        }
      })
      .catch(function () {
        window.setTimeout(poll, 5000);
      });
  }
  window.setTimeout(poll, 1000);
})();
