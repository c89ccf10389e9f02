/* Draws every figure of the page with the plotly.js the app serves itself.
 * A chart is <div data-figure="ID"> with its figure in <script type="application/json" id="ID">;
 * the JSON is escaped by the server, so database text cannot close the script element.
 *
 * A PNG stands alone: the figure's layout.meta.export (dashboards/exports.py) gives its title
 * (zones, indicator, years and period, unit), its source lines and its file name; the export
 * adds "ZoneBench, <today>". The modebar's camera and the PNG button both export this way. */
(function () {
  "use strict";
  var topojsonURL = document.body.dataset.topojsonUrl;
  var WIDTH = 1000;
  var HEIGHT = 600;
  var LINE = 16;

  function figureOf(el) {
    return JSON.parse(document.getElementById(el.dataset.figure).textContent);
  }

  // the reader's date, as YYYY-MM-DD
  function today() {
    var now = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  }

  function escaped(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  // The layout of the exported picture: the export title above the chart's own title, the
  // source lines and the stamp below the plot.
  function exportLayout(figure) {
    var layout = figure.layout || {};
    var meta = (layout.meta && layout.meta.export) || {};
    var own = (layout.title && layout.title.text) || "";
    var margin = Object.assign({ t: 60, b: 80, l: 70, r: 30 }, layout.margin || {});
    var lines = (meta.source || []).concat(["ZoneBench, " + today()]);
    var top = margin.t + 30;
    var bottom = margin.b + LINE * lines.length + 10;
    // a tall chart (the benchmark's many rows) keeps its plot height, with room added
    var height = Math.max(HEIGHT, (layout.height || 0) + (top - margin.t) + (bottom - margin.b));
    var plotHeight = height - top - bottom;
    var title = "<b>" + escaped(meta.title || own) + "</b>";
    if (own && own !== meta.title) {
      title += "<br><span style=\"font-size:12px\">" + escaped(own) + "</span>";
    }
    return Object.assign({}, layout, {
      title: { text: title, x: 0.01, xanchor: "left", y: 0.99, yanchor: "top", yref: "container" },
      margin: Object.assign({}, margin, { t: top, b: bottom }),
      height: height,
      width: WIDTH,
      annotations: (layout.annotations || []).concat([{
        text: lines.map(escaped).join("<br>"),
        xref: "paper", yref: "paper", x: 0, y: -(margin.b + 6) / plotHeight,
        xanchor: "left", yanchor: "top", align: "left", showarrow: false,
        font: { size: 11, color: "#52606d" }
      }])
    });
  }

  function exportPNG(el) {
    var figure = figureOf(el);
    var name = ((figure.layout || {}).meta || {}).export || {};
    var layout = exportLayout(figure);
    return Plotly.toImage(
      { data: figure.data, layout: layout },
      { format: "png", width: WIDTH, height: layout.height }
    ).then(function (url) {
      var link = document.createElement("a");
      link.href = url;
      link.download = (name.filename || "zonebench") + ".png";
      document.body.appendChild(link);
      link.click();
      link.remove();
    });
  }

  function draw(el) {
    if (!document.getElementById(el.dataset.figure)) { return; }
    var figure = figureOf(el);
    fitNarrow(el, figure);
    var button = document.querySelector("[data-png-for=\"" + el.id + "\"]");
    var config = {
      responsive: true,
      displaylogo: false,
      topojsonURL: topojsonURL,
      modeBarButtonsToRemove: ["toImage"],
      modeBarButtonsToAdd: [{
        name: "export-png",
        title: button ? button.textContent : "PNG",
        icon: Plotly.Icons.camera,
        click: function () { exportPNG(el); }
      }]
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
        exportPNG(document.getElementById(button.dataset.pngFor));
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
