// The rankings form's "divide by" (per) choice follows the chosen indicator: a denominator
// that does not apply to it (a share, a growth rate, a per-capita figure...) is greyed out,
// and a choice that no longer applies falls back to the figures as reported. The select's
// data-applies maps each indicator to the denominators that apply (analysis.normalise).
(function () {
  "use strict";
  var per = document.getElementById("per-select");
  if (!per) return;
  var indicator = per.form && per.form.elements.namedItem("indicator");
  if (!indicator || !indicator.options) return;
  var table = JSON.parse(per.getAttribute("data-applies") || "{}");
  function follow() {
    var applies = (table[indicator.value] || "").split(" ");
    for (var i = 0; i < per.options.length; i++) {
      var option = per.options[i];
      if (!option.value) continue;
      option.disabled = applies.indexOf(option.value) < 0;
    }
    if (per.selectedOptions.length && per.selectedOptions[0].disabled) per.value = "";
  }
  indicator.addEventListener("change", follow);
})();
