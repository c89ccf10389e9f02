/* The weight sliders of the composite index page. Moving one rescales every weight to sum
 * to 1, writes them into the URL (?weights=growth:0.3,...) and loads it: the server ranks,
 * so a shared link shows the same ranking. Changing the scheme drops the weights, which
 * belong to the old scheme's dimensions. */
(function () {
  "use strict";
  var form = document.getElementById("index-form");
  if (!form) { return; }
  var hidden = document.getElementById("index-weights");
  var sliders = Array.prototype.slice.call(form.querySelectorAll("input[data-dimension]"));

  function weightsText() {
    var total = sliders.reduce(function (sum, s) { return sum + Number(s.value); }, 0);
    if (total <= 0) { return null; }
    var given = 0;
    return sliders.map(function (s, i) {
      var weight = i < sliders.length - 1
        ? Math.round(Number(s.value) / total * 1000) / 1000
        : Math.round((1 - given) * 1000) / 1000;
      given += weight;
      return s.dataset.dimension + ":" + weight;
    }).join(",");
  }

  sliders.forEach(function (slider) {
    slider.addEventListener("input", function () {
      slider.nextElementSibling.textContent = slider.value + "%";
    });
    slider.addEventListener("change", function () {
      var text = weightsText();
      if (text === null) { return; }
      hidden.value = text;
      form.submit();
    });
  });

  form.elements.scheme.addEventListener("change", function () {
    hidden.value = "";
  });
})();
