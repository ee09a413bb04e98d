// The admin's task progress page: polls the task's JSON endpoint every two seconds and shows its
// state, reason and progress until it has finished, then opens an import's result (its preview);
// a failed import offers to try again. An external file: the CSP allows no inline script.
(function () {
  "use strict";
  var box = document.getElementById("task-progress");
  if (!box) {
    return;
  }
  var url = box.getAttribute("data-url");

  function show(status) {
    box.setAttribute("data-state", status.state);
    document.getElementById("task-message").textContent = status.message;
    var reason = document.getElementById("task-reason");
    reason.textContent = status.reason;
    reason.hidden = !status.reason;
    var bar = document.getElementById("task-bar");
    bar.max = status.total || 1;
    bar.value = status.done;
    document.getElementById("task-count").textContent = status.total ? status.done + " / " + status.total : "";
    document.getElementById("task-stage").textContent = status.stage;
    if (status.finished_at) {
      document.getElementById("task-finished").textContent = status.finished_at;
    }
    var summary = document.getElementById("task-summary");
    if (summary) {
      summary.textContent = status.summary || "";
      summary.hidden = !status.summary;
    }
    var cancel = document.getElementById("task-cancel");
    if (cancel && status.finished) {
      cancel.hidden = true;
    }
    var retry = document.getElementById("task-retry");
    if (retry) {
      retry.hidden = status.state !== "failed";
    }
    if (status.next) {
      // An import's preview (or the import written) opens as soon as it is ready.
      window.location.assign(status.next);
    }
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (status) {
        if (status) {
          show(status);
        }
        if (!status || !status.finished) {
          window.setTimeout(poll, 2000);
        }
      })
      .catch(function () {
        window.setTimeout(poll, 5000);
      });
  }

  if (box.getAttribute("data-state") !== "succeeded" && box.getAttribute("data-state") !== "failed") {
    window.setTimeout(poll, 1000);
  }
})();
