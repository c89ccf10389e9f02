// The background import's page (admin): while the job runs, fetch the page again every few
// seconds and put its new state in place, until the job has finished. The state is a polite
// live region, so a screen reader hears the change without losing its place.
(function () {
  "use strict";
  var panel = document.getElementById("job-panel");
  if (!panel || panel.dataset.finished === "true") {
    return;
  }
  var seconds = Number(panel.dataset.refresh || "3");
  function update() {
    fetch(window.location.href, { credentials: "same-origin" })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("job-panel");
        if (!fresh) {
          return;
        }
        panel.innerHTML = fresh.innerHTML;
        panel.dataset.finished = fresh.dataset.finished;
        if (fresh.dataset.finished !== "true") {
          window.setTimeout(update, seconds * 1000);
        }
      })
      .catch(function () { window.setTimeout(update, seconds * 1000); });
  }
  window.setTimeout(update, seconds * 1000);
})();
