/* The zone picker (templates/dashboards/_zone_picker.html): the chosen zones are chips, the
 * search asks /api/v1/zones/search/ as the reader types (a name, an alias, a city or pinyin
 * initials such as "lg") and lists the zones it finds by kind and region, each saying whether
 * it has values of the indicators chosen in the same form. An ARIA combobox: arrows move
 * through the list, Enter picks, Escape closes, Backspace in an empty field removes the last
 * chip. Without this script the search field submits with the form and the page lists the
 * matches to tick. Text from the server goes into the page as text, never as markup. */
(function () {
  "use strict";
  var picker = document.querySelector("[data-zone-picker]");
  if (!picker || !window.fetch || !window.URLSearchParams) { return; }
  var form = picker.closest("form");
  var multiple = picker.dataset.multiple === "true";
  var english = (document.documentElement.lang || "").indexOf("en") === 0;
  var chips = picker.querySelector(".picker-chips");
  var none = picker.querySelector(".picker-none input");
  var input = picker.querySelector(".picker-search input");
  var box = picker.querySelector(".picker-search");
  var served = picker.querySelector("#zone-picker-matches");
  var legend = picker.querySelector("legend");
  var options = [];
  var active = -1;
  var asked = 0;
  var timer = null;

  // Typed, not submitted: the form no longer sends ?q=, and the served matches give way to
  // the list below the field.
  input.removeAttribute("name");
  picker.querySelector(".picker-find").remove();
  if (served) { served.remove(); }
  if (none) { none.closest("label").hidden = true; }

  var list = document.createElement("div");
  list.id = "zone-picker-list";
  list.className = "picker-list";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", legend ? legend.textContent : "");
  if (multiple) { list.setAttribute("aria-multiselectable", "true"); }
  list.hidden = true;
  var status = document.createElement("p");
  status.className = "picker-status muted";
  status.setAttribute("aria-live", "polite");
  box.appendChild(list);
  box.appendChild(status);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", list.id);

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) { el.className = className; }
    if (text) { el.textContent = text; }
    return el;
  }

  function inLanguage(bilingual) {  // "国家高新区 / National high-tech zone"
    var parts = String(bilingual).split(" / ");
    return english && parts[1] ? parts[1] : parts[0];
  }

  function zoneName(zone) { return english && zone.name_en ? zone.name_en : zone.name_zh; }

  function chosen() {
    return Array.prototype.map.call(
      chips.querySelectorAll("input[name=zone]"), function (tick) { return tick.value; });
  }

  function fieldValues(name) {
    var field = name && form ? form.elements[name] : null;
    if (!field) { return []; }
    if (field.tagName === "SELECT") {
      return Array.prototype.map.call(field.selectedOptions, function (o) { return o.value; })
        .filter(Boolean);
    }
    return field.value ? [field.value] : [];
  }

  function removeChip(chip) {
    chip.remove();
    if (none && !chips.querySelector("input[name=zone]")) { none.checked = true; }
    input.focus();
  }

  function decorate(chip) {
    var tick = chip.querySelector("input[name=zone]");
    var name = chip.querySelector(".chip-name");
    tick.hidden = true;  // still ticked, so still sent with the form
    var remove = element("button", "chip-remove", "×");
    remove.type = "button";
    remove.setAttribute("aria-label", picker.dataset.textRemove + " " + name.textContent);
    remove.addEventListener("click", function () { removeChip(chip); });
    chip.appendChild(remove);
  }

  function addChip(zone) {
    if (chosen().indexOf(zone.slug) >= 0) { return; }
    if (!multiple) { chips.textContent = ""; }
    var chip = element("li", "chip");
    chip.dataset.slug = zone.slug;
    var label = element("label");
    var tick = element("input");
    tick.type = multiple ? "checkbox" : "radio";
    tick.name = "zone";
    tick.value = zone.slug;
    tick.checked = true;
    label.appendChild(tick);
    label.appendChild(element("span", "chip-name", zoneName(zone)));
    if (zone.has_data === false) {
      label.appendChild(element("span", "chip-flag no-data", picker.dataset.textNoData));
    }
    chip.appendChild(label);
    chips.appendChild(chip);
    decorate(chip);
  }

  function setActive(index) {
    options.forEach(function (option, i) {
      option.el.setAttribute("aria-selected", i === index ? "true" : "false");
      option.el.classList.toggle("active", i === index);
    });
    active = index;
    if (index >= 0) {
      input.setAttribute("aria-activedescendant", options[index].el.id);
      options[index].el.scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    setActive(-1);
  }

  function pick(index) {
    addChip(options[index].zone);
    input.value = "";
    status.textContent = "";
    close();
    input.focus();
  }

  function option(zone) {
    var index = options.length;
    var el = element("div", "picker-option");
    el.id = "zone-picker-option-" + index;
    el.dataset.slug = zone.slug;
    el.setAttribute("role", "option");
    el.setAttribute("aria-selected", "false");
    el.appendChild(element("span", "picker-option-name", zoneName(zone)));
    if (zone.city) { el.appendChild(element("span", "muted", " " + zone.city)); }
    if (zone.alias) { el.appendChild(element("span", "muted", " (" + zone.alias + ")")); }
    if (zone.has_data === false) {
      el.appendChild(element("span", "no-data", " " + picker.dataset.textNoData));
    }
    // keep the focus in the field when the mouse picks
    el.addEventListener("mousedown", function (event) { event.preventDefault(); });
    el.addEventListener("click", function () { pick(index); });
    options.push({ el: el, zone: zone });
    return el;
  }

  function show(body) {
    list.dataset.query = body.q;
    list.textContent = "";
    options = [];
    var taken = chosen();
    body.groups.forEach(function (group, g) {
      var zones = group.zones.filter(function (z) { return taken.indexOf(z.slug) < 0; });
      if (!zones.length) { return; }
      var el = element("div", "picker-group");
      el.setAttribute("role", "group");
      var heading = element(
        "div", "picker-group-label",
        inLanguage(group.kind_label) + " · " + inLanguage(group.region_label));
      heading.id = "zone-picker-group-" + g;
      el.setAttribute("aria-labelledby", heading.id);
      el.appendChild(heading);
      zones.forEach(function (zone) { el.appendChild(option(zone)); });
      list.appendChild(el);
    });
    if (!options.length) {
      status.textContent = picker.dataset.textNothing;
    } else if (body.truncated) {
      status.textContent = picker.dataset.textMore
        .replace("{count}", body.count).replace("{shown}", body.groups.reduce(
          function (n, group) { return n + group.zones.length; }, 0));
    } else {
      status.textContent = "";
    }
    list.hidden = !options.length;
    input.setAttribute("aria-expanded", options.length ? "true" : "false");
    setActive(-1);
  }

  function search() {
    var text = input.value.trim();
    var mine = ++asked;
    if (!text) { close(); status.textContent = ""; return; }
    var query = new URLSearchParams({ q: text, limit: "20" });
    var indicators = fieldValues(picker.dataset.indicatorField);
    var period = fieldValues(picker.dataset.periodField)[0];
    if (indicators.length) { query.set("indicator", indicators.join(",")); }
    if (period) { query.set("period", period); }
    fetch(picker.dataset.searchUrl + "?" + query.toString(), {
      headers: { Accept: "application/json" }, credentials: "same-origin"
    }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (body) {
      if (mine === asked && body) { show(body); }  // an answer to an older text is dropped
    });
  }

  input.addEventListener("input", function () {
    // what is listed no longer answers the text: older answers are dropped
    asked += 1;
    delete list.dataset.query;
    clearTimeout(timer);
    timer = setTimeout(search, 150);
  });
  input.addEventListener("keydown", function (event) {
    var open = !list.hidden && options.length > 0;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!open) { search(); return; }
      var step = event.key === "ArrowDown" ? 1 : -1;
      setActive((active + step + options.length) % options.length);
    } else if (event.key === "Enter" && open && active >= 0) {
      event.preventDefault();  // picks; Enter with no option active submits the form
      pick(active);
    } else if (event.key === "Escape" && open) {
      event.preventDefault();
      close();
    } else if (event.key === "Backspace" && input.value === "") {
      var last = chips.querySelector(".chip:last-child");
      if (last) { event.preventDefault(); removeChip(last); }
    }
  });
  input.addEventListener("blur", function () { setTimeout(close, 150); });
  chips.querySelectorAll(".chip").forEach(decorate);
})();
