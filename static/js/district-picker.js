/* Typed district field: suggestions from the 781 districts (names, former names, aliases),
   narrowed by the chosen state. Progressive enhancement: the text box and the server-side
   lookup work without this file. No inline script, no framework (strict CSP). */
(function () {
  "use strict";
  var cache = {};

  function load(url, stateId) {
    var key = stateId || "all";
    if (!cache[key]) {
      cache[key] = fetch(url + (stateId ? "?state=" + encodeURIComponent(stateId) : ""), {
        headers: { Accept: "application/json" },
      })
        .then(function (response) { return response.ok ? response.json() : { districts: [] }; })
        .then(function (data) { return data.districts || []; })
        .catch(function () { return []; });
    }
    return cache[key];
  }

  function enhance(input) {
    var form = input.form;
    var state = form ? form.querySelector("[data-district-state]") : null;
    var list = document.createElement("datalist");
    list.id = input.id + "-options";
    input.insertAdjacentElement("afterend", list);
    input.setAttribute("list", list.id);

    function fill() {
      var stateId = state ? state.value : "";
      load(input.dataset.optionsUrl, stateId).then(function (districts) {
        list.textContent = "";
        districts.forEach(function (district) {
          var option = document.createElement("option");
          // Without a state the value names it, so "Aurangabad, Bihar" is one district.
          option.value = stateId ? district.name : district.name + ", " + district.state;
          var others = district.other_names.length ? " (" + district.other_names.join(", ") + ")" : "";
          option.label = (stateId ? district.state : "") + others;
          list.appendChild(option);
          district.other_names.forEach(function (other) {
            var alias = document.createElement("option");
            alias.value = stateId ? other : other + ", " + district.state;
            alias.label = district.name + ", " + district.state;
            list.appendChild(alias);
          });
        });
      });
    }

    input.addEventListener("focus", fill, { once: true });
    if (state) state.addEventListener("change", fill);
  }

  document.querySelectorAll("input[data-district-input]").forEach(enhance);
})();
