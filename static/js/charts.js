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
    fitNarrow(el, figure);
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

  // On a phone: a long title on two lines rather than cut at the edge, a map as high as the
  // country is, a legend beside the plot (which takes half its width) put under the chart,
  // and charts made taller by what their rotated category names need.
  var NARROW = 600;
  function fitNarrow(el, figure) {
    var layout = figure.layout || {};
    if (el.clientWidth >= NARROW) { return; }
    var margin = Object.assign({ t: 60 }, layout.margin);
    layout.margin = margin;
    var title = layout.title && layout.title.text;
    if (typeof title === "string" && title.indexOf(" · ") > 0) {
      layout.title.text = title.replace(" · ", "<br>");
      margin.t += 22;
    }
    if (layout.geo) {
      layout.height = Math.round(el.clientWidth * 0.8) + 140;
      return;
    }
    // rotated category names (long in English) need room under the plot
    var longest = 0;
    figure.data.forEach(function (trace) {
      if (trace.type === "bar" && trace.orientation !== "h") {
        (trace.x || []).forEach(function (x) { longest = Math.max(longest, String(x).length); });
      }
    });
    layout.height = Math.max(layout.height || 450, 480) + Math.min(longest * 6, 320);
    var legend = layout.legend || {};
    if (layout.showlegend === false) { return; }
    if (legend.orientation === "h" && legend.y >= 1) {
      layout.legend = Object.assign({}, legend, { font: { size: 11 } });
    } else if (legend.orientation !== "h") {
      layout.legend = Object.assign({}, legend, {
        orientation: "h", x: 0, xanchor: "left", y: 0, yref: "container", yanchor: "bottom"
      });
      layout.height += 60;
    }
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
