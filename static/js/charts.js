/* Draws every figure of the page with the plotly.js the app serves itself.
 * A chart is <div data-figure="ID"> with its figure in <script type="application/json" id="ID">;
 * the JSON is escaped by the server, so database text cannot close the script element. */
(function () {
  "use strict";
  var topojsonURL = document.body.dataset.topojsonUrl;

  function draw(el) {
    var source = document.getElementById(el.dataset.figure);
    if (!source) { return; }
    var figure = JSON.parse(source.textContent);
    var config = {
      responsive: true,
      displaylogo: false,
      topojsonURL: topojsonURL,
      toImageButtonOptions: { format: "png", filename: el.dataset.filename || "zonebench" }
    };
    Plotly.newPlot(el, figure.data, figure.layout || {}, config).then(function () {
      el.dataset.drawn = "true";
      // a map's points link to their zone's page: customdata[0] is its address in the app
      if (figure.layout && figure.layout.meta && figure.layout.meta.links) {
        el.on("plotly_click", function (event) {
          var point = event.points && event.points[0];
          var target = point && point.customdata && point.customdata[0];
          if (typeof target === "string" && target.charAt(0) === "/" && target.charAt(1) !== "/") {
            window.location.assign(target);
          }
        });
      }
    });
  }

  function start() {
    document.querySelectorAll("[data-figure]").forEach(draw);
    document.querySelectorAll("[data-png-for]").forEach(function (button) {
      button.addEventListener("click", function () {
        var el = document.getElementById(button.dataset.pngFor);
        Plotly.downloadImage(el, {
          format: "png", width: 1000, height: 560, filename: el.dataset.filename || "zonebench"
        });
      });
    });
  }

  // plotly.js is large: a page without a chart never fetches it, one with charts fetches it
  // after the page has been read and painted.
  if (!document.querySelector("[data-figure]")) { return; }
  var script = document.createElement("script");
  script.src = document.body.dataset.plotlyUrl;
  script.onload = start;
  document.head.appendChild(script);
})();
